"""bot.mentions without Slack: parsing webhook bodies and Slack text, URLs, storing, handling, summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.errors import CrisisError
from bot.core.models import Incident, require_id
from bot.core.states import IncidentStatus, MentionState
from bot.mentions import mentions, webhook_tokens
from bot.mentions.mentions import MentionInput, WebhookInputError
from messages.render import render_document
from tests.support.builders import REPOST_CHAIN

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def body(**fields: object) -> bytes:
    base: dict[str, object] = {
        "incident": "crisis-20260302-refunds",
        "platform": "Twitter",
        "url": "https://x.com/ana/status/1",
        "text": "  My order #12345 never came  ",
        "posted_at": "2026-03-02T08:15:00+01:00",
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...}).encode()


def test_parse_webhook_body_normalises_values() -> None:
    parsed = mentions.parse_webhook_body(body(author=" ana ", reach=12, author_followers=0), NOW)
    assert parsed.incident_ref == "crisis-20260302-refunds" and parsed.incident_id is None
    data = parsed.mention
    assert data.platform == "twitter" and data.text == "My order #12345 never came" and data.author == "ana"
    assert data.posted_at == datetime(2026, 3, 2, 7, 15, tzinfo=UTC)
    assert data.reach == 12 and data.author_followers == 0


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"url": ..., "text": ...}, {"url", "text"}),
        ({"platform": ""}, {"platform"}),
        ({"reach": True, "author_followers": 1.5}, {"reach", "author_followers"}),
        ({"incident": ..., "incident_id": "7"}, {"incident_id"}),
        ({"incident": ..., "language": "fr"}, {"language"}),
        ({"posted_at": "yesterday"}, {"posted_at"}),
        ({"url": "https://exa mple.com"}, {"url"}),
        ({"url": "https://x.com/" + "a" * 2000}, {"url"}),
        ({"author": "a" * 201}, {"author"}),
    ],
)
def test_parse_webhook_body_lists_every_bad_field(fields: dict, bad: set[str]) -> None:
    with pytest.raises(WebhookInputError) as caught:
        mentions.parse_webhook_body(body(**fields), NOW)
    assert set(caught.value.problems) == bad


def test_slack_text_links_and_markup() -> None:
    url, rest = mentions.from_slack_text("<https://x.com/a/status/1?s=20|x.com/a> they &amp; <@U123|bob> lie")
    assert url == "https://x.com/a/status/1?s=20" and rest == "they & @bob lie"
    assert mentions.from_slack_text("see https://t.co/abc now") == ("https://t.co/abc", "see now")
    assert mentions.from_slack_text("no link here") == (None, "no link here")


def test_urls_platforms_and_authors() -> None:
    assert mentions.normalise_url(" HTTPS://WWW.Example.com/Post/ü?id=1#frag ") == (
        "https://www.example.com/Post/%C3%BC?id=1"
    )
    assert mentions.platform_from_url("https://mobile.twitter.com/a/status/1") == "x"
    assert mentions.platform_from_url("https://www.facebook.com/x") == "facebook"
    assert mentions.platform_from_url("https://blog.example.org/p") == "blog.example.org"
    assert mentions.author_from_url("https://x.com/sarah_m/status/1") == "sarah_m"
    assert mentions.author_from_url("https://www.tiktok.com/@lumo.fan/video/1") == "lumo.fan"
    assert mentions.author_from_url("https://www.instagram.com/p/abc/") is None
    assert mentions.author_from_url("https://example.com/sarah") is None
    with pytest.raises(CrisisError):
        mentions.from_slack("just words")


def make_incident(session: Session, status: str = IncidentStatus.OPEN) -> Incident:
    incident = Incident(
        team_id="T0001",
        channel_id="C0INC",
        channel_name="crisis-20260302-refunds",
        title="Refunds",
        case_key="outage_our_fault",
        severity="high",
        language="en",
        responsible_user_id="U0RESP",
        opener_user_id="U0OPENER",
        first_negative_at=NOW - timedelta(hours=3),
        status=status,
        created_at=NOW,
    )
    session.add(incident)
    session.flush()
    return incident


def post(url: str, text: str, author: str | None = "ana", platform: str = "x") -> MentionInput:
    return MentionInput(url=url, platform=platform, text=text, author=author)


def test_log_mention_is_idempotent_by_url_and_keeps_the_first_of_repeats(engine: Engine) -> None:
    complaint = "Charged twice for order #48213 yesterday, please refund me"
    with Session(engine, expire_on_commit=False) as session:
        incident = make_incident(session)
        first = mentions.log_mention(
            session, incident, post("https://x.com/ana/status/1", complaint), "U1", NOW
        )
        again = mentions.log_mention(
            session, incident, post("https://x.com/ana/status/1#x", "other"), "U2", NOW
        )
        repeat = mentions.log_mention(
            session, incident, post("https://x.com/ana/status/2", complaint), "U1", NOW
        )
        session.commit()
    assert first.created and not again.created and again.mention.id == first.mention.id
    assert first.mention.mention_class == "complaint"
    assert (
        repeat.mention.mention_class == "spam_duplicate"
        and repeat.mention.duplicate_of_id == first.mention.id
    )


def test_a_logged_repeat_of_a_repeat_points_at_the_first_post_stored_with_it(engine: Engine) -> None:
    """The second post is stored as a repeat of the first; the third resembles only the second (the
    first is too far by now), and is stored as a repeat of the first, the one post the group keeps."""
    texts = REPOST_CHAIN
    with Session(engine, expire_on_commit=False) as session:
        incident = make_incident(session)
        posts = [post(f"https://x.com/u{n}/status/1", text, f"u{n}") for n, text in enumerate(texts)]
        logged = [mentions.log_mention(session, incident, data, "U1", NOW) for data in posts]
        session.commit()
    first, second, third = (entry.mention for entry in logged)
    assert first.mention_class == "complaint"
    assert second.duplicate_of_id == first.id
    assert third.mention_class == "spam_duplicate" and third.duplicate_of_id == first.id


def test_log_mention_refuses_a_resolved_incident(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        incident = make_incident(session, IncidentStatus.RESOLVED)
        with pytest.raises(CrisisError):
            mentions.log_mention(session, incident, post("https://x.com/a/status/1", "bad"), "U1", NOW)


def test_handling_reclassifying_and_summary(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        incident = make_incident(session)
        a = mentions.log_mention(
            session, incident, post("https://x.com/ana/status/1", "My order #4821 is 5 days late"), "U1", NOW
        ).mention
        b = mentions.log_mention(
            session,
            incident,
            post("https://facebook.com/p/2", "idiots, all of you", author=None, platform="facebook"),
            "U1",
            NOW,
        ).mention
        assert mentions.set_state(session, a, MentionState.RESPONDED, "U2", NOW)
        assert not mentions.set_state(session, a, MentionState.RESPONDED, "U2", NOW)
        with pytest.raises(CrisisError):
            mentions.set_state(session, b, MentionState.HIDDEN, "U2", NOW, "  ")
        assert mentions.set_state(session, b, MentionState.HIDDEN, "U2", NOW, "Insults (rule 2)")
        assert mentions.reclassify(session, a, "competitor", "U3", NOW)
        assert a.suggested_action == "consider_ignoring" and a.classified_by_user_id == "U3"
        with pytest.raises(CrisisError):
            mentions.reclassify(session, a, "nonsense", "U3", NOW)
        mentions.log_mention(
            session,
            incident,
            post("https://x.com/bo/status/3", "Where is my refund?? 3 days!", "bo"),
            "U1",
            NOW,
        )
        summary = mentions.summarise(session, require_id(incident))
        session.commit()
    assert (summary.total, summary.open, summary.handled) == (3, 1, 2)
    assert summary.by_class == {"complaint": 1, "insult": 1, "competitor": 1}
    assert summary.by_platform == {"x": 2, "facebook": 1}
    assert summary.by_source["anonymous"] == 1
    assert summary.by_state == {"open": 1, "responded": 1, "hidden": 1}


def test_webhook_tokens_store_only_a_hash(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        minted = webhook_tokens.mint(session, "T0001", NOW)
        session.commit()
        assert minted.secret.startswith(webhook_tokens.TOKEN_PREFIX)
        [row] = webhook_tokens.list_tokens(session)
        assert row.token_hash == webhook_tokens.hash_token(minted.secret) != minted.secret
        assert webhook_tokens.authenticate(session, f"Bearer {minted.secret}") == row
        assert webhook_tokens.authenticate(session, f"bearer  {minted.secret} ") == row
        for header in (
            None,
            "",
            minted.secret,
            f"Basic {minted.secret}",
            "Bearer nope",
            "Bearer " + "x" * 500,
        ):
            assert webhook_tokens.authenticate(session, header) is None
        assert webhook_tokens.revoke(session, require_id(row), NOW)
        assert not webhook_tokens.revoke(session, require_id(row), NOW)
        assert webhook_tokens.authenticate(session, f"Bearer {minted.secret}") is None


def test_report_partial_renders_the_summary() -> None:
    summary = mentions.MentionSummary(
        total=2, open=1, handled=1, by_class={"insult": 2}, by_platform={"x|y": 2}, by_source={"media": 2}
    )
    text = render_document("mentions_summary.md.j2", "en", summary=summary)
    assert "### Negative mentions" in text and "2 logged · 1 open · 1 handled" in text
    assert "| Insult / obscenity | 2 |" in text and "| x/y | 2 |" in text and "| Media | 2 |" in text


def test_an_x_status_url_tells_when_the_post_was_published() -> None:
    from bot.mentions.mentions import posted_at_from_url

    assert (
        str(posted_at_from_url("https://x.com/elonmusk/status/1585341984679469056"))
        == "2022-10-26 18:45:58+00:00"
    )
    assert str(posted_at_from_url("https://twitter.com/a/status/1858000000000000000?s=20")) == (
        "2024-11-17 04:11:34+00:00"
    )
    assert posted_at_from_url("https://x.com/jack/status/20") is None, "pre-2010 ids are not snowflakes"
    assert posted_at_from_url("https://www.facebook.com/brand/posts/1585341984679469056") is None
