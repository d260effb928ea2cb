"""The driver that plays Slack toward the app: signatures and payload shapes, against a recording app."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.demo.standin import BOT_USER_ID, DEFAULT_TOKEN, DriverError, SlackDriver, SlackStandin

SECRET = "test-signing-secret"
PT = "plain_text"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str

    def payload(self) -> dict[str, Any]:
        return dict(json.loads(parse_qs(self.body)["payload"][0]))

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body).items()}


@dataclass
class RecordingApp:
    """A stand-in for the Bolt app: records requests and answers with `reply`."""

    received: list[Received] = field(default_factory=list)
    reply: tuple[int, str] = (200, "")
    url: str = ""


@pytest.fixture()
def app() -> Iterator[RecordingApp]:
    recorder = RecordingApp()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            recorder.received.append(Received(self.path, dict(self.headers), body))
            status, text = recorder.reply
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if text.startswith("{") else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield recorder
    server.shutdown()
    server.server_close()


@pytest.fixture()
def standin() -> Iterator[SlackStandin]:
    with SlackStandin() as running:
        yield running


@pytest.fixture()
def client(standin: SlackStandin) -> WebClient:
    return WebClient(base_url=standin.url, token=DEFAULT_TOKEN)


@pytest.fixture()
def driver(app: RecordingApp, standin: SlackStandin) -> SlackDriver:
    return SlackDriver(app.url, SECRET, standin)


@pytest.fixture()
def channel_id(standin: SlackStandin) -> str:
    return standin.add_channel("crisis-1", members=[BOT_USER_ID, "U0OPENER", "U0RESP"]).id


def text(value: str) -> dict[str, str]:
    return {"type": PT, "text": value}


def option(value: str, label: str | None = None) -> dict[str, Any]:
    return {"text": text(label or value.title()), "value": value}


def input_block(block_id: str, element: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": text(block_id),
        "optional": optional,
        "element": {"action_id": block_id, **element},
    }


def test_signature_verifies_and_can_be_broken(driver: SlackDriver, app: RecordingApp) -> None:
    status, _headers, _body = driver.signed_post("/slack/events", '{"x":1}', "application/json")
    driver.signed_post("/slack/events", '{"x":1}', "application/json", timestamp=1_000_000)
    driver.signed_post("/slack/events", '{"x":1}', "application/json", secret="nope")
    assert status == 200
    verifier = SignatureVerifier(SECRET)
    good, old, bad = app.received
    assert verifier.is_valid_request(good.body, good.headers)
    assert not verifier.is_valid_request(old.body, old.headers)
    assert not verifier.is_valid_request(bad.body, bad.headers)


def test_http_errors_are_returned_not_raised(driver: SlackDriver, app: RecordingApp) -> None:
    app.reply = (401, "invalid request")
    status, _headers, body = driver.event({"type": "app_mention", "text": "hi"})
    assert (status, body) == (401, "invalid request")
    response = driver.replay()
    assert (response.status, response.body, response.json()) == (401, "invalid request", None)


def test_slash_command_trigger_and_response_url(
    driver: SlackDriver, app: RecordingApp, client: WebClient, standin: SlackStandin, channel_id: str
) -> None:
    driver.slash_command("/crisis", "open acme", "U0OPENER", channel_id)
    form = app.received[-1].form()
    assert app.received[-1].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert (form["command"], form["text"], form["channel_name"], form["user_name"]) == (
        "/crisis",
        "open acme",
        "crisis-1",
        "opener",
    )
    modal = {"type": "modal", "title": text("Open"), "blocks": [{"type": "section", "text": text("hi")}]}
    assert client.views_open(trigger_id=form["trigger_id"], view=modal)["ok"]
    WebhookClient(form["response_url"]).send(text="Only you see this")
    WebhookClient(form["response_url"]).send(text="Everyone sees this", response_type="in_channel")
    assert [r["action"] for r in standin.responses] == ["ephemeral", "in_channel"]
    assert standin.ephemerals(channel_id, "U0OPENER")[0]["text"] == "Only you see this"
    assert standin.messages(channel_id)[-1]["text"] == "Everyone sees this"
    with pytest.raises(DriverError):
        driver.slash_command("/crisis", "", "U0OTHER", channel_id)


def test_slash_command_text_is_escaped_as_slack_does(
    driver: SlackDriver, app: RecordingApp, standin: SlackStandin, channel_id: str
) -> None:
    """A command with should_escape: mentions, channels and links wrapped, `& < >` as entities.
    https://docs.slack.dev/interactivity/implementing-slash-commands (escaping),
    https://docs.slack.dev/messaging/formatting-message-text (escaping control characters)."""
    secret = standin.add_channel("war-room", members=["U0OPENER"], is_private=True)
    typed = "assign @resp & tell @here in #crisis-1 and #war-room <now> https://x.test/a?b=1&c=2 @nobody #9"
    driver.slash_command("/crisis", typed, "U0OPENER", channel_id)
    assert app.received[-1].form()["text"] == (
        f"assign <@U0RESP> &amp; tell <!here> in <#{channel_id}|crisis-1> and <#{secret.id}|> &lt;now&gt; "
        "<https://x.test/a?b=1&amp;c=2> @nobody #9"
    )


def full_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "open_crisis",
        "private_metadata": "meta-1",
        "title": text("Open crisis"),
        "submit": text("Open"),
        "blocks": [
            input_block("title", {"type": "plain_text_input", "max_length": 20}),
            input_block("link", {"type": "url_text_input"}, optional=True),
            input_block("mail", {"type": "email_text_input", "initial_value": "a@b.c"}),
            input_block("count", {"type": "number_input", "is_decimal_allowed": False}),
            input_block(
                "severity",
                {
                    "type": "static_select",
                    "options": [option("low"), option("high")],
                    "initial_option": option("low"),
                },
            ),
            input_block(
                "channel_kind",
                {"type": "radio_buttons", "options": [option("public"), option("dm")]},
                optional=True,
            ),
            input_block("tags", {"type": "multi_static_select", "options": [option("x"), option("y")]}),
            input_block(
                "checks", {"type": "checkboxes", "options": [option("a"), option("b")]}, optional=True
            ),
            input_block("owner", {"type": "users_select", "initial_user": "U0RESP"}),
            input_block("helpers", {"type": "multi_users_select"}, optional=True),
            input_block("where", {"type": "conversations_select"}, optional=True),
            input_block("chan", {"type": "channels_select"}, optional=True),
            input_block("day", {"type": "datepicker"}),
            input_block("at", {"type": "timepicker"}),
            input_block("deadline", {"type": "datetimepicker", "initial_date_time": 1_800_000_000}),
        ],
    }


def test_submit_view_state_shapes(
    driver: SlackDriver, app: RecordingApp, client: WebClient, standin: SlackStandin, channel_id: str
) -> None:
    opened = client.views_open(trigger_id=standin.issue_trigger("U0OPENER"), view=full_modal())["view"]
    driver.submit_view(
        opened,
        {
            "title": "Shitstorm",
            "count": "3",
            "severity": "High",
            "tags": ["x", "y"],
            "checks": ["b"],
            "helpers": ["U0OTHER"],
            "where": channel_id,
            "chan": channel_id,
            "day": "2027-01-15",
            "at": "9:05",
        },
        "U0OPENER",
    )
    payload = app.received[-1].payload()
    view = payload["view"]
    assert (payload["type"], view["callback_id"], view["private_metadata"], view["id"], view["hash"]) == (
        "view_submission",
        "open_crisis",
        "meta-1",
        opened["id"],
        opened["hash"],
    )
    assert payload["user"]["id"] == "U0OPENER" and payload["trigger_id"] and payload["api_app_id"]
    v = {block: next(iter(actions.values())) for block, actions in view["state"]["values"].items()}
    assert v["title"] == {"type": "plain_text_input", "value": "Shitstorm"}
    assert v["link"] == {"type": "url_text_input", "value": None}
    assert v["mail"]["value"] == "a@b.c" and v["count"]["value"] == "3"
    assert v["severity"]["selected_option"]["value"] == "high"
    assert v["severity"]["selected_option"]["text"]["emoji"] is True
    assert v["channel_kind"] == {"type": "radio_buttons", "selected_option": None}
    assert [o["value"] for o in v["tags"]["selected_options"]] == ["x", "y"]
    assert [o["value"] for o in v["checks"]["selected_options"]] == ["b"]
    assert v["owner"] == {"type": "users_select", "selected_user": "U0RESP"}
    assert v["helpers"]["selected_users"] == ["U0OTHER"]
    assert v["where"]["selected_conversation"] == channel_id and v["chan"]["selected_channel"] == channel_id
    assert v["day"]["selected_date"] == "2027-01-15" and v["at"]["selected_time"] == "09:05"
    assert v["deadline"]["selected_date_time"] == 1_800_000_000


BASE_VALUES = {"title": "t", "count": "3", "tags": ["x"], "day": "2027-01-15", "at": "09:00"}


def test_minimal_valid_submission(driver: SlackDriver, client: WebClient, standin: SlackStandin) -> None:
    opened = client.views_open(trigger_id=standin.issue_trigger("U0OPENER"), view=full_modal())["view"]
    assert driver.submit_view(opened, BASE_VALUES, "U0OPENER").status == 200


@pytest.mark.parametrize(
    "values",
    [
        {"count": "3", "tags": ["x"], "day": "2027-01-15", "at": "09:00"},  # required title missing
        {"title": "x" * 21, "count": "3", "tags": ["x"], "day": "2027-01-15", "at": "09:00"},  # max_length
        {"title": "t", "count": "3.5", "tags": ["x"], "day": "2027-01-15", "at": "09:00"},  # no decimals
        {"title": "t", "count": "3", "severity": "urgent", "tags": ["x"], "day": "2027-01-15", "at": "09:00"},
        {"title": "t", "count": "3", "tags": ["x"], "day": "2027-01-15", "at": "09:00", "typo": "x"},
        {"title": "t", "count": "3", "tags": ["x"], "day": "2027-01-15", "at": "09:00", "owner": "U0GHOST"},
    ],
)
def test_submit_view_refuses_what_slack_would_not_send(
    driver: SlackDriver, client: WebClient, standin: SlackStandin, values: dict[str, Any]
) -> None:
    opened = client.views_open(trigger_id=standin.issue_trigger("U0OPENER"), view=full_modal())["view"]
    with pytest.raises(DriverError):
        driver.submit_view(opened, values, "U0OPENER")


def test_submit_view_response_actions(
    driver: SlackDriver, app: RecordingApp, client: WebClient, standin: SlackStandin
) -> None:
    modal = {
        "type": "modal",
        "title": text("T"),
        "submit": text("Go"),
        "blocks": [input_block("title", {"type": "plain_text_input"})],
    }
    opened = client.views_open(trigger_id=standin.issue_trigger("U0OPENER"), view=modal)["view"]
    app.reply = (200, json.dumps({"response_action": "errors", "errors": {"title": "Too vague"}}))
    response = driver.submit_view(opened, {"title": "x"}, "U0OPENER")
    assert response.json() == {"response_action": "errors", "errors": {"title": "Too vague"}}
    assert response.view_error is None and standin.views[-1]["action"] == "errors"
    app.reply = (200, json.dumps({"response_action": "errors", "errors": {"nope": "x"}}))
    assert driver.submit_view(opened, {"title": "x"}, "U0OPENER").view_error
    app.reply = (200, json.dumps({"response_action": "update", "view": {**modal, "title": text("Step 2")}}))
    driver.submit_view(opened, {"title": "y"}, "U0OPENER")
    assert standin.view(opened["id"])["title"]["text"] == "Step 2"
    app.reply = (200, "")
    driver.submit_view(opened, {"title": "z"}, "U0OPENER")
    assert standin.views[-1]["action"] == "closed"


def checklist_blocks() -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Checklist"}},
        {
            "type": "actions",
            "block_id": "todo",
            "elements": [
                {
                    "type": "checkboxes",
                    "action_id": "steps",
                    "options": [option("hold"), option("legal"), option("notify")],
                    "initial_options": [option("hold"), option("notify")],
                },
                {
                    "type": "button",
                    "action_id": "approve",
                    "text": text("Approve"),
                    "value": "c1",
                    "style": "primary",
                },
                {"type": "static_select", "action_id": "sev", "options": [option("low"), option("high")]},
            ],
        },
    ]


def test_click_checkbox_toggles_from_initial_options(
    driver: SlackDriver, app: RecordingApp, client: WebClient, channel_id: str
) -> None:
    posted = client.chat_postMessage(channel=channel_id, text="Checklist", blocks=checklist_blocks())
    driver.click(posted["message"], "steps", "U0RESP", option_value="legal")
    payload = app.received[-1].payload()
    (action,) = payload["actions"]
    assert [o["value"] for o in action["selected_options"]] == ["hold", "legal", "notify"]
    assert payload["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    assert payload["state"]["values"]["todo"]["steps"]["selected_options"] == action["selected_options"]
    assert payload["message"]["blocks"][1]["block_id"] == "todo" and payload["response_url"]
    driver.click(posted["message"], "steps", "U0RESP", option_value="hold")
    assert [o["value"] for o in app.received[-1].payload()["actions"][0]["selected_options"]] == ["notify"]


def test_click_button_select_and_replay(
    driver: SlackDriver, app: RecordingApp, client: WebClient, channel_id: str
) -> None:
    posted = client.chat_postMessage(channel=channel_id, text="Checklist", blocks=checklist_blocks())
    driver.click(posted["message"], "approve", "U0RESP")
    action = app.received[-1].payload()["actions"][0]
    assert (action["type"], action["value"], action["text"]["text"], action["block_id"]) == (
        "button",
        "c1",
        "Approve",
        "todo",
    )
    driver.replay()
    assert app.received[-1].body == app.received[-2].body
    assert app.received[-1].headers["X-Slack-Signature"]
    driver.click(posted["message"], "sev", "U0RESP", option_value="high")
    assert app.received[-1].payload()["actions"][0]["selected_option"]["value"] == "high"
    with pytest.raises(DriverError):
        driver.click(posted["message"], "sev", "U0RESP", option_value="medium")
    with pytest.raises(DriverError):
        driver.click(posted["message"], "no_such_button", "U0RESP")
    with pytest.raises(DriverError):
        driver.click({"ts": "1.000001"}, "approve", "U0RESP")


def test_click_in_view(
    driver: SlackDriver, app: RecordingApp, client: WebClient, standin: SlackStandin
) -> None:
    home = {"type": "home", "blocks": checklist_blocks()}
    published = client.views_publish(user_id="U0RESP", view=home)["view"]
    driver.click(published, "approve", "U0RESP")
    payload = app.received[-1].payload()
    assert payload["container"] == {"type": "view", "view_id": published["id"]}
    assert payload["view"]["state"]["values"]["todo"]["steps"]["selected_options"][0]["value"] == "hold"


def test_event_envelope_and_retry_headers(driver: SlackDriver, app: RecordingApp) -> None:
    driver.event(
        {"type": "app_mention", "user": "U0RESP", "text": "<@U0BOT> status", "channel": "C1"},
        event_id="Ev1",
        retry_num=1,
    )
    received = app.received[-1]
    envelope = json.loads(received.body)
    assert (envelope["type"], envelope["event_id"], envelope["event"]["type"]) == (
        "event_callback",
        "Ev1",
        "app_mention",
    )
    assert envelope["authorizations"][0]["user_id"] == BOT_USER_ID
    assert received.headers["X-Slack-Retry-Num"] == "1"
    assert received.headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert received.headers["Content-Type"] == "application/json"


def test_message_shortcut(
    driver: SlackDriver, app: RecordingApp, standin: SlackStandin, channel_id: str
) -> None:
    message = standin.add_user_message(channel_id, "U0OPENER", "Look at this tweet")
    driver.message_shortcut("report_post", message, channel_id, "U0OPENER")
    payload = app.received[-1].payload()
    assert (payload["type"], payload["callback_id"], payload["message"]["text"]) == (
        "message_action",
        "report_post",
        "Look at this tweet",
    )
    assert payload["trigger_id"] and payload["response_url"]
