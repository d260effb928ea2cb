"""The scripted mentions a drill feeds into its channel (`bot/drills/drill_script.yaml`): data only.

One wave is shared by every crisis case; a case may override fields of single entries. Offsets are in
scenario time; `bot.deadlines.plan` turns them into real instants with the drill's speed, and
`bot.reminders` logs each one as a mention when it falls due.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

LANGUAGES = ("en", "es", "zh")
MAX_TEXT = 1000
DRILL_HOST = "https://drill.example"
_OFFSET = re.compile(r"^\+(\d{1,3})(h|m)$")
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ScriptError(ValueError):
    """The drill script cannot be read or does not validate."""


def parse_offset(text: str) -> timedelta:
    """`+3h` or `+90m` as a timedelta; ValueError for anything else."""
    match = _OFFSET.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an offset like +0h, +90m or +20h")
    amount = int(match.group(1))
    return timedelta(hours=amount) if match.group(2) == "h" else timedelta(minutes=amount)


def _texts(value: dict[str, str]) -> dict[str, str]:
    missing = [language for language in LANGUAGES if not (value.get(language) or "").strip()]
    if missing:
        raise ValueError(f"text is missing in {', '.join(missing)}")
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise ValueError(f"unknown language(s) {sorted(unknown)}")
    too_long = [language for language, text in value.items() if len(text) > MAX_TEXT]
    if too_long:
        raise ValueError(f"text longer than {MAX_TEXT} characters in {', '.join(too_long)}")
    return {language: text.strip() for language, text in value.items()}


class _Fields(BaseModel):
    """The fields an entry has and a case may override."""

    model_config = ConfigDict(extra="forbid")

    at: str | None = None
    platform: str | None = Field(default=None, min_length=1, max_length=32)
    author: str | None = Field(default=None, min_length=1, max_length=100)
    followers: int | None = Field(default=None, ge=0)
    reach: int | None = Field(default=None, ge=0)
    text: dict[str, str] | None = None
    expect: str | None = None

    @field_validator("at")
    @classmethod
    def _offset(cls, value: str | None) -> str | None:
        if value is not None:
            parse_offset(value)
        return value

    @field_validator("text")
    @classmethod
    def _languages(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return _texts(value) if value is not None else None


class _Entry(_Fields):
    key: str
    repeats: str | None = None

    @field_validator("key")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError(f"{value!r} is not a slug (lower-case letters, digits, single hyphens)")
        return value

    @model_validator(mode="after")
    def _complete(self) -> _Entry:
        if self.at is None:
            raise ValueError("`at` is required")
        if self.repeats is None and (self.platform is None or self.text is None):
            raise ValueError("an entry needs `platform` and `text` (or `repeats`)")
        if self.repeats is not None and (self.platform or self.author or self.text):
            raise ValueError("an entry that `repeats` another takes its platform, author and text")
        return self


class _ScriptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wave: list[_Entry] = Field(min_length=1)
    cases: dict[str, dict[str, _Fields]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references(self) -> _ScriptFile:
        seen: set[str] = set()
        for entry in self.wave:
            if entry.key in seen:
                raise ValueError(f"entry key {entry.key!r} is used twice")
            if entry.repeats is not None and entry.repeats not in seen:
                raise ValueError(
                    f"entry {entry.key!r} repeats {entry.repeats!r}, which does not come before it"
                )
            seen.add(entry.key)
        for case, overrides in self.cases.items():
            for key in overrides:
                if key not in seen:
                    raise ValueError(f"case {case!r} overrides unknown entry {key!r}")
        return self


@dataclass(frozen=True)
class ScriptedMention:
    """One post of a drill, as the case's wave has it."""

    key: str
    offset: timedelta
    platform: str
    author: str | None
    followers: int | None
    reach: int | None
    texts: dict[str, str]
    expect: str | None

    @property
    def url(self) -> str:
        """The post's (made-up) address: unique in the wave, never a real person's post."""
        return f"{DRILL_HOST}/{self.platform}/{self.key}"

    def text(self, language: str) -> str:
        """The post in `language` (English when the language is not scripted)."""
        return self.texts.get(language) or self.texts["en"]


@dataclass(frozen=True)
class DrillScript:
    """The validated script: the shared wave and the per-case overrides."""

    data: _ScriptFile

    def wave(self, case: str) -> list[ScriptedMention]:
        """The scripted mentions of `case`, in the order they are posted."""
        overrides = self.data.cases.get(case, {})
        built: dict[str, ScriptedMention] = {}
        for entry in self.data.wave:
            merged: dict[str, Any] = entry.model_dump(exclude_none=True)
            if entry.key in overrides:
                merged.update(overrides[entry.key].model_dump(exclude_none=True))
            if entry.repeats is not None:
                original = built[entry.repeats]
                merged.update(
                    platform=original.platform,
                    author=original.author,
                    followers=original.followers,
                    text=original.texts,
                )
            built[entry.key] = ScriptedMention(
                key=entry.key,
                offset=parse_offset(merged["at"]),
                platform=merged["platform"],
                author=merged.get("author"),
                followers=merged.get("followers"),
                reach=merged.get("reach"),
                texts=dict(merged["text"]),
                expect=merged.get("expect"),
            )
        return sorted(built.values(), key=lambda item: item.offset)


def parse_script(text: str, source: str = "<string>") -> DrillScript:
    """Validate a drill script from YAML text; ScriptError says what is wrong and where."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScriptError(f"the drill script {source} is not valid YAML: {error}") from error
    try:
        return DrillScript(_ScriptFile.model_validate(raw))
    except ValidationError as error:
        lines = [f"invalid drill script {source}:"]
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
            lines.append(f"  {where}: {problem['msg']}")
        raise ScriptError("\n".join(lines)) from error


@functools.cache
def default_script() -> DrillScript:
    """The shipped script (validated once)."""
    text = resources.files("bot.drills").joinpath("drill_script.yaml").read_text(encoding="utf-8")
    return parse_script(text, "bot/drills/drill_script.yaml")


def wave(case: str) -> list[ScriptedMention]:
    """The shipped scripted mentions of `case`, in posting order."""
    return default_script().wave(case)
