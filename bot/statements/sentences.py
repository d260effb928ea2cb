"""Sentence splitting shared by the statement linter and the approved-message comparison.

Handles Latin punctuation (with Spanish ``¿``/``¡`` openers kept inside the sentence), Chinese
full-width sentence ends and line breaks (drafts often come as bullet lists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "approx", "sr", "sra", "dña"}
)
#: Abbreviations of "number", which are also words ("no" in English and Spanish): a dot after them
#: ends the sentence unless a number follows.
_NUMBER_SIGNS = frozenset({"no", "nr"})
_LATIN_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_CJK_END = re.compile(r"[。！？；!?]+[”’」』）)]*")
_LINE_BREAK = re.compile(r"\n+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text, with its character offsets in that text."""

    text: str
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    head = text[max(0, dot - 20) : dot]
    match = re.search(r"([\w.]+)$", head)
    if not match:
        return False
    word = match.group(1).lower()
    if word in _NUMBER_SIGNS:
        # "No. 5" abbreviates "number"; "…hayan reclamado o no. Y a quienes…" ends a sentence
        return bool(re.match(r"\s*(?:\d|#)", text[dot + 1 : dot + 4]))
    if word in _ABBREVIATIONS:
        return True
    # a.m. / p.m. and single initials ("J. Smith") do not end a sentence
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)) and not word.isdigit()


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; surrounding whitespace is not part of a sentence.

    ``language`` is accepted for callers that know it; the rules above cover en, es and zh alike.
    """
    cuts: set[int] = set()
    for match in _LATIN_END.finditer(text):
        if not _is_abbreviation(text, match.start()):
            cuts.add(match.end())
    for match in _CJK_END.finditer(text):
        cuts.add(match.end())
    for match in _LINE_BREAK.finditer(text):
        cuts.add(match.start())
    sentences: list[Sentence] = []
    begin = 0
    for cut in [*sorted(cuts), len(text)]:
        if cut <= begin:
            continue
        chunk = text[begin:cut]
        stripped = chunk.strip()
        if stripped:
            offset = begin + (len(chunk) - len(chunk.lstrip()))
            sentences.append(Sentence(stripped, offset, offset + len(stripped)))
        begin = cut
    return sentences
