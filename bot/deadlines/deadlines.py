"""The response clock of the seeds: a response ready within 12 hours of the first negative post,
published on every platform within 48 hours; daily duties while a crisis is open; a follow-up after it.

Every reminder the clock owes an incident is a `deadline_mark` row (incident, mark, kind, due_at,
state). Those rows are the record of truth: `/crisis deadlines`, the Home tab and reports read them,
`bot.reminders` posts them, and `bot.scheduler` only decides when to look. This module plans the rows,
moves them when the incident changes, and holds the one rule that says whether a mark is met.

A drill runs on an accelerated clock: every offset of an incident with `time_scale` N (the marks, their
warnings and escalations, the daily round, the follow-up) is divided by N, so at 24 the 12-hour mark comes
30 minutes after the drill starts. The rows hold those real instants: they are what fires and what is shown.
A drill also owes its scripted mentions (`bot.drill_script`): `drill_mention` rows, anchored at the moment
the drill started (they do not move with the first negative post).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.clock import as_utc
from bot.core.config import Settings
from bot.core.db import rowcount, table_of
from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, DeadlineMark, Incident, require_id
from bot.core.playbooks import DEADLINE_BEFORE, DEADLINE_DAILY
from bot.core.policy import Action
from bot.core.states import IncidentStatus, MarkKind, MarkState, Outcome
from bot.drills import script as drill_script
from bot.incidents import checklist, incidents, permissions, timeline
from bot.statements import statements

RESPONSE_READY = timedelta(hours=12)
PUBLISHED_EVERYWHERE = timedelta(hours=48)

RESPONSE_MARK = "response_12h"
PUBLICATION_MARK = "publication_48h"
FOLLOW_UP_MARK = "follow_up"
NEXT_UPDATE_MARK = "next_update"
DAILY_PREFIX = "daily:"
DRILL_PREFIX = "drill:"
BEFORE_PREFIX = "before:"

#: The longest reason `/crisis waive` accepts.
MAX_WAIVER_REASON = 500

#: The hard marks, each with the playbook `deadline:` that carries it and its offset from the first post.
HARD_MARKS: dict[str, tuple[str, timedelta]] = {
    RESPONSE_MARK: ("12h", RESPONSE_READY),
    PUBLICATION_MARK: ("48h", PUBLISHED_EVERYWHERE),
}

#: Reminders a person may snooze: never a hard 12h/48h mark, its warning or its escalation.
SNOOZABLE_KINDS = frozenset({MarkKind.DAILY, MarkKind.NEXT_UPDATE, MarkKind.EARLY_WARNING})
#: How long a snooze lasts: an hour, four hours, or until the daily reminder hour tomorrow.
SNOOZE_CHOICES = ("1h", "4h", "tomorrow")
MAX_SNOOZE_REASON = 500

#: A row still `sending` this long after it was claimed belongs to a process that died mid-send.
SENDING_LEASE = timedelta(minutes=5)


#: Order of kinds that fall due at the same instant.
KIND_ORDER: dict[str, int] = {
    MarkKind.DRILL_MENTION: -1,
    MarkKind.WARNING: 0,
    MarkKind.DUE: 1,
    MarkKind.ESCALATION: 2,
    MarkKind.DAILY: 3,
    MarkKind.FOLLOW_UP: 4,
    MarkKind.NEXT_UPDATE: 5,
    MarkKind.EARLY_WARNING: 6,
}


@dataclass(frozen=True)
class PlannedMark:
    """A row the clock should have: which mark, which kind of reminder, when."""

    mark: str
    kind: str
    due_at: datetime


@dataclass(frozen=True)
class Missing:
    """One thing still missing for a mark: a string key under `deadlines.missing_item` and its params."""

    key: str
    params: dict


@dataclass(frozen=True)
class MarkStatus:
    """Whether a hard mark is met now, and what is still missing (shown to the team)."""

    met: bool
    missing: list[Missing]


def scaled(offset: timedelta, time_scale: int = 1) -> timedelta:
    """How long `offset` of scenario time takes in real time on a clock running `time_scale` times faster."""
    return offset / max(time_scale, 1)


def response_due(first_negative_at: datetime, time_scale: int = 1) -> datetime:
    """When the response must be ready (approved)."""
    return first_negative_at + scaled(RESPONSE_READY, time_scale)


def publication_due(first_negative_at: datetime, time_scale: int = 1) -> datetime:
    """When the response must be published on every platform."""
    return first_negative_at + scaled(PUBLISHED_EVERYWHERE, time_scale)


def mark_due(incident: Incident, mark: str) -> datetime:
    """The real instant a hard mark of this incident falls due (scaled for drills)."""
    return incident.first_negative_at + scaled(HARD_MARKS[mark][1], incident.time_scale)


def hard_marks_of(steps: list[ChecklistItem]) -> list[str]:
    """The hard marks an incident is held to: those a step of its checklist carries the deadline of."""
    deadlines = {step.deadline for step in steps}
    return [mark for mark, (deadline, _offset) in HARD_MARKS.items() if deadline in deadlines]


def drill_mark(number: int) -> str:
    """The mark name of a drill's scripted mention number `number` (1-based, in script order)."""
    return f"{DRILL_PREFIX}{number}"


def drill_number(mark: str) -> int | None:
    """The scripted mention number of a drill mark, else None."""
    if not mark.startswith(DRILL_PREFIX):
        return None
    number = mark.removeprefix(DRILL_PREFIX)
    return int(number) if number.isdigit() else None


def before_mark(step_key: str) -> str:
    """The mark name of a step due before a planned disruption starts."""
    return BEFORE_PREFIX + step_key


def before_step_key(mark: str) -> str | None:
    """The step key of a `before` mark, else None."""
    return mark.removeprefix(BEFORE_PREFIX) if mark.startswith(BEFORE_PREFIX) else None


def early_warning_due(incident: Incident, settings: Settings) -> datetime | None:
    """When the `deadline: before` steps are reminded: `EARLY_WARNING_HOURS` before the disruption
    starts (scaled for drills), or None when no start is known."""
    if incident.disruption_starts_at is None:
        return None
    lead = scaled(timedelta(hours=max(settings.early_warning_hours, 0)), incident.time_scale)
    return incident.disruption_starts_at - lead


def daily_mark(step_key: str) -> str:
    """The mark name of a daily step."""
    return DAILY_PREFIX + step_key


def daily_step_key(mark: str) -> str | None:
    """The step key of a daily mark, else None."""
    return mark.removeprefix(DAILY_PREFIX) if mark.startswith(DAILY_PREFIX) else None


def next_daily(after: datetime, hour: int, timezone: str) -> datetime:
    """The first moment strictly after `after` when the local clock in `timezone` shows `hour`:00."""
    zone = ZoneInfo(timezone)
    local = after.astimezone(zone)
    day = local.date()
    candidate = datetime.combine(day, time(hour), tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(day + timedelta(days=1), time(hour), tzinfo=zone)
    return candidate.astimezone(ZoneInfo("UTC"))


def next_daily_round(incident: Incident, after: datetime, settings: Settings) -> datetime:
    """When the incident's next daily round is due after `after`: `DAILY_REMINDER_HOUR` local time, or on
    an accelerated clock every scaled day counted from the first negative post."""
    if incident.time_scale <= 1:
        return next_daily(after, settings.daily_reminder_hour, settings.crisis_timezone)
    period = scaled(timedelta(days=1), incident.time_scale)
    elapsed = max(after - incident.first_negative_at, timedelta(0))
    return incident.first_negative_at + (elapsed // period + 1) * period


def plan(
    incident: Incident, steps: list[ChecklistItem], settings: Settings, now: datetime
) -> list[PlannedMark]:
    """Every row an open incident should have, counted from its first negative post.

    A hard mark is planned only when the incident's checklist has a step carrying its deadline (the
    planned-disruption playbook has none: there is no negative post to count from), and not at all once
    the responsible person waived them (`waive`). Each gets a warning
    `DEADLINE_WARNING_HOURS` before (none when 0), the mark, and an escalation
    `DEADLINE_ESCALATION_MINUTES` after. Each daily step gets its next occurrence only; the one after is
    planned when that one is sent. Each `deadline: before` step gets one early warning
    `EARLY_WARNING_HOURS` before the disruption starts (when a start is known). Every offset is scaled
    by the incident's `time_scale`; a drill also gets one `drill_mention` row per scripted mention
    of its case.
    """
    planned: list[PlannedMark] = []
    scale = incident.time_scale
    warning = scaled(timedelta(hours=settings.deadline_warning_hours), scale)
    grace = scaled(timedelta(minutes=settings.deadline_escalation_minutes), scale)
    for mark in [] if incident.waiver_reason else hard_marks_of(steps):
        due = mark_due(incident, mark)
        if warning > timedelta(0):
            planned.append(PlannedMark(mark, MarkKind.WARNING, due - warning))
        planned.append(PlannedMark(mark, MarkKind.DUE, due))
        planned.append(PlannedMark(mark, MarkKind.ESCALATION, due + grace))
    next_day = next_daily_round(incident, now, settings)
    for step in steps:
        if step.deadline == DEADLINE_DAILY:
            planned.append(PlannedMark(daily_mark(step.step_key), MarkKind.DAILY, next_day))
    early = early_warning_due(incident, settings)
    for step in steps:
        if step.deadline == DEADLINE_BEFORE and early is not None:
            planned.append(PlannedMark(before_mark(step.step_key), MarkKind.EARLY_WARNING, early))
    if incident.is_drill:
        for number, entry in enumerate(drill_script.wave(incident.case_key), start=1):
            due = incident.created_at + scaled(entry.offset, scale)
            planned.append(PlannedMark(drill_mark(number), MarkKind.DRILL_MENTION, due))
    return planned


def schedule(
    session: Session, incident: Incident, settings: Settings, now: datetime, *, only_future: bool = False
) -> list[DeadlineMark]:
    """Create the rows an open incident is owed (in the caller's transaction); returns those added/revived.

    Idempotent: a row that exists already is left alone (a sent one is never sent again); a cancelled
    one comes back. Of the rows already due, only the newest per mark stays pending (it fires at once);
    older ones are recorded as skipped, so opening a crisis late does not post a burst of stale warnings.
    `only_future` (reopening) plans nothing that is already due.
    """
    steps = checklist.items(session, require_id(incident))
    planned = plan(incident, steps, settings, now)
    if only_future:
        planned = [item for item in planned if item.due_at > now]
    return _store(session, require_id(incident), planned, now)


def _store(
    session: Session, incident_id: int, planned: list[PlannedMark], now: datetime
) -> list[DeadlineMark]:
    existing = {(row.mark, row.kind, row.due_at): row for row in marks_for(session, incident_id)}
    waiting_daily = {
        row.mark for row in existing.values() if row.kind == MarkKind.DAILY and row.state in _LIVE_STATES
    }
    newest_due: dict[str, datetime] = {}
    for item in planned:
        if item.due_at <= now:
            newest_due[item.mark] = max(newest_due.get(item.mark, item.due_at), item.due_at)
    stored: list[DeadlineMark] = []
    for item in planned:
        if item.kind == MarkKind.DAILY and item.mark in waiting_daily:
            continue
        state = MarkState.PENDING
        if item.due_at <= now and item.due_at < newest_due[item.mark]:
            state = MarkState.SKIPPED
        row = existing.get((item.mark, item.kind, item.due_at))
        if row is None:
            row = DeadlineMark(
                incident_id=incident_id,
                mark=item.mark,
                kind=item.kind,
                due_at=item.due_at,
                state=state,
                created_at=now,
            )
        elif row.state == MarkState.CANCELLED:
            row.state, row.created_at, row.attempts = state, now, 0
        else:
            continue
        session.add(row)
        stored.append(row)
    session.flush()
    return stored


_LIVE_STATES = (MarkState.PENDING, MarkState.SENDING)


def cancel_pending(session: Session, incident_id: int, marks: list[str] | None = None) -> int:
    """Cancel the incident's rows not yet sent (all, or only those of `marks`); returns how many."""
    table = table_of(DeadlineMark)
    statement = sa.update(table).where(table.c.incident_id == incident_id, table.c.state == MarkState.PENDING)
    if marks is not None:
        statement = statement.where(table.c.mark.in_(marks))
    return rowcount(session.execute(statement.values(state=MarkState.CANCELLED)))


def reschedule(session: Session, incident: Incident, settings: Settings, now: datetime) -> list[DeadlineMark]:
    """After `incidents.set_first_negative_at`: move the hard marks to the new first post.

    Rows already sent stay as history; pending ones are cancelled and planned again from the new time.
    """
    cancel_pending(session, require_id(incident), list(HARD_MARKS))
    return schedule(session, incident, settings, now)


def move_first_post(
    session: Session,
    incident_id: int,
    when: datetime,
    actor_user_id: str | None,
    settings: Settings,
    now: datetime,
    *,
    only_earlier: bool = False,
) -> Incident | None:
    """THE way the first negative post moves (`/crisis first-post`, the header's modal, a mention older
    than it): lock the incident row, move it, reschedule the hard marks. Returns the incident when it
    moved, None when nothing changed (or, with `only_earlier`, when `when` is not earlier).

    The row lock makes two concurrent moves run one after the other, so the earliest mention wins.
    """
    incident = session.exec(select(Incident).where(Incident.id == incident_id).with_for_update()).first()
    if incident is None:
        raise CrisisError("errors.incident_not_open")
    incidents.require_open(incident)
    if only_earlier:
        if when >= incident.first_negative_at:
            return None
        moved = incidents.set_first_negative_at(session, incident, when, actor_user_id, now)
    else:  # a person moves it by hand: the policy decides who may
        moved = incidents.move_first_post(
            session, incident, when, actor_user_id or "", now, settings.crisis_leads
        )
    if not moved:
        return None
    reschedule(session, incident, settings, now)
    return incident


def first_post_problem(when: datetime | None, now: datetime) -> str | None:
    """The error string key for a first post typed in the header's modal, or None when it is fine."""
    if when is None:
        return "deadlines.errors.when_required"
    return incidents.moment_problem(when, now)


def waive(
    session: Session,
    incident: Incident,
    reason: str,
    user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> int:
    """`/crisis waive <reason>`: the responsible person decided not to respond publicly (seed 001, case 4:
    some provocations are best ignored). Records the decision on the incident and the timeline, and marks
    every unsent warning, mark and escalation of the 12h/48h clock `waived` (so none fires, and lists and
    reports say "waived", not "missed"); returns how many rows it waived. In the caller's transaction.

    Raises NotAllowed when the policy does not let the person decide it (responsible person, crisis
    leads), CrisisError when the crisis is not open, the reason is empty or
    too long, or the marks are already waived (a replayed command changes nothing).
    """
    incidents.require_open(incident)
    permissions.require(session, incident, user_id, Action.WAIVE_DEADLINES, now, crisis_leads=crisis_leads)
    cleaned = reason.strip()
    if not cleaned:
        raise CrisisError("deadlines.errors.waive_reason_required")
    if len(cleaned) > MAX_WAIVER_REASON:
        raise CrisisError("deadlines.errors.waive_reason_too_long", limit=MAX_WAIVER_REASON)
    if incident.waiver_reason:
        raise CrisisError("deadlines.errors.already_waived", reason=incident.waiver_reason[:100])
    incident.waiver_reason, incident.waived_by_user_id, incident.waived_at = cleaned, user_id, now
    session.add(incident)
    table = table_of(DeadlineMark)
    waived = rowcount(
        session.execute(
            sa.update(table)
            .where(
                table.c.incident_id == require_id(incident),
                table.c.state == MarkState.PENDING,
                table.c.mark.in_(list(HARD_MARKS)),
            )
            .values(
                state=MarkState.WAIVED,
                outcome=sa.case((table.c.kind == MarkKind.DUE, Outcome.WAIVED.value), else_=None),
            )
        )
    )
    timeline.record(session, require_id(incident), "deadlines_waived", now, user_id, reason=cleaned)
    session.flush()
    return waived


def snoozable(row: DeadlineMark) -> bool:
    """True for a reminder that may be snoozed (a daily duty, a step due, the next status update)."""
    return row.kind in SNOOZABLE_KINDS and row.mark not in HARD_MARKS


def snooze_until(incident: Incident, choice: str, now: datetime, settings: Settings) -> datetime:
    """When a snoozed reminder comes back; on a drill's accelerated clock the hours are scaled too."""
    if choice == "tomorrow":
        if incident.time_scale > 1:
            return next_daily_round(incident, now, settings)
        zone = ZoneInfo(settings.crisis_timezone)
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        return datetime.combine(tomorrow, time(settings.daily_reminder_hour), tzinfo=zone).astimezone(
            ZoneInfo("UTC")
        )
    hours = {"1h": 1, "4h": 4}.get(choice)
    if hours is None:
        raise CrisisError("deadlines.errors.snooze_choice")
    return now + scaled(timedelta(hours=hours), incident.time_scale)


def snooze_problem(reason: str) -> str | None:
    """The error string key for a snooze reason, or None when it will do."""
    if not reason.strip():
        return "deadlines.errors.snooze_reason_required"
    if len(reason.strip()) > MAX_SNOOZE_REASON:
        return "deadlines.errors.snooze_reason_too_long"
    return None


def reminder(session: Session, mark_id: int | None) -> tuple[DeadlineMark, Incident]:
    """A reminder row and its incident; CrisisError when either is gone."""
    row = session.get(DeadlineMark, mark_id) if mark_id is not None else None
    incident = session.get(Incident, row.incident_id) if row is not None else None
    if row is None or incident is None:
        raise CrisisError("deadlines.errors.reminder_unknown")
    return row, incident


def require_snoozable(
    session: Session,
    row: DeadlineMark,
    incident: Incident,
    user_id: str,
    now: datetime,
    crisis_leads: Collection[str],
) -> None:
    """Refuse to snooze a hard 12h/48h reminder (whatever the request says), in a crisis no longer open, or
    by someone the policy does not let (the responsible person and crisis leads may)."""
    incidents.require_open(incident)
    if not snoozable(row):
        raise CrisisError("deadlines.errors.not_snoozable")
    permissions.require(session, incident, user_id, Action.SNOOZE_REMINDER, now, crisis_leads=crisis_leads)


def snooze(
    session: Session,
    mark_id: int | None,
    choice: str,
    reason: str,
    user_id: str,
    now: datetime,
    settings: Settings,
) -> tuple[Incident, DeadlineMark, datetime]:
    """Snooze a reminder: it comes back at `snooze_until` (a new pending row of the same mark and kind,
    or the row itself moved while it is still pending), and the reason goes on the timeline. In the
    caller's transaction; returns the incident, the row snoozed and when it comes back."""
    row, incident = reminder(session, mark_id)
    require_snoozable(session, row, incident, user_id, now, settings.crisis_leads)
    problem = snooze_problem(reason)
    if problem is not None:
        raise CrisisError(problem, limit=MAX_SNOOZE_REASON)
    until = snooze_until(incident, choice, now, settings)
    if row.state == MarkState.PENDING:
        row.due_at = until
        session.add(row)
    else:
        again = PlannedMark(row.mark, MarkKind(row.kind), until)
        existing = session.exec(
            select(DeadlineMark).where(
                DeadlineMark.incident_id == row.incident_id,
                DeadlineMark.mark == again.mark,
                DeadlineMark.kind == again.kind,
                DeadlineMark.due_at == again.due_at,
            )
        ).first()
        if existing is None:
            session.add(
                DeadlineMark(
                    incident_id=row.incident_id, mark=row.mark, kind=row.kind, due_at=until, created_at=now
                )
            )
        elif existing.state == MarkState.CANCELLED:
            existing.state, existing.created_at, existing.attempts = MarkState.PENDING, now, 0
            session.add(existing)
    timeline.record(
        session,
        require_id(incident),
        "reminder_snoozed",
        now,
        user_id,
        mark=row.mark,
        reminder_kind=row.kind,
        until=until.isoformat(),
        reason=reason.strip(),
    )
    session.flush()
    return incident, row, until


def waived_marks(session: Session, incident_id: int) -> set[str]:
    """The hard marks of an incident whose deadline was waived before it fell due."""
    statement = select(DeadlineMark.mark).where(
        DeadlineMark.incident_id == incident_id,
        DeadlineMark.kind == MarkKind.DUE,
        DeadlineMark.state == MarkState.WAIVED,
    )
    return set(session.exec(statement))


def expect_update(
    session: Session, incident: Incident, next_update_at: datetime | None, now: datetime
) -> None:
    """A status update promised the next one at `next_update_at` (or promised none): replace the
    pending reminder, so the responsible person hears only if that moment passes with no new update."""
    cancel_pending(session, require_id(incident), [NEXT_UPDATE_MARK])
    if next_update_at is not None:
        planned = [PlannedMark(NEXT_UPDATE_MARK, MarkKind.NEXT_UPDATE, next_update_at)]
        _store(session, require_id(incident), planned, now)


def on_resolve(session: Session, incident: Incident, settings: Settings, now: datetime) -> DeadlineMark:
    """After `incidents.resolve`: cancel everything pending and plan the follow-up (seed 002)."""
    cancel_pending(session, require_id(incident))
    resolved_at = incident.resolved_at or now
    follow_up_at = resolved_at + scaled(timedelta(days=settings.followup_days), incident.time_scale)
    planned = PlannedMark(FOLLOW_UP_MARK, MarkKind.FOLLOW_UP, follow_up_at)
    rows = _store(session, require_id(incident), [planned], now)
    return rows[0] if rows else _row(session, require_id(incident), planned)


def on_reopen(session: Session, incident: Incident, settings: Settings, now: datetime) -> list[DeadlineMark]:
    """After `incidents.reopen`: drop the follow-up and plan again what is still in the future."""
    cancel_pending(session, require_id(incident), [FOLLOW_UP_MARK])
    return schedule(session, incident, settings, now, only_future=True)


def schedule_next_daily(
    session: Session, incident: Incident, step_key: str, settings: Settings, now: datetime
) -> list[DeadlineMark]:
    """Plan the next occurrence of a daily step (after one was sent), while the incident is open."""
    if incident.status != IncidentStatus.OPEN:
        return []
    due = next_daily_round(incident, now, settings)
    planned = [PlannedMark(daily_mark(step_key), MarkKind.DAILY, due)]
    return _store(session, require_id(incident), planned, now)


def _row(session: Session, incident_id: int, planned: PlannedMark) -> DeadlineMark:
    statement = select(DeadlineMark).where(
        DeadlineMark.incident_id == incident_id,
        DeadlineMark.mark == planned.mark,
        DeadlineMark.kind == planned.kind,
        DeadlineMark.due_at == planned.due_at,
    )
    return session.exec(statement).one()


def met_marks(session: Session, incident_ids: list[int]) -> dict[int, set[str]]:
    """THE rule, for many incidents at once: which hard marks each has met now, computed from the
    approved message and never ticked by hand. `response_12h` is met once a response has been approved;
    `publication_48h` once the current approved version is logged as published on every platform it
    targets (seed 001)."""
    approved = statements.ever_approved(session, incident_ids)
    published = statements.fully_published(session, incident_ids)
    return {
        incident_id: {
            mark
            for mark, ids in (("response_12h", approved), ("publication_48h", published))
            if incident_id in ids
        }
        for incident_id in incident_ids
    }


def mark_status(session: Session, incident: Incident, mark: str) -> MarkStatus:
    """Whether a hard mark is met now (see `met_marks`) and, if not, what is still missing."""
    if mark not in HARD_MARKS:
        return MarkStatus(met=False, missing=[])
    incident_id = require_id(incident)
    if mark in met_marks(session, [incident_id])[incident_id]:
        return MarkStatus(met=True, missing=[])
    if mark == RESPONSE_MARK:
        waiting = statements.open_drafts(session, require_id(incident))
        if waiting:
            return MarkStatus(met=False, missing=[Missing("draft_waiting", {"number": waiting[-1].number})])
        return MarkStatus(met=False, missing=[Missing("no_draft", {})])
    if statements.approved_statement(session, require_id(incident)) is None:
        return MarkStatus(met=False, missing=[Missing("no_approved", {})])
    unpublished = statements.unpublished_platforms(session, require_id(incident))
    return MarkStatus(met=False, missing=[Missing("unpublished", {"platform": key}) for key in unpublished])


def mark_is_met(session: Session, incident: Incident, mark: str) -> bool:
    """True when the hard mark is met now (see `mark_status`)."""
    return mark_status(session, incident, mark).met


def marks_for(session: Session, incident_id: int) -> list[DeadlineMark]:
    """An incident's rows, in the order they fall due."""
    statement = select(DeadlineMark).where(DeadlineMark.incident_id == incident_id)
    rows = list(session.exec(statement))
    return sorted(rows, key=lambda row: (row.due_at, KIND_ORDER.get(row.kind, 9), row.mark))


def due_marks(
    session: Session, now: datetime, limit: int, after: tuple[datetime, int] | None = None
) -> list[DeadlineMark]:
    """Up to `limit` pending rows due by `now`, by due time and id (from just past `after`, a
    (due_at, id) of the previous batch), after tidying the queue.

    Tidying, in the caller's transaction: rows left `sending` by a process that died mid-send go back
    to pending (after `SENDING_LEASE`), and a pending row with a newer row of the same mark already due
    is skipped (coalesced): after downtime only the newest reminder of each mark fires, once.
    """
    table = table_of(DeadlineMark)
    session.execute(
        sa.update(table)
        .where(table.c.state == MarkState.SENDING, table.c.claimed_at < now - SENDING_LEASE)
        .values(state=MarkState.PENDING)
    )
    newer = table.alias("newer")
    superseded = (
        sa.select(newer.c.id)
        .where(
            newer.c.incident_id == table.c.incident_id,
            newer.c.mark == table.c.mark,
            newer.c.due_at > table.c.due_at,
            newer.c.due_at <= now,
            newer.c.state.in_((MarkState.PENDING, MarkState.SENDING, MarkState.SENT)),
        )
        .exists()
    )
    session.execute(
        sa.update(table)
        .where(table.c.state == MarkState.PENDING, table.c.due_at <= now, superseded)
        .values(state=MarkState.SKIPPED)
    )
    statement = select(DeadlineMark).where(
        DeadlineMark.state == MarkState.PENDING, DeadlineMark.due_at <= now
    )
    if after is not None:
        due_at, mark_id = after
        statement = statement.where(
            sa.or_(
                col(DeadlineMark.due_at) > due_at,
                sa.and_(col(DeadlineMark.due_at) == due_at, col(DeadlineMark.id) > mark_id),
            )
        )
    statement = statement.order_by(col(DeadlineMark.due_at), col(DeadlineMark.id)).limit(limit)
    return list(session.exec(statement))


def next_due_at(session: Session, after: datetime | None = None) -> datetime | None:
    """When the earliest pending row (due after `after`, when given) falls due, or None."""
    statement = select(sa.func.min(DeadlineMark.due_at)).where(DeadlineMark.state == MarkState.PENDING)
    if after is not None:
        statement = statement.where(DeadlineMark.due_at > after)
    value = session.exec(statement).first()
    return as_utc(value) if value is not None else None


_AGO = re.compile(r"^(\d{1,4})\s*(m|min|mins|minutes?|h|hours?|d|days?)\s+ago$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ t]([01]?\d|2[0-3]):([0-5]\d)$")


def parse_moment(text: str, now: datetime, timezone: str) -> datetime:
    """Read a moment the way people type it: `2026-03-02 07:30` or `07:30` (today) in `timezone`, or
    `3h ago` / `90m ago` / `2d ago`. Raises CrisisError for anything else; the caller refuses the future.
    """
    cleaned = " ".join(text.strip().lower().split())
    zone = ZoneInfo(timezone)
    if match := _AGO.match(cleaned):
        amount, unit = int(match.group(1)), match.group(2)[0]
        unit_length = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}[unit]
        return now - amount * unit_length
    if match := _CLOCK.match(cleaned):
        local_day = now.astimezone(zone).date()
        moment = datetime.combine(local_day, time(int(match.group(1)), int(match.group(2))), tzinfo=zone)
        return moment.astimezone(ZoneInfo("UTC"))
    if match := _DATE_TIME.match(cleaned):
        try:
            day = datetime.strptime(match.group(1), "%Y-%m-%d").date()
        except ValueError:
            raise CrisisError("deadlines.errors.when_unreadable", text=text.strip()[:50]) from None
        moment = datetime.combine(day, time(int(match.group(2)), int(match.group(3))), tzinfo=zone)
        return moment.astimezone(ZoneInfo("UTC"))
    raise CrisisError("deadlines.errors.when_unreadable", text=text.strip()[:50])
