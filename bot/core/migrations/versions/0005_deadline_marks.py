"""deadline marks: one row per reminder the response clock owes an incident

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 00:24:35.912881
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deadline_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('mark', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('message_ts', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'mark', 'kind', 'due_at')
    )
    with op.batch_alter_table('deadline_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_mark_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index('ix_deadline_mark_state_due_at', ['state', 'due_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('deadline_mark', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_mark_state_due_at')
        batch_op.drop_index(batch_op.f('ix_deadline_mark_incident_id'))

    op.drop_table('deadline_mark')
