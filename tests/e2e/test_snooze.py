"""Snoozing a reminder that is not a hard 12h/48h mark: the reminder's "Snooze" button opens a modal
(1 hour, 4 hours, tomorrow, and a required reason); the responsible person or a crisis lead may snooze;
the reminder comes back later, the reason goes on the timeline and into the report. The 12h/48h
reminders have no such button and refuse a crafted snooze."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import Session, select

from bot.core.models import DeadlineMark, TimelineEvent
from bot.core.states import MarkState
from bot.reports.service import render_report
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.support.deadlines import NEXT_DAILY, RESPONSE_DUE, fire, posted, rows
from tests.support.running_app import RunningApp, assert_valid_payloads

MONITORING = "daily:daily_monitoring"


def snooze_buttons(crisis: RunningApp, channel_id: str) -> list[dict]:
    """Messages in the channel that carry a Snooze button."""
    return [
        m for m in crisis.standin.messages(channel_id) if ids.SNOOZE_REMINDER in json.dumps(m.get("blocks"))
    ]


def reminder_message(crisis: RunningApp, channel_id: str, mark_id: int) -> dict:
    for message in snooze_buttons(crisis, channel_id):
        if f'"value": "{mark_id}"' in json.dumps(message["blocks"]):
            return message
    raise AssertionError(f"no reminder with a snooze button for row {mark_id}")


def events(crisis: RunningApp, kind: str) -> list[TimelineEvent]:
    with Session(crisis.context.engine) as session:
        return list(session.exec(select(TimelineEvent).where(TimelineEvent.kind == kind)))


def test_the_responsible_person_snoozes_a_daily_reminder_in_spanish(crisis: RunningApp) -> None:
    incident = open_crisis(crisis, language_input="es")
    channel = str(incident.channel_id)
    assert ("response_12h", "warning") in posted(fire(crisis, RESPONSE_DUE - timedelta(hours=2)))
    fired = fire(crisis, NEXT_DAILY)
    assert (MONITORING, "daily") in posted(fired)
    hard = [row for row in rows(crisis.context.engine, incident.id) if row.mark == "response_12h"]  # type: ignore[arg-type]
    daily = next(
        row
        for row in rows(crisis.context.engine, incident.id)  # type: ignore[arg-type]
        if row.mark == MONITORING and row.state == MarkState.SENT
    )
    # only the daily reminders carry the button; the 12h/48h warnings, marks and escalations do not
    with_button = snooze_buttons(crisis, channel)
    assert len(with_button) == 2
    assert all("Diario" in str(m["blocks"]) or "diari" in str(m["blocks"]).lower() for m in with_button)
    assert sum(1 for row in hard if row.state == MarkState.SENT) >= 2, "the 12h reminders were posted too"

    # someone the policy does not let snooze is refused at once, privately; no modal opens
    message = reminder_message(crisis, channel, daily.id)  # type: ignore[arg-type]
    views_before = len(crisis.standin.views)
    crisis.click(message, ids.SNOOZE_REMINDER, "U0OPENER")
    assert len(crisis.standin.views) == views_before
    refusal = str(crisis.standin.ephemerals(channel_id=channel, user_id="U0OPENER")[-1]["blocks"])
    assert "posponer este recordatorio" in refusal and "<@U0RESP>" in refusal

    crisis.click(message, ids.SNOOZE_REMINDER, "U0RESP")
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.SNOOZE_MODAL
    assert "En 4 horas" in json.dumps(modal, ensure_ascii=False) and "Mañana" in json.dumps(
        modal, ensure_ascii=False
    )
    blank = crisis.submit(modal, {"snooze_for_input": "4h", "snooze_reason_input": "   "}, user_id="U0RESP")
    assert set(blank.json()["errors"]) == {ids.SNOOZE_REASON}  # type: ignore[index]

    snoozed_at = crisis.clock.now()
    crisis.submit(
        modal,
        {
            "snooze_for_input": "4h",
            "snooze_reason_input": "Moderación hecha por el turno de noche <!channel>",
        },
        user_id="U0RESP",
    )
    notice = str(crisis.standin.messages(channel)[-1]["blocks"])
    assert "pospuso el recordatorio" in notice and "<@U0RESP>" in notice
    assert "&lt;!channel&gt;" in notice and "<!channel>" not in notice
    crisis.replay()  # the same submission again changes nothing
    assert len(events(crisis, "reminder_snoozed")) == 1
    again = [
        row
        for row in rows(crisis.context.engine, incident.id)  # type: ignore[arg-type]
        if row.mark == MONITORING and row.state == MarkState.PENDING
    ]
    assert snoozed_at + timedelta(hours=4) in [row.due_at for row in again]

    assert (MONITORING, "daily") not in posted(fire(crisis, snoozed_at + timedelta(hours=1)))
    assert (MONITORING, "daily") in posted(fire(crisis, snoozed_at + timedelta(hours=4)))

    report = render_report(crisis.context, incident.id, "md")  # type: ignore[arg-type]
    assert "Rafael Responsible pospuso el recordatorio «Diario:" in report
    assert "hasta 2026-03-03 13:00 UTC: Moderación hecha por el turno de noche" in report
    assert "reminder_snoozed" not in report
    assert assert_valid_payloads(crisis.standin) > 0


def test_hard_marks_refuse_a_crafted_snooze(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = str(incident.channel_id)
    fire(crisis, NEXT_DAILY)
    warning = next(
        row
        for row in rows(crisis.context.engine, incident.id)  # type: ignore[arg-type]
        if row.mark == "response_12h" and row.kind == "warning"
    )
    daily = next(
        row
        for row in rows(crisis.context.engine, incident.id)  # type: ignore[arg-type]
        if row.mark == MONITORING and row.state == MarkState.SENT
    )
    message = reminder_message(crisis, channel, daily.id)  # type: ignore[arg-type]

    # a crafted click: the button's value names the 12h warning's row
    with crisis.standin.state.lock:
        stored = crisis.standin.state.find_message(channel, message["ts"])
        assert stored is not None
        for block in stored["blocks"]:
            for element in block.get("elements", []):
                if element.get("action_id") == ids.SNOOZE_REMINDER:
                    element["value"] = str(warning.id)
    views_before = len(crisis.standin.views)
    crisis.click(crisis.standin.find_message(message["ts"])[1], ids.SNOOZE_REMINDER, "U0RESP")  # type: ignore[index]
    assert len(crisis.standin.views) == views_before
    refusal = str(crisis.standin.ephemerals(channel_id=channel, user_id="U0RESP")[-1]["blocks"])
    assert "cannot be snoozed" in refusal

    # a crafted submission: a modal opened for the daily reminder, its metadata changed to the warning
    with crisis.standin.state.lock:
        for element in stored["blocks"][-1]["elements"]:
            element["value"] = str(daily.id)
    crisis.click(crisis.standin.find_message(message["ts"])[1], ids.SNOOZE_REMINDER, "U0RESP")  # type: ignore[index]
    modal = crisis.last_view()
    with crisis.standin.state.lock:
        crisis.standin.state.views[modal["id"]]["private_metadata"] = json.dumps(
            {"incident_id": incident.id, "mark_id": warning.id}
        )
    crisis.submit(modal, {"snooze_for_input": "tomorrow", "snooze_reason_input": "later"}, user_id="U0RESP")
    assert "cannot be snoozed" in str(crisis.standin.dm_messages("U0RESP")[-1]["blocks"])
    assert events(crisis, "reminder_snoozed") == []
    with Session(crisis.context.engine) as session:
        hard_rows = session.exec(select(DeadlineMark).where(DeadlineMark.mark == "response_12h")).all()
    assert all(row.due_at <= RESPONSE_DUE + timedelta(minutes=30) for row in hard_rows), "no hard mark moved"
