"""`/crisis deadlines`, `/crisis first-post`, `/crisis reopen` and the header's edit button, end to end."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.core.models import Incident, TimelineEvent
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.support.deadlines import (
    FIRST_POST,
    PUBLICATION_DUE,
    RESPONSE_DUE,
    approve_response,
    fire,
    last_text,
    posted,
    publish_on,
    rows,
)
from tests.support.running_app import START, RunningApp, assert_valid_payloads


def test_reopen_brings_back_future_marks_and_drops_the_follow_up(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    crisis.command("reopen", user_id="U0RESP", channel_id=channel)
    assert "not resolved" in str(crisis.standin.responses[-1]["body"]["blocks"])

    crisis.command("resolve", user_id="U0RESP", channel_id=channel)
    crisis.submit(crisis.last_view(), {"resolution_input": "Calm again."}, user_id="U0RESP")
    crisis.clock.set(RESPONSE_DUE + timedelta(hours=1))  # the 12h mark passed while resolved
    crisis.command("reopen", user_id="U0RESP", channel_id=channel)
    assert "reopened this crisis" in last_text(crisis, channel)
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        kinds = [event.kind for event in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]
    assert stored is not None and stored.status == "open" and stored.resolution is None
    assert kinds[-2:] == ["resolved", "reopened"]
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    assert "Open" in str(header["blocks"]) and ids.EDIT_FIRST_POST in str(header["blocks"])

    pending = {
        (row.mark, row.kind) for row in rows(crisis.context.engine, incident.id) if row.state == "pending"
    }  # type: ignore[arg-type]
    assert pending == {
        ("publication_48h", "warning"),
        ("publication_48h", "due"),
        ("publication_48h", "escalation"),
        ("daily:constant_updates", "daily"),
        ("daily:daily_monitoring", "daily"),
    }
    assert fire(crisis) == [], "marks that passed while resolved do not fire"


def test_deadlines_command_lists_every_mark_with_its_state(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    fire(crisis, RESPONSE_DUE)  # warning skipped (coalesced), due posted and missed
    crisis.join(channel, "U0OTHER")
    crisis.command("deadlines", user_id="U0OTHER", channel_id=channel)
    body = crisis.standin.responses[-1]["body"]
    text = str(body["blocks"])
    assert body["response_type"] == "ephemeral"
    assert "Deadlines of Viral thread" in text
    assert "Skipped" in text and "missed" in text and "Scheduled" in text and "Sent" in text
    assert "Daily: While we fix the problem" in text
    assert f"<!date^{int(PUBLICATION_DUE.timestamp())}^" in text

    crisis.command("deadlines")  # not an incident channel
    assert "only in a crisis channel" in str(crisis.standin.responses[-1]["body"]["blocks"])
    assert_valid_payloads(crisis.standin)


def test_first_post_command_moves_the_clock(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    crisis.command("first-post 5h ago", user_id="U0RESP", channel_id=channel)
    moved = START - timedelta(hours=5)
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        events = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "first_negative_moved")).all()
    assert stored is not None and stored.first_negative_at == moved and len(events) == 1
    assert "moved the first negative post" in last_text(crisis, channel)
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    assert f"<!date^{int((moved + timedelta(hours=12)).timestamp())}^" in str(header["blocks"])
    live = {
        (row.kind, row.due_at) for row in rows(crisis.context.engine, incident.id) if row.state == "pending"
    }  # type: ignore[arg-type]
    assert ("due", moved + timedelta(hours=12)) in live and ("due", RESPONSE_DUE) not in live
    assert posted(fire(crisis, moved + timedelta(hours=10))) == [("response_12h", "warning")]

    crisis.command("first-post 2026-03-02 04:00", user_id="U0RESP", channel_id=channel)  # the same moment
    assert "nothing changed" in str(crisis.standin.responses[-1]["body"]["blocks"])
    for text, expected in (
        ("first-post", "Say when the first negative post appeared"),
        ("first-post yesterday-ish", "can't read `yesterday-ish`"),
        ("first-post 23:59", "cannot be in the future"),
        ("first-post 2026-13-40 07:30", "can't read"),
    ):
        crisis.command(text, user_id="U0RESP", channel_id=channel)
        assert expected in str(crisis.standin.responses[-1]["body"]["blocks"]), text
    crisis.command("first-post 2h ago")
    assert "only in a crisis channel" in str(crisis.standin.responses[-1]["body"]["blocks"])


def test_header_edit_button_opens_a_modal_that_reschedules(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    crisis.click(header, ids.EDIT_FIRST_POST, "U0RESP")
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.FIRST_POST_MODAL
    picker = next(b for b in modal["blocks"] if b.get("block_id") == ids.FIRST_POST_WHEN)
    assert picker["element"]["initial_date_time"] == int(FIRST_POST.timestamp())

    future = crisis.submit(
        modal, {ids.input_action(ids.FIRST_POST_WHEN): START + timedelta(hours=1)}, "U0RESP"
    )
    assert future.json()["response_action"] == "errors"  # type: ignore[index]
    earlier = START - timedelta(hours=11)
    crisis.submit(modal, {ids.input_action(ids.FIRST_POST_WHEN): earlier}, "U0RESP")
    with Session(crisis.context.engine) as session:
        assert session.get(Incident, incident.id).first_negative_at == earlier  # type: ignore[union-attr]
    # the new 12h warning is already due (1 h left): it fires at once, the old rows never will
    assert posted(fire(crisis)) == [("response_12h", "warning")]
    crisis.replay()  # the same submission again changes nothing
    assert (
        len([c for c in crisis.standin.calls_to("chat.postMessage") if "moved the first" in str(c.params)])
        == 1
    )
    assert_valid_payloads(crisis.standin)


def test_a_new_approved_version_brings_the_48h_nag_back(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    approve_response(crisis, incident)
    publish_on(crisis, incident, "facebook", "x")
    warning = fire(crisis, PUBLICATION_DUE - timedelta(hours=2))
    assert warning[0].outcome == "met", "published everywhere: a confirmation, not a nag"
    approve_response(crisis, incident, platforms=["facebook", "website"])  # version 2 supersedes 1
    due = fire(crisis, PUBLICATION_DUE)
    assert due[0].outcome == "missed"
    text = last_text(crisis, incident.channel_id)  # type: ignore[arg-type]
    assert "Not yet published on Facebook" in text and "website" in text.lower()
