"""The one place that calls the Slack Web API. Retries rate limits, 5xx and connection errors."""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
import urllib.error
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.core import progress
from bot.slack.channel_names import with_suffix

log = logging.getLogger(__name__)

MAX_NAME_ATTEMPTS = 50
HARMLESS_INVITE_ERRORS = frozenset({"already_in_channel", "cant_invite_self"})
#: Writes that Slack may have carried out even when it answered 5xx: repeating one blindly could post twice
#: or create a second channel, so they are never retried as they are (post_message looks first).
UNREPEATABLE_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "conversations.create",
        "conversations.canvases.create",
        "files.completeUploadExternal",
        "views.open",
    }
)
#: Methods that change nothing in Slack: repeating the work around them repeats nothing.
READ_METHODS = frozenset(
    {
        "auth.test",
        "users.info",
        "conversations.info",
        "conversations.members",
        "conversations.history",
        "conversations.replies",
        "chat.getPermalink",
    }
)
#: How long a channel's member list is trusted (checked on every checklist tick by someone new).
MEMBERS_CACHE_SECONDS = 60.0
#: The metadata event type that marks the bot's own posts, so a post can be found again after a 5xx.
POST_MARKER = "crisisbot_post"
#: The error code of a call Slack did not answer (timeout, connection refused or cut) after slack-sdk's
#: connection retries: like a 5xx, the call may or may not have been carried out.
UNANSWERED = "slack_unanswered"


class SlackCallFailed(Exception):
    """A Web API call failed for good (after retries); `error` is Slack's error code."""

    def __init__(
        self,
        method: str,
        error: str,
        errors: list[dict[str, Any]] | None = None,
        retry_after: float | None = None,
        status: int = 200,
    ) -> None:
        super().__init__(f"Slack {method} failed: {error}")
        self.method = method
        self.error = error
        self.errors = errors or []  # per item, when Slack lists them (conversations.invite: per user)
        #: seconds Slack asked us to wait (HTTP 429 Retry-After)
        self.retry_after = retry_after
        #: the HTTP status of Slack's answer
        self.status = status

    @property
    def server_side(self) -> bool:
        """True when Slack answered 5xx or did not answer: the call may or may not have been carried out."""
        return self.status >= 500 or self.error.startswith("http_5") or self.error == UNANSWERED


class SlackHealth:
    """Whether Slack is failing for this process (a 5xx or no answer, after slack-sdk's retries), and the
    work waiting for it to answer again.

    Work that met such a failure waits with a back-off; the first call that Slack answers again, made by
    any of this process's work at least RESUME_AFTER_SECONDS after the last failure, runs every waiting
    callback at once, so a backlog resumes when Slack does instead of at each piece's next back-off (the
    back-off still applies when nothing calls Slack). A 429 is not a failure here: Slack is answering, and
    its Retry-After says exactly when to try again.
    """

    #: a method that keeps failing while others answer is not tried more often than this
    RESUME_AFTER_SECONDS = 1.0
    #: while work waits, Slack is asked this often whether it answers again (auth.test)
    PROBE_SECONDS = 2.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failed_at: float | None = None
        self._waiting: list[Callable[[], None]] = []
        self._probe: Callable[[], object] | None = None
        self._probing = False

    @property
    def failing(self) -> bool:
        """True from a server-side failure until Slack is seen answering again."""
        return self._failed_at is not None

    def failed(self, probe: Callable[[], object] | None = None) -> None:
        """Note a server-side failure. `probe` asks Slack something harmless: while work waits, it is called
        every PROBE_SECONDS on a thread of its own, so the work resumes even when nothing else calls Slack."""
        with self._lock:
            self._failed_at = time.monotonic()
            if probe is not None:
                self._probe = probe
            start = self._claim_probing()
        if start:
            self._start_probing()

    def _claim_probing(self) -> bool:
        """Under the lock: whether the caller is to start the probe (there is one, and none runs)."""
        start = self._probe is not None and not self._probing
        self._probing = self._probing or start
        return start

    def _start_probing(self) -> None:
        threading.Thread(target=self._keep_probing, name="crisisbot-slack-probe", daemon=True).start()

    def _keep_probing(self) -> None:
        while True:
            time.sleep(self.PROBE_SECONDS)
            with self._lock:
                if self._failed_at is None or not self._waiting or self._probe is None:
                    self._probing = False
                    return
                probe = self._probe
            try:
                probe()
            except Exception as error:
                log.debug("Slack still failing: %s", error)

    def answered(self) -> None:
        """Note that Slack answered a call; on the first answer after failures, run what was waiting.
        The callbacks run on the calling thread: they must only hand work over."""
        failed_at = self._failed_at
        if failed_at is None or time.monotonic() - failed_at < self.RESUME_AFTER_SECONDS:
            return
        with self._lock:
            if self._failed_at != failed_at:
                return
            self._failed_at = None
            waiting, self._waiting = self._waiting, []
        for callback in waiting:
            try:
                callback()
            except Exception:
                log.exception("could not resume work waiting for Slack")

    def when_answering(self, callback: Callable[[], None]) -> None:
        """Run `callback` once, when Slack answers a call again (at once when it is not failing). The probe
        starts again if it had stopped for lack of waiting work."""
        with self._lock:
            if self._failed_at is not None:
                self._waiting.append(callback)
                start = self._claim_probing()
            else:
                start = None
        if start is None:
            callback()
        elif start:
            self._start_probing()


class _OnlyRepeatable(RetryHandler):
    """A slack-sdk retry handler that never repeats a call of UNREPEATABLE_METHODS (it may be done)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.rstrip("/").rsplit("/", 1)[-1]
        if method in UNREPEATABLE_METHODS:
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


class RepeatableServerErrorRetryHandler(_OnlyRepeatable, ServerErrorRetryHandler):
    """slack-sdk's 5xx retry, for methods that are safe to repeat only (see UNREPEATABLE_METHODS)."""


class RepeatableConnectionErrorRetryHandler(_OnlyRepeatable, ConnectionErrorRetryHandler):
    """slack-sdk's retry of a reset or dropped connection, for methods that are safe to repeat only: a
    post whose answer was cut off may have been made (the gateway looks for it instead)."""


@dataclass(frozen=True)
class UserNames:
    """What users.info says about a member's names."""

    user_id: str
    display_name: str
    real_name: str
    deleted: bool = False


def make_web_client(
    token: str, base_url: str, timeout: int = 15, wait_on_rate_limit: bool = True
) -> WebClient:
    """A WebClient with slack-sdk's own retry handlers for 429, 5xx (repeatable methods) and connection
    errors. Without `wait_on_rate_limit`, a 429 is raised at once (with its Retry-After) for the caller to
    reschedule, instead of sleeping on the calling thread."""
    handlers: list[RetryHandler] = [
        RepeatableServerErrorRetryHandler(max_retry_count=2),
        RepeatableConnectionErrorRetryHandler(max_retry_count=2),
    ]
    if wait_on_rate_limit:
        handlers.insert(0, RateLimitErrorRetryHandler(max_retry_count=3))
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=handlers)


def _failure(method: str, error: SlackApiError) -> SlackCallFailed:
    """The SlackCallFailed for an error slack-sdk raised: Slack's code, or `http_<status>` without one."""
    response = error.response
    data = response.data if response is not None and isinstance(response.data, dict) else {}
    status = response.status_code if response is not None else 0
    code = str(data.get("error") or (f"http_{status}" if status >= 400 else "unknown_error"))
    if status == 429:
        code = "ratelimited"
    details = data.get("errors")
    headers = (
        {str(name).lower(): value for name, value in (response.headers or {}).items()} if response else {}
    )
    retry_after: float | None = None
    raw = headers.get("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    if raw is not None:
        try:
            retry_after = float(raw)
        except (TypeError, ValueError):
            retry_after = None
    return SlackCallFailed(
        method, code, details if isinstance(details, list) else None, retry_after, status=status
    )


class SlackGateway:
    """Typed wrappers for the Web API methods crisisbot uses; raises SlackCallFailed on failure."""

    def __init__(
        self, client: WebClient, workspace_team_id: str | None = None, health: SlackHealth | None = None
    ) -> None:
        self.client = client
        #: shared by every gateway of a process: Slack failing or answering again
        self.health = health or SlackHealth()
        #: Set for an org-wide (Enterprise Grid) token: the workspace it acts in, which
        #: conversations.create must be told (https://docs.slack.dev/reference/methods/conversations.create).
        self.workspace_team_id = workspace_team_id
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._members_lock = threading.Lock()
        self._impatient: SlackGateway | None = None

    def impatient(self) -> SlackGateway:
        """The same gateway, except that a 429 fails at once (with `retry_after`) instead of sleeping."""
        if self._impatient is None:
            client = self.client
            self._impatient = SlackGateway(
                make_web_client(
                    str(client.token or ""), client.base_url, int(client.timeout), wait_on_rate_limit=False
                ),
                self.workspace_team_id,
                self.health,
            )
        return self._impatient

    def _call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call `method` through slack-sdk's typed method, which encodes it the way Slack expects.
        A write (or a write Slack answered 5xx to, or did not answer: it may have happened) is noted as
        progress. A call Slack does not answer fails as SlackCallFailed with error UNANSWERED."""
        typed_method = getattr(self.client, method.replace(".", "_"))
        cause: Exception
        try:
            response = typed_method(**params)
        except SlackApiError as error:
            failure, cause = _failure(method, error), error
        except urllib.error.HTTPError as error:  # a step outside the Web API (a file's upload URL)
            failure, cause = SlackCallFailed(method, f"http_{error.code}", status=error.code), error
        except SlackRequestError as error:  # an answer slack-sdk refuses (an upload URL answering not 200)
            failure, cause = SlackCallFailed(method, "unexpected_answer"), error
            log.warning("Slack's answer to %s was not understood: %s", method, error)
        except (OSError, http.client.HTTPException) as error:  # timeouts, refused, reset or cut-off answers
            failure, cause = SlackCallFailed(method, UNANSWERED), error
            log.warning("Slack did not answer %s: %s", method, error)
        else:
            self.health.answered()
            if method not in READ_METHODS:
                progress.note(method)
            return dict(response.data) if isinstance(response.data, dict) else {}
        if failure.server_side:
            self.health.failed(self._probe)
            if method not in READ_METHODS:
                progress.note(method)
        elif failure.status:
            self.health.answered()
        raise failure from cause

    def _probe(self) -> None:
        self._call("auth.test")

    def create_channel(self, base_name: str, is_private: bool = False) -> tuple[str, str]:
        """Create a channel named `base_name`, or `base_name-2`, `-3`... when taken; invite-only when
        `is_private` (https://api.slack.com/methods/conversations.create).

        Returns (channel_id, name).
        """
        where = {"team_id": self.workspace_team_id} if self.workspace_team_id else {}
        for attempt in range(1, MAX_NAME_ATTEMPTS + 1):
            name = with_suffix(base_name, attempt)
            try:
                data = self._call("conversations.create", name=name, is_private=is_private, **where)
            except SlackCallFailed as failure:
                if failure.error == "name_taken":
                    continue
                raise
            channel = data["channel"]
            return channel["id"], channel.get("name") or name
        raise SlackCallFailed("conversations.create", "name_taken")

    def invite(self, channel_id: str, user_ids: list[str]) -> None:
        """Invite users to a channel; users already there are fine.

        Without `force`, Slack invites nobody when one user of the batch fails; with it the valid users
        are invited and the failures listed (https://docs.slack.dev/reference/methods/conversations.invite).
        Raises SlackCallFailed only for a failure other than "already there".
        """
        users = sorted(set(user_ids))
        if not users:
            return
        try:
            self._call("conversations.invite", channel=channel_id, users=",".join(users), force=True)
        except SlackCallFailed as failure:
            errors = {str(item.get("error")) for item in failure.errors} or {failure.error}
            if not errors <= HARMLESS_INVITE_ERRORS:
                raise

    def set_topic(self, channel_id: str, topic: str) -> None:
        """Set the channel topic (Slack caps it at 250 characters)."""
        self._call("conversations.setTopic", channel=channel_id, topic=topic[:250])

    def set_purpose(self, channel_id: str, purpose: str) -> None:
        """Set the channel purpose (Slack caps it at 250 characters)."""
        self._call("conversations.setPurpose", channel=channel_id, purpose=purpose[:250])

    def join_channel(self, channel_id: str) -> None:
        """Join a public channel (so the bot can post there)."""
        self._call("conversations.join", channel=channel_id)

    def archive_channel(self, channel_id: str) -> None:
        """Archive a channel; one already archived is fine."""
        try:
            self._call("conversations.archive", channel=channel_id)
        except SlackCallFailed as failure:
            if failure.error != "already_archived":
                raise

    def post_message(
        self, channel: str, text: str, blocks: list[dict] | None = None, thread_ts: str | None = None
    ) -> str:
        """Post a message and return its ts. `text` is the notification fallback.

        Each post carries a unique marker in its message metadata. When Slack answers 5xx, the post may
        have been made anyway: the channel's latest messages are searched for the marker first, and the
        post is repeated once only when it is not there.
        """
        marker = uuid.uuid4().hex
        params: dict[str, Any] = {
            "channel": channel,
            "text": text,
            "unfurl_links": False,
            "metadata": {"event_type": POST_MARKER, "event_payload": {"post": marker}},
        }
        if blocks is not None:
            params["blocks"] = blocks
        if thread_ts:
            params["thread_ts"] = thread_ts
        try:
            return str(self._call("chat.postMessage", **params)["ts"])
        except SlackCallFailed as failure:
            # a DM is addressed by user id, whose history cannot be read: it may have been sent, so it is
            # not sent again
            if not failure.server_side or channel.startswith(("U", "W")):
                raise
            unanswered = failure
        try:
            already = self._find_post(channel, marker, thread_ts)
        except SlackCallFailed:
            raise unanswered from None  # cannot tell whether it was posted: better not post twice
        if already is not None:
            return already
        log.info("chat.postMessage to %s answered 5xx and did not post: posting again", channel)
        return str(self._call("chat.postMessage", **params)["ts"])

    def _find_post(self, channel: str, marker: str, thread_ts: str | None) -> str | None:
        """The ts of the bot's recent post carrying `marker`, if Slack made it (raises when Slack cannot
        say)."""
        if thread_ts:
            data = self._call(
                "conversations.replies", channel=channel, ts=thread_ts, limit=50, include_all_metadata=True
            )
        else:
            data = self._call("conversations.history", channel=channel, limit=50, include_all_metadata=True)
        for message in data.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except ValueError:
                    payload = {}
            if metadata.get("event_type") == POST_MARKER and payload.get("post") == marker:
                return str(message.get("ts"))
        return None

    def update_message(self, channel: str, ts: str, text: str, blocks: list[dict] | None = None) -> None:
        """Replace a message the bot posted."""
        params: dict[str, Any] = {"channel": channel, "ts": ts, "text": text}
        if blocks is not None:
            params["blocks"] = blocks
        self._call("chat.update", **params)

    def post_ephemeral(self, channel: str, user: str, text: str, blocks: list[dict] | None = None) -> None:
        """Show a message to one person in a channel; falls back to a DM if they are not in it."""
        params: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if blocks is not None:
            params["blocks"] = blocks
        try:
            self._call("chat.postEphemeral", **params)
        except SlackCallFailed as failure:
            if failure.error not in ("user_not_in_channel", "channel_not_found", "not_in_channel"):
                raise
            self.post_message(user, text, blocks)

    def post_joining(
        self, channel: str, text: str, blocks: list[dict] | None = None, thread_ts: str | None = None
    ) -> str:
        """Post to a public channel the bot may not be in yet: on `not_in_channel`, join and post again."""
        try:
            return self.post_message(channel, text, blocks, thread_ts)
        except SlackCallFailed as failure:
            if failure.error != "not_in_channel":
                raise
        self.join_channel(channel)
        return self.post_message(channel, text, blocks, thread_ts)

    def upload_file(self, channel: str, filename: str, content: str, title: str, comment: str) -> str:
        """Upload a text file into a channel (files upload v2, slack-sdk's three calls in one); returns
        the file id. Like every call, a 5xx or no answer marks Slack failing."""
        data = self._call(
            "files.upload_v2",
            channel=channel,
            filename=filename,
            content=content,
            title=title,
            initial_comment=comment,
        )
        files = data.get("files") or [data.get("file") or {}]
        return str(files[0].get("id") or "")

    def send_dm(self, user: str, text: str, blocks: list[dict] | None = None) -> str:
        """Message a person in the app's DM with them."""
        return self.post_message(user, text, blocks)

    def pin(self, channel: str, ts: str) -> None:
        """Pin a message; one already pinned is fine."""
        try:
            self._call("pins.add", channel=channel, timestamp=ts)
        except SlackCallFailed as failure:
            if failure.error != "already_pinned":
                raise

    def unpin(self, channel: str, ts: str) -> None:
        """Unpin a message; one not pinned is fine."""
        try:
            self._call("pins.remove", channel=channel, timestamp=ts)
        except SlackCallFailed as failure:
            if failure.error not in ("no_pin", "not_pinned"):
                raise

    def open_view(self, trigger_id: str, view: dict) -> dict:
        """Open a modal; must run within 3 seconds of the trigger."""
        return dict(self._call("views.open", trigger_id=trigger_id, view=view).get("view") or {})

    def update_view(self, view_id: str, view: dict, view_hash: str | None = None) -> dict:
        """Replace an open modal's content."""
        params: dict[str, Any] = {"view_id": view_id, "view": view}
        if view_hash:
            params["hash"] = view_hash
        return dict(self._call("views.update", **params).get("view") or {})

    def publish_home(self, user_id: str, view: dict) -> None:
        """Publish a person's App Home tab."""
        self._call("views.publish", user_id=user_id, view=view)

    def permalink(self, channel: str, ts: str) -> str:
        """A link to a message."""
        return str(self._call("chat.getPermalink", channel=channel, message_ts=ts)["permalink"])

    def create_channel_canvas(self, channel_id: str, markdown: str) -> str:
        """Create the channel's canvas holding `markdown`; returns the canvas id
        (https://docs.slack.dev/reference/methods/conversations.canvases.create)."""
        data = self._call(
            "conversations.canvases.create",
            channel_id=channel_id,
            document_content={"type": "markdown", "markdown": markdown},
        )
        return str(data["canvas_id"])

    def channel_canvas_id(self, channel_id: str) -> str | None:
        """The id of the channel's canvas, if any (`properties.canvas.file_id` of conversations.info)."""
        channel = self._call("conversations.info", channel=channel_id).get("channel") or {}
        canvas = (channel.get("properties") or {}).get("canvas") or {}
        return str(canvas["file_id"]) if canvas.get("file_id") else None

    def replace_canvas(self, canvas_id: str, markdown: str) -> None:
        """Replace a canvas's whole document (one `replace` without a section id,
        https://docs.slack.dev/reference/methods/canvases.edit)."""
        change = {"operation": "replace", "document_content": {"type": "markdown", "markdown": markdown}}
        self._call("canvases.edit", canvas_id=canvas_id, changes=[change])

    def user_names(self, user_id: str) -> UserNames | None:
        """A member's names from users.info, or None when Slack does not know the id.

        Deleted members are still answered (with `deleted` true): https://api.slack.com/methods/users.info
        """
        try:
            data = self._call("users.info", user=user_id)
        except SlackCallFailed as failure:
            if failure.error in ("user_not_found", "users_not_found", "user_not_visible"):
                return None
            raise
        user = data.get("user") or {}
        profile = user.get("profile") or {}
        return UserNames(
            user_id=user_id,
            display_name=str(profile.get("display_name") or "").strip(),
            real_name=str(profile.get("real_name") or user.get("real_name") or "").strip(),
            deleted=bool(user.get("deleted", False)),
        )

    def is_member(self, channel_id: str, user_id: str) -> bool:
        """True when `user_id` is a member of the channel (conversations.members, every page).

        The member list is kept for MEMBERS_CACHE_SECONDS: a burst of ticks asks Slack once. A person
        not in a cached list is looked up again (they may have just joined).
        """
        with self._members_lock:
            cached = self._members.get(channel_id)
        if (
            cached is not None
            and time.monotonic() - cached[0] < MEMBERS_CACHE_SECONDS
            and user_id in cached[1]
        ):
            return True
        members: set[str] = set()
        cursor = ""
        while True:
            params: dict[str, Any] = {"channel": channel_id, "limit": 1000}
            if cursor:
                params["cursor"] = cursor
            data = self._call("conversations.members", **params)
            members.update(data.get("members") or [])
            cursor = (data.get("response_metadata") or {}).get("next_cursor") or ""
            if not cursor:
                break
        with self._members_lock:
            self._members[channel_id] = (time.monotonic(), frozenset(members))
        return user_id in members

    def user_exists(self, user_id: str) -> bool:
        """True when the workspace has this (non-deleted) user."""
        try:
            data = self._call("users.info", user=user_id)
        except SlackCallFailed as failure:
            if failure.error in ("user_not_found", "users_not_found"):
                return False
            raise
        return not data.get("user", {}).get("deleted", False)
