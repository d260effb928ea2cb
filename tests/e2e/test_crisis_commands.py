"""`/crisis status|assign|resolve|help` and unknown subcommands, end to end."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.core.models import Incident, TimelineEvent
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import RunningApp, assert_valid_payloads


def last_response(crisis: RunningApp) -> dict:
    """What the app sent to the command's response_url most recently."""
    return crisis.standin.responses[-1]["body"]


def test_help_and_unknown_subcommand_list_the_commands(crisis: RunningApp) -> None:
    crisis.command("help")
    body = last_response(crisis)
    assert body["response_type"] == "ephemeral"
    assert "/crisis assign @person" in str(body["blocks"])
    listed = str(body["blocks"])
    registered = [
        "open",
        "status",
        "assign",
        "resolve",
        "help",
        "update",
        "severity",
        "settings",
        "mention",
        "mentions",
        "draft",
        "approvers",
        "spokesperson",
        "message",
        "check",
        "published",
        "deadlines",
        "first-post",
        "reopen",
        "drill",
    ]
    assert all(f"/crisis {name}" in listed for name in registered), listed
    crisis.command("frobnicate now")
    body = last_response(crisis)
    assert "I don't know `frobnicate`" in str(body["blocks"])
    assert "/crisis resolve" in str(body["blocks"])


def test_incident_commands_outside_an_incident_channel_explain(crisis: RunningApp) -> None:
    for text in ("status", "assign @resp", "resolve"):
        crisis.command(text)
        body = last_response(crisis)
        assert body["response_type"] == "ephemeral"
        assert "only in a crisis channel" in str(body["blocks"])
    assert crisis.standin.calls_to("views.open") == []


def test_status_assign_and_resolve(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel_id = incident.channel_id
    assert channel_id

    crisis.command("status", user_id="U0RESP", channel_id=channel_id)
    status = str(last_response(crisis)["blocks"])
    assert "Viral thread: refunds delayed!" in status and "0 of" in status and "h left" in status

    crisis.command("assign someone", user_id="U0RESP", channel_id=channel_id)
    assert "Name one person" in str(last_response(crisis)["blocks"])
    crisis.standin.add_user("U0GHOST", "ghost").deleted = True  # a deactivated account
    crisis.command("assign @ghost", user_id="U0RESP", channel_id=channel_id)
    assert "can't find that person" in str(last_response(crisis)["blocks"])

    crisis.command("assign @other", user_id="U0RESP", channel_id=channel_id)
    assert "U0OTHER" in crisis.standin.members(channel_id)
    crisis.command("assign @other", user_id="U0OTHER", channel_id=channel_id)
    assert "<@U0OTHER> is already the responsible person" in str(last_response(crisis)["blocks"])
    announcement = crisis.standin.messages(channel_id)[-1]
    assert "<@U0OTHER>" in str(announcement["blocks"]) and "<@U0RESP>" in str(announcement["blocks"])
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    assert "<@U0OTHER>" in str(header["blocks"])
    assert "Responsible: Otto" in str(crisis.standin.channel(channel_id).topic)  # topics show no mentions

    crisis.command("resolve", user_id="U0OTHER", channel_id=channel_id)
    modal = crisis.last_view()
    empty = crisis.submit(modal, {"resolution_input": "   "}, user_id="U0OTHER")
    assert empty.json()["response_action"] == "errors"  # type: ignore[index]
    crisis.submit(
        modal, {"resolution_input": "Refunds paid; thread author thanked us publicly."}, user_id="U0OTHER"
    )
    dms_before = len(crisis.standin.dm_messages("U0OTHER"))
    crisis.replay()  # the same submission again: no error DM, no second announcement
    assert len(crisis.standin.dm_messages("U0OTHER")) == dms_before
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        kinds = [e.kind for e in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]
    assert stored is not None and stored.status == "resolved" and stored.resolved_at == crisis.clock.now()
    assert kinds == ["opened", "assigned", "resolved"]
    with_blocks = [m for m in crisis.standin.messages(channel_id) if m.get("blocks")]
    assert "Refunds paid" in str(with_blocks[-1]["blocks"])
    upload = crisis.standin.calls_to("files.completeUploadExternal")[-1]
    assert upload.ok and upload.params["channel_id"] == channel_id
    report = crisis.standin.file_content(upload.params["files"][0]["id"]).decode()  # type: ignore[union-attr]
    assert "# Post-crisis report: Viral thread: refunds delayed!" in report
    assert "Refunds paid; thread author thanked us publicly." in report
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    assert "Resolved" in str(header["blocks"])

    crisis.command("resolve", user_id="U0OTHER", channel_id=channel_id)
    assert "not open any more" in str(last_response(crisis)["blocks"])
    assert_valid_payloads(crisis.standin)


def test_user_text_cannot_ping_the_channel(crisis: RunningApp) -> None:
    incident = open_crisis(
        crisis, title_input="<!channel> look", description_input="Hi <!here> & <@U0OTHER> <https://x.test|y>"
    )
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    text = str(header["blocks"])
    assert "<!channel>" not in text and "<!here>" not in text and "<@U0OTHER>" not in text
    assert "&lt;!here&gt; &amp; &lt;@U0OTHER&gt;" in text
