"""drills: the incident's time scale (accelerated drills) and the drill's leadership opt-in

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 00:57:54.954198
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_scale', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(
            sa.Column('drill_reaches_leadership', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('drill_reaches_leadership')
        batch_op.drop_column('time_scale')
