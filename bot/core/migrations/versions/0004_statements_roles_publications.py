"""statements (drafts and the one approved message), incident roles, publications

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:25:01.330188
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('incident_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('added_by_user_id', sa.String(length=32), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'user_id', 'role')
    )
    with op.batch_alter_table('incident_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_role_incident_id'), ['incident_id'], unique=False)

    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('platforms', sa.JSON(), nullable=False),
    sa.Column('tone', sa.String(length=16), nullable=False),
    sa.Column('author_user_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('card_ts', sa.String(length=32), nullable=True),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('decided_by_user_id', sa.String(length=32), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('source_view_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'number'),
    sa.UniqueConstraint('incident_id', 'version'),
    sa.UniqueConstraint('source_view_id')
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_incident_id'), ['incident_id'], unique=False)
        # at most one approved statement per incident (partial unique index)
        batch_op.create_index('uq_statement_one_approved', ['incident_id'], unique=True, sqlite_where=sa.text("status = 'approved'"), postgresql_where=sa.text("status = 'approved'"))

    op.create_table('publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('published_by', sa.String(length=32), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('posted_text', sa.Text(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('statement_id', 'platform', 'url')
    )
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_statement_id'), ['statement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_statement_id'))

    op.drop_table('publication')
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index('uq_statement_one_approved', sqlite_where=sa.text("status = 'approved'"), postgresql_where=sa.text("status = 'approved'"))
        batch_op.drop_index(batch_op.f('ix_statement_incident_id'))

    op.drop_table('statement')
    with op.batch_alter_table('incident_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_role_incident_id'))

    op.drop_table('incident_role')
