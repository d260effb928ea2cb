"""Socket Mode end to end: `crisisbot run`'s Socket Mode path (SLACK_APP_TOKEN set, SLACK_API_URL at the
stand-in) over a real WebSocket, with Slack's envelope protocol (hello, envelopes, acks, disconnect with
refresh_requested and the client's reconnect). https://docs.slack.dev/apis/events-api/using-socket-mode"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app.cli import open_socket_mode
from bot.app.factory import build_context, create_app
from bot.core.clock import ManualClock
from bot.core.config import load_settings
from bot.core.models import Incident
from bot.demo.local_app import BOT_TOKEN, START
from bot.demo.standin import SlackStandin
from bot.demo.standin.driver import SocketModeDriver
from bot.demo.standin.state import DEFAULT_APP_TOKEN
from bot.slack.context import AppContext
from bot.slack.executor import TrackingExecutor
from messages import ids
from tests.e2e.test_open_crisis import OPEN_VALUES


@dataclass
class SocketApp:
    context: AppContext
    executor: TrackingExecutor
    connection: SocketModeHandler
    driver: SocketModeDriver

    def settle(self) -> None:
        idle = self.executor.wait_idle(30) and self.context.wait_idle(30)
        assert idle, "listeners still running after 30 s"


@pytest.fixture
def socket_app(
    engine: Engine, database_url: str, standin: SlackStandin, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SocketApp]:
    """The app as `crisisbot run` starts it when SLACK_APP_TOKEN is set, against the stand-in."""
    for name, value in {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": DEFAULT_APP_TOKEN,
        "SLACK_SIGNING_SECRET": "",
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": database_url,
    }.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    assert settings.socket_mode
    settings.require_slack(http=False)
    executor = TrackingExecutor()
    context = build_context(settings, ManualClock(START))
    connection = open_socket_mode(create_app(context, executor), settings)
    try:
        standin.socket_mode.wait_for_connections()
        yield SocketApp(context, executor, connection, SocketModeDriver(standin))
    finally:
        connection.close()
        executor.shutdown(wait=True)
        context.engine.dispose()


def test_the_app_connects_with_the_app_level_token(socket_app: SocketApp, standin: SlackStandin) -> None:
    opened = standin.calls_to("apps.connections.open")
    assert [(call.ok, call.error) for call in opened] == [(True, None)]
    assert standin.socket_mode.connection_count == 1 and standin.socket_mode.hellos == 1


def test_a_crisis_opens_over_socket_mode_with_a_reconnect_in_the_middle(
    socket_app: SocketApp, standin: SlackStandin
) -> None:
    general = standin.channel_by_name("general").id  # type: ignore[union-attr]
    ack = socket_app.driver.slash_command("/crisis", "open Refunds & <delays>", "U0OPENER", general)
    socket_app.settle()
    assert ack.status == 200
    modal = standin.view(standin.views[-1]["view"]["id"])
    assert modal["callback_id"] == ids.OPEN_MODAL
    title = next(b for b in modal["blocks"] if b["block_id"] == ids.OPEN_TITLE)
    assert title["element"]["initial_value"] == "Refunds & <delays>"

    # Slack asks the app to move to a new connection; the client opens one and drops the old one
    hub = standin.socket_mode
    hub.request_refresh()
    hub.wait_for_connections(count=1, hellos=2)
    standin.wait_until(lambda s: s.socket_mode.connection_count == 1)
    assert len(standin.calls_to("apps.connections.open")) == 2

    response = socket_app.driver.submit_view(
        modal, {**OPEN_VALUES, "title_input": title["element"]["initial_value"]}, "U0OPENER"
    )
    socket_app.settle()
    assert response.status == 200 and not response.view_error, response.body

    channel = standin.channel_by_name("crisis-20260302-refunds-delays")
    assert channel is not None
    assert {"U0OPENER", "U0RESP"} <= set(standin.members(channel.id))
    header = standin.messages(channel.id)[0]
    assert header["ts"] in [pin["ts"] for pin in standin.pins(channel.id)]
    with Session(socket_app.context.engine) as session:
        incident = session.exec(select(Incident)).one()
    assert (incident.status, incident.channel_id, incident.title) == (
        "open",
        channel.id,
        "Refunds & <delays>",
    )


def test_a_refused_modal_submission_answers_in_the_ack_payload(
    socket_app: SocketApp, standin: SlackStandin
) -> None:
    """view_submission accepts a response payload: the app's errors travel back in the ack."""
    general = standin.channel_by_name("general").id  # type: ignore[union-attr]
    socket_app.driver.slash_command("/crisis", "open", "U0OPENER", general)
    socket_app.settle()
    modal = standin.view(standin.views[-1]["view"]["id"])
    response = socket_app.driver.submit_view(
        modal, {**OPEN_VALUES, "first_negative_at_input": START + timedelta(hours=2)}, "U0OPENER"
    )
    socket_app.settle()
    answer = response.json()
    assert answer is not None and answer["response_action"] == "errors", response.body
    assert list(answer["errors"]) == [ids.OPEN_FIRST_NEGATIVE_AT]
    assert response.view_error is None  # Slack accepted the errors object and shows it in the modal
