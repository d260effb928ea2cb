"""playbooks/TRACE.md against the shipped playbooks.

TRACE.md lists every actionable rule of the seed documents, one Markdown table per seed
(`| rule | says | encoded in |`), and names where each rule is encoded, e.g.
`step:data_leak:freeze_internal_comms`, `mark:12h`, `lint:non_apology`. These tests keep the two
honest: a step may cite a seed in its `source:` only if a row of that seed names the step, and every
step a row names must exist.

The playbook YAML is read with ``yaml.safe_load`` directly, not through the app's loader, so that
these tests depend on nothing but the files themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS_DIR = ROOT / "playbooks"
TRACE = PLAYBOOKS_DIR / "TRACE.md"

SEED_SECTION = re.compile(r"^##\s+Seed\s+(\d{3})\b")
RULE_ID = re.compile(r"^(\d{3})-(?:c\d+-)?\d+$")
SEED_SOURCE = re.compile(r"^seed-(\d{3})$")
BACKTICKED = re.compile(r"`([^`]*)`")
STEP_REF = re.compile(r"^step:([a-z0-9_]+):([a-z0-9_]+)$")
#: Every reference form TRACE.md's legend defines.
REFERENCE = re.compile(
    r"^(?:step:[a-z0-9_]+:[a-z0-9_]+"
    r"|mark:(?:12h|48h|daily|before|follow_up|next_update)"
    r"|lint:[a-z_]+"
    r"|triage:(?:complaint|insult|insult_with_grievance|spam_duplicate|ad|suspected_fake|competitor|source)"
    r"|feature:[a-z_]+)$"
)
#: Case key -> its steps, as the YAML has them.
Books = dict[str, list[dict]]

IN_PART = re.compile(r"^—\s*in part:\s*\S")
NOT_ENCODED = re.compile(r"^not encoded:\s*\S")


@dataclass(frozen=True)
class Row:
    """One rule of TRACE.md."""

    seed: str
    rule: str
    says: str
    encoded_in: str
    line: int

    @property
    def references(self) -> list[str]:
        return BACKTICKED.findall(self.encoded_in)

    @property
    def steps(self) -> set[tuple[str, str]]:
        return {m.groups() for ref in self.references if (m := STEP_REF.match(ref))}


def parse_trace(text: str) -> list[Row]:
    """The rule rows of every `## Seed NNN` section; raises ValueError on a malformed row."""
    rows: list[Row] = []
    seed: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        section = SEED_SECTION.match(line)
        if section:
            seed = section.group(1)
            continue
        if line.startswith("## "):
            seed = None
            continue
        if seed is None or not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells == ["rule", "says", "encoded in"] or all(set(cell) <= set("-: ") for cell in cells):
            continue  # the header and the separator of the table
        if len(cells) != 3 or not RULE_ID.match(cells[0]):
            raise ValueError(f"TRACE.md:{number}: expected '| <rule id> | says | encoded in |', got {line!r}")
        rows.append(Row(seed, cells[0], cells[1], cells[2], number))
    return rows


def load_playbooks() -> Books:
    """Case key -> its steps, straight from the YAML files."""
    books: Books = {}
    for path in sorted([*PLAYBOOKS_DIR.glob("*.yaml"), *PLAYBOOKS_DIR.glob("*.yml")]):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        books[document["case"]] = document["steps"]
    return books


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return parse_trace(TRACE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def playbooks() -> Books:
    books = load_playbooks()
    assert books, f"no playbooks in {PLAYBOOKS_DIR}"
    return books


def cited_seeds(playbooks: Books) -> list[tuple[str, str, str]]:
    """(case, step key, seed number) for every `seed-NNN` a step cites."""
    return [
        (case, step["key"], match.group(1))
        for case, steps in playbooks.items()
        for step in steps
        for entry in step.get("source") or []
        if (match := SEED_SOURCE.match(str(entry)))
    ]


def test_every_cited_seed_has_a_row_naming_the_step(rows: list[Row], playbooks: Books) -> None:
    named: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        named.setdefault(row.seed, set()).update(row.steps)
    citations = cited_seeds(playbooks)
    assert citations, "no step cites a seed"
    untraced = [
        f"{case}:{key} cites seed-{seed}, but no row of seed {seed} names `step:{case}:{key}`"
        for case, key, seed in citations
        if (case, key) not in named.get(seed, set())
    ]
    assert not untraced, "\n".join(untraced)


def test_every_step_named_in_the_trace_exists(rows: list[Row], playbooks: Books) -> None:
    keys = {case: {step["key"] for step in steps} for case, steps in playbooks.items()}
    missing = [
        f"TRACE.md:{row.line}: {row.rule} names `step:{case}:{key}`, which is not in the playbooks"
        for row in rows
        for case, key in sorted(row.steps)
        if key not in keys.get(case, set())
    ]
    assert not missing, "\n".join(missing)


def test_every_seed_has_rows_and_rule_ids_are_unique(rows: list[Row], playbooks: Books) -> None:
    lines = TRACE.read_text(encoding="utf-8").splitlines()
    sections = {match.group(1) for line in lines if (match := SEED_SECTION.match(line))}
    seeds = sections | {seed for _case, _key, seed in cited_seeds(playbooks)}
    per_seed = Counter(row.seed for row in rows)
    empty = [seed for seed in sorted(seeds) if per_seed[seed] == 0]
    assert not empty, f"seeds without a single row in TRACE.md: {empty}"
    duplicates = sorted(rule for rule, count in Counter(row.rule for row in rows).items() if count > 1)
    assert not duplicates, f"rule ids used more than once: {duplicates}"
    misplaced = [
        f"TRACE.md:{row.line}: {row.rule} is in the table of seed {row.seed}"
        for row in rows
        if not row.rule.startswith(f"{row.seed}-")
    ]
    assert not misplaced, "\n".join(misplaced)


def test_encoded_in_cells_are_well_formed(rows: list[Row]) -> None:
    """References use the legend's forms; the cell is refs, refs + '— in part: …', or 'not encoded: …'."""
    problems = []
    for row in rows:
        where = f"TRACE.md:{row.line}: {row.rule}"
        if not row.says:
            problems.append(f"{where}: empty 'says'")
        bad = [ref for ref in row.references if not REFERENCE.match(ref)]
        if bad:
            problems.append(f"{where}: unknown reference(s) {bad}")
        rest = BACKTICKED.sub("", row.encoded_in).strip()
        if NOT_ENCODED.match(row.encoded_in):
            if row.references:
                problems.append(f"{where}: 'not encoded' with references (use '— in part:' instead)")
        elif not row.references:
            problems.append(f"{where}: no reference and no 'not encoded: <reason>'")
        elif rest and not IN_PART.match(rest):
            problems.append(f"{where}: unexpected text after the references: {rest!r}")
    assert not problems, "\n".join(problems)


def test_parser_rejects_a_row_without_a_rule_id() -> None:
    text = "## Seed 000 — x\n\n| rule | says | encoded in |\n|---|---|---|\n| 0-1 | a | `mark:12h` |\n"
    with pytest.raises(ValueError, match=r"TRACE\.md:5:"):
        parse_trace(text)
