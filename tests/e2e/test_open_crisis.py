"""`/crisis open` end to end: signed requests over HTTP, the modal the bot really opened, the
channel, header and checklist it really posted (the Slack side is the stand-in)."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import Session, select

from bot.core.models import ChecklistItem, ChecklistMessage, Incident, SlackSurface, TimelineEvent
from bot.demo.standin.transcript import render_mrkdwn
from messages import ids
from tests.support.running_app import START, RunningApp, assert_valid_payloads

OPEN_VALUES = {
    "title_input": "Viral thread: refunds delayed!",
    "case_input": "outage_our_fault",
    "severity_input": "critical",
    "responsible_input": "U0RESP",
    "first_negative_at_input": START - timedelta(hours=3),
    "first_post_url_input": "https://social.example/post/123",
    "description_input": "A thread with 40k shares says refunds take months.",
}


def open_crisis(crisis: RunningApp, **changes: object) -> Incident:
    """Run `/crisis open` and submit the modal; return the incident from the database."""
    crisis.command("open Viral thread")
    response = crisis.submit(crisis.last_view(), {**OPEN_VALUES, **changes})
    assert response.status == 200 and not response.view_error, response.body
    with Session(crisis.context.engine) as session:
        return session.exec(select(Incident).order_by(Incident.id.desc())).first()  # type: ignore[union-attr]


def test_open_creates_channel_header_checklist_and_timeline(crisis: RunningApp) -> None:
    crisis.command("open Viral thread")
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.OPEN_MODAL
    title_block = next(b for b in modal["blocks"] if b["block_id"] == ids.OPEN_TITLE)
    assert title_block["element"]["initial_value"] == "Viral thread"
    responsible = next(b for b in modal["blocks"] if b["block_id"] == ids.OPEN_RESPONSIBLE)
    assert responsible["element"]["initial_user"] == "U0OPENER"

    response = crisis.submit(modal, OPEN_VALUES)
    assert response.status == 200 and response.json() is None

    channel = crisis.standin.channel_by_name("crisis-20260302-viral-thread-refunds-delayed")
    assert channel is not None
    assert {"U0OPENER", "U0RESP"} <= set(crisis.standin.members(channel.id))
    # a topic does not render mentions, so it names the person
    # (https://docs.slack.dev/reference/methods/conversations.setTopic: "Does not support formatting")
    assert "Responsible: Rafael Responsible" in str(channel.topic) and "Critical" in str(channel.topic)
    assert "<@" not in str(channel.topic)

    messages = crisis.standin.messages(channel.id)
    header, checklist_message = messages[0], messages[1]
    assert header["ts"] in [pin["ts"] for pin in crisis.standin.pins(channel.id)]
    header_text = str(header["blocks"])
    assert "Viral thread: refunds delayed!" in header_text
    assert "<@U0RESP>" in header_text
    first_post = int((START - timedelta(hours=3)).timestamp())
    assert f"<!date^{first_post + 12 * 3600}^" in header_text
    assert f"<!date^{first_post + 48 * 3600}^" in header_text
    assert "https://social.example/post/123" in header_text
    checkboxes = [
        b for b in checklist_message["blocks"] if b.get("accessory", {}).get("type") == "checkboxes"
    ]

    with Session(crisis.context.engine) as session:
        incident = session.exec(select(Incident)).one()
        steps = session.exec(select(ChecklistItem).where(ChecklistItem.incident_id == incident.id)).all()
        events = session.exec(select(TimelineEvent)).all()
    assert incident.status == "open" and incident.channel_id == channel.id
    assert incident.responsible_user_id == "U0RESP" and incident.severity == "critical"
    assert incident.first_negative_at == START - timedelta(hours=3)
    assert incident.header_ts == header["ts"]
    assert len(checkboxes) == len(steps) > 5
    assert [event.kind for event in events] == ["opened"]
    assert events[0].actor_user_id == "U0OPENER"

    # the bot is not in #general, so Slack refuses an ephemeral there and the opener gets a DM
    assert crisis.standin.calls_to("chat.postEphemeral")[-1].error == "not_in_channel"
    told = crisis.standin.dm_messages("U0OPENER")
    assert told and f"<#{channel.id}>" in str(told[-1])
    assert assert_valid_payloads(crisis.standin) >= 4


def test_modal_errors_come_back_in_the_modal(crisis: RunningApp) -> None:
    crisis.command("open")
    modal = crisis.last_view()
    bad = {
        **OPEN_VALUES,
        "title_input": "   ",
        "first_post_url_input": "https://exa mple",
        "first_negative_at_input": START + timedelta(hours=2),
    }
    response = crisis.submit(modal, bad)
    body = response.json()
    assert body is not None and body["response_action"] == "errors"
    assert set(body["errors"]) == {ids.OPEN_TITLE, ids.OPEN_FIRST_POST_URL, ids.OPEN_FIRST_NEGATIVE_AT}
    assert crisis.standin.calls_to("conversations.create") == []
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Incident)).all() == []


def test_taken_name_gets_a_suffix_and_rate_limit_is_retried(crisis: RunningApp) -> None:
    crisis.standin.add_channel("crisis-20260302-viral-thread-refunds-delayed")
    crisis.standin.rate_limit_next("conversations.create", retry_after=1)
    incident = open_crisis(crisis)
    assert incident.channel_name == "crisis-20260302-viral-thread-refunds-delayed-2"
    creates = crisis.standin.calls_to("conversations.create")
    assert [call.error for call in creates] == ["ratelimited", "name_taken", None]


def test_same_submission_twice_opens_one_crisis(crisis: RunningApp) -> None:
    open_crisis(crisis)
    crisis.replay()
    with Session(crisis.context.engine) as session:
        assert len(session.exec(select(Incident)).all()) == 1
    assert len(crisis.standin.calls_to("conversations.create")) == 1


def test_failure_after_channel_creation_leaves_nothing_half_made(crisis: RunningApp) -> None:
    crisis.command("open")
    modal = crisis.last_view()
    crisis.standin.fail_next("chat.postMessage", error="channel_not_found")  # the header
    crisis.submit(modal, OPEN_VALUES)
    created = crisis.standin.calls_to("conversations.create")[0]
    assert created.ok
    archived = crisis.standin.calls_to("conversations.archive")
    assert archived and archived[0].ok
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Incident)).all() == []
        assert session.exec(select(ChecklistItem)).all() == []
    dm = crisis.standin.dm_messages("U0OPENER")
    assert dm and "channel_not_found" in str(dm[-1]) and "Nothing was kept" in str(dm[-1])


def test_a_refused_pin_keeps_the_room_and_says_so(crisis: RunningApp) -> None:
    crisis.standin.fail_next("pins.add", error="not_pinnable")
    incident = open_crisis(crisis)
    assert incident.status == "open" and crisis.standin.calls_to("conversations.archive") == []
    assert crisis.standin.pins(incident.channel_id) == []  # type: ignore[arg-type]
    told = str(crisis.standin.dm_messages("U0OPENER")[-1])
    assert f"<#{incident.channel_id}>" in told and "pins.add (not_pinnable)" in told


def test_bad_or_stale_signature_is_refused_and_changes_nothing(crisis: RunningApp) -> None:
    before = len(crisis.standin.calls)
    general = crisis.standin.channel_by_name("general")
    body = f"command=%2Fcrisis&text=open&user_id=U0OPENER&channel_id={general.id}&trigger_id=1.2.3"  # type: ignore[union-attr]
    wrong = crisis.driver.signed_post(
        "/slack/events", body, "application/x-www-form-urlencoded", secret="wrong"
    )
    stale = crisis.driver.signed_post(
        "/slack/events", body, "application/x-www-form-urlencoded", timestamp=int(START.timestamp()) - 3600
    )
    crisis.settle()
    assert wrong.status == 401 and stale.status == 401
    assert len(crisis.standin.calls) == before


def test_checklist_tick_untick_and_replay(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    message = crisis.standin.messages(incident.channel_id)[1]  # type: ignore[arg-type]
    step_block = next(b for b in message["blocks"] if b.get("block_id", "").startswith(ids.STEP_BLOCK_PREFIX))
    step_key = step_block["block_id"].removeprefix(ids.STEP_BLOCK_PREFIX)
    crisis.clock.advance(timedelta(minutes=7))
    crisis.join(incident.channel_id, "U0OTHER")  # type: ignore[arg-type]

    crisis.click(
        message, ids.CHECKLIST_TOGGLE, "U0OTHER", option_value=step_key, block_id=step_block["block_id"]
    )
    with Session(crisis.context.engine) as session:
        step = session.exec(select(ChecklistItem).where(ChecklistItem.step_key == step_key)).one()
    assert step.done and step.done_by_user_id == "U0OTHER" and step.done_at == START + timedelta(minutes=7)
    updated = crisis.standin.find_message(message["ts"])[1]  # type: ignore[index]
    block = next(b for b in updated["blocks"] if b.get("block_id") == step_block["block_id"])
    assert block["accessory"].get("initial_options"), "the updated message shows the tick"
    assert "<@U0OTHER>" in block["text"]["text"]

    updates_before = len(crisis.standin.calls_to("chat.update"))
    crisis.replay()
    assert len(crisis.standin.calls_to("chat.update")) == updates_before

    crisis.click(
        updated, ids.CHECKLIST_TOGGLE, "U0OPENER", option_value=step_key, block_id=step_block["block_id"]
    )
    with Session(crisis.context.engine) as session:
        step = session.exec(select(ChecklistItem).where(ChecklistItem.step_key == step_key)).one()
        kinds = [e.kind for e in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]
    assert not step.done and step.done_by_user_id is None
    assert kinds == ["opened", "step_done", "step_undone"]
    assert_valid_payloads(crisis.standin)


def test_two_people_ticking_at_once_both_count(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    message = crisis.standin.messages(incident.channel_id)[1]  # type: ignore[arg-type]
    keys = [
        b["block_id"].removeprefix(ids.STEP_BLOCK_PREFIX)
        for b in message["blocks"]
        if b.get("block_id", "").startswith(ids.STEP_BLOCK_PREFIX)
    ][:2]

    def tick(user: str, key: str) -> None:
        crisis.driver.click(
            message, ids.CHECKLIST_TOGGLE, user, option_value=key, block_id=ids.STEP_BLOCK_PREFIX + key
        )

    threads = [
        threading.Thread(target=tick, args=(u, k)) for u, k in zip(["U0OPENER", "U0RESP"], keys, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    crisis.settle()
    with Session(crisis.context.engine) as session:
        done = session.exec(select(ChecklistItem).where(ChecklistItem.done)).all()
        row = session.exec(select(ChecklistMessage)).first()
        assert row is not None
        surface = session.exec(select(SlackSurface).where(SlackSurface.key == f"checklist:{row.id}")).one()
    assert sorted(step.step_key for step in done) == sorted(keys)
    assert (surface.wanted, surface.shown) == (2, 2), "both ticks asked for the message, both are shown"
    final = crisis.standin.find_message(message["ts"])[1]  # type: ignore[index]
    ticked = [b for b in final["blocks"] if b.get("accessory", {}).get("initial_options")]
    assert len(ticked) == 2, "the last update shows both ticks"


def test_a_title_with_slack_control_characters_and_a_mention_round_trips_into_the_header(
    crisis: RunningApp,
) -> None:
    """Slack escapes `&`, `<`, `>` and sends a typed @mention as `<@U…>` (command with should_escape):
    https://docs.slack.dev/interactivity/implementing-slash-commands and
    https://docs.slack.dev/messaging/formatting-message-text. The title must read as the person saw it
    typed: the mention as Slack shows it, by display name, else real name (users.info)."""
    typed = "Q&A <beta> leak by @resp: 50% > 40%"
    seen = "Q&A <beta> leak by @Rafael Responsible: 50% > 40%"
    crisis.command(f"open {typed}")
    sent = crisis.driver.last.payload["text"]  # type: ignore[union-attr]
    assert sent == "open Q&amp;A &lt;beta&gt; leak by <@U0RESP>: 50% &gt; 40%"

    modal = crisis.last_view()
    title_block = next(b for b in modal["blocks"] if b["block_id"] == ids.OPEN_TITLE)
    assert title_block["element"]["initial_value"] == seen
    response = crisis.submit(modal, {**OPEN_VALUES, "title_input": title_block["element"]["initial_value"]})
    assert response.status == 200 and not response.view_error

    with Session(crisis.context.engine) as session:
        incident = session.exec(select(Incident)).one()
    assert incident.title == seen
    header = crisis.standin.messages(incident.channel_id)[0]  # type: ignore[arg-type]
    transcript = crisis.standin.transcript(incident.channel_id)  # type: ignore[arg-type]
    assert f"🚨 {seen.upper()}" in transcript  # the transcript shows header blocks in capitals
    assert render_mrkdwn(header["text"], lambda user: user, lambda channel: channel) == f"Crisis: {seen}"


def test_two_chinese_crises_on_one_day_get_distinct_pinyin_channels(crisis: RunningApp) -> None:
    first = open_crisis(crisis, title_input="数据泄露")
    second = open_crisis(crisis, title_input="退款延迟")
    assert (first.channel_name, second.channel_name) == (
        "crisis-20260302-shu-ju-xie-lou",
        "crisis-20260302-tui-kuan-yan-chi",
    )


def test_a_mention_in_the_title_reads_as_its_id_when_slack_cannot_name_the_person(crisis: RunningApp) -> None:
    crisis.standin.fail_next("users.info", error="internal_error")
    crisis.command("open Leak reported by @resp")
    title_block = next(b for b in crisis.last_view()["blocks"] if b["block_id"] == ids.OPEN_TITLE)
    assert title_block["element"]["initial_value"] == "Leak reported by @U0RESP"
