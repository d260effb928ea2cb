"""The Slack side of statements: review cards, pins, the leadership notice, spokespeople's DMs, checks."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.exc import IntegrityError

from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident, Statement, require_channel, require_id
from bot.core.states import Role, StatementStatus
from bot.incidents import incidents
from bot.incidents.incidents import for_channel, require_open
from bot.incidents.service import BriefCanvas
from bot.leadership.feed import LeadershipFeed
from bot.slack import command_text
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from bot.slack.listener import Listener, explain
from bot.statements import statements
from bot.statements.compare import Comparison
from bot.statements.statements import (
    MAX_REASON,
    MAX_TEXT,
    PLATFORMS,
    TONES,
    DecidedMeanwhile,
    DraftRequest,
    PublicationRecord,
)
from messages import ids
from messages.i18n import Translator, catalog
from messages.markup import Mrkdwn, clip, escape_mrkdwn, link
from messages.markup import channel as channel_link
from messages.markup import user as mention
from messages.render import Message, render_message, render_view

log = logging.getLogger(__name__)

SECTION_LIMIT = 2900  # Slack allows 3,000 characters in a section; leave room for the escaping
MAX_FINDINGS_SHOWN = 15
MAX_DIFFERENCES_SHOWN = 15
PROPOSE_ATTEMPTS = 5
FIELD_ERROR_LIMIT = 150  # what fits under a modal field
DRAFT_FIELDS = {"text": ids.DRAFT_TEXT, "platforms": ids.DRAFT_PLATFORMS, "tone": ids.DRAFT_TONE}
PUBLISH_FIELDS = {
    "platform": ids.PUBLISH_PLATFORM,
    "url": ids.PUBLISH_URL,
    "posted_text": ids.PUBLISH_POSTED_TEXT,
}

Reply = Callable[[Message], object]
"""Shows a message only to the person who asked (e.g. through a slash command's response_url)."""


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


def platform_key(text: str, language: str) -> str | None:
    """The platform key for what someone typed: the key itself or its label, in any letter case."""
    wanted = text.strip().lower().replace("-", "_")
    if wanted in PLATFORMS:
        return wanted
    t = Translator(language)
    for key in PLATFORMS:
        if t.plain(f"statements.platform.{key}").lower() == text.strip().lower():
            return key
    return None


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
        self.listener = Listener(context)  # the crisis's language for explanations and field errors

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

    def _open_modal(
        self, trigger_id: str, template: str, incident: Incident, metadata: dict, **params: object
    ) -> None:
        """Open one of the statement modals in the crisis's language; `metadata` comes back on submission."""
        view = render_view(template, incident.language, private_metadata=json.dumps(metadata), **params)
        self.context.gateway.open_view(trigger_id, view)

    # ---- drafts ----------------------------------------------------------------------------------

    def open_draft(self, channel_id: str, trigger_id: str, initial_text: str, origin: str) -> None:
        """Open the draft modal for the crisis in `channel_id`, prefilled with `initial_text` when given.

        `origin` ("command" or "shortcut") rides along in the modal's metadata.
        """
        incident = self.incident_for_channel(channel_id)
        require_open(incident)
        with session_scope(self.context.engine) as session:
            approved = statements.approved_statement(session, require_id(incident))
        self._open_modal(
            trigger_id,
            "statement_draft_modal.json.j2",
            incident,
            {"incident_id": incident.id, "origin": origin},
            title=incident.title,
            initial_text=initial_text[:MAX_TEXT],
            truncated=len(initial_text) > MAX_TEXT,
            max_text=MAX_TEXT,
            platforms=PLATFORMS,
            initial_platforms=list(approved.platforms) if approved else [],
            tones=TONES,
            initial_tone=approved.tone if approved else TONES[0],
        )

    def draft_errors(
        self, incident_id: int | None, text: str, platforms: tuple[str, ...], tone: str
    ) -> dict[str, str]:
        """What is wrong with a submitted draft modal, per field ({} when it can be proposed)."""
        problems = statements.validate_draft(text, platforms, tone)
        return self._field_errors(incident_id, {DRAFT_FIELDS[name]: key for name, key in problems.items()})

    def _field_errors(self, incident_id: int | None, keys: dict[str, str]) -> dict[str, str]:
        """Modal field errors: the string keys per block id, translated into the crisis's language."""
        if not keys:
            return {}
        t = Translator(self.listener.language_for(incident_id=incident_id))
        return {block_id: t.plain(key) for block_id, key in keys.items()}

    def propose_draft(self, incident_id: int | None, request: DraftRequest) -> None:
        """The submitted draft modal: store the draft and post its review card.

        When that fails, the explanation carries the author's text back to them, so nothing is lost.
        """
        try:
            self.propose(incident_id or 0, request)
        except Exception as error:
            language = self.listener.language_for(incident_id=incident_id)
            raise CrisisError(
                "statements.draft.failed", error=explain(error, language), text=clip(request.text, 2400)
            ) from error

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
        if incident is None:  # unreachable: the loop returns, raises or sets both
            raise CrisisError("errors.not_incident_channel")
        message = self.card_message(incident, statement, [])
        try:
            card_ts = context.gateway.post_message(require_channel(incident), message.text, message.blocks)
        except Exception:
            with session_scope(context.engine) as session:
                statements.discard(session, require_id(statement))
            raise
        with session_scope(context.engine) as session:
            statements.set_card(session, require_id(statement), card_ts)
        statement.card_ts = card_ts
        return incident, statement

    def refresh_card(self, incident: Incident, statement: Statement) -> None:
        """Re-render a statement's card in place."""
        if not (incident.channel_id and statement.card_ts):
            return
        with session_scope(self.context.engine) as session:
            published = statements.published_platforms(session, require_id(statement))
        message = self.card_message(incident, statement, published)
        self.context.gateway.update_message(
            incident.channel_id, statement.card_ts, message.text, message.blocks
        )

    # ---- decisions -------------------------------------------------------------------------------

    def approve_draft(self, statement_id: int | None, user_id: str) -> None:
        """Approve a draft, then update both cards, move the pin and tell leadership and spokespeople.

        The approval stands even when Slack refuses part of the follow-up; what it refused is then
        raised as `statements.approved_but`, for the approver to hear about.
        """
        if statement_id is None:
            raise CrisisError("statements.errors.unknown")
        context = self.context
        try:
            with session_scope(context.engine) as session:
                approval = statements.approve(
                    session, statement_id, user_id, context.clock.now(), context.settings.crisis_leads
                )
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
        card_ts = approved.card_ts
        if card_ts:
            self._attempt(failures, "pins.add", lambda: gateway.pin(require_channel(incident), card_ts))
        if previous is not None:
            self._attempt(failures, "chat.update", lambda: self.refresh_card(incident, previous))
            previous_ts = previous.card_ts
            if previous_ts:
                self._attempt(
                    failures, "pins.remove", lambda: gateway.unpin(require_channel(incident), previous_ts)
                )
        BriefCanvas(context).changed(incident)
        LeadershipFeed(context).mirror(
            incident, "approved", actor=mention(user_id), version=approved.version, number=approved.number
        )
        for spokesperson in spokespeople:
            self._attempt(
                failures,
                "chat.postMessage",
                partial(self.send_approved, spokesperson, incident, approved),
            )
        if failures:
            raise CrisisError(
                "statements.approved_but", version=approved.version, failures=", ".join(failures)
            )

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
        """DM a person the approved text (spokespeople get each new version); for a private crisis only
        a pointer to the channel, so the text never leaves it."""
        if incidents.shares_outside(incident):
            message = self.approved_message(incident, statement, for_dm=True)
        else:
            text = Translator(incident.language)(
                "statements.approved.dm_private",
                version=statement.version,
                channel=channel_link(incident.channel_id),
            )
            message = render_message("notice.json.j2", incident.language, text=text)
        self.context.gateway.send_dm(user_id, message.text, message.blocks)

    def open_decline(self, statement_id: int | None, user_id: str, decision: str, trigger_id: str) -> None:
        """Ask for the reason of a decision (changes requested or rejected) in a modal.

        Refused at once to anyone who may not decide, and when the draft was decided meanwhile.
        """
        if statement_id is None:
            raise CrisisError("statements.errors.unknown")
        with session_scope(self.context.engine) as session:
            statement, incident = statements.get(session, statement_id)
            statements.check_may_decide(
                session, incident, user_id, self.context.clock.now(), self.context.settings.crisis_leads
            )
            if statement.status != StatementStatus.PROPOSED:
                raise statements.explain_lost_race(session, statement_id)
        self._open_modal(
            trigger_id,
            "statement_decline_modal.json.j2",
            incident,
            {"statement_id": statement.id, "incident_id": incident.id, "decision": decision},
            decision=decision,
            statement=statement,
            max_reason=MAX_REASON,
        )

    def reason_errors(self, incident_id: int | None, reason: str) -> dict[str, str]:
        """What is wrong with a submitted reason modal ({} when the decision can be recorded)."""
        problem = statements.validate_reason(reason)
        return self._field_errors(incident_id, {ids.DECLINE_REASON: problem} if problem else {})

    def decline_draft(self, statement_id: int | None, user_id: str, decision: str, reason: str) -> None:
        """Ask for changes or reject, update the card, and send the reason to the author."""
        if statement_id is None or decision not in (
            StatementStatus.CHANGES_REQUESTED,
            StatementStatus.REJECTED,
        ):
            raise CrisisError("statements.errors.unknown")
        context = self.context
        try:
            with session_scope(context.engine) as session:
                statement = statements.decline(
                    session,
                    statement_id,
                    user_id,
                    decision,
                    reason,
                    context.clock.now(),
                    context.settings.crisis_leads,
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

    # ---- roles -----------------------------------------------------------------------------------

    def manage_role(self, channel_id: str, role: str, text: str, actor: str, reply: Reply) -> None:
        """`text` is "" (list who holds `role`), or "add @person" / "remove @person" (said in the channel;
        a new spokesperson also gets the approved text). What did not change is replied to the actor."""
        context = self.context
        incident = self.incident_for_channel(channel_id)
        verb, _, who = text.partition(" ")
        if not verb:
            with session_scope(context.engine) as session:
                holders = statements.role_holders(session, require_id(incident), role)
            people = ", ".join(mention(user_id) for user_id in holders)
            key = f"statements.roles.list_{role}" if holders else f"statements.roles.none_{role}"
            reply(
                self.notice(
                    incident.language,
                    key,
                    people=Mrkdwn(people),
                    responsible=mention(incident.responsible_user_id),
                )
            )
            return
        user_id = command_text.user_mention(who)
        if verb.lower() not in ("add", "remove") or user_id is None:
            raise CrisisError(f"statements.errors.usage_{role}")
        adding = verb.lower() == "add"
        if adding and not context.gateway.user_exists(user_id):
            raise CrisisError("errors.user_unknown")
        try:
            with session_scope(context.engine) as session:
                stored = session.get(Incident, incident.id)
                assert stored is not None
                change = statements.add_role if adding else statements.remove_role
                changed = change(
                    session, stored, user_id, role, actor, context.clock.now(), context.settings.crisis_leads
                )
                approved = statements.approved_statement(session, require_id(incident))
        except IntegrityError:
            changed, approved = False, None
        state = "added" if adding else "removed"
        if not changed:
            reply(
                self.notice(
                    incident.language, f"statements.roles.unchanged_{state}_{role}", user=mention(user_id)
                )
            )
            return
        gateway = context.gateway
        if adding:
            gateway.invite(require_channel(incident), [user_id])
        notice = self.notice(
            incident.language, f"statements.roles.{state}_{role}", actor=mention(actor), user=mention(user_id)
        )
        gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        if adding and role == Role.SPOKESPERSON and approved is not None:
            self.send_approved(user_id, incident, approved)

    def ask_senior_spokesperson(self, channel_id: str, trigger_id: str) -> None:
        """The critical-severity prompt's button: a picker for the senior spokesperson (seed 003)."""
        incident = self.incident_for_channel(channel_id)
        require_open(incident)
        self._open_modal(
            trigger_id,
            "spokesperson_modal.json.j2",
            incident,
            {"channel_id": channel_id},
        )

    def add_spokesperson(self, channel_id: str, user_id: str, actor: str) -> None:
        """The picker submitted: the same as `/crisis spokesperson add @person` (policy, announcement,
        the approved text by DM); what did not change is told to the actor only."""

        def reply(message: Message) -> None:
            self.context.gateway.post_ephemeral(channel_id, actor, message.text, message.blocks)

        self.manage_role(channel_id, Role.SPOKESPERSON, f"add <@{user_id}>", actor, reply)

    # ---- the approved message ----------------------------------------------------------------------

    def show_approved(self, channel_id: str, reply: Reply) -> None:
        """Reply with the approved text, copy-ready (or how many drafts wait when none is approved)."""
        incident = self.incident_for_channel(channel_id)
        with session_scope(self.context.engine) as session:
            approved = statements.approved_statement(session, require_id(incident))
            waiting = sum(
                1
                for statement in statements.statements(session, require_id(incident))
                if statement.status == StatementStatus.PROPOSED
            )
        if approved is None:
            reply(self.notice(incident.language, "statements.none_approved_yet", waiting=waiting))
            return
        reply(self.approved_message(incident, approved))

    def open_check(self, channel_id: str, trigger_id: str) -> None:
        """Open the modal where a text is pasted to compare it with the approved message."""
        incident = self.incident_for_channel(channel_id)
        with session_scope(self.context.engine) as session:
            approved = statements.approved_statement(session, require_id(incident))
        if approved is None:
            raise CrisisError("statements.errors.none_approved")
        self._open_modal(
            trigger_id,
            "statement_check_modal.json.j2",
            incident,
            {"incident_id": incident.id},
            version=approved.version,
            max_text=MAX_TEXT,
        )

    def check_in_modal(self, incident_id: int | None, text: str) -> dict:
        """The check modal's answer (the arguments of its ack): the modal replaced by the differences and
        the similarity score, or why it cannot be checked, under the text field."""
        try:
            with session_scope(self.context.engine) as session:
                incident = session.get(Incident, incident_id) if incident_id is not None else None
                if incident is None:
                    raise CrisisError("statements.errors.unknown")
                approved, comparison = statements.check_text(session, require_id(incident), text)
            return {
                "response_action": "update",
                "view": self.check_result_view(incident, approved, comparison),
            }
        except Exception as error:
            why = explain(error, self.listener.language_for(incident_id=incident_id))
            return {
                "response_action": "errors",
                "errors": {ids.CHECK_TEXT: unescape_slack(why)[:FIELD_ERROR_LIMIT]},
            }

    def check_message_text(self, channel_id: str, text: str, reply: Reply) -> None:
        """Reply with the differences between `text` (a message in the channel) and the approved message."""
        incident = self.incident_for_channel(channel_id)
        with session_scope(self.context.engine) as session:
            approved, comparison = statements.check_text(session, require_id(incident), text)
        reply(self.check_message(incident, approved, comparison))

    # ---- publication -----------------------------------------------------------------------------

    def open_publication_log(self, statement_id: int | None, trigger_id: str) -> None:
        """Open the modal that logs where the approved version was published (refused for an older one)."""
        if statement_id is None:
            raise CrisisError("statements.errors.unknown")
        with session_scope(self.context.engine) as session:
            statement, incident = statements.get(session, statement_id)
            superseded = statements.superseded(session, statement)
            missing = statements.unpublished_platforms(session, require_id(incident))
        if superseded is not None:
            raise superseded
        self._open_modal(
            trigger_id,
            "statement_publish_modal.json.j2",
            incident,
            {"statement_id": statement.id, "incident_id": incident.id},
            statement=statement,
            platforms=PLATFORMS,
            initial_platform=missing[0] if missing else None,
            max_text=MAX_TEXT,
        )

    def publication_errors(
        self,
        incident_id: int | None,
        statement_id: int | None,
        platform: str,
        url: str,
        posted_text: str | None,
    ) -> dict[str, str]:
        """What is wrong with a submitted publication modal, per field ({} when it can be logged).

        A modal opened on a version that is no longer the approved one can no longer log it.
        """
        problems = statements.validate_publication(platform, url, posted_text)
        errors = self._field_errors(
            incident_id, {PUBLISH_FIELDS[name]: key for name, key in problems.items()}
        )
        with session_scope(self.context.engine) as session:
            statement = session.get(Statement, statement_id) if statement_id is not None else None
            superseded = statements.superseded(session, statement) if statement is not None else None
        if superseded is not None:
            language = self.listener.language_for(incident_id=incident_id)
            errors[ids.PUBLISH_PLATFORM] = Translator(language).plain(superseded.key, **superseded.params)
        return errors

    def log_publication(
        self,
        incident_id: int | None,
        platform: str,
        url: str,
        user_id: str,
        posted_text: str | None = None,
        statement_id: int | None = None,
        reply: Reply | None = None,
    ) -> None:
        """Log a publication of the approved version; when the text as posted differs, show the person
        how (through `reply`, else privately in the crisis channel)."""
        if incident_id is None:
            raise CrisisError("statements.errors.unknown")
        incident, record = self.publish(incident_id, platform, url, user_id, posted_text, statement_id)
        if record.comparison is None or record.comparison.identical:
            return
        message = self.check_message(incident, record.statement, record.comparison)
        if reply is not None:
            reply(message)
        else:
            self.context.gateway.post_ephemeral(
                require_channel(incident), user_id, message.text, message.blocks
            )

    def log_published_command(self, channel_id: str, text: str, user_id: str, reply: Reply) -> None:
        """`text` is "<platform> <url> [text as posted]": log that publication of the approved version."""
        incident = self.incident_for_channel(channel_id)
        parts = text.split(maxsplit=2)
        platform = platform_key(parts[0], incident.language) if len(parts) >= 2 else None
        if platform is None:
            raise CrisisError("statements.errors.usage_published", platforms=", ".join(PLATFORMS))
        posted_text = unescape_slack(parts[2]) if len(parts) > 2 else None
        self.log_publication(
            require_id(incident), platform, command_text.url(parts[1]), user_id, posted_text, reply=reply
        )

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
        BriefCanvas(context).changed(incident)
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
        context.gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        if record.everywhere:
            done = self.notice(
                incident.language, "statements.published_everywhere", version=record.statement.version
            )
            context.gateway.post_message(require_channel(incident), done.text, done.blocks)
        return incident, record

    # ---- lookups ---------------------------------------------------------------------------------

    def incident_for_channel(self, channel_id: str) -> Incident:
        """The incident of a channel (NotAnIncidentChannel otherwise)."""
        with session_scope(self.context.engine) as session:
            return for_channel(session, channel_id)
