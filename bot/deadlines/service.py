"""Posting the reminders the response clock owes (the *what*; `bot.scheduler` decides *when*).

Each due `deadline_mark` row is claimed with a conditional UPDATE (pending → sending) that only one
process can win, rendered, posted through the gateway, then marked sent. A Slack failure returns the
row to pending, so it is retried on the next tick, without limit: never lost. A channel that cannot
take the message (archived, bot removed) is not retried forever: the reminder goes to the next place
that can take it: leadership channel → incident channel → the responsible person's DM.
A row is posted at most once unless a process dies between Slack accepting the message and the
database recording it (then the row is retried after `deadlines.SENDING_LEASE`: a possible duplicate
rather than a silent loss).

A drill's `drill_mention` rows go through the same claim and bookkeeping, but instead of a reminder they
log the scripted post as a mention (`MentionDesk.log`): stored, classified and carded in the drill channel.

`ResponseClock` holds the people's use cases of the clock: listing it, moving the first negative post
(`/crisis first-post` and the header's modal) and reopening a resolved crisis.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.clock import to_unix
from bot.core.db import rowcount, session_scope, table_of
from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, DeadlineMark, Incident, require_channel, require_id
from bot.core.states import IncidentStatus, MarkKind, MarkState, Outcome
from bot.deadlines import deadlines
from bot.drills import drills
from bot.incidents import checklist, incidents, timeline
from bot.incidents.service import BriefCanvas, CrisisRoom
from bot.leadership.feed import leadership_channel, reaches_leadership
from bot.mentions.mentions import CARD_PENDING
from bot.mentions.service import MentionDesk
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from messages.i18n import Translator
from messages.markup import date
from messages.markup import user as mention
from messages.render import Message, render_message, render_view

log = logging.getLogger(__name__)

Place = tuple[str, str | None]  # (channel, thread ts)

#: A reminder fired this long after it was due (or created, if later) is labelled late.
LATE_AFTER = timedelta(minutes=5)
#: Rows handled per batch; `fire_due` keeps taking batches until the queue is empty.
BATCH = 200
#: Rows `/crisis deadlines` lists (a message holds 50 blocks); the oldest beyond are counted, not shown.
MAX_LISTED = 40
#: Errors that mean this channel will never take the message: try the next place instead of retrying.
UNREACHABLE = ("channel_not_found", "not_in_channel", "is_archived", "invalid_channel")


@dataclass(frozen=True)
class Fired:
    """What happened to one claimed row: `posted`, `skipped` (nothing to say), `cancelled`
    (the incident moved on) or `retry` (Slack failed; pending again)."""

    mark_id: int
    incident_id: int
    mark: str
    kind: str
    result: str
    late: bool = False
    outcome: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class _Delivery:
    places: list[Place]  # where to post, best first
    message: Message
    outcome: str | None


@dataclass(frozen=True)
class _Silence:
    state: str
    outcome: str | None


def fire_due(context: AppContext, now: datetime, limit: int = BATCH) -> list[Fired]:
    """Post every reminder due by `now` that no other process has claimed; returns what was done.

    Each row is tried at most once per call (batches move on by due time and id), so a row Slack refused
    waits for the next call instead of being hammered.
    """
    fired: list[Fired] = []
    after: tuple[datetime, int] | None = None
    while True:
        with session_scope(context.engine) as session:
            batch = [(row.due_at, require_id(row)) for row in deadlines.due_marks(session, now, limit, after)]
        for _due_at, mark_id in batch:
            result = fire_one(context, mark_id, now)
            if result is not None:
                fired.append(result)
        if len(batch) < limit:
            return fired
        after = max(batch)


def fire_one(context: AppContext, mark_id: int, now: datetime) -> Fired | None:
    """Claim one row, post it (through the gateway of the incident's own workspace), record the
    outcome. None when another process already claimed it."""
    engine = context.engine
    if not _claim(engine, mark_id, now):
        return None
    with session_scope(engine) as session:
        row = session.get(DeadlineMark, mark_id)
        assert row is not None
        owner = session.get(Incident, row.incident_id)
        team_id, enterprise_id = (owner.team_id, owner.enterprise_id) if owner else ("", None)
    with context.serving(team_id, enterprise_id):
        return _fire(context, row, now)


def _fire(context: AppContext, row: DeadlineMark, now: datetime) -> Fired:
    engine = context.engine
    mark_id = require_id(row)
    late = now - max(row.due_at, row.created_at) > LATE_AFTER
    if row.kind == MarkKind.DRILL_MENTION:
        return _feed_drill_mention(context, row, now, late)
    try:
        with session_scope(engine) as session:
            incident = session.get(Incident, row.incident_id)
            decision = _decide(session, context, row, incident, late)
    except Exception:
        log.exception("could not prepare reminder %s; it stays pending", mark_id)
        return _release(engine, row)
    if isinstance(decision, _Silence):
        _finish(context, row, decision.state, now, late, decision.outcome, None)
        result = "cancelled" if decision.state == MarkState.CANCELLED else "skipped"
        return Fired(mark_id, row.incident_id, row.mark, row.kind, result, late, decision.outcome)
    message = decision.message
    try:
        channel, ts = _post(context, decision.places, message)
    except Exception as error:
        log.warning("reminder %s not posted (%s); it will be retried", mark_id, error)
        return _release(engine, row)
    _finish(context, row, MarkState.SENT, now, late, decision.outcome, ts)
    if row.kind == MarkKind.DUE and incident is not None:
        BriefCanvas(context).changed(incident)  # the brief shows the mark met or missed
    return Fired(mark_id, row.incident_id, row.mark, row.kind, "posted", late, decision.outcome, channel)


def _feed_drill_mention(context: AppContext, row: DeadlineMark, now: datetime, late: bool) -> Fired:
    """A drill's scripted post falls due: log it as a mention (stored, classified, carded) instead of
    posting a reminder. Logging is idempotent by URL, so a retry after a failed card posts only the card."""
    try:
        with session_scope(context.engine) as session:
            incident = session.get(Incident, row.incident_id)
            scripted = drills.scripted_mention(incident, row) if incident is not None else None
        if incident is None or scripted is None or incident.status != IncidentStatus.OPEN:
            _finish(context, row, MarkState.CANCELLED, now, late, None, None)
            return Fired(require_id(row), row.incident_id, row.mark, row.kind, "cancelled", late)
        logged = MentionDesk(context).log(row.incident_id, scripted, drills.LOGGED_BY)
    except CrisisError:  # resolved meanwhile
        _finish(context, row, MarkState.CANCELLED, now, late, None, None)
        return Fired(require_id(row), row.incident_id, row.mark, row.kind, "cancelled", late)
    except Exception:
        log.exception("could not log scripted mention %s; it stays pending", row.id)
        return _release(context.engine, row)
    card_ts = logged.mention.card_ts
    if card_ts is None or card_ts == CARD_PENDING:
        return _release(context.engine, row)  # stored, but its card is not in Slack yet
    _finish(context, row, MarkState.SENT, now, late, None, card_ts)
    return Fired(
        require_id(row), row.incident_id, row.mark, row.kind, "posted", late, None, incident.channel_id
    )


def _post(context: AppContext, places: list[Place], message: Message) -> tuple[str, str]:
    """Post to the first place that takes the message; returns (channel, ts)."""
    for channel, thread_ts in places[:-1]:
        try:
            return channel, context.gateway.post_message(channel, message.text, message.blocks, thread_ts)
        except SlackCallFailed as failure:
            if failure.error not in UNREACHABLE:
                raise
            log.warning("%s cannot take a reminder (%s); trying the next place", channel, failure.error)
    channel, thread_ts = places[-1]
    return channel, context.gateway.post_message(channel, message.text, message.blocks, thread_ts)


def _claim(engine: Engine, mark_id: int, now: datetime) -> bool:
    table = table_of(DeadlineMark)
    with session_scope(engine) as session:
        claimed = session.execute(
            sa.update(table)
            .where(table.c.id == mark_id, table.c.state == MarkState.PENDING)
            .values(state=MarkState.SENDING, claimed_at=now)
        )
        return rowcount(claimed) == 1


def _release(engine: Engine, row: DeadlineMark) -> Fired:
    """Put a claimed row back in the queue for the next tick, counting the attempt."""
    table = table_of(DeadlineMark)
    with session_scope(engine) as session:
        session.execute(
            sa.update(table)
            .where(table.c.id == row.id, table.c.state == MarkState.SENDING)
            .values(state=MarkState.PENDING, attempts=table.c.attempts + 1, claimed_at=None)
        )
    return Fired(require_id(row), row.incident_id, row.mark, row.kind, "retry")


def _finish(
    context: AppContext,
    row: DeadlineMark,
    state: str,
    now: datetime,
    late: bool,
    outcome: str | None,
    ts: str | None,
) -> None:
    """Record what became of a claimed row (and on the timeline, a mark met, missed or escalated);
    a sent daily reminder plans the next day's."""
    table = table_of(DeadlineMark)
    with session_scope(context.engine) as session:
        session.execute(
            sa.update(table)
            .where(table.c.id == row.id, table.c.state == MarkState.SENDING)
            .values(
                state=state,
                sent_at=now if state == MarkState.SENT else None,
                late=late,
                outcome=outcome,
                message_ts=ts,
            )
        )
        if row.kind == MarkKind.DUE and outcome is not None:
            timeline.record(session, row.incident_id, f"deadline_{outcome}", now, mark=row.mark)
        elif row.kind == MarkKind.ESCALATION and state == MarkState.SENT:
            timeline.record(session, row.incident_id, "deadline_escalated", now, mark=row.mark)
        step_key = deadlines.daily_step_key(row.mark)
        if step_key and state == MarkState.SENT:
            incident = session.get(Incident, row.incident_id)
            if incident is not None:
                deadlines.schedule_next_daily(session, incident, step_key, context.settings, now)


def _decide(
    session: Session, context: AppContext, row: DeadlineMark, incident: Incident | None, late: bool
) -> _Delivery | _Silence:
    """What this row should say and where, or why it stays silent."""
    if incident is None or not incident.channel_id:
        return _Silence(MarkState.CANCELLED, None)
    wanted_status = IncidentStatus.RESOLVED if row.kind == MarkKind.FOLLOW_UP else IncidentStatus.OPEN
    if incident.status != wanted_status:
        return _Silence(MarkState.CANCELLED, None)
    settings = context.settings
    places: list[Place] = [(incident.channel_id, None), (incident.responsible_user_id, None)]
    outcome: str | None = None
    status = deadlines.MarkStatus(met=False, missing=[])
    due_at = row.due_at
    step: ChecklistItem | None = None
    if row.mark in deadlines.HARD_MARKS:
        status = deadlines.mark_status(session, incident, row.mark)
        due_at = deadlines.mark_due(incident, row.mark)
        if status.met:
            outcome = Outcome.MET
            if row.kind == MarkKind.ESCALATION or _confirmed(session, row):
                return _Silence(MarkState.SKIPPED, outcome)
        elif row.kind != MarkKind.WARNING:
            outcome = Outcome.MISSED
        leaders = None
        # a private crisis escalates in its own channel and to the responsible person only
        if reaches_leadership(incident) and incidents.shares_outside(incident):
            leaders = leadership_channel(session, context, incident.team_id)
        if row.kind == MarkKind.ESCALATION and leaders:
            # in the incident's leadership thread when it has one, so that channel stays readable
            thread = incident.leadership_ts if incident.leadership_channel_id == leaders else None
            places.insert(0, (leaders, thread))
    elif row.kind == MarkKind.DAILY:
        step_key = deadlines.daily_step_key(row.mark)
        steps = checklist.items(session, require_id(incident))
        step = next((item for item in steps if item.step_key == step_key), None)
        if step is None:
            return _Silence(MarkState.CANCELLED, None)
    elif row.kind == MarkKind.EARLY_WARNING:
        step_key = deadlines.before_step_key(row.mark)
        steps = checklist.items(session, require_id(incident))
        step = next((item for item in steps if item.step_key == step_key), None)
        if step is None or incident.disruption_starts_at is None:
            return _Silence(MarkState.CANCELLED, None)
        due_at = incident.disruption_starts_at
    message = render_message(
        "deadline_reminder.json.j2",
        incident.language,
        incident=incident,
        row=row,
        due_at=due_at,
        met=status.met,
        missing=status.missing,
        step=step,
        late=late,
        followup_days=settings.followup_days,
        snoozable=deadlines.snoozable(row),
    )
    return _Delivery(places, message, outcome)


def _confirmed(session: Session, row: DeadlineMark) -> bool:
    """True when a confirmation for this mark was already posted (the warning found it met)."""
    statement = select(DeadlineMark.id).where(
        DeadlineMark.incident_id == row.incident_id,
        DeadlineMark.mark == row.mark,
        DeadlineMark.state == MarkState.SENT,
        DeadlineMark.outcome == Outcome.MET,
    )
    return session.exec(statement).first() is not None


class ResponseClock:
    """The response clock's use cases in Slack: listing it, moving the first post, waiving, reopening."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def list_deadlines(self, channel_id: str) -> Message:
        """`/crisis deadlines`: every pending and past reminder of this crisis with its state."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            rows = deadlines.marks_for(session, require_id(incident))
            steps = checklist.items(session, require_id(incident))
        hidden = max(0, len(rows) - MAX_LISTED)
        return render_message(
            "deadlines_list.json.j2",
            incident.language,
            incident=incident,
            rows=rows[hidden:],
            hidden=hidden,
            step_texts={step.step_key: step.text for step in steps},
        )

    def move_first_post_to(self, channel_id: str, when_text: str, user_id: str) -> str | None:
        """`/crisis first-post <when>`: move the moment the deadlines count from; what to tell the person
        when it was already that moment (None when the channel hears about the move)."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
        if not when_text:
            raise CrisisError("deadlines.errors.when_required")
        settings = self.context.settings
        when = deadlines.parse_moment(when_text, self.context.clock.now(), settings.crisis_timezone)
        if self.move_first_post(require_id(incident), when, user_id):
            return None
        return Translator(incident.language)("deadlines.first_post.unchanged", when=date(when))

    def ask_first_post(self, channel_id: str, trigger_id: str) -> None:
        """The header's "Edit first post": open a modal with a date-time picker on the current one."""
        self.room.open_modal(
            channel_id,
            trigger_id,
            "first_post_modal.json.j2",
            lambda incident: {"title": incident.title, "initial_unix": to_unix(incident.first_negative_at)},
        )

    def move_first_post(self, incident_id: int, when: datetime, user_id: str) -> bool:
        """Move the first post (the header's modal, or the command), reschedule, announce it in the
        channel and refresh the header; False when it was already `when`."""
        context = self.context
        with session_scope(context.engine) as session:
            incident = deadlines.move_first_post(
                session, incident_id, when, user_id, context.settings, context.clock.now()
            )
        if incident is None:
            return False
        context.wake_scheduler()
        self._announce(
            incident,
            "deadlines.first_post.moved",
            user=mention(user_id),
            when=date(when),
            response=date(deadlines.response_due(when, incident.time_scale)),
            publication=date(deadlines.publication_due(when, incident.time_scale)),
        )
        return True

    def waive(self, channel_id: str, user_id: str, reason: str) -> None:
        """`/crisis waive <reason>`: the responsible person decided not to respond publicly; the 12h/48h
        marks are waived (`deadlines.waive` refuses anyone else), announced and shown in the header."""
        now = self.context.clock.now()
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            deadlines.waive(session, incident, reason, user_id, now, self.context.settings.crisis_leads)
        self.context.wake_scheduler()
        message = render_message("deadlines_waived.json.j2", incident.language, incident=incident)
        self.context.gateway.post_message(require_channel(incident), message.text, message.blocks)
        self.room.refresh_header(incident)

    def reopen(self, channel_id: str, user_id: str) -> None:
        """`/crisis reopen`: a resolved crisis is open again; deadlines still ahead come back."""
        context = self.context
        now = context.clock.now()
        with session_scope(context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            incidents.reopen(session, incident, user_id, now, context.settings.crisis_leads)
            deadlines.on_reopen(session, incident, context.settings, now)
        context.wake_scheduler()
        self._announce(incident, "deadlines.reopen.done", user=mention(user_id))

    def ask_snooze(self, mark_id: int | None, user_id: str, trigger_id: str) -> None:
        """A reminder's "Snooze" button: the modal asking for how long and why. A hard 12h/48h reminder
        (a crafted click), a closed crisis or someone the policy does not let snooze is refused at once."""
        context = self.context
        with session_scope(context.engine) as session:
            row, incident = deadlines.reminder(session, mark_id)
            deadlines.require_snoozable(
                session, row, incident, user_id, context.clock.now(), context.settings.crisis_leads
            )
            label = self._reminder_label(session, incident, row)
        view = render_view(
            "snooze_modal.json.j2",
            incident.language,
            private_metadata=json.dumps({"incident_id": incident.id, "mark_id": row.id}),
            reminder=label,
            choices=deadlines.SNOOZE_CHOICES,
            max_reason=deadlines.MAX_SNOOZE_REASON,
        )
        context.gateway.open_view(trigger_id, view)

    def snooze(self, mark_id: int | None, choice: str, reason: str, user_id: str) -> None:
        """The snooze modal was submitted: move the reminder, log the reason, say so in the channel."""
        context = self.context
        with session_scope(context.engine) as session:
            incident, row, until = deadlines.snooze(
                session, mark_id, choice, reason, user_id, context.clock.now(), context.settings
            )
            label = self._reminder_label(session, incident, row)
        context.wake_scheduler()
        text = Translator(incident.language)(
            "deadlines.snooze.done",
            user=mention(user_id),
            reminder=label,
            when=date(until),
            reason=reason.strip(),
        )
        notice = render_message("notice.json.j2", incident.language, text=text)
        context.gateway.post_message(require_channel(incident), notice.text, notice.blocks)

    @staticmethod
    def _reminder_label(session: Session, incident: Incident, row: DeadlineMark) -> str:
        """What a snoozable reminder is about, in the crisis language (a daily duty, a step, the update)."""
        t = Translator(incident.language)
        step_key = deadlines.daily_step_key(row.mark) or deadlines.before_step_key(row.mark)
        if step_key is None:
            return t.plain(f"deadlines.mark.{row.mark}") if t.has(f"deadlines.mark.{row.mark}") else row.mark
        steps = {step.step_key: step.text for step in checklist.items(session, require_id(incident))}
        kind = "daily" if deadlines.daily_step_key(row.mark) else "before"
        return t.plain(f"deadlines.mark.{kind}", step=steps.get(step_key, step_key))

    def _announce(self, incident: Incident, key: str, **params: object) -> None:
        """Tell the crisis channel what changed, then refresh the pinned header."""
        text = Translator(incident.language)(key, **params)
        notice = render_message("notice.json.j2", incident.language, text=text)
        self.context.gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        self.room.refresh_header(incident)
