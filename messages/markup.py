"""Slack mrkdwn safety: escaping user text, and the few filters that emit Slack markup on purpose."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from bot.core.clock import to_unix

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$")


class Mrkdwn(str):
    """Text already safe for mrkdwn: inserted as is (JSON-escaped only)."""


class JsonLiteral(str):
    """A JSON value inserted verbatim (the `json` filter)."""


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def json_string_body(text: str) -> str:
    """The inside of a JSON string literal for `text`."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def finalize(value: Any) -> str:
    """Jinja finalize: JSON-escape every value, and mrkdwn-escape it unless it is Mrkdwn."""
    if isinstance(value, JsonLiteral):
        return str(value)
    if isinstance(value, Mrkdwn):
        return json_string_body(str(value))
    return json_string_body(escape_mrkdwn("" if value is None else str(value)))


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def clip(value: Any, limit: int) -> Mrkdwn:
    """Escape user text for mrkdwn and shorten it to `limit` characters without cutting an entity."""
    escaped = escape_mrkdwn(str(value or ""))
    if len(escaped) <= limit:
        return Mrkdwn(escaped)
    cut = escaped[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return Mrkdwn(cut.rstrip() + "…")


def plain(value: Any, limit: int = 3000) -> Mrkdwn:
    """Text for a plain_text object: no mrkdwn escaping (Slack shows it literally), shortened."""
    return Mrkdwn(_shorten(str(value or ""), limit))


def user(user_id: str | None) -> Mrkdwn:
    """A mention of a user by id."""
    if user_id and _USER_ID.match(user_id):
        return Mrkdwn(f"<@{user_id}>")
    return Mrkdwn(escape_mrkdwn(user_id or "?"))


def channel(channel_id: str | None) -> Mrkdwn:
    """A link to a channel by id."""
    if channel_id and _CHANNEL_ID.match(channel_id):
        return Mrkdwn(f"<#{channel_id}>")
    return Mrkdwn(escape_mrkdwn(channel_id or "?"))


def date(moment: datetime | None, token: str = "{date_short_pretty} {time}") -> Mrkdwn:
    """A time Slack shows in each reader's own time zone, with a UTC fallback."""
    if moment is None:
        return Mrkdwn("—")
    fallback = f"{moment:%Y-%m-%d %H:%M} UTC"
    return Mrkdwn(f"<!date^{to_unix(moment)}^{token}|{fallback}>")


def link(url: str | None, label: Any = None) -> Mrkdwn:
    """A link, only for http(s) URLs; anything else is shown as escaped text."""
    if not url or not _SAFE_URL.match(url):
        return Mrkdwn(escape_mrkdwn(str(label or url or "")))
    text = escape_mrkdwn(str(label)).replace("|", "¦") if label else ""
    return Mrkdwn(f"<{url}|{text}>" if text else f"<{url}>")


# Canvas markdown: user text is shown as typed. Every character that could start markup (emphasis, links,
# images, which is how a canvas mentions people: `![](@U…)`, raw `<!channel>`/`<@U…>`, `@here`) is
# backslash-escaped, as are the characters that would turn a line into a heading, quote or list.
_CANVAS_SPECIAL = re.compile(r"([\\`*_\[\](){}<>!|~@#&])")
_CANVAS_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])")


def canvas_text(value: Any) -> str:
    """User text for a canvas: every line escaped (see above), shown exactly as it was typed."""
    lines = str(value or "").replace("\r\n", "\n").split("\n")
    escaped = [_CANVAS_LINE_START.sub(r"\1\\\2", _CANVAS_SPECIAL.sub(r"\\\1", line)) for line in lines]
    return "\n".join(escaped)


def canvas_quote(value: Any) -> str:
    """User text as a canvas quote block, line by line (blank lines kept inside the quote)."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in canvas_text(value).split("\n"))


def canvas_user(user_id: str | None) -> str:
    """A canvas mention of a person (`![](@U…)`), only for a well-formed user id."""
    if user_id and _USER_ID.match(user_id):
        return f"![](@{user_id})"
    return canvas_text(user_id or "?")


def canvas_link(url: str | None, label: Any) -> str:
    """A canvas link to an http(s) URL with an escaped label; anything else is shown as escaped text."""
    if not url or not _SAFE_URL.match(url) or any(char in url for char in "()"):
        return canvas_text(url or label)
    return f"[{canvas_text(label)}]({url})"


def to_json(value: Any) -> JsonLiteral:
    """Insert a value as JSON."""
    return JsonLiteral(json.dumps(value, ensure_ascii=False))
