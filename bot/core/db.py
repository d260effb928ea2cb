"""Database engine, sessions, the UTC column type and schema upgrades (Alembic)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Session, SQLModel

from bot.core import progress
from bot.core.clock import as_utc
from bot.core.errors import NotAllowed

log = logging.getLogger(__name__)
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: How long a write that comes before an ack may wait for the database (the quick engine's limit).
QUICK_WRITE_SECONDS = 0.3
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC, returns aware UTC, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value)


def make_engine(url: str) -> Engine:
    """Create the engine for `url`; SQLite gets a busy timeout and foreign keys switched on."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL with synchronous=NORMAL: a commit survives the process being killed (not a power cut)
            # and does not wait for an fsync: the request inbox writes before every ack
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    else:
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)

    @event.listens_for(engine, "after_cursor_execute")
    def _note_writes(_connection, _cursor, statement: str, *_args: object) -> None:
        if statement.lstrip()[:6].upper() in _WRITES:
            progress.note("database")

    return engine


#: Statements that change data (their first six characters).
_WRITES = frozenset({"INSERT", "UPDATE", "DELETE"})


def make_quick_engine(url: str, timeout_seconds: float) -> Engine:
    """A second engine on the same database for writes that must give up rather than wait (the request
    inbox before an ack), through `quick_begin` / `quick_write`: PostgreSQL aborts a statement that waits
    longer than `timeout_seconds` (lock_timeout / statement_timeout), SQLite answers "locked" at once and
    `quick_write` asks again until its time is up, where the main engine would wait for long."""
    milliseconds = max(1, int(timeout_seconds * 1000))
    if url.startswith("sqlite"):
        # no busy timeout: `quick_write` asks for the lock again itself, more often than SQLite would
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 0})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            # not journal_mode: the main engine set WAL in the file already, and asking again can wait
            # for the lock another writer holds
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=8,
        max_overflow=8,
        pool_timeout=timeout_seconds,
        connect_args={
            "connect_timeout": max(1, int(timeout_seconds + 0.999)),
            "options": f"-c lock_timeout={milliseconds} -c statement_timeout={2 * milliseconds}",
        },
    )


def _without_nul(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


@event.listens_for(sa.orm.Session, "before_flush")
def _strip_nul_characters(session: sa.orm.Session, _context: object, _instances: object) -> None:
    """PostgreSQL refuses NUL in text: whatever text reached a row, it is stored without them."""
    for instance in (*session.new, *session.dirty):
        for attribute in sa.inspect(instance).mapper.column_attrs:
            value = getattr(instance, attribute.key, None)
            if isinstance(value, str | dict | list):
                cleaned = _without_nul(value)
                if cleaned != value:
                    setattr(instance, attribute.key, cleaned)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back when it raises."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException as error:
        session.rollback()
        if isinstance(error, NotAllowed) and error.incident_id is not None:
            _record_refusal(session, error)
        raise
    finally:
        session.close()


def _record_refusal(session: Session, refusal: NotAllowed) -> None:
    """Put a refused request on the incident's timeline, in its own transaction."""
    from bot.core.models import TimelineEvent

    if refusal.incident_id is None:
        return
    try:
        session.add(
            TimelineEvent(
                incident_id=refusal.incident_id,
                kind="refused",
                at=refusal.at or datetime.now(UTC),
                actor_user_id=refusal.actor_user_id,
                detail={"action": refusal.action},
            )
        )
        session.commit()
    except sa.exc.SQLAlchemyError:
        session.rollback()
        log.exception("could not record a refusal on incident %s", refusal.incident_id)


def alembic_config(url: str):
    """The Alembic configuration for this package's migrations, aimed at `url`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema at `url` up to `revision` (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


#: Tables every request may write; /healthz checks a write to them could start now.
_WRITTEN_TABLES = ("incident", "checklist_item", "timeline_event", "processed_request", "slack_surface")


#: One lock per SQLite database file for this process's quick writes (see `quick_write`).
_SQLITE_WRITERS: dict[str, threading.Lock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()
#: How long a quick write on SQLite waits before asking for the write lock again (doubling up to the
#: second value).
_SQLITE_RETRY_SECONDS = 0.0005
_SQLITE_RETRY_MAX_SECONDS = 0.008


def _sqlite_writer(engine: Engine) -> threading.Lock:
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(str(engine.url.database), threading.Lock())


@contextmanager
def quick_write(engine: Engine, timeout_seconds: float) -> Iterator[sa.Connection]:
    """A write transaction on a quick engine (make_quick_engine) that gives up (raises) when it cannot
    take its locks within `timeout_seconds`: for work that must not keep a person waiting.

    SQLite: `BEGIN IMMEDIATE`, asked again after 0.5, 1, 2, 4 then every 8 ms until the time is up.
    SQLite's own busy handler sleeps up to 100 ms between tries, so a write that finds the lock taken
    for a moment would wait tens of milliseconds after it is free; and this process's quick writers
    queue on a lock of their own first, so only one of them asks SQLite at a time.
    PostgreSQL: `lock_timeout` and `statement_timeout` for this transaction only.
    Commits when the block ends normally.
    """
    milliseconds = max(1, int(timeout_seconds * 1000))
    if engine.dialect.name == "sqlite":
        deadline = time.monotonic() + timeout_seconds
        writer = _sqlite_writer(engine)
        if not writer.acquire(timeout=timeout_seconds):
            raise sa.exc.TimeoutError(f"this process's other writes held the database {timeout_seconds} s")
        try:
            with engine.connect() as connection:
                _begin_immediate(connection, deadline)
                try:
                    yield connection
                except BaseException:
                    connection.exec_driver_sql("ROLLBACK")
                    raise
                connection.exec_driver_sql("COMMIT")
        finally:
            writer.release()
        return
    with engine.connect() as connection:
        try:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {2 * milliseconds}")
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


def _begin_immediate(connection: sa.Connection, deadline: float) -> None:
    """Take SQLite's write lock (`BEGIN IMMEDIATE`), asking again until `deadline` (a quick engine's
    connections have no busy timeout: SQLite answers at once): after half a millisecond at first,
    then less and less often (at most every 8 ms), so that a long wait costs little CPU."""
    pause = _SQLITE_RETRY_SECONDS
    while True:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except sa.exc.OperationalError as error:
            if "locked" not in str(error.orig) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(_SQLITE_RETRY_MAX_SECONDS, pause * 2)


@contextmanager
def quick_begin(engine: Engine, timeout_seconds: float = QUICK_WRITE_SECONDS) -> Iterator[sa.Connection]:
    """A short write on a quick engine (make_quick_engine) that gives up (raises) within
    `timeout_seconds`: `quick_write` on SQLite; on PostgreSQL a plain transaction, because the quick
    engine's connections already carry their lock and statement timeouts."""
    if engine.dialect.name == "sqlite":
        with quick_write(engine, timeout_seconds) as connection:
            yield connection
        return
    with engine.begin() as connection:
        yield connection


class _RolledBack(Exception):
    """Raised inside `can_write` to undo its probe."""


def can_write(engine: Engine, timeout_seconds: float = 1.0) -> bool:
    """True when a write transaction can take its locks within `timeout_seconds` (then rolled back).

    SQLite: `BEGIN IMMEDIATE` takes the database's write lock (another writer holding it makes this
    wait, then fail). PostgreSQL: the row-exclusive locks an UPDATE takes on the tables requests write.
    """
    try:
        with quick_write(engine, timeout_seconds) as connection:
            if engine.dialect.name != "sqlite":
                connection.exec_driver_sql(f"LOCK TABLE {', '.join(_WRITTEN_TABLES)} IN ROW EXCLUSIVE MODE")
            raise _RolledBack
    except _RolledBack:
        return True
    except sa.exc.SQLAlchemyError:
        return False


def is_busy(error: BaseException) -> bool:
    """True for a database error that means "locked or stalled, try again later" rather than a bug."""
    if isinstance(error, sa.exc.OperationalError | sa.exc.TimeoutError):
        return True
    return isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated


def is_reachable(engine: Engine) -> bool:
    """True when a trivial query succeeds."""
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        return False


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table behind a SQLModel table class (for Core UPDATE/DELETE statements)."""
    return cast(sa.Table, sa.inspect(model).local_table)


def rowcount(result: object) -> int:
    """How many rows an UPDATE or DELETE touched (`Session.execute` is typed as returning a plain Result)."""
    return cast("CursorResult[Any]", result).rowcount
