"""`/crisis waive <reason>`: silence as a recorded decision (seed 001, case 4: some provocations are best
ignored). The 12h/48h marks are waived, not missed: nothing fires or escalates, and every place that
shows the deadlines says "waived: <reason>"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.core.models import Incident, TimelineEvent
from bot.leadership.dashboard import build_dashboard
from bot.reports.service import render_report
from tests.e2e.test_open_crisis import open_crisis
from tests.support.deadlines import PUBLICATION_DUE, RESPONSE_DUE, fire, last_text, posted, rows
from tests.support.running_app import RunningApp, assert_valid_payloads

REASON = "A competitor's provocation; answering would only amplify it."


def _state(crisis: RunningApp, incident_id: int) -> list[tuple[str, str, str, str | None]]:
    return [(row.mark, row.kind, row.state, row.outcome) for row in rows(crisis.context.engine, incident_id)]


def test_responsible_person_waives_and_no_mark_fires_or_escalates(
    crisis_with_leaders: RunningApp, leaders: str
) -> None:
    crisis = crisis_with_leaders
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel and incident.id
    crisis.command(f"waive {REASON}", user_id="U0RESP", channel_id=channel)

    announcement = last_text(crisis, channel)
    assert "<@U0RESP> decided that we do *not respond publicly*" in announcement
    assert "answering would only amplify it" in announcement
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        events = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "deadlines_waived")).all()
    assert stored is not None and stored.waiver_reason == REASON and stored.waived_by_user_id == "U0RESP"
    assert [(event.actor_user_id, event.detail) for event in events] == [("U0RESP", {"reason": REASON})]
    hard = [item for item in _state(crisis, incident.id) if item[0] in ("response_12h", "publication_48h")]
    assert len(hard) == 6 and {item[2] for item in hard} == {"waived"}
    assert {item[3] for item in hard if item[1] == "due"} == {"waived"}
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    assert "waived: A competitor" in str(header["blocks"])

    leadership_before = len(crisis.standin.messages(leaders))
    fired = fire(crisis, RESPONSE_DUE + timedelta(hours=1))
    fired += fire(crisis, PUBLICATION_DUE + timedelta(hours=2))
    assert not [item for item in posted(fired) if item[0] in ("response_12h", "publication_48h")]
    assert len(crisis.standin.messages(leaders)) == leadership_before, "nothing escalates to leadership"

    crisis.command("deadlines", user_id="U0RESP", channel_id=channel)
    listed = str(crisis.standin.responses[-1]["body"]["blocks"])
    assert listed.count("waived: A competitor") == 6 and "missed" not in listed
    assert "<@U0RESP> waived the 12-hour and 48-hour deadlines" in listed

    crisis.command("status", user_id="U0OPENER", channel_id=channel)
    assert "waived: A competitor" in str(crisis.standin.responses[-1]["body"]["blocks"])
    with Session(crisis.context.engine) as session:
        dashboard = build_dashboard(session, crisis.context.playbooks, crisis.clock.now())
    assert [(row.next_mark, row.overdue) for row in dashboard.open_rows] == [(None, False)]
    assert dashboard.overdue_total == 0

    markdown = render_report(crisis.context, incident.id, "md")
    assert markdown.count("waived: A competitor") == 2 and "| missed |" not in markdown
    assert "decided not to respond publicly (A competitor" in markdown, "the timeline says it in a sentence"
    assert "waived: A competitor" in render_report(crisis.context, incident.id, "html")
    assert_valid_payloads(crisis.standin)


def test_only_the_responsible_person_may_waive_and_a_replay_changes_nothing(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel and incident.id
    before = _state(crisis, incident.id)
    messages_before = len(crisis.standin.messages(channel))

    crisis.command(f"waive {REASON}", user_id="U0OPENER", channel_id=channel)
    refusal = crisis.standin.responses[-1]["body"]
    assert refusal["response_type"] == "ephemeral"
    assert "Only <@U0RESP> (the responsible person) or a crisis lead" in str(refusal["blocks"])
    for text, expected in (("waive", "Say why we do not respond"), ("waive " + "x" * 501, "500 characters")):
        crisis.command(text, user_id="U0RESP", channel_id=channel)
        assert expected in str(crisis.standin.responses[-1]["body"]["blocks"]), text
    assert _state(crisis, incident.id) == before
    assert len(crisis.standin.messages(channel)) == messages_before
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
    assert stored is not None and stored.waiver_reason is None

    crisis.command(f"waive {REASON}", user_id="U0RESP", channel_id=channel)
    waived = _state(crisis, incident.id)
    messages_after = len(crisis.standin.messages(channel))
    assert messages_after == messages_before + 1
    answers = len(crisis.standin.responses)
    crisis.replay()  # the same request again (same trigger id): dropped by the request inbox
    assert len(crisis.standin.responses) == answers
    crisis.command(f"waive {REASON}", user_id="U0RESP", channel_id=channel)  # typed again: told, not redone
    assert "already waived" in str(crisis.standin.responses[-1]["body"]["blocks"])
    assert _state(crisis, incident.id) == waived
    assert len(crisis.standin.messages(channel)) == messages_after
    with Session(crisis.context.engine) as session:
        events = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "deadlines_waived")).all()
    assert len(events) == 1


def test_moving_the_first_post_after_a_waiver_plans_no_mark(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel and incident.id
    crisis.command(f"waive {REASON}", user_id="U0RESP", channel_id=channel)
    crisis.command("first-post 1h ago", user_id="U0RESP", channel_id=channel)
    pending = [item for item in _state(crisis, incident.id) if item[2] == "pending"]
    assert sorted(item[0] for item in pending) == ["daily:constant_updates", "daily:daily_monitoring"], (
        "only the daily duties stay: no 12h/48h mark comes back"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "no respondemos públicamente"), ("zh", "不作公开回应")],
)
def test_the_announcement_speaks_the_crisis_language(
    crisis: RunningApp, language: str, expected: str
) -> None:
    incident = open_crisis(crisis, language_input=language)
    assert incident.channel_id
    crisis.command(f"waive {REASON}", user_id="U0OPENER", channel_id=incident.channel_id)
    assert "U0RESP" in str(crisis.standin.responses[-1]["body"]["blocks"])
    crisis.command(f"waive {REASON}", user_id="U0RESP", channel_id=incident.channel_id)
    assert expected in last_text(crisis, incident.channel_id)
