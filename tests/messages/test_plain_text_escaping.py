"""Text from people or playbooks in a plain_text object is escaped like any other text object
(headers, select options), and cut to the object's limit without splitting an entity.

Slack treats `&`, `<` and `>` as control characters in every text object, plain_text included, and
asks for them as HTML entities (https://api.slack.com/reference/surfaces/formatting#escaping);
a header holds at most 150 characters (https://api.slack.com/reference/block-kit/blocks#header).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.core.config import SUPPORTED_LANGUAGES
from bot.core.models import Incident, StatusUpdate
from bot.core.playbooks import load_playbooks
from bot.core.states import Severity
from bot.drills.drills import DrillScore
from messages.render import render_message, render_view
from tests.incidents.test_checklist_messages import make_items

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE_TITLES = ["<!channel> & <@U0BOSS>", "<@UHOSTILE>" * 12, "A & B <b>" * 20]


@pytest.mark.parametrize("language", ["en", "es", "zh"])
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_status_update_header_escapes_the_title_and_stays_within_150(language: str, title: str) -> None:
    incident = Incident(
        id=1,
        team_id="T0TEAM",
        title=title,
        case_key="service_failure",
        severity="high",
        language=language,
        responsible_user_id="U0RESP",
        opener_user_id="U0RESP",
        first_negative_at=NOW,
        channel_id="C0ROOM",
        created_at=NOW,
    )
    update = StatusUpdate(
        incident_id=1, author_user_id="U0RESP", what_happened="x", impact="y", actions="z", created_at=NOW
    )
    message = render_message("status_update.json.j2", language, incident=incident, update=update)
    header = message.blocks[0]["text"]["text"]
    assert len(header) <= 150
    assert "<" not in header and ">" not in header
    assert "&lt;" in header
    # an entity is never cut in half at the limit
    tail = header[header.rfind("&") :] if "&" in header else ""
    assert not tail or ";" in tail


HOSTILE = "<!channel> Q&A <@U0BOSS> " * 6


def hostile_playbook(directory: Path) -> Path:
    """A team playbook whose title and step texts are full of markup and ampersands."""
    document = {
        "case": "hostile_case",
        "number": 9,
        "title": {lang: HOSTILE[:75] for lang in ("en", "es", "zh")},
        "summary": {lang: "x" for lang in ("en", "es", "zh")},
        "steps": [
            {
                "key": f"step_{index}",
                "phase": "assess",
                "owner": "anyone",
                "text": {lang: f"{index} {HOSTILE}" for lang in ("en", "es", "zh")},
                "guidance": {lang: "Because." for lang in ("en", "es", "zh")},
            }
            for index in range(3)
        ],
    }
    path = directory / "hostile_case.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plain_texts(node: object) -> list[tuple[str, int]]:
    """Every plain_text object's text in a payload, with the limit of where it stands (a header's
    150, an option's 75; render_view and render_message check the others against Slack's limits)."""
    found: list[tuple[str, int]] = []
    if isinstance(node, dict):
        if node.get("type") == "plain_text":
            found.append((node["text"], 3000))
        for key, value in node.items():
            if node.get("type") == "header" and key == "text":
                found.append((value["text"], 150))
            elif key == "options" and isinstance(value, list):
                found += [(option["text"]["text"], 75) for option in value]
            else:
                found += plain_texts(value)
    elif isinstance(node, list):
        for value in node:
            found += plain_texts(value)
    return found


def assert_escaped(texts: list[tuple[str, int]]) -> None:
    hostile = [text for text, _ in texts if "channel" in text or "BOSS" in text]
    assert hostile, "the hostile text reached no plain_text object"
    for text, limit in texts:
        assert len(text) <= limit
        assert "<" not in text and ">" not in text, text
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text  # every & is an entity, none cut in half


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_checklist_options_open_modal_cases_and_drill_header_escape_playbook_text(
    tmp_path: Path, language: str
) -> None:
    hostile_playbook(tmp_path)
    playbook = load_playbooks(tmp_path).get("hostile_case")
    items = make_items(playbook, language)
    incident = Incident(id=1, language=language, case_key=playbook.case, title=HOSTILE[:150])
    checklist_message = render_message(
        "checklist.json.j2",
        language,
        incident=incident,
        steps=items,
        part=1,
        parts=1,
        case_title=playbook.title_for(language),
    )
    assert_escaped(plain_texts(checklist_message.blocks))

    view = render_view(
        "open_modal.json.j2",
        language,
        private_metadata="{}",
        initial_title="",
        first_negative_unix=None,
        initial_first_post_url=None,
        max_title=150,
        max_description=3000,
        cases=[playbook],
        severities=tuple(Severity),
        languages=SUPPORTED_LANGUAGES,
        language=language,
        opener_user_id="U0OPENER",
        now_unix=1_700_000_000,
    )
    assert_escaped(plain_texts(view["blocks"]))

    score = DrillScore(
        incident_id=1, time_scale=24, ended=True, real_duration=timedelta(hours=2), marks=[],
        first_approval_at=None, scenario_hours_to_approval=None, drafts=0, findings_by_rule={},
        approved_findings=0, mentions_total=0, mentions_handled=0, mentions_open=0,
        steps_done=0, steps_total=3, steps_expected_open=0,
    )  # fmt: skip
    scorecard = render_message(
        "drill_scorecard.json.j2",
        language,
        incident=incident,
        score=score,
        case_title=playbook.title_for(language),
    )
    assert_escaped(plain_texts(scorecard.blocks[:1]))
