"""The Slack side of statements: review cards, pins, the leadership notice, spokespeople's DMs, checks."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident, Statement
from bot.incidents.incidents import for_channel
from bot.leadership.feed import LeadershipFeed
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from bot.statements import statements
from bot.statements.compare import Comparison
from bot.statements.statements import Approval, DecidedMeanwhile, DraftRequest, PublicationRecord, Role
from messages.i18n import Translator, catalog
from messages.markup import channel as channel_link
from messages.markup import escape_mrkdwn, link
from messages.markup import user as mention
from messages.render import Message, render_message, render_view

log = logging.getLogger(__name__)

SECTION_LIMIT = 2900  # Slack allows 3,000 characters in a section; leave room for the escaping
MAX_FINDINGS_SHOWN = 15
MAX_DIFFERENCES_SHOWN = 15
PROPOSE_ATTEMPTS = 5


def text_chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split user text into pieces that each fit one section once mrkdwn-escaped, on paragraph breaks."""
    pieces: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        for part in _split_long(paragraph, limit):
            candidate = f"{current}\n\n{part}" if current else part
            if len(escape_mrkdwn(candidate)) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces or [""]


def _split_long(paragraph: str, limit: int) -> list[str]:
    """A paragraph too long for one section, cut between words (inside a word only if it must)."""
    parts: list[str] = []
    current = ""
    for word in re.split(r"(?<=\s)", paragraph):
        while len(escape_mrkdwn(word)) > limit:
            if current:
                parts.append(current)
                current = ""
            cut = limit
            while len(escape_mrkdwn(word[:cut])) > limit:
                cut -= 1
            parts.append(word[:cut])
            word = word[cut:]
        if len(escape_mrkdwn(current + word)) > limit:
            parts.append(current)
            current = word
        else:
            current += word
    if current:
        parts.append(current)
    return [part for part in parts if part.strip()] or [paragraph[:1]]


def unescape_slack(text: str) -> str:
    """Turn the text of a Slack message back into what the person typed (`&lt;` → `<`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _label(language: str, prefix: str, key: str) -> str:
    """A translated label, or the key itself for rules or kinds added to the data without a string."""
    name = f"{prefix}.{key}"
    return Translator(language).plain(name) if name in catalog("en") else key


@dataclass(frozen=True)
class FindingView:
    """One linter finding as the card shows it."""

    label: str
    quote: str
    message: str
    is_block: bool


@dataclass(frozen=True)
class CardView:
    """Everything the review card shows about a statement."""

    incident: Incident
    statement: Statement
    chunks: list[str]
    findings: list[FindingView]
    more_findings: int
    published: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DifferenceView:
    """One difference between a text and the approved message, as shown to the person checking."""

    kind: str
    label: str
    approved: str | None
    text: str | None
    sentence: str | None


class StatementDesk:
    """Posts and refreshes statement cards and tells the right people, through the gateway."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    # ---- rendering -------------------------------------------------------------------------------

    def card_view(self, incident: Incident, statement: Statement, published: list[str]) -> CardView:
        """What the review card of `statement` shows."""
        language = incident.language
        findings = [
            FindingView(
                label=_label(language, "statements.rule", finding.get("rule", "")),
                quote=finding.get("quote") or "",
                message=finding.get("message") or "",
                is_block=finding.get("severity") == "block",
            )
            for finding in statement.findings
        ]
        return CardView(
            incident=incident,
            statement=statement,
            chunks=text_chunks(statement.text),
            findings=findings[:MAX_FINDINGS_SHOWN],
            more_findings=max(0, len(findings) - MAX_FINDINGS_SHOWN),
            published=published,
            missing=[platform for platform in statement.platforms if platform not in published],
        )

    def card_message(self, incident: Incident, statement: Statement, published: list[str]) -> Message:
        """The review card (a draft with its findings and buttons, or an approved/decided version)."""
        return render_message(
            "statement_card.json.j2", incident.language, card=self.card_view(incident, statement, published)
        )

    def approved_message(self, incident: Incident, statement: Statement, for_dm: bool = False) -> Message:
        """The approved text, copy-ready, with its version and platforms."""
        return render_message(
            "statement_approved.json.j2",
            incident.language,
            incident=incident,
            statement=statement,
            chunks=text_chunks(statement.text),
            for_dm=for_dm,
        )

    def _differences(self, language: str, comparison: Comparison) -> list[DifferenceView]:
        return [
            DifferenceView(
                kind=difference.kind,
                label=_label(language, "statements.difference", difference.kind),
                approved=difference.approved,
                text=difference.spoken,
                sentence=difference.sentence,
            )
            for difference in comparison.differences
        ]

    def _check_context(self, incident: Incident, approved: Statement, comparison: Comparison) -> dict:
        differences = self._differences(incident.language, comparison)
        return {
            "statement": approved,
            "comparison": comparison,
            "percent": round(comparison.similarity * 100),
            "differences": differences[:MAX_DIFFERENCES_SHOWN],
            "more_differences": max(0, len(differences) - MAX_DIFFERENCES_SHOWN),
        }

    def check_message(self, incident: Incident, approved: Statement, comparison: Comparison) -> Message:
        """The result of checking a text against the approved message, as a message."""
        return render_message(
            "statement_check.json.j2",
            incident.language,
            **self._check_context(incident, approved, comparison),
        )

    def check_result_view(self, incident: Incident, approved: Statement, comparison: Comparison) -> dict:
        """The same result as a modal (the check modal is replaced by it)."""
        return render_view(
            "statement_check_result_modal.json.j2",
            incident.language,
            **self._check_context(incident, approved, comparison),
        )

    def notice(self, language: str, key: str, **params: object) -> Message:
        """A one-section message with a translated sentence."""
        return render_message("notice.json.j2", language, text=Translator(language)(key, **params))

    # ---- drafts ----------------------------------------------------------------------------------

    def propose(self, incident_id: int, request: DraftRequest) -> tuple[Incident, Statement] | None:
        """Store a draft and post its review card in the incident channel.

        Returns None when this modal submission already made a draft (a replay). When Slack refuses the
        card, the draft is removed again and the SlackCallFailed re-raised (the caller gives the author
        their text back).
        """
        context = self.context
        for attempt in range(1, PROPOSE_ATTEMPTS + 1):
            try:
                with session_scope(context.engine) as session:
                    if request.source_view_id and statements.by_view(session, request.source_view_id):
                        return None
                    incident = session.get(Incident, incident_id)
                    if incident is None:
                        raise CrisisError("errors.not_incident_channel")
                    statement = statements.propose(session, incident, request, context.clock.now())
                break
            except IntegrityError:
                # a replay, or another draft took the same number at the same moment: look again
                if attempt == PROPOSE_ATTEMPTS:
                    raise
        message = self.card_message(incident, statement, [])
        try:
            card_ts = context.gateway.post_message(incident.channel_id, message.text, message.blocks)  # type: ignore[arg-type]
        except Exception:
            with session_scope(context.engine) as session:
                statements.discard(session, statement.id)  # type: ignore[arg-type]
            raise
        with session_scope(context.engine) as session:
            statements.set_card(session, statement.id, card_ts)  # type: ignore[arg-type]
        statement.card_ts = card_ts
        return incident, statement

    def refresh_card(self, incident: Incident, statement: Statement) -> None:
        """Re-render a statement's card in place."""
        if not (incident.channel_id and statement.card_ts):
            return
        with session_scope(self.context.engine) as session:
            published = statements.published_platforms(session, statement.id)  # type: ignore[arg-type]
        message = self.card_message(incident, statement, published)
        self.context.gateway.update_message(
            incident.channel_id, statement.card_ts, message.text, message.blocks
        )

    # ---- decisions -------------------------------------------------------------------------------

    def approve(self, statement_id: int, user_id: str) -> tuple[Incident, Approval, list[str]]:
        """Approve a draft, then update both cards, move the pin and tell leadership and spokespeople.

        Returns the incident, the approval and the Slack steps that failed (the approval stands).
        """
        context = self.context
        try:
            with session_scope(context.engine) as session:
                approval = statements.approve(session, statement_id, user_id, context.clock.now())
                incident = session.get(Incident, approval.statement.incident_id)
                spokespeople = statements.role_holders(
                    session, approval.statement.incident_id, Role.SPOKESPERSON
                )
        except (IntegrityError, DecidedMeanwhile):
            with session_scope(context.engine) as session:
                raise statements.explain_lost_race(session, statement_id) from None
        assert incident is not None and incident.channel_id
        failures: list[str] = []
        approved, previous = approval.statement, approval.superseded
        gateway = context.gateway
        self._attempt(failures, "chat.update", lambda: self.refresh_card(incident, approved))
        if approved.card_ts:
            self._attempt(failures, "pins.add", lambda: gateway.pin(incident.channel_id, approved.card_ts))  # type: ignore[arg-type]
        if previous is not None:
            self._attempt(failures, "chat.update", lambda: self.refresh_card(incident, previous))
            if previous.card_ts:
                self._attempt(
                    failures,
                    "pins.remove",
                    lambda: gateway.unpin(incident.channel_id, previous.card_ts),  # type: ignore[arg-type]
                )
        LeadershipFeed(context).mirror(
            incident, "approved", actor=mention(user_id), version=approved.version, number=approved.number
        )
        for spokesperson in spokespeople:
            self._attempt(
                failures,
                "chat.postMessage",
                lambda person=spokesperson: self.send_approved(person, incident, approved),
            )
        return incident, approval, failures

    def _attempt(self, failures: list[str], method: str, step: Callable[[], object]) -> None:
        try:
            step()
        except SlackCallFailed as failure:
            log.warning("after approval, %s failed: %s", failure.method, failure.error)
            failures.append(f"{failure.method} ({failure.error})")
        except Exception:
            log.exception("after approval, %s failed", method)
            failures.append(method)

    def send_approved(self, user_id: str, incident: Incident, statement: Statement) -> None:
        """DM a person the approved text (spokespeople get each new version)."""
        message = self.approved_message(incident, statement, for_dm=True)
        self.context.gateway.send_dm(user_id, message.text, message.blocks)

    def decline(
        self, statement_id: int, user_id: str, decision: str, reason: str
    ) -> tuple[Incident, Statement]:
        """Ask for changes or reject, update the card, and send the reason to the author."""
        context = self.context
        try:
            with session_scope(context.engine) as session:
                statement = statements.decline(
                    session, statement_id, user_id, decision, reason, context.clock.now()
                )
                incident = session.get(Incident, statement.incident_id)
        except (IntegrityError, DecidedMeanwhile):
            with session_scope(context.engine) as session:
                raise statements.explain_lost_race(session, statement_id) from None
        assert incident is not None
        self.refresh_card(incident, statement)
        notice = self.notice(
            incident.language,
            f"statements.author_{decision}",
            decided_user=mention(user_id),
            number=statement.number,
            channel=channel_link(incident.channel_id),
            reason=statement.reason,
        )
        try:
            context.gateway.send_dm(statement.author_user_id, notice.text, notice.blocks)
        except SlackCallFailed:
            log.warning("could not send the reason to the author of draft %s", statement.id)
        return incident, statement

    # ---- publication -----------------------------------------------------------------------------

    def publish(
        self,
        incident_id: int,
        platform: str,
        url: str,
        user_id: str,
        posted_text: str | None = None,
        statement_id: int | None = None,
    ) -> tuple[Incident, PublicationRecord]:
        """Log a publication of the approved version, refresh its card and say so in the channel."""
        context = self.context
        try:
            with session_scope(context.engine) as session:
                incident = session.get(Incident, incident_id)
                if incident is None:
                    raise CrisisError("errors.not_incident_channel")
                record = statements.record_publication(
                    session, incident, platform, url, user_id, context.clock.now(), posted_text, statement_id
                )
        except IntegrityError:
            raise CrisisError("statements.errors.already_logged", version="") from None
        self.refresh_card(incident, record.statement)
        comparison = record.comparison
        key = "statements.published_notice"
        if comparison is not None and not comparison.identical:
            key = "statements.published_notice_differs"
        notice = self.notice(
            incident.language,
            key,
            user=mention(user_id),
            version=record.statement.version,
            platform=_label(incident.language, "statements.platform", platform),
            url=link(url.strip()),
            percent=round(comparison.similarity * 100) if comparison else 100,
        )
        context.gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
        if record.everywhere:
            done = self.notice(
                incident.language, "statements.published_everywhere", version=record.statement.version
            )
            context.gateway.post_message(incident.channel_id, done.text, done.blocks)  # type: ignore[arg-type]
        return incident, record

    # ---- lookups ---------------------------------------------------------------------------------

    def incident_for_channel(self, channel_id: str) -> Incident:
        """The incident of a channel (NotAnIncidentChannel otherwise)."""
        with session_scope(self.context.engine) as session:
            return for_channel(session, channel_id)

    def language_for_channel(self, channel_id: str) -> str:
        """The incident's language in its channel, else the workspace default."""
        try:
            return self.incident_for_channel(channel_id).language
        except CrisisError:
            return self.context.settings.crisis_language

    def language_for_statement(self, statement_id: int | None) -> str:
        """The language of the incident a statement belongs to, else the workspace default."""
        if statement_id is None:
            return self.context.settings.crisis_language
        with session_scope(self.context.engine) as session:
            try:
                return statements.get(session, statement_id)[1].language
            except CrisisError:
                return self.context.settings.crisis_language
