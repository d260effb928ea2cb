"""the request inbox (processed_request keeps unfinished work) and slack_surface (wanted/shown revisions)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 16:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processed_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state", sa.String(length=16), server_default="done", nullable=False))
        batch_op.add_column(sa.Column("body", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_processed_request_state", ["state"], unique=False)
        batch_op.create_index("ix_processed_request_lease_until", ["lease_until"], unique=False)
    op.create_table(
        "slack_surface",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("wanted", sa.Integer(), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_slack_surface_incident_id", "slack_surface", ["incident_id"], unique=False)
    # the checklist message's revision was a write lock held across chat.update; slack_surface replaces it
    with op.batch_alter_table("checklist_message", schema=None) as batch_op:
        batch_op.drop_column("revision")


def downgrade() -> None:
    with op.batch_alter_table('checklist_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
    op.drop_index("ix_slack_surface_incident_id", table_name="slack_surface")
    op.drop_table("slack_surface")
    with op.batch_alter_table("processed_request", schema=None) as batch_op:
        batch_op.drop_index("ix_processed_request_lease_until")
        batch_op.drop_index("ix_processed_request_state")
        batch_op.drop_column("attempts")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("owner")
        batch_op.drop_column("body")
        batch_op.drop_column("state")
