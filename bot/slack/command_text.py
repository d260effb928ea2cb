"""Reading what follows `/crisis <subcommand>`. The command is declared with `should_escape`, so Slack
sends people, channels and links escaped: `<@U123|ana>`, `<#C123|name>`, `<https://…|label>`."""

from __future__ import annotations

import re

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
    """A URL as typed: Slack wraps it as `<https://…>` or `<https://…|label>`; plain text stays as is."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1].split("|", 1)[0]
    return text
