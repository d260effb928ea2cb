"""Render Jinja2 templates into Block Kit (validated with slack_sdk.models) or Markdown.

Every `{{ value }}` in a Block Kit template is escaped for Slack mrkdwn (`& < >`) and for JSON by
default, so user text can never become a mention or break the payload. Filters that produce Slack
markup on purpose (`user`, `channel`, `date`, `link`) return `Mrkdwn`, which is only JSON-escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.core.states import ALL_STATES
from messages import ids
from messages.i18n import Translator
from messages.markup import (
    canvas_link,
    canvas_quote,
    canvas_text,
    canvas_user,
    channel,
    clip,
    date,
    finalize,
    link,
    plain,
    to_json,
    user,
)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100


class BlockKitError(ValueError):
    """A rendered payload that Slack would reject."""


@dataclass(frozen=True)
class Message:
    """A chat message: notification text and blocks."""

    text: str
    blocks: list[dict]


@cache
def environment() -> Environment:
    """The Jinja2 environment for every template in `messages/templates`."""
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(clip=clip, plain=plain, user=user, channel=channel, date=date, link=link, json=to_json)
    env.globals["ids"] = ids
    env.globals.update(ALL_STATES)
    return env


def _utc(moment: Any) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "—"


def _duration(delta: Any) -> str:
    if delta is None:
        return "—"
    minutes = int(abs(delta.total_seconds()) // 60)
    sign = "-" if delta.total_seconds() < 0 else ""
    return f"{sign}{minutes // 60} h {minutes % 60:02d} min"


def _markdown_cell(value: Any) -> str:
    return " ".join(str(value or "").split()).replace("|", "\\|")


_DIFF_MARKS = {"added": ("++", "++"), "removed": ("~~", "~~"), "same": ("", "")}


def _diff_markdown(parts: Any) -> list[str]:
    """Word-diff runs (objects with `change` and `text`) as Markdown lines: ++added++, ~~removed~~.

    Markers go around the words only, never around spaces or line breaks, so Markdown renders them."""
    out = ""
    for part in parts:
        opening, closing = _DIFF_MARKS.get(part.change, ("", ""))
        for index, line in enumerate(str(part.text).split("\n")):
            if index:
                out += "\n"
            core = line.strip()
            if not core or not opening:
                out += line
                continue
            lead = line[: len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()) :]
            out += f"{lead}{opening}{core}{closing}{trail}"
    return out.split("\n")


@cache
def document_environment(html: bool) -> Environment:
    """Environment for reports: Markdown (no escaping) or HTML (autoescaped)."""
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        undefined=StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(utc=_utc, duration=_duration, cell=_markdown_cell, diffmarkdown=_diff_markdown)
    env.filters.update(
        canvaslink=canvas_link, canvastext=canvas_text, canvasquote=canvas_quote, canvasuser=canvas_user
    )
    return env


def _render_json(name: str, language: str, context: dict[str, Any]) -> Any:
    template = environment().get_template(name)
    text = template.render(t=Translator(language), **context)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BlockKitError(f"{name} rendered invalid JSON: {error}") from error


def validate_blocks(blocks: list[dict], limit: int = MAX_MESSAGE_BLOCKS) -> None:
    """Raise BlockKitError unless `blocks` is a list Slack accepts in a message."""
    if not blocks:
        raise BlockKitError("a message needs at least one block")
    if len(blocks) > limit:
        raise BlockKitError(f"{len(blocks)} blocks, Slack allows {limit}")
    seen: set[str] = set()
    for raw in blocks:
        parsed = Block.parse(raw)
        if parsed is None or type(parsed) is Block:
            raise BlockKitError(f"unknown block type: {raw.get('type')!r}")
        try:
            parsed.validate_json()
        except Exception as error:  # slack_sdk raises SlackObjectFormationError
            raise BlockKitError(f"{raw.get('type')} block: {error}") from error
        block_id = raw.get("block_id")
        if block_id:
            if block_id in seen:
                raise BlockKitError(f"duplicate block_id {block_id!r}")
            seen.add(block_id)


def validate_view(view: dict) -> None:
    """Raise BlockKitError unless `view` is a modal or Home tab Slack accepts."""
    try:
        View(**view).validate_json()
    except Exception as error:
        raise BlockKitError(f"view: {error}") from error
    validate_blocks(view.get("blocks", []), MAX_VIEW_BLOCKS)


def render_message(name: str, language: str = "en", /, **context: Any) -> Message:
    """Render a message template (`{"text": ..., "blocks": [...]}`) to a validated Message."""
    payload = _render_json(name, language, context)
    text = str(payload.get("text", "")).strip()
    if not text:
        raise BlockKitError(f"{name} has no notification text")
    validate_blocks(payload["blocks"])
    return Message(text=text, blocks=payload["blocks"])


def render_view(name: str, language: str = "en", /, **context: Any) -> dict:
    """Render a modal or Home tab template to a validated view."""
    view = _render_json(name, language, context)
    validate_view(view)
    return view


def render_document(name: str, language: str = "en", /, **context: Any) -> str:
    """Render a report template: `.md.j2` as Markdown, `.html.j2` as autoescaped HTML.

    Templates use `t.plain(...)` for strings (no mrkdwn escaping in documents)."""
    env = document_environment(name.endswith(".html.j2"))
    return env.get_template(name).render(t=Translator(language), **context)
