"""standing monitoring: the feed's posts and bursts, its channel per workspace; pings, the cause fixed,
the senior spokesperson prompt

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 15:40:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_burst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("first_posted_at", sa.DateTime(), nullable=False),
        sa.Column("last_posted_at", sa.DateTime(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=True),
        sa.Column("suggested_at", sa.DateTime(), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("suggestion_ts", sa.String(length=32), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_monitoring_burst_team_id", "monitoring_burst", ["team_id"])
    op.create_table(
        "monitored_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("platform", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("author_followers", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("mention_class", sa.String(length=32), nullable=False),
        sa.Column("suggested_action", sa.String(length=64), nullable=False),
        sa.Column("source_kind", sa.String(length=32), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("negative", sa.Boolean(), nullable=False),
        sa.Column("burst_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("card_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["burst_id"], ["monitoring_burst.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "url"),
    )
    op.create_index("ix_monitored_post_team_id", "monitored_post", ["team_id"])
    op.create_index("ix_monitored_post_burst_id", "monitored_post", ["burst_id"])
    with op.batch_alter_table("workspace_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("monitoring_channel_id", sa.String(length=32), nullable=True))
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pinged_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cause_fixed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cause_fixed_by_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("senior_prompted_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("senior_prompted_at")
        batch_op.drop_column("cause_fixed_by_user_id")
        batch_op.drop_column("cause_fixed_at")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_column("pinged_at")
    with op.batch_alter_table("workspace_settings", schema=None) as batch_op:
        batch_op.drop_column("monitoring_channel_id")
    op.drop_index("ix_monitored_post_burst_id", table_name="monitored_post")
    op.drop_index("ix_monitored_post_team_id", table_name="monitored_post")
    op.drop_table("monitored_post")
    op.drop_index("ix_monitoring_burst_team_id", table_name="monitoring_burst")
    op.drop_table("monitoring_burst")
