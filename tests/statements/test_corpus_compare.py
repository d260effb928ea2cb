"""Regression floors for the consistency check on the frozen half of the independent pair corpus
(tests/corpus/pairs.*.jsonl, written outside the team by docs/LABELS.md; never used to choose rules)."""

from __future__ import annotations

import pytest

from tests.support.text_benchmark import load

bench = load()

# measured on the frozen half: accuracy 0.889 (en 0.861, es 0.917, zh 0.889) in the eighth round;
# 0.870 (en 0.861, es 0.889, zh 0.861) in the sixth round;
# 0.852 (en 0.833, es 0.861, zh 0.861) in the fifth round;
# 0.824 in the third and the fourth round; first round 0.759, second round 0.769
ACCURACY_FLOOR = 0.84
LANGUAGE_ACCURACY_FLOOR = 0.82


@pytest.fixture(scope="module")
def frozen() -> list[dict]:
    return bench.corpus("pairs", "frozen")


def test_frozen_half_shape(frozen: list[dict]) -> None:
    assert len(frozen) >= 100
    assert {bench.language_of(r) for r in frozen} == {"en", "es", "zh"}
    assert {r["material"] for r in frozen} == {True, False}


def test_accuracy_floor(frozen: list[dict]) -> None:
    assert bench.score_compare(frozen).accuracy >= ACCURACY_FLOOR


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_accuracy_floor_per_language(frozen: list[dict], language: str) -> None:
    group = [r for r in frozen if bench.language_of(r) == language]
    assert bench.score_compare(group).accuracy >= LANGUAGE_ACCURACY_FLOOR


# check4: the other half of the set extra4 came from (written blind by the guide outside the team),
# held out like the frozen half. Measured: 0.727 (en 0.773, es 0.682, zh 0.727) before the fifth
# round, 0.788 (en 0.818, es 0.773, zh 0.773) after it; 0.803 (en 0.818, es 0.818, zh 0.773) after the
# sixth; 0.818 (en 0.864, es 0.818, zh 0.773) after the eighth.
CHECK4_ACCURACY_FLOOR = 0.77
CHECK4_LANGUAGE_ACCURACY_FLOOR = 0.75


# check5: the other half of the set extra5 came from (written blind by the shared guide in the sixth
# round), held out. Measured: 0.794 (en 0.857, es 0.714, zh 0.810) before the sixth round, 0.810 (en
# 0.857, es 0.762, zh 0.810) after it, while extra5 itself went from 0.819 to 0.986: tuned to examples.
# Unchanged by the eighth round (0.810, the same per language).
CHECK5_ACCURACY_FLOOR = 0.79
CHECK5_LANGUAGE_ACCURACY_FLOOR = 0.74

# check6: the other half of the set extra6 came from (written blind by the shared guide in the seventh
# round), held out. Measured: 0.867 (en 0.880, es 0.840, zh 0.880). The seventh round's consistency
# tuning took extra6 from 0.867 to 1.000 but moved the held-out halves by -0.03 to +0.02 and took
# check5's Spanish below its floor, so it did not land: these are the sixth round's rules. The eighth
# round (mechanisms for kinds, not examples) took extra6 to 1.000 and left check6 at 0.867 (the same
# per language), frozen +0.019, check4 +0.015, check5 ±0.
CHECK6_ACCURACY_FLOOR = 0.85
CHECK6_LANGUAGE_ACCURACY_FLOOR = 0.82

# check7: the other half of the set extra7 came from (written blind by the shared guide in the eighth
# round, 60 pairs whose real changes are single and subtle inside heavy rewording), held out. Measured
# before the eighth round: 0.767 (en 0.600, es 0.850, zh 0.850; 6 harmless rewordings flagged, 8 real
# changes missed); 0.783 (en 0.650, es 0.850, zh 0.850) after it, while extra6, the set that round
# tuned on, went from 0.867 to 1.000, and extra7, which it never read, from 0.700 to 0.717. A second
# round tuned on extra7 (0.717 -> 0.900) took check7 back to 0.767 and Chinese on check5 down a pair:
# it did not land.
CHECK7_ACCURACY_FLOOR = 0.77
CHECK7_LANGUAGE_ACCURACY_FLOOR = 0.63


@pytest.mark.parametrize(
    ("half", "floor", "language_floor"),
    [
        ("check4", CHECK4_ACCURACY_FLOOR, CHECK4_LANGUAGE_ACCURACY_FLOOR),
        ("check5", CHECK5_ACCURACY_FLOOR, CHECK5_LANGUAGE_ACCURACY_FLOOR),
        ("check6", CHECK6_ACCURACY_FLOOR, CHECK6_LANGUAGE_ACCURACY_FLOOR),
        ("check7", CHECK7_ACCURACY_FLOOR, CHECK7_LANGUAGE_ACCURACY_FLOOR),
    ],
)
def test_held_out_half_accuracy_floors(half: str, floor: float, language_floor: float) -> None:
    records = bench.corpus("pairs", half)
    assert len(records) >= 60
    assert bench.score_compare(records).accuracy >= floor
    for language in ("en", "es", "zh"):
        group = [r for r in records if bench.language_of(r) == language]
        assert bench.score_compare(group).accuracy >= language_floor, language


def test_differences_use_the_guide_kinds(frozen: list[dict]) -> None:
    from bot.statements.compare import KINDS, compare_to_approved

    for record in frozen[:40]:
        comparison = compare_to_approved(record["approved"], record["spoken"], bench.language_of(record))
        assert {d.kind for d in comparison.differences} <= set(KINDS)
        assert comparison.material == bool(comparison.differences)


# The five sets used to choose rules (tuning half, extra, extra2, extra3, extra4), read together.
# Measured: accuracy 0.998 (en 1.000, es 1.000, zh 0.993 on 423 pairs) in the fifth round; extra4
# alone (written blind outside the team): 0.710 before the fifth round, 1.000 after. The four older
# sets: 0.989 after the fourth round.
TUNING_SETS = "tuning+extra+extra2+extra3+extra4"
TUNING_ACCURACY_FLOOR = 0.99
TUNING_LANGUAGE_ACCURACY_FLOOR = 0.98


@pytest.fixture(scope="module")
def tuning_sets() -> list[dict]:
    return bench.corpus("pairs", TUNING_SETS)


def test_extra2_shape() -> None:
    extra2 = bench.corpus("pairs", "extra2")
    assert len(extra2) >= 90
    assert {bench.language_of(r) for r in extra2} == {"en", "es", "zh"}
    assert sum(not r["material"] for r in extra2) >= 40  # hard negatives: harmless rewordings


def test_extra3_shape() -> None:
    """extra3: written by the guide before the fourth round read any rule, on the known weak kinds."""
    extra3 = bench.corpus("pairs", "extra3")
    assert len(extra3) >= 90
    assert {bench.language_of(r) for r in extra3} == {"en", "es", "zh"}
    assert sum(not r["material"] for r in extra3) >= 40  # hard negatives: harmless rewordings


def test_extra4_shape() -> None:
    """extra4: written blind by the guide outside the team; its other half is check4 (held out)."""
    extra4 = bench.corpus("pairs", "extra4")
    assert len(extra4) >= 60
    assert {bench.language_of(r) for r in extra4} == {"en", "es", "zh"}
    assert sum(not r["material"] for r in extra4) >= 30  # hard negatives: harmless rewordings


def test_tuning_sets_accuracy_floor(tuning_sets: list[dict]) -> None:
    assert bench.score_compare(tuning_sets).accuracy >= TUNING_ACCURACY_FLOOR


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_tuning_sets_accuracy_floor_per_language(tuning_sets: list[dict], language: str) -> None:
    group = [r for r in tuning_sets if bench.language_of(r) == language]
    assert bench.score_compare(group).accuracy >= TUNING_LANGUAGE_ACCURACY_FLOOR


# extra5: written blind by the guide outside the team this round (its other half, check5, is held
# out). Measured: accuracy 0.819 (en 0.875, es 0.750, zh 0.833) before the sixth round, 0.986
# (en 1.000, es 1.000, zh 0.958) after it; the one pair left is a label we believe wrong (c5-zh-001).
EXTRA5_ACCURACY_FLOOR = 0.98
EXTRA5_LANGUAGE_ACCURACY_FLOOR = 0.95


def test_extra5_accuracy_floor() -> None:
    extra5 = bench.corpus("pairs", "extra5")
    assert len(extra5) >= 60
    assert bench.score_compare(extra5).accuracy >= EXTRA5_ACCURACY_FLOOR
    for language in ("en", "es", "zh"):
        group = [r for r in extra5 if bench.language_of(r) == language]
        assert bench.score_compare(group).accuracy >= EXTRA5_LANGUAGE_ACCURACY_FLOOR
