"""Standing monitoring over real HTTP: `POST /webhooks/mentions` without a crisis feeds the monitoring
channel, a burst suggests opening a crisis once, the button opens the pre-filled modal, and the crisis
opened from it takes the burst's posts as mentions (a private one is never named in the feed)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Incident, Mention, MonitoredPost, MonitoringBurst
from bot.demo.standin import SlackStandin
from messages import ids
from tests.e2e.test_crisis_commands import last_response
from tests.e2e.test_hostile_text import FORBIDDEN, _strings, hostile_text
from tests.e2e.test_mentions_webhook import mint, post
from tests.e2e.test_open_crisis import OPEN_VALUES
from tests.support.builders import REPOST_CHAIN
from tests.support.running_app import START, RunningApp, assert_valid_payloads, start_app

COMPLAINTS = [
    "Lumo charged me twice for order #48213 yesterday and nobody answers the support chat.",
    "My refund for order #51120 is three weeks late, support keeps closing the ticket.",
    "Third day without my money back, order #60031, this is how Lumo treats customers?",
    "Order #70212 cancelled without notice and the refund never came, what is going on Lumo",
]


def webhook_post(url: str, text: str, minutes_ago: int, **changes: Any) -> dict[str, Any]:
    """A webhook body naming no crisis: it goes to the monitoring feed."""
    return {
        "platform": "twitter",
        "url": url,
        "author": url.split("/")[3],
        "author_followers": 240,
        "text": text,
        "posted_at": (START - timedelta(minutes=minutes_ago)).isoformat().replace("+00:00", "Z"),
        **changes,
    }


@pytest.fixture
def feed(standin: SlackStandin) -> str:
    """The monitoring channel; the bot is not in it yet. Posting there answers `not_in_channel`
    (https://docs.slack.dev/reference/methods/chat.postMessage), so the bot joins it first
    (https://docs.slack.dev/reference/methods/conversations.join), as for the leadership channel."""
    return standin.add_channel("brand-monitoring", members=["U0OPENER", "U0RESP", "U0OTHER"]).id


def start_monitoring(database_url: str, standin: SlackStandin, feed: str, **overrides: Any) -> RunningApp:
    return start_app(
        database_url,
        standin,
        crisis_monitoring_channel=feed,
        monitoring_threshold=3,
        monitoring_window_minutes=60,
        **overrides,
    )


@pytest.fixture
def monitored(engine: Engine, database_url: str, standin: SlackStandin, feed: str) -> Iterator[RunningApp]:
    running = start_monitoring(database_url, standin, feed)
    try:
        yield running
    finally:
        running.stop()


def _is_suggestion(message: dict) -> bool:
    """The suggestion leads with 🚨 (with its button, or once a crisis was opened, where it is)."""
    return "🚨" in str(message.get("blocks"))


def suggestions(crisis: RunningApp, feed: str) -> list[dict]:
    """The suggestions to open a crisis in the monitoring channel, as Slack has them now."""
    return [m for m in crisis.standin.messages(feed) if _is_suggestion(m)]


def feed_cards(crisis: RunningApp, feed: str) -> list[dict]:
    """The posts' cards in the monitoring channel."""
    return [m for m in crisis.standin.messages(feed) if not _is_suggestion(m)]


def send_burst(crisis: RunningApp, token: str, count: int = 3) -> list[dict[str, Any]]:
    """`count` complaints within the hour, earliest first (50, 40, 30 … minutes ago)."""
    answers = []
    for index, text in enumerate(COMPLAINTS[:count]):
        body = webhook_post(f"https://x.com/cust{index}/status/{1000 + index}", text, 50 - 10 * index)
        status, answer = post(crisis, body, token)
        assert status == 202, answer
        answers.append(answer)
    return answers


def test_posts_naming_no_crisis_are_triaged_into_the_feed_and_a_burst_suggests_a_crisis_once(
    monitored: RunningApp, feed: str
) -> None:
    token = mint(monitored)
    first, second = send_burst(monitored, token, 2)
    assert first["ok"] and first["monitoring"] and first["duplicate"] is False
    assert first["mention_class"] == "complaint" and first["suggested"] is False
    assert second["suggested"] is False
    assert len(feed_cards(monitored, feed)) == 2 and suggestions(monitored, feed) == []
    assert "U0BOT" in monitored.standin.members(feed)
    assert [call.params["channel"] for call in monitored.standin.calls_to("conversations.join")] == [feed]
    card = str(feed_cards(monitored, feed)[0]["blocks"])
    assert "Genuine complaint" in card and "cust0" in card and "order #48213" in card
    assert "Answer publicly and personally" in card

    # an ad is triaged and shown, but it is not a negative post: no suggestion yet
    status, ad = post(
        monitored,
        webhook_post(
            "https://x.com/promo/status/9", "Cheap followers!! DM me, promo code WIN50 at fast-likes.biz", 20
        ),
        token,
    )
    assert status == 202 and ad["mention_class"] == "ad" and ad["suggested"] is False
    assert suggestions(monitored, feed) == []

    # the third complaint within the hour crosses the threshold: one suggestion with one button
    status, third = post(monitored, webhook_post("https://x.com/cust2/status/1002", COMPLAINTS[2], 10), token)
    assert status == 202 and third["suggested"] is True
    [suggestion] = suggestions(monitored, feed)
    text = str(suggestion["blocks"])
    assert "Open a crisis?" in text and "3 negative posts within 60 minutes" in text
    buttons = [
        element
        for block in suggestion["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert [button["action_id"] for button in buttons] == [ids.MONITORING_OPEN_CRISIS]

    # more posts of the same burst, and a listening tool's retry: no second suggestion, no second card
    status, fourth = post(monitored, webhook_post("https://x.com/cust3/status/1003", COMPLAINTS[3], 5), token)
    assert status == 202 and fourth["suggested"] is False
    status, again = post(monitored, webhook_post("https://X.com/cust3/status/1003#reply", "edited", 5), token)
    assert status == 202 and again == {**fourth, "duplicate": True}
    assert len(suggestions(monitored, feed)) == 1
    assert len(feed_cards(monitored, feed)) == 5  # 4 complaints and the ad
    with Session(monitored.context.engine) as session:
        [burst] = session.exec(select(MonitoringBurst)).all()
        posts = session.exec(select(MonitoredPost)).all()
    assert burst.trigger == "volume" and burst.suggestion_ts == suggestion["ts"]
    assert len(posts) == 5 and sum(p.negative for p in posts) == 4
    assert burst.first_posted_at == START - timedelta(minutes=50)
    with Session(monitored.context.engine) as session:
        assert session.exec(select(Mention)).all() == [], "nothing is logged into a crisis yet"
    assert_valid_payloads(monitored.standin)


def test_a_repeat_of_a_repeat_in_the_feed_names_the_first_post_and_never_counts_towards_a_burst(
    monitored: RunningApp, feed: str
) -> None:
    """Three accounts post the same complaint, each copying the one before; the third resembles only the
    second. Both repeats point at the first post, the one the feed keeps, and their cards link to it."""
    token = mint(monitored)
    for n, text in enumerate(REPOST_CHAIN):
        status, answer = post(
            monitored, webhook_post(f"https://x.com/acct{n}/status/{500 + n}", text, 30 - n), token
        )
        assert status == 202, answer
    with Session(monitored.context.engine) as session:
        first, second, third = session.exec(select(MonitoredPost).order_by(MonitoredPost.id)).all()  # type: ignore[arg-type]
    assert first.mention_class == "complaint" and first.duplicate_of_id is None
    assert [second.mention_class, third.mention_class] == ["spam_duplicate", "spam_duplicate"]
    assert second.duplicate_of_id == first.id and third.duplicate_of_id == first.id
    assert not second.negative and not third.negative and suggestions(monitored, feed) == []
    cards = feed_cards(monitored, feed)
    assert len(cards) == 3
    for card in cards[1:]:
        assert f"<https://x.com/acct0/status/500|#{first.id}>" in str(card["blocks"])
    assert "Repeats the post" not in str(cards[0]["blocks"])
    assert_valid_payloads(monitored.standin)


def test_posts_further_apart_than_the_window_do_not_add_up(monitored: RunningApp, feed: str) -> None:
    token = mint(monitored)
    for index, minutes_ago in enumerate((300, 200, 100)):
        body = webhook_post(
            f"https://x.com/cust{index}/status/{2000 + index}", COMPLAINTS[index], minutes_ago
        )
        status, answer = post(monitored, body, token)
        assert status == 202 and answer["suggested"] is False
    assert suggestions(monitored, feed) == []
    with Session(monitored.context.engine) as session:
        assert len(session.exec(select(MonitoringBurst)).all()) == 3


def test_the_button_opens_the_modal_prefilled_and_the_crisis_takes_the_burst(
    monitored: RunningApp, feed: str
) -> None:
    token = mint(monitored)
    send_burst(monitored, token, 3)
    [suggestion] = suggestions(monitored, feed)
    # two people click before either submits: each gets the modal
    monitored.click(suggestion, ids.MONITORING_OPEN_CRISIS, "U0OTHER", channel_id=feed)
    late_modal = monitored.last_view()
    monitored.click(suggestion, ids.MONITORING_OPEN_CRISIS, "U0OPENER", channel_id=feed)
    modal = monitored.last_view()
    assert modal["callback_id"] == late_modal["callback_id"] == ids.OPEN_MODAL
    blocks = {block["block_id"]: block for block in modal["blocks"] if "block_id" in block}
    earliest = START - timedelta(minutes=50)
    assert blocks[ids.OPEN_TITLE]["element"]["initial_value"] == COMPLAINTS[0][:80].rsplit(" ", 1)[0] + "…"
    assert blocks[ids.OPEN_FIRST_NEGATIVE_AT]["element"]["initial_date_time"] == int(earliest.timestamp())
    assert blocks[ids.OPEN_FIRST_POST_URL]["element"]["initial_value"] == "https://x.com/cust0/status/1000"
    assert blocks[ids.OPEN_LANGUAGE]["element"]["initial_option"]["value"] == "en"

    values = {
        key: value
        for key, value in OPEN_VALUES.items()
        if key not in ("title_input", "first_negative_at_input", "first_post_url_input")
    }
    response = monitored.submit(modal, {**values, "severity_input": "high"})
    assert response.status == 200 and not response.view_error, response.body
    with Session(monitored.context.engine) as session:
        incident = session.exec(select(Incident)).one()
        mentions = session.exec(select(Mention).order_by(Mention.id)).all()  # type: ignore[arg-type]
        burst = session.exec(select(MonitoringBurst)).one()
    assert (
        incident.first_negative_at == earliest
        and incident.first_post_url == "https://x.com/cust0/status/1000"
    )
    assert incident.title.startswith("Lumo charged me twice")
    assert [m.url for m in mentions] == [f"https://x.com/cust{i}/status/{1000 + i}" for i in range(3)]
    assert all(m.logged_by.startswith("monitoring:") for m in mentions)
    assert burst.incident_id == incident.id
    crisis_cards = [
        m
        for m in monitored.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if ids.MENTION_ACTIONS_BLOCK in str(m.get("blocks"))
    ]
    assert len(crisis_cards) == 3

    # the suggestion now says where the crisis is, and its button is gone
    updated = monitored.standin.find_message(suggestion["ts"])[1]  # type: ignore[index]
    text = str(updated["blocks"])
    assert f"<#{incident.channel_id}>" in text and "<@U0RESP>" in text and "3 posts were logged" in text
    assert ids.MONITORING_OPEN_CRISIS not in text
    # the second person's modal, submitted now, opens no second crisis and says why
    response = monitored.submit(late_modal, {**values, "title_input": "Refunds again"}, user_id="U0OTHER")
    assert response.status == 200 and not response.view_error
    with Session(monitored.context.engine) as session:
        assert len(session.exec(select(Incident)).all()) == 1
        assert len(session.exec(select(Mention)).all()) == 3
    told = str(monitored.standin.ephemerals(user_id="U0OTHER")) + str(
        monitored.standin.dm_messages("U0OTHER")
    )
    assert "already opened from these posts" in told

    # the next negative post starts a new burst
    status, answer = post(monitored, webhook_post("https://x.com/late/status/3000", COMPLAINTS[3], 1), token)
    assert status == 202 and answer["suggested"] is False
    with Session(monitored.context.engine) as session:
        assert len(session.exec(select(MonitoringBurst)).all()) == 2
    assert_valid_payloads(monitored.standin)


def test_a_private_crisis_opened_from_the_feed_is_never_named_there(monitored: RunningApp, feed: str) -> None:
    token = mint(monitored)
    send_burst(monitored, token, 3)
    [suggestion] = suggestions(monitored, feed)
    monitored.click(suggestion, ids.MONITORING_OPEN_CRISIS, "U0OPENER", channel_id=feed)
    response = monitored.submit(
        monitored.last_view(),
        {
            "title_input": "Customer database exposed",
            "case_input": "data_leak",
            "severity_input": "high",
            "responsible_input": "U0RESP",
            "description_input": "Card numbers of 2,000 customers posted on a forum.",
        },
    )
    assert response.status == 200 and not response.view_error, response.body
    with Session(monitored.context.engine) as session:
        incident = session.exec(select(Incident)).one()
        assert len(session.exec(select(Mention)).all()) == 3
    assert incident.is_private
    feed_text = str(monitored.standin.messages(feed))
    assert "A private crisis was opened from these posts" in feed_text and "<@U0RESP>" in feed_text
    for secret in (incident.title, "database exposed", str(incident.channel_id), str(incident.channel_name)):
        assert secret not in feed_text, secret
    assert ids.MONITORING_OPEN_CRISIS not in feed_text


@pytest.mark.parametrize(
    ("language", "source", "changes", "expected"),
    [
        ("es", "influencer", {"author_followers": 85000}, ["¿Abrir una crisis?", "influencer"]),
        ("zh", "media", {"platform": "news", "author": "daily_news"}, ["是否开启危机？", "媒体"]),
    ],
)
def test_one_influencer_or_press_post_suggests_a_crisis_at_once_in_the_workspace_language(
    engine: Engine,
    database_url: str,
    standin: SlackStandin,
    feed: str,
    language: str,
    source: str,
    changes: dict[str, Any],
    expected: list[str],
) -> None:
    crisis = start_monitoring(database_url, standin, feed, crisis_language=language)
    try:
        token = mint(crisis)
        body = webhook_post("https://x.com/loud/status/4000", COMPLAINTS[0], 5, language=language, **changes)
        status, answer = post(crisis, body, token)
        assert status == 202 and answer["source_kind"] == source and answer["suggested"] is True
        [suggestion] = suggestions(crisis, feed)
        text = str(suggestion["blocks"])
        for words in expected:
            assert words in text
        crisis.click(suggestion, ids.MONITORING_OPEN_CRISIS, "U0OPENER", channel_id=feed)
        modal = crisis.last_view()
        language_block = next(b for b in modal["blocks"] if b.get("block_id") == ids.OPEN_LANGUAGE)
        assert language_block["element"]["initial_option"]["value"] == language
        assert_valid_payloads(crisis.standin)
    finally:
        crisis.stop()


def test_without_a_monitoring_channel_a_post_naming_no_crisis_is_refused_until_one_is_set(
    crisis: RunningApp, feed: str
) -> None:
    token = mint(crisis)
    body = webhook_post("https://x.com/cust0/status/1000", COMPLAINTS[0], 5)
    status, answer = post(crisis, body, token)
    assert status == 400 and "incident" in answer["fields"]

    crisis.command("settings")
    assert "No monitoring channel is set" in str(last_response(crisis)["blocks"])
    crisis.command("settings monitoring #brand-monitoring")
    assert f"set the monitoring channel to <#{feed}>" in str(last_response(crisis)["blocks"])
    crisis.command("settings")
    assert f"Monitoring channel: <#{feed}>" in str(last_response(crisis)["blocks"])

    status, answer = post(crisis, body, token)
    assert status == 202 and answer["monitoring"] is True
    assert len(feed_cards(crisis, feed)) == 1
    # another workspace's token does not reach this workspace's feed
    status, _ = post(crisis, {**body, "url": "https://x.com/x/status/5"}, mint(crisis, "T0OTHER"))
    assert status == 400

    crisis.command("settings monitoring off")
    assert "switched the monitoring channel off" in str(last_response(crisis)["blocks"])
    assert post(crisis, {**body, "url": "https://x.com/cust1/status/6"}, token)[0] == 400


def test_a_slack_failure_keeps_the_post_and_the_listening_tools_retry_posts_card_and_suggestion(
    monitored: RunningApp, feed: str
) -> None:
    token = mint(monitored)
    send_burst(monitored, token, 2)
    monitored.standin.fail_next("chat.postMessage", error="channel_not_found", times=2)
    body = webhook_post("https://x.com/cust2/status/1002", COMPLAINTS[2], 10)
    status, answer = post(monitored, body, token)
    assert status == 202 and answer["suggested"] is False and answer["duplicate"] is False
    assert len(feed_cards(monitored, feed)) == 2 and suggestions(monitored, feed) == []
    with Session(monitored.context.engine) as session:
        burst = session.exec(select(MonitoringBurst)).one()
    assert burst.trigger == "volume" and burst.suggested_at is None

    status, again = post(monitored, body, token)
    assert status == 202 and again["duplicate"] is True and again["suggested"] is True
    assert len(feed_cards(monitored, feed)) == 3 and len(suggestions(monitored, feed)) == 1
    status, third = post(monitored, body, token)
    assert third["suggested"] is False and len(suggestions(monitored, feed)) == 1


def test_posts_arriving_together_make_one_burst_and_one_suggestion(monitored: RunningApp, feed: str) -> None:
    token = mint(monitored)
    bodies = [
        webhook_post(f"https://x.com/cust{index}/status/{6000 + index}", text, 30 - index)
        for index, text in enumerate(COMPLAINTS)
    ]
    answers: list[tuple[int, dict[str, Any]]] = []
    threads = [
        threading.Thread(target=lambda b=body: answers.append(post(monitored, b, token))) for body in bodies
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(status for status, _ in answers) == [202] * 4
    assert sum(answer["suggested"] for _, answer in answers) == 1
    with Session(monitored.context.engine) as session:
        assert len(session.exec(select(MonitoringBurst)).all()) == 1
    assert len(suggestions(monitored, feed)) == 1 and len(feed_cards(monitored, feed)) == 4


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],
)
@example(text="<!channel> refunds <@UHOSTILE>", author="<!here>")
@given(text=hostile_text, author=hostile_text)
def test_hostile_posts_never_reach_the_feed_as_markup(
    monitored: RunningApp, feed: str, text: str, author: str
) -> None:
    """Property: whatever a listening tool sends, no mention markup reaches Slack raw, every card and
    suggestion is valid Block Kit, and nothing fails."""
    token = mint(monitored)
    # the webhook refuses NUL with a 400 (tested with the webhook); everything else must pass
    text, author = text.replace("\x00", ""), author.replace("\x00", "")
    calls_before = len(monitored.standin.calls)
    base = len(monitored.standin.calls)
    for index in range(3):
        body = webhook_post(
            f"https://x.com/h{base}/status/{index}",
            (text[:4000] or "x") + f" order #{base + index}",
            5 + index,
            author=(author[:150] or None),
            author_followers=50_000 if index == 0 else 50,
        )
        status, answer = post(monitored, body, token)
        assert status == 202, answer
    for call in monitored.standin.calls[calls_before:]:
        for rendered in _strings(call.params):
            assert not any(markup in rendered for markup in FORBIDDEN), (call.method, rendered[:300])
            assert "\x00" not in rendered
    assert_valid_payloads(monitored.standin)
