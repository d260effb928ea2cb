"""Wanted and shown revisions: a burst becomes one show, claims are exclusive, rate limits postpone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.core import surfaces
from bot.core.db import session_scope
from tests.support.builders import NOW


def want(engine: Engine, key: str, channel_id: str = "C1", times: int = 1) -> None:
    for _ in range(times):
        with session_scope(engine) as session:
            surfaces.want(session, "checklist", key, team_id="T1", channel_id=channel_id, incident_id=1)


def test_a_burst_of_changes_is_shown_once_with_the_latest_revision(engine: Engine) -> None:
    want(engine, "checklist:1", times=5)
    [due] = surfaces.claim_due(engine, "a", NOW)
    assert (due.key, due.wanted) == ("checklist:1", 5)
    surfaces.mark_shown(engine, due, "a")
    assert surfaces.claim_due(engine, "a", NOW) == []
    assert surfaces.lagging(engine) == 0


def test_a_change_while_showing_is_shown_next(engine: Engine) -> None:
    want(engine, "checklist:1")
    [due] = surfaces.claim_due(engine, "a", NOW)
    want(engine, "checklist:1")
    surfaces.mark_shown(engine, due, "a")
    [again] = surfaces.claim_due(engine, "a", NOW)
    assert again.wanted == 2


def test_a_claimed_surface_is_not_claimed_by_another_until_its_lease_ends(engine: Engine) -> None:
    want(engine, "checklist:1")
    assert len(surfaces.claim_due(engine, "a", NOW)) == 1
    assert surfaces.claim_due(engine, "b", NOW) == []
    [taken] = surfaces.claim_due(engine, "b", NOW + surfaces.CLAIM_LEASE + timedelta(seconds=1))
    surfaces.mark_shown(engine, taken, "a")  # the first owner's late answer changes nothing
    assert surfaces.lagging(engine) == 1


def test_a_rate_limit_postpones_the_whole_channel_and_nothing_else(engine: Engine) -> None:
    want(engine, "checklist:1", channel_id="C1")
    want(engine, "header:1", channel_id="C1")
    want(engine, "checklist:2", channel_id="C2")
    first, *_ = surfaces.claim_due(engine, "a", NOW, limit=1)
    surfaces.postpone(engine, first, "a", NOW + timedelta(seconds=10), "ratelimited", same_channel=True)
    assert [due.key for due in surfaces.claim_due(engine, "a", NOW)] == ["checklist:2"]
    assert surfaces.next_due_at(engine) == NOW + timedelta(seconds=10)
    later = surfaces.claim_due(engine, "b", NOW + timedelta(seconds=10))
    assert sorted(due.key for due in later) == ["checklist:1", "header:1"]
    assert later[0].attempts + later[1].attempts == 1


def test_slack_answering_again_does_not_cut_short_a_rate_limit_on_the_same_channel(engine: Engine) -> None:
    """A surface backed off after a 5xx, then held by its channel's 429 (a sibling's Retry-After): when
    Slack answers again, resume_failed must not make it due before the Retry-After is over (calling
    then only earns another 429)."""
    want(engine, "checklist:1", channel_id="C1")
    want(engine, "header:1", channel_id="C1")
    [failed] = surfaces.claim_due(engine, "a", NOW, limit=1)
    assert failed.key == "checklist:1"
    surfaces.postpone(engine, failed, "a", NOW + timedelta(seconds=2), surfaces.SLACK_FAILING + "http_503")
    [limited] = surfaces.claim_due(engine, "b", NOW, limit=1)
    assert limited.key == "header:1"
    retry_after = NOW + timedelta(seconds=60)
    surfaces.postpone(engine, limited, "b", retry_after, "ratelimited", same_channel=True)
    assert surfaces.next_due_at(engine) == retry_after  # the whole channel waits out the 429

    surfaces.resume_failed(engine, NOW + timedelta(seconds=1))  # Slack answers another call again
    assert surfaces.claim_due(engine, "c", NOW + timedelta(seconds=1)) == [], "called inside Retry-After"
