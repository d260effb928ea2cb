"""Consistency end to end: `/crisis message`, `/crisis check`, the message shortcuts, and the publication
log that decides when the 48-hour mark is met."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from bot.core.models import Incident, Publication, require_id
from bot.statements import statements
from messages import ids
from tests.e2e.test_statements import (
    GOOD,
    PLATFORMS,
    SECOND,
    card_of,
    last_response,
    propose,
    room,
    stored,
)
from tests.support.running_app import RunningApp, assert_valid_payloads

__all__ = ["room"]  # the fixture, shared with test_statements


def test_message_check_and_the_changed_number(crisis: RunningApp, room: Incident) -> None:
    crisis.command("message", user_id="U0OTHER", channel_id=room.channel_id)
    assert "No public message is approved yet" in json.dumps(last_response(crisis))
    crisis.command("check", user_id="U0OTHER", channel_id=room.channel_id)
    assert "nothing to compare with" in json.dumps(last_response(crisis))

    card = propose(crisis, room, GOOD + "\n\nCustomers & partners: <thank you>.")
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")
    crisis.command("message", user_id="U0OTHER", channel_id=room.channel_id)
    body = last_response(crisis)
    assert body["response_type"] == "ephemeral"
    assert "We will refund within 5 days." in json.dumps(body["blocks"])
    assert "Customers &amp; partners: &lt;thank you&gt;." in json.dumps(body["blocks"])

    crisis.command("check", user_id="U0OTHER", channel_id=room.channel_id)
    modal = crisis.last_view()
    changed = GOOD.replace("within 5 days", "within 3 days")
    response = crisis.submit(modal, {ids.input_action(ids.CHECK_TEXT): changed}, user_id="U0OTHER")
    assert not response.view_error
    result = json.dumps(crisis.last_view()["blocks"], ensure_ascii=False)
    # the card leads with the verdict and quotes both sides (docs/LABELS.md: a deadline is date_time)
    assert "1 material change" in result and "Date or time changed" in result
    assert "approved “We will refund within 5 days.”" in result
    assert "said “We will refund within 3 days.”" in result
    # a sentence of thanks left out is wording, not a material change (the old card listed it)
    assert "Sentence missing" not in result


def test_message_shortcuts_propose_and_check(crisis: RunningApp, room: Incident) -> None:
    typed = crisis.standin.add_user_message(room.channel_id, "U0OTHER", GOOD.replace("&", "&amp;"))  # type: ignore[arg-type]
    crisis.driver.message_shortcut(ids.SHORTCUT_CHECK_STATEMENT, typed, room.channel_id, "U0OTHER")  # type: ignore[arg-type]
    crisis.settle()
    assert "nothing to compare with" in json.dumps(last_response(crisis))

    crisis.driver.message_shortcut(ids.SHORTCUT_PROPOSE_STATEMENT, typed, room.channel_id, "U0OTHER")  # type: ignore[arg-type]
    crisis.settle()
    modal = crisis.last_view()
    text_block = next(b for b in modal["blocks"] if b.get("block_id") == ids.DRAFT_TEXT)
    assert text_block["element"]["initial_value"] == GOOD
    crisis.submit(modal, {PLATFORMS: ["website"]}, user_id="U0OTHER")
    card = card_of(crisis, room, latest=True)
    assert stored(crisis, 1).author_user_id == "U0OTHER"
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")

    drifted = crisis.standin.add_user_message(room.channel_id, "U0OPENER", GOOD.replace("5 days", "3 days"))  # type: ignore[arg-type]
    crisis.driver.message_shortcut(ids.SHORTCUT_CHECK_STATEMENT, drifted, room.channel_id, "U0OPENER")  # type: ignore[arg-type]
    crisis.settle()
    body = last_response(crisis)
    assert body["response_type"] == "ephemeral" and "said “We will refund within 3 days.”" in json.dumps(
        body["blocks"], ensure_ascii=False
    )

    general = crisis.standin.channel_by_name("general")
    elsewhere = crisis.standin.add_user_message(general.id, "U0OTHER", "hello")  # type: ignore[union-attr]
    views = len(crisis.standin.views)
    crisis.driver.message_shortcut(ids.SHORTCUT_PROPOSE_STATEMENT, elsewhere, general.id, "U0OTHER")  # type: ignore[union-attr]
    crisis.settle()
    assert "only in a crisis channel" in json.dumps(last_response(crisis))
    assert len(crisis.standin.views) == views


def test_publications_count_only_the_current_version_on_every_target(
    crisis: RunningApp, room: Incident
) -> None:
    card = propose(crisis, room, platforms=["facebook", "x"])
    crisis.command("published facebook https://fb.example/p/1", user_id="U0OTHER", channel_id=room.channel_id)
    assert "No public message is approved yet" in json.dumps(last_response(crisis))
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")

    crisis.command("published myspace https://m.example/1", user_id="U0OTHER", channel_id=room.channel_id)
    assert "Give the platform and the link" in json.dumps(last_response(crisis))
    crisis.command("published facebook https://fb.example/p/1", user_id="U0OTHER", channel_id=room.channel_id)
    with Session(crisis.context.engine) as session:
        assert statements.unpublished_platforms(session, require_id(room)) == ["x"]
        assert not statements.published_everywhere(session, require_id(room))
    crisis.command("published facebook https://fb.example/p/1", user_id="U0OTHER", channel_id=room.channel_id)
    assert "already logged" in json.dumps(last_response(crisis))
    assert "Still missing on:* X (Twitter)" in json.dumps(card_of(crisis, room, ts=card["ts"])["blocks"])

    # the button on the approved card: a modal; the text posted differs, so it is checked
    approved_card = card_of(crisis, room, ts=card["ts"])
    crisis.click(approved_card, ids.STATEMENT_LOG_PUBLICATION, "U0OTHER")
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.PUBLISH_MODAL
    bad = crisis.submit(modal, {ids.input_action(ids.PUBLISH_URL): "https://x ample"}, user_id="U0OTHER")
    assert ids.PUBLISH_URL in bad.json()["errors"]  # type: ignore[index]
    crisis.submit(
        modal,
        {
            ids.input_action(ids.PUBLISH_URL): "https://x.example/status/9",
            ids.input_action(ids.PUBLISH_POSTED_TEXT): GOOD.replace("5 days", "3 days"),
        },
        user_id="U0OTHER",
    )
    with Session(crisis.context.engine) as session:
        assert statements.published_everywhere(session, require_id(room))
        publication = session.exec(select(Publication).where(Publication.platform == "x")).one()
    assert publication.similarity is not None and publication.similarity < 1
    channel_text = json.dumps([m.get("blocks") for m in crisis.standin.messages(room.channel_id)])  # type: ignore[arg-type]
    assert "posted text differs" in channel_text and "published on every target platform" in channel_text
    posted = json.dumps(crisis.standin.ephemerals(user_id="U0OTHER")[-1], ensure_ascii=False)
    assert "said “We will refund within 3 days.”" in posted

    # a new approved version resets the 48h mark until it is published everywhere again; a publication
    # modal opened on the old version can no longer log it
    crisis.click(card_of(crisis, room, ts=card["ts"]), ids.STATEMENT_LOG_PUBLICATION, "U0OTHER")
    stale_modal = crisis.last_view()
    newer = propose(crisis, room, SECOND, platforms=["facebook"])
    crisis.click(newer, ids.STATEMENT_APPROVE, "U0RESP")
    with Session(crisis.context.engine) as session:
        assert not statements.published_everywhere(session, require_id(room))
        assert statements.target_platforms(session, require_id(room)) == ["facebook"]
    late = crisis.submit(
        stale_modal,
        {
            ids.input_action(ids.PUBLISH_URL): "https://fb.example/p/2",
            ids.input_action(ids.PUBLISH_PLATFORM): "facebook",
        },
        user_id="U0OTHER",
    )
    assert "has been superseded" in late.json()["errors"][ids.PUBLISH_PLATFORM]  # type: ignore[index]
    with Session(crisis.context.engine) as session:
        assert len(session.exec(select(Publication)).all()) == 2
    assert_valid_payloads(crisis.standin)
