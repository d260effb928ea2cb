"""`crisisbot serve` killed (SIGKILL) right after acknowledging clicks: a new process does the
acknowledged work, once. Slack does not send an acknowledged request again
(https://docs.slack.dev/interactivity/handling-user-interaction#acknowledgment_response), so work lost
after the ack is lost for good unless the app kept it."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.core import spool
from bot.core.models import ProcessedRequest, TimelineEvent
from bot.demo.standin import SlackDriver
from tests.e2e.test_open_crisis import open_crisis
from tests.e2e.test_worst_day import step_keys, ticked_in_db, ticked_in_slack
from tests.support.held import database_held
from tests.support.running_app import SIGNING_SECRET, RunningApp
from tests.support.serve_process import start_serve


def wait_until(condition: object, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("held", ["slack", "database"])
def test_work_acknowledged_before_a_kill_is_done_once_after_restart(
    crisis: RunningApp, database_url: str, engine: Engine, tmp_path: Path, held: str
) -> None:
    """Slack held: the work after each ack cannot finish. The database held too (another writer): the
    requests cannot even reach the inbox, and wait in the spool file when the process is killed."""
    incident = open_crisis(crisis)  # opened by the in-test app; `serve` shares its database and Slack
    message, keys = step_keys(crisis, incident)
    first = start_serve(crisis.standin, database_url, tmp_path)
    driver = SlackDriver(first.base, SIGNING_SECRET, crisis.standin)
    answers_before = len(crisis.standin.responses)
    crisis.standin.hold()  # Slack stops answering: the work after each ack cannot finish
    try:
        with database_held(engine) if held == "database" else contextlib.nullcontext():
            answers = [
                # a channel member other than the responsible person: the process asks Slack whether
                # they are in the channel (conversations.members) before it stores the tick, and Slack
                # is held
                driver.click(message, "checklist_toggle", "U0OPENER", option_value=k, block_id="step:" + k)
                for k in keys[:3]
            ]
            # not idempotent: each `/crisis status` done is one more reply
            answers.append(driver.slash_command("/crisis", "status", "U0RESP", incident.channel_id))
            assert all(answer.status == 200 and not answer.too_slow for answer in answers)
            first.kill()  # serve and its worker, SIGKILL, as a host going down
    finally:
        crisis.standin.release()
    assert ticked_in_db(crisis.context.engine, incident) == set(), "the killed processes stored nothing"
    assert len(crisis.standin.responses) == answers_before
    with Session(crisis.context.engine) as session:
        kept = session.exec(select(ProcessedRequest).where(col(ProcessedRequest.body).is_not(None))).all()
    assert all(row.state in ("received", "queued", "started") for row in kept)
    spooled = {entry.key for entry in spool.waiting(crisis.context.spool.directory)}
    if held == "database":
        assert not kept and len(spooled) == 4, "kept in the spool file, not the database"
    assert len({row.key for row in kept} | spooled) == 4, "every acknowledged request was kept"

    second = start_serve(crisis.standin, database_url, tmp_path)
    try:
        assert wait_until(lambda: ticked_in_slack(crisis, message) == 3), "resumed work shown in Slack"
        assert ticked_in_db(crisis.context.engine, incident) == set(keys[:3])
        assert wait_until(lambda: _done(crisis, {row.key for row in kept} | spooled) == 4)
        assert not spool.waiting(crisis.context.spool.directory), "the spool file was moved and removed"
        assert wait_until(lambda: len(crisis.standin.responses) > answers_before)
    finally:
        second.stop()
    assert len(crisis.standin.responses) == answers_before + 1, "the status was answered exactly once"
    with Session(crisis.context.engine) as session:
        done = session.exec(
            select(TimelineEvent).where(
                TimelineEvent.incident_id == incident.id, TimelineEvent.kind == "step_done"
            )
        ).all()
    assert len(done) == 3, "each acknowledged click done once"


def _done(crisis: RunningApp, keys: set[str]) -> int:
    with Session(crisis.context.engine) as session:
        rows = session.exec(select(ProcessedRequest).where(col(ProcessedRequest.key).in_(keys))).all()
    return sum(row.state == "done" for row in rows)
