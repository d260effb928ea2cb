"""waived deadlines and planned disruptions: the incident's waiver and the disruption's start

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 13:15:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disruption_starts_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('waiver_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('waived_by_user_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('waived_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('waived_at')
        batch_op.drop_column('waived_by_user_id')
        batch_op.drop_column('waiver_reason')
        batch_op.drop_column('disruption_starts_at')
