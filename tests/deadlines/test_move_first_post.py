"""`deadlines.move_first_post`: the one way the first negative post moves, stored and rescheduled."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, Incident, require_id
from bot.core.states import IncidentStatus, MarkKind, MarkState
from bot.deadlines import deadlines
from tests.support.builders import NOW, unsaved_incident


def stored_incident(engine: Engine, **overrides: object) -> int:
    """An incident in the database with one step due at 12 hours, its deadlines planned; returns its id."""
    with session_scope(engine) as session:
        incident = unsaved_incident(id=None, **overrides)
        session.add(incident)
        session.flush()
        step = ChecklistItem(
            incident_id=require_id(incident),
            step_key="respond",
            position=1,
            phase="respond",
            owner="anyone",
            deadline="12h",
            text="Respond",
        )
        session.add(step)
        session.flush()
        deadlines.schedule(session, incident, Settings(), NOW)
        return require_id(incident)


def pending_response_due(engine: Engine, incident_id: int) -> list[datetime]:
    """Due times of the pending 12-hour mark rows."""
    with session_scope(engine) as session:
        return [
            row.due_at
            for row in deadlines.marks_for(session, incident_id)
            if (row.mark, row.kind, row.state) == (deadlines.RESPONSE_MARK, MarkKind.DUE, MarkState.PENDING)
        ]


def test_moving_the_first_post_reschedules_the_hard_marks(engine: Engine) -> None:
    incident_id = stored_incident(engine)
    earlier = NOW - timedelta(hours=3)
    with session_scope(engine) as session:
        moved = deadlines.move_first_post(session, incident_id, earlier, "U0RESP", Settings(), NOW)
    assert moved is not None and moved.first_negative_at == earlier
    assert pending_response_due(engine, incident_id) == [earlier + deadlines.RESPONSE_READY]


def test_the_same_moment_or_a_later_mention_changes_nothing(engine: Engine) -> None:
    incident_id = stored_incident(engine)
    with session_scope(engine) as session:
        assert deadlines.move_first_post(session, incident_id, NOW, "U0RESP", Settings(), NOW) is None
        later = NOW + timedelta(minutes=1)
        assert (
            deadlines.move_first_post(session, incident_id, later, None, Settings(), NOW, only_earlier=True)
            is None
        )
    with session_scope(engine) as session:
        stored = session.get(Incident, incident_id)
        assert stored is not None and stored.first_negative_at == NOW
    assert pending_response_due(engine, incident_id) == [NOW + deadlines.RESPONSE_READY]


def test_a_resolved_crisis_keeps_its_first_post(engine: Engine) -> None:
    incident_id = stored_incident(engine, status=IncidentStatus.RESOLVED)
    with session_scope(engine) as session, pytest.raises(CrisisError) as refused:
        deadlines.move_first_post(session, incident_id, NOW - timedelta(hours=1), "U0RESP", Settings(), NOW)
    assert refused.value.key == "errors.incident_not_open"


@pytest.mark.parametrize(
    ("offset", "problem"),
    [
        (None, "deadlines.errors.when_required"),
        (timedelta(minutes=6), "errors.first_post_in_future"),
        (timedelta(minutes=4), None),
        (-timedelta(days=2), None),
    ],
)
def test_first_post_problem(offset: timedelta | None, problem: str | None) -> None:
    when = NOW + offset if offset is not None else None
    assert deadlines.first_post_problem(when, NOW) == problem
