"""The pure parts of the response clock: planning rows, the daily hour, reading times people type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.config import Settings
from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, Incident
from bot.deadlines.deadlines import next_daily, parse_moment, plan
from tests.support.builders import unsaved_incident

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def incident(first_negative_at: datetime = NOW - timedelta(hours=1)) -> Incident:
    """An open incident, not stored."""
    return unsaved_incident(first_negative_at=first_negative_at, created_at=NOW)


def step(key: str, deadline: str | None) -> ChecklistItem:
    """A checklist step with a deadline."""
    return ChecklistItem(
        incident_id=1, step_key=key, position=1, phase="respond", owner="anyone", deadline=deadline, text=key
    )


def test_plan_has_warning_mark_and_escalation_for_each_hard_deadline_and_next_daily() -> None:
    first = NOW - timedelta(hours=1)
    steps = [step("a", "12h"), step("b", "48h"), step("c", "daily"), step("d", None), step("e", "before")]
    planned = {(p.mark, p.kind, p.due_at) for p in plan(incident(first), steps, Settings(), NOW)}
    assert planned == {
        ("response_12h", "warning", first + timedelta(hours=10)),
        ("response_12h", "due", first + timedelta(hours=12)),
        ("response_12h", "escalation", first + timedelta(hours=12, minutes=30)),
        ("publication_48h", "warning", first + timedelta(hours=46)),
        ("publication_48h", "due", first + timedelta(hours=48)),
        ("publication_48h", "escalation", first + timedelta(hours=48, minutes=30)),
        ("daily:c", "daily", datetime(2026, 3, 3, 9, 0, tzinfo=UTC)),
    }


def test_plan_follows_the_settings_and_skips_marks_no_step_carries() -> None:
    settings = Settings(deadline_warning_hours=0, deadline_escalation_minutes=0)
    planned = plan(incident(), [step("a", "12h")], settings, NOW)
    assert [(p.mark, p.kind) for p in planned] == [("response_12h", "due"), ("response_12h", "escalation")]
    assert planned[0].due_at == planned[1].due_at
    assert plan(incident(), [step("w", "before")], Settings(), NOW) == []


def test_next_daily_is_the_next_local_hour_across_time_zones_and_summer_time() -> None:
    assert next_daily(NOW, 9, "UTC") == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert next_daily(NOW, 10, "UTC") == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    # 09:00 in Madrid is 08:00 UTC in winter ...
    assert next_daily(NOW, 9, "Europe/Madrid") == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    # ... and 07:00 UTC once summer time starts (29 March 2026)
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    assert next_daily(saturday, 9, "Europe/Madrid") == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert next_daily(datetime(2026, 3, 3, 8, 0, tzinfo=UTC), 9, "Europe/Madrid") == datetime(
        2026, 3, 4, 8, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3h ago", NOW - timedelta(hours=3)),
        ("90m ago", NOW - timedelta(minutes=90)),
        ("45 min ago", NOW - timedelta(minutes=45)),
        ("2 days ago", NOW - timedelta(days=2)),
        ("  1 Hour   ago ", NOW - timedelta(hours=1)),
        ("07:30", datetime(2026, 3, 2, 7, 30, tzinfo=UTC)),
        ("7:05", datetime(2026, 3, 2, 7, 5, tzinfo=UTC)),
        ("2026-03-01 22:15", datetime(2026, 3, 1, 22, 15, tzinfo=UTC)),
        ("2026-03-01T22:15", datetime(2026, 3, 1, 22, 15, tzinfo=UTC)),
    ],
)
def test_parse_moment_reads_what_people_type(text: str, expected: datetime) -> None:
    assert parse_moment(text, NOW, "UTC") == expected


def test_parse_moment_uses_the_crisis_time_zone() -> None:
    assert parse_moment("07:30", NOW, "Europe/Madrid") == datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
    assert parse_moment("2026-03-01 07:30", NOW, "Asia/Shanghai") == datetime(2026, 2, 28, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["", "yesterday", "25:00", "7.30", "2026-02-30 07:30", "3 weeks ago", "-3h ago", "x" * 500]
)
def test_parse_moment_refuses_anything_else(text: str) -> None:
    with pytest.raises(CrisisError) as raised:
        parse_moment(text, NOW, "UTC")
    assert raised.value.key == "deadlines.errors.when_unreadable"
    assert len(raised.value.params["text"]) <= 50
