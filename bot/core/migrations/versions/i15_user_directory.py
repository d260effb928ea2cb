"""user directory: workspace members' names cached from users.info

Revision ID: i15_user_directory
Revises: 0006
Create Date: 2026-11-29 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'i15_user_directory'
down_revision = '0006'
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
