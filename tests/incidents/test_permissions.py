"""Enforcing the policy on stored incidents: refusals leave nothing but a `refused` timeline event."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.db import session_scope
from bot.core.errors import NotAllowed
from bot.core.models import ChecklistItem, Incident, TimelineEvent
from bot.incidents import checklist, incidents
from tests.support.builders import NOW, unsaved_incident


def _stored(engine: Engine) -> int:
    with session_scope(engine) as session:
        incident = unsaved_incident(id=None)
        session.add(incident)
        session.flush()
        session.add(
            ChecklistItem(
                incident_id=incident.id, step_key="s1", position=1, phase="assess", owner="anyone", text="s"
            )
        )
        return incident.id  # type: ignore[return-value]


def test_a_refusal_rolls_back_and_is_recorded_with_the_clock_time(engine: Engine) -> None:
    incident_id = _stored(engine)
    with pytest.raises(NotAllowed) as refused, session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        incidents.change_severity(session, incident, "low", "U0OTHER", NOW)
    assert refused.value.key == "policy.refused.change_severity"
    assert refused.value.params == {"responsible_user": "U0RESP"}
    with Session(engine) as session:
        assert session.get(Incident, incident_id).severity == "high"  # type: ignore[union-attr]
        events = session.exec(select(TimelineEvent)).all()
    assert [(e.kind, e.actor_user_id, e.detail, e.at) for e in events] == [
        ("refused", "U0OTHER", {"action": "change_severity"}, NOW)
    ]


def test_ticking_asks_slack_about_membership_only_when_needed(engine: Engine) -> None:
    incident_id = _stored(engine)
    asked: list[str] = []

    def not_a_member() -> bool:
        asked.append("asked")
        return False

    with pytest.raises(NotAllowed), session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        checklist.set_step(session, incident, "s1", True, "U0OTHER", NOW, is_channel_member=not_a_member)
    assert asked == ["asked"]
    with session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        step = checklist.set_step(
            session, incident, "s1", True, "U0RESP", NOW, is_channel_member=not_a_member
        )
        assert step is not None and step.done_by_user_id == "U0RESP"
    assert asked == ["asked"]  # the responsible person is not looked up
