"""In-memory state of the Slack stand-in: workspaces (teams, Grid orgs), users, channels, messages, views.

One default workspace (`TEAM_ID`) answers the default token. More workspaces, and Enterprise Grid orgs
holding some, can be added; each bot token is a `Grant` for one workspace, or for a whole org (an
org-wide install), and a call sees only the users and channels its token's grant covers.
"""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.config import DEFAULT_BOT_SCOPES

TEAM_ID = "T0001"
TEAM_NAME = "Crisis Test Team"
TEAM_DOMAIN = "crisis-test"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
APP_ID = "A0CRISIS"
DEFAULT_TOKEN = "xoxb-test-token"
DEFAULT_APP_TOKEN = "xapp-1-A0CRISIS-test-token"
TRIGGER_TTL_SECONDS = 3.0

Now = Callable[[], "float | datetime"]


@dataclass(frozen=True)
class Team:
    """A workspace, and the Enterprise Grid org it belongs to (if any)."""

    id: str
    name: str
    domain: str
    enterprise_id: str | None = None


@dataclass(frozen=True)
class Org:
    """An Enterprise Grid organisation."""

    id: str
    name: str
    domain: str


@dataclass(frozen=True)
class Grant:
    """What one bot token may reach: one workspace, or (org-wide install: `team_id` None) a whole org."""

    team_id: str | None
    enterprise_id: str | None = None
    #: the scopes granted at install (None: every scope, for tests that do not care)
    scopes: frozenset[str] | None = None

    @property
    def org_wide(self) -> bool:
        """True for an org-wide (Enterprise Grid) token."""
        return self.team_id is None


class ApiError(Exception):
    """A Slack-shaped API error: `{"ok": false, "error": error}` plus optional response_metadata."""

    def __init__(
        self, error: str, messages: list[str] | None = None, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.extra = extra or {}


@dataclass
class User:
    """A workspace member (person or bot user)."""

    id: str
    name: str
    real_name: str
    tz: str = "Europe/Berlin"
    email: str | None = None
    is_bot: bool = False
    bot_id: str | None = None
    deleted: bool = False
    #: The name people chose to be shown; Slack leaves it empty until they set one.
    display_name: str = ""
    team_id: str = TEAM_ID

    def to_api(self) -> dict[str, Any]:
        """Render as a Slack `user` object."""
        profile: dict[str, Any] = {
            "real_name": self.real_name,
            "display_name": self.display_name,
            "real_name_normalized": self.real_name,
            "display_name_normalized": self.display_name,
        }
        if self.email:
            profile["email"] = self.email
        if self.bot_id:
            profile["bot_id"] = self.bot_id
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": 0,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "is_admin": False,
            "is_owner": False,
            "profile": profile,
        }


@dataclass
class Channel:
    """A conversation: public/private channel (`C…`) or direct message (`D…`)."""

    id: str
    name: str
    created: int
    creator: str
    is_private: bool = False
    is_im: bool = False
    im_user: str | None = None
    topic: str = ""
    purpose: str = ""
    members: list[str] = field(default_factory=list)
    is_archived: bool = False
    #: The channel canvas (one per channel), once created.
    canvas_id: str | None = None
    team_id: str = TEAM_ID

    def to_api(self, viewer: str = BOT_USER_ID) -> dict[str, Any]:
        """Render as a Slack `channel` object (as seen by `viewer`)."""
        if self.is_im:
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "is_org_shared": False,
                "user": self.im_user,
                "is_user_deleted": False,
                "priority": 0,
            }
        properties: dict[str, Any] = {}
        if self.canvas_id:
            properties["canvas"] = {"file_id": self.canvas_id, "is_empty": False}
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "properties": properties,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "created": self.created,
            "creator": self.creator,
            "is_archived": self.is_archived,
            "is_general": False,
            "is_member": viewer in self.members,
            "num_members": len(self.members),
            "topic": {"value": self.topic, "creator": self.creator if self.topic else "", "last_set": 0},
            "purpose": {
                "value": self.purpose,
                "creator": self.creator if self.purpose else "",
                "last_set": 0,
            },
            "context_team_id": self.team_id,
        }


@dataclass
class Canvas:
    """A canvas: its document as sections, each starting at a heading (or the document's start)."""

    id: str
    channel_id: str | None
    sections: list[tuple[str, str]] = field(default_factory=list)  # (section id, markdown)
    edits: int = 0

    @property
    def markdown(self) -> str:
        """The whole document."""
        return "\n".join(text for _, text in self.sections)


@dataclass
class Call:
    """One recorded Web API call made to the stand-in."""

    method: str
    params: dict[str, Any]
    ok: bool
    error: str | None
    at: float
    http_status: int = 200
    #: What the token of the call reached: its workspace, or its org for an org-wide token.
    grant: Grant | None = None


@dataclass
class Trigger:
    """A trigger_id issued by the driver (usable once, for TRIGGER_TTL_SECONDS)."""

    id: str
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    """A response_url handed to the app, with what it was used for."""

    id: str
    channel_id: str
    user_id: str
    issued_at: float
    message_ts: str | None = None
    uses: int = 0


def default_users() -> list[User]:
    """The seeded workspace members."""
    return [
        User(
            "U0OPENER",
            "opener",
            "Olivia Opener",
            "Europe/Berlin",
            "olivia@example.com",
            display_name="Olivia",
        ),
        # No display name set: Slack shows the real name.
        User("U0RESP", "resp", "Rafael Responsible", "Europe/Berlin", "rafael@example.com"),
        User("U0OTHER", "other", "Otto Other", "America/New_York", "otto@example.com", display_name="Otto"),
        User(BOT_USER_ID, "crisisbot", "crisisbot", "America/Los_Angeles", None, True, BOT_ID),
    ]


class StandinState:
    """All workspace data, guarded by one re-entrant lock (`self.lock`)."""

    def __init__(self, now: Now | None = None, tokens: set[str] | None = None) -> None:
        self.lock = threading.RLock()
        self._now = now or time.time
        #: bot tokens of the default workspace; `grants` holds the tokens of installations
        self.tokens: set[str] = set(tokens or {DEFAULT_TOKEN})
        #: the scopes of those tokens: what crisisbot's manifest asks for
        self.default_scopes: frozenset[str] | None = frozenset(DEFAULT_BOT_SCOPES)
        self.teams: dict[str, Team] = {TEAM_ID: Team(TEAM_ID, TEAM_NAME, TEAM_DOMAIN)}
        self.orgs: dict[str, Org] = {}
        self.grants: dict[str, Grant] = {}
        self.revoked: set[str] = set()
        #: The grant of the call being answered (set under the lock); None lets test set-up see all.
        self.caller: Grant | None = None
        self.users: dict[str, User] = {u.id: u for u in default_users()}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.pins: dict[str, list[dict[str, Any]]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.view_log: list[dict[str, Any]] = []
        self.home_views: dict[str, str] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.canvases: dict[str, Canvas] = {}
        #: A free workspace: channel canvases cannot be created (team_tier_cannot_create_channel_canvases).
        self.free_tier = False
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.responses: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self._last_ts_micros = 0
        self._counters: dict[str, int] = {}
        self.base_url = ""

    # ---- clock and ids ---------------------------------------------------------------------------

    def now(self) -> float:
        """Current time of the stand-in's clock as epoch seconds."""
        value = self._now()
        return value.timestamp() if isinstance(value, datetime) else float(value)

    def next_ts(self) -> str:
        """A message timestamp, strictly greater than every one issued before."""
        with self.lock:
            micros = max(int(self.now() * 1_000_000), self._last_ts_micros + 1)
            self._last_ts_micros = micros
            return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_id(self, prefix: str) -> str:
        """A fresh Slack-looking id such as `C0000001` or `V0000003`."""
        with self.lock:
            n = self._counters.get(prefix, 0) + 1
            self._counters[prefix] = n
            return f"{prefix}{n:07d}{secrets.token_hex(2).upper()}"

    # ---- workspaces and tokens --------------------------------------------------------------------

    def grant_for(self, token: str) -> Grant | None:
        """What `token` may reach, or None when it is no valid bot token (revoked ones included)."""
        if token in self.tokens:
            return Grant(TEAM_ID, scopes=self.default_scopes)
        return self.grants.get(token)

    def kind_of(self, channel_id: str) -> str | None:
        """ "public", "private" or "im" for a conversation the stand-in knows, else None."""
        channel = self.channels.get(channel_id)
        if channel is None:
            return "im" if channel_id.startswith(("U", "W")) else None
        return "im" if channel.is_im else "private" if channel.is_private else "public"

    def sees(self, team_id: str) -> bool:
        """True when the current call's token covers workspace `team_id` (always, outside a call)."""
        caller = self.caller
        if caller is None:
            return True
        if caller.team_id is not None:
            return caller.team_id == team_id
        team = self.teams.get(team_id)
        return team is not None and team.enterprise_id == caller.enterprise_id

    def caller_team(self) -> Team:
        """The workspace of the current call (an org-wide token's calls name theirs with `team_id`)."""
        caller = self.caller
        team_id = caller.team_id if caller is not None and caller.team_id else TEAM_ID
        return self.teams[team_id]

    # ---- users and channels ----------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        tz: str = "Europe/Berlin",
        email: str | None = None,
        display_name: str = "",
        team_id: str = TEAM_ID,
    ) -> User:
        """Add (or replace) a member of workspace `team_id`."""
        with self.lock:
            user = User(
                user_id, name, real_name or name, tz, email, display_name=display_name, team_id=team_id
            )
            self.users[user_id] = user
            return user

    def user(self, user_id: str) -> User:
        """The user with this id, or ApiError('user_not_found')."""
        user = self.visible_user(user_id)
        if user is None or user.deleted:
            raise ApiError("user_not_found")
        return user

    def visible_user(self, user_id: str | None) -> User | None:
        """The user with this id if the current call may see them (the bot user is in every workspace)."""
        user = self.users.get(user_id or "")
        if user is None or not (user.is_bot or self.sees(user.team_id)):
            return None
        return user

    def add_channel(
        self,
        name: str,
        creator: str = BOT_USER_ID,
        is_private: bool = False,
        members: list[str] | None = None,
        team_id: str = TEAM_ID,
    ) -> Channel:
        """Create a channel in workspace `team_id` directly (no name checks); for test setup."""
        with self.lock:
            channel = Channel(
                self.new_id("G" if is_private else "C"),
                name,
                int(self.now()),
                creator,
                is_private=is_private,
                members=list(members or [creator]),
                team_id=team_id,
            )
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            self.pins[channel.id] = []
            return channel

    def channel_by_name(self, name: str, team_id: str = TEAM_ID) -> Channel | None:
        """The channel of workspace `team_id` with this name (without `#`), archived or not."""
        with self.lock:
            return next(
                (
                    c
                    for c in self.channels.values()
                    if not c.is_im and c.name == name.lstrip("#") and c.team_id == team_id
                ),
                None,
            )

    def im_for(self, user_id: str) -> Channel:
        """The bot's direct-message channel with `user_id`, created on first use."""
        with self.lock:
            user = self.user(user_id)
            for channel in self.channels.values():
                if channel.is_im and channel.im_user == user_id:
                    return channel
            channel = Channel(
                self.new_id("D"),
                user_id,
                int(self.now()),
                BOT_USER_ID,
                is_im=True,
                im_user=user_id,
                members=[BOT_USER_ID, user_id],
                team_id=user.team_id,
            )
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            self.pins[channel.id] = []
            return channel

    def visible_channel(self, channel_id: str | None) -> Channel:
        """A channel the bot can see (private ones only as member), else ApiError('channel_not_found')."""
        if not channel_id:
            raise ApiError("channel_not_found")
        channel = self.channels.get(channel_id)
        if channel is None or (channel.is_private and BOT_USER_ID not in channel.members):
            raise ApiError("channel_not_found")
        if not self.sees(channel.team_id):  # another workspace's channel does not exist for this token
            raise ApiError("channel_not_found")
        return channel

    # ---- messages --------------------------------------------------------------------------------

    def find_message(self, channel_id: str, ts: str) -> dict[str, Any] | None:
        """The stored message (top-level or reply) with this ts in this channel."""
        return next((m for m in self.messages.get(channel_id, []) if m["ts"] == ts), None)

    def locate_message(self, ts: str) -> tuple[str, dict[str, Any]] | None:
        """(channel_id, message) for a ts anywhere in the workspace."""
        with self.lock:
            for channel_id, messages in self.messages.items():
                for message in messages:
                    if message["ts"] == ts:
                        return channel_id, message
            return None

    def snapshot(self, value: Any) -> Any:
        """A deep copy taken under the lock (inspection helpers never hand out live state)."""
        with self.lock:
            return copy.deepcopy(value)
