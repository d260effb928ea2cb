"""Insert many incidents straight into the database (for dashboard and scale tests)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.core.db import session_scope
from bot.core.models import ChecklistItem, Incident, require_id
from bot.core.states import IncidentStatus


def insert_incidents(engine: Engine, count: int, now: datetime, steps: int = 10, resolved: int = 0) -> None:
    """`count` open incidents (first posts spread over the last 60 hours), plus `resolved` closed ones."""
    with session_scope(engine) as session:
        for index in range(count + resolved):
            is_resolved = index >= count
            incident = Incident(
                team_id="T0001",
                channel_id=f"CBULK{index:06d}",
                channel_name=f"crisis-bulk-{index}",
                title=f"Bulk crisis {index}",
                case_key="outage_our_fault",
                severity=("low", "high", "critical")[index % 3],
                language="en",
                responsible_user_id="U0RESP",
                opener_user_id="U0OPENER",
                first_negative_at=now - timedelta(minutes=(index * 37) % 3600),
                status=IncidentStatus.RESOLVED if is_resolved else IncidentStatus.OPEN,
                created_at=now - timedelta(minutes=(index * 37) % 3600),
                resolved_at=now - timedelta(minutes=index) if is_resolved else None,
            )
            session.add(incident)
            session.flush()
            session.add_all(
                ChecklistItem(
                    incident_id=require_id(incident),
                    step_key=f"s{position}",
                    position=position,
                    phase="respond",
                    owner="anyone",
                    deadline="12h" if position == 1 else ("48h" if position == 2 else None),
                    text=f"Step {position}",
                    done=(index + position) % 4 == 0,
                )
                for position in range(1, steps + 1)
            )
