"""The request inbox: kept before the ack, claimed once, finished, resumed when its process died."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core import inbox
from bot.core.db import make_quick_engine
from bot.core.models import ProcessedRequest
from tests.support.builders import NOW


def quick(engine: Engine) -> Engine:
    return make_quick_engine(engine.url.render_as_string(hide_password=False), 0.2)


def state_of(engine: Engine, key: str) -> str:
    with Session(engine) as session:
        row = session.get(ProcessedRequest, key)
        assert row is not None
        return row.state


def test_a_key_is_claimed_once(engine: Engine) -> None:
    assert inbox.claim(engine, "click:U1:1.2:step:a:1.3", NOW)
    assert not inbox.claim(engine, "click:U1:1.2:step:a:1.3", NOW + timedelta(seconds=1))


def test_a_recorded_request_is_claimed_once_and_finished(engine: Engine) -> None:
    assert inbox.record(engine, "trigger:T1", '{"command": "/crisis"}', NOW) == "new"
    again = inbox.record(engine, "trigger:T1", '{"command": "/crisis"}', NOW)
    assert again == "known", "a retry is kept once"
    assert state_of(engine, "trigger:T1") == inbox.RECEIVED
    assert inbox.claim(engine, "trigger:T1", NOW)
    assert not inbox.claim(engine, "trigger:T1", NOW), "a replay finds it started"
    inbox.finish(engine, "trigger:T1")
    assert state_of(engine, "trigger:T1") == inbox.DONE
    with Session(engine) as session:
        assert session.get(ProcessedRequest, "trigger:T1").body is None  # type: ignore[union-attr]


def dead_owner() -> str:
    """The owner name of a process that has ended, on this host."""
    code = "import os; print(os.getpid())"
    dead = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return f"{inbox.this_process().rpartition(':')[0]}:{dead.stdout.strip()}"


def owned_by(engine: Engine, key: str, owner: str) -> None:
    with engine.begin() as connection:
        statement = sa.text("UPDATE processed_request SET owner = :owner WHERE key = :key")
        connection.execute(statement, {"owner": owner, "key": key})


def test_work_never_started_is_found_when_its_process_died_or_after_its_lease(engine: Engine) -> None:
    inbox.record(engine, "trigger:T2", "{}", NOW)
    inbox.record(engine, "trigger:T2b", "{}", NOW)
    owned_by(engine, "trigger:T2b", dead_owner())
    assert inbox.unfinished(engine, NOW) == [], "its own process may still claim it"
    found = inbox.unfinished(engine, NOW + inbox.ORPHAN_AFTER)
    assert [item.key for item in found] == ["trigger:T2b"], "a live process's backlog is left to it"
    found = inbox.unfinished(engine, NOW + inbox.LEASE)
    assert sorted(item.key for item in found) == ["trigger:T2", "trigger:T2b"]


def test_a_request_its_own_job_claims_meanwhile_is_not_reopened(engine: Engine) -> None:
    inbox.record(engine, "trigger:T2c", "{}", NOW)
    [item] = inbox.unfinished(engine, NOW + inbox.LEASE)
    assert inbox.claim(engine, "trigger:T2c", NOW + inbox.LEASE), "the job gets to it after all"
    assert not inbox.reopen(engine, item), "the resumer read it before: it must not take it now"
    assert state_of(engine, "trigger:T2c") == inbox.STARTED


def test_work_whose_owner_renews_its_lease_meanwhile_is_not_reopened(engine: Engine) -> None:
    inbox.record(engine, "trigger:T2d", "{}", NOW)
    assert inbox.claim(engine, "trigger:T2d", NOW)
    [item] = inbox.unfinished(engine, NOW + inbox.LEASE)
    assert inbox.renew(engine, "trigger:T2d", NOW + inbox.LEASE), "its owner was only slow, and goes on"
    assert not inbox.reopen(engine, item), "the resumer read it before the renewal: it must not take it now"
    assert state_of(engine, "trigger:T2d") == inbox.STARTED
    [again] = inbox.unfinished(engine, NOW + 2 * inbox.LEASE)
    assert inbox.reopen(engine, again), "once the renewed lease runs out too, it is taken over"


def test_work_started_by_a_dead_process_is_found_at_once(engine: Engine) -> None:
    owner = dead_owner()
    inbox.record(engine, "trigger:T3", "{}", NOW)
    assert inbox.claim(engine, "trigger:T3", NOW, owner=owner)
    inbox.record(engine, "trigger:T4", "{}", NOW)
    assert inbox.claim(engine, "trigger:T4", NOW), "this process is alive"
    assert [item.key for item in inbox.unfinished(engine, NOW)] == ["trigger:T3"]
    assert [item.key for item in inbox.unfinished(engine, NOW + inbox.LEASE)] == ["trigger:T3", "trigger:T4"]


def test_reopened_work_is_claimed_by_one_process_and_given_up_after_max_attempts(engine: Engine) -> None:
    inbox.record(engine, "trigger:T5", "{}", NOW)
    later = NOW + inbox.LEASE
    for _attempt in range(inbox.MAX_ATTEMPTS):
        [item] = inbox.unfinished(engine, later)
        assert inbox.reopen(engine, item)
        assert not inbox.reopen(engine, item), "a second process loses the row"
        later += inbox.LEASE
    [item] = inbox.unfinished(engine, later)
    assert not inbox.reopen(engine, item)
    assert state_of(engine, "trigger:T5") == inbox.FAILED


def test_recording_gives_up_quickly_when_sqlite_is_held(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as holder:
        holder.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            assert inbox.record(quick(engine), "trigger:T6", "{}", NOW) == "failed"
        finally:
            holder.exec_driver_sql("ROLLBACK")
    assert inbox.record(quick(engine), "trigger:T6", "{}", NOW) == "new"


def test_recording_gives_up_quickly_when_postgres_holds_the_table(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as holder:
        holder.exec_driver_sql("LOCK TABLE processed_request IN ACCESS EXCLUSIVE MODE")
        try:
            assert inbox.record(quick(engine), "trigger:T7", "{}", NOW) == "failed"
        finally:
            holder.rollback()
    assert inbox.record(quick(engine), "trigger:T7", "{}", NOW) == "new"


def test_finished_keys_older_than_the_retention_are_forgotten(engine: Engine) -> None:
    inbox.claim(engine, "old", NOW - inbox.RETENTION - timedelta(minutes=1))
    inbox.finish(engine, "old")
    inbox.claim(engine, "recent", NOW - timedelta(days=1))
    inbox.finish(engine, "recent")
    inbox.record(engine, "old-but-unfinished", "{}", NOW - inbox.RETENTION - timedelta(minutes=1))
    assert inbox.forget_old(engine, NOW) == 1
    with Session(engine) as session:
        keys = sorted(row.key for row in session.exec(select(ProcessedRequest)))
    assert keys == ["old-but-unfinished", "recent"]
    assert inbox.claim(engine, "old", NOW), "a forgotten key can be claimed again"
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM processed_request")).scalar() == 3


def test_a_queued_request_goes_to_one_worker(engine: Engine) -> None:
    inbox.record(engine, "trigger:T8", '{"command": "/crisis"}', NOW)
    inbox.record(engine, "trigger:T9", "{}", NOW)
    assert inbox.queue(engine, "trigger:T8")
    assert not inbox.queue(engine, "trigger:T8"), "queued once"
    assert not inbox.queue(engine, "trigger:nowhere"), "not kept: the web process runs it itself"
    assert inbox.unattended_since(engine, NOW + timedelta(seconds=30), timedelta(seconds=20)) == NOW
    [taken] = inbox.claim_queued(engine, NOW, owner="worker-a")
    assert taken.key == "trigger:T8" and taken.body == '{"command": "/crisis"}'
    assert inbox.claim_queued(engine, NOW, owner="worker-b") == []
    assert state_of(engine, "trigger:T8") == inbox.STARTED
    assert not inbox.claim(engine, "trigger:T8", NOW), "a replay finds it started"


def test_a_queue_is_unattended_only_when_no_worker_claimed_anything_lately(engine: Engine) -> None:
    after = timedelta(seconds=20)
    inbox.record(engine, "trigger:A", "{}", NOW, state=inbox.QUEUED)
    inbox.record(engine, "trigger:B", "{}", NOW + timedelta(seconds=1), state=inbox.QUEUED)
    assert inbox.unattended_since(engine, NOW + timedelta(seconds=10), after) is None, "not waited long"
    [taken] = inbox.claim_queued(engine, NOW + timedelta(seconds=25), limit=1)
    inbox.finish(engine, taken.key)
    assert inbox.unattended_since(engine, NOW + timedelta(seconds=30), after) is None, "a worker is busy"
    later = NOW + timedelta(seconds=50)
    assert inbox.unattended_since(engine, later, after) == NOW + timedelta(seconds=1), "no worker any more"


def test_a_modal_corrected_after_field_errors_replaces_the_refused_payload(engine: Engine) -> None:
    """Slack keeps the view id when the app answers with field errors, so both submissions have one key."""
    assert inbox.record(engine, "view:V1", '{"title": ""}', NOW, resubmittable=True) == "new"
    assert inbox.record(engine, "view:V1", '{"title": "ok"}', NOW, resubmittable=True) == "new"
    with Session(engine) as session:
        assert session.get(ProcessedRequest, "view:V1").body == '{"title": "ok"}'  # type: ignore[union-attr]
    assert inbox.claim(engine, "view:V1", NOW)
    assert inbox.record(engine, "view:V1", '{"title": "again"}', NOW, resubmittable=True) == "known"


def test_a_lease_is_renewed_only_by_its_owner(engine: Engine) -> None:
    inbox.record(engine, "trigger:T10", "{}", NOW)
    assert inbox.claim(engine, "trigger:T10", NOW, owner="host:1")
    assert inbox.renew(engine, "trigger:T10", NOW + timedelta(minutes=9), owner="host:1")
    assert not inbox.renew(engine, "trigger:T10", NOW, owner="host:2")
    inbox.finish(engine, "trigger:T10", owner="host:2")
    assert state_of(engine, "trigger:T10") == inbox.STARTED, "only the owner finishes it"


def test_a_renewal_between_the_two_reads_of_unfinished_is_not_stolen(engine: Engine) -> None:
    """unfinished() judges rows lost on a first read and fetches their payloads on a second; an owner
    renewing its lease between the two must still keep its work (the review's scenario)."""
    inbox.record(engine, "trigger:R1", "{}", NOW)
    assert inbox.claim(engine, "trigger:R1", NOW)
    renewed: list[bool] = []

    def renew_before_second_read(conn: object, cursor: object, statement: str, *args: object) -> None:
        is_select = statement.lstrip().upper().startswith("SELECT")
        if is_select and "processed_request.body," in statement and not renewed:
            renewed.append(inbox.renew(engine, "trigger:R1", NOW + inbox.LEASE))

    sa.event.listen(engine, "before_cursor_execute", renew_before_second_read)
    try:
        items = inbox.unfinished(engine, NOW + inbox.LEASE)
    finally:
        sa.event.remove(engine, "before_cursor_execute", renew_before_second_read)
    assert renewed == [True]
    assert items, "the row was judged lost on the first read"
    for item in items:
        assert not inbox.reopen(engine, item), "the owner renewed after the row was judged lost"
    assert state_of(engine, "trigger:R1") == inbox.STARTED
