"""crisis brief canvas: the channel canvas of an incident and its wanted/shown revisions

Revision ID: 0013
Revises: 0010
Create Date: 2026-11-29 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canvas_id', sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column('canvas_state', sa.String(length=16), server_default='none', nullable=False)
        )
        batch_op.add_column(sa.Column('canvas_wanted', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('canvas_shown', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('canvas_edited_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('canvas_edited_at')
        batch_op.drop_column('canvas_shown')
        batch_op.drop_column('canvas_wanted')
        batch_op.drop_column('canvas_state')
        batch_op.drop_column('canvas_id')
