"""`crisisbot lint|triage|compare`: the text judgements in bulk, JSON Lines in and out.

Each command reads one JSON object per line on stdin and writes one JSON object per line on
stdout, in input order (a blank input line gives a blank output line, so line numbers keep
matching). A line that is not a JSON object, or lacks a required field, gets
``{"error": "..."}`` on its line; the run goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

LANGUAGES = ("en", "es", "zh")


class LineError(ValueError):
    """A line of input that cannot be judged; its message goes on the output line."""


def _text_field(record: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = record.get(name)
    if value is None:
        if required:
            raise LineError(f"missing field {name!r}")
        return None
    if not isinstance(value, str):
        raise LineError(f"field {name!r} must be a string")
    return value


def _language(record: dict[str, Any]) -> str | None:
    language = _text_field(record, "language", required=False)
    if language is None:
        return None
    language = language.strip().lower()[:2]
    if language not in LANGUAGES:
        raise LineError(f"language must be one of {', '.join(LANGUAGES)}")
    return language


def _records(lines: Iterable[str]) -> Iterator[dict[str, Any] | LineError | None]:
    for line in lines:
        if not line.strip():
            yield None
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield LineError(f"not valid JSON: {error.msg} (column {error.colno})")
            continue
        if not isinstance(record, dict):
            yield LineError("each line must be a JSON object")
            continue
        yield record


def _run(lines: Iterable[str], out: TextIO, judge: Callable[[int, dict[str, Any]], dict[str, Any]]) -> int:
    """Judge each line; returns the number of lines that got an error."""
    errors = 0
    for number, record in enumerate(_records(lines)):
        if record is None:
            out.write("\n")
            continue
        try:
            if isinstance(record, LineError):
                raise record
            result = judge(number, record)
        except LineError as error:
            result = {"error": str(error)}
            errors += 1
        except Exception as error:
            result = {"error": f"{error.__class__.__name__}: {error}"}
            errors += 1
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return errors


def lint_lines(lines: Iterable[str], out: TextIO) -> int:
    """`crisisbot lint`: {"text", "language"?, "case"?} → {"findings": [{"rule", "quote", "explanation"}]}."""
    from bot.statements.lint import lint_statement

    def judge(_: int, record: dict[str, Any]) -> dict[str, Any]:
        text = _text_field(record, "text") or ""
        case = _text_field(record, "case", required=False)
        findings = lint_statement(text, _language(record) or "en", case=case)
        return {"findings": [{"rule": f.rule, "quote": f.quote, "explanation": f.message} for f in findings]}

    return _run(lines, out, judge)


def rivals_from(option: str | None) -> list[str]:
    """Rival names from ``--rivals "A,B"``, else from ``CRISIS_COMPETITORS``."""
    raw = option if option is not None else os.environ.get("CRISIS_COMPETITORS", "")
    return [name.strip() for name in raw.split(",") if name.strip()]


def employees_from(option: str | None) -> list[str]:
    """The company's own handles from ``--employees "a,b"``, else from ``CRISIS_EMPLOYEE_HANDLES``."""
    raw = option if option is not None else os.environ.get("CRISIS_EMPLOYEE_HANDLES", "")
    return [name.strip().lstrip("@") for name in raw.split(",") if name.strip()]


def triage_lines(
    lines: Iterable[str], out: TextIO, rivals: list[str], employees: list[str] | None = None
) -> int:
    """`crisisbot triage`: each post judged against the earlier posts of the same run."""
    from bot.mentions.triage import PriorMention, classify_mention

    earlier: list[PriorMention] = []

    def judge(number: int, record: dict[str, Any]) -> dict[str, Any]:
        text = _text_field(record, "text") or ""
        author = _text_field(record, "author", required=False)
        platform = _text_field(record, "platform", required=False)
        _text_field(record, "url", required=False)
        _text_field(record, "posted_at", required=False)
        _language(record)
        result = classify_mention(
            text,
            author=author,
            platform=platform,
            previous=earlier,
            competitor_names=rivals,
            employee_handles=employees or (),
        )
        earlier.append(PriorMention(id=number, text=text, author=author, duplicate_of=result.duplicate_of))
        answer: dict[str, Any] = {"class": result.mention_class.value}
        if result.duplicate_of is not None:
            answer["duplicate_of"] = result.duplicate_of
        answer["source_kind"] = result.source_kind.value
        answer["suggested_action"] = result.suggested_action
        answer["reasons"] = result.reasons
        return answer

    return _run(lines, out, judge)


def compare_lines(lines: Iterable[str], out: TextIO) -> int:
    """`crisisbot compare`: {"approved", "spoken", "language"?} → {"material", "differences"}."""
    from bot.statements.compare import compare_to_approved

    def judge(_: int, record: dict[str, Any]) -> dict[str, Any]:
        approved = _text_field(record, "approved") or ""
        spoken = _text_field(record, "spoken") or ""
        comparison = compare_to_approved(approved, spoken, _language(record))
        return {
            "material": comparison.material,
            "differences": [
                {"kind": d.kind, "approved": d.approved, "spoken": d.spoken} for d in comparison.differences
            ],
        }

    return _run(lines, out, judge)
