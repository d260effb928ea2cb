"""The one approved message end to end: drafts, the review card, approval by buttons, spokespeople,
`/crisis message|check|published`, the message shortcuts, and two approvals racing."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.core.models import Incident, Statement, TimelineEvent, require_id
from bot.statements import statements
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import RunningApp, assert_valid_payloads

GOOD = (
    "Yesterday our payment system double-charged 2,000 customers. We are sorry. "
    "We will refund within 5 days. Next update at 18:00 today."
)
SECOND = (
    "Yesterday our payment system double-charged 2,000 customers. We are sorry. "
    "We have refunded every duplicate charge. Next update tomorrow at 10:00."
)
TEXT = ids.input_action(ids.DRAFT_TEXT)
PLATFORMS = ids.input_action(ids.DRAFT_PLATFORMS)
TONE = ids.input_action(ids.DRAFT_TONE)


def last_response(crisis: RunningApp) -> dict:
    """What the app sent to the last response_url."""
    return crisis.standin.responses[-1]["body"]


def propose(
    crisis: RunningApp, incident: Incident, text: str = GOOD, user: str = "U0OPENER", platforms: Any = None
) -> dict:
    """`/crisis draft`, submit the modal; return the review card the bot posted."""
    crisis.command("draft", user_id=user, channel_id=incident.channel_id)
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.DRAFT_MODAL
    response = crisis.submit(
        modal, {TEXT: text, PLATFORMS: platforms or ["facebook", "x"], TONE: "informative"}, user_id=user
    )
    assert response.status == 200 and not response.view_error, response.body
    return card_of(crisis, incident, latest=True)


def card_of(crisis: RunningApp, incident: Incident, latest: bool = False, ts: str | None = None) -> dict:
    """A review card as Slack now shows it (the newest one, or the one at `ts`)."""
    if ts is not None:
        return crisis.standin.find_message(ts)[1]  # type: ignore[index]
    cards = [
        message
        for message in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if "statement_actions" in json.dumps(message.get("blocks", []))
    ]
    assert cards, "no review card was posted"
    return cards[-1]


def stored(crisis: RunningApp, number: int) -> Statement:
    with Session(crisis.context.engine) as session:
        return session.exec(select(Statement).where(Statement.number == number)).one()


def ephemeral_texts(crisis: RunningApp, user: str) -> list[str]:
    return [json.dumps(e.get("blocks")) for e in crisis.standin.ephemerals(user_id=user)]


@pytest.fixture
def room(crisis: RunningApp) -> Incident:
    incident = open_crisis(crisis)
    crisis.join(incident.channel_id, "U0OTHER")  # type: ignore[arg-type]
    return incident


def test_propose_refuse_approve_supersede_and_tell_spokespeople(crisis: RunningApp, room: Incident) -> None:
    leadership = crisis.standin.add_channel("leadership", members=["U0BOT", "U0RESP"])
    crisis.context.settings = dataclasses.replace(
        crisis.context.settings, crisis_leadership_channel=leadership.id
    )
    crisis.command("spokesperson add @other", user_id="U0RESP", channel_id=room.channel_id)
    assert "spokesperson" in json.dumps(crisis.standin.messages(room.channel_id)[-1]["blocks"])  # type: ignore[arg-type]

    card = propose(crisis, room)
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    assert "Draft #1" in shown and "<@U0OPENER>" in shown and "We will refund within 5 days." in shown
    assert "Statement check: nothing found." in shown

    for outsider in ("U0OTHER", "U0OPENER"):
        crisis.click(card, ids.STATEMENT_APPROVE, outsider)
        assert "Only <@U0RESP>" in ephemeral_texts(crisis, outsider)[-1]
    assert stored(crisis, 1).status == "proposed"
    assert crisis.standin.pins(room.channel_id) == [crisis.standin.find_message(room.header_ts)[1]]  # type: ignore[arg-type,index]

    crisis.clock.advance(timedelta(hours=1))
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")
    first = stored(crisis, 1)
    assert first.status == "approved" and first.version == 1 and first.decided_by_user_id == "U0RESP"
    approved_card = card_of(crisis, room, ts=card["ts"])
    assert "Approved public message, version 1" in json.dumps(approved_card["blocks"])
    assert card["ts"] in [pin["ts"] for pin in crisis.standin.pins(room.channel_id)]  # type: ignore[arg-type]
    dms = crisis.standin.dm_messages("U0OTHER")
    assert dms and "We will refund within 5 days." in json.dumps(dms[-1]["blocks"])
    parent, reply = crisis.standin.messages(leadership.id)[0], crisis.standin.messages(leadership.id)[-1]
    notice = json.dumps(reply["blocks"])
    assert "approved version 1" in notice and "<@U0RESP>" in notice
    assert reply["thread_ts"] == parent["ts"], "threaded under the incident's leadership message"

    # a double click on the (now approved) card changes nothing
    updates = len(crisis.standin.calls_to("chat.update"))
    crisis.replay()
    assert len(crisis.standin.calls_to("chat.update")) == updates

    second = propose(crisis, room, SECOND, user="U0OTHER")
    crisis.click(second, ids.STATEMENT_APPROVE, "U0RESP")
    first, newer = stored(crisis, 1), stored(crisis, 2)
    assert (first.status, newer.status, newer.version) == ("superseded", "approved", 2)
    pinned = [pin["ts"] for pin in crisis.standin.pins(room.channel_id)]  # type: ignore[arg-type]
    assert second["ts"] in pinned and card["ts"] not in pinned
    old_card = json.dumps(card_of(crisis, room, ts=card["ts"])["blocks"])
    assert "superseded" in old_card and ids.STATEMENT_LOG_PUBLICATION not in old_card
    assert "We have refunded every duplicate charge." in json.dumps(crisis.standin.dm_messages("U0OTHER")[-1])
    with Session(crisis.context.engine) as session:
        assert statements.first_approval_at(session, require_id(room)) == first.decided_at
        kinds = [event.kind for event in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]
    assert kinds.count("statement_approved") == 2 and kinds.count("statement_proposed") == 2
    assert assert_valid_payloads(crisis.standin) > 10


def test_request_changes_and_reject_ask_a_reason_for_the_author(crisis: RunningApp, room: Incident) -> None:
    card = propose(crisis, room, "We regret if anyone was offended. We are reviewing our policies.")
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    assert "Non-apology" in shown and "We regret if" in shown and "Vague action" in shown

    views_before = len(crisis.standin.calls_to("views.open"))
    crisis.click(card, ids.STATEMENT_REQUEST_CHANGES, "U0OTHER")
    assert len(crisis.standin.calls_to("views.open")) == views_before
    assert "Only <@U0RESP>" in ephemeral_texts(crisis, "U0OTHER")[-1]

    crisis.click(card, ids.STATEMENT_REQUEST_CHANGES, "U0RESP")
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.DECLINE_MODAL
    empty = crisis.submit(modal, {ids.input_action(ids.DECLINE_REASON): "   "}, user_id="U0RESP")
    assert empty.json()["response_action"] == "errors"  # type: ignore[index]
    crisis.submit(modal, {ids.input_action(ids.DECLINE_REASON): "Apologise plainly."}, user_id="U0RESP")
    assert stored(crisis, 1).status == "changes_requested"
    assert "Apologise plainly." in json.dumps(crisis.standin.dm_messages("U0OPENER")[-1]["blocks"])
    told = (len(crisis.standin.dm_messages("U0OPENER")), len(crisis.standin.dm_messages("U0RESP")))
    crisis.replay()  # the same submission again: nothing sent, no error
    assert (len(crisis.standin.dm_messages("U0OPENER")), len(crisis.standin.dm_messages("U0RESP"))) == told
    updated = json.dumps(card_of(crisis, room, ts=card["ts"])["blocks"])
    assert "changes requested" in updated and ids.STATEMENT_APPROVE not in updated

    other = propose(crisis, room, "lol calm down, it's no big deal")
    crisis.click(other, ids.STATEMENT_REJECT, "U0RESP")
    crisis.submit(crisis.last_view(), {ids.input_action(ids.DECLINE_REASON): "Tone."}, user_id="U0RESP")
    assert stored(crisis, 2).status == "rejected"
    assert "rejected your draft #2" in json.dumps(crisis.standin.dm_messages("U0OPENER")[-1]["blocks"])
    assert_valid_payloads(crisis.standin)


def test_named_approver_may_decide_only_the_responsible_names_them(
    crisis: RunningApp, room: Incident
) -> None:
    crisis.command("approvers add @other", user_id="U0OPENER", channel_id=room.channel_id)
    refusal = json.dumps(last_response(crisis))
    assert "(the responsible person) or a crisis lead can name or remove approvers" in refusal
    crisis.command("approvers add someone", user_id="U0RESP", channel_id=room.channel_id)
    assert "Name one person" in json.dumps(last_response(crisis))
    crisis.command("approvers add @other", user_id="U0RESP", channel_id=room.channel_id)
    crisis.command("approvers", user_id="U0OPENER", channel_id=room.channel_id)
    assert "<@U0OTHER>" in json.dumps(last_response(crisis))
    card = propose(crisis, room)
    crisis.click(card, ids.STATEMENT_APPROVE, "U0OTHER")
    assert stored(crisis, 1).status == "approved"


def test_mass_mention_never_reaches_slack_and_blocks_approval(crisis: RunningApp, room: Incident) -> None:
    text = (
        "<!channel> Yesterday our app went down. We are sorry. We have restored logins. Next update at 18:00."
    )
    card = propose(crisis, room, text)
    shown = json.dumps(card["blocks"])
    assert "&lt;!channel&gt;" in shown and "Slack mass mention" in shown
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")
    assert stored(crisis, 1).status == "proposed"
    assert "can't be approved" in ephemeral_texts(crisis, "U0RESP")[-1]
    for call in crisis.standin.calls:
        assert "<!channel>" not in json.dumps(call.params), call.method


def test_huge_and_empty_drafts(crisis: RunningApp, room: Incident) -> None:
    crisis.command("draft", channel_id=room.channel_id)
    modal = crisis.last_view()
    empty = crisis.submit(modal, {TEXT: "   \n ", PLATFORMS: ["x"]})
    assert ids.DRAFT_TEXT in empty.json()["errors"]  # type: ignore[index]
    paragraph = ("We are sorry & we fix <this> now. " * 28).strip()
    long_text = "\n\n".join([paragraph] * 3)[:3000]
    crisis.submit(modal, {TEXT: long_text, PLATFORMS: ["x"]})
    card = card_of(crisis, room, latest=True)
    sections = [b for b in card["blocks"] if b.get("block_id", "").startswith("text:")]
    assert len(sections) > 1 and all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert_valid_payloads(crisis.standin)


def test_slack_refusing_the_card_gives_the_author_their_text_back(crisis: RunningApp, room: Incident) -> None:
    crisis.standin.fail_next("chat.postMessage", error="is_archived")
    crisis.command("draft", channel_id=room.channel_id)
    crisis.submit(crisis.last_view(), {TEXT: GOOD, PLATFORMS: ["x"]})
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Statement)).all() == []
    told = json.dumps(crisis.standin.dm_messages("U0OPENER")[-1]["blocks"])
    assert "is_archived" in told and "We will refund within 5 days." in told


def test_two_approvals_at_the_same_moment_leave_one_winner(
    crisis: RunningApp, room: Incident, monkeypatch: pytest.MonkeyPatch
) -> None:
    crisis.command("approvers add @other", user_id="U0RESP", channel_id=room.channel_id)
    first = propose(crisis, room)
    second = propose(crisis, room, SECOND)
    # both approvals read "nothing approved yet" before either writes
    barrier = threading.Barrier(2, timeout=10)
    original = statements.approved_statement
    calls = {"count": 0}
    lock = threading.Lock()

    def read_then_wait(session: Session, incident_id: int) -> Statement | None:
        found = original(session, incident_id)
        with lock:
            calls["count"] += 1
            racing = calls["count"] <= 2
        if racing:
            barrier.wait()
        return found

    monkeypatch.setattr(statements, "approved_statement", read_then_wait)
    # one process runs a channel's requests one at a time (its work pool's lanes); two worker processes
    # do not: play two processes, so that the two approvals really race
    work = crisis.context.work
    monkeypatch.setattr(work, "enter_lane", lambda lane, fn: work.submit(fn))
    clicks = [
        threading.Thread(target=crisis.driver.click, args=(first, ids.STATEMENT_APPROVE, "U0RESP")),
        threading.Thread(target=crisis.driver.click, args=(second, ids.STATEMENT_APPROVE, "U0OTHER")),
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    crisis.settle()
    monkeypatch.undo()

    with Session(crisis.context.engine) as session:
        rows = session.exec(select(Statement).order_by(Statement.number)).all()
    assert sorted(row.status for row in rows) == ["approved", "proposed"]
    winner = next(row for row in rows if row.status == "approved")
    loser_user = "U0OTHER" if winner.decided_by_user_id == "U0RESP" else "U0RESP"
    told = ephemeral_texts(crisis, loser_user)[-1]
    assert "a moment ago" in told and f"<@{winner.decided_by_user_id}>" in told
    assert len([pin for pin in crisis.standin.pins(room.channel_id) if pin["ts"] != room.header_ts]) == 1  # type: ignore[arg-type]


def test_refused_card_gives_the_author_their_text_and_refused_pin_is_told_to_the_approver(
    crisis: RunningApp, room: Incident
) -> None:
    crisis.command("draft", user_id="U0OPENER", channel_id=room.channel_id)
    crisis.standin.fail_next("chat.postMessage", error="ratelimited")
    crisis.submit(crisis.last_view(), {TEXT: GOOD, PLATFORMS: ["x"], TONE: "informative"}, user_id="U0OPENER")
    told = json.dumps(crisis.standin.dm_messages("U0OPENER")[-1]["blocks"])
    assert "could not be posted" in told and "ratelimited" in told and "We will refund within 5 days." in told
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Statement)).all() == [], "the refused draft is not kept"

    card = propose(crisis, room)
    crisis.standin.fail_next("pins.add", error="too_many_pins")
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")
    assert stored(crisis, 1).status == "approved", "the approval stands"
    assert "refused part of the follow-up: pins.add (too_many_pins)" in ephemeral_texts(crisis, "U0RESP")[-1]
