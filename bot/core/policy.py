"""Who may do what in a crisis: one table, pure functions, no database and no Slack.

A person's *standings* in an incident (responsible person, named approver, crisis lead, member of the
crisis channel) are worked out by the caller; this module only says which standings allow an action.
The README shows the same table.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum


class Action(StrEnum):
    """Something a person asks to do to an incident that not everyone may do."""

    ASSIGN = "assign"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CHANGE_SEVERITY = "change_severity"
    MOVE_FIRST_POST = "move_first_post"
    NAME_APPROVERS = "name_approvers"
    NAME_SPOKESPEOPLE = "name_spokespeople"
    DECIDE_DRAFT = "decide_draft"
    TICK_CHECKLIST = "tick_checklist"
    WAIVE_DEADLINES = "waive_deadlines"
    SHARE_WITH_LEADERSHIP = "share_with_leadership"
    SNOOZE_REMINDER = "snooze_reminder"


class Standing(StrEnum):
    """What a person is in one incident."""

    RESPONSIBLE = "responsible"
    APPROVER = "approver"
    CRISIS_LEAD = "crisis_lead"
    CHANNEL_MEMBER = "channel_member"


_OWNERS = frozenset({Standing.RESPONSIBLE, Standing.CRISIS_LEAD})
_DECIDERS = _OWNERS | {Standing.APPROVER}

#: The policy. Approvers can approve the public message, so only owners name them.
RULES: dict[Action, frozenset[Standing]] = {
    Action.ASSIGN: _OWNERS,
    Action.RESOLVE: _OWNERS,
    Action.REOPEN: _OWNERS,
    Action.CHANGE_SEVERITY: _OWNERS,
    Action.MOVE_FIRST_POST: _OWNERS,
    Action.NAME_APPROVERS: _OWNERS,
    Action.NAME_SPOKESPEOPLE: _DECIDERS,
    Action.DECIDE_DRAFT: _DECIDERS,
    Action.TICK_CHECKLIST: _DECIDERS | {Standing.CHANNEL_MEMBER},
    Action.WAIVE_DEADLINES: _OWNERS,
    Action.SHARE_WITH_LEADERSHIP: _OWNERS,
    Action.SNOOZE_REMINDER: _OWNERS,
}


def may(action: Action, standings: Iterable[Standing]) -> bool:
    """True when any of the person's standings allows `action`."""
    return not RULES[action].isdisjoint(standings)


def asks_membership(action: Action) -> bool:
    """True when membership of the crisis channel alone is enough (the caller then asks Slack)."""
    return Standing.CHANNEL_MEMBER in RULES[action]


def standings_of(
    user_id: str,
    *,
    responsible_user_id: str,
    approvers: Collection[str] = (),
    crisis_leads: Collection[str] = (),
) -> set[Standing]:
    """The standings known without asking Slack."""
    found: set[Standing] = set()
    if user_id and user_id == responsible_user_id:
        found.add(Standing.RESPONSIBLE)
    if user_id in approvers:
        found.add(Standing.APPROVER)
    if user_id in crisis_leads:
        found.add(Standing.CRISIS_LEAD)
    return found


def parse_crisis_leads(raw: str) -> tuple[str, ...]:
    """`CRISIS_LEADS`: Slack user IDs separated by commas or spaces; raises ValueError on anything else."""
    leads: list[str] = []
    for part in raw.replace(",", " ").split():
        if not (part[:1] in ("U", "W") and part[1:].isalnum() and part.isupper() and len(part) <= 32):
            raise ValueError(part)
        if part not in leads:
            leads.append(part)
    return tuple(leads)
