"""What changed between two versions of the public message, word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# A word, one CJK character (Chinese has no spaces between words), a run of spaces, or a sign.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class DiffPart:
    """A run of text that is the same in both versions (`same`), only in the new one (`added`) or
    only in the old one (`removed`)."""

    change: str
    text: str


def tokens(text: str) -> list[str]:
    """Split text into words, CJK characters, whitespace and punctuation (joined they give it back)."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The new text as runs of same / added / removed words, in reading order."""
    before, after = tokens(old), tokens(new)
    parts: list[DiffPart] = []

    def add(change: str, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if parts and parts[-1].change == change:
            parts[-1] = DiffPart(change, parts[-1].text + text)
        else:
            parts.append(DiffPart(change, text))

    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            add("same", after[b_start:b_end])
            continue
        if operation in ("delete", "replace"):
            add("removed", before[a_start:a_end])
        if operation in ("insert", "replace"):
            add("added", after[b_start:b_end])
    return parts
