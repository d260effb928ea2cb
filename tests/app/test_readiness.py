"""Readiness: /healthz says 503 while a write cannot complete; half-opened crises are swept."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from bot.core.models import ChecklistItem, Incident, IncidentStatus
from bot.deadlines.scheduler import DeadlineScheduler
from bot.incidents.incidents import STALE_OPENING
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import RunningApp


def health(crisis: RunningApp) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(crisis.url + "/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_healthz_is_503_while_an_outside_writer_holds_the_database(crisis: RunningApp) -> None:
    assert health(crisis) == (200, {"ok": True, "database": True, "writable": True})
    url = crisis.context.engine.url
    if url.get_backend_name() == "sqlite":
        outside = sqlite3.connect(url.database, isolation_level=None)  # type: ignore[arg-type]
        outside.execute("BEGIN IMMEDIATE")
        release = outside.rollback
    else:
        engine = sa.create_engine(url)
        connection = engine.connect()
        connection.exec_driver_sql("LOCK TABLE incident IN ACCESS EXCLUSIVE MODE")

        def release() -> None:
            connection.rollback()
            connection.close()
            engine.dispose()

    try:
        assert health(crisis) == (503, {"ok": False, "database": True, "writable": False})
    finally:
        release()
    assert health(crisis)[0] == 200


def _half_open(crisis: RunningApp, channel_id: str | None) -> int:
    """What a crash during opening leaves: an incident `opening`, maybe with its channel made."""
    with Session(crisis.context.engine) as session:
        incident = Incident(
            team_id="T0001",
            title="Left <!channel> half open",
            case_key="outage_our_fault",
            severity="high",
            language="es",
            responsible_user_id="U0RESP",
            opener_user_id="U0OPENER",
            first_negative_at=crisis.clock.now(),
            description="",
            status=IncidentStatus.OPENING,
            created_at=crisis.clock.now(),
            channel_id=channel_id,
        )
        session.add(incident)
        session.flush()
        step = ChecklistItem(incident_id=incident.id, step_key="a", position=1, phase="a", owner="x", text="")
        session.add(step)
        session.commit()
        return incident.id  # type: ignore[return-value]


def test_the_scheduler_sweeps_crises_left_opening(crisis: RunningApp) -> None:
    kept = open_crisis(crisis)
    channel = crisis.standin.add_channel("crisis-20260302-left-half-open", members=["U0OPENER", "U0BOT"])
    with_channel = _half_open(crisis, channel.id)
    without_channel = _half_open(crisis, None)
    scheduler = DeadlineScheduler(crisis.context)

    scheduler.tick()  # too fresh: it may still be opening
    with Session(crisis.context.engine) as session:
        assert session.get(Incident, with_channel) is not None
    assert not crisis.standin.channel(channel.id).is_archived

    crisis.clock.advance(STALE_OPENING + timedelta(minutes=1))
    scheduler.tick()
    with Session(crisis.context.engine) as session:
        left = [incident.id for incident in session.exec(select(Incident))]
        steps = session.exec(select(ChecklistItem).where(ChecklistItem.incident_id == with_channel))
        assert steps.all() == []
    assert left == [kept.id]
    assert crisis.standin.channel(channel.id).is_archived
    swept = _sweep_notices(crisis)
    assert len(swept) == 2 and "&lt;!channel&gt;" in str(swept[0]["blocks"])
    assert without_channel not in left

    scheduler.tick()  # nothing left to sweep: no second message
    assert len(_sweep_notices(crisis)) == 2


def _sweep_notices(crisis: RunningApp) -> list[dict]:
    told = crisis.standin.dm_messages("U0OPENER")
    return [message for message in told if "se interrumpió" in str(message.get("blocks"))]
