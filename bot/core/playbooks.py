"""Crisis playbooks: the schema, the loader and the checker.

A playbook is one YAML file per crisis case (``playbooks/<case>.yaml``) holding every language.
The shipped playbooks live in the ``playbooks`` package; a team can add cases or override shipped
ones with its own files in another directory (``PLAYBOOKS_DIR``, passed in as ``extra_dir``).

Everything is validated before the app uses it. Errors carry the file, the 1-based line (taken from
the YAML node marks, never guessed) and the dotted field path, so that ``crisisbot playbooks check``
and the start-up message can point at the exact spot. One broken file stops the whole load: the app
refuses to start rather than post half a checklist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "DEADLINE_BEFORE",
    "DEADLINE_DAILY",
    "GUIDANCE_MAX",
    "LANGUAGES",
    "OPTIONAL_LANGUAGES",
    "OWNERS",
    "PHASES",
    "STEP_TEXT_MAX",
    "Playbook",
    "PlaybookError",
    "PlaybookErrors",
    "PlaybookLibrary",
    "Step",
    "UnknownCase",
    "UnknownStep",
    "check_playbooks",
    "load_playbooks",
]

#: Languages every title, summary, step text and guidance must have (the seeds' languages).
LANGUAGES: tuple[str, ...] = ("en", "es", "zh")
#: Languages that are accepted but not required (Frisian, the language of seed 002).
OPTIONAL_LANGUAGES: tuple[str, ...] = ("fy",)
#: Phases in the order a crisis is worked.
PHASES: tuple[str, ...] = ("assess", "respond", "publish", "engage", "follow-up")
#: Owner roles a step can be assigned to.
OWNERS: tuple[str, ...] = ("responsible", "spokesperson", "moderator", "anyone")

#: ``deadline: daily`` - a recurring duty, due every day while the crisis is open.
DEADLINE_DAILY = "daily"
#: ``deadline: before`` - due before the announced start of a planned disruption (seed 004).
DEADLINE_BEFORE = "before"

STEP_TEXT_MAX = 280
GUIDANCE_MAX = 1500
TITLE_MAX = 75
SUMMARY_MAX = 500

_SLUG = re.compile(r"^[a-z0-9_]+$")
_RELATIVE_DEADLINE = re.compile(r"^([1-9][0-9]{0,3})([hd])$")
_ALL_LANGUAGES = LANGUAGES + OPTIONAL_LANGUAGES
_SHIPPED_PREFIX = "playbooks"
_SUFFIXES = (".yaml", ".yml")
_TEXT_FIELDS = ("title", "summary", "text", "guidance")


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class PlaybookError(Exception):
    """One problem in one playbook file, located by file, line and field.

    ``str()`` is a single line, e.g.
    ``playbooks/data_leak.yaml:42: steps[3].phase: unknown phase 'respnd' (expected one of ...)``.
    """

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"PlaybookError({self.file!r}, {self.line!r}, {self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlaybookError):
            return NotImplemented
        return (self.file, self.line, self.field, self.message) == (
            other.file,
            other.line,
            other.field,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.field, self.message))


class PlaybookErrors(Exception):
    """Every error found while loading playbooks; ``str()`` lists them one per line."""

    def __init__(self, errors: list[PlaybookError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class UnknownCase(KeyError):
    """Raised by :meth:`PlaybookLibrary.get` for a case key that has no playbook."""

    def __init__(self, case: str, known: list[str]) -> None:
        self.case = case
        self.known = known
        super().__init__(case)

    def __str__(self) -> str:
        return f"no playbook for case {self.case!r} (known cases: {', '.join(self.known) or 'none'})"


class UnknownStep(KeyError):
    """Raised by :meth:`Playbook.step` for a step key the playbook does not have."""

    def __init__(self, case: str, key: str) -> None:
        self.case = case
        self.key = key
        super().__init__(key)

    def __str__(self) -> str:
        return f"playbook {self.case!r} has no step {self.key!r}"


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


def _pick_language(texts: dict[str, str], lang: str | None) -> str | None:
    """Return the text for ``lang``; accepts Slack locales like ``es-ES``; falls back to English."""
    if lang:
        code = lang.lower()
        if code in texts:
            return texts[code]
        base = re.split(r"[-_]", code, maxsplit=1)[0]
        if base in texts:
            return texts[base]
    return texts.get("en")


def _check_texts(value: dict[str, str], max_len: int) -> dict[str, str]:
    """Validate a language -> text mapping: required languages present, none unknown, none empty."""
    unknown = [lang for lang in value if lang not in _ALL_LANGUAGES]
    if unknown:
        raise PydanticCustomError(
            "unknown_language",
            "unknown language {shown} (supported: {supported})",
            {"shown": repr(unknown[0]), "supported": ", ".join(_ALL_LANGUAGES)},
        )
    missing = [lang for lang in LANGUAGES if lang not in value]
    if missing:
        raise PydanticCustomError(
            "missing_language",
            "missing language {missing} (required: {required})",
            {"missing": ", ".join(repr(m) for m in missing), "required": ", ".join(LANGUAGES)},
        )
    for lang, text in value.items():
        if not text.strip():
            raise PydanticCustomError("empty_text", "text must not be empty", {"lang": lang})
        if len(text.strip()) > max_len:
            raise PydanticCustomError(
                "text_too_long",
                "too long: {length} characters (max {max})",
                {"lang": lang, "length": len(text.strip()), "max": max_len},
            )
    return {lang: text.strip() for lang, text in value.items()}


class Step(BaseModel):
    """One checklist step of a playbook."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    key: str
    phase: Literal["assess", "respond", "publish", "engage", "follow-up"]
    deadline: str | None = None
    owner: Literal["responsible", "spokesperson", "moderator", "anyone"]
    text: dict[str, str]
    guidance: dict[str, str] | None = None
    source: list[str] = Field(default_factory=list)

    @field_validator("key")
    @classmethod
    def _key_is_slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise PydanticCustomError(
                "bad_key", "bad step key {key} (use lowercase letters, digits and _)", {"key": repr(value)}
            )
        return value

    @field_validator("deadline", mode="before")
    @classmethod
    def _deadline_form(cls, value: Any) -> Any:
        if value is None:
            return None
        ok = isinstance(value, str) and (
            value in (DEADLINE_DAILY, DEADLINE_BEFORE) or _RELATIVE_DEADLINE.match(value)
        )
        if not ok:
            raise PydanticCustomError(
                "bad_deadline",
                "bad deadline {value} (expected Nh or Nd with N from 1 to 9999, 'daily' or 'before'; "
                "e.g. 12h, 48h, 7d)",
                {"value": repr(value)},
            )
        return value

    @field_validator("text")
    @classmethod
    def _text_languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_texts(value, STEP_TEXT_MAX)

    @field_validator("guidance")
    @classmethod
    def _guidance_languages(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _check_texts(value, GUIDANCE_MAX)

    @field_validator("source")
    @classmethod
    def _source_entries(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not entry.strip():
                raise PydanticCustomError("empty_source", "source entries must not be empty", {})
        return value

    @property
    def deadline_delta(self) -> timedelta | None:
        """The deadline as an offset from the first negative post (``Nh``/``Nd``), else ``None``."""
        if self.deadline is None:
            return None
        match = _RELATIVE_DEADLINE.match(self.deadline)
        if not match:
            return None
        amount, unit = int(match.group(1)), match.group(2)
        return timedelta(hours=amount) if unit == "h" else timedelta(days=amount)

    @property
    def is_daily(self) -> bool:
        """True for a recurring step due every day while the crisis is open (``deadline: daily``)."""
        return self.deadline == DEADLINE_DAILY

    @property
    def is_before(self) -> bool:
        """True for a step due before the announced start of a planned disruption (``deadline: before``)."""
        return self.deadline == DEADLINE_BEFORE

    def text_for(self, lang: str | None) -> str:
        """The checklist line in ``lang`` (``es``, ``zh-CN`` ...), falling back to English."""
        return _pick_language(self.text, lang) or ""

    def guidance_for(self, lang: str | None) -> str | None:
        """The guidance in ``lang`` falling back to English, or ``None`` if the step has none."""
        if self.guidance is None:
            return None
        return _pick_language(self.guidance, lang)


class Playbook(BaseModel):
    """A crisis case: its titles, summary and ordered checklist steps."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    case: str
    number: int = Field(ge=1)
    title: dict[str, str]
    summary: dict[str, str]
    steps: list[Step] = Field(min_length=1)

    @field_validator("case")
    @classmethod
    def _case_is_slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise PydanticCustomError(
                "bad_case", "bad case key {case} (use lowercase letters, digits and _)", {"case": repr(value)}
            )
        return value

    @field_validator("title")
    @classmethod
    def _title_languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_texts(value, TITLE_MAX)

    @field_validator("summary")
    @classmethod
    def _summary_languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_texts(value, SUMMARY_MAX)

    @field_validator("steps")
    @classmethod
    def _unique_step_keys(cls, value: list[Step]) -> list[Step]:
        seen: dict[str, int] = {}
        for index, step in enumerate(value):
            if step.key in seen:
                raise PydanticCustomError(
                    "duplicate_step_key",
                    "duplicate step key {key} (first used by steps[{first}])",
                    {"key": repr(step.key), "first": seen[step.key], "index": index},
                )
            seen[step.key] = index
        return value

    def title_for(self, lang: str | None) -> str:
        """The title in ``lang``, falling back to English."""
        return _pick_language(self.title, lang) or self.case

    def summary_for(self, lang: str | None) -> str:
        """The summary in ``lang``, falling back to English."""
        return _pick_language(self.summary, lang) or ""

    def step(self, key: str) -> Step:
        """The step with ``key``; raises :class:`UnknownStep` (a ``KeyError``) if there is none."""
        for step in self.steps:
            if step.key == key:
                return step
        raise UnknownStep(self.case, key)

    def step_keys(self) -> list[str]:
        """The step keys in checklist order."""
        return [step.key for step in self.steps]


# --------------------------------------------------------------------------------------------
# Library
# --------------------------------------------------------------------------------------------


class PlaybookLibrary:
    """The validated playbooks, by case key."""

    def __init__(self, playbooks: dict[str, Playbook], origins: dict[str, str] | None = None) -> None:
        self._playbooks = dict(playbooks)
        self._origins = dict(origins or {})

    def get(self, case: str) -> Playbook:
        """The playbook for ``case``; raises :class:`UnknownCase` (a ``KeyError``) if unknown."""
        try:
            return self._playbooks[case]
        except KeyError:
            raise UnknownCase(case, [p.case for p in self.cases()]) from None

    def cases(self) -> list[Playbook]:
        """All playbooks, ordered by ``number`` then ``case`` (the order of pickers)."""
        return sorted(self._playbooks.values(), key=lambda p: (p.number, p.case))

    def origin(self, case: str) -> str:
        """The file a case was loaded from, e.g. ``playbooks/data_leak.yaml`` or a team file."""
        self.get(case)
        return self._origins.get(case, "")

    def __contains__(self, case: object) -> bool:
        return case in self._playbooks

    def case_title(self, case: str, language: str) -> str:
        """The case's title in `language`; the bare key for a case no playbook describes any more."""
        return self._playbooks[case].title_for(language) if case in self._playbooks else case

    def __len__(self) -> int:
        return len(self._playbooks)

    def __iter__(self) -> Iterator[Playbook]:
        return iter(self.cases())


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

_Path = tuple[str | int, ...]


@dataclass
class _Source:
    """One playbook file to load: its display name, file stem and text (or a read error)."""

    display: str
    stem: str
    text: str | None
    read_error: str | None = None


def _format_path(path: _Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _LineMap:
    """Field path -> 1-based line, built from PyYAML's composed node tree; also finds duplicate keys."""

    def __init__(self, root: yaml.Node) -> None:
        self.lines: dict[_Path, int] = {(): root.start_mark.line + 1}
        self.duplicates: list[tuple[_Path, int, int]] = []
        self._seen: set[int] = set()
        self._walk(root, ())

    def _walk(self, node: yaml.Node, path: _Path) -> None:
        # An alias reuses a node: walk each node once (guards against recursive and "billion laughs"
        # aliases); paths under the second use fall back to the alias's own line.
        if id(node) in self._seen:
            return
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.duplicates.append(((*path, key), line, seen[key]))
                else:
                    seen[key] = line
                self.lines[(*path, key)] = line
                self._walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                self._walk(item, (*path, index))

    def line_for(self, path: _Path) -> int:
        """The line of ``path``, or of its nearest existing parent (e.g. for a missing field)."""
        while path not in self.lines:
            path = path[:-1]
        return self.lines[path]


def _yaml_error_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _yaml_error_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [p for p in (exc.context, exc.problem) if p]
        return "invalid YAML: " + ", ".join(parts)
    return f"invalid YAML: {exc}"


def _type_name(value: Any) -> str:
    return {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _allowed_fields(path: _Path) -> list[str]:
    if len(path) == 1:
        return list(Playbook.model_fields)
    if len(path) == 3 and path[0] == "steps":
        return list(Step.model_fields)
    return []


def _translate(err: Any) -> tuple[_Path, str]:
    """Turn one pydantic error into (field path, human message)."""
    loc: _Path = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    name = loc[-1] if loc else ""
    if kind == "missing":
        return loc, "missing required field"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc)
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return loc, f"unknown field {name!r}{hint}"
    if kind == "literal_error":
        return loc, f"unknown {name} {value!r} (expected one of {ctx.get('expected', '')})"
    if kind in ("dict_type", "model_type"):
        if name in _TEXT_FIELDS:
            return loc, (
                f"must be a mapping of language to text ({', '.join(LANGUAGES)}), got {_type_name(value)}"
            )
        return loc, f"must be a mapping, got {_type_name(value)}"
    if kind == "list_type":
        return loc, f"must be a list, got {_type_name(value)}"
    if kind == "string_type":
        return loc, f"must be a string, got {_type_name(value)}"
    if kind == "int_type":
        return loc, f"must be a whole number, got {_type_name(value)}"
    if kind == "too_short" and loc == ("steps",):
        return loc, "must have at least one step"
    if kind == "greater_than_equal":
        return loc, f"must be at least {ctx.get('ge')}"
    if kind == "duplicate_step_key":
        return ("steps", ctx["index"], "key"), err["msg"]
    if kind in ("empty_text", "text_too_long") and "lang" in ctx:
        return (*loc, ctx["lang"]), err["msg"]
    return loc, err["msg"]


def _validate_source(source: _Source) -> tuple[Playbook | None, list[PlaybookError]]:
    """Parse and validate one file; return the playbook (if valid) and every error found."""

    def error(line: int | None, field: str | None, message: str) -> PlaybookError:
        return PlaybookError(source.display, line, field, message)

    if source.text is None:
        return None, [error(None, None, source.read_error or "cannot read file")]

    loader = yaml.SafeLoader(source.text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        return None, [error(_yaml_error_line(exc), None, _yaml_error_message(exc))]
    finally:
        loader.dispose()

    if root is None:
        return None, [error(None, None, "file is empty")]
    if not isinstance(data, dict):
        return None, [error(root.start_mark.line + 1, None, f"must be a mapping, got {_type_name(data)}")]

    lines = _LineMap(root)
    errors: list[PlaybookError] = []

    for path, line, first_line in lines.duplicates:
        errors.append(
            error(
                line,
                _format_path(path),
                f"duplicate key (also on line {first_line}; YAML keeps only the last)",
            )
        )

    # Checks on the raw data, so they are reported even when other fields fail validation.
    raw_duplicate_keys = False
    steps = data.get("steps")
    if isinstance(steps, list):
        first_index: dict[str, int] = {}
        for index, step in enumerate(steps):
            key = step.get("key") if isinstance(step, dict) else None
            if not isinstance(key, str):
                continue
            if key in first_index:
                raw_duplicate_keys = True
                key_path: _Path = ("steps", index, "key")
                errors.append(
                    error(
                        lines.line_for(key_path),
                        _format_path(key_path),
                        f"duplicate step key {key!r} (first used by steps[{first_index[key]}])",
                    )
                )
            else:
                first_index[key] = index

    case = data.get("case")
    if isinstance(case, str) and case != source.stem:
        errors.append(
            error(
                lines.line_for(("case",)),
                "case",
                f"case {case!r} does not match the file name (expected {source.stem!r})",
            )
        )

    playbook: Playbook | None = None
    try:
        playbook = Playbook.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            if err["type"] == "duplicate_step_key" and raw_duplicate_keys:
                continue
            path, message = _translate(err)
            errors.append(error(lines.line_for(path), _format_path(path) or None, message))

    errors.sort(key=lambda e: (e.line or 0, e.field or ""))
    return (None if errors else playbook), errors


def _shipped_sources() -> list[_Source]:
    """The YAML files in the ``playbooks`` package."""
    root = resources.files("playbooks")
    sources = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith(_SUFFIXES) and not entry.name.startswith("."):
            stem = entry.name.rsplit(".", 1)[0]
            sources.append(
                _Source(f"{_SHIPPED_PREFIX}/{entry.name}", stem, entry.read_text(encoding="utf-8"))
            )
    return sources


def _dir_sources(directory: Path) -> tuple[list[_Source], list[PlaybookError]]:
    """The YAML files in a team's directory (not recursive)."""
    if not directory.is_dir():
        return [], [PlaybookError(str(directory), None, None, "playbook directory not found")]
    sources = []
    for path in sorted(directory.iterdir()):
        if not (path.is_file() and path.suffix in _SUFFIXES and not path.name.startswith(".")):
            continue
        try:
            sources.append(_Source(str(path), path.stem, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            sources.append(_Source(str(path), path.stem, None, f"cannot read file: {exc}"))
    return sources, []


def _stem_clashes(sources: list[_Source]) -> list[PlaybookError]:
    seen: dict[str, str] = {}
    errors = []
    for source in sources:
        if source.stem in seen:
            errors.append(
                PlaybookError(
                    source.display, None, None, f"case {source.stem!r} is also defined by {seen[source.stem]}"
                )
            )
        else:
            seen[source.stem] = source.display
    return errors


def _load(extra_dir: Path | None) -> tuple[PlaybookLibrary, list[PlaybookError]]:
    playbooks: dict[str, Playbook] = {}
    origins: dict[str, str] = {}
    errors: list[PlaybookError] = []

    layers = [_shipped_sources()]
    if extra_dir is not None:
        team_sources, dir_errors = _dir_sources(Path(extra_dir))
        errors.extend(dir_errors)
        layers.append(team_sources)

    for sources in layers:
        errors.extend(_stem_clashes(sources))
        for source in sources:
            playbook, file_errors = _validate_source(source)
            errors.extend(file_errors)
            if playbook is not None:
                playbooks[playbook.case] = playbook  # a later layer overrides by case key
                origins[playbook.case] = source.display
    return PlaybookLibrary(playbooks, origins), errors


def load_playbooks(extra_dir: Path | None = None) -> PlaybookLibrary:
    """Load and validate the shipped playbooks, then add or override cases from ``extra_dir``.

    ``extra_dir`` is the team's own directory (the ``PLAYBOOKS_DIR`` setting): each ``<case>.yaml``
    in it adds a case or replaces the shipped playbook with the same case key as a whole.
    Raises :class:`PlaybookErrors` listing every error in every file if anything is broken.
    """
    library, errors = _load(extra_dir)
    if errors:
        raise PlaybookErrors(errors)
    return library


def check_playbooks(directory: Path | None = None) -> list[PlaybookError]:
    """Validate the shipped playbooks plus those in ``directory``; return every error (empty if fine).

    Backs ``crisisbot playbooks check [DIR]``.
    """
    _, errors = _load(directory)
    return errors
