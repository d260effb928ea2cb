"""Drills (seed 002: have the action plan ready before the crisis): `/crisis drill <case>` opens a crisis
room marked DRILL on an accelerated clock, feeds it the scripted mentions of `bot.drill_script`, and
scores the team when the drill is resolved.

A drill is an ordinary incident with `is_drill`, a `time_scale` (24 by default: the 48-hour clock in two
hours) and, when asked for, `drill_reaches_leadership`. Everything else (checklist, drafts, approvals,
publications, reminders) is the real thing; only leadership is left out unless invited.

Scoring rules (`score`):
- each hard mark the playbook holds the team to (12h, 48h) is *met* when it was reached by its scaled due
  instant (the response approved; the approved version published on every platform it targets), *missed*
  when it was not (a drill resolved before reaching a mark misses it), *pending* while the drill runs;
- time to first approval is reported in scenario hours (real elapsed time × the time scale);
- linter findings are counted by rule over every draft proposed; the approved message must have none;
- mentions handled vs still open; checklist steps done (follow-up steps are not expected before the end).
Checks passed: each hard mark met, an approved message without findings, no mention left open, every step
before the follow-up phase done.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core.errors import CrisisError
from bot.core.models import DeadlineMark, Incident
from bot.core.states import IncidentStatus, StatementStatus
from bot.deadlines import deadlines
from bot.drills import script as drill_script
from bot.incidents import checklist
from bot.mentions.mentions import MentionInput, summarise
from bot.statements import statements

log = logging.getLogger(__name__)

#: `logged_by` of the mentions a drill script feeds in.
LOGGED_BY = "drill"
DEFAULT_SPEED = 24
MAX_SPEED = 720
DRILL_SEVERITY = "high"
LEADERSHIP_WORD = "leadership"
FOLLOW_UP_PHASE = "follow-up"


class UnknownDrillCase(CrisisError):
    """`/crisis drill` without a case, or with one no playbook has (the person gets the list of cases)."""

    def __init__(self, case: str) -> None:
        super().__init__("drills.errors.unknown_case", case=case)
        self.case = case


@dataclass(frozen=True)
class DrillRequest:
    """What `/crisis drill <case> [speed] [leadership]` asks for."""

    case_key: str
    time_scale: int = DEFAULT_SPEED
    reaches_leadership: bool = False


def parse_request(text: str, known_cases: set[str]) -> DrillRequest:
    """Read `<case> [speed] [leadership]` (speed as `24`, `24x` or `x24`, the words in any order).

    Raises UnknownDrillCase when the case is missing or unknown, CrisisError for a bad speed or word.
    """
    words = text.lower().split()
    if not words or words[0] not in known_cases:
        raise UnknownDrillCase(words[0][:50] if words else "")
    speed: int | None = None
    leadership = False
    for word in words[1:]:
        number = word.strip("x×")
        if number.isdigit() and speed is None:
            speed = int(number)
            if not 1 <= speed <= MAX_SPEED:
                raise CrisisError("drills.errors.speed", speed=speed, max=MAX_SPEED)
        elif word == LEADERSHIP_WORD and not leadership:
            leadership = True
        else:
            raise CrisisError("drills.errors.usage", word=word[:50])
    return DrillRequest(words[0], speed or DEFAULT_SPEED, leadership)


def scripted_mention(incident: Incident, row: DeadlineMark) -> MentionInput | None:
    """The post a `drill_mention` row stands for, in the incident's language, posted at the row's instant;
    None when the script no longer has it."""
    number = deadlines.drill_number(row.mark)
    wave = drill_script.wave(incident.case_key)
    if number is None or not 1 <= number <= len(wave):
        return None
    entry = wave[number - 1]
    return MentionInput(
        url=entry.url,
        platform=entry.platform,
        text=entry.text(incident.language),
        author=entry.author,
        author_followers=entry.followers,
        posted_at=row.due_at,
        reach=entry.reach,
    )


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


class MarkResult:
    """How a drill did on one hard mark."""

    MET = "met"
    MISSED = "missed"
    PENDING = "pending"


@dataclass(frozen=True)
class MarkScore:
    """One hard mark of a drill: when it was due (real instant), when it was reached, and the result."""

    mark: str
    due_at: datetime
    reached_at: datetime | None
    result: str

    @property
    def met(self) -> bool:
        """True when reached by the due instant."""
        return self.result == MarkResult.MET


@dataclass(frozen=True)
class DrillCheck:
    """One pass/fail line of the scorecard (`drills.check.<key>`)."""

    key: str
    passed: bool


@dataclass(frozen=True)
class DrillScore:
    """How the team did in a drill, computed from the database."""

    incident_id: int
    time_scale: int
    ended: bool
    real_duration: timedelta
    marks: list[MarkScore]
    first_approval_at: datetime | None
    scenario_hours_to_approval: float | None
    drafts: int
    findings_by_rule: dict[str, int]
    approved_findings: int
    mentions_total: int
    mentions_handled: int
    mentions_open: int
    steps_done: int
    steps_total: int
    steps_expected_open: int
    checks: list[DrillCheck] = field(default_factory=list)

    @property
    def findings_total(self) -> int:
        """Linter findings on every draft proposed."""
        return sum(self.findings_by_rule.values())

    @property
    def passed(self) -> int:
        """How many checks passed."""
        return sum(1 for check in self.checks if check.passed)

    @property
    def scenario_duration_hours(self) -> float:
        """How long the drill ran, in scenario hours."""
        return round(self.real_duration.total_seconds() * self.time_scale / 3600, 1)


def score(session: Session, incident_id: int, now: datetime | None = None) -> DrillScore:
    """Score a drill (see the module docstring for the rules). A drill still running is scored as of
    `now` (its unreached marks not yet due are pending); a resolved one as of its resolution."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise CrisisError("errors_report.unknown_incident", incident=incident_id)
    ended = incident.status == IncidentStatus.RESOLVED
    end = incident.resolved_at if ended and incident.resolved_at else (now or incident.created_at)
    scale = max(incident.time_scale, 1)
    steps = checklist.items(session, incident_id)
    first_approval = statements.first_approval_at(session, incident_id)
    reached = {
        deadlines.RESPONSE_MARK: first_approval,
        deadlines.PUBLICATION_MARK: statements.published_everywhere_at(session, incident_id),
    }
    marks = [
        _mark_score(mark, deadlines.mark_due(incident, mark), reached[mark], end, ended)
        for mark in deadlines.hard_marks_of(steps)
    ]
    drafts = statements.statements(session, incident_id)
    findings = Counter(finding["rule"] for draft in drafts for finding in draft.findings)
    approved_findings = sum(
        len(draft.findings)
        for draft in drafts
        if draft.status in (StatementStatus.APPROVED, StatementStatus.SUPERSEDED)
    )
    ever_approved = first_approval is not None
    mentions = summarise(session, incident_id)
    expected = [step for step in steps if step.phase != FOLLOW_UP_PHASE]
    expected_open = sum(1 for step in expected if not step.done)
    checks = [DrillCheck(f"mark.{item.mark}", item.met) for item in marks]
    checks += [
        DrillCheck("clean_message", ever_approved and approved_findings == 0),
        DrillCheck("mentions_handled", mentions.open == 0),
        DrillCheck("checklist", expected_open == 0),
    ]
    to_approval = None
    if first_approval is not None:
        elapsed = (first_approval - incident.first_negative_at).total_seconds()
        to_approval = round(max(elapsed, 0) * scale / 3600, 1)
    return DrillScore(
        incident_id=incident_id,
        time_scale=scale,
        ended=ended,
        real_duration=max(end - incident.created_at, timedelta(0)),
        marks=marks,
        first_approval_at=first_approval,
        scenario_hours_to_approval=to_approval,
        drafts=len(drafts),
        findings_by_rule=dict(sorted(findings.items(), key=lambda item: (-item[1], item[0]))),
        approved_findings=approved_findings,
        mentions_total=mentions.total,
        mentions_handled=mentions.handled,
        mentions_open=mentions.open,
        steps_done=checklist.progress(steps).done,
        steps_total=len(steps),
        steps_expected_open=expected_open,
        checks=checks,
    )


def _mark_score(mark: str, due: datetime, reached: datetime | None, end: datetime, ended: bool) -> MarkScore:
    if reached is not None and reached <= due:
        return MarkScore(mark, due, reached, MarkResult.MET)
    if ended or end >= due:
        return MarkScore(mark, due, reached, MarkResult.MISSED)
    return MarkScore(mark, due, reached, MarkResult.PENDING)


# ---------------------------------------------------------------------------------------------
# The Slack side: opening a drill, the scorecard
# ---------------------------------------------------------------------------------------------


def minutes_of(duration: timedelta) -> int:
    return max(round(duration.total_seconds() / 60), 1)
