"""Regression floors for the statement linter on the held-out halves of the independent corpora.

The corpus (tests/corpus/statements.*.jsonl) was written outside the team by docs/LABELS.md. The
frozen half is never used to choose rules; these floors sit a little below what it measures
(benchmarks/text_judgement.py) so that a change that makes things worse fails. A floor is not the
goal: the targets are in the README's benchmark table.
"""

from __future__ import annotations

import pytest

from tests.support.text_benchmark import load

bench = load()

# measured on the frozen half: micro F1 0.874 (en 0.894, es 0.845, zh 0.883); a finding on 6 of
# 59 clean statements, in the fifth and the sixth round; 0.883 (en 0.894, es 0.850, zh 0.905), 5 of 59,
# in the seventh (first round: 0.791, 17 of 59; second
# round: 0.816, 14 of 59; third round: 0.842, 8 of 59; fourth round: 0.856, 8 of 59); eighth round:
# 0.892 (en 0.894, es 0.864, zh 0.917), 5 of 59
MICRO_F1_FLOOR = 0.86
LANGUAGE_F1_FLOOR = 0.83
CLEAN_FALSE_FINDING_CEILING = 0.12


@pytest.fixture(scope="module")
def frozen() -> list[dict]:
    return bench.corpus("statements", "frozen")


def test_frozen_half_shape(frozen: list[dict]) -> None:
    assert len(frozen) >= 180
    assert {bench.language_of(r) for r in frozen} == {"en", "es", "zh"}
    labels = {label for r in frozen for label in r["findings"]}
    assert labels == set(bench.FINDINGS)


# check4: the other half of the set extra4 came from, held out like the frozen half (never used to
# choose rules). Measured at the end of the fifth round: micro F1 0.852 (en 0.824, es 0.816, zh
# 0.903); a finding on 1 of 32 clean statements (at its start: 0.830, 1 of 32). Sixth round: 0.867
# (en 0.824, es 0.824, zh 0.938), 1 of 32. Seventh round: 0.888 (en 0.846, es 0.846, zh 0.954), 1 of 32.
# Eighth round: 0.894 (en 0.846, es 0.868, zh 0.954), 1 of 32.
CHECK4_MICRO_F1_FLOOR = 0.84
CHECK4_LANGUAGE_F1_FLOOR = 0.80
CHECK4_CLEAN_FALSE_FINDING_CEILING = 0.07

# check5: the other half of the set extra5 came from (written blind by the shared guide in the sixth
# round, scored on its eight findings), held out. Measured: micro F1 0.783 (en 0.828, es 0.733, zh
# 0.789; a finding on 3 of 23 clean statements) before the sixth round, 0.794 (en 0.828, es 0.767,
# zh 0.789; 2 of 23) after it, while extra5 itself went from 0.795 to 1.000: tuned to examples.
# Seventh round: 0.839 (en 0.828, es 0.871, zh 0.822), 2 of 23. Eighth round: 0.863 (en 0.867, es 0.871,
# zh 0.853), 2 of 23.
CHECK5_MICRO_F1_FLOOR = 0.77
CHECK5_LANGUAGE_F1_FLOOR = 0.74
CHECK5_CLEAN_FALSE_FINDING_CEILING = 0.10

# check6: the other half of the set extra6 came from (written blind by the shared guide in the seventh
# round, scored on its eight findings), held out. Measured: micro F1 0.887 (en 0.919, es 0.879, zh
# 0.860; a finding on 1 of 17 clean statements) before the seventh round, 0.911 (en 0.934, es 0.898,
# zh 0.898; 1 of 17) after it, while extra6 itself went from 0.877 to 0.997. Eighth round: 0.914 (en 0.934,
# es 0.908, zh 0.898), 1 of 17.
CHECK6_MICRO_F1_FLOOR = 0.89
CHECK6_LANGUAGE_F1_FLOOR = 0.87
CHECK6_CLEAN_FALSE_FINDING_CEILING = 0.12

# check7: the other half of the set extra7 came from (written blind by the shared guide in the eighth
# round, 72 statements, scored on its eight findings), held out. Measured before the eighth round:
# micro F1 0.878 (en 0.918, es 0.857, zh 0.861; no finding on any of 18 clean statements). After it:
# 0.902 (en 0.935, es 0.897, zh 0.877), none of 18, while extra7 went from 0.902 to 0.990.
CHECK7_MICRO_F1_FLOOR = 0.88
CHECK7_LANGUAGE_F1_FLOOR = 0.86
CHECK7_CLEAN_FALSE_FINDING_CEILING = 0.06


@pytest.mark.parametrize(
    ("half", "micro_floor", "language_floor", "clean_ceiling"),
    [
        ("check4", CHECK4_MICRO_F1_FLOOR, CHECK4_LANGUAGE_F1_FLOOR, CHECK4_CLEAN_FALSE_FINDING_CEILING),
        ("check5", CHECK5_MICRO_F1_FLOOR, CHECK5_LANGUAGE_F1_FLOOR, CHECK5_CLEAN_FALSE_FINDING_CEILING),
        ("check6", CHECK6_MICRO_F1_FLOOR, CHECK6_LANGUAGE_F1_FLOOR, CHECK6_CLEAN_FALSE_FINDING_CEILING),
        ("check7", CHECK7_MICRO_F1_FLOOR, CHECK7_LANGUAGE_F1_FLOOR, CHECK7_CLEAN_FALSE_FINDING_CEILING),
    ],
)
def test_held_out_half_floors(
    half: str, micro_floor: float, language_floor: float, clean_ceiling: float
) -> None:
    records = bench.corpus("statements", half)
    assert len(records) >= 72
    assert_floors(records, micro_floor, language_floor, clean_ceiling)


def assert_floors(
    records: list[dict], micro_floor: float, language_floor: float, clean_ceiling: float
) -> None:
    """Micro F1 over all and per language, and the share of clean statements with a finding."""
    result = bench.score_lint(records)
    assert result.micro_f1 >= micro_floor
    assert result.false_finding_rate <= clean_ceiling
    for language in ("en", "es", "zh"):
        group = [r for r in records if bench.language_of(r) == language]
        assert bench.score_lint(group).micro_f1 >= language_floor, language


def test_micro_f1_floor(frozen: list[dict]) -> None:
    assert bench.score_lint(frozen).micro_f1 >= MICRO_F1_FLOOR


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_micro_f1_floor_per_language(frozen: list[dict], language: str) -> None:
    group = [r for r in frozen if bench.language_of(r) == language]
    assert bench.score_lint(group).micro_f1 >= LANGUAGE_F1_FLOOR


def test_clean_statements_rarely_flagged(frozen: list[dict]) -> None:
    assert bench.score_lint(frozen).false_finding_rate <= CLEAN_FALSE_FINDING_CEILING


def test_findings_use_the_guide_names(frozen: list[dict]) -> None:
    from bot.statements.lint import lint_statement

    own = {"missing_what_happened", "raw_markup"}
    for record in frozen[:60]:
        rules = {
            f.rule for f in lint_statement(record["text"], bench.language_of(record), case=record["case"])
        }
        assert rules <= set(bench.FINDINGS) | own


# The five sets used to choose rules (tuning half, extra, extra2, extra3, extra4), read together.
# Measured: micro F1 0.990 (en 0.995, es 0.983, zh 0.992); a finding on 1 of 213 clean statements.
# extra2, extra3 and extra4 were each written by the guide before their round read any rule, then
# used to choose rules like the others (extra3 alone: 0.529 before the fourth round, 1.000 after;
# extra4 alone: 0.776 before the fifth round, 0.989 after).
TUNING_SETS = "tuning+extra+extra2+extra3+extra4"
TUNING_MICRO_F1_FLOOR = 0.98
TUNING_LANGUAGE_F1_FLOOR = 0.97
TUNING_CLEAN_FALSE_FINDING_CEILING = 0.02


@pytest.fixture(scope="module")
def tuning_sets() -> list[dict]:
    return bench.corpus("statements", TUNING_SETS)


def test_extra2_shape() -> None:
    extra2 = bench.corpus("statements", "extra2")
    assert len(extra2) >= 150
    assert {bench.language_of(r) for r in extra2} == {"en", "es", "zh"}
    assert sum(not r["findings"] for r in extra2) >= 60  # hard negatives: clean statements


def test_extra3_shape() -> None:
    """extra3: written by the guide before the fourth round read any rule, on the known weak kinds."""
    extra3 = bench.corpus("statements", "extra3")
    assert len(extra3) >= 90
    assert {bench.language_of(r) for r in extra3} == {"en", "es", "zh"}
    assert sum(not r["findings"] for r in extra3) >= 30  # hard negatives: clean statements


def test_extra4_shape() -> None:
    """extra4: written blind by the guide before the fifth round read any rule (check4 is its other half)."""
    extra4 = bench.corpus("statements", "extra4")
    assert len(extra4) >= 75
    assert {bench.language_of(r) for r in extra4} == {"en", "es", "zh"}
    assert sum(not r["findings"] for r in extra4) >= 25  # hard negatives: clean statements


def test_tuning_sets_micro_f1_floor(tuning_sets: list[dict]) -> None:
    assert bench.score_lint(tuning_sets).micro_f1 >= TUNING_MICRO_F1_FLOOR


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_tuning_sets_micro_f1_floor_per_language(tuning_sets: list[dict], language: str) -> None:
    group = [r for r in tuning_sets if bench.language_of(r) == language]
    assert bench.score_lint(group).micro_f1 >= TUNING_LANGUAGE_F1_FLOOR


def test_tuning_sets_few_findings_on_clean_statements(tuning_sets: list[dict]) -> None:
    assert bench.score_lint(tuning_sets).false_finding_rate <= TUNING_CLEAN_FALSE_FINDING_CEILING


# extra5: written blind by the guide before the sixth round read any rule (check5 is its other half),
# then used to choose rules. Measured: micro F1 0.772 before the sixth round (en 0.846, es 0.762,
# zh 0.714; a finding on 3 of 31 clean statements), 0.978 after (en 0.982, es 1.000, zh 0.951; none).
# Its remaining errors are findings the guide does not define (missing_apology, speculation).
EXTRA5_MICRO_F1_FLOOR = 0.95
EXTRA5_LANGUAGE_F1_FLOOR = 0.93
EXTRA5_CLEAN_FALSE_FINDING_CEILING = 0.04

# extra6: written blind by the shared guide before the seventh round read any rule (check6 is its
# other half), then used to choose rules. Measured: micro F1 0.877 before the seventh round (en 0.874,
# es 0.893, zh 0.865; none of 25 clean statements flagged), 0.997 after (en 1.000, es 1.000, zh 0.992).
EXTRA6_MICRO_F1_FLOOR = 0.97
EXTRA6_LANGUAGE_F1_FLOOR = 0.95
EXTRA6_CLEAN_FALSE_FINDING_CEILING = 0.04

GUIDE_ONLY_SETS = [
    ("extra5", EXTRA5_MICRO_F1_FLOOR, EXTRA5_LANGUAGE_F1_FLOOR, EXTRA5_CLEAN_FALSE_FINDING_CEILING),
    ("extra6", EXTRA6_MICRO_F1_FLOOR, EXTRA6_LANGUAGE_F1_FLOOR, EXTRA6_CLEAN_FALSE_FINDING_CEILING),
]


@pytest.mark.parametrize(("half", "micro_floor", "language_floor", "clean_ceiling"), GUIDE_ONLY_SETS)
def test_guide_only_tuning_set_floors(
    half: str, micro_floor: float, language_floor: float, clean_ceiling: float
) -> None:
    """extra5 and extra6: written blind by the shared guide alone, scored on its eight findings."""
    records = bench.corpus("statements", half)
    assert len(records) >= 75
    assert {bench.language_of(r) for r in records} == {"en", "es", "zh"}
    assert sum(not r["findings"] for r in records) >= 25  # hard negatives: clean statements
    assert_floors(records, micro_floor, language_floor, clean_ceiling)
