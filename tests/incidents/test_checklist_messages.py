"""Every shipped playbook, in every language, renders to Block Kit that Slack accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.models import ChecklistItem, Incident
from bot.core.playbooks import LANGUAGES, load_playbooks
from bot.incidents import checklist
from messages.i18n import catalog
from messages.render import MAX_MESSAGE_BLOCKS, render_message
from tests.support.playbook_files import write_long_playbook

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_items(playbook, language: str, done_every: int = 3) -> list[ChecklistItem]:  # type: ignore[no-untyped-def]
    """Checklist rows as the incident would hold them, some ticked."""
    return [
        ChecklistItem(
            incident_id=1,
            step_key=step.key,
            position=position,
            phase=step.phase,
            owner=step.owner,
            deadline=step.deadline,
            text=step.text_for(language),
            guidance=step.guidance_for(language),
            done=position % done_every == 0,
            done_by_user_id="U0RESP" if position % done_every == 0 else None,
            done_at=NOW if position % done_every == 0 else None,
        )
        for position, step in enumerate(playbook.steps, start=1)
    ]


def render_parts(playbook, language: str) -> list[list[dict]]:  # type: ignore[no-untyped-def]
    incident = Incident(id=1, language=language, case_key=playbook.case)
    groups = checklist.parts(make_items(playbook, language))
    return [
        render_message(
            "checklist.json.j2",
            language,
            incident=incident,
            steps=group,
            part=part,
            parts=len(groups),
            case_title=playbook.title_for(language),
        ).blocks
        for part, group in enumerate(groups, start=1)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", [playbook.case for playbook in load_playbooks().cases()])
def test_every_case_in_every_language_is_valid_block_kit(case: str, language: str) -> None:
    playbook = load_playbooks().get(case)
    parts = render_parts(playbook, language)
    step_blocks = [b for blocks in parts for b in blocks if b.get("block_id", "").startswith("step:")]
    assert len(step_blocks) == len(playbook.steps)
    for blocks in parts:
        assert len(blocks) <= MAX_MESSAGE_BLOCKS
    texts = " ".join(b["text"]["text"] for b in step_blocks)
    assert playbook.steps[0].text_for(language)[:20] in texts
    ticked = [b for b in step_blocks if b["accessory"].get("initial_options")]
    assert len(ticked) == len(playbook.steps) // 3


def test_a_long_playbook_is_split_over_messages_never_cut(tmp_path: Path) -> None:
    write_long_playbook(tmp_path, steps=45)
    playbook = load_playbooks(tmp_path).get("long_case")
    parts = render_parts(playbook, "en")
    assert len(parts) == 3
    keys = [b["block_id"] for blocks in parts for b in blocks if b.get("block_id", "").startswith("step:")]
    assert keys == [f"step:{step.key}" for step in playbook.steps]
    assert all(len(blocks) <= MAX_MESSAGE_BLOCKS for blocks in parts)
    assert "part 2 of 3" in str(parts[1][0])


def test_every_language_has_every_string() -> None:
    english = set(catalog("en"))
    for language in ("es", "zh"):
        assert set(catalog(language)) == english, language
