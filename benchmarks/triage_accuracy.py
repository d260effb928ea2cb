"""Accuracy of the mention triage (bot/triage.py) on the labelled set.

Run from the repository root::

    python benchmarks/triage_accuracy.py

Prints per-class precision / recall / F1, macro averages, accuracy per language, the
confusion matrix and the misclassified examples. No assertions: the floors live in
tests/unit/test_triage.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.mentions.triage import MentionClass, PriorMention, classify_mention  # noqa: E402

DATA_PATH = ROOT / "tests" / "data" / "mentions_labelled.yaml"
CLASSES: list[MentionClass] = list(MentionClass)


@dataclass(frozen=True)
class Outcome:
    """One labelled example and what the classifier said."""

    id: str
    lang: str
    text: str
    expected: MentionClass
    predicted: MentionClass
    reasons: list[str]


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and F1 for one class."""

    precision: float
    recall: float
    f1: float
    support: int


def load_labelled(path: Path = DATA_PATH) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the labelled examples and the competitor names from the YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["examples"], list(data.get("competitor_names") or [])


def run(path: Path = DATA_PATH) -> list[Outcome]:
    """Classify every labelled example."""
    examples, competitors = load_labelled(path)
    outcomes = []
    for ex in examples:
        previous = [PriorMention(int(p["id"]), p["text"], p.get("author")) for p in ex.get("previous") or []]
        result = classify_mention(
            ex["text"],
            author=ex.get("author"),
            author_followers=ex.get("author_followers"),
            platform=ex.get("platform"),
            reach=ex.get("reach"),
            previous=previous,
            competitor_names=competitors,
        )
        outcomes.append(
            Outcome(
                ex["id"],
                ex["lang"],
                ex["text"],
                MentionClass(ex["label"]),
                result.mention_class,
                result.reasons,
            )
        )
    return outcomes


def scores(outcomes: list[Outcome]) -> dict[MentionClass, ClassScore]:
    """Per-class precision / recall / F1 (0 when undefined)."""
    out = {}
    for cls in CLASSES:
        tp = sum(1 for o in outcomes if o.expected == cls and o.predicted == cls)
        fp = sum(1 for o in outcomes if o.expected != cls and o.predicted == cls)
        fn = sum(1 for o in outcomes if o.expected == cls and o.predicted != cls)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[cls] = ClassScore(p, r, f1, tp + fn)
    return out


def macro(per_class: dict[MentionClass, ClassScore]) -> ClassScore:
    """Unweighted mean over the classes."""
    n = len(per_class)
    return ClassScore(
        sum(s.precision for s in per_class.values()) / n,
        sum(s.recall for s in per_class.values()) / n,
        sum(s.f1 for s in per_class.values()) / n,
        sum(s.support for s in per_class.values()),
    )


def main() -> None:
    """Print the report."""
    outcomes = run()
    per_class = scores(outcomes)
    avg = macro(per_class)
    langs = Counter(o.lang for o in outcomes)
    per_lang = ", ".join(f"{k}: {v}" for k, v in langs.items())
    print(f"Mention triage on {len(outcomes)} labelled examples ({per_lang})")
    print()
    width = max(len(c.value) for c in CLASSES)
    print(f"{'class':<{width}}  precision  recall     F1  support")
    for cls in CLASSES:
        s = per_class[cls]
        print(f"{cls.value:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {s.support:7d}")
    label = "macro average"
    print(f"{label:<{width}}  {avg.precision:9.3f}  {avg.recall:6.3f}  {avg.f1:5.3f}  {avg.support:7d}")
    correct = sum(1 for o in outcomes if o.expected == o.predicted)
    print(f"{'accuracy':<{width}}  {correct / len(outcomes):9.3f}  ({correct}/{len(outcomes)})")
    for lang in langs:
        sub = [o for o in outcomes if o.lang == lang]
        ok = sum(1 for o in sub if o.expected == o.predicted)
        print(f"  accuracy [{lang}]  {ok / len(sub):.3f}  ({ok}/{len(sub)})")
    print()
    short = {c: c.value[:8] for c in CLASSES}
    print("confusion matrix (rows: expected, columns: predicted)")
    print(f"{'':<{width}}  " + " ".join(f"{short[c]:>8}" for c in CLASSES))
    for exp in CLASSES:
        row = [sum(1 for o in outcomes if o.expected == exp and o.predicted == pred) for pred in CLASSES]
        print(f"{exp.value:<{width}}  " + " ".join(f"{n:>8d}" for n in row))
    wrong = [o for o in outcomes if o.expected != o.predicted]
    print()
    print(f"misclassified: {len(wrong)}")
    for o in wrong:
        print(f"  {o.id}: expected {o.expected.value}, got {o.predicted.value}: {o.text!r}")
        print(f"      reasons: {'; '.join(o.reasons)}")


if __name__ == "__main__":
    main()
