"""The report's timeline chart, laid out in Python so its labels never overlap or leave the picture.

`place_labels` is the pure part: given where each label points and how wide it is, it puts each one
on the first row where it fits beside the labels already there, inside the chart's width. The SVG
gives every label exactly the width computed here (`textLength`), so what is tested is what shows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

WIDTH = 900.0
MARGIN = 16.0
AXIS_Y = 28.0
FIRST_ROW_Y = 58.0
ROW_HEIGHT = 22.0
FONT_SIZE = 12.0
GAP = 8.0
POINTER = 4.0
LINE_PAD = 2.0
ELLIPSIS = "…"


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """An estimate of how wide `text` is drawn: wide (CJK) characters one em, others 0.6 em."""
    return sum(
        font_size * (1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6) for char in text
    )


def fit_text(text: str, max_width: float, font_size: float = FONT_SIZE) -> str:
    """`text`, cut with an ellipsis when it would be wider than `max_width`."""
    if text_width(text, font_size) <= max_width:
        return text
    cut = text
    while cut and text_width(cut + ELLIPSIS, font_size) > max_width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


@dataclass(frozen=True)
class LabelPlacement:
    """Where one label goes: its left edge, its width and its row (0 = nearest the axis)."""

    left: float
    width: float
    row: int

    @property
    def right(self) -> float:
        """The label's right edge."""
        return self.left + self.width


def place_labels(
    anchors: Sequence[float], widths: Sequence[float], width: float = WIDTH, margin: float = MARGIN
) -> list[LabelPlacement]:
    """Place one label per anchor (its x in pixels) so none overlaps another or crosses the edges.

    A label starts just right of its anchor, or ends just left of it when that would cross the right
    edge. It takes the lowest row where it fits at least `GAP` from the labels already there and,
    when such a row exists, where the line from the axis down to it crosses no other label and the
    label itself sits on no other label's line. Labels wider than the chart are given the chart's
    width (the caller shortens their text). Returned in the order of `anchors`.
    """
    if len(anchors) != len(widths):
        raise ValueError("one width per anchor")
    usable = width - 2 * margin
    placements: list[LabelPlacement | None] = [None] * len(anchors)
    rows: list[list[tuple[float, float]]] = []
    lines: list[tuple[float, int]] = []  # (anchor, row) of every label placed so far

    bounds: list[list[float]] = []  # per row: [leftmost left, rightmost right], to skip most scans

    def fits(row: int, left: float, right: float) -> bool:
        if row >= len(rows):
            return True
        low, high = bounds[row]
        if right + GAP <= low or high + GAP <= left:
            return True
        return all(right + GAP <= a or b + GAP <= left for a, b in rows[row])

    def crosses(row: int, x: float) -> bool:
        low, high = bounds[row]
        if x < low - LINE_PAD or x > high + LINE_PAD:
            return False
        return any(a - LINE_PAD <= x <= b + LINE_PAD for a, b in rows[row])

    spans: dict[int, tuple[float, float]] = {}
    for index, raw_anchor in enumerate(anchors):
        label_width = min(widths[index], usable)
        anchor = min(max(raw_anchor, margin), width - margin)
        left = anchor + POINTER
        if left + label_width > width - margin:
            left = anchor - POINTER - label_width
        spans[index] = (anchor, min(max(left, margin), width - margin - label_width))
    # Labels right of their point are placed right to left, labels left of it (at the right edge)
    # left to right: each then lies beyond every line still to come, so the lines pass beside it.
    leftward = sorted((i for i in spans if spans[i][1] < spans[i][0]), key=lambda i: (anchors[i], i))
    rightward = sorted((i for i in spans if spans[i][1] >= spans[i][0]), key=lambda i: (-anchors[i], i))
    for index in leftward + rightward:
        label_width = min(widths[index], usable)
        anchor, left = spans[index]
        right = left + label_width
        # The deepest row whose line this label would sit on: it must go at least that deep.
        deepest_line_below = max(
            (line_row for x, line_row in lines if left - LINE_PAD <= x <= right + LINE_PAD), default=-1
        )
        first_fit: int | None = None
        chosen: int | None = None
        line_free = True  # the line from the axis down to this row crosses no label so far
        for candidate in range(len(rows) + 1):
            if fits(candidate, left, right):
                first_fit = candidate if first_fit is None else first_fit
                if line_free and candidate >= deepest_line_below:
                    chosen = candidate
                    break
                if not line_free:
                    break
            if candidate < len(rows) and line_free and crosses(candidate, anchor):
                line_free = False
        row = chosen if chosen is not None else first_fit
        assert row is not None  # a new row at the bottom always fits
        if row == len(rows):
            rows.append([])
            bounds.append([left, right])
        rows[row].append((left, right))
        bounds[row] = [min(bounds[row][0], left), max(bounds[row][1], right)]
        lines.append((anchor, row))
        placements[index] = LabelPlacement(left, label_width, row)
    return [placement for placement in placements if placement is not None]


@dataclass(frozen=True)
class ChartItem:
    """One thing to mark on the chart: where it falls (0 = first post, 1 = the chart's end)."""

    position: float
    label: str
    at: datetime
    is_deadline: bool


@dataclass(frozen=True)
class ChartMark:
    """A drawn marker with its label, in pixels."""

    x: float
    label: str
    label_left: float
    label_width: float
    label_y: float
    is_deadline: bool


@dataclass(frozen=True)
class ChartLayout:
    """Everything the SVG template draws."""

    width: float
    height: float
    axis_y: float
    axis_left: float
    axis_right: float
    font_size: float
    marks: list[ChartMark]


def layout_chart(items: Sequence[ChartItem], width: float = WIDTH) -> ChartLayout:
    """Pixels for the chart of `items`: markers on the axis and non-overlapping labels below it."""
    axis_left, axis_right = MARGIN, width - MARGIN
    anchors = [axis_left + min(max(item.position, 0.0), 1.0) * (axis_right - axis_left) for item in items]
    texts = [fit_text(item.label, axis_right - axis_left) for item in items]
    placements = place_labels(anchors, [text_width(text) for text in texts], width, MARGIN)
    marks = [
        ChartMark(
            x=round(anchor, 1),
            label=text,
            label_left=round(placement.left, 1),
            label_width=round(placement.width, 1),
            label_y=FIRST_ROW_Y + placement.row * ROW_HEIGHT,
            is_deadline=item.is_deadline,
        )
        for item, anchor, text, placement in zip(items, anchors, texts, placements, strict=True)
    ]
    rows = max((placement.row for placement in placements), default=0) + 1
    return ChartLayout(
        width=width,
        height=FIRST_ROW_Y + rows * ROW_HEIGHT,
        axis_y=AXIS_Y,
        axis_left=axis_left,
        axis_right=axis_right,
        font_size=FONT_SIZE,
        marks=marks,
    )
