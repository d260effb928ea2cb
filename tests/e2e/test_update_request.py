""" "Request an update" on an incident's leadership message: anyone in the leadership channel pings the
responsible person in the crisis channel (by DM too for a private crisis), it is logged and reported,
the requester is told privately, a replayed click does nothing, and one person asks at most once per
15 minutes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import TimelineEvent
from bot.demo.standin import SlackStandin
from bot.reports.service import render_report
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import RunningApp, assert_valid_payloads, start_app


@pytest.fixture
def board(standin: SlackStandin) -> str:
    """The leadership channel: the bot, a board member and the opener."""
    return standin.add_channel("board", members=["U0BOT", "U0OTHER", "U0OPENER"]).id


@pytest.fixture
def app(engine: Engine, database_url: str, standin: SlackStandin, board: str) -> Iterator[RunningApp]:
    running = start_app(database_url, standin, crisis_leadership_channel=board)
    try:
        yield running
    finally:
        running.stop()


def parent(app: RunningApp, board: str) -> dict:
    return app.standin.messages(board)[0]


def requests(app: RunningApp) -> list[TimelineEvent]:
    with Session(app.context.engine) as session:
        query = select(TimelineEvent).where(TimelineEvent.kind == "update_requested")
        return list(session.exec(query))


def test_leadership_asks_for_an_update_in_chinese(app: RunningApp, board: str) -> None:
    incident = open_crisis(app, language_input="zh")
    message = parent(app, board)
    button = next(
        element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == ids.REQUEST_UPDATE
    )
    assert button["text"]["text"] == "请求更新"
    before = len(app.standin.messages(incident.channel_id))  # type: ignore[arg-type]

    app.click(message, ids.REQUEST_UPDATE, "U0OTHER")
    crisis_channel = app.standin.messages(incident.channel_id)  # type: ignore[arg-type]
    assert len(crisis_channel) == before + 1
    ping = str(crisis_channel[-1]["blocks"])
    assert "<@U0OTHER>" in ping and "<@U0RESP>" in ping and "/crisis update" in ping
    told = app.standin.ephemerals(channel_id=board, user_id="U0OTHER")
    assert len(told) == 1 and "已完成" in str(told[-1]["blocks"])
    assert [event.actor_user_id for event in requests(app)] == ["U0OTHER"]

    app.replay()  # the same click again changes nothing
    assert len(app.standin.messages(incident.channel_id)) == before + 1  # type: ignore[arg-type]
    assert len(requests(app)) == 1

    app.clock.advance(timedelta(minutes=5))
    app.click(parent(app, board), ids.REQUEST_UPDATE, "U0OTHER")
    assert len(app.standin.messages(incident.channel_id)) == before + 1, "no second ping within 15 min"  # type: ignore[arg-type]
    polite = str(app.standin.ephemerals(channel_id=board, user_id="U0OTHER")[-1]["blocks"])
    assert "15 分钟" in polite and "<!date^" in polite
    assert len(requests(app)) == 1

    app.click(parent(app, board), ids.REQUEST_UPDATE, "U0OPENER")  # someone else may ask
    assert len(app.standin.messages(incident.channel_id)) == before + 2  # type: ignore[arg-type]

    app.clock.advance(timedelta(minutes=11))
    app.click(parent(app, board), ids.REQUEST_UPDATE, "U0OTHER")
    assert len(app.standin.messages(incident.channel_id)) == before + 3  # type: ignore[arg-type]
    assert [event.actor_user_id for event in requests(app)] == ["U0OTHER", "U0OPENER", "U0OTHER"]

    report = render_report(app.context, incident.id, "md")  # type: ignore[arg-type]
    assert "Otto 请 Rafael Responsible 发布状态更新。" in report
    assert "update_requested" not in report
    assert assert_valid_payloads(app.standin) > 0


def test_a_private_crisis_is_asked_in_its_channel_and_by_dm(app: RunningApp, board: str) -> None:
    incident = open_crisis(app, case_input="data_leak")
    message = parent(app, board)
    assert "Request an update" in str(message["blocks"])
    app.click(message, ids.REQUEST_UPDATE, "U0OTHER")
    assert "<@U0RESP>" in str(app.standin.messages(incident.channel_id)[-1]["blocks"])  # type: ignore[arg-type]
    assert "status update" in str(app.standin.dm_messages("U0RESP")[-1]["blocks"])
    told = str(app.standin.ephemerals(channel_id=board, user_id="U0OTHER")[-1]["blocks"])
    assert "Done:" in told
    assert len(app.standin.messages(board)) == 1, "nothing about the private crisis reaches leadership"


def test_a_resolved_crisis_has_no_button_and_refuses_a_stale_click(app: RunningApp, board: str) -> None:
    incident = open_crisis(app, language_input="es")
    stale = parent(app, board)
    app.command("resolve", user_id="U0RESP", channel_id=incident.channel_id)
    app.submit(app.last_view(), {"resolution_input": "Todo reembolsado."}, user_id="U0RESP")
    assert ids.REQUEST_UPDATE not in str(parent(app, board)["blocks"])
    with app.standin.state.lock:  # a click on the message as it was before the resolution
        app.standin.state.find_message(board, stale["ts"])["blocks"] = stale["blocks"]  # type: ignore[index]
    app.click(stale, ids.REQUEST_UPDATE, "U0OTHER")
    assert requests(app) == []
    refused = str(app.standin.ephemerals(channel_id=board, user_id="U0OTHER")[-1]["blocks"])
    assert "ya no está abierta" in refused, refused
