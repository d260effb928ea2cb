"""crisis brief canvas: the channel canvas of an incident (its edits are slack_surface rows)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canvas_id', sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column('canvas_state', sa.String(length=16), server_default='none', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('canvas_state')
        batch_op.drop_column('canvas_id')
