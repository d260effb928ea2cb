"""Leadership follows along: a parent message per incident in the leadership channel, every notable
change threaded under it, and formatted status updates posted in both places."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Incident, StatusUpdate, TimelineEvent
from bot.demo.standin import SlackStandin
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import START, RunningApp, assert_valid_payloads, start_app


def thread(standin: SlackStandin, channel_id: str, parent_ts: str) -> list[dict]:
    """Replies under a parent message, oldest first."""
    return [
        m for m in standin.messages(channel_id) if m.get("thread_ts") == parent_ts and m["ts"] != parent_ts
    ]


def test_incident_events_are_threaded_in_the_leadership_channel(
    engine: Engine, database_url: str, standin: SlackStandin
) -> None:
    leaders = standin.add_channel("crisis-leadership", members=["U0OTHER"])
    crisis = start_app(database_url, standin, crisis_leadership_channel=leaders.id)
    try:
        incident = open_crisis(crisis)
        assert "U0BOT" in standin.members(leaders.id), "the bot joined the leadership channel to post"
        parent = standin.messages(leaders.id)[0]
        assert parent["ts"] == incident.leadership_ts
        assert f"<#{incident.channel_id}>" in str(parent["blocks"]) and "Critical" in str(parent["blocks"])

        channel_id = incident.channel_id
        crisis.command("severity high", user_id="U0RESP", channel_id=channel_id)
        crisis.command("assign @other", user_id="U0RESP", channel_id=channel_id)

        crisis.command("update", user_id="U0OTHER", channel_id=channel_id)
        modal = crisis.last_view()
        past = crisis.submit(
            modal,
            {
                "what_happened_input": "x",
                "impact_input": "y",
                "actions_input": "z",
                "next_update_at_input": crisis.clock.now() - timedelta(hours=1),
            },
            user_id="U0OTHER",
        )
        assert set(past.json()["errors"]) == {"next_update_at"}  # type: ignore[index]
        crisis.submit(
            modal,
            {
                "what_happened_input": "A thread about delayed refunds reached 40k shares.",
                "impact_input": "Support queue tripled; press asking.",
                "actions_input": "We are paying every open refund today; <!channel> ignored.",
                "next_update_at_input": crisis.clock.now() + timedelta(hours=3),
            },
            user_id="U0OTHER",
        )
        posted = standin.messages(channel_id)[-1]  # type: ignore[arg-type]
        assert "40k shares" in str(posted["blocks"]) and "<!channel>" not in str(posted["blocks"])
        crisis.replay()  # the same submission again posts nothing more
        assert standin.messages(channel_id)[-1]["ts"] == posted["ts"]  # type: ignore[arg-type]

        crisis.command("resolve", user_id="U0OTHER", channel_id=channel_id)
        crisis.submit(crisis.last_view(), {"resolution_input": "All refunds paid."}, user_id="U0OTHER")

        replies = thread(standin, leaders.id, parent["ts"])
        texts = [str(reply["blocks"]) for reply in replies]
        assert len(replies) == 4
        assert "from Critical to High" in texts[0]
        assert "<@U0OTHER>" in texts[1] and "responsible" in texts[1]
        assert "40k shares" in texts[2]
        assert "All refunds paid." in texts[3]
        top_level = [m["ts"] for m in standin.messages(leaders.id) if m.get("thread_ts") in (None, m["ts"])]
        assert top_level == [parent["ts"]], "one parent per incident, everything else threaded"
        final_parent = standin.find_message(parent["ts"])[1]  # type: ignore[index]
        assert "Resolved" in str(final_parent["blocks"]) and "High" in str(final_parent["blocks"])

        with Session(crisis.context.engine) as session:
            update = session.exec(select(StatusUpdate)).one()
            kinds = [e.kind for e in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]
            stored = session.get(Incident, incident.id)
        assert update.message_ts == posted["ts"] and update.author_user_id == "U0OTHER"
        assert kinds == ["opened", "severity_changed", "assigned", "status_update", "resolved"]
        assert stored is not None and stored.severity == "high"
        assert_valid_payloads(standin)
    finally:
        crisis.stop()


def test_leadership_channel_set_per_workspace(crisis: RunningApp) -> None:
    crisis.command("settings")
    assert "No leadership channel" in str(crisis.standin.responses[-1]["body"])
    board = crisis.standin.add_channel("board-room", members=["U0OPENER"])
    crisis.command("settings leadership nowhere")
    assert "/crisis settings leadership #channel" in str(crisis.standin.responses[-1]["body"])
    crisis.command("settings leadership #board-room")
    assert f"<#{board.id}>" in str(crisis.standin.responses[-1]["body"])
    incident = open_crisis(crisis)
    assert incident.leadership_channel_id == board.id
    assert crisis.standin.messages(board.id)[0]["ts"] == incident.leadership_ts
    crisis.command("settings leadership off")
    second = open_crisis(crisis, title_input="Another one")
    assert second.leadership_ts is None


def test_no_leadership_channel_means_no_leadership_posts(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.command("severity low", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.command("severity extreme", user_id="U0RESP", channel_id=incident.channel_id)
    assert "low|high|critical" in str(crisis.standin.responses[-1]["body"])
    channels = {call.params.get("channel") for call in crisis.standin.calls_to("chat.postMessage")}
    assert channels <= {incident.channel_id, "U0OPENER"}


def test_a_missed_next_update_reminds_the_responsible_person(crisis: RunningApp) -> None:
    from bot.deadlines.service import fire_due

    incident = open_crisis(crisis)
    channel_id = incident.channel_id

    def post_update(next_in: timedelta) -> None:
        crisis.command("update", user_id="U0RESP", channel_id=channel_id)
        crisis.submit(
            crisis.last_view(),
            {
                "what_happened_input": "Refunds delayed.",
                "impact_input": "Support queue tripled.",
                "actions_input": "Paying refunds today.",
                "next_update_at_input": crisis.clock.now() + next_in,
            },
            user_id="U0RESP",
        )

    def fire(at: timedelta) -> list:
        crisis.clock.set(START + at)
        return [item for item in fire_due(crisis.context, crisis.clock.now()) if item.kind == "next_update"]

    post_update(timedelta(hours=2))  # promises the next update at 11:00
    crisis.clock.set(START + timedelta(hours=1))
    post_update(timedelta(hours=3))  # a new update at 10:00 promises 13:00 instead
    assert fire(timedelta(hours=2, minutes=5)) == [], "the 11:00 promise was kept by the 10:00 update"
    reminded = fire(timedelta(hours=4, minutes=1))
    assert [item.result for item in reminded] == ["posted"]
    text = str(crisis.standin.messages(channel_id)[-1]["blocks"])  # type: ignore[arg-type]
    assert "none has been posted" in text and "<@U0RESP>" in text and "/crisis update" in text
    assert fire(timedelta(hours=6)) == [], "reminded once"
