"""The OAuth scopes each Web API method needs, as Slack documents them on each method's page
(https://docs.slack.dev/reference/methods/<method>, "Required scopes"). Conversation methods need the
scope of the conversation's type: `channels:` for a public channel, `groups:` for a private one,
`im:` for a DM. A call whose token lacks the scope is refused with `missing_scope`, as Slack does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Methods whose scope depends on the conversation: (public channel, private channel, DM).
BY_CONVERSATION: dict[str, tuple[str, str, str]] = {
    "conversations.invite": ("channels:manage", "groups:write", "im:write"),
    "conversations.setTopic": ("channels:manage", "groups:write", "im:write"),
    "conversations.setPurpose": ("channels:manage", "groups:write", "im:write"),
    "conversations.archive": ("channels:manage", "groups:write", "im:write"),
    "conversations.members": ("channels:read", "groups:read", "im:read"),
    "conversations.info": ("channels:read", "groups:read", "im:read"),
    "conversations.history": ("channels:history", "groups:history", "im:history"),
    "conversations.replies": ("channels:history", "groups:history", "im:history"),
}
#: Methods that always need the same scope ("" for none beyond a valid token).
FIXED: dict[str, str] = {
    "auth.test": "",
    "users.info": "users:read",
    "users.list": "users:read",
    "users.lookupByEmail": "users:read.email",
    "conversations.join": "channels:join",
    "conversations.open": "im:write",
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.getPermalink": "",
    "pins.add": "pins:write",
    "pins.remove": "pins:write",
    "pins.list": "pins:read",
    "views.open": "",
    "views.push": "",
    "views.update": "",
    "views.publish": "",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "files.info": "files:read",
    "conversations.canvases.create": "canvases:write",
    "canvases.edit": "canvases:write",
}


def needed(method: str, params: dict[str, Any], kind_of: Callable[[str], str | None]) -> str:
    """The scope `method` needs for this call ("" for none). `kind_of(channel_id)` says "public",
    "private" or "im" for a conversation the stand-in knows (None otherwise: then the public scope)."""
    if method == "conversations.create":
        is_private = str(params.get("is_private", "")).lower() in ("true", "1")
        return "groups:write" if is_private else "channels:manage"
    if method in BY_CONVERSATION:
        public, private, im = BY_CONVERSATION[method]
        kind = kind_of(str(params.get("channel") or ""))
        return private if kind == "private" else im if kind == "im" else public
    return FIXED.get(method, "")
