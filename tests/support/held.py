"""Another writer holding the database, as a long migration, a backup or a stuck transaction would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine


@contextmanager
def database_held(engine: Engine, tables: tuple[str, ...] = ("processed_request",)) -> Iterator[None]:
    """Inside the block another connection holds SQLite's write lock (the whole database) or, on
    PostgreSQL, `tables` in ACCESS EXCLUSIVE mode; released (rolled back) when the block ends."""
    holder = engine.connect()
    try:
        if engine.dialect.name == "sqlite":
            holder.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            holder.exec_driver_sql(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        holder.rollback()
        holder.close()
