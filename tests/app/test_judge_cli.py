"""`crisisbot lint|triage|compare`: JSON Lines in, JSON Lines out, in input order, bad lines answered."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from bot.app import cli
from tests.support.builders import REPOST_CHAIN


def run(argv: list[str], lines: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    code = cli.main(argv)
    return code, out.getvalue().splitlines()


def test_lint_writes_findings_in_input_order(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        json.dumps({"text": "We regret if anyone was offended. <!channel>", "language": "en"}),
        json.dumps({"text": "Lamentamos si alguien se sintió ofendido.", "language": "es"}),
        json.dumps({"text": "我们正在调查此事。", "language": "zh", "case": "data_leak"}),
    ]
    code, out = run(["lint"], lines, monkeypatch)
    assert code == 0 and len(out) == 3
    first, second, third = (json.loads(line) for line in out)
    assert {f["rule"] for f in first["findings"]} >= {"non_apology", "mass_mention"}
    assert all(set(f) == {"rule", "quote", "explanation"} for f in first["findings"])
    assert "non_apology" in {f["rule"] for f in second["findings"]}
    assert {"vague_action", "missing_apology"} <= {f["rule"] for f in third["findings"]}


def test_missing_apology_needs_the_case(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Our database was exposed on 3 May. We have reset all passwords. Next update at 15:00."
    lines = [json.dumps({"text": text, "case": "data_leak"}), json.dumps({"text": text})]
    _, out = run(["lint"], lines, monkeypatch)
    with_case, without = (json.loads(line) for line in out)
    assert "missing_apology" in {f["rule"] for f in with_case["findings"]}
    assert "missing_apology" not in {f["rule"] for f in without["findings"]}


def test_bad_lines_get_an_error_on_their_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["{not json", json.dumps(["a list"]), json.dumps({"language": "en"}), "",
             json.dumps({"text": 5}), json.dumps({"text": "hola", "language": "fr"}),
             json.dumps({"text": "We are sorry."})]  # fmt: skip
    code, out = run(["lint"], lines, monkeypatch)
    assert code == 1
    assert len(out) == len(lines)
    assert out[3] == ""
    for index in (0, 1, 2, 4, 5):
        assert "error" in json.loads(out[index]), index
    assert "findings" in json.loads(out[6])


def test_triage_judges_each_post_against_the_earlier_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    complaint = "Order #48213 was charged twice yesterday and support has not answered in 3 days."
    lines = [
        json.dumps({"text": complaint, "author": "@sarah", "platform": "x", "url": "https://x.com/s/1"}),
        json.dumps({"text": "Just switch to Zapr, they never lose orders.", "author": "@fan", "platform": "x"}),  # noqa: E501
        json.dumps({"text": complaint + "!!", "author": "@other", "platform": "facebook"}),
        json.dumps({"text": "Get 10K real followers in 24h, only $12 → boostfame.shop", "author": "@b",
                    "platform": "instagram"}),
    ]  # fmt: skip
    code, out = run(["triage", "--rivals", "Zapr,Kwik"], lines, monkeypatch)
    assert code == 0
    answers = [json.loads(line) for line in out]
    assert [a["class"] for a in answers] == ["complaint", "competitor", "spam_duplicate", "ad"]
    assert answers[2]["duplicate_of"] == 0
    assert "duplicate_of" not in answers[0]
    assert all(isinstance(a["reasons"], list) and a["reasons"] for a in answers)


def test_triage_points_a_repeat_of_a_repeat_at_the_first_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The third post resembles only the second, itself a repeat of the first: the first line is kept."""
    texts = REPOST_CHAIN
    lines = [json.dumps({"text": text, "author": f"@u{n}", "platform": "x"}) for n, text in enumerate(texts)]
    code, out = run(["triage"], lines, monkeypatch)
    assert code == 0
    answers = [json.loads(line) for line in out]
    assert [a.get("duplicate_of") for a in answers] == [None, 0, 0]


def test_triage_rivals_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISIS_COMPETITORS", "Kwik")
    line = json.dumps(
        {"text": "Kwik would never do this to you.", "author": "@kwik_official", "platform": "x"}
    )
    _, out = run(["triage"], [line], monkeypatch)
    assert json.loads(out[0])["class"] == "competitor"


def test_triage_tells_an_employees_post(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        json.dumps({"text": "The new app release is a mess", "author": "@lumo_jane", "platform": "x"}),
        json.dumps({"text": "My order #48213 never came", "author": "@ana", "platform": "x"}),
    ]
    _, out = run(["triage", "--employees", "lumo_jane"], lines, monkeypatch)
    staff, customer = (json.loads(line) for line in out)
    assert staff["source_kind"] == "employee" and staff["suggested_action"] == "talk_to_employee"
    assert customer["source_kind"] == "customer" and customer["suggested_action"] == "respond_publicly"
    monkeypatch.setenv("CRISIS_EMPLOYEE_HANDLES", "ana")
    _, out = run(["triage"], lines[1:], monkeypatch)
    assert json.loads(out[0])["source_kind"] == "employee"


def test_compare_gives_the_verdict_and_both_sides(monkeypatch: pytest.MonkeyPatch) -> None:
    approved = "We will refund €250 to all 4,500 affected customers by 20 June. Next update at 20:00."
    lines = [
        json.dumps(
            {"approved": approved, "spoken": approved.replace("€250", "250 euros").replace("20:00", "8 pm")}
        ),
        json.dumps(
            {"approved": approved, "spoken": approved.replace("4,500", "a handful of"), "language": "en"}
        ),
        json.dumps({"approved": approved}),
    ]
    code, out = run(["compare"], lines, monkeypatch)
    assert code == 1
    same, changed, bad = (json.loads(line) for line in out)
    assert same == {"material": False, "differences": []}
    assert changed["material"] is True
    (difference,) = changed["differences"]
    assert difference["kind"] == "vague_figure"
    assert "4,500" in difference["approved"] and "handful" in difference["spoken"]
    assert "error" in bad


def test_console_script_runs_as_a_process() -> None:
    line = json.dumps({"text": "We regret if anyone was offended.", "language": "en"}) + "\n"
    result = subprocess.run(
        [sys.executable, "-c", "from bot.app.cli import main; raise SystemExit(main())", "lint"],
        input=line, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "non_apology" in {f["rule"] for f in json.loads(result.stdout)["findings"]}
