"""The report chart's label placement: whole, apart and inside the picture, for 1 to 200 events."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime

import pytest

from bot.reports.chart import (
    GAP,
    MARGIN,
    WIDTH,
    ChartItem,
    LabelPlacement,
    fit_text,
    layout_chart,
    place_labels,
    text_width,
)


def assert_apart_and_inside(placements: list[LabelPlacement], width: float = WIDTH) -> None:
    for placement in placements:
        assert placement.left >= MARGIN - 1e-9 and placement.right <= width - MARGIN + 1e-9, placement
    by_row: dict[int, list[LabelPlacement]] = {}
    for placement in placements:
        by_row.setdefault(placement.row, []).append(placement)
    for row in by_row.values():
        row.sort(key=lambda p: p.left)
        for before, after in itertools.pairwise(row):
            assert before.right + GAP <= after.left + 1e-9, (before, after)


def scenarios(count: int, seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    usable = WIDTH - 2 * MARGIN
    return {
        "spread": [MARGIN + rng.random() * usable for _ in range(count)],
        "one moment": [MARGIN + usable / 3] * count,
        "left edge": [MARGIN] * count,
        "right edge": [WIDTH - MARGIN] * count,
        "two clusters": [MARGIN + (0.02 if i % 2 else 0.98) * usable + rng.random() for i in range(count)],
    }


@pytest.mark.parametrize("count", range(1, 201))
def test_labels_never_overlap_or_leave_the_chart(count: int) -> None:
    rng = random.Random(count)
    widths = [rng.choice([40.0, 120.0, 230.0, 400.0]) for _ in range(count)]
    for name, anchors in scenarios(count, count).items():
        placements = place_labels(anchors, widths)
        assert len(placements) == count, name
        assert_apart_and_inside(placements)
        assert [p.width for p in placements] == widths, "labels narrower than the chart keep their width"


def test_spread_labels_stay_on_one_row_and_right_of_their_point() -> None:
    placements = place_labels([100.0, 400.0, 700.0], [100.0, 100.0, 100.0])
    assert [p.row for p in placements] == [0, 0, 0]
    assert [p.left for p in placements] == [104.0, 404.0, 704.0]


def test_a_label_at_the_right_edge_ends_left_of_its_point() -> None:
    (placement,) = place_labels([WIDTH - MARGIN], [200.0])
    assert placement.right == WIDTH - MARGIN - 4 and placement.row == 0


def test_lines_from_the_axis_cross_no_label_in_a_cluster() -> None:
    anchors = [20.0, 30.0, 45.0, 300.0, 310.0, 880.0, 884.0]
    placements = place_labels(anchors, [180.0] * len(anchors))
    assert_apart_and_inside(placements)
    for anchor, placement in zip(anchors, placements, strict=True):
        for other in placements:
            if other.row < placement.row:
                assert not other.left - 2 <= anchor <= other.right + 2, "a line runs through a label"


def test_a_label_wider_than_the_chart_is_cut_to_fit() -> None:
    text = "x" * 500
    cut = fit_text(text, WIDTH - 2 * MARGIN)
    assert cut.endswith("…") and text_width(cut) <= WIDTH - 2 * MARGIN
    assert fit_text("short", 100) == "short"
    assert text_width("回应") == pytest.approx(text_width("abc") * 2 / 1.8), "CJK is one em wide, Latin 0.6"
    (placement,) = place_labels([MARGIN], [5000.0])
    assert placement.width == WIDTH - 2 * MARGIN


def test_layout_sizes_the_picture_to_its_rows() -> None:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    items = [ChartItem(0.5, f"event {i} · 03-01 12:00", at, i == 0) for i in range(30)]
    layout = layout_chart(items)
    assert len(layout.marks) == 30
    assert max(mark.label_y for mark in layout.marks) < layout.height
    assert len({mark.label_y for mark in layout.marks}) == 30, "thirty labels at one moment take thirty rows"
    assert layout.marks[0].is_deadline and not layout.marks[1].is_deadline
