"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when DATABASE_URL is set),
the Slack Web API stand-in, and the real app served over HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bot.core import db
from bot.core.config import normalise_database_url
from bot.demo.standin import SlackStandin
from tests.support.running_app import RunningApp, start_app


def _reset_postgres(url: str) -> None:
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to the newest schema, once per test run."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured and not configured.startswith("sqlite"):
        url = normalise_database_url(configured)
        _reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'crisisbot.db'}"
    db.upgrade(url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The test database, emptied before each test."""
    engine = db.make_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
        for name in sa.inspect(connection).get_table_names():
            if name.startswith(("apscheduler", "slack_")):
                connection.execute(sa.text(f"DELETE FROM {name}"))
    yield engine
    engine.dispose()


@pytest.fixture
def standin() -> Iterator[SlackStandin]:
    """The Slack Web API stand-in, with a #general channel everyone is in."""
    with SlackStandin() as running:
        running.add_channel("general", members=["U0OPENER", "U0RESP", "U0OTHER"])
        yield running


@pytest.fixture
def leaders(standin: SlackStandin) -> str:
    """The leadership channel, with the bot in it."""
    return standin.add_channel("crisis-leadership", members=["U0OPENER", "U0BOT"]).id


@pytest.fixture
def crisis_with_leaders(
    engine: Engine, database_url: str, standin: SlackStandin, leaders: str
) -> Iterator[RunningApp]:
    """The app with CRISIS_LEADERSHIP_CHANNEL set."""
    running = start_app(database_url, standin, crisis_leadership_channel=leaders)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def crisis(engine: Engine, database_url: str, standin: SlackStandin, tmp_path: Path) -> Iterator[RunningApp]:
    """The real crisisbot app served over HTTP, talking to the stand-in, with a manual clock."""
    running = start_app(database_url, standin)
    try:
        yield running
    finally:
        running.stop()
