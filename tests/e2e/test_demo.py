"""`crisisbot demo` plays a whole crisis for every case against the real app and the Slack stand-in."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.playbooks import load_playbooks
from bot.demo.runner import CrisisDemo, DemoFailure, Printer, demo_script

CASES = [playbook.case for playbook in load_playbooks().cases()]


def play(case: str, language: str, folder: Path) -> tuple[bool, str]:
    out = io.StringIO()
    ok = CrisisDemo(case, language, Printer(out, colour=False), folder).run()
    return ok, out.getvalue()


@pytest.mark.parametrize(
    ("case", "language"), [(case, "en") for case in CASES] + [("data_leak", "es"), ("disinformation", "zh")]
)
def test_demo_plays_every_step(case: str, language: str, tmp_path: Path) -> None:
    ok, output = play(case, language, tmp_path)
    steps = [line for line in output.splitlines() if line.startswith(("✔", "✘"))]
    assert ok and len(steps) == 11 and all(line.startswith("✔") for line in steps), output
    title = demo_script()["titles"][case][language]
    assert title.upper() in output, "the transcript shows the pinned header"
    assert "── #crisis-leadership" in output and "version 1" in output
    report = (tmp_path / "crisis-demo-report.md").read_text()
    assert title in report
    assert (tmp_path / "crisis-demo-report.html").read_text().count("<svg") == 1
    if language == "en":
        assert "non_apology" in output, "the linter flagged the non-apology draft"
        assert "| Response approved (12h) |" in report and "| 2 h 30 min | met |" in report
        reminders = "no such deadline" if case == "planned_disruption" else "a confirmation was posted"
        assert reminders in output


def test_a_failing_step_fails_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: CrisisDemo) -> str:
        raise DemoFailure("no mention was logged")

    monkeypatch.setattr(CrisisDemo, "log_mentions", broken)
    ok, output = play("outage_our_fault", "en", tmp_path)
    assert not ok
    assert "✘  3. Log negative mentions: DemoFailure: no mention was logged" in output
    assert "4. Propose" not in output, "the demo stops at the first failure"


def test_demo_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--case", "competitor_attack", "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crisisbot demo: every step worked" in result.stdout and "\033[" not in result.stdout
    unknown = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--case", "alien_invasion"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert unknown.returncode == 2 and "choose one of" in unknown.stderr
