"""The one place that calls the Slack Web API. Retries rate limits, 5xx and connection errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.slack.channel_names import with_suffix

log = logging.getLogger(__name__)

MAX_NAME_ATTEMPTS = 50
HARMLESS_INVITE_ERRORS = frozenset({"already_in_channel", "cant_invite_self"})


class SlackCallFailed(Exception):
    """A Web API call failed for good (after retries); `error` is Slack's error code."""

    def __init__(self, method: str, error: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(f"Slack {method} failed: {error}")
        self.method = method
        self.error = error
        self.errors = errors or []  # per item, when Slack lists them (conversations.invite: per user)


@dataclass(frozen=True)
class UserNames:
    """What users.info says about a member's names."""

    user_id: str
    display_name: str
    real_name: str
    deleted: bool = False


def make_web_client(token: str, base_url: str, timeout: int = 15) -> WebClient:
    """A WebClient with slack-sdk's own retry handlers for 429, 5xx and connection errors."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


class SlackGateway:
    """Typed wrappers for the Web API methods crisisbot uses; raises SlackCallFailed on failure."""

    def __init__(self, client: WebClient, workspace_team_id: str | None = None) -> None:
        self.client = client
        #: Set for an org-wide (Enterprise Grid) token: the workspace it acts in, which
        #: conversations.create must be told (https://docs.slack.dev/reference/methods/conversations.create).
        self.workspace_team_id = workspace_team_id

    def _call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call `method` through slack-sdk's typed method, which encodes it the way Slack expects."""
        typed_method = getattr(self.client, method.replace(".", "_"))
        try:
            response = typed_method(**params)
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown_error")) if error.response else "unknown_error"
            details = error.response.get("errors") if error.response else None
            raise SlackCallFailed(method, code, details if isinstance(details, list) else None) from error
        return dict(response.data) if isinstance(response.data, dict) else {}

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
        """Post a message and return its ts. `text` is the notification fallback."""
        params: dict[str, Any] = {"channel": channel, "text": text, "unfurl_links": False}
        if blocks is not None:
            params["blocks"] = blocks
        if thread_ts:
            params["thread_ts"] = thread_ts
        return str(self._call("chat.postMessage", **params)["ts"])

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
        """Upload a text file into a channel (files upload v2); returns the file id."""
        try:
            response = self.client.files_upload_v2(
                channel=channel, filename=filename, content=content, title=title, initial_comment=comment
            )
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown_error")) if error.response else "unknown_error"
            raise SlackCallFailed("files.upload_v2", code) from error
        files = response.get("files") or [response.get("file") or {}]
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
        """True when `user_id` is a member of the channel (conversations.members, every page)."""
        cursor = ""
        while True:
            params: dict[str, Any] = {"channel": channel_id, "limit": 1000}
            if cursor:
                params["cursor"] = cursor
            data = self._call("conversations.members", **params)
            if user_id in (data.get("members") or []):
                return True
            cursor = (data.get("response_metadata") or {}).get("next_cursor") or ""
            if not cursor:
                return False

    def user_exists(self, user_id: str) -> bool:
        """True when the workspace has this (non-deleted) user."""
        try:
            data = self._call("users.info", user=user_id)
        except SlackCallFailed as failure:
            if failure.error in ("user_not_found", "users_not_found"):
                return False
            raise
        return not data.get("user", {}).get("deleted", False)
