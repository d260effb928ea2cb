"""Reading what follows `/crisis <subcommand>`. The command is declared with `should_escape`, so Slack
sends people, channels and links escaped: `<@U123|ana>`, `<#C123|name>`, `<https://…|label>`."""

from __future__ import annotations

import re
from collections.abc import Callable

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")


def user_mention(text: str) -> str | None:
    """The user id in an escaped mention like `<@U123|ana>`, or None."""
    match = _USER.match(text.strip())
    return match.group(1) if match else None


def channel_mention(text: str) -> str | None:
    """The channel id in an escaped channel mention like `<#C123|crisis-lead>`, or None."""
    match = _CHANNEL.match(text.strip())
    return match.group(1) if match else None


def url(text: str) -> str:
    """A URL as typed: Slack wraps it as `<https://…>` or `<https://…|label>` and escapes `&` as `&amp;`."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return _unescape(text[1:-1].split("|", 1)[0])
    return _unescape(text)


_MARKUP = re.compile(r"<([^<>]*)>")


def plain_text(text: str, user_name: Callable[[str], str | None] | None = None) -> str:
    """The text as the person typed it: Slack's `<…>` markup read back and `&amp; &lt; &gt;` unescaped.

    `<@U123|ana>` and `<@U123>` become `@ana` (the name after `|`, else `user_name(id)`, else the id),
    `<#C123|crisis>` becomes `#crisis`, `<!here>` `@here`, `<https://…|label>` the label and `<https://…>`
    the address. See https://docs.slack.dev/messaging/formatting-message-text.
    """

    def readable(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (label or (user_name(target[1:]) if user_name else None) or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            special = target[1:].split("^", 1)[0]
            return label or ("@" + special)
        return label or target

    return _unescape(_MARKUP.sub(readable, text))


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
