"""The report as a document: every fact of an incident report in words a reader outside Slack
understands (names instead of Slack ids, sentences instead of event codes, in the crisis language).

Markdown, HTML and JSON are all rendered from one `ReportDocument`, so they never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.models import Incident, Statement, StatementStatus, TimelineEvent
from bot.deadlines.deadlines import PUBLICATION_MARK, RESPONSE_MARK, before_step_key, daily_step_key
from bot.reports.chart import ChartItem, ChartLayout, layout_chart
from bot.reports.reports import IncidentReport
from bot.reports.word_diff import DiffPart, word_diff
from messages.i18n import Translator

_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")

#: Every kind of timeline event the app records; each has a sentence in every language.
EVENT_KINDS = (
    "opened",
    "assigned",
    "severity_changed",
    "resolved",
    "reopened",
    "first_negative_moved",
    "status_update",
    "step_done",
    "step_undone",
    "statement_proposed",
    "statement_approved",
    "statement_changes_requested",
    "statement_rejected",
    "statement_published",
    "role_added",
    "role_removed",
    "mention_logged",
    "mention_handled",
    "mention_reclassified",
    "deadline_met",
    "deadline_missed",
    "deadline_escalated",
    "deadlines_waived",
    "cause_fixed",
    "refused",
    "update_requested",
    "reminder_snoozed",
)


@dataclass(frozen=True)
class DeadlineRow:
    """One hard mark: when it was due, when it was reached, how long that took, met or missed."""

    label: str
    due_at: datetime
    reached_at: datetime | None
    took: str
    result: str
    result_label: str


@dataclass(frozen=True)
class PublicationLine:
    """Where an approved version went out."""

    platform: str
    url: str
    by: str
    at: datetime


@dataclass(frozen=True)
class VersionSection:
    """One approved version of the public message, in full, with what changed since the previous one."""

    version: int
    draft_number: int
    current: bool
    text: str
    changes: list[DiffPart]
    author: str
    approved_by: str
    approved_at: datetime | None
    platforms: list[str]
    publications: list[PublicationLine]


@dataclass(frozen=True)
class DraftLine:
    """A draft that never became a version (or still waits for a decision)."""

    number: int
    status: str
    author: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class StepLine:
    """A checklist step and who did it."""

    position: int
    phase: str
    text: str
    done: bool
    done_by: str | None
    done_at: datetime | None


@dataclass(frozen=True)
class HiddenMention:
    """A mention the team hid, and why."""

    platform: str
    url: str
    mention_class: str
    reason: str
    by: str | None
    at: datetime | None


@dataclass(frozen=True)
class WaitingMention:
    """A mention waiting for the cause to be fixed before it is answered (seed 004)."""

    platform: str
    url: str
    mention_class: str
    by: str | None
    since: datetime | None


@dataclass(frozen=True)
class UpdateLine:
    """A status update as posted."""

    at: datetime
    author: str
    what_happened: str
    impact: str
    actions: str
    next_update_at: datetime | None


@dataclass(frozen=True)
class TimelineLine:
    """One timeline event as a sentence."""

    at: datetime
    who: str
    sentence: str


@dataclass(frozen=True)
class CountLine:
    """A labelled count (mentions by class, platform, source)."""

    label: str
    count: int


@dataclass
class ReportDocument:
    """Everything the report shows, already in the crisis language and with names resolved."""

    language: str
    title: str
    generated_at: datetime
    is_drill: bool
    summary: str
    case: str
    severity: str
    status: str
    responsible: str
    opener: str
    first_negative_at: datetime
    first_post_url: str | None
    resolved_at: datetime | None
    duration: str
    resolution: str
    description: str
    deadlines: list[DeadlineRow]
    versions: list[VersionSection]
    other_drafts: list[DraftLine]
    steps: list[StepLine]
    steps_done: int
    mentions_total: int
    mentions_open: int
    mentions_handled: int
    mentions_by_class: list[CountLine]
    mentions_by_platform: list[CountLine]
    mentions_by_source: list[CountLine]
    hidden_mentions: list[HiddenMention]
    awaiting_fix_mentions: list[WaitingMention]
    cause_fixed_at: datetime | None
    updates: list[UpdateLine]
    follow_ups: list[str]
    timeline: list[TimelineLine]
    chart: ChartLayout
    drill: Any = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The document as JSON-ready data (times as ISO 8601 UTC)."""
        data = asdict(self)
        data.pop("chart")
        data.pop("drill")
        return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def user_ids_in(report: IncidentReport) -> set[str]:
    """Every Slack user id the report mentions, in its fields or inside free text."""
    incident = report.incident
    ids: set[str] = {incident.responsible_user_id, incident.opener_user_id}
    for draft in report.drafts:
        ids.update(filter(None, (draft.author_user_id, draft.decided_by_user_id)))
    for publications in report.publications.values():
        ids.update(publication.published_by for publication in publications)
    ids.update(step.done_by_user_id for step in report.steps if step.done_by_user_id)
    ids.update(update.author_user_id for update in report.updates)
    ids.update(mention.handled_by_user_id for mention in report.hidden_mentions if mention.handled_by_user_id)
    for event in report.events:
        if event.actor_user_id:
            ids.add(event.actor_user_id)
        detail = event.detail or {}
        for key in ("responsible", "user"):
            if isinstance(detail.get(key), str):
                ids.add(detail[key])
        if event.kind == "assigned" and isinstance(detail.get("previous"), str):
            ids.add(detail["previous"])
    texts = [incident.description, incident.resolution or "", incident.title]
    texts += [draft.text for draft in report.drafts] + [draft.reason or "" for draft in report.drafts]
    texts += [f"{u.what_happened} {u.impact} {u.actions}" for u in report.updates]
    texts += [mention.hidden_reason or "" for mention in report.hidden_mentions]
    texts += [str(value) for event in report.events for value in (event.detail or {}).values()]
    for text in texts:
        ids.update(_USER_MENTION.findall(text or ""))
    return {user_id for user_id in ids if user_id}


class _Writer:
    """Turns the report's raw values into the reader's words."""

    def __init__(self, report: IncidentReport, names: Mapping[str, str], t: Translator) -> None:
        self.report = report
        self.names = names
        self.t = t
        self.step_texts = {step.step_key: step.text for step in report.steps}
        self.mentions = {mention.id: mention for mention in report.all_mentions}

    def name(self, user_id: str | None) -> str:
        if not user_id:
            return self.t.plain("report.bot")
        return self.names.get(user_id, user_id)

    def text(self, value: str | None) -> str:
        """User text with Slack's `<@U…>` turned into `@name` (nothing resolves it outside Slack)."""
        return _USER_MENTION.sub(lambda match: "@" + self.name(match.group(1)), value or "")

    def duration(self, delta: timedelta | None) -> str:
        if delta is None:
            return "—"
        minutes = int(abs(delta.total_seconds()) // 60)
        sign = "-" if delta.total_seconds() < 0 else ""
        return sign + self.t.plain("report.hours_minutes", hours=minutes // 60, minutes=f"{minutes % 60:02d}")

    def label(self, prefix: str, key: str | None) -> str:
        full = f"{prefix}.{key}"
        return self.t.plain(full) if key and self.t.has(full) else (key or "—")

    def platform(self, key: str) -> str:
        return self.label("statements.platform", key)

    def mention(self, mention_id: object) -> str:
        """A mention as a reader can find it: its link (database ids mean nothing to them)."""
        mention = self.mentions.get(mention_id) if isinstance(mention_id, int) else None
        return mention.url if mention else "—"

    def step(self, step_key: str | None) -> str:
        """A step's text without its closing full stop (the sentence quoting it has its own)."""
        return self.step_texts.get(step_key or "", step_key or "—").rstrip().rstrip(".。")

    def mark(self, mark: str) -> str:
        step_key = daily_step_key(mark)
        if step_key:
            return self.t.plain("deadlines.mark.daily", step=self.step_texts.get(step_key, step_key))
        step_key = before_step_key(mark)
        if step_key:
            return self.t.plain("deadlines.mark.before", step=self.step_texts.get(step_key, step_key))
        return self.label("deadlines.mark", mark)

    def moment(self, value: Any) -> str:
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return value
        return f"{value:%Y-%m-%d %H:%M} UTC" if isinstance(value, datetime) else "—"

    # ---- timeline ----------------------------------------------------------------------------------

    def sentence(self, event: TimelineEvent) -> str:
        """The event in one sentence of the crisis language."""
        detail = dict(event.detail or {})
        params: dict[str, Any] = {"who": self.name(event.actor_user_id)}
        kind = event.kind
        builders: dict[str, Callable[[], dict[str, Any]]] = {
            "opened": lambda: {
                "case": self.report.case_title,
                "severity": self.label("severity", detail.get("severity")),
                "responsible": self.name(detail.get("responsible")),
            },
            "assigned": lambda: {
                "responsible": self.name(detail.get("responsible")),
                "previous": self.name(detail.get("previous")),
            },
            "severity_changed": lambda: {
                "previous": self.label("severity", detail.get("previous")),
                "severity": self.label("severity", detail.get("severity")),
            },
            "resolved": lambda: {"resolution": self.text(detail.get("resolution")) or "—"},
            "first_negative_moved": lambda: {
                "previous": self.moment(detail.get("previous")),
                "when": self.moment(detail.get("first_negative_at")),
            },
            "step_done": lambda: {"step": self.step(detail.get("step"))},
            "step_undone": lambda: {"step": self.step(detail.get("step"))},
            "statement_changes_requested": lambda: {"reason": self.text(detail.get("reason"))},
            "statement_rejected": lambda: {"reason": self.text(detail.get("reason"))},
            "statement_published": lambda: {"platform": self.platform(detail.get("platform") or "")},
            "role_added": lambda: {
                "user": self.name(detail.get("user")),
                "role": self.label("report.role", detail.get("role")),
            },
            "role_removed": lambda: {
                "user": self.name(detail.get("user")),
                "role": self.label("report.role", detail.get("role")),
            },
            "mention_logged": lambda: {
                "mention": self.mention(detail.get("mention_id")),
                "mention_class": self.label("mentions.class", detail.get("mention_class")),
            },
            "mention_handled": lambda: {
                "mention": self.mention(detail.get("mention_id")),
                "state": self.label("mentions.state", detail.get("state")),
                "reason": self.text(detail.get("reason")),
            },
            "mention_reclassified": lambda: {
                "mention": self.mention(detail.get("mention_id")),
                "previous": self.label("mentions.class", detail.get("previous")),
                "mention_class": self.label("mentions.class", detail.get("mention_class")),
            },
            "deadline_met": lambda: {"mark": self.mark(detail.get("mark") or "")},
            "deadline_missed": lambda: {"mark": self.mark(detail.get("mark") or "")},
            "deadline_escalated": lambda: {"mark": self.mark(detail.get("mark") or "")},
            "deadlines_waived": lambda: {"reason": self.text(detail.get("reason"))},
            "refused": lambda: {"action": self.label("report.action", detail.get("action"))},
            "update_requested": lambda: {"responsible": self.name(detail.get("responsible"))},
            "reminder_snoozed": lambda: {
                "reminder": self.mark(detail.get("mark") or ""),
                "until": self.moment(detail.get("until")),
                "reason": self.text(detail.get("reason")),
            },
        }
        params.update({key: value for key, value in detail.items() if isinstance(value, int | float)})
        if kind in builders:
            params.update(builders[kind]())
        if kind == "mention_handled" and detail.get("reason"):
            kind = "mention_hidden"
        key = f"report.event.{kind}"
        return self.t.plain(key if self.t.has(key) else "report.event.other", **params)

    # ---- sections ----------------------------------------------------------------------------------

    def deadlines(self) -> list[DeadlineRow]:
        report = self.report
        rows = []
        for mark, label, due, reached, took in (
            (
                RESPONSE_MARK,
                "report.response_12h",
                report.response_due,
                report.first_approval_at,
                report.time_to_approval,
            ),
            (
                PUBLICATION_MARK,
                "report.publication_48h",
                report.publication_due,
                report.published_everywhere_at,
                report.time_to_publication,
            ),
        ):
            if reached is not None:
                result = "met" if reached <= due else "missed"
            elif mark in report.waived:
                result = "waived"
            else:
                result = "missed" if report.ended_at > due else "not_reached"
            result_label = (
                self.t.plain("deadlines.waived_label", reason=report.incident.waiver_reason or "")
                if result == "waived"
                else self.t.plain(f"report.{result}")
            )
            rows.append(
                DeadlineRow(
                    label=self.t.plain(label),
                    due_at=due,
                    reached_at=reached,
                    took=self.duration(took),
                    result=result,
                    result_label=result_label,
                )
            )
        return rows

    def versions(self) -> list[VersionSection]:
        approved = sorted(
            (d for d in self.report.drafts if d.version is not None), key=lambda d: d.version or 0
        )
        sections: list[VersionSection] = []
        previous: Statement | None = None
        for draft in approved:
            text = self.text(draft.text)
            sections.append(
                VersionSection(
                    version=draft.version or 0,
                    draft_number=draft.number,
                    current=draft.status == StatementStatus.APPROVED,
                    text=text,
                    changes=word_diff(self.text(previous.text), text) if previous else [],
                    author=self.name(draft.author_user_id),
                    approved_by=self.name(draft.decided_by_user_id),
                    approved_at=draft.decided_at,
                    platforms=[self.platform(platform) for platform in draft.platforms],
                    publications=[
                        PublicationLine(
                            platform=self.platform(publication.platform),
                            url=publication.url,
                            by=self.name(publication.published_by),
                            at=publication.published_at,
                        )
                        for publication in self.report.publications.get(draft.id or 0, [])
                    ],
                )
            )
            previous = draft
        return sections

    def other_drafts(self) -> list[DraftLine]:
        return [
            DraftLine(
                number=draft.number,
                status=self.label("report.draft_status", draft.status),
                author=self.name(draft.author_user_id),
                created_at=draft.created_at,
                decided_by=self.name(draft.decided_by_user_id) if draft.decided_by_user_id else None,
                decided_at=draft.decided_at,
                reason=self.text(draft.reason) or None,
            )
            for draft in self.report.drafts
            if draft.version is None
        ]

    def summary(self, deadlines: list[DeadlineRow], versions: int) -> str:
        report, t = self.report, self.t
        incident = report.incident
        parts = [
            t.plain(
                "report.summary_text.lead",
                case=report.case_title,
                severity=self.label("severity", incident.severity),
                responsible=self.name(incident.responsible_user_id),
                first=self.moment(incident.first_negative_at),
            )
        ]
        response, publication = deadlines
        parts.append(
            t.plain("report.summary_text.approved", took=response.took, result=response.result_label)
            if response.reached_at
            else t.plain("report.summary_text.not_approved")
        )
        parts.append(
            t.plain("report.summary_text.published", took=publication.took, result=publication.result_label)
            if publication.reached_at
            else t.plain("report.summary_text.not_published")
        )
        mentions = report.mentions
        parts.append(
            t.plain(
                "report.summary_text.numbers",
                versions=versions,
                mentions=mentions.total if mentions else 0,
                handled=mentions.handled if mentions else 0,
                done=report.done_steps,
                total=len(report.steps),
            )
        )
        parts.append(
            t.plain("report.summary_text.resolved", duration=self.duration(report.duration))
            if incident.resolved_at
            else t.plain("report.summary_text.open", duration=self.duration(report.duration))
        )
        return t.plain("report.summary_text.separator").join(parts)

    def chart(self) -> ChartLayout:
        return layout_chart(
            [
                ChartItem(
                    position=point.x,
                    label=f"{self.t.plain('report.chart_kind.' + point.kind)} · {point.at:%m-%d %H:%M}",
                    at=point.at,
                    is_deadline=point.kind.endswith("_due"),
                )
                for point in self.report.chart()
            ]
        )


def build_document(report: IncidentReport, names: Mapping[str, str]) -> ReportDocument:
    """The report in the crisis language, with `names` (user id → name) in place of Slack ids."""
    incident: Incident = report.incident
    t = Translator(incident.language)
    writer = _Writer(report, names, t)
    deadlines = writer.deadlines()
    versions = writer.versions()
    mentions = report.mentions
    return ReportDocument(
        language=t.language,
        title=writer.text(incident.title),
        generated_at=report.generated_at,
        is_drill=incident.is_drill,
        summary=writer.summary(deadlines, len(versions)),
        case=report.case_title,
        severity=writer.label("severity", incident.severity),
        status=writer.label("status", incident.status),
        responsible=writer.name(incident.responsible_user_id),
        opener=writer.name(incident.opener_user_id),
        first_negative_at=incident.first_negative_at,
        first_post_url=incident.first_post_url,
        resolved_at=incident.resolved_at,
        duration=writer.duration(report.duration),
        resolution=writer.text(incident.resolution) or "—",
        description=writer.text(incident.description),
        deadlines=deadlines,
        versions=versions,
        other_drafts=writer.other_drafts(),
        steps=[
            StepLine(
                position=step.position,
                phase=writer.label("phase", step.phase),
                text=step.text,
                done=step.done,
                done_by=writer.name(step.done_by_user_id) if step.done else None,
                done_at=step.done_at if step.done else None,
            )
            for step in report.steps
        ],
        steps_done=report.done_steps,
        mentions_total=mentions.total if mentions else 0,
        mentions_open=mentions.open if mentions else 0,
        mentions_handled=mentions.handled if mentions else 0,
        mentions_by_class=[
            CountLine(writer.label("mentions.class", key), count)
            for key, count in (mentions.by_class.items() if mentions else [])
        ],
        mentions_by_platform=[
            CountLine(writer.platform(key), count)
            for key, count in (mentions.by_platform.items() if mentions else [])
        ],
        mentions_by_source=[
            CountLine(writer.label("mentions.source", key), count)
            for key, count in (mentions.by_source.items() if mentions else [])
        ],
        hidden_mentions=[
            HiddenMention(
                platform=mention.platform,
                url=mention.url,
                mention_class=writer.label("mentions.class", mention.mention_class),
                reason=writer.text(mention.hidden_reason) or "—",
                by=writer.name(mention.handled_by_user_id) if mention.handled_by_user_id else None,
                at=mention.handled_at,
            )
            for mention in report.hidden_mentions
        ],
        awaiting_fix_mentions=[
            WaitingMention(
                platform=mention.platform,
                url=mention.url,
                mention_class=writer.label("mentions.class", mention.mention_class),
                by=writer.name(mention.handled_by_user_id) if mention.handled_by_user_id else None,
                since=mention.handled_at,
            )
            for mention in report.awaiting_fix_mentions
        ],
        cause_fixed_at=incident.cause_fixed_at,
        updates=[
            UpdateLine(
                at=update.created_at,
                author=writer.name(update.author_user_id),
                what_happened=writer.text(update.what_happened),
                impact=writer.text(update.impact),
                actions=writer.text(update.actions),
                next_update_at=update.next_update_at,
            )
            for update in report.updates
        ],
        follow_ups=[step.text for step in report.open_follow_ups],
        timeline=[
            TimelineLine(at=event.at, who=writer.name(event.actor_user_id), sentence=writer.sentence(event))
            for event in report.events
        ],
        chart=writer.chart(),
        drill=report.drill,
    )
