"""The one approved message: `/crisis draft|approvers|spokesperson|message|check|published`, the review card's
buttons, the draft / reason / check / publication modals, and the two message shortcuts."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, Respond
from sqlalchemy.exc import IntegrityError

from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident, Statement, StatementStatus
from bot.incidents import incidents
from bot.slack import command_text, replays, view_state
from bot.slack.context import AppContext
from bot.slack.replies import ephemeral, explain
from bot.statements import statements
from bot.statements.service import StatementDesk, unescape_slack
from bot.statements.statements import MAX_REASON, MAX_TEXT, PLATFORMS, TONES, DraftRequest, Role
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator
from messages.markup import Mrkdwn, clip
from messages.markup import user as mention
from messages.render import render_message, render_view

log = logging.getLogger(__name__)

DRAFT_FIELDS = {"text": ids.DRAFT_TEXT, "platforms": ids.DRAFT_PLATFORMS, "tone": ids.DRAFT_TONE}
PUBLISH_FIELDS = {
    "platform": ids.PUBLISH_PLATFORM,
    "url": ids.PUBLISH_URL,
    "posted_text": ids.PUBLISH_POSTED_TEXT,
}


def _channel_of(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")


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


class StatementHandlers:
    """Every listener of the statements feature."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.desk = StatementDesk(context)

    # ---- small helpers ---------------------------------------------------------------------------

    def _tell(self, channel_id: str, user_id: str, text: str, language: str) -> None:
        """An ephemeral note to one person (a DM when they cannot see the channel)."""
        notice = render_message("notice.json.j2", language, text=text)
        try:
            if channel_id:
                self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
            else:
                self.context.gateway.send_dm(user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)

    def _explain(self, error: Exception, language: str) -> str:
        return explain(error, language)

    def _open_incident(self, channel_id: str) -> Incident:
        incident = self.desk.incident_for_channel(channel_id)
        incidents.require_open(incident)
        return incident

    def _draft_view(self, incident: Incident, initial_text: str, origin: str) -> dict:
        with session_scope(self.context.engine) as session:
            approved = statements.approved_statement(session, incident.id)  # type: ignore[arg-type]
        return render_view(
            "statement_draft_modal.json.j2",
            incident.language,
            private_metadata=json.dumps({"incident_id": incident.id, "origin": origin}),
            title=incident.title,
            initial_text=initial_text[:MAX_TEXT],
            truncated=len(initial_text) > MAX_TEXT,
            max_text=MAX_TEXT,
            platforms=PLATFORMS,
            initial_platforms=list(approved.platforms) if approved else [],
            tones=TONES,
            initial_tone=approved.tone if approved else TONES[0],
        )

    # ---- /crisis subcommands ---------------------------------------------------------------------

    def open_draft(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis draft [text]`: the draft modal (text prefilled when given)."""
        incident = self._open_incident(command["channel_id"])
        view = self._draft_view(incident, unescape_slack(rest), "command")
        self.context.gateway.open_view(command["trigger_id"], view)

    def manage_approvers(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis approvers [add|remove @person]`."""
        self._manage_role(Role.APPROVER, command, rest, respond)

    def manage_spokespeople(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis spokesperson [add|remove @person]`."""
        self._manage_role(Role.SPOKESPERSON, command, rest, respond)

    def _manage_role(self, role: str, command: dict, rest: str, respond: Respond) -> None:
        context = self.context
        incident = self.desk.incident_for_channel(command["channel_id"])
        t = Translator(incident.language)
        verb, _, who = rest.partition(" ")
        if not verb:
            with session_scope(context.engine) as session:
                holders = statements.role_holders(session, incident.id, role)  # type: ignore[arg-type]
            people = ", ".join(mention(user_id) for user_id in holders)
            key = f"statements.roles.list_{role}" if holders else f"statements.roles.none_{role}"
            respond(
                **ephemeral(t(key, people=Mrkdwn(people), responsible=mention(incident.responsible_user_id)))
            )
            return
        user_id = command_text.user_mention(who)
        if verb.lower() not in ("add", "remove") or user_id is None:
            raise CrisisError(f"statements.errors.usage_{role}")
        adding = verb.lower() == "add"
        if adding and not context.gateway.user_exists(user_id):
            raise CrisisError("errors.user_unknown")
        actor = command["user_id"]
        try:
            with session_scope(context.engine) as session:
                stored = session.get(Incident, incident.id)
                assert stored is not None
                change = statements.add_role if adding else statements.remove_role
                changed = change(
                    session, stored, user_id, role, actor, context.clock.now(), context.settings.crisis_leads
                )
                approved = statements.approved_statement(session, incident.id)  # type: ignore[arg-type]
        except IntegrityError:
            changed, approved = False, None
        state = "added" if adding else "removed"
        if not changed:
            respond(**ephemeral(t(f"statements.roles.unchanged_{state}_{role}", user=mention(user_id))))
            return
        gateway = context.gateway
        if adding:
            gateway.invite(incident.channel_id, [user_id])  # type: ignore[arg-type]
        notice = self.desk.notice(
            incident.language, f"statements.roles.{state}_{role}", actor=mention(actor), user=mention(user_id)
        )
        gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
        if adding and role == Role.SPOKESPERSON and approved is not None:
            self.desk.send_approved(user_id, incident, approved)

    def show_message(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis message`: the approved text, copy-ready, only for the person asking."""
        incident = self.desk.incident_for_channel(command["channel_id"])
        with session_scope(self.context.engine) as session:
            approved = statements.approved_statement(session, incident.id)  # type: ignore[arg-type]
            waiting = sum(
                1
                for statement in statements.statements(session, incident.id)  # type: ignore[arg-type]
                if statement.status == StatementStatus.PROPOSED
            )
        if approved is None:
            respond(
                **ephemeral(Translator(incident.language)("statements.none_approved_yet", waiting=waiting))
            )
            return
        message = self.desk.approved_message(incident, approved)
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def open_check(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis check`: a modal to paste a text and compare it with the approved message."""
        incident = self.desk.incident_for_channel(command["channel_id"])
        with session_scope(self.context.engine) as session:
            approved = statements.approved_statement(session, incident.id)  # type: ignore[arg-type]
        if approved is None:
            raise CrisisError("statements.errors.none_approved")
        view = render_view(
            "statement_check_modal.json.j2",
            incident.language,
            private_metadata=json.dumps({"incident_id": incident.id}),
            version=approved.version,
            max_text=MAX_TEXT,
        )
        self.context.gateway.open_view(command["trigger_id"], view)

    def log_published(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis published <platform> <url> [text as posted]`."""
        incident = self.desk.incident_for_channel(command["channel_id"])
        parts = rest.split(maxsplit=2)
        if len(parts) < 2:
            raise CrisisError("statements.errors.usage_published", platforms=", ".join(PLATFORMS))
        platform = platform_key(parts[0], incident.language)
        if platform is None:
            raise CrisisError("statements.errors.usage_published", platforms=", ".join(PLATFORMS))
        posted_text = unescape_slack(parts[2]) if len(parts) > 2 else None
        incident, record = self.desk.publish(
            incident.id,  # type: ignore[arg-type]
            platform,
            command_text.url(parts[1]),
            command["user_id"],
            posted_text,
        )
        if record.comparison is not None and not record.comparison.identical:
            message = self.desk.check_message(incident, record.statement, record.comparison)
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    # ---- buttons on the review card --------------------------------------------------------------

    def approve_draft(self, ack: Ack, body: dict) -> None:
        """Approve: only the responsible person or an approver; a double click changes nothing."""
        ack()
        user_id, channel_id = body["user"]["id"], _channel_of(body)
        statement_id = _statement_id(body)
        language = self.desk.language_for_statement(statement_id)
        if not replays.first_click(self.context, body):
            return
        try:
            if statement_id is None:
                raise CrisisError("statements.errors.unknown")
            incident, approval, failures = self.desk.approve(statement_id, user_id)
        except Exception as error:
            self._tell(channel_id, user_id, self._explain(error, language), language)
            return
        if failures:
            t = Translator(incident.language)
            text = t(
                "statements.approved_but", version=approval.statement.version, failures=", ".join(failures)
            )
            self._tell(channel_id, user_id, text, incident.language)

    def ask_for_changes(self, ack: Ack, body: dict) -> None:
        """Request changes: ask the reason in a modal (refused at once to anyone who may not decide)."""
        ack()
        self._open_decline(body, StatementStatus.CHANGES_REQUESTED)

    def reject_draft(self, ack: Ack, body: dict) -> None:
        """Reject: ask the reason in a modal (refused at once to anyone who may not decide)."""
        ack()
        self._open_decline(body, StatementStatus.REJECTED)

    def _open_decline(self, body: dict, decision: str) -> None:
        user_id, channel_id = body["user"]["id"], _channel_of(body)
        statement_id = _statement_id(body)
        language = self.desk.language_for_statement(statement_id)
        try:
            statement, incident = self._decidable(statement_id, user_id)
            view = render_view(
                "statement_decline_modal.json.j2",
                incident.language,
                private_metadata=json.dumps({"statement_id": statement.id, "decision": decision}),
                decision=decision,
                statement=statement,
                max_reason=MAX_REASON,
            )
            self.context.gateway.open_view(body["trigger_id"], view)
        except Exception as error:
            self._tell(channel_id, user_id, self._explain(error, language), language)

    def _decidable(self, statement_id: int | None, user_id: str) -> tuple[Statement, Incident]:
        if statement_id is None:
            raise CrisisError("statements.errors.unknown")
        with session_scope(self.context.engine) as session:
            statement, incident = statements.get(session, statement_id)
            statements.check_may_decide(
                session, incident, user_id, self.context.clock.now(), self.context.settings.crisis_leads
            )
            if statement.status != StatementStatus.PROPOSED:
                raise statements.explain_lost_race(session, statement_id)
        return statement, incident

    def open_publication_log(self, ack: Ack, body: dict) -> None:
        """The approved card's button: a modal to log where the version was published."""
        ack()
        user_id, channel_id = body["user"]["id"], _channel_of(body)
        statement_id = _statement_id(body)
        language = self.desk.language_for_statement(statement_id)
        try:
            if statement_id is None:
                raise CrisisError("statements.errors.unknown")
            with session_scope(self.context.engine) as session:
                statement, incident = statements.get(session, statement_id)
                approved = statements.approved_statement(session, incident.id)  # type: ignore[arg-type]
                missing = statements.unpublished_platforms(session, incident.id)  # type: ignore[arg-type]
            if approved is None or approved.id != statement.id:
                raise CrisisError(
                    "statements.errors.superseded_since",
                    version=statement.version,
                    current=approved.version if approved else "—",
                )
            view = render_view(
                "statement_publish_modal.json.j2",
                incident.language,
                private_metadata=json.dumps({"statement_id": statement.id, "incident_id": incident.id}),
                statement=statement,
                platforms=PLATFORMS,
                initial_platform=missing[0] if missing else None,
                max_text=MAX_TEXT,
            )
            self.context.gateway.open_view(body["trigger_id"], view)
        except Exception as error:
            self._tell(channel_id, user_id, self._explain(error, language), language)

    # ---- modal submissions -----------------------------------------------------------------------

    def submit_draft(self, ack: Ack, body: dict) -> None:
        """Draft modal submitted: field errors go back into the modal; the card is posted after the ack."""
        metadata = view_state.metadata(body["view"])
        incident_id = metadata.get("incident_id")
        user_id = body["user"]["id"]
        text = view_state.text(body["view"], ids.DRAFT_TEXT)
        platforms = tuple(view_state.options(body["view"], ids.DRAFT_PLATFORMS))
        tone = view_state.option(body["view"], ids.DRAFT_TONE)
        language = self._incident_language(incident_id)
        problems = statements.validate_draft(text, platforms, tone)  # type: ignore[arg-type]
        if problems:
            t = Translator(language)
            ack(
                response_action="errors",
                errors={DRAFT_FIELDS[field]: t.plain(key) for field, key in problems.items()},
            )
            return
        ack()
        request = DraftRequest(
            author_user_id=user_id,
            text=text,
            platforms=platforms,  # type: ignore[arg-type]
            tone=tone,
            source_view_id=body["view"].get("id"),
        )
        try:
            self.desk.propose(int(incident_id), request)  # type: ignore[arg-type]
        except Exception as error:
            t = Translator(language)
            failed = t("statements.draft.failed", error=self._explain(error, language), text=clip(text, 2400))
            self._tell("", user_id, failed, language)

    def _incident_language(self, incident_id: object) -> str:
        with session_scope(self.context.engine) as session:
            incident = session.get(Incident, incident_id) if isinstance(incident_id, int) else None
            return incident.language if incident else self.context.settings.crisis_language

    def submit_decline(self, ack: Ack, body: dict) -> None:
        """Reason modal submitted: record the decision, update the card, send the reason to the author."""
        metadata = view_state.metadata(body["view"])
        statement_id = metadata.get("statement_id")
        decision = metadata.get("decision", "")
        reason = view_state.text(body["view"], ids.DECLINE_REASON)
        language = self.desk.language_for_statement(statement_id if isinstance(statement_id, int) else None)
        problem = statements.validate_reason(reason)
        if problem:
            ack(response_action="errors", errors={ids.DECLINE_REASON: Translator(language).plain(problem)})
            return
        ack()
        user_id = body["user"]["id"]
        if not replays.first_submission(self.context, body):
            return
        try:
            if not isinstance(statement_id, int) or decision not in (
                StatementStatus.CHANGES_REQUESTED,
                StatementStatus.REJECTED,
            ):
                raise CrisisError("statements.errors.unknown")
            self.desk.decline(statement_id, user_id, decision, reason)
        except Exception as error:
            self._tell("", user_id, self._explain(error, language), language)

    def submit_check(self, ack: Ack, body: dict) -> None:
        """Check modal submitted: the modal is replaced by the differences and the similarity score."""
        incident_id = view_state.metadata(body["view"]).get("incident_id")
        text = view_state.text(body["view"], ids.CHECK_TEXT)
        language = self._incident_language(incident_id)
        try:
            with session_scope(self.context.engine) as session:
                incident = session.get(Incident, incident_id) if isinstance(incident_id, int) else None
                if incident is None:
                    raise CrisisError("statements.errors.unknown")
                approved, comparison = statements.check_text(session, incident.id, text)  # type: ignore[arg-type]
            view = self.desk.check_result_view(incident, approved, comparison)
        except Exception as error:
            ack(response_action="errors", errors={ids.CHECK_TEXT: _plain(self._explain(error, language))})
            return
        ack(response_action="update", view=view)

    def submit_publication(self, ack: Ack, body: dict) -> None:
        """Publication modal submitted: validated in the modal, logged after the ack."""
        metadata = view_state.metadata(body["view"])
        statement_id, incident_id = metadata.get("statement_id"), metadata.get("incident_id")
        platform = view_state.option(body["view"], ids.PUBLISH_PLATFORM)
        url = view_state.text(body["view"], ids.PUBLISH_URL)
        posted_text = view_state.text(body["view"], ids.PUBLISH_POSTED_TEXT) or None
        language = self._incident_language(incident_id)
        t = Translator(language)
        problems = statements.validate_publication(platform, url, posted_text)
        errors = {PUBLISH_FIELDS[field]: t.plain(key) for field, key in problems.items()}
        stale = self._superseded(statement_id, language)
        if stale:
            errors[ids.PUBLISH_PLATFORM] = stale
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        user_id = body["user"]["id"]
        if not replays.first_submission(self.context, body):
            return
        try:
            if not isinstance(incident_id, int):
                raise CrisisError("statements.errors.unknown")
            incident, record = self.desk.publish(
                incident_id, platform, url, user_id, posted_text, statement_id
            )
            if record.comparison is not None and not record.comparison.identical:
                message = self.desk.check_message(incident, record.statement, record.comparison)
                self.context.gateway.post_ephemeral(
                    incident.channel_id, user_id, message.text, message.blocks
                )  # type: ignore[arg-type]
        except Exception as error:
            self._tell("", user_id, self._explain(error, language), language)

    def _superseded(self, statement_id: object, language: str) -> str | None:
        """Why a publication modal opened on an older version can no longer log it (plain text), or None."""
        if not isinstance(statement_id, int):
            return None
        with session_scope(self.context.engine) as session:
            statement = session.get(Statement, statement_id)
            if statement is None or statement.status == StatementStatus.APPROVED:
                return None
            approved = statements.approved_statement(session, statement.incident_id)
        current = approved.version if approved else "—"
        return Translator(language).plain(
            "statements.errors.superseded_since", version=statement.version, current=current
        )

    # ---- message shortcuts -----------------------------------------------------------------------

    def propose_from_message(self, ack: Ack, shortcut: dict, respond: Respond) -> None:
        """ "Propose as crisis statement" on a message: the draft modal, prefilled with its text."""
        ack()
        channel_id = (shortcut.get("channel") or {}).get("id", "")
        language = self.desk.language_for_channel(channel_id)
        try:
            incident = self._open_incident(channel_id)
            text = unescape_slack((shortcut.get("message") or {}).get("text") or "")
            view = self._draft_view(incident, text, "shortcut")
            self.context.gateway.open_view(shortcut["trigger_id"], view)
        except Exception as error:
            respond(**ephemeral(self._explain(error, language)))

    def check_message(self, ack: Ack, shortcut: dict, respond: Respond) -> None:
        """ "Check against approved message" on a message: the differences, only for the person asking."""
        ack()
        channel_id = (shortcut.get("channel") or {}).get("id", "")
        language = self.desk.language_for_channel(channel_id)
        try:
            incident = self.desk.incident_for_channel(channel_id)
            text = unescape_slack((shortcut.get("message") or {}).get("text") or "")
            with session_scope(self.context.engine) as session:
                approved, comparison = statements.check_text(session, incident.id, text)  # type: ignore[arg-type]
            message = self.desk.check_message(incident, approved, comparison)
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        except Exception as error:
            respond(**ephemeral(self._explain(error, language)))


def _statement_id(body: dict) -> int | None:
    value = str(body["actions"][0].get("value") or "")
    return int(value) if value.isdigit() else None


def _plain(mrkdwn: str) -> str:
    """An explanation for a plain_text place (modal field errors): undo the mrkdwn escaping."""
    return unescape_slack(mrkdwn)[:150]


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the statements feature: subcommands, buttons, modals and message shortcuts."""
    handlers = StatementHandlers(context)
    crisis_command.add("draft", handlers.open_draft)
    crisis_command.add("approvers", handlers.manage_approvers)
    crisis_command.add("spokesperson", handlers.manage_spokespeople)
    crisis_command.add("message", handlers.show_message)
    crisis_command.add("check", handlers.open_check)
    crisis_command.add("published", handlers.log_published)
    app.action(ids.STATEMENT_APPROVE)(handlers.approve_draft)
    app.action(ids.STATEMENT_REQUEST_CHANGES)(handlers.ask_for_changes)
    app.action(ids.STATEMENT_REJECT)(handlers.reject_draft)
    app.action(ids.STATEMENT_LOG_PUBLICATION)(handlers.open_publication_log)
    app.view(ids.DRAFT_MODAL)(handlers.submit_draft)
    app.view(ids.DECLINE_MODAL)(handlers.submit_decline)
    app.view(ids.CHECK_MODAL)(handlers.submit_check)
    app.view(ids.PUBLISH_MODAL)(handlers.submit_publication)
    app.message_shortcut(ids.SHORTCUT_PROPOSE_STATEMENT)(handlers.propose_from_message)
    app.message_shortcut(ids.SHORTCUT_CHECK_STATEMENT)(handlers.check_message)
