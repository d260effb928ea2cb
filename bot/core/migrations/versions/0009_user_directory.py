"""user directory: workspace members' names cached from users.info

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'slack_user',
        sa.Column('user_id', sa.String(length=32), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('real_name', sa.String(length=200), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('fetched_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('user_id'),
    )


def downgrade() -> None:
    op.drop_table('slack_user')
