"""The monitoring feed without Slack: bursts, the threshold in a sliding window, loud sources, the
pre-filled title, and a burst handed to one crisis only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.mentions import monitoring
from bot.mentions.mentions import MentionInput
from bot.mentions.monitoring import Thresholds
from tests.mentions.test_mentions import make_incident

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RULE = Thresholds(posts=3, window=timedelta(minutes=60))


TEXTS = [
    "My order #50001 was charged twice and support never answers",
    "Refund for booking 77120 is three weeks late, nobody replies",
    "Delivery of order #60313 never came, the tracking page is frozen since Monday",
    "I paid $40 for express shipping and got nothing, ticket 88123 ignored",
    "Charged again this morning for a cancelled subscription, account 90411",
]


def complaint(number: int, minutes_ago: int, followers: int = 200) -> MentionInput:
    """A distinct complaint each (near-identical ones would be repeats, which never make a burst)."""
    return MentionInput(
        url=f"https://x.com/c{number}/status/{number}",
        platform="x",
        text=TEXTS[number - 1],
        author=f"c{number}",
        author_followers=followers,
        posted_at=NOW - timedelta(minutes=minutes_ago),
    )


def test_the_threshold_counts_posts_within_one_window_and_crosses_once(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        # 0 and 70 minutes ago are in one burst (each within the window of the last) but not one window
        results = [
            monitoring.record_post(session, "T1", complaint(n, minutes), "en", NOW, RULE)
            for n, minutes in ((1, 130), (2, 70), (3, 65))
        ]
        assert [r.crossed for r in results] == [False, False, False]
        fourth = monitoring.record_post(session, "T1", complaint(4, 20), "en", NOW, RULE)
        fifth = monitoring.record_post(session, "T1", complaint(5, 10), "en", NOW, RULE)
        assert fourth.crossed is True and fourth.burst is not None and fourth.burst.trigger == "volume"
        assert fifth.crossed is False, "a burst crosses the threshold once"
        burst_id = fourth.burst.id
        assert burst_id is not None and {r.burst.id for r in results if r.burst} == {burst_id}
        assert monitoring.claim_suggestion(session, burst_id, NOW) is True
        assert monitoring.claim_suggestion(session, burst_id, NOW) is False
        again = monitoring.record_post(session, "T1", complaint(5, 10), "en", NOW, RULE)
        assert again.created is False and again.post.id == fifth.post.id
        # another workspace has its own feed
        assert monitoring.record_post(session, "T2", complaint(5, 10), "en", NOW, RULE).created is True


def test_one_influencer_post_crosses_at_once(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        loud = monitoring.record_post(session, "T1", complaint(1, 5, followers=50_000), "en", NOW, RULE)
    assert loud.crossed is True and loud.burst is not None and loud.burst.trigger == "influencer"


def test_the_prefill_and_one_crisis_per_burst(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        for n, minutes in ((1, 30), (2, 50), (3, 10)):
            recorded = monitoring.record_post(session, "T1", complaint(n, minutes), "es", NOW, RULE)
        assert recorded.burst is not None and recorded.burst.id is not None
        burst_id = recorded.burst.id
        values = monitoring.prefill(session, burst_id, "fallback")
        assert values is not None and values.first_negative_at == NOW - timedelta(minutes=50)
        assert values.first_post_url == "https://x.com/c2/status/2" and values.language == "es"
        first = make_incident(session)
        first.channel_id = "C0FIRST"
        session.flush()
        second = make_incident(session)  # a second crisis opened from the same suggestion
        assert len(monitoring.adopt_burst(session, burst_id, first.id)) == 3  # type: ignore[arg-type]
        assert monitoring.adopt_burst(session, burst_id, second.id) == []  # type: ignore[arg-type]
        assert monitoring.prefill(session, burst_id, "fallback") is None


def test_suggested_title_cuts_at_a_word() -> None:
    assert monitoring.suggested_title("  short   post ", "x") == "short post"
    assert monitoring.suggested_title("", "fallback") == "fallback"
    long = "word " * 40
    title = monitoring.suggested_title(long, "x")
    assert title.endswith("…") and len(title) <= monitoring.SUGGESTED_TITLE + 1 and "wor…" not in title
