"""Mentions from Slack, end to end: `/crisis mention`, the "Log as mention" shortcut, every card
button (with the Hidden modal and Reclassify), replays, Slack failures and `/crisis mentions`."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.core.models import DeadlineMark, Incident, Mention, TimelineEvent
from messages import ids
from tests.e2e.test_crisis_commands import last_response
from tests.e2e.test_open_crisis import OPEN_VALUES, open_crisis
from tests.support.running_app import RunningApp, assert_valid_payloads

COMPLAINT = "I was charged twice for order #48213 yesterday and support chat keeps closing on me."


def cards(crisis: RunningApp, incident: Incident) -> list[dict]:
    """The mention cards in the incident channel, as Slack has them now."""
    return [
        m
        for m in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if ids.MENTION_ACTIONS_BLOCK in str(m.get("blocks"))
    ]


def stored_mentions(crisis: RunningApp) -> list[Mention]:
    with Session(crisis.context.engine) as session:
        return list(session.exec(select(Mention).order_by(Mention.id)))  # type: ignore[arg-type]


def timeline_kinds(crisis: RunningApp) -> list[str]:
    with Session(crisis.context.engine) as session:
        return [e.kind for e in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]


def log_by_command(crisis: RunningApp, incident: Incident, text: str, user_id: str = "U0OPENER") -> dict:
    """Run `/crisis mention <text>` in the incident channel; return the newest card."""
    crisis.command(f"mention {text}", user_id=user_id, channel_id=incident.channel_id)
    return cards(crisis, incident)[-1]


def test_command_logs_a_mention_and_repeats_are_refused_politely(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    card = log_by_command(crisis, incident, f"https://x.com/sarah_m/status/77 {COMPLAINT}")
    [mention] = stored_mentions(crisis)
    assert mention.url == "https://x.com/sarah_m/status/77" and mention.platform == "x"
    assert mention.author == "sarah_m" and mention.text == COMPLAINT
    assert mention.mention_class == "complaint" and mention.logged_by == "U0OPENER"
    assert mention.posted_at is None and mention.card_ts == card["ts"]
    text = str(card["blocks"])
    assert "Genuine complaint" in text and "offer to continue in a private channel" in text
    assert "source: Customer" in text
    assert timeline_kinds(crisis)[-1] == "mention_logged"

    crisis.command(
        "mention https://x.com/sarah_m/status/77", user_id="U0RESP", channel_id=incident.channel_id
    )
    assert "already logged in this crisis: mention #" in str(last_response(crisis)["blocks"])
    assert len(stored_mentions(crisis)) == 1 and len(cards(crisis, incident)) == 1
    assert_valid_payloads(crisis.standin)


def test_command_bad_input_explains(crisis: RunningApp) -> None:
    crisis.command("mention https://x.com/a/status/1 bad")  # #general is no crisis channel
    assert "only in a crisis channel" in str(last_response(crisis)["blocks"])
    incident = open_crisis(crisis)
    channel_id = incident.channel_id
    crisis.command("mention", channel_id=channel_id)
    assert "Give the link of the post" in str(last_response(crisis)["blocks"])
    crisis.command("mention just some words, no link", channel_id=channel_id)
    assert "Give the link of the post" in str(last_response(crisis)["blocks"])
    crisis.command("mention https://x.com/a/status/1 " + "long " * 1100, channel_id=channel_id)
    assert "too long to log" in str(last_response(crisis)["blocks"])
    assert stored_mentions(crisis) == []


def test_user_text_in_a_mention_cannot_ping(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    card = log_by_command(crisis, incident, "https://x.com/a/status/9 hey <!channel> order #12345 late")
    assert stored_mentions(crisis)[0].text == "hey <!channel> order #12345 late"
    assert "<!channel>" not in str(card["blocks"]) and "&lt;!channel&gt;" in str(card["blocks"])


def test_shortcut_on_a_pasted_post(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel_id = incident.channel_id
    assert channel_id
    pasted = crisis.standin.add_user_message(
        channel_id,
        "U0OPENER",
        "<https://www.tiktok.com/@zapr_official/video/1|tiktok> lol Lumo is dead, switch to Zapr",
    )
    crisis.shortcut(ids.SHORTCUT_LOG_MENTION, pasted, channel_id, "U0OPENER")
    [mention] = stored_mentions(crisis)
    assert mention.platform == "tiktok" and mention.author == "zapr_official"
    assert mention.text == "lol Lumo is dead, switch to Zapr"
    assert len(cards(crisis, incident)) == 1

    # a post pasted without any link: the Slack message's permalink identifies it
    bare = crisis.standin.add_user_message(
        channel_id, "U0OPENER", "Heard Lumo food poisoned everyone, boycott!!"
    )
    crisis.shortcut(ids.SHORTCUT_LOG_MENTION, bare, channel_id, "U0RESP")
    second = stored_mentions(crisis)[-1]
    assert second.url.startswith("https://") and "/archives/" + channel_id in second.url
    assert second.platform == "slack" and second.mention_class == "suspected_fake"
    assert "order number and the purchase date" in str(cards(crisis, incident)[-1]["blocks"])

    # the same message again: nothing new, the person is told
    crisis.shortcut(ids.SHORTCUT_LOG_MENTION, bare, channel_id, "U0RESP")
    assert len(stored_mentions(crisis)) == 2 and len(cards(crisis, incident)) == 2
    assert "already logged" in str(last_response(crisis)["blocks"])


def test_shortcut_outside_an_incident_channel_explains_ephemerally(crisis: RunningApp) -> None:
    general = crisis.standin.channel_by_name("general")
    assert general is not None
    pasted = crisis.standin.add_user_message(general.id, "U0OTHER", "https://x.com/a/status/1 awful service")
    crisis.shortcut(ids.SHORTCUT_LOG_MENTION, pasted, general.id, "U0OTHER")
    body = last_response(crisis)
    assert body["response_type"] == "ephemeral"
    assert "works only on messages in a crisis channel" in str(body["blocks"])
    assert stored_mentions(crisis) == []


def test_card_buttons_record_who_and_when_and_replays_change_nothing(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    card = log_by_command(crisis, incident, f"https://x.com/sarah_m/status/77 {COMPLAINT}")
    crisis.join(incident.channel_id, "U0OTHER")  # type: ignore[arg-type]

    for action_id, state, shown in (
        (ids.MENTION_RESPONDED, "responded", "Responded by <@U0OTHER>"),
        (ids.MENTION_MOVED_PRIVATE, "moved_private", "Moved to a private channel by <@U0OTHER>"),
        (ids.MENTION_IGNORED, "ignored", "Ignored by <@U0OTHER>"),
    ):
        crisis.clock.advance(timedelta(minutes=5))
        crisis.click(card, action_id, "U0OTHER")
        [mention] = stored_mentions(crisis)
        assert mention.state == state and mention.handled_by_user_id == "U0OTHER"
        assert mention.handled_at == crisis.clock.now()
        card = crisis.standin.find_message(card["ts"])[1]  # type: ignore[index]
        assert shown in str(card["blocks"])
        updates = len(crisis.standin.calls_to("chat.update"))
        crisis.replay()
        assert len(crisis.standin.calls_to("chat.update")) == updates
        assert stored_mentions(crisis)[0].handled_at == mention.handled_at

    assert timeline_kinds(crisis)[-3:] == ["mention_handled"] * 3
    assert_valid_payloads(crisis.standin)


def test_hidden_asks_for_the_reason_and_the_card_shows_it(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    card = log_by_command(crisis, incident, "https://x.com/troll/status/5 you are all f*cking idiots")
    assert stored_mentions(crisis)[0].mention_class == "insult"
    assert "say publicly that insulting comments are removed" in str(card["blocks"])

    crisis.click(card, ids.MENTION_HIDE, "U0RESP")
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.MENTION_HIDE_MODAL
    assert "Tell the author why" in str(modal["blocks"])
    empty = crisis.submit(modal, {"hidden_reason_input": "   "}, user_id="U0RESP")
    assert empty.json()["response_action"] == "errors"  # type: ignore[index]
    assert ids.MENTION_HIDDEN_REASON in empty.json()["errors"]  # type: ignore[index]
    assert stored_mentions(crisis)[0].state == "open"

    reason = "Removed: insults break rule 2 of our community rules. <!here>"
    crisis.submit(modal, {"hidden_reason_input": reason}, user_id="U0RESP")
    [mention] = stored_mentions(crisis)
    assert mention.state == "hidden" and mention.hidden_reason == reason
    assert mention.handled_by_user_id == "U0RESP"
    shown = str(crisis.standin.find_message(card["ts"])[1]["blocks"])  # type: ignore[index]
    assert "Hidden by <@U0RESP>" in shown and "Removed: insults break rule 2" in shown
    assert "<!here>" not in shown
    with Session(crisis.context.engine) as session:
        event = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "mention_handled")).one()
    assert event.detail["state"] == "hidden" and event.detail["reason"] == reason

    updates = len(crisis.standin.calls_to("chat.update"))
    crisis.replay()  # the same submission again
    assert len(crisis.standin.calls_to("chat.update")) == updates
    assert timeline_kinds(crisis).count("mention_handled") == 1


def test_reclassify_changes_class_and_suggested_action(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    card = log_by_command(crisis, incident, f"https://x.com/sarah_m/status/77 {COMPLAINT}")
    mention_id = stored_mentions(crisis)[0].id
    crisis.click(card, ids.MENTION_RECLASSIFY, "U0RESP", option_value=f"{mention_id}:competitor")
    [mention] = stored_mentions(crisis)
    assert mention.mention_class == "competitor" and mention.suggested_action == "consider_ignoring"
    assert mention.classified_by_user_id == "U0RESP"
    updated = crisis.standin.find_message(card["ts"])[1]  # type: ignore[index]
    text = str(updated["blocks"])
    assert "Competitor / provocation" in text and "consider not answering" in text
    assert "class set by <@U0RESP>" in text
    select_element = updated["blocks"][-1]["elements"][-1]
    assert select_element["initial_option"]["value"] == f"{mention_id}:competitor"
    updates = len(crisis.standin.calls_to("chat.update"))
    crisis.replay()
    assert len(crisis.standin.calls_to("chat.update")) == updates
    assert timeline_kinds(crisis).count("mention_reclassified") == 1


def test_slack_failure_on_update_is_explained_and_a_second_click_heals_the_card(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    card = log_by_command(crisis, incident, f"https://x.com/sarah_m/status/77 {COMPLAINT}")
    crisis.standin.fail_next("chat.update", error="message_not_found")
    crisis.click(card, ids.MENTION_RESPONDED, "U0RESP")
    assert stored_mentions(crisis)[0].state == "responded"
    told = crisis.standin.ephemerals(incident.channel_id, "U0RESP")
    assert told and "Slack refused the request (message_not_found)" in str(told[-1])
    crisis.click(card, ids.MENTION_RESPONDED, "U0RESP")
    assert "Responded by <@U0RESP>" in str(crisis.standin.find_message(card["ts"])[1]["blocks"])  # type: ignore[index]
    assert timeline_kinds(crisis).count("mention_handled") == 1


def test_card_post_failure_keeps_the_mention_and_logging_again_posts_it(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.standin.fail_next("chat.postMessage", error="ratelimited")
    crisis.command(f"mention https://x.com/sarah_m/status/77 {COMPLAINT}", channel_id=incident.channel_id)
    assert "is saved, but its card could not be posted" in str(last_response(crisis)["blocks"])
    assert stored_mentions(crisis)[0].card_ts is None and cards(crisis, incident) == []
    crisis.command("mention https://x.com/sarah_m/status/77", channel_id=incident.channel_id)
    assert len(cards(crisis, incident)) == 1
    assert stored_mentions(crisis)[0].card_ts == cards(crisis, incident)[0]["ts"]


def test_mentions_summary(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel_id = incident.channel_id
    crisis.command("mentions", channel_id=channel_id)
    assert "No mentions yet" in str(last_response(crisis)["blocks"])

    card = log_by_command(crisis, incident, f"https://x.com/sarah_m/status/77 {COMPLAINT}")
    log_by_command(crisis, incident, "https://www.facebook.com/p/1 you are all f*cking idiots")
    log_by_command(
        crisis, incident, "https://x.com/promo/status/8 50% off followers, DM me on telegram www.cheap.shop"
    )
    crisis.click(card, ids.MENTION_RESPONDED, "U0RESP")

    crisis.command("mentions", user_id="U0RESP", channel_id=channel_id)
    body = last_response(crisis)
    assert body["response_type"] == "ephemeral"
    text = str(body["blocks"])
    assert "3 logged · 2 open · 1 handled" in text
    assert "Genuine complaint: 1" in text and "Insult / obscenity: 1" in text
    assert "Unauthorised advertising: 1" in text
    assert "x: 2" in text and "facebook: 1" in text
    assert "Responded: 1" in text and "Open: 2" in text
    crisis.command("help", channel_id=channel_id)
    assert "/crisis mention LINK [text of the post]" in str(last_response(crisis)["blocks"])
    assert_valid_payloads(crisis.standin)


def test_spanish_crisis_gets_spanish_cards(crisis: RunningApp) -> None:
    crisis.command("open Crisis")
    modal = crisis.last_view()
    crisis.submit(modal, {**OPEN_VALUES, "language_input": "es"})
    with Session(crisis.context.engine) as session:
        incident = session.exec(select(Incident)).one()
    card = log_by_command(
        crisis, incident, "https://x.com/ana/status/3 Me cobraron dos veces el pedido #55123 ayer"
    )
    text = str(card["blocks"])
    assert "Queja genuina" in text and "Responde en público" in text


def test_a_mention_of_an_earlier_x_post_moves_the_first_negative_post(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    earlier = incident.first_negative_at - timedelta(hours=2)
    status_id = (int(earlier.timestamp() * 1000) - 1288834974657) << 22
    crisis.command(
        f"mention https://x.com/angry_ana/status/{status_id} Refunds take months here",
        channel_id=incident.channel_id,
    )
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        due = session.exec(
            select(DeadlineMark.due_at).where(
                DeadlineMark.incident_id == incident.id,
                DeadlineMark.mark == "response_12h",
                DeadlineMark.kind == "due",
                DeadlineMark.state == "pending",
            )
        ).all()
    assert stored is not None and stored.first_negative_at == earlier
    assert due == [earlier + timedelta(hours=12)]
