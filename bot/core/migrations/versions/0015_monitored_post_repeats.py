"""monitored post repeats: a repeat in the monitoring feed names the first post of its group

Repeats recorded before this revision keep no link (their reasons name the post they repeat); a new
repeat of one of them points at that older repeat rather than at the first post of the group.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("monitored_post", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_monitored_post_duplicate_of_id",
            "monitored_post",
            ["duplicate_of_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("monitored_post", schema=None) as batch_op:
        batch_op.drop_constraint("fk_monitored_post_duplicate_of_id", type_="foreignkey")
        batch_op.drop_column("duplicate_of_id")
