"""Regression floors for the mention triage on the held-out halves of the independent post corpus
(the frozen, check4, check5 and check6 halves of tests/corpus/posts.*.jsonl + posts.meta.json, written
outside the team by docs/LABELS.md; never used to choose rules), and on the sets used to choose them."""

from __future__ import annotations

import pytest

from tests.support.text_benchmark import load

bench = load()

# measured on the frozen half: macro F1 0.938 with the rivals configured (0.906 without) in the
# seventh round, disguised obscenity recall 0.91; 0.913 / 0.878 and 0.87 in the sixth (first round
# 0.790 / 0.761, second round 0.834 / 0.803, third and fourth rounds 0.868 / 0.836, fifth 0.906 /
# 0.871, obscenity 0.83); 38 of 38 repeats flagged as duplicates of the first post. Eighth round: 0.947
# (0.914 without), 0.91, 38 of 38
MACRO_F1_FLOOR = 0.90
MACRO_F1_NO_RIVALS_FLOOR = 0.86
DISGUISED_RECALL_FLOOR = 0.80

# measured on the check4 half (held out like the frozen half, written blind in the fifth round):
# macro F1 0.891 with the rivals configured (0.861 without; 0.832 / 0.803 before the fifth round);
# disguised obscenity recall 0.89 (n=9); 12 of 13 repeats flagged (10 before). Sixth round: 0.917
# (0.887 without), disguised obscenity 1.00, 12 of 13. Seventh round: 0.933 (0.904 without), 1.00, 12 of 13.
# Eighth round: 0.942 (0.913 without), 1.00, 13 of 13.
CHECK4_MACRO_F1_FLOOR = 0.88
CHECK4_MACRO_F1_NO_RIVALS_FLOOR = 0.85
CHECK4_DISGUISED_RECALL_FLOOR = 0.85
CHECK4_REPEATS_FLAGGED_FLOOR = 13


@pytest.fixture(scope="module")
def frozen() -> list[dict]:
    return bench.corpus("posts", "frozen")


@pytest.fixture(scope="module")
def scored(frozen: list[dict]):  # type: ignore[no-untyped-def]
    return bench.score_triage(frozen, bench.posts_meta(), with_rivals=True)


def test_frozen_half_shape(frozen: list[dict]) -> None:
    assert len(frozen) >= 200
    assert {r["class"] for r in frozen} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in frozen} == {"en", "es", "zh"}


def test_macro_f1_floor_with_rivals(scored) -> None:  # type: ignore[no-untyped-def]
    assert scored.macro_f1 >= MACRO_F1_FLOOR


def test_macro_f1_floor_without_rivals(frozen: list[dict]) -> None:
    assert (
        bench.score_triage(frozen, bench.posts_meta(), with_rivals=False).macro_f1 >= MACRO_F1_NO_RIVALS_FLOOR
    )


def test_disguised_obscenity_recall_floor(scored) -> None:  # type: ignore[no-untyped-def]
    assert scored.disguised.support >= 10
    assert scored.disguised.recall >= DISGUISED_RECALL_FLOOR


def test_every_repeat_flagged_with_the_first_post_kept(scored) -> None:  # type: ignore[no-untyped-def]
    assert scored.repeats >= 30
    assert scored.repeats_right == scored.repeats


# check5: the other half of the set extra5 came from (written blind by the shared guide in the sixth
# round), held out. Measured: macro F1 0.862 with the rivals configured (0.831 without), disguised
# obscenity recall 0.69 (n=13), 18 of 18 repeats before the sixth round; 0.895 (0.864 without; zh
# 0.813), 0.77, 18 of 18 after it, while extra5 itself went from 0.839 to 1.000: tuned to examples.
# Seventh round: 0.902 (0.879 without; zh 0.857), 0.85, 18 of 18. Eighth round: unchanged (0.902, 0.879; zh
# 0.857), 0.85, 18 of 18: none of its errors was of a kind the eighth round's mechanisms cover.
CHECK5_MACRO_F1_FLOOR = 0.88
CHECK5_MACRO_F1_NO_RIVALS_FLOOR = 0.84
CHECK5_DISGUISED_RECALL_FLOOR = 0.75
CHECK5_REPEATS_FLAGGED_FLOOR = 18

# check6: the other half of the set extra6 came from (written blind by the shared guide in the seventh
# round), held out. Measured: macro F1 0.935 with the rivals configured (0.894 without), disguised
# obscenity recall 0.94 (n=18), 17 of 19 repeats before the seventh round; 0.951 (0.909 without),
# 1.00, 17 of 19 after it, while extra6 itself went from 0.886 to 1.000. Measured before the eighth round:
# 0.951 (0.909 without), 1.00, 18 of 19; after it: 0.976 (0.934 without), 1.00, 19 of 19.
CHECK6_MACRO_F1_FLOOR = 0.93
CHECK6_MACRO_F1_NO_RIVALS_FLOOR = 0.88
CHECK6_DISGUISED_RECALL_FLOOR = 0.90
CHECK6_REPEATS_FLAGGED_FLOOR = 19

# check7: the other half of the set extra7 came from (written blind by the shared guide in the eighth
# round, 90 posts in 9 streams), held out. Measured before the eighth round: macro F1 0.955 with the
# rivals configured (0.910 without; without rivals en 0.924, es 0.942, zh 0.860), disguised obscenity
# recall 1.00 (n=9), 14 of 15 repeats (0.910 was first noted here as the score with rivals: it is the one
# without). After it: 0.965 (0.920 without; zh 0.963 / 0.891), 1.00, 15 of 15.
CHECK7_MACRO_F1_FLOOR = 0.94
CHECK7_MACRO_F1_NO_RIVALS_FLOOR = 0.90
CHECK7_DISGUISED_RECALL_FLOOR = 0.88
CHECK7_REPEATS_FLAGGED_FLOOR = 15


@pytest.mark.parametrize(
    ("half", "floor", "no_rivals_floor", "disguised_floor", "repeats_floor"),
    [
        ("check4", CHECK4_MACRO_F1_FLOOR, CHECK4_MACRO_F1_NO_RIVALS_FLOOR, CHECK4_DISGUISED_RECALL_FLOOR,
         CHECK4_REPEATS_FLAGGED_FLOOR),
        ("check5", CHECK5_MACRO_F1_FLOOR, CHECK5_MACRO_F1_NO_RIVALS_FLOOR, CHECK5_DISGUISED_RECALL_FLOOR,
         CHECK5_REPEATS_FLAGGED_FLOOR),
        ("check6", CHECK6_MACRO_F1_FLOOR, CHECK6_MACRO_F1_NO_RIVALS_FLOOR, CHECK6_DISGUISED_RECALL_FLOOR,
         CHECK6_REPEATS_FLAGGED_FLOOR),
        ("check7", CHECK7_MACRO_F1_FLOOR, CHECK7_MACRO_F1_NO_RIVALS_FLOOR, CHECK7_DISGUISED_RECALL_FLOOR,
         CHECK7_REPEATS_FLAGGED_FLOOR),
    ],
)  # fmt: skip
def test_held_out_half_floors(
    half: str, floor: float, no_rivals_floor: float, disguised_floor: float, repeats_floor: int
) -> None:
    records = bench.corpus("posts", half)
    assert len(records) >= 90
    scored = bench.score_triage(records, bench.posts_meta(), with_rivals=True)
    assert scored.macro_f1 >= floor
    assert scored.disguised.recall >= disguised_floor
    assert scored.repeats_right >= repeats_floor
    without = bench.score_triage(records, bench.posts_meta(), with_rivals=False)
    assert without.macro_f1 >= no_rivals_floor


# The seven sets used to choose rules (tuning half, extra, extra2 ... extra6), read together.
# Measured: macro F1 1.000 with the rivals configured (0.995 without); every one of 137 repeats
# flagged as a duplicate of the right first post; disguised obscenity recall 1.00 (n=104).
# extra4 alone, written blind for the fifth round: 0.818 with rivals, 0.767 without, disguised
# 0.69, repeats 16 of 17 before it; 1.000 / 0.989 / 1.00 / 17 of 17 after. extra5 alone, written
# blind for the sixth: 0.839 / 0.798 / 0.75 / 20 of 21 before it; 1.000 / 0.991 / 1.00 / 21 of 21 after.
# extra6 alone, written blind for the seventh: 0.886 / 0.843 / 1.00 (n=14) / 20 of 20 before it;
# 1.000 / 1.000 / 1.00 / 20 of 20 after (tuned to its kinds, so not a measure of the held-out halves).
# extra7 alone, written blind for the eighth: 0.913 / 0.870 / 1.00 (n=13) / 14 of 15 before it; 1.000 /
# 0.977 / 1.00 / 15 of 15 after (that round built general mechanisms, each tested on posts of its own).
TUNING_SETS = "tuning+extra+extra2+extra3+extra4+extra5+extra6"
TUNING_MACRO_F1_FLOOR = 0.995
TUNING_MACRO_F1_NO_RIVALS_FLOOR = 0.99
TUNING_DISGUISED_RECALL_FLOOR = 0.99


@pytest.fixture(scope="module")
def tuning_sets() -> list[dict]:
    return bench.corpus("posts", TUNING_SETS)


def test_extra2_shape() -> None:
    extra2 = bench.corpus("posts", "extra2")
    assert len(extra2) >= 150
    assert {r["class"] for r in extra2} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in extra2} == {"en", "es", "zh"}


def test_extra3_shape() -> None:
    """extra3: written by the guide before the fourth round read any rule, on the known weak kinds."""
    extra3 = bench.corpus("posts", "extra3")
    assert len(extra3) >= 120
    assert {r["class"] for r in extra3} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in extra3} == {"en", "es", "zh"}


def test_extra4_shape() -> None:
    """extra4: written blind by outsiders before the fifth round read any rule."""
    extra4 = bench.corpus("posts", "extra4")
    assert len(extra4) >= 120
    assert {r["class"] for r in extra4} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in extra4} == {"en", "es", "zh"}


def test_extra5_shape() -> None:
    """extra5: written blind by outsiders before the sixth round read any rule."""
    extra5 = bench.corpus("posts", "extra5")
    assert len(extra5) >= 120
    assert {r["class"] for r in extra5} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in extra5} == {"en", "es", "zh"}


def test_extra6_shape() -> None:
    """extra6: written blind by outsiders before the seventh round read any rule."""
    extra6 = bench.corpus("posts", "extra6")
    assert len(extra6) >= 120
    assert {r["class"] for r in extra6} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in extra6} == {"en", "es", "zh"}


def test_extra7_shape() -> None:
    """extra7: written blind by outsiders before the eighth round read any rule."""
    extra7 = bench.corpus("posts", "extra7")
    assert len(extra7) >= 90
    assert {r["class"] for r in extra7} == set(bench.CLASSES)
    assert {bench.language_of(r) for r in extra7} == {"en", "es", "zh"}
    ids = {r["id"] for r in extra7}
    assert all(r["duplicate_of"] in ids for r in extra7 if r["class"] == "spam_duplicate")


def test_tuning_sets_disguised_obscenity_recall_floor(tuning_sets: list[dict]) -> None:
    scored = bench.score_triage(tuning_sets, bench.posts_meta(), with_rivals=True)
    assert scored.disguised.support >= 70
    assert scored.disguised.recall >= TUNING_DISGUISED_RECALL_FLOOR


def test_tuning_sets_macro_f1_floor(tuning_sets: list[dict]) -> None:
    scored = bench.score_triage(tuning_sets, bench.posts_meta(), with_rivals=True)
    assert scored.macro_f1 >= TUNING_MACRO_F1_FLOOR


def test_tuning_sets_macro_f1_floor_without_rivals(tuning_sets: list[dict]) -> None:
    scored = bench.score_triage(tuning_sets, bench.posts_meta(), with_rivals=False)
    assert scored.macro_f1 >= TUNING_MACRO_F1_NO_RIVALS_FLOOR


def test_tuning_sets_every_repeat_flagged(tuning_sets: list[dict]) -> None:
    scored = bench.score_triage(tuning_sets, bench.posts_meta(), with_rivals=True)
    assert scored.repeats >= 90
    assert scored.repeats_right == scored.repeats
