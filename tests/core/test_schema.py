"""The migrations build exactly the schema the models describe (no column, index or key only in one)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import bot.core.models  # noqa: F401  (registers every table on SQLModel.metadata)


def _table(difference: Any) -> str:
    """The table a difference is about (alembic reports column changes as lists of modify tuples)."""
    first = difference[0] if isinstance(difference, list) else difference
    subject = first[1]
    if isinstance(subject, sa.Table):
        return str(subject.name)
    if hasattr(subject, "table"):
        return str(subject.table.name)
    return str(first[2])  # (kind, schema, table name, ...)


def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    finally:
        engine.dispose()
    # slack-sdk's OAuth installation store keeps its own tables (slack_*), made by a migration, not a model
    assert [d for d in differences if not _table(d).startswith("slack_")] == []
