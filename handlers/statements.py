"""The one approved message: `/crisis draft|approvers|spokesperson|message|check|published`, the review card's
buttons, the draft / reason / check / publication modals, and the two message shortcuts."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.core.states import Role, StatementStatus
from bot.slack import view_state
from bot.slack.context import AppContext
from bot.slack.listener import Listener, ephemeral, where
from bot.statements.service import Reply, StatementDesk, unescape_slack
from bot.statements.statements import DraftRequest
from handlers.commands import CrisisCommand
from messages import ids


class StatementHandlers:
    """Every listener of the statements feature.

    The `/crisis` subcommands run inside the command's own listener (see CrisisCommand), which explains
    what they raise; the others ack, read the payload and hand one StatementDesk use case to the Listener.
    """

    def __init__(self, context: AppContext) -> None:
        self.listener = Listener(context)
        self.desk = StatementDesk(context)

    # ---- /crisis subcommands ---------------------------------------------------------------------

    def open_draft(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis draft [text]`: the draft modal (text prefilled when given)."""
        self.desk.open_draft(command["channel_id"], command["trigger_id"], unescape_slack(rest), "command")

    def manage_approvers(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis approvers [add|remove @person]`."""
        self.desk.manage_role(
            command["channel_id"], Role.APPROVER, rest, command["user_id"], privately(respond)
        )

    def manage_spokespeople(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis spokesperson [add|remove @person]`."""
        self.desk.manage_role(
            command["channel_id"], Role.SPOKESPERSON, rest, command["user_id"], privately(respond)
        )

    def ask_senior_spokesperson(self, ack: Ack, body: dict) -> None:
        """The critical-severity prompt's "Name a senior spokesperson…": open the picker."""
        ack()
        channel_id, _ = where(body)
        self.listener.run(
            body, lambda: self.desk.ask_senior_spokesperson(channel_id, body["trigger_id"]), opens_modal=True
        )

    def submit_spokesperson(self, ack: Ack, body: dict) -> None:
        """The picker submitted: add the chosen person as a spokesperson, as the command would."""
        ack()
        channel_id = str(view_state.metadata(body["view"]).get("channel_id") or "")
        chosen = view_state.entry(body["view"], ids.SPOKESPERSON_USER).get("selected_user") or ""
        user_id = body["user"]["id"]
        self.listener.run(
            {**body, "channel_id": channel_id},
            lambda: self.desk.add_spokesperson(channel_id, chosen, user_id),
        )

    def show_message(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis message`: the approved text, copy-ready, only for the person asking."""
        self.desk.show_approved(command["channel_id"], privately(respond))

    def open_check(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis check`: a modal to paste a text and compare it with the approved message."""
        self.desk.open_check(command["channel_id"], command["trigger_id"])

    def log_published(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis published <platform> <url> [text as posted]`."""
        self.desk.log_published_command(command["channel_id"], rest, command["user_id"], privately(respond))

    # ---- buttons on the review card --------------------------------------------------------------

    def approve_draft(self, ack: Ack, body: dict) -> None:
        """Approve: only the responsible person or an approver; a double click changes nothing."""
        ack()
        statement_id, (_, user_id) = view_state.clicked_id(body), where(body)
        self.listener.run(body, lambda: self.desk.approve_draft(statement_id, user_id))

    def ask_for_changes(self, ack: Ack, body: dict) -> None:
        """Request changes: ask the reason in a modal (refused at once to anyone who may not decide)."""
        ack()
        self._open_decline(body, StatementStatus.CHANGES_REQUESTED)

    def reject_draft(self, ack: Ack, body: dict) -> None:
        """Reject: ask the reason in a modal (refused at once to anyone who may not decide)."""
        ack()
        self._open_decline(body, StatementStatus.REJECTED)

    def _open_decline(self, body: dict, decision: str) -> None:
        statement_id, (_, user_id) = view_state.clicked_id(body), where(body)
        self.listener.run(
            body,
            lambda: self.desk.open_decline(statement_id, user_id, decision, body["trigger_id"]),
            opens_modal=True,
        )

    def open_publication_log(self, ack: Ack, body: dict) -> None:
        """The approved card's button: a modal to log where the version was published."""
        ack()
        statement_id = view_state.clicked_id(body)
        self.listener.run(
            body, lambda: self.desk.open_publication_log(statement_id, body["trigger_id"]), opens_modal=True
        )

    # ---- modal submissions -----------------------------------------------------------------------

    def submit_draft(self, ack: Ack, body: dict) -> None:
        """Draft modal submitted: field errors go back into the modal; the card is posted after the ack."""
        view = body["view"]
        incident_id = _int(view_state.metadata(view).get("incident_id"))
        request = DraftRequest(
            author_user_id=body["user"]["id"],
            text=view_state.text(view, ids.DRAFT_TEXT),
            platforms=tuple(view_state.options(view, ids.DRAFT_PLATFORMS)),
            tone=view_state.option(view, ids.DRAFT_TONE),
            source_view_id=view.get("id"),
        )
        errors = self.desk.draft_errors(incident_id, request.text, request.platforms, request.tone)
        if acked(ack, errors):
            self.listener.run(
                body, lambda: self.desk.propose_draft(incident_id, request), incident_id=incident_id
            )

    def submit_decline(self, ack: Ack, body: dict) -> None:
        """Reason modal submitted: record the decision, update the card, send the reason to the author."""
        metadata = view_state.metadata(body["view"])
        statement_id, incident_id = _int(metadata.get("statement_id")), _int(metadata.get("incident_id"))
        decision = str(metadata.get("decision", ""))
        reason = view_state.text(body["view"], ids.DECLINE_REASON)
        user_id = body["user"]["id"]
        if acked(ack, self.desk.reason_errors(incident_id, reason)):
            self.listener.run(
                body,
                lambda: self.desk.decline_draft(statement_id, user_id, decision, reason),
                incident_id=incident_id,
            )

    def submit_check(self, ack: Ack, body: dict) -> None:
        """Check modal submitted: the modal is replaced by the differences and the similarity score."""
        incident_id = _int(view_state.metadata(body["view"]).get("incident_id"))
        ack(**self.desk.check_in_modal(incident_id, view_state.text(body["view"], ids.CHECK_TEXT)))

    def submit_publication(self, ack: Ack, body: dict) -> None:
        """Publication modal submitted: validated in the modal, logged after the ack."""
        metadata = view_state.metadata(body["view"])
        statement_id, incident_id = _int(metadata.get("statement_id")), _int(metadata.get("incident_id"))
        platform = view_state.option(body["view"], ids.PUBLISH_PLATFORM)
        url = view_state.text(body["view"], ids.PUBLISH_URL)
        posted_text = view_state.text(body["view"], ids.PUBLISH_POSTED_TEXT) or None
        user_id = body["user"]["id"]
        if acked(ack, self.desk.publication_errors(incident_id, statement_id, platform, url, posted_text)):
            self.listener.run(
                body,
                lambda: self.desk.log_publication(
                    incident_id, platform, url, user_id, posted_text, statement_id
                ),
                incident_id=incident_id,
            )

    # ---- message shortcuts -----------------------------------------------------------------------

    def propose_from_message(self, ack: Ack, shortcut: dict, respond: Respond) -> None:
        """ "Propose as statement" on a message: the draft modal, prefilled with its text."""
        ack()
        channel_id, text = where(shortcut)[0], _message_text(shortcut)
        self.listener.run(
            shortcut,
            lambda: self.desk.open_draft(channel_id, shortcut["trigger_id"], text, "shortcut"),
            reply=lambda explanation: respond(**ephemeral(explanation)),
            opens_modal=True,
        )

    def check_message(self, ack: Ack, shortcut: dict, respond: Respond) -> None:
        """ "Compare with approved" on a message: the differences, only for the person asking."""
        ack()
        channel_id, text = where(shortcut)[0], _message_text(shortcut)
        self.listener.run(
            shortcut,
            lambda: self.desk.check_message_text(channel_id, text, privately(respond)),
            reply=lambda explanation: respond(**ephemeral(explanation)),
        )


def acked(ack: Ack, errors: dict[str, str]) -> bool:
    """Ack a modal submission with its field errors (False: nothing more to do), else plainly (True)."""
    if errors:
        ack(response_action="errors", errors=errors)
        return False
    ack()
    return True


def privately(respond: Respond) -> Reply:
    """Show a message only to the person who asked, through the request's response_url."""
    return lambda message: respond(response_type="ephemeral", text=message.text, blocks=message.blocks)


def _int(value: object) -> int | None:
    """An id the bot stored in a modal's metadata (None when missing or not a number)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _message_text(shortcut: dict) -> str:
    """The text of the message a shortcut was used on, as its author typed it."""
    return unescape_slack((shortcut.get("message") or {}).get("text") or "")


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the statements feature: subcommands, buttons, modals and message shortcuts."""
    handlers = StatementHandlers(context)
    crisis_command.add("draft", handlers.open_draft, opens_modal=True)
    crisis_command.add("approvers", handlers.manage_approvers)
    crisis_command.add("spokesperson", handlers.manage_spokespeople)
    crisis_command.add("message", handlers.show_message)
    crisis_command.add("check", handlers.open_check, opens_modal=True)
    crisis_command.add("published", handlers.log_published)
    app.action(ids.STATEMENT_APPROVE)(handlers.approve_draft)
    app.action(ids.STATEMENT_REQUEST_CHANGES)(handlers.ask_for_changes)
    app.action(ids.STATEMENT_REJECT)(handlers.reject_draft)
    app.action(ids.STATEMENT_LOG_PUBLICATION)(handlers.open_publication_log)
    app.view(ids.DRAFT_MODAL)(handlers.submit_draft)
    app.view(ids.DECLINE_MODAL)(handlers.submit_decline)
    app.view(ids.CHECK_MODAL)(handlers.submit_check)
    app.view(ids.PUBLISH_MODAL)(handlers.submit_publication)
    app.action(ids.SENIOR_SPOKESPERSON_PICK)(handlers.ask_senior_spokesperson)
    app.view(ids.SPOKESPERSON_MODAL)(handlers.submit_spokesperson)
    app.message_shortcut(ids.SHORTCUT_PROPOSE_STATEMENT)(handlers.propose_from_message)
    app.message_shortcut(ids.SHORTCUT_CHECK_STATEMENT)(handlers.check_message)
