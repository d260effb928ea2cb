"""mention classes renamed to the labelling guide's names (complaint, spam_duplicate, ad, competitor)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

RENAMES = (
    ("genuine_complaint", "complaint"),
    ("duplicate", "spam_duplicate"),
    ("advertising", "ad"),
    ("provocation", "competitor"),
)


def _rename(pairs: tuple[tuple[str, str], ...]) -> None:
    mention = sa.table("mention", sa.column("mention_class", sa.String))
    for old, new in pairs:
        op.execute(mention.update().where(mention.c.mention_class == old).values(mention_class=new))


def upgrade() -> None:
    _rename(RENAMES)


def downgrade() -> None:
    _rename(tuple((new, old) for old, new in RENAMES))
