"""Reminders of the response clock end to end: fired with a manual clock against the real app and the
Slack stand-in (no sleeps), across restarts on the same database, through Slack failures and resolve."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import TimelineEvent, require_id
from bot.demo.standin import SlackStandin
from tests.e2e.test_open_crisis import open_crisis
from tests.support.deadlines import (
    NEXT_DAILY,
    PUBLICATION_DUE,
    RESPONSE_DUE,
    approve_response,
    fire,
    last_text,
    posted,
    publish_on,
    rows,
)
from tests.support.running_app import START, RunningApp, assert_valid_payloads, start_app


def test_open_schedules_warnings_marks_and_escalations_that_fire_on_time(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    planned = {(row.mark, row.kind, row.due_at) for row in rows(crisis.context.engine, require_id(incident))}
    assert planned == {
        ("response_12h", "warning", RESPONSE_DUE - timedelta(hours=2)),
        ("response_12h", "due", RESPONSE_DUE),
        ("response_12h", "escalation", RESPONSE_DUE + timedelta(minutes=30)),
        ("publication_48h", "warning", PUBLICATION_DUE - timedelta(hours=2)),
        ("publication_48h", "due", PUBLICATION_DUE),
        ("publication_48h", "escalation", PUBLICATION_DUE + timedelta(minutes=30)),
        ("daily:constant_updates", "daily", NEXT_DAILY),
        ("daily:daily_monitoring", "daily", NEXT_DAILY),
    }

    assert fire(crisis) == []
    assert fire(crisis, RESPONSE_DUE - timedelta(hours=2, seconds=1)) == []
    assert posted(fire(crisis, RESPONSE_DUE - timedelta(hours=2))) == [("response_12h", "warning")]
    warning = last_text(crisis, channel)
    assert "is due" in warning and "<@U0RESP>" in warning and "Still missing" in warning
    assert "No response drafted yet" in warning
    assert f"<!date^{int(RESPONSE_DUE.timestamp())}^" in warning
    assert fire(crisis) == [], "a reminder is posted once"

    due = fire(crisis, RESPONSE_DUE)
    assert posted(due) == [("response_12h", "due")] and due[0].outcome == "missed" and not due[0].late
    assert "is not met" in last_text(crisis, channel)
    escalation = fire(crisis, RESPONSE_DUE + timedelta(minutes=30))
    assert posted(escalation) == [("response_12h", "escalation")]
    assert escalation[0].channel == channel, "no leadership channel: the incident channel"
    assert "Escalation" in last_text(crisis, channel) and "<@U0RESP>" in last_text(crisis, channel)

    with Session(crisis.context.engine) as session:
        events = session.exec(select(TimelineEvent).order_by(TimelineEvent.id)).all()
    assert [(e.kind, e.detail.get("mark")) for e in events][-2:] == [
        ("deadline_missed", "response_12h"),
        ("deadline_escalated", "response_12h"),
    ]

    daily = fire(crisis, NEXT_DAILY)
    assert posted(daily) == [("daily:constant_updates", "daily"), ("daily:daily_monitoring", "daily")]
    duties = [str(message["blocks"]) for message in crisis.standin.messages(channel)[-2:]]
    assert all("Daily duty" in text for text in duties)
    assert "Spokesperson" in duties[0] and "Moderator" in duties[1]
    after = rows(crisis.context.engine, require_id(incident))
    assert sorted(row.due_at for row in after if row.kind == "daily") == [
        NEXT_DAILY,
        NEXT_DAILY,
        NEXT_DAILY + timedelta(days=1),
        NEXT_DAILY + timedelta(days=1),
    ]
    assert assert_valid_payloads(crisis.standin) > 0


def test_met_mark_posts_a_confirmation_not_a_nag(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.clock.set(START + timedelta(hours=1))
    approve_response(crisis, incident)
    before = len(crisis.standin.messages(incident.channel_id))  # type: ignore[arg-type]

    confirmation = fire(crisis, RESPONSE_DUE - timedelta(hours=2))
    assert posted(confirmation) == [("response_12h", "warning")] and confirmation[0].outcome == "met"
    text = last_text(crisis, incident.channel_id)  # type: ignore[arg-type]
    assert "met" in text and "Still missing" not in text and "<@U0RESP>" not in text

    at_mark = fire(crisis, RESPONSE_DUE) + fire(crisis, RESPONSE_DUE + timedelta(minutes=30))
    assert [(item.kind, item.result, item.outcome) for item in at_mark] == [
        ("due", "skipped", "met"),
        ("escalation", "skipped", "met"),
    ]
    assert len(crisis.standin.messages(incident.channel_id)) == before + 1  # type: ignore[arg-type]


def test_missed_48h_escalates_to_leadership(crisis_with_leaders: RunningApp, leaders: str) -> None:
    crisis = crisis_with_leaders
    incident = open_crisis(crisis)
    approve_response(crisis, incident)
    publish_on(crisis, incident, "facebook")
    for moment in (RESPONSE_DUE - timedelta(hours=2), RESPONSE_DUE, RESPONSE_DUE + timedelta(minutes=30)):
        fire(crisis, moment)
    assert "Escalation" not in str(crisis.standin.messages(leaders)), "a met 12h mark does not escalate"

    fire(crisis, PUBLICATION_DUE - timedelta(hours=2))
    fire(crisis, PUBLICATION_DUE)
    escalation = fire(crisis, PUBLICATION_DUE + timedelta(minutes=30))
    assert posted(escalation) == [("publication_48h", "escalation")]
    assert escalation[0].channel == leaders and escalation[0].outcome == "missed"
    parent, reply = crisis.standin.messages(leaders)[0], crisis.standin.messages(leaders)[-1]
    text = str(reply["blocks"])
    assert "Escalation" in text and f"<#{incident.channel_id}>" in text and "<@U0RESP>" in text
    assert "published on every platform" in text and "Not yet published on X" in text
    assert "facebook" not in text.lower()
    assert reply["thread_ts"] == parent["ts"] == incident.leadership_ts, "in the incident's leadership thread"
    assert sum("Escalation" in str(message["blocks"]) for message in crisis.standin.messages(leaders)) == 1


def test_escalation_falls_back_to_the_incident_when_leadership_is_unreachable(
    engine: Engine, database_url: str, standin: SlackStandin
) -> None:
    # a private channel the bot is not in: it can neither post there nor join
    outsiders = standin.add_channel("board", members=["U0OPENER"], is_private=True).id
    crisis = start_app(database_url, standin, crisis_leadership_channel=outsiders)
    try:
        incident = open_crisis(crisis)
        fired = fire(crisis, RESPONSE_DUE + timedelta(minutes=30))
        assert posted(fired) == [("response_12h", "escalation")] and fired[0].channel == incident.channel_id
        assert "Escalation" in last_text(crisis, incident.channel_id)  # type: ignore[arg-type]
    finally:
        crisis.stop()


def test_restart_before_the_mark_still_fires_once(
    engine: Engine, database_url: str, standin: SlackStandin
) -> None:
    first = start_app(database_url, standin)
    incident = open_crisis(first)
    first.stop()  # the process ends between t0 and 12h

    second = start_app(database_url, standin)  # a new process, same database
    try:
        assert posted(fire(second, RESPONSE_DUE - timedelta(hours=2))) == [("response_12h", "warning")]
        assert fire(second) == []
    finally:
        second.stop()
    third = start_app(database_url, standin)
    try:
        assert fire(third, RESPONSE_DUE - timedelta(minutes=90)) == []
        warnings = [m for m in standin.messages(incident.channel_id) if "is due" in str(m.get("blocks"))]  # type: ignore[arg-type]
        assert len(warnings) == 1
    finally:
        third.stop()


def test_marks_missed_while_down_fire_once_late_without_a_burst(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    before = len(crisis.standin.messages(channel))
    # down from t0 until after the 12h escalation and the first daily reminder
    fired = fire(crisis, START + timedelta(hours=30))
    assert sorted(posted(fired)) == [
        ("daily:constant_updates", "daily"),
        ("daily:daily_monitoring", "daily"),
        ("response_12h", "escalation"),
    ]
    assert all(item.late for item in fired if item.result == "posted")
    assert len(crisis.standin.messages(channel)) == before + 3
    assert "Sent late" in str(crisis.standin.messages(channel)[-1]["blocks"])
    states = {(row.mark, row.kind): row.state for row in rows(crisis.context.engine, require_id(incident))}
    assert states[("response_12h", "warning")] == states[("response_12h", "due")] == "skipped"
    assert states[("publication_48h", "warning")] == "pending"
    assert fire(crisis) == []


def test_a_slack_error_is_retried_and_never_lost(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.standin.fail_next("chat.postMessage", error="fatal_error")
    first = fire(crisis, RESPONSE_DUE - timedelta(hours=2))
    assert [(item.kind, item.result) for item in first] == [("warning", "retry")]
    warning = next(row for row in rows(crisis.context.engine, require_id(incident)) if row.kind == "warning")
    assert warning.state == "pending" and warning.attempts == 1

    crisis.standin.server_error_next("chat.postMessage", status=503)  # slack-sdk retries this one itself
    second = fire(crisis, RESPONSE_DUE - timedelta(hours=2) + timedelta(seconds=30))
    assert posted(second) == [("response_12h", "warning")] and not second[0].late
    assert fire(crisis) == []
    warnings = [m for m in crisis.standin.messages(incident.channel_id) if "is due" in str(m.get("blocks"))]  # type: ignore[arg-type]
    assert len(warnings) == 1


def test_resolve_cancels_pending_and_schedules_the_follow_up(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    crisis.clock.set(START + timedelta(hours=1))
    crisis.command("resolve", user_id="U0RESP", channel_id=channel)
    crisis.submit(crisis.last_view(), {"resolution_input": "Refunds paid."}, user_id="U0RESP")
    resolved_at = START + timedelta(hours=1)
    states = {row.kind: row.state for row in rows(crisis.context.engine, require_id(incident))}
    assert states == {
        "warning": "cancelled",
        "due": "cancelled",
        "escalation": "cancelled",
        "daily": "cancelled",
        "follow_up": "pending",
    }
    before = len(crisis.standin.messages(channel))
    assert fire(crisis, START + timedelta(days=3)) == []
    assert len(crisis.standin.messages(channel)) == before

    follow_up = fire(crisis, resolved_at + timedelta(days=7))
    assert posted(follow_up) == [("follow_up", "follow_up")]
    text = last_text(crisis, channel)
    assert "amend the action plan" in text and "<@U0RESP>" in text and "7 days" in text


def test_a_reminder_for_an_unreachable_channel_goes_to_the_responsible_person(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.context.gateway.archive_channel(incident.channel_id)  # type: ignore[arg-type]
    fired = fire(crisis, RESPONSE_DUE - timedelta(hours=2))
    assert posted(fired) == [("response_12h", "warning")] and fired[0].channel == "U0RESP"
    assert "is due" in str(crisis.standin.dm_messages("U0RESP")[-1]["blocks"])
