"""Render stored Slack messages as plain text, the way a person would read the channel."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Resolver = Callable[[str], str]

_DATE = re.compile(r"<!date\^(\d+)\^([^|>]*)(?:\^[^|>]*)?(?:\|([^>]*))?>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_SUBTEAM = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<([^<>|@#!][^<>|]*)(?:\|([^<>]*))?>")


def render_mrkdwn(text: str, user_name: Resolver, channel_name: Resolver) -> str:
    """Resolve Slack's `<…>` markup to readable text and unescape `&lt; &gt; &amp;`."""
    text = _DATE.sub(lambda m: _render_date(int(m.group(1)), m.group(2)), text)
    text = _USER.sub(lambda m: "@" + user_name(m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (channel_name(m.group(1)) or m.group(2) or m.group(1)), text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _SUBTEAM.sub(lambda m: m.group(2) or "@" + m.group(1), text)
    text = _LINK.sub(_render_link, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render_link(match: re.Match[str]) -> str:
    url, label = match.group(1), match.group(2)
    if url.startswith("mailto:") and label:
        return label
    return f"{label} ({url})" if label and label != url else url


def _render_date(epoch: int, fmt: str) -> str:
    moment = datetime.fromtimestamp(epoch, UTC)
    date_words = {
        "{date_num}": moment.strftime("%Y-%m-%d"),
        "{date}": moment.strftime("%B %d, %Y"),
        "{date_short}": moment.strftime("%b %d, %Y"),
        "{date_long}": moment.strftime("%A, %B %d, %Y"),
        "{date_pretty}": moment.strftime("%B %d, %Y"),
        "{date_short_pretty}": moment.strftime("%b %d, %Y"),
        "{date_long_pretty}": moment.strftime("%A, %B %d, %Y"),
        "{time}": moment.strftime("%H:%M"),
        "{time_secs}": moment.strftime("%H:%M:%S"),
        "{ago}": moment.strftime("%Y-%m-%d %H:%M"),
    }
    rendered = fmt
    for token, value in date_words.items():
        rendered = rendered.replace(token, value)
    return rendered + (" UTC" if "{time" in fmt or "{ago}" in fmt else "")


class BlockRenderer:
    """Turns Block Kit blocks into indented text lines."""

    def __init__(self, user_name: Resolver, channel_name: Resolver) -> None:
        self.user_name = user_name
        self.channel_name = channel_name

    def text(self, obj: Any) -> str:
        """Plain rendering of a text object (or string)."""
        if isinstance(obj, dict):
            obj = obj.get("text", "")
        return render_mrkdwn(str(obj or ""), self.user_name, self.channel_name)

    def blocks(self, blocks: list[dict[str, Any]]) -> list[str]:
        """All lines for a list of blocks."""
        lines: list[str] = []
        for block in blocks:
            lines.extend(self.block(block))
        return lines

    def block(self, block: dict[str, Any]) -> list[str]:
        """Lines for one block."""
        kind = block.get("type")
        handler = getattr(self, f"_{kind}", None)
        return handler(block) if handler else [f"[{kind} block]"]

    def _header(self, block: dict[str, Any]) -> list[str]:
        title = self.text(block.get("text"))
        return [title.upper(), "=" * len(title)]

    def _section(self, block: dict[str, Any]) -> list[str]:
        lines = self.text(block.get("text")).splitlines() if block.get("text") else []
        lines += [f"  {self.text(f)}" for f in block.get("fields") or []]
        if block.get("accessory"):
            lines += self.element(block["accessory"])
        return lines

    def _divider(self, _block: dict[str, Any]) -> list[str]:
        return ["-" * 40]

    def _context(self, block: dict[str, Any]) -> list[str]:
        parts = [
            self.text(e) if e.get("type") != "image" else f"[{e.get('alt_text', 'image')}]"
            for e in block.get("elements") or []
        ]
        return ["  " + " · ".join(parts)]

    def _actions(self, block: dict[str, Any]) -> list[str]:
        lines: list[str] = []
        buttons: list[str] = []
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                buttons.append(f"[{self.text(element.get('text'))}]")
                continue
            if buttons:
                lines.append("  " + " ".join(buttons))
                buttons = []
            lines += self.element(element)
        if buttons:
            lines.append("  " + " ".join(buttons))
        return lines

    def _input(self, block: dict[str, Any]) -> list[str]:
        return [f"{self.text(block.get('label'))}:", *self.element(block.get("element") or {})]

    def _image(self, block: dict[str, Any]) -> list[str]:
        return [f"[image: {block.get('alt_text', '')}]"]

    def _rich_text(self, block: dict[str, Any]) -> list[str]:
        return ["".join(_rich_text_plain(e) for e in block.get("elements") or [])]

    def _markdown(self, block: dict[str, Any]) -> list[str]:
        return self.text(block.get("text")).splitlines()

    def element(self, element: dict[str, Any]) -> list[str]:
        """Lines for an interactive element (buttons, checkboxes, selects…)."""
        kind = element.get("type")
        if kind == "button":
            return [f"[{self.text(element.get('text'))}]"]
        if kind in ("checkboxes", "radio_buttons"):
            chosen = {o.get("value") for o in element.get("initial_options") or []}
            if element.get("initial_option"):
                chosen.add(element["initial_option"].get("value"))
            on, off = ("☑", "☐") if kind == "checkboxes" else ("◉", "○")
            return [
                f"  {on if o.get('value') in chosen else off} {self.text(o.get('text'))}"
                for o in element.get("options") or []
            ]
        if kind == "overflow":
            return ["[…]"]
        placeholder = self.text(element.get("placeholder")) if element.get("placeholder") else kind
        return [f"  <{placeholder}>"]


def _rich_text_plain(element: dict[str, Any]) -> str:
    if "elements" in element:
        return "".join(_rich_text_plain(e) for e in element["elements"])
    return str(element.get("text") or element.get("url") or "")
