"""A slash command whose text holds the word "payload" (pre-existing: Bolt's parse_body, which
bot.app.worker.dispatch_kept now also uses for the kept form body)."""

from __future__ import annotations

from tests.support.running_app import RunningApp


def test_a_command_whose_text_says_payload_is_answered(crisis: RunningApp) -> None:
    """Bolt's `parse_body` takes any form body containing the substring "payload" for an interactive
    payload and, finding no `payload` field, returns {}: `/crisis help payload` matches no listener."""
    general = crisis.standin.channel_by_name("general")
    assert general is not None
    before = len(crisis.standin.responses)
    answer = crisis.driver.slash_command("/crisis", "help payload", "U0RESP", general.id)
    assert answer.status == 200
    crisis.settle()
    assert len(crisis.standin.responses) > before, "the command was never handled"
