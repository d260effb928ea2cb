"""Negative mentions: the posts that make a crisis, logged into its incident, triaged and handled.

Three ways in: the message shortcut "Log as mention", `/crisis mention <url> [text]`, and
`POST /webhooks/mentions` for social-listening tools. Each mention is stored first (idempotent by
URL within an incident), classified by `bot.triage` (seeds 004, 000, 002, 001), and then shown in
the incident channel as a card with a suggested action and buttons. The earliest mention's time
moves the incident's first negative post back (`bot.deadlines.deadlines.move_first_post`).

Webhook body (JSON object, at most 64 KiB)::

    {"incident": "crisis-20260302-refunds" | "C0123ABCD",   # channel name or id, or:
     "incident_id": 12,
     "platform": "twitter", "url": "https://x.com/ana/status/1",
     "text": "...", "posted_at": "2026-03-02T08:15:00Z",     # ISO 8601 with a time zone
     "author": "ana" | null, "author_followers": 120, "reach": 5000}   # optional

`platform`, `url`, `text` and `posted_at` are required. A body naming no crisis (neither `incident` nor
`incident_id`) goes to the workspace's monitoring feed (`bot.mentions.monitoring`); it may give the
post's `"language"` (en, es, zh).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.core.clock import as_utc
from bot.core.errors import CrisisError, NotAnIncidentChannel
from bot.core.models import Incident, Mention, require_id
from bot.core.states import IncidentStatus, MentionState
from bot.incidents import incidents, timeline
from bot.mentions.triage import (
    Classification,
    MentionClass,
    PriorMention,
    SourceKind,
    action_for,
    classify_mention,
)

log = logging.getLogger(__name__)

MAX_URL = 2000
MAX_TEXT = 5000
MAX_AUTHOR = 200
MAX_PLATFORM = 64
MAX_HIDDEN_REASON = 500
MAX_COUNT = 2**31 - 1  # an INTEGER column on PostgreSQL
#: Database ids are INTEGER columns: anything outside can only be a typo or an attack.
MAX_ID = 2**31 - 1
CARD_PENDING = "pending"
#: The languages a webhook body may give for its post (the bot's own languages).
WEBHOOK_LANGUAGES = ("en", "es", "zh")

HANDLED_STATES = (
    MentionState.RESPONDED,
    MentionState.MOVED_PRIVATE,
    MentionState.HIDDEN,
    MentionState.IGNORED,
)
#: The states a person can put a mention in: handled, or waiting for the cause to be fixed.
SETTABLE_STATES = (*HANDLED_STATES, MentionState.AWAITING_FIX)

_HOST_PLATFORMS = {
    "twitter.com": "x",
    "x.com": "x",
    "t.co": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "reddit.com": "reddit",
    "linkedin.com": "linkedin",
    "threads.net": "threads",
    "trustpilot.com": "trustpilot",
    "weibo.com": "weibo",
    "xiaohongshu.com": "xiaohongshu",
    "douyin.com": "douyin",
    "zhihu.com": "zhihu",
    "bilibili.com": "bilibili",
    "slack.com": "slack",
}
_HANDLE_IN_PATH = {
    "x": re.compile(r"^/([A-Za-z0-9_]{1,15})/status/"),
    "tiktok": re.compile(r"^/@([\w.]{1,30})"),
    "youtube": re.compile(r"^/@([\w.-]{1,60})"),
    "reddit": re.compile(r"^/u(?:ser)?/([\w-]{1,40})"),
    "instagram": re.compile(r"^/(?!p/|reel/|stories/)([\w.]{1,30})/?$"),
}
_SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")
_PLAIN_LINK = re.compile(r"https?://[^\s<>]+")
_SLACK_MARKUP = re.compile(r"<([@#!])([^|>]+)(?:\|([^>]*))?>")


# ---------------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentionInput:
    """One post as the team or a listening tool describes it (validated by `validate_input`)."""

    url: str
    platform: str
    text: str
    author: str | None = None
    author_followers: int | None = None
    posted_at: datetime | None = None
    reach: int | None = None


@dataclass(frozen=True)
class WebhookMention:
    """A parsed webhook body: which incident, and the post."""

    incident_id: int | None
    incident_ref: str | None
    mention: MentionInput
    #: The post's language (en, es, zh), when the listening tool tells it; used by the monitoring feed.
    language: str | None = None

    @property
    def names_incident(self) -> bool:
        """False when the body names no crisis: the post goes to the monitoring feed."""
        return self.incident_id is not None or self.incident_ref is not None


class WebhookInputError(Exception):
    """A webhook body that cannot be used; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{name}: {problem}" for name, problem in problems.items()))
        self.problems = problems


def normalise_url(url: str) -> str:
    """The form a post's URL is stored and compared in: trimmed, ASCII, lower-case scheme and host,
    without the #fragment (which never identifies a different post)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~-._")
    query = quote(parts.query, safe="=&%:@!$'()*+,;/?~-._")
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def platform_from_url(url: str) -> str:
    """A short platform name for a post's URL ("x", "facebook"...), else its host without `www.`."""
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    for known, name in _HOST_PLATFORMS.items():
        if host == known or host.endswith("." + known):
            return name
    return host[:MAX_PLATFORM] or "web"


def author_from_url(url: str) -> str | None:
    """The author's handle when the URL shows it (x.com/<handle>/status/..., tiktok.com/@handle...)."""
    pattern = _HANDLE_IN_PATH.get(platform_from_url(url))
    match = pattern.match(urlsplit(url).path) if pattern else None
    return match.group(1) if match else None


_X_STATUS = re.compile(r"/status(?:es)?/(\d{15,20})(?:[/?#]|$)")
_X_EPOCH_MS = 1288834974657  # X/Twitter "snowflake" ids carry their creation time since this instant
_X_FIRST_SNOWFLAKE = 29_700_859_247  # ids below this (before Nov 2010) are not snowflakes


def posted_at_from_url(url: str) -> datetime | None:
    """When a post was published, when its URL alone tells (an X/Twitter status id encodes it)."""
    if platform_from_url(url) != "x":
        return None
    match = _X_STATUS.search(urlsplit(url).path)
    if match is None or int(match.group(1)) < _X_FIRST_SNOWFLAKE:
        return None
    milliseconds = (int(match.group(1)) >> 22) + _X_EPOCH_MS
    return datetime.fromtimestamp(milliseconds / 1000, UTC).replace(microsecond=0)


def validate_input(data: MentionInput, now: datetime) -> dict[str, str]:
    """Field name → what is wrong with it (English, for API clients); empty when usable."""
    problems: dict[str, str] = {}
    if not incidents.is_web_url(data.url):
        problems["url"] = "must be an absolute http(s) URL"
    elif len(normalise_url(data.url)) > MAX_URL:
        problems["url"] = f"must be at most {MAX_URL} characters"
    if not data.platform.strip():
        problems["platform"] = "must not be empty"
    elif len(data.platform.strip()) > MAX_PLATFORM:
        problems["platform"] = f"must be at most {MAX_PLATFORM} characters"
    if len(data.text) > MAX_TEXT:
        problems["text"] = f"must be at most {MAX_TEXT} characters"
    if data.author is not None and len(data.author) > MAX_AUTHOR:
        problems["author"] = f"must be at most {MAX_AUTHOR} characters"
    if data.posted_at is not None and incidents.moment_problem(data.posted_at, now):
        problems["posted_at"] = (
            f"must be within the last {incidents.OLDEST_FIRST_POST.days} days"
            f" and not more than {incidents.FUTURE_TOLERANCE.seconds // 60} minutes in the future"
        )
    for name in ("reach", "author_followers"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= MAX_COUNT:
            problems[name] = "must be a whole number, 0 or more"
    return problems


#: The error a person in Slack sees for a field `validate_input` refuses (any other: the link is unusable).
_PROBLEM_KEYS = {"text": "mentions.errors.text_too_long", "url": "errors.url_invalid"}


def require_usable(data: MentionInput, now: datetime) -> MentionInput:
    """`data` when usable, else the CrisisError a person logging it from Slack should see."""
    problems = validate_input(data, now)
    for name, key in _PROBLEM_KEYS.items():
        if name in problems:
            raise CrisisError(key)
    if problems:
        raise CrisisError("errors.url_invalid")
    return data


def parse_mention_id(raw: object) -> int:
    """The mention id a card's button or modal carries, or CrisisError when it is not one."""
    try:
        return int(str(raw))
    except ValueError:
        raise CrisisError("mentions.errors.unknown") from None


def _string(body: dict, name: str, problems: dict[str, str], required: bool) -> str | None:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip() and required):
        if required:
            problems[name] = "is required"
        return None
    if not isinstance(value, str):
        problems[name] = "must be a string"
        return None
    if "\x00" in value:
        problems[name] = "must not contain NUL characters"
        return None
    return value


def _count(body: dict, name: str, problems: dict[str, str]) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems[name] = "must be a whole number, 0 or more"
        return None
    return value


def _moment(text: str | None, name: str, problems: dict[str, str]) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        problems[name] = "must be an ISO 8601 date and time, e.g. 2026-03-02T08:15:00Z"
        return None
    if moment.tzinfo is None:
        problems[name] = "must include a time zone (Z or +01:00)"
        return None
    return as_utc(moment)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_webhook_body(raw: bytes, now: datetime) -> WebhookMention:
    """Parse and validate a webhook body; WebhookInputError lists every bad field at once."""
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WebhookInputError({"body": "must be a JSON object (UTF-8)"}) from None
    if not isinstance(body, dict):
        raise WebhookInputError({"body": "must be a JSON object"})
    problems: dict[str, str] = {}
    incident_id = body.get("incident_id")
    incident_ref = body.get("incident")
    if incident_id is not None and (
        isinstance(incident_id, bool) or not isinstance(incident_id, int) or not 1 <= incident_id <= MAX_ID
    ):
        problems["incident_id"] = f"must be a whole number from 1 to {MAX_ID}"
        incident_id = None
    if incident_ref is not None and (
        not isinstance(incident_ref, str) or not incident_ref.strip() or "\x00" in incident_ref
    ):
        problems["incident"] = "must be the incident's channel name or channel id"
        incident_ref = None
    language = body.get("language")
    if language is not None and language not in WEBHOOK_LANGUAGES:
        problems["language"] = f"must be one of {', '.join(WEBHOOK_LANGUAGES)}"
        language = None
    url = _string(body, "url", problems, required=True)
    platform = _string(body, "platform", problems, required=True)
    text = _string(body, "text", problems, required=True)
    author = _string(body, "author", problems, required=False)
    posted_at = _moment(_string(body, "posted_at", problems, required=True), "posted_at", problems)
    reach = _count(body, "reach", problems)
    followers = _count(body, "author_followers", problems)
    data = MentionInput(
        url=url or "",
        platform=(platform or "").strip().lower(),
        text=(text or "").strip(),
        author=(author or "").strip() or None,
        author_followers=followers,
        posted_at=posted_at,
        reach=reach,
    )
    if url is not None and platform is not None and text is not None:
        problems.update({k: v for k, v in validate_input(data, now).items() if k not in problems})
    if problems:
        raise WebhookInputError(problems)
    return WebhookMention(incident_id, incident_ref.strip() if incident_ref else None, data, language)


def _unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def from_slack_text(text: str) -> tuple[str | None, str]:
    """(the first link, the rest as plain text) from a Slack message or command text.

    Links come as `<https://...|label>` (or bare when the command does not escape them); mentions and
    channel links are turned back into readable text.
    """
    url: str | None = None
    match = _SLACK_LINK.search(text)
    if match:
        url = match.group(1)
        text = text[: match.start()] + text[match.end() :]
    else:
        plain = _PLAIN_LINK.search(text)
        if plain:
            url = plain.group(0)
            text = text[: plain.start()] + text[plain.end() :]
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_MARKUP.sub(
        lambda m: ("#" if m.group(1) == "#" else "@") + (m.group(3) or m.group(2)).lstrip("@#"), text
    )
    return (_unescape_slack(url) if url else None), _unescape_slack(" ".join(text.split()))


def from_slack(text: str, fallback_url: str | None = None) -> MentionInput:
    """A mention from Slack text (a pasted post or `/crisis mention <url> [text]`).

    Raises CrisisError when there is no usable link and no fallback.
    """
    url, rest = from_slack_text(text)
    url = url or fallback_url
    if not url:
        raise CrisisError("mentions.errors.usage")
    if not incidents.is_web_url(url):
        raise CrisisError("errors.url_invalid")
    return MentionInput(
        url=url,
        platform=platform_from_url(url),
        text=rest,
        author=author_from_url(url),
        posted_at=posted_at_from_url(url),
    )


# ---------------------------------------------------------------------------------------------
# Storing, classifying, handling
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentionLogged:
    """The result of logging a mention: the stored row, and False when its URL was already logged."""

    mention: Mention
    created: bool


def incident_for_webhook(session: Session, team_id: str, parsed: WebhookMention) -> Incident | None:
    """The workspace's incident a webhook names (by id, channel id or channel name), or None."""
    statement = select(Incident).where(Incident.team_id == team_id)
    if parsed.incident_id is not None:
        statement = statement.where(Incident.id == parsed.incident_id)
    else:
        ref = (parsed.incident_ref or "").lstrip("#")
        by_channel = sa.or_(col(Incident.channel_id) == ref, col(Incident.channel_name) == ref)
        statement = statement.where(by_channel)
    incident = session.exec(statement).first()
    if incident is None or incident.status == IncidentStatus.OPENING:
        return None
    return incident


def for_url(session: Session, incident_id: int, url: str) -> Mention | None:
    """The mention of this post already logged in the incident, if any."""
    statement = select(Mention).where(Mention.incident_id == incident_id, Mention.url == normalise_url(url))
    return session.exec(statement).first()


def mentions_of(session: Session, incident_id: int) -> list[Mention]:
    """An incident's mentions in the order they were logged."""
    statement = select(Mention).where(Mention.incident_id == incident_id).order_by(col(Mention.id))
    return list(session.exec(statement))


def triage_input(
    data: MentionInput,
    previous: list[PriorMention],
    competitor_names: Sequence[str],
    employee_handles: Sequence[str],
) -> Classification:
    """Classify a logged or monitored post against the earlier posts it may repeat."""
    return classify_mention(
        data.text,
        author=data.author,
        author_followers=data.author_followers,
        platform=data.platform,
        reach=data.reach,
        previous=previous,
        competitor_names=competitor_names,
        employee_handles=employee_handles,
    )


def log_mention(
    session: Session,
    incident: Incident,
    data: MentionInput,
    logged_by: str,
    now: datetime,
    competitor_names: tuple[str, ...] = (),
    actor_user_id: str | None = None,
    employee_handles: tuple[str, ...] = (),
) -> MentionLogged:
    """Store and classify a mention; a post already logged in this incident is returned unchanged.

    The caller validated `data`. Two processes logging the same URL at once: the unique constraint
    lets one insert win; the other returns the winner's row.
    """
    incidents.require_open(incident)
    assert incident.id is not None
    url = normalise_url(data.url)
    existing = for_url(session, incident.id, url)
    if existing is not None:
        return MentionLogged(existing, False)
    earlier = mentions_of(session, require_id(incident))
    previous = [PriorMention(require_id(m), m.text, m.author, m.duplicate_of_id) for m in earlier]
    result = triage_input(data, previous, competitor_names, employee_handles)
    mention = Mention(
        incident_id=incident.id,
        url=url,
        platform=data.platform.strip().lower()[:MAX_PLATFORM],
        author=data.author,
        author_followers=data.author_followers,
        text=data.text,
        posted_at=data.posted_at,
        reach=data.reach,
        mention_class=result.mention_class.value,
        suggested_action=result.suggested_action,
        source_kind=result.source_kind.value,
        reasons=list(result.reasons),
        duplicate_of_id=result.duplicate_of,
        logged_by=logged_by[:64],
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(mention)
            session.flush()
    except IntegrityError:
        winner = for_url(session, incident.id, url)
        if winner is None:
            raise
        return MentionLogged(winner, False)
    timeline.record(
        session,
        incident.id,
        "mention_logged",
        now,
        actor_user_id,
        mention_id=mention.id,
        url=url,
        mention_class=mention.mention_class,
        via=logged_by,
    )
    return MentionLogged(mention, True)


def mention_in_channel(session: Session, mention_id: int, channel_id: str) -> tuple[Mention, Incident]:
    """The mention and its incident, when the click or modal came from that incident's channel."""
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise CrisisError("mentions.errors.unknown")
    incident = session.get(Incident, mention.incident_id)
    if incident is None or incident.channel_id != channel_id:
        raise NotAnIncidentChannel()
    return mention, incident


def set_state(
    session: Session,
    mention: Mention,
    state: str,
    user_id: str,
    now: datetime,
    hidden_reason: str | None = None,
) -> bool:
    """Record how the team handled a mention (who, when, and why it was hidden), or that it waits for
    the cause to be fixed before it is answered; False if unchanged."""
    if state not in SETTABLE_STATES:
        raise ValueError(f"not a state a person sets: {state}")
    reason = (hidden_reason or "").strip() or None
    if state == MentionState.HIDDEN:
        problem = validate_hidden_reason(reason or "")
        if problem:
            raise CrisisError(problem)
    else:
        reason = None
    if mention.state == state and mention.hidden_reason == reason:
        return False
    previous = mention.state
    mention.state = state
    mention.hidden_reason = reason
    mention.handled_by_user_id = user_id
    mention.handled_at = now
    session.add(mention)
    detail: dict[str, Any] = {"mention_id": mention.id, "state": state, "previous": previous}
    if reason:
        detail["reason"] = reason
    timeline.record(session, mention.incident_id, "mention_handled", now, user_id, **detail)
    return True


def validate_hidden_reason(reason: str) -> str | None:
    """The error string key for the reason given when hiding a mention, or None when it is fine."""
    if not reason.strip():
        return "mentions.errors.reason_required"
    if len(reason) > MAX_HIDDEN_REASON:
        return "mentions.errors.reason_too_long"
    return None


def reclassify(session: Session, mention: Mention, mention_class: str, user_id: str, now: datetime) -> bool:
    """A person puts the mention in another class; the suggested action follows. False if unchanged."""
    try:
        chosen = MentionClass(mention_class)
    except ValueError:
        raise CrisisError("mentions.errors.unknown_class") from None
    if mention.mention_class == chosen.value:
        return False
    previous = mention.mention_class
    mention.mention_class = chosen.value
    mention.suggested_action = action_for(chosen, mention.source_kind)
    mention.classified_by_user_id = user_id
    if chosen is not MentionClass.SPAM_DUPLICATE:
        mention.duplicate_of_id = None
    session.add(mention)
    timeline.record(
        session,
        mention.incident_id,
        "mention_reclassified",
        now,
        user_id,
        mention_id=mention.id,
        previous=previous,
        mention_class=chosen.value,
    )
    return True


@dataclass(frozen=True)
class MentionSummary:
    """An incident's mentions counted by class, platform, source (seed 002) and handling."""

    total: int
    open: int
    handled: int
    awaiting_fix: int = 0
    by_class: dict[str, int] = field(default_factory=dict)
    by_platform: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)


def _ordered(counter: Counter[str], order: list[str] | None = None) -> dict[str, int]:
    if order is not None:
        return {key: counter[key] for key in order if counter[key]}
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def summarise(session: Session, incident_id: int) -> MentionSummary:
    """Count an incident's mentions (for `/crisis mentions` and the leadership report)."""
    rows = session.exec(
        select(Mention.mention_class, Mention.platform, Mention.source_kind, Mention.state).where(
            Mention.incident_id == incident_id
        )
    ).all()
    classes = Counter(row[0] for row in rows)
    states = Counter(row[3] for row in rows)
    return MentionSummary(
        total=len(rows),
        open=states[MentionState.OPEN],
        handled=sum(states[state] for state in HANDLED_STATES),
        awaiting_fix=states[MentionState.AWAITING_FIX],
        by_class=_ordered(classes, [c.value for c in MentionClass]),
        by_platform=_ordered(Counter(row[1] for row in rows)),
        by_source=_ordered(Counter(row[2] for row in rows), [s.value for s in SourceKind]),
        by_state=_ordered(states, list(MentionState)),
    )


def awaiting_fix(session: Session, incident_id: int) -> list[Mention]:
    """The incident's mentions waiting for the cause to be fixed before they are answered (seed 004)."""
    statement = (
        select(Mention)
        .where(Mention.incident_id == incident_id, Mention.state == MentionState.AWAITING_FIX)
        .order_by(col(Mention.id))
    )
    return list(session.exec(statement))


def mark_cause_fixed(session: Session, incident: Incident, user_id: str, now: datetime) -> list[Mention]:
    """`/crisis fixed`: the cause of the complaints is fixed (recorded on the incident and its
    timeline); returns the mentions now to be answered. Open to anyone in the crisis channel."""
    incidents.require_open(incident)
    incident.cause_fixed_at = now
    incident.cause_fixed_by_user_id = user_id
    session.add(incident)
    waiting = awaiting_fix(session, require_id(incident))
    timeline.record(
        session,
        require_id(incident),
        "cause_fixed",
        now,
        user_id,
        waiting=[require_id(mention) for mention in waiting],
    )
    return waiting


#: Sources whose posts the responsible person hears about at once (seed 002: they need speed).
PING_SOURCES = frozenset({SourceKind.INFLUENCER, SourceKind.MEDIA})


def claim_ping(session: Session, mention_id: int, now: datetime) -> Mention | None:
    """The mention, when it comes from an influencer or the press and nobody was pinged about it yet
    (a conditional update: one ping per mention, whichever process gets there first)."""
    claimed = session.exec(
        sa.update(Mention)
        .where(
            col(Mention.id) == mention_id,
            col(Mention.pinged_at).is_(None),
            col(Mention.source_kind).in_([source.value for source in PING_SOURCES]),
        )
        .values(pinged_at=now)
    ).rowcount
    return session.get(Mention, mention_id) if claimed else None


# ---------------------------------------------------------------------------------------------
# The Slack side: cards, header, the incident's first negative post
# ---------------------------------------------------------------------------------------------
