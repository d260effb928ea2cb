"""Standing monitoring (seeds 002/003): posts the mentions webhook receives without naming a crisis.

Each post is triaged like a crisis mention and kept per workspace (one row per URL). Negative posts
(every class but advertising and repeats) group into *bursts*: a post joins the workspace's burst
when it was published within the window of that burst's last post, otherwise it starts a new one.
A burst crosses the threshold when `threshold` of its posts fall within one window, or at once when
one post comes from an influencer or the press (seed 002: a post by someone with many followers or
the press needs speed). A burst suggests opening a crisis once; the crisis opened from it takes its
posts as mentions, and the next negative post starts a new burst.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.core.errors import CrisisError
from bot.core.models import MonitoredPost, MonitoringBurst, WorkspaceSettings, require_id
from bot.incidents.incidents import OpenPrefill
from bot.mentions.mentions import MAX_PLATFORM, MentionInput, normalise_url, triage_input
from bot.mentions.triage import MentionClass, PriorMention, SourceKind

#: Classes that say nothing about the brand's trouble: they never make a burst.
NOT_NEGATIVE = frozenset({MentionClass.AD, MentionClass.SPAM_DUPLICATE})
#: Sources whose one post is enough to suggest a crisis.
LOUD_SOURCES = frozenset({SourceKind.INFLUENCER, SourceKind.MEDIA})
#: How many earlier posts a new one is compared with for repeats.
PRIOR_POSTS = 200
#: The longest title the open modal is pre-filled with (a post is cut at a word).
SUGGESTED_TITLE = 80


@dataclass(frozen=True)
class Thresholds:
    """When a burst suggests a crisis: this many negative posts within this window."""

    posts: int
    window: timedelta


@dataclass(frozen=True)
class PostRecorded:
    """A post stored in the feed: False when its URL was already there; the burst it joined, and
    whether this post made that burst cross the threshold."""

    post: MonitoredPost
    created: bool
    burst: MonitoringBurst | None
    crossed: bool


def parse_burst_id(raw: object) -> int:
    """The burst id a suggestion's button carries, or CrisisError when it is not one."""
    try:
        return int(str(raw))
    except ValueError:
        raise CrisisError("monitoring.errors.already_opened") from None


def monitoring_channel(session: Session, team_id: str, default: str) -> str | None:
    """The workspace's monitoring channel: set with `/crisis settings`, else CRISIS_MONITORING_CHANNEL."""
    stored = session.get(WorkspaceSettings, team_id)
    if stored is not None and stored.monitoring_channel_id:
        return stored.monitoring_channel_id
    return default or None


def set_monitoring_channel(
    session: Session, team_id: str, channel_id: str | None, user_id: str, now: datetime
) -> None:
    """Change (or with None, clear) the workspace's monitoring channel."""
    stored = session.get(WorkspaceSettings, team_id) or WorkspaceSettings(team_id=team_id)
    stored.monitoring_channel_id = channel_id
    stored.updated_by_user_id = user_id
    stored.updated_at = now
    session.add(stored)


def post_for_url(session: Session, team_id: str, url: str) -> MonitoredPost | None:
    """The workspace's post with this URL, if the feed has it."""
    statement = select(MonitoredPost).where(
        MonitoredPost.team_id == team_id, MonitoredPost.url == normalise_url(url)
    )
    return session.exec(statement).first()


def _serialise_workspace(session: Session, team_id: str) -> None:
    """One post of a workspace at a time from here to the commit, so two posts arriving together join
    one burst instead of each starting its own. PostgreSQL: a transaction-level advisory lock on
    (feed, team), a key space apart from the scheduler's single-key lock. SQLite: a write that changes
    nothing takes the database's write lock before anything is read (the driver runs reads outside a
    transaction until the first write)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        lock = sa.text("SELECT pg_advisory_xact_lock(hashtext('monitoring'), hashtext(:team))")
        session.connection().execute(lock, {"team": team_id})
    elif dialect == "sqlite":
        session.connection().execute(sa.text("UPDATE monitoring_burst SET team_id = team_id WHERE 0 = 1"))


def _active_burst(
    session: Session, team_id: str, posted_at: datetime, window: timedelta
) -> MonitoringBurst | None:
    """The workspace's burst a post published at `posted_at` joins: not yet taken by a crisis, its
    posts within one window of this one."""
    statement = (
        select(MonitoringBurst)
        .where(
            MonitoringBurst.team_id == team_id,
            col(MonitoringBurst.incident_id).is_(None),
            col(MonitoringBurst.last_posted_at) >= posted_at - window,
            col(MonitoringBurst.first_posted_at) <= posted_at + window,
        )
        .order_by(col(MonitoringBurst.id).desc())
        .with_for_update()
    )
    return session.exec(statement).first()


def _negatives_in_window(session: Session, burst_id: int, window: timedelta) -> int:
    """The most negative posts of a burst that fall within one window of each other."""
    moments = sorted(
        session.exec(
            select(MonitoredPost.posted_at).where(
                MonitoredPost.burst_id == burst_id, col(MonitoredPost.negative).is_(True)
            )
        ).all()
    )
    best, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def record_post(
    session: Session,
    team_id: str,
    data: MentionInput,
    language: str,
    now: datetime,
    thresholds: Thresholds,
    competitor_names: tuple[str, ...] = (),
    employee_handles: tuple[str, ...] = (),
) -> PostRecorded:
    """Triage a post into the workspace's feed and place it in a burst; a URL already there is
    returned unchanged. The caller validated `data` (a webhook post always has `posted_at`)."""
    assert data.posted_at is not None
    _serialise_workspace(session, team_id)
    url = normalise_url(data.url)
    existing = post_for_url(session, team_id, url)
    if existing is not None:
        burst = session.get(MonitoringBurst, existing.burst_id) if existing.burst_id else None
        return PostRecorded(existing, False, burst, False)
    earlier = session.exec(
        select(MonitoredPost)
        .where(MonitoredPost.team_id == team_id)
        .order_by(col(MonitoredPost.id).desc())
        .limit(PRIOR_POSTS)
    ).all()
    previous = [
        PriorMention(require_id(post), post.text, post.author, post.duplicate_of_id)
        for post in reversed(earlier)
    ]
    result = triage_input(data, previous, competitor_names, employee_handles)
    negative = result.mention_class not in NOT_NEGATIVE
    burst = _active_burst(session, team_id, data.posted_at, thresholds.window) if negative else None
    if negative and burst is None:
        burst = MonitoringBurst(
            team_id=team_id, first_posted_at=data.posted_at, last_posted_at=data.posted_at, created_at=now
        )
        session.add(burst)
        session.flush()
    post = MonitoredPost(
        team_id=team_id,
        url=url,
        platform=data.platform.strip().lower()[:MAX_PLATFORM],
        author=data.author,
        author_followers=data.author_followers,
        text=data.text,
        posted_at=data.posted_at,
        reach=data.reach,
        language=language,
        mention_class=result.mention_class.value,
        suggested_action=result.suggested_action,
        source_kind=result.source_kind.value,
        reasons=list(result.reasons),
        negative=negative,
        duplicate_of_id=result.duplicate_of,
        burst_id=burst.id if burst else None,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(post)
            session.flush()
    except IntegrityError:
        winner = post_for_url(session, team_id, url)
        if winner is None:
            raise
        return PostRecorded(winner, False, None, False)
    if burst is None:
        return PostRecorded(post, True, None, False)
    burst.first_posted_at = min(burst.first_posted_at, data.posted_at)
    burst.last_posted_at = max(burst.last_posted_at, data.posted_at)
    crossed = False
    if burst.trigger is None:
        if result.source_kind in LOUD_SOURCES:
            burst.trigger = result.source_kind.value
        elif _negatives_in_window(session, require_id(burst), thresholds.window) >= thresholds.posts:
            burst.trigger = "volume"
        crossed = burst.trigger is not None
    session.add(burst)
    return PostRecorded(post, True, burst, crossed)


def claim_suggestion(session: Session, burst_id: int, now: datetime) -> bool:
    """Claim the right to post a burst's one suggestion (a conditional update: two processes, one wins)."""
    claimed = session.exec(
        sa.update(MonitoringBurst)
        .where(
            col(MonitoringBurst.id) == burst_id,
            col(MonitoringBurst.suggested_at).is_(None),
            col(MonitoringBurst.trigger).is_not(None),
        )
        .values(suggested_at=now)
    ).rowcount
    return bool(claimed)


def burst_posts(session: Session, burst_id: int) -> list[MonitoredPost]:
    """A burst's negative posts, earliest published first."""
    statement = (
        select(MonitoredPost)
        .where(MonitoredPost.burst_id == burst_id, col(MonitoredPost.negative).is_(True))
        .order_by(col(MonitoredPost.posted_at), col(MonitoredPost.id))
    )
    return list(session.exec(statement))


def suggested_title(text: str, fallback: str) -> str:
    """A crisis title from a post: its first words, cut at a word, else `fallback`."""
    words = " ".join(text.split())
    if not words:
        return fallback
    if len(words) <= SUGGESTED_TITLE:
        return words
    cut = words[:SUGGESTED_TITLE].rsplit(" ", 1)[0] or words[:SUGGESTED_TITLE]
    return cut.rstrip(" ,.;:") + "…"


def prefill(session: Session, burst_id: int, fallback_title: str) -> OpenPrefill | None:
    """The open modal's values for a burst (from its earliest negative post), or None when the burst
    is gone or a crisis was already opened from it."""
    burst = session.get(MonitoringBurst, burst_id)
    if burst is None or burst.incident_id is not None:
        return None
    posts = burst_posts(session, burst_id)
    if not posts:
        return None
    first = posts[0]
    return OpenPrefill(
        burst_id=burst_id,
        title=suggested_title(first.text, fallback_title),
        first_negative_at=first.posted_at,
        first_post_url=first.url,
        language=first.language,
    )


def is_open_for_a_crisis(session: Session, burst_id: int) -> bool:
    """Whether a crisis may still be opened from this burst (none was yet)."""
    burst = session.get(MonitoringBurst, burst_id)
    return burst is not None and burst.incident_id is None


def adopt_burst(session: Session, burst_id: int, incident_id: int) -> list[MonitoredPost]:
    """Hand a burst to the crisis opened from it: its posts, to be logged as the crisis's mentions.
    Empty when another crisis took it first (a conditional update decides)."""
    taken = session.exec(
        sa.update(MonitoringBurst)
        .where(col(MonitoringBurst.id) == burst_id, col(MonitoringBurst.incident_id).is_(None))
        .values(incident_id=incident_id)
    ).rowcount
    if not taken:
        return []
    return burst_posts(session, burst_id)
