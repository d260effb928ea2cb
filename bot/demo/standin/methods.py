"""Slack Web API method implementations against StandinState (called with the state lock held)."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from typing import Any

from bot.demo.standin.state import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    TRIGGER_TTL_SECONDS,
    ApiError,
    Canvas,
    Channel,
    StandinState,
)
from bot.demo.standin.validation import validate_message_blocks, validate_view

Params = dict[str, Any]
Handler = Callable[[StandinState, Params], Params]

MAX_TEXT = 40_000  # chat.postMessage truncates beyond this and warns
MAX_UPDATE_TEXT = 4_000  # chat.update answers msg_too_long beyond this
TRUNCATION_WARNING = (
    "[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters."
)
MAX_TOPIC = 250
MAX_CHANNEL_NAME = 80
MAX_PINS = 100
MAX_VIEW_STACK = 3
_NAME_OK = re.compile(r"^[a-z0-9_-]+$")
_PUNCTUATION_ONLY = re.compile(r"^[-_]+$")


# ---- parameter helpers ---------------------------------------------------------------------------


def _str(p: Params, key: str) -> str | None:
    value = p.get(key)
    if value is None or value == "":
        return None
    return str(value)


def _required(p: Params, key: str, error: str) -> str:
    value = _str(p, key)
    if value is None:
        raise ApiError(error)
    return value


def _bool(p: Params, key: str) -> bool:
    value = p.get(key)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _int(p: Params, key: str, default: int) -> int:
    try:
        return int(p.get(key) or default)
    except (TypeError, ValueError) as exc:
        raise ApiError("invalid_arguments", [f"[ERROR] {key} must be an integer"]) from exc


def _list(p: Params, key: str) -> list[str]:
    value = p.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _json_value(p: Params, key: str) -> Any:
    value = p.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as exc:
            error = "invalid_blocks_format" if key == "blocks" else "invalid_arguments"
            raise ApiError(error, [f"[ERROR] {key} is not valid JSON"]) from exc
    return value


#: https://docs.slack.dev/messaging/message-metadata : event_type is alphanumeric with underscores
_EVENT_TYPE = re.compile(r"^[a-zA-Z0-9_]{1,255}$")


def _metadata(p: Params) -> Params | None:
    """chat.postMessage's optional `metadata` ({event_type, event_payload}), checked like Slack does."""
    value = _json_value(p, "metadata")
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        raise ApiError("invalid_metadata_format")
    event_type = value.get("event_type")
    payload = value.get("event_payload")
    if not isinstance(event_type, str) or not _EVENT_TYPE.match(event_type) or not isinstance(payload, dict):
        raise ApiError("invalid_metadata_schema")
    return {"event_type": event_type, "event_payload": payload}


def _shown(messages: list[Params], p: Params) -> list[Params]:
    """Messages as history/replies return them: metadata only with `include_all_metadata`."""
    if _bool(p, "include_all_metadata"):
        return messages
    return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]


# ---- auth / users --------------------------------------------------------------------------------


def auth_test(s: StandinState, p: Params) -> Params:
    """auth.test: who the token is. An org-wide token answers for its org, with the org's URL and no
    team (https://docs.slack.dev/reference/methods/auth.test)."""
    caller = s.caller
    if caller is not None and caller.org_wide:
        org = s.orgs[caller.enterprise_id or ""]
        return {
            "url": f"https://{org.domain}.enterprise.slack.com/",
            "team": org.name,
            "user": "crisisbot",
            "team_id": org.id,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "enterprise_id": org.id,
            "is_enterprise_install": True,
        }
    team = s.caller_team()
    answer: Params = {
        "url": f"https://{team.domain}.slack.com/",
        "team": team.name,
        "user": "crisisbot",
        "team_id": team.id,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }
    if team.enterprise_id:
        answer["enterprise_id"] = team.enterprise_id
    return answer


def users_info(s: StandinState, p: Params) -> Params:
    """users.info: a deleted member is still answered, with `deleted: true`."""
    user = s.visible_user(_required(p, "user", "user_not_found"))
    if user is None:
        raise ApiError("user_not_found")
    return {"user": user.to_api()}


def users_list(s: StandinState, p: Params) -> Params:
    """users.list (cursor = index of the next page)."""
    members = [u.to_api() for u in s.users.values() if s.visible_user(u.id) is not None]
    start = _int(p, "cursor", 0)
    limit = _int(p, "limit", 0) or len(members) or 1
    page = members[start : start + limit]
    next_cursor = str(start + limit) if start + limit < len(members) else ""
    return {"members": page, "cache_ts": int(s.now()), "response_metadata": {"next_cursor": next_cursor}}


def users_lookup_by_email(s: StandinState, p: Params) -> Params:
    """users.lookupByEmail"""
    email = _required(p, "email", "users_not_found").lower()
    user = next(
        (
            u
            for u in s.users.values()
            if (u.email or "").lower() == email and not u.deleted and s.visible_user(u.id) is not None
        ),
        None,
    )
    if user is None:
        raise ApiError("users_not_found")
    return {"user": user.to_api()}


# ---- conversations -------------------------------------------------------------------------------


def _check_name(name: str | None) -> str:
    if not name:
        raise ApiError("invalid_name_required")
    if len(name) > MAX_CHANNEL_NAME:
        raise ApiError("invalid_name_maxlength")
    if not _NAME_OK.match(name):
        raise ApiError("invalid_name_specials")
    if _PUNCTUATION_ONLY.match(name):
        raise ApiError("invalid_name_punctuation")
    return name


def _system_message(s: StandinState, channel: Channel, user: str, subtype: str, text: str) -> None:
    s.messages[channel.id].append(
        {"type": "message", "subtype": subtype, "ts": s.next_ts(), "user": user, "text": text}
    )


def conversations_create(s: StandinState, p: Params) -> Params:
    """conversations.create. `team_id` is "required if org token is used"
    (https://docs.slack.dev/reference/methods/conversations.create): an org-wide token must say in which
    of its workspaces the channel goes."""
    name = _check_name(_str(p, "name"))
    team = s.caller_team()
    caller = s.caller
    if caller is not None and caller.org_wide:
        team_id = _str(p, "team_id")
        if not team_id:
            raise ApiError("missing_argument", ["[ERROR] missing required field: team_id"])
        if team_id not in s.teams or not s.sees(team_id):
            raise ApiError("team_not_found")
        team = s.teams[team_id]
    if s.channel_by_name(name, team.id) is not None:
        raise ApiError("name_taken")
    channel = s.add_channel(name, BOT_USER_ID, is_private=_bool(p, "is_private"), team_id=team.id)
    _system_message(s, channel, BOT_USER_ID, "channel_join", f"<@{BOT_USER_ID}> has joined the channel")
    return {"channel": channel.to_api()}


def _member_channel(s: StandinState, p: Params, key: str = "channel") -> Channel:
    channel = s.visible_channel(_str(p, key))
    if BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    return channel


def _not_archived(channel: Channel) -> Channel:
    if channel.is_archived:
        raise ApiError("is_archived")
    return channel


def conversations_invite(s: StandinState, p: Params) -> Params:
    """conversations.invite, as documented for a batch with a failing user: without `force` nobody is
    invited and every failure is listed in `errors`; with `force` the valid users are invited anyway.
    Users who were removed from the workspace fail "silently": the others are invited regardless.
    https://docs.slack.dev/reference/methods/conversations.invite
    """
    channel = s.visible_channel(_str(p, "channel"))
    if channel.is_im:
        raise ApiError("method_not_supported_for_channel_type")
    _not_archived(channel)
    if BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    users = list(dict.fromkeys(_list(p, "users")))
    if not users:
        raise ApiError("no_user")
    failures: list[Params] = []
    blocking = False
    valid: list[str] = []
    for user_id in users:
        error, removed = _invite_problem(s, channel, user_id)
        if error is None:
            valid.append(user_id)
            continue
        failures.append({"user": user_id, "ok": False, "error": error})
        blocking = blocking or not removed
    if blocking and not _bool(p, "force"):
        valid = []
    for user_id in valid:
        channel.members.append(user_id)
        _system_message(s, channel, user_id, "channel_join", f"<@{user_id}> has joined the channel")
    if failures:
        raise ApiError(str(failures[0]["error"]), extra={"errors": failures})
    return {"channel": channel.to_api()}


def _invite_problem(s: StandinState, channel: Channel, user_id: str) -> tuple[str | None, bool]:
    """(error, user was removed from the workspace) for inviting one user."""
    if user_id == BOT_USER_ID:
        return "cant_invite_self", False
    user = s.visible_user(user_id)
    if user is None:
        return "user_not_found", False
    if user.deleted:
        return "user_not_found", True
    if user_id in channel.members:
        return "already_in_channel", False
    return None, False


def conversations_join(s: StandinState, p: Params) -> Params:
    """conversations.join (public channels only; joining twice is fine, as in Slack)."""
    channel = s.visible_channel(_str(p, "channel"))
    if channel.is_im or channel.is_private:
        raise ApiError("method_not_supported_for_channel_type")
    _not_archived(channel)
    if BOT_USER_ID not in channel.members:
        channel.members.append(BOT_USER_ID)
        _system_message(s, channel, BOT_USER_ID, "channel_join", f"<@{BOT_USER_ID}> has joined the channel")
    return {"channel": channel.to_api()}


def _set_text(s: StandinState, p: Params, key: str) -> Params:
    channel = _not_archived(_member_channel(s, p))
    if channel.is_im:
        raise ApiError("method_not_supported_for_channel_type")
    value = str(p.get(key) or "")
    if len(value) > MAX_TOPIC:
        raise ApiError("too_long")
    setattr(channel, key, value)
    verb = "set the channel topic" if key == "topic" else "set the channel purpose"
    _system_message(s, channel, BOT_USER_ID, f"channel_{key}", f"{verb}: {value}")
    return {"channel": channel.to_api()}


def conversations_set_topic(s: StandinState, p: Params) -> Params:
    """conversations.setTopic"""
    return _set_text(s, p, "topic")


def conversations_set_purpose(s: StandinState, p: Params) -> Params:
    """conversations.setPurpose"""
    return _set_text(s, p, "purpose")


def conversations_info(s: StandinState, p: Params) -> Params:
    """conversations.info"""
    return {"channel": s.visible_channel(_str(p, "channel")).to_api()}


def conversations_members(s: StandinState, p: Params) -> Params:
    """conversations.members"""
    channel = s.visible_channel(_str(p, "channel"))
    return {"members": list(channel.members), "response_metadata": {"next_cursor": ""}}


def conversations_archive(s: StandinState, p: Params) -> Params:
    """conversations.archive"""
    channel = s.visible_channel(_str(p, "channel"))
    if channel.is_im:
        raise ApiError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise ApiError("already_archived")
    if BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    _system_message(s, channel, BOT_USER_ID, "channel_archive", "archived the channel")
    channel.is_archived = True
    return {}


def conversations_open(s: StandinState, p: Params) -> Params:
    """conversations.open (one user → the bot's IM with them)."""
    if _str(p, "channel"):
        return {
            "channel": {"id": s.visible_channel(_str(p, "channel")).id},
            "no_op": True,
            "already_open": True,
        }
    users = _list(p, "users")
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) > 1:
        raise ApiError("not_implemented", ["[ERROR] the stand-in only supports one-user DMs"])
    existed = any(c.is_im and c.im_user == users[0] for c in s.channels.values())
    channel = s.im_for(users[0])
    payload: Params = {"channel": channel.to_api() if _bool(p, "return_im") else {"id": channel.id}}
    if existed:
        payload.update(no_op=True, already_open=True)
    return payload


def _readable(s: StandinState, p: Params) -> Channel:
    channel = s.visible_channel(_str(p, "channel"))
    if not channel.is_im and BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    return channel


def _in_window(message: Params, p: Params) -> bool:
    ts = float(message["ts"])
    latest, oldest = _str(p, "latest"), _str(p, "oldest")
    inclusive = _bool(p, "inclusive")
    if latest is not None and (ts > float(latest) or (ts == float(latest) and not inclusive)):
        return False
    return not (oldest is not None and (ts < float(oldest) or (ts == float(oldest) and not inclusive)))


def _page(items: list[Params], p: Params, default_limit: int) -> Params:
    start = _int(p, "cursor", 0)
    limit = _int(p, "limit", default_limit) or default_limit
    page = items[start : start + limit]
    has_more = start + limit < len(items)
    return {
        "messages": page,
        "has_more": has_more,
        "response_metadata": {"next_cursor": str(start + limit) if has_more else ""},
    }


def conversations_history(s: StandinState, p: Params) -> Params:
    """conversations.history: top-level messages (and thread broadcasts), newest first."""
    channel = _readable(s, p)
    top = [
        m
        for m in s.messages[channel.id]
        if (m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast")
        and _in_window(m, p)
    ]
    return {**_page(_shown(list(reversed(top)), p), p, 100), "pin_count": len(s.pins[channel.id])}


def conversations_replies(s: StandinState, p: Params) -> Params:
    """conversations.replies: the parent then its replies, oldest first."""
    channel = _readable(s, p)
    ts = _required(p, "ts", "thread_not_found")
    parent = s.find_message(channel.id, ts)
    if parent is None:
        raise ApiError("thread_not_found")
    root = parent.get("thread_ts") or parent["ts"]
    thread = [
        m
        for m in s.messages[channel.id]
        if (m["ts"] == root or m.get("thread_ts") == root) and _in_window(m, p)
    ]
    return _page(_shown(thread, p), p, 1000)


# ---- chat ----------------------------------------------------------------------------------------


def _postable(s: StandinState, target: str | None) -> Channel:
    if target and target.startswith(("U", "W")):
        try:
            return s.im_for(target)
        except ApiError as exc:
            raise ApiError("channel_not_found") from exc
    channel = _not_archived(s.visible_channel(target))
    if not channel.is_im and BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    return channel


def _content(
    p: Params, require: bool = True, max_text: int | None = None
) -> tuple[str | None, list[Params] | None]:
    """Text and blocks of a message call. Text longer than `max_text` is refused with msg_too_long;
    without `max_text` it is cut at 40,000 characters (the caller adds Slack's warning)."""
    text = p.get("text")
    text = None if text is None else str(text)
    blocks = _json_value(p, "blocks")
    has_attachments = bool(_json_value(p, "attachments"))
    if blocks is not None:
        blocks = validate_message_blocks(blocks) if blocks != [] else []
    if require and not text and not blocks and not has_attachments:
        raise ApiError("no_text")
    if text and max_text is not None and len(text) > max_text:
        raise ApiError("msg_too_long")
    if text and len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    return text, blocks


def _truncation_warning(p: Params) -> Params:
    """Slack's warning when it cut the text (https://api.slack.com/changelog/2018-04-truncating-really-long-messages)."""
    if len(str(p.get("text") or "")) <= MAX_TEXT:
        return {}
    return {"response_metadata": {"warnings": ["message_truncated"], "messages": [TRUNCATION_WARNING]}}


def _bot_message(s: StandinState, text: str | None, blocks: list[Params] | None) -> Params:
    message: Params = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "text": text or "",
        "team": s.caller_team().id,
        "ts": s.next_ts(),
        "bot_profile": {
            "id": BOT_ID,
            "app_id": APP_ID,
            "name": "crisisbot",
            "team_id": s.caller_team().id,
            "deleted": False,
        },
    }
    if blocks:
        message["blocks"] = blocks
    return message


def _attach_to_thread(
    s: StandinState, channel: Channel, message: Params, thread_ts: str, broadcast: bool
) -> None:
    parent = s.find_message(channel.id, thread_ts)
    if parent is None:
        raise ApiError("thread_not_found")
    root_ts = parent.get("thread_ts") or parent["ts"]
    root = s.find_message(channel.id, root_ts) or parent
    message["thread_ts"] = root_ts
    if broadcast:
        message["subtype"] = "thread_broadcast"
    root["thread_ts"] = root_ts
    root["reply_count"] = root.get("reply_count", 0) + 1
    root["reply_users"] = sorted({*root.get("reply_users", []), message["user"]})
    root["reply_users_count"] = len(root["reply_users"])
    root["latest_reply"] = message["ts"]


def chat_post_message(s: StandinState, p: Params) -> Params:
    """chat.postMessage"""
    channel = _postable(s, _str(p, "channel"))
    text, blocks = _content(p)
    metadata = _metadata(p)
    message = _bot_message(s, text, blocks)
    if metadata is not None:
        message["metadata"] = metadata
    if _str(p, "thread_ts"):
        _attach_to_thread(s, channel, message, str(p["thread_ts"]), _bool(p, "reply_broadcast"))
    s.messages[channel.id].append(message)
    return {"channel": channel.id, "ts": message["ts"], "message": message, **_truncation_warning(p)}


def _own_message(s: StandinState, p: Params, ts_key: str, not_own: str) -> tuple[Channel, Params]:
    channel = s.visible_channel(_str(p, "channel"))
    message = s.find_message(channel.id, _required(p, ts_key, "message_not_found"))
    if message is None:
        raise ApiError("message_not_found")
    if message.get("bot_id") != BOT_ID:
        raise ApiError(not_own)
    return channel, message


def chat_update(s: StandinState, p: Params) -> Params:
    """chat.update (blocks are kept when not given, removed with `[]`)."""
    channel, message = _own_message(s, p, "ts", "cant_update_message")
    _not_archived(channel)
    text, blocks = _content(p, require=False, max_text=MAX_UPDATE_TEXT)
    if text is None and blocks is None:
        raise ApiError("no_text")
    if text is not None:
        message["text"] = text
    if blocks is not None:
        if blocks:
            message["blocks"] = blocks
        else:
            message.pop("blocks", None)
    message["edited"] = {"user": BOT_USER_ID, "ts": s.next_ts()}
    return {"channel": channel.id, "ts": message["ts"], "text": message["text"], "message": message}


def chat_delete(s: StandinState, p: Params) -> Params:
    """chat.delete"""
    channel, message = _own_message(s, p, "ts", "cant_delete_message")
    s.messages[channel.id].remove(message)
    s.pins[channel.id] = [pin for pin in s.pins[channel.id] if pin["ts"] != message["ts"]]
    return {"channel": channel.id, "ts": message["ts"]}


def chat_post_ephemeral(s: StandinState, p: Params) -> Params:
    """chat.postEphemeral"""
    channel = _not_archived(s.visible_channel(_str(p, "channel")))
    user_id = _required(p, "user", "user_not_found")
    s.user(user_id)
    if not channel.is_im and BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    if user_id not in channel.members:
        raise ApiError("user_not_in_channel")
    text, blocks = _content(p)
    record_ephemeral(s, channel.id, user_id, text, blocks, _str(p, "thread_ts"), via="chat.postEphemeral")
    return {"message_ts": s.ephemerals[-1]["message_ts"], **_truncation_warning(p)}


def record_ephemeral(
    s: StandinState,
    channel_id: str,
    user_id: str,
    text: str | None,
    blocks: list[Params] | None,
    thread_ts: str | None,
    via: str,
) -> Params:
    """Store an ephemeral message (only `user_id` would see it)."""
    ephemeral: Params = {
        "type": "message",
        "is_ephemeral": True,
        "channel": channel_id,
        "user": user_id,
        "bot_id": BOT_ID,
        "text": text or "",
        "message_ts": s.next_ts(),
        "via": via,
    }
    if blocks:
        ephemeral["blocks"] = blocks
    if thread_ts:
        ephemeral["thread_ts"] = thread_ts
    s.ephemerals.append(ephemeral)
    return ephemeral


def chat_get_permalink(s: StandinState, p: Params) -> Params:
    """chat.getPermalink"""
    channel = s.visible_channel(_str(p, "channel"))
    message = s.find_message(channel.id, _required(p, "message_ts", "message_not_found"))
    if message is None:
        raise ApiError("message_not_found")
    domain = s.teams[channel.team_id].domain
    link = f"https://{domain}.slack.com/archives/{channel.id}/p{message['ts'].replace('.', '')}"
    if message.get("thread_ts") and message["thread_ts"] != message["ts"]:
        link += f"?thread_ts={message['thread_ts']}&cid={channel.id}"
    return {"channel": channel.id, "permalink": link}


# ---- pins ----------------------------------------------------------------------------------------


def _pin_target(s: StandinState, p: Params) -> tuple[Channel, str]:
    channel = s.visible_channel(_str(p, "channel"))
    ts = _str(p, "timestamp")
    if ts is None:
        raise ApiError("no_item_specified")
    if s.find_message(channel.id, ts) is None:
        raise ApiError("message_not_found")
    return channel, ts


def pins_add(s: StandinState, p: Params) -> Params:
    """pins.add"""
    channel, ts = _pin_target(s, p)
    if not channel.is_im and BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel")
    if any(pin["ts"] == ts for pin in s.pins[channel.id]):
        raise ApiError("already_pinned")
    if len(s.pins[channel.id]) >= MAX_PINS:
        raise ApiError("too_many_pins")
    s.pins[channel.id].append({"ts": ts, "created": int(s.now()), "created_by": BOT_USER_ID})
    s.find_message(channel.id, ts).setdefault("pinned_to", []).append(channel.id)  # type: ignore[union-attr]  # checked above: message_not_found
    return {}


def pins_remove(s: StandinState, p: Params) -> Params:
    """pins.remove"""
    channel, ts = _pin_target(s, p)
    pins = s.pins[channel.id]
    if not any(pin["ts"] == ts for pin in pins):
        raise ApiError("not_pinned")  # "The specified item is not pinned to the channel."
    s.pins[channel.id] = [pin for pin in pins if pin["ts"] != ts]
    s.find_message(channel.id, ts).pop("pinned_to", None)  # type: ignore[union-attr]  # checked above: message_not_found
    return {}


def pins_list(s: StandinState, p: Params) -> Params:
    """pins.list"""
    channel = s.visible_channel(_str(p, "channel"))
    items = [
        {
            "type": "message",
            "created": pin["created"],
            "created_by": pin["created_by"],
            "channel": channel.id,
            "message": s.find_message(channel.id, pin["ts"]),
        }
        for pin in reversed(s.pins[channel.id])
    ]
    return {"items": items}


# ---- views ---------------------------------------------------------------------------------------


def _use_trigger(s: StandinState, p: Params) -> str:
    trigger_id = _required(p, "trigger_id", "invalid_trigger_id")
    trigger = s.triggers.get(trigger_id)
    if trigger is None:
        raise ApiError("invalid_trigger_id")
    if trigger.used:
        raise ApiError("exchanged_trigger_id")
    if s.now() - trigger.issued_at > TRIGGER_TTL_SECONDS:
        raise ApiError("expired_trigger_id")
    trigger.used = True
    return trigger.user_id


def _view_arg(p: Params) -> Params:
    view = _json_value(p, "view")
    if view is None:
        raise ApiError("invalid_arguments", ["[ERROR] missing required field: view"])
    return validate_view(view)


def _external_id_taken(s: StandinState, external_id: str | None, except_id: str | None = None) -> bool:
    return bool(external_id) and any(
        v.get("external_id") == external_id and v["id"] != except_id for v in s.views.values()
    )


def store_view(
    s: StandinState,
    view: Params,
    user_id: str,
    action: str,
    view_id: str | None = None,
    root_view_id: str | None = None,
    previous_view_id: str | None = None,
) -> Params:
    """Store (or replace) a view the way Slack returns it; log the action."""
    view_id = view_id or s.new_id("V")
    owner = s.users.get(user_id)
    team_id = owner.team_id if owner is not None else TEAM_ID
    stored: Params = {
        "id": view_id,
        "team_id": team_id,
        "type": view["type"],
        "blocks": view["blocks"],
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": {}},
        "hash": f"{int(s.now())}.{secrets.token_hex(4)}",
        "title": view.get("title"),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "close": view.get("close"),
        "submit": view.get("submit"),
        "previous_view_id": previous_view_id,
        "root_view_id": root_view_id or view_id,
        "app_id": APP_ID,
        "external_id": view.get("external_id", ""),
        "app_installed_team_id": team_id,
        "bot_id": BOT_ID,
        "user_id": user_id,
    }
    s.views[view_id] = stored
    s.view_log.append({"action": action, "user_id": user_id, "view": dict(stored), "at": s.now()})
    return stored


def _public_view(view: Params) -> Params:
    return {k: v for k, v in view.items() if k != "user_id"}


def views_open(s: StandinState, p: Params) -> Params:
    """views.open"""
    view = _view_arg(p)
    if view["type"] != "modal":
        raise ApiError("invalid_arguments", ["[ERROR] views.open only opens modals"])
    if _external_id_taken(s, view.get("external_id")):
        raise ApiError("duplicate_external_id")
    user_id = _use_trigger(s, p)
    return {"view": _public_view(store_view(s, view, user_id, "open"))}


def views_push(s: StandinState, p: Params) -> Params:
    """views.push (onto the user's most recent open modal stack)."""
    view = _view_arg(p)
    user_id = _use_trigger(s, p)
    modals = [v for v in s.views.values() if v["type"] == "modal" and v["user_id"] == user_id]
    if not modals:
        raise ApiError("not_found")
    top = modals[-1]
    depth = sum(1 for v in modals if v["root_view_id"] == top["root_view_id"])
    if depth >= MAX_VIEW_STACK:
        raise ApiError("push_limit_reached")
    stored = store_view(
        s, view, user_id, "push", root_view_id=top["root_view_id"], previous_view_id=top["id"]
    )
    return {"view": _public_view(stored)}


def views_update(s: StandinState, p: Params) -> Params:
    """views.update by view_id or external_id, honouring `hash`."""
    view_id, external_id = _str(p, "view_id"), _str(p, "external_id")
    if not view_id and not external_id:
        raise ApiError("invalid_arguments", ["[ERROR] view_id or external_id is required"])
    current = (
        s.views.get(view_id)
        if view_id
        else next((v for v in s.views.values() if v.get("external_id") == external_id), None)
    )
    if current is None:
        raise ApiError("not_found")
    if _str(p, "hash") and p["hash"] != current["hash"]:
        raise ApiError("hash_conflict")
    view = _view_arg(p)
    if view["type"] != current["type"]:
        raise ApiError("invalid_arguments", ["[ERROR] cannot change the view type"])
    view.setdefault("external_id", current.get("external_id") or "")
    stored = store_view(
        s,
        view,
        current["user_id"],
        "update",
        current["id"],
        current["root_view_id"],
        current["previous_view_id"],
    )
    return {"view": _public_view(stored)}


def views_publish(s: StandinState, p: Params) -> Params:
    """views.publish (home tab)."""
    user_id = _required(p, "user_id", "user_not_found")
    s.user(user_id)
    view = _view_arg(p)
    if view["type"] != "home":
        raise ApiError("invalid_arguments", ["[ERROR] views.publish only publishes home views"])
    current_id = s.home_views.get(user_id)
    if current_id and _str(p, "hash") and p["hash"] != s.views[current_id]["hash"]:
        raise ApiError("hash_conflict")
    stored = store_view(s, view, user_id, "publish", current_id)
    s.home_views[user_id] = stored["id"]
    return {"view": _public_view(stored)}


# ---- files ---------------------------------------------------------------------------------------


def files_get_upload_url_external(s: StandinState, p: Params) -> Params:
    """files.getUploadURLExternal"""
    filename = _required(p, "filename", "invalid_arguments")
    length = _int(p, "length", 0)
    if length <= 0:
        raise ApiError("invalid_arguments", ["[ERROR] length must be a positive integer"])
    file_id = s.new_id("F")
    s.files[file_id] = {
        "id": file_id,
        "name": filename,
        "title": filename,
        "size": length,
        "created": int(s.now()),
        "user": BOT_USER_ID,
        "content": None,
        "completed": False,
        "channels": [],
        "alt_txt": _str(p, "alt_txt"),
    }
    return {"upload_url": f"{s.base_url.rsplit('/api/', 1)[0]}/upload/{file_id}", "file_id": file_id}


def upload_bytes(s: StandinState, file_id: str, content: bytes) -> bool:
    """Receive the raw upload for a file id; False when the id is unknown or already completed."""
    record = s.files.get(file_id)
    if record is None or record["completed"]:
        return False
    record["content"] = content
    return True


def _public_file(record: Params) -> Params:
    return {k: v for k, v in record.items() if k not in ("content", "completed")}


def files_complete_upload_external(s: StandinState, p: Params) -> Params:
    """files.completeUploadExternal (shares into channel_id with initial_comment when given)."""
    entries = _json_value(p, "files")
    if not isinstance(entries, list) or not entries:
        raise ApiError("invalid_arguments", ["[ERROR] files must be a non-empty array"])
    records = []
    for entry in entries:
        record = s.files.get(str(entry.get("id")))
        if record is None or record["content"] is None or record["completed"]:
            raise ApiError("file_not_found")
        record["title"] = entry.get("title") or record["name"]
        records.append(record)
    channel_id = _str(p, "channel_id") or _str(p, "channels")
    if channel_id:
        _share_files(s, _postable(s, channel_id), records, p)
    for record in records:
        record["completed"] = True
        record["size"] = len(record["content"])
    return {"files": [{"id": r["id"], "title": r["title"]} for r in records]}


def _share_files(s: StandinState, channel: Channel, records: list[Params], p: Params) -> None:
    text = str(p.get("initial_comment") or "")
    if len(text) > MAX_TEXT:
        raise ApiError("msg_too_long")
    blocks = _json_value(p, "blocks")
    message = _bot_message(s, text, validate_message_blocks(blocks) if blocks else None)
    message.update(upload=True, display_as_bot=False)
    if _str(p, "thread_ts"):
        _attach_to_thread(s, channel, message, str(p["thread_ts"]), False)
    for record in records:
        record["channels"].append(channel.id)
    message["files"] = [_public_file(r) for r in records]
    s.messages[channel.id].append(message)


def files_info(s: StandinState, p: Params) -> Params:
    """files.info"""
    record = s.files.get(_required(p, "file", "file_not_found"))
    if record is None or not record["completed"]:
        raise ApiError("file_not_found")
    return {"file": _public_file(record), "comments": [], "response_metadata": {"next_cursor": ""}}


# ---- canvases ------------------------------------------------------------------------------------

#: A canvas document holds at most 1 MiB of markdown
#: (https://docs.slack.dev/reference/methods/conversations.canvases.create).
MAX_CANVAS_MARKDOWN = 1_048_576
_HEADING = re.compile(r"^#{1,3} ")
CANVAS_OPERATIONS = ("insert_after", "insert_before", "insert_at_start", "insert_at_end", "replace", "delete")
_NEEDS_SECTION = ("insert_after", "insert_before", "delete")
_NO_SECTION = ("insert_at_start", "insert_at_end")


def _canvas_markdown(p: Params) -> str:
    """The markdown of a `document_content` object; anything but `{"type": "markdown", ...}` is refused."""
    content = _json_value(p, "document_content")
    if not isinstance(content, dict) or content.get("type") != "markdown":
        raise ApiError("invalid_arguments", ["[ERROR] document_content must be {type: markdown, markdown}"])
    markdown = content.get("markdown")
    if not isinstance(markdown, str):
        raise ApiError("invalid_arguments", ["[ERROR] document_content.markdown must be a string"])
    if len(markdown) > MAX_CANVAS_MARKDOWN:
        raise ApiError("invalid_arguments", ["[ERROR] document_content.markdown is over 1 MiB"])
    return markdown


def _sections(s: StandinState, markdown: str) -> list[tuple[str, str]]:
    """Split a document into sections, each starting at a heading (h1-h3), with fresh section ids."""
    chunks: list[list[str]] = []
    for line in markdown.split("\n"):
        if not chunks or _HEADING.match(line):
            chunks.append([])
        chunks[-1].append(line)
    return [(f"temp:C:{s.new_id('S')}", "\n".join(chunk)) for chunk in chunks if "".join(chunk).strip()]


def conversations_canvases_create(s: StandinState, p: Params) -> Params:
    """conversations.canvases.create: one canvas per channel (channel_canvas_already_exists); a free
    workspace cannot have channel canvases (team_tier_cannot_create_channel_canvases).
    https://docs.slack.dev/reference/methods/conversations.canvases.create
    """
    channel = _not_archived(s.visible_channel(_required(p, "channel_id", "channel_not_found")))
    if channel.is_im:
        raise ApiError("method_not_supported_for_channel_type")
    if s.free_tier:
        raise ApiError("team_tier_cannot_create_channel_canvases")
    if channel.canvas_id:
        raise ApiError("channel_canvas_already_exists")
    markdown = _canvas_markdown(p) if p.get("document_content") not in (None, "") else ""
    canvas = Canvas(s.new_id("F"), channel.id, _sections(s, markdown))
    s.canvases[canvas.id] = canvas
    channel.canvas_id = canvas.id
    return {"canvas_id": canvas.id}


def canvases_edit(s: StandinState, p: Params) -> Params:
    """canvases.edit: exactly one change per call ("Only one operation per API call is currently
    supported"); `replace` without a section id replaces the whole document, with one that section;
    insert before/after and delete need a section id, insert at start/end take none.
    https://docs.slack.dev/reference/methods/canvases.edit
    """
    canvas = s.canvases.get(_required(p, "canvas_id", "canvas_not_found"))
    if canvas is None:
        raise ApiError("canvas_not_found")
    if canvas.channel_id is not None:
        channel = s.channels.get(canvas.channel_id)
        if channel is None or (channel.is_private and BOT_USER_ID not in channel.members):
            raise ApiError("canvas_not_found")
    changes = _json_value(p, "changes")
    if not isinstance(changes, list) or len(changes) != 1 or not isinstance(changes[0], dict):
        raise ApiError("invalid_arguments", ["[ERROR] changes must hold exactly one operation"])
    change = changes[0]
    operation = change.get("operation")
    section_id = change.get("section_id")
    if operation not in CANVAS_OPERATIONS:
        raise ApiError("invalid_arguments", [f"[ERROR] unknown operation {operation!r}"])
    if (operation in _NEEDS_SECTION and not section_id) or (operation in _NO_SECTION and section_id):
        raise ApiError("invalid_arguments", [f"[ERROR] section_id does not fit {operation}"])
    ids = [sid for sid, _ in canvas.sections]
    if section_id and section_id not in ids:
        raise ApiError("canvas_editing_failed", ["[ERROR] no such section_id"])
    new = [] if operation == "delete" else _sections(s, _canvas_markdown(change))
    at = ids.index(section_id) if section_id else 0
    if operation == "replace":
        canvas.sections = canvas.sections[:at] + new + canvas.sections[at + 1 :] if section_id else new
    elif operation == "delete":
        canvas.sections = canvas.sections[:at] + canvas.sections[at + 1 :]
    elif operation == "insert_at_start":
        canvas.sections = new + canvas.sections
    elif operation == "insert_at_end":
        canvas.sections = canvas.sections + new
    elif operation == "insert_before":
        canvas.sections = canvas.sections[:at] + new + canvas.sections[at:]
    else:
        canvas.sections = canvas.sections[: at + 1] + new + canvas.sections[at + 1 :]
    canvas.edits += 1
    return {}


METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "users.lookupByEmail": users_lookup_by_email,
    "conversations.create": conversations_create,
    "conversations.invite": conversations_invite,
    "conversations.join": conversations_join,
    "conversations.setTopic": conversations_set_topic,
    "conversations.setPurpose": conversations_set_purpose,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.archive": conversations_archive,
    "conversations.open": conversations_open,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.getPermalink": chat_get_permalink,
    "pins.add": pins_add,
    "pins.remove": pins_remove,
    "pins.list": pins_list,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
    "files.info": files_info,
    "conversations.canvases.create": conversations_canvases_create,
    "canvases.edit": canvases_edit,
}
