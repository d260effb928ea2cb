"""The bot's own strings in English, Spanish and Chinese (`messages/strings/<language>/*.yaml`).

Each feature keeps its strings in its own file; the files of a language are merged.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from messages.markup import Mrkdwn, escape_mrkdwn

LANGUAGES = ("en", "es", "zh")
FALLBACK = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted name."""
    merged: dict[str, str] = {}
    folder = resources.files("messages").joinpath("strings", language)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            strings = _flatten(yaml.safe_load(entry.read_text("utf-8")) or {})
            clash = merged.keys() & strings.keys()
            if clash:
                raise ValueError(f"strings defined twice in {language}/{entry.name}: {sorted(clash)}")
            merged.update(strings)
    return merged


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


class _Params(dict):
    """Format parameters where a missing one shows as `?` instead of failing (old timeline rows)."""

    def __missing__(self, key: str) -> str:
        return "?"


class Translator:
    """`t("key", name=value)`: the string in this language (English when missing), params escaped."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else FALLBACK

    def __call__(self, key: str, **params: Any) -> Mrkdwn:
        template = catalog(self.language).get(key) or catalog(FALLBACK).get(key)
        if template is None:
            raise KeyError(f"no string {key!r}")
        safe = {
            name: value if isinstance(value, Mrkdwn) else escape_mrkdwn("" if value is None else str(value))
            for name, value in params.items()
        }
        return Mrkdwn(escape_mrkdwn(template).format(**safe))

    def has(self, key: str) -> bool:
        """True when a string exists for `key` (in this language or English)."""
        return key in catalog(self.language) or key in catalog(FALLBACK)

    def plain(self, key: str, **params: Any) -> str:
        """The string with params filled in, without mrkdwn escaping (for plain_text and notifications)."""
        template = catalog(self.language).get(key) or catalog(FALLBACK).get(key)
        if template is None:
            raise KeyError(f"no string {key!r}")
        return template.format_map(
            _Params({name: "" if value is None else str(value) for name, value in params.items()})
        )
