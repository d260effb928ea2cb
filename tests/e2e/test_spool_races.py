"""Races between the request spool, the claims, the workers and resumption (found by an outside review
of the spool): each acknowledged request is done exactly once, with the payload that was acted on."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.app.factory import resume_unfinished
from bot.app.worker import take_queued
from bot.core import inbox, spool
from bot.core.db import QUICK_WRITE_SECONDS, make_quick_engine
from bot.demo.standin import SlackStandin
from tests.e2e.test_open_crisis import OPEN_VALUES
from tests.support.held import database_held
from tests.support.running_app import START, RunningApp, start_app

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def rows(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as connection:
        found = connection.execute(sa.text("SELECT key, state, body FROM processed_request")).all()
    return {key: (state, body) for key, state, body in found}


def dead_owner() -> str:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return f"{socket.gethostname()}:{finished.pid}"


def moved(crisis: RunningApp) -> None:
    """Wait until the app's spool has moved what it kept into the inbox."""
    deadline = time.monotonic() + 10
    while crisis.context.spool.pending() and time.monotonic() < deadline:
        time.sleep(0.02)


def late_mover(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The spool's mover waits for the returned event before each batch (it is merely a little late)."""
    gate = threading.Event()
    record: Callable[..., None] = inbox.record_kept

    def waiting(*args: object, **kwargs: object) -> None:
        gate.wait(10)
        record(*args, **kwargs)

    monkeypatch.setattr(inbox, "record_kept", waiting)
    return gate


def test_a_claim_that_beats_the_spool_keeps_the_payload_for_resumption(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = make_quick_engine(database_url, QUICK_WRITE_SECONDS)
    gate = late_mover(monkeypatch)
    kept = spool.Spool(quick, tmp_path / "spool")
    kept.keep("trigger:T1", '{"command": "/crisis", "text": "status"}', NOW, inbox.RECEIVED)
    owner = dead_owner()  # the process that claimed it is killed while doing the work
    assert inbox.claim(engine, "trigger:T1", NOW, owner, body='{"command": "/crisis", "text": "status"}')
    gate.set()
    kept.close()
    assert rows(engine)["trigger:T1"] == ("started", '{"command": "/crisis", "text": "status"}')
    later = NOW + inbox.LEASE + timedelta(minutes=1)
    assert [item.key for item in inbox.unfinished(engine, later)] == ["trigger:T1"], "resumed, not lost"
    quick.dispose()


def test_a_request_the_web_process_resumes_goes_to_the_workers(crisis: RunningApp) -> None:
    crisis.context.queue_work = True  # as `serve`'s web process
    crisis.command("help")
    moved(crisis)
    [(key, (state, _))] = rows(crisis.context.engine).items()
    assert state == inbox.QUEUED
    with crisis.context.engine.begin() as connection:  # a worker claimed it and was killed
        connection.execute(
            sa.text("UPDATE processed_request SET state = 'started', owner = :owner"), {"owner": dead_owner()}
        )
    assert resume_unfinished(crisis.bolt, crisis.context) == 1  # the web process's resumption wins
    crisis.settle()
    moved(crisis)
    assert rows(crisis.context.engine)[key][0] == inbox.QUEUED, "handed to the workers again"
    crisis.context.queue_work = False  # now play the worker
    assert take_queued(crisis.bolt, crisis.context) == 1
    crisis.settle()
    assert len(crisis.standin.responses) == 1, "answered once"


def test_a_modal_corrected_before_the_spool_moved_runs_the_corrected_payload(
    crisis: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    crisis.context.queue_work = True
    crisis.command("open")
    modal = crisis.last_view()
    key = f"view:{modal['id']}"
    crisis.submit(modal, {**OPEN_VALUES, "first_negative_at_input": START + timedelta(hours=2)})  # refused
    moved(crisis)
    assert rows(crisis.context.engine)[key][0] == inbox.RECEIVED
    gate = late_mover(monkeypatch)
    answer = crisis.submit(crisis.last_view(), OPEN_VALUES)  # corrected: acked, handed to the workers
    assert answer.status == 200 and not answer.view_error
    crisis.settle()
    gate.set()
    moved(crisis)
    state, body = rows(crisis.context.engine)[key]
    assert state == inbox.QUEUED and body is not None and "refunds delayed" in body
    crisis.context.queue_work = False  # now play the worker
    assert take_queued(crisis.bolt, crisis.context) == 1
    crisis.settle()
    with crisis.context.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM incident")).scalar() == 1
    assert rows(crisis.context.engine)[key][0] == "done"


def test_a_valid_modal_submission_is_acked_without_waiting_for_the_database(
    crisis: RunningApp, engine: Engine
) -> None:
    crisis.context.queue_work = True
    crisis.command("open")
    modal = crisis.last_view()
    with database_held(engine):  # as a worker's transaction might
        answer = crisis.driver.submit_view(modal, OPEN_VALUES, "U0OPENER")
        assert answer.status == 200 and answer.elapsed < QUICK_WRITE_SECONDS, "no database write first"
    crisis.settle()
    moved(crisis)
    crisis.context.queue_work = False
    take_queued(crisis.bolt, crisis.context)  # the worker's part, if the web process left it queued
    crisis.settle()
    with crisis.context.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM incident")).scalar() == 1


def test_with_the_inbox_first_requests_kept_while_the_database_was_held_are_all_done(
    engine: Engine, database_url: str, standin: SlackStandin
) -> None:
    """SPOOL_FIRST=false: the inbox insert first, given up after 0.3 s; the spool keeps the request
    (and the ones after it) until the database takes them; each is done once, with its payload."""
    app = start_app(database_url, standin, spool_first=False)
    try:
        general = standin.channel_by_name("general")
        assert general is not None
        with database_held(engine):
            answers = [app.driver.slash_command("/crisis", "status", "U0OPENER", general.id) for _ in "abc"]
            assert all(answer.status == 200 and not answer.too_slow for answer in answers)
            assert app.context.spool.pending() == 3
        app.settle()
        found = rows(app.context.engine)
        assert len(found) == 3 and all(state == "done" for state, _ in found.values())
        assert len(standin.responses) == 3
    finally:
        app.stop()
