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
    """The new text as runs of same / added / removed words, in reading order.

    Changed words separated only by spaces form one run ("~~will refund~~ ++have refunded++"),
    not a patchwork of single words."""
    before, after = tokens(old), tokens(new)
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    parts: list[DiffPart] = []
    removed, added = "", ""

    def emit(change: str, text: str) -> None:
        if not text:
            return
        if parts and parts[-1].change == change:
            parts[-1] = DiffPart(change, parts[-1].text + text)
        else:
            parts.append(DiffPart(change, text))

    def flush() -> None:
        nonlocal removed, added
        emit("removed", removed)
        emit("added", added)
        removed, added = "", ""

    for index, (operation, a_start, a_end, b_start, b_end) in enumerate(opcodes):
        if operation == "equal":
            same = "".join(after[b_start:b_end])
            bridges = (removed or added) and not same.strip() and index + 1 < len(opcodes)
            if bridges:
                # Kept on both sides, so each version still reads back whole.
                removed += same
                added += same
                continue
            flush()
            emit("same", same)
            continue
        removed += "".join(before[a_start:a_end])
        added += "".join(after[b_start:b_end])
    flush()
    return parts
