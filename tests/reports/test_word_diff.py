"""The word diff between two versions of the public message."""

from __future__ import annotations

import random

from bot.reports.word_diff import DiffPart, tokens, word_diff


def test_changed_words_are_marked_and_the_rest_kept() -> None:
    parts = word_diff("We are sorry. Refunds take 3 days.", "We are truly sorry. Refunds take 2 days.")
    assert parts == [
        DiffPart("same", "We are"),
        DiffPart("added", " truly"),
        DiffPart("same", " sorry. Refunds take "),
        DiffPart("removed", "3"),
        DiffPart("added", "2"),
        DiffPart("same", " days."),
    ]
    new = "".join(part.text for part in parts if part.change != "removed")
    assert new == "We are truly sorry. Refunds take 2 days."


def test_chinese_is_compared_character_by_character() -> None:
    assert word_diff("我们很抱歉。", "我们非常抱歉。") == [
        DiffPart("same", "我们"),
        DiffPart("removed", "很"),
        DiffPart("added", "非常"),
        DiffPart("same", "抱歉。"),
    ]


def test_identical_texts_have_no_change_and_tokens_join_back() -> None:
    text = "Lo sentimos: ¡reembolsamos todo\nen 3 días!"
    assert "".join(tokens(text)) == text
    assert all(part.change == "same" for part in word_diff(text, text))


def test_changes_next_to_each_other_form_one_run() -> None:
    parts = word_diff(
        "We will refund within 5 days. Next update", "We have refunded every charge. Next update"
    )
    assert parts == [
        DiffPart("same", "We "),
        DiffPart("removed", "will refund within 5 days"),
        DiffPart("added", "have refunded every charge"),
        DiffPart("same", ". Next update"),
    ]


def test_both_versions_read_back_whole_from_the_diff() -> None:
    rng = random.Random(7)
    words = ["we", "are", "sorry", "refund", "5", "days", "。", "退款", ",", "today"]
    for _ in range(300):
        old = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        new = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        parts = word_diff(old, new)
        assert "".join(p.text for p in parts if p.change != "added") == old
        assert "".join(p.text for p in parts if p.change != "removed") == new
