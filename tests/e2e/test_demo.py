"""`crisisbot demo` plays a whole crisis for every case against the real app and the Slack stand-in."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.playbooks import load_playbooks
from bot.demo.runner import CrisisDemo, DemoFailure, Printer, demo_script
from bot.reports.document import EVENT_KINDS
from messages.i18n import LANGUAGES

CASES = [playbook.case for playbook in load_playbooks().cases()]


def play(case: str, language: str, folder: Path) -> tuple[bool, str]:
    out = io.StringIO()
    ok = CrisisDemo(case, language, Printer(out, colour=False), folder).run()
    return ok, out.getvalue()


RAW_SLACK_ID = re.compile(r"<@|\b[UW]0[A-Z0-9]{2,}\b")
CODES_WITH_UNDERSCORE = [kind for kind in EVENT_KINDS if "_" in kind]


def assert_readable_outside_slack(text: str, language: str) -> None:
    """No Slack user id and no internal event code: people's names and sentences instead."""
    assert not RAW_SLACK_ID.search(text), RAW_SLACK_ID.search(text)
    # Codes like `opened` are also English words; in Spanish and Chinese none may appear at all.
    codes = EVENT_KINDS if language != "en" else CODES_WITH_UNDERSCORE
    found = [code for code in codes if re.search(rf"\b{code}\b", text)]
    assert not found, found


@pytest.mark.parametrize(("case", "language"), [(case, language) for case in CASES for language in LANGUAGES])
def test_demo_plays_every_step(case: str, language: str, tmp_path: Path) -> None:
    ok, output = play(case, language, tmp_path)
    steps = [line for line in output.splitlines() if line.startswith(("✔", "✘"))]
    assert ok and len(steps) == 11 and all(line.startswith("✔") for line in steps), output
    title = demo_script()["titles"][case][language]
    assert title.upper() in output, "the transcript shows the pinned header"
    assert "── #crisis-leadership" in output and "version 1" in output
    report = (tmp_path / "crisis-demo-report.md").read_text()
    html = (tmp_path / "crisis-demo-report.html").read_text()
    assert title in report
    assert html.count("<svg") == 1
    for document in (report, html):
        assert_readable_outside_slack(document, language)
    assert "Rafael Responsible" in report and "Rafael Responsible" in html
    assert not RAW_SLACK_ID.search(output), "the transcript shows names, not ids"
    for channel in output.split("── #")[1:]:
        lines = channel.splitlines()
        assert re.fullmatch(r"── \w+day, \d{4}-\d{2}-\d{2} ──", lines[1]), "a transcript opens with its date"
        days = [line for line in lines if re.fullmatch(r"── \w+day, \d{4}-\d{2}-\d{2} ──", line)]
        assert days == sorted(set(days), key=days.index) and days == sorted(days, key=lambda d: d[-13:-3])


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
