"""mentions (negative posts logged into an incident) and webhook tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:23:32.008861
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('webhook_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('webhook_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_token_team_id'), ['team_id'], unique=False)

    op.create_table('mention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('platform', sa.String(length=64), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=True),
    sa.Column('author_followers', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('posted_at', sa.DateTime(), nullable=True),
    sa.Column('reach', sa.Integer(), nullable=True),
    sa.Column('mention_class', sa.String(length=32), nullable=False),
    sa.Column('suggested_action', sa.String(length=64), nullable=False),
    sa.Column('source_kind', sa.String(length=32), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('classified_by_user_id', sa.String(length=32), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('handled_by_user_id', sa.String(length=32), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('card_ts', sa.String(length=32), nullable=True),
    sa.Column('logged_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['mention.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'url')
    )
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mention_incident_id'), ['incident_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mention_incident_id'))

    op.drop_table('mention')
    with op.batch_alter_table('webhook_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_token_team_id'))

    op.drop_table('webhook_token')
