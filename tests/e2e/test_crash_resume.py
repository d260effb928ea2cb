"""`crisisbot serve` killed (SIGKILL) right after acknowledging clicks: a new process does the
acknowledged work, once. Slack does not send an acknowledged request again
(https://docs.slack.dev/interactivity/handling-user-interaction#acknowledgment_response), so work lost
after the ack is lost for good unless the app kept it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from sqlmodel import Session, select

from bot.core.models import ProcessedRequest, TimelineEvent
from bot.demo.standin import SlackDriver
from tests.e2e.test_open_crisis import open_crisis
from tests.e2e.test_worst_day import step_keys, ticked_in_db, ticked_in_slack
from tests.support.running_app import SIGNING_SECRET, RunningApp
from tests.support.serve_process import start_serve


def wait_until(condition: object, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_work_acknowledged_before_a_kill_is_done_once_after_restart(
    crisis: RunningApp, database_url: str, tmp_path: Path
) -> None:
    incident = open_crisis(crisis)  # opened by the in-test app; `serve` shares its database and Slack
    message, keys = step_keys(crisis, incident)
    first = start_serve(crisis.standin, database_url, tmp_path)
    driver = SlackDriver(first.base, SIGNING_SECRET, crisis.standin)
    crisis.standin.hold()  # Slack stops answering: the work after each ack cannot finish
    try:
        answers = [
            # a channel member other than the responsible person: the new process asks Slack whether they
            # are in the channel (conversations.members) before it stores the tick, and Slack is held
            driver.click(message, "checklist_toggle", "U0OPENER", option_value=key, block_id="step:" + key)
            for key in keys[:3]
        ]
        assert all(answer.status == 200 and not answer.too_slow for answer in answers)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        crisis.standin.release()
    assert ticked_in_db(crisis.context.engine, incident) == set(), "the killed process stored nothing"
    with Session(crisis.context.engine) as session:
        kept = session.exec(select(ProcessedRequest).where(ProcessedRequest.key.startswith("click:"))).all()  # type: ignore[attr-defined]
    assert len(kept) == 3 and all(row.state in ("received", "queued", "started") for row in kept)

    second = start_serve(crisis.standin, database_url, tmp_path)
    try:
        assert wait_until(lambda: ticked_in_slack(crisis, message) == 3), "resumed work shown in Slack"
        assert ticked_in_db(crisis.context.engine, incident) == set(keys[:3])
        assert wait_until(lambda: all(row.state == "done" for row in _requests(crisis)))
    finally:
        second.stop()
    with Session(crisis.context.engine) as session:
        done = session.exec(
            select(TimelineEvent).where(
                TimelineEvent.incident_id == incident.id, TimelineEvent.kind == "step_done"
            )
        ).all()
    assert len(done) == 3, "each acknowledged click done exactly once"


def _requests(crisis: RunningApp) -> list[ProcessedRequest]:
    with Session(crisis.context.engine) as session:
        return list(session.exec(select(ProcessedRequest).where(ProcessedRequest.key.startswith("click:"))))  # type: ignore[attr-defined]
