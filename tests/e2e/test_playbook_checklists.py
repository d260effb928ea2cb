"""Playbooks in the running app: a team's own long playbook, and the language chosen per incident."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import ChecklistItem, ChecklistMessage
from bot.demo.standin import SlackStandin
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.support.playbook_files import write_long_playbook
from tests.support.running_app import RunningApp, assert_valid_payloads, start_app


def test_team_playbook_longer_than_a_message_is_posted_in_parts(
    engine: Engine, database_url: str, standin: SlackStandin, tmp_path: Path
) -> None:
    write_long_playbook(tmp_path, steps=45)
    crisis = start_app(database_url, standin, playbooks_dir=tmp_path)
    try:
        incident = open_crisis(crisis, case_input="long_case")
        messages = crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        parts = messages[1:4]
        with Session(crisis.context.engine) as session:
            rows = session.exec(select(ChecklistMessage).order_by(ChecklistMessage.part)).all()
        assert [row.ts for row in rows] == [message["ts"] for message in parts]
        assert [(row.first_position, row.last_position) for row in rows] == [(1, 20), (21, 40), (41, 45)]

        last_part = parts[2]
        crisis.click(
            last_part, ids.CHECKLIST_TOGGLE, "U0RESP", option_value="step_44", block_id="step:step_44"
        )
        with Session(crisis.context.engine) as session:
            step = session.exec(select(ChecklistItem).where(ChecklistItem.step_key == "step_44")).one()
        assert step.done
        updates = crisis.standin.calls_to("chat.update")
        assert parts[2]["ts"] in [call.params["ts"] for call in updates]
        assert parts[0]["ts"] not in [call.params["ts"] for call in updates]
        assert_valid_payloads(crisis.standin)
    finally:
        crisis.stop()


def test_incident_language_sets_playbook_and_bot_strings(crisis: RunningApp) -> None:
    incident = open_crisis(crisis, language_input="es", case_input="data_leak")
    messages = crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
    header, checklist_message = str(messages[0]["blocks"]), str(messages[1]["blocks"])
    assert "Gravedad" in header and "Crítica" in header
    assert "Protocolo" in checklist_message and "Hecho" in checklist_message
    crisis.command("status", user_id="U0RESP", channel_id=incident.channel_id)
    assert "quedan" in str(crisis.standin.responses[-1]["body"]["blocks"])

    chinese = open_crisis(crisis, language_input="zh", title_input="数据泄露")
    assert chinese.channel_name == "crisis-20260302-shu-ju-xie-lou"  # pinyin of the title
    messages = crisis.standin.messages(chinese.channel_id)  # type: ignore[arg-type]
    assert "严重程度" in str(messages[0]["blocks"]) and "完成" in str(messages[1]["blocks"])
