"""The Slack Web API stand-in, exercised through slack_sdk's real WebClient."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.demo.standin import BOT_USER_ID, DEFAULT_TOKEN, SlackStandin

START = 1_800_000_000.0


class FakeNow:
    """A controllable clock for the stand-in."""

    def __init__(self) -> None:
        self.value = START

    def __call__(self) -> float:
        return self.value


@pytest.fixture()
def now() -> FakeNow:
    return FakeNow()


@pytest.fixture()
def standin(now: FakeNow) -> Iterator[SlackStandin]:
    with SlackStandin(now=now) as running:
        yield running


@pytest.fixture()
def client(standin: SlackStandin) -> WebClient:
    return WebClient(base_url=standin.url, token=DEFAULT_TOKEN)


def error_of(call: Any, **kwargs: Any) -> str:
    with pytest.raises(SlackApiError) as info:
        call(**kwargs)
    return str(info.value.response["error"])


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def make_channel(client: WebClient, name: str = "crisis-1", users: tuple[str, ...] = ("U0RESP",)) -> str:
    channel_id = client.conversations_create(name=name)["channel"]["id"]
    if users:
        client.conversations_invite(channel=channel_id, users=list(users))
    return str(channel_id)


def test_auth(standin: SlackStandin, client: WebClient) -> None:
    reply = client.auth_test()
    assert (reply["user_id"], reply["bot_id"], reply["team_id"]) == (BOT_USER_ID, "B0BOT", "T0001")
    assert error_of(WebClient(base_url=standin.url).auth_test) == "not_authed"
    assert error_of(WebClient(base_url=standin.url, token="xoxb-wrong").auth_test) == "invalid_auth"
    assert error_of(client.api_call, api_method="nope.never") == "unknown_method"


def test_form_token_accepted_but_json_body_token_is_not(standin: SlackStandin) -> None:
    def post(body: bytes, content_type: str) -> dict[str, Any]:
        request = urllib.request.Request(
            standin.url + "auth.test", data=body, headers={"Content-Type": content_type}
        )
        with urllib.request.urlopen(request) as response:
            return dict(json.loads(response.read()))

    assert post(f"token={DEFAULT_TOKEN}".encode(), "application/x-www-form-urlencoded")["ok"] is True
    assert post(json.dumps({"token": DEFAULT_TOKEN}).encode(), "application/json")["error"] == "not_authed"


def test_create_channel_and_name_taken(standin: SlackStandin, client: WebClient) -> None:
    created = client.conversations_create(name="crisis-acme_1")["channel"]
    assert created["name"] == "crisis-acme_1" and created["is_member"] is True
    assert standin.members(created["id"]) == [BOT_USER_ID]
    assert error_of(client.conversations_create, name="crisis-acme_1") == "name_taken"
    client.conversations_archive(channel=created["id"])
    assert error_of(client.conversations_create, name="crisis-acme_1") == "name_taken"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "invalid_name_required"),
        ("x" * 81, "invalid_name_maxlength"),
        ("Crisis", "invalid_name_specials"),
        ("crisis acme", "invalid_name_specials"),
        ("krise-ä", "invalid_name_specials"),
        ("#crisis", "invalid_name_specials"),
        ("--", "invalid_name_punctuation"),
    ],
)
def test_invalid_channel_names(client: WebClient, name: str, error: str) -> None:
    assert error_of(client.conversations_create, name=name) == error


def test_name_of_exactly_80_chars_is_fine(client: WebClient) -> None:
    assert client.conversations_create(name="a" * 80)["ok"]


def test_invite_errors(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client, users=())
    client.conversations_invite(channel=channel_id, users="U0RESP,U0OPENER")
    assert standin.members(channel_id) == [BOT_USER_ID, "U0RESP", "U0OPENER"]
    assert error_of(client.conversations_invite, channel=channel_id, users=["U0RESP"]) == "already_in_channel"
    assert error_of(client.conversations_invite, channel=channel_id, users=["U0NOBODY"]) == "user_not_found"
    assert (
        error_of(client.conversations_invite, channel=channel_id, users=[BOT_USER_ID]) == "cant_invite_self"
    )
    assert error_of(client.conversations_invite, channel="C404", users=["U0RESP"]) == "channel_not_found"


def test_an_invite_batch_with_one_failing_user_invites_nobody_unless_forced(
    standin: SlackStandin, client: WebClient
) -> None:
    """https://docs.slack.dev/reference/methods/conversations.invite: "Users who can be successfully
    invited ... will not be invited if any of the user invites fail", the failures listed in `errors`;
    `force` invites the valid ones; removed users fail silently (the others are invited)."""
    channel_id = make_channel(client, users=())
    with pytest.raises(SlackApiError) as refused:
        client.conversations_invite(channel=channel_id, users=["U0RESP", "U0NOBODY"])
    assert refused.value.response["error"] == "user_not_found"
    assert refused.value.response["errors"] == [{"user": "U0NOBODY", "ok": False, "error": "user_not_found"}]
    assert standin.members(channel_id) == [BOT_USER_ID]

    with pytest.raises(SlackApiError):
        client.conversations_invite(channel=channel_id, users=["U0RESP", "U0NOBODY"], force=True)
    assert standin.members(channel_id) == [BOT_USER_ID, "U0RESP"]

    standin.add_user("U0GONE", "gone").deleted = True
    with pytest.raises(SlackApiError):
        client.conversations_invite(channel=channel_id, users=["U0OPENER", "U0GONE"])
    assert standin.members(channel_id) == [BOT_USER_ID, "U0RESP", "U0OPENER"]


def test_a_topic_shows_a_mention_as_typed(standin: SlackStandin, client: WebClient) -> None:
    """https://docs.slack.dev/reference/methods/conversations.setTopic: "Does not support formatting or
    linkification", so `<@U…>` is not turned into a name."""
    channel_id = make_channel(client)
    client.conversations_setTopic(channel=channel_id, topic="Owner: <@U0RESP> & co")
    assert "set the channel topic: Owner: <@U0RESP> & co" in standin.transcript(channel_id)


def test_topic_needs_membership_and_length(standin: SlackStandin, client: WebClient) -> None:
    foreign = standin.add_channel("general", members=["U0OPENER"]).id
    assert error_of(client.conversations_setTopic, channel=foreign, topic="x") == "not_in_channel"
    channel_id = make_channel(client)
    assert error_of(client.conversations_setTopic, channel=channel_id, topic="x" * 251) == "too_long"
    client.conversations_setTopic(channel=channel_id, topic="Owner: <@U0RESP>")
    client.conversations_setPurpose(channel=channel_id, purpose="Handle it")
    info = client.conversations_info(channel=channel_id)["channel"]
    assert (info["topic"]["value"], info["purpose"]["value"]) == ("Owner: <@U0RESP>", "Handle it")


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_errors(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client)
    foreign = standin.add_channel("general", members=["U0OPENER"]).id
    assert error_of(client.chat_postMessage, channel=channel_id) == "no_text"
    assert error_of(client.chat_postMessage, channel=foreign, text="hi") == "not_in_channel"
    assert error_of(client.chat_postMessage, channel="C404", text="hi") == "channel_not_found"
    assert client.chat_postMessage(channel=channel_id, text="x" * 40_000)["ok"]


def test_post_message_truncates_text_over_40000_characters_with_a_warning(
    standin: SlackStandin, client: WebClient
) -> None:
    """https://api.slack.com/changelog/2018-04-truncating-really-long-messages: posted, cut at 40,000,
    `response_metadata.warnings: ["message_truncated"]` (not msg_too_long)."""
    channel_id = make_channel(client)
    answer = client.chat_postMessage(channel=channel_id, text="x" * 40_001)
    assert answer["ok"] and answer["response_metadata"]["warnings"] == ["message_truncated"]
    assert len(standin.messages(channel_id)[-1]["text"]) == 40_000
    assert "warnings" not in client.chat_postMessage(channel=channel_id, text="short").get(
        "response_metadata", {}
    )


def test_update_refuses_text_over_4000_characters(standin: SlackStandin, client: WebClient) -> None:
    """https://docs.slack.dev/reference/methods/chat.update: msg_too_long, "The `text` field cannot exceed
    4,000 characters"."""
    channel_id = make_channel(client)
    ts = client.chat_postMessage(channel=channel_id, text="first")["ts"]
    assert error_of(client.chat_update, channel=channel_id, ts=ts, text="x" * 4_001) == "msg_too_long"
    assert standin.messages(channel_id)[-1]["text"] == "first"
    assert client.chat_update(channel=channel_id, ts=ts, text="x" * 4_000)["ok"]


def test_threads_history_and_replies(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client)
    first = client.chat_postMessage(channel=channel_id, text="first")["ts"]
    reply = client.chat_postMessage(channel=channel_id, text="reply", thread_ts=first)
    assert reply["message"]["thread_ts"] == first
    second = client.chat_postMessage(channel=channel_id, text="second")["ts"]
    assert float(first) < float(reply["ts"]) < float(second)
    history = client.conversations_history(channel=channel_id, limit=2)
    assert [m["text"] for m in history["messages"]] == ["second", "first"]
    assert history["has_more"] is True and history["messages"][1]["reply_count"] == 1
    replies = client.conversations_replies(channel=channel_id, ts=first)["messages"]
    assert [m["text"] for m in replies] == ["first", "reply"]
    assert (
        error_of(client.chat_postMessage, channel=channel_id, text="x", thread_ts="1.000001")
        == "thread_not_found"
    )


def test_dm_by_user_id(standin: SlackStandin, client: WebClient) -> None:
    standin.state.default_scopes = None  # methods beyond the app's own scopes
    posted = client.chat_postMessage(channel="U0RESP", text="You are responsible")
    assert posted["channel"].startswith("D")
    assert client.conversations_open(users="U0RESP")["channel"]["id"] == posted["channel"]
    assert [m["text"] for m in standin.dm_messages("U0RESP")] == ["You are responsible"]


def test_valid_blocks_are_stored_with_generated_ids(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Crisis"}},
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Go"}}]},
    ]
    client.chat_postMessage(channel=channel_id, text="fallback", blocks=blocks)
    stored = standin.messages(channel_id)[-1]["blocks"]
    assert all(b["block_id"] for b in stored) and stored[1]["elements"][0]["action_id"]
    assert standin.calls_to("chat.postMessage")[-1].params["blocks"] == blocks


@pytest.mark.parametrize(
    ("blocks", "reason"),
    [
        ([section("x")] * 51, "no more than 50"),
        ([section("x" * 3001)], "3000"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "150"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "plain_text"),
        ([section("a", block_id="b"), section("b", block_id="b")], "duplicate block_id"),
        ([section("a", block_id="b" * 256)], "255"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "1"}},
                        {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "2"}},
                    ],
                }
            ],
            "duplicate action_id",
        ),
        ([section("")], "more than 0"),
        ([section("a", colour="red")], "additional property"),
        ([{"type": "no_such_block"}], "unsupported type"),
    ],
)
def test_invalid_blocks(client: WebClient, blocks: list[dict[str, Any]], reason: str) -> None:
    channel_id = make_channel(client)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=channel_id, text="t", blocks=blocks)
    assert info.value.response["error"] == "invalid_blocks"
    assert reason in " ".join(info.value.response["response_metadata"]["messages"])


def test_update_delete_permalink(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client)
    blocks = [section("one")]
    ts = client.chat_postMessage(channel=channel_id, text="one", blocks=blocks)["ts"]
    client.chat_update(channel=channel_id, ts=ts, text="two")
    message = standin.messages(channel_id)[-1]
    assert message["text"] == "two" and message["blocks"][0]["text"]["text"] == "one" and message["edited"]
    human = standin.add_user_message(channel_id, "U0RESP", "mine")["ts"]
    assert error_of(client.chat_update, channel=channel_id, ts=human, text="x") == "cant_update_message"
    assert error_of(client.chat_update, channel=channel_id, ts="1.000001", text="x") == "message_not_found"
    link = client.chat_getPermalink(channel=channel_id, message_ts=ts)["permalink"]
    assert link.endswith(f"/archives/{channel_id}/p{ts.replace('.', '')}")
    client.chat_delete(channel=channel_id, ts=ts)
    assert [m["ts"] for m in standin.messages(channel_id)] == [human]


def test_ephemeral(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client)
    assert (
        error_of(client.chat_postEphemeral, channel=channel_id, user="U0OTHER", text="psst")
        == "user_not_in_channel"
    )
    reply = client.chat_postEphemeral(channel=channel_id, user="U0RESP", text="psst")
    (ephemeral,) = standin.ephemerals(user_id="U0RESP")
    assert ephemeral["message_ts"] == reply["message_ts"] and ephemeral["text"] == "psst"
    assert standin.messages(channel_id) == []


def test_pins(standin: SlackStandin, client: WebClient) -> None:
    standin.state.default_scopes = None  # methods beyond the app's own scopes
    channel_id = make_channel(client)
    ts = client.chat_postMessage(channel=channel_id, text="Approved statement")["ts"]
    assert error_of(client.pins_add, channel=channel_id) == "no_item_specified"
    assert error_of(client.pins_add, channel=channel_id, timestamp="1.000001") == "message_not_found"
    # https://docs.slack.dev/reference/methods/pins.remove: "not_pinned — The specified item is not pinned"
    assert error_of(client.pins_remove, channel=channel_id, timestamp=ts) == "not_pinned"
    client.pins_add(channel=channel_id, timestamp=ts)
    assert error_of(client.pins_add, channel=channel_id, timestamp=ts) == "already_pinned"
    assert [p["text"] for p in standin.pins(channel_id)] == ["Approved statement"]
    assert client.pins_list(channel=channel_id)["items"][0]["message"]["ts"] == ts
    client.pins_remove(channel=channel_id, timestamp=ts)
    assert standin.pins(channel_id) == []


def modal(title: str = "Open crisis", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "open",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Open"},
        "blocks": [
            {
                "type": "input",
                "block_id": "what",
                "label": {"type": "plain_text", "text": "What"},
                "element": {"type": "plain_text_input", "action_id": "what"},
            }
        ],
        **extra,
    }


def test_views_open_triggers(standin: SlackStandin, client: WebClient, now: FakeNow) -> None:
    fresh = standin.issue_trigger("U0OPENER")
    opened = client.views_open(trigger_id=fresh, view=modal())["view"]
    assert opened["id"].startswith("V") and opened["hash"] and opened["callback_id"] == "open"
    # used once: https://docs.slack.dev/reference/methods/views.open (exchanged_trigger_id, "already
    # exchanged in a previous call"); older than 3 s: expired_trigger_id (https://api.slack.com/docs/triggers)
    assert error_of(client.views_open, trigger_id=fresh, view=modal()) == "exchanged_trigger_id"
    assert error_of(client.views_open, trigger_id="123.456.abc", view=modal()) == "invalid_trigger_id"
    late = standin.issue_trigger("U0OPENER")
    now.value += 3.5
    assert error_of(client.views_open, trigger_id=late, view=modal()) == "expired_trigger_id"
    in_time = standin.issue_trigger("U0OPENER")
    now.value += 2.9
    assert client.views_open(trigger_id=in_time, view=modal())["ok"]
    assert [v["action"] for v in standin.views] == ["open", "open"]


def test_view_validation(standin: SlackStandin, client: WebClient) -> None:
    for bad in (modal(title="x" * 25), modal(submit=None), {**modal(), "blocks": [section("x")] * 101}):
        with pytest.raises(SlackApiError) as info:
            client.views_open(trigger_id=standin.issue_trigger("U0OPENER"), view=bad)
        assert info.value.response["error"] == "invalid_arguments"
        assert info.value.response["response_metadata"]["messages"]


def test_views_update_and_publish(standin: SlackStandin, client: WebClient) -> None:
    opened = client.views_open(trigger_id=standin.issue_trigger("U0OPENER"), view=modal(external_id="ext-1"))[
        "view"
    ]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Step 2"))["view"]
    assert updated["id"] == opened["id"] and updated["title"]["text"] == "Step 2"
    assert (
        error_of(client.views_update, view_id=opened["id"], hash=opened["hash"], view=modal())
        == "hash_conflict"
    )
    assert error_of(client.views_update, view_id="V404", view=modal()) == "not_found"
    assert client.views_update(external_id="ext-1", view=modal("Step 3"))["view"]["id"] == opened["id"]
    home = {"type": "home", "blocks": [section("Active crises: 1")]}
    client.views_publish(user_id="U0RESP", view=home)
    assert standin.home_view("U0RESP")["blocks"][0]["text"]["text"] == "Active crises: 1"
    assert [v["action"] for v in standin.views] == ["open", "update", "update", "publish"]


def test_rate_limit_then_success(standin: SlackStandin) -> None:
    channel_id = standin.add_channel("crisis-rl", members=[BOT_USER_ID]).id
    client = WebClient(
        base_url=standin.url,
        token=DEFAULT_TOKEN,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    standin.rate_limit_next("chat.postMessage", retry_after=1)
    assert client.chat_postMessage(channel=channel_id, text="hi")["ok"]
    assert [(c.ok, c.error, c.http_status) for c in standin.calls_to("chat.postMessage")] == [
        (False, "ratelimited", 429),
        (True, None, 200),
    ]


def test_automatic_rate_limits_are_off_by_default_and_follow_the_tiers_when_on(
    standin: SlackStandin, client: WebClient, now: FakeNow
) -> None:
    """https://docs.slack.dev/apis/web-api/rate-limits: HTTP 429 with Retry-After; chat.postMessage about
    one message per second per channel; tiered methods (pins.add is Tier 2, 20+ per minute)."""
    channel_id = make_channel(client)
    other_id = make_channel(client, name="crisis-2")
    for _ in range(3):
        assert client.chat_postMessage(channel=channel_id, text="burst")["ok"]

    standin.rate_limits = True
    assert client.chat_postMessage(channel=channel_id, text="one")["ok"]
    with pytest.raises(SlackApiError) as limited:
        client.chat_postMessage(channel=channel_id, text="two")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel=other_id, text="another channel")["ok"]
    now.value += 1
    assert client.chat_postMessage(channel=channel_id, text="two, a second later")["ok"]

    posted = []
    for index in range(21):
        now.value += 1
        posted.append(client.chat_postMessage(channel=other_id, text=f"pin me {index}")["ts"])
    window_start = now.value
    for ts in posted[:20]:
        client.pins_add(channel=other_id, timestamp=ts)
    with pytest.raises(SlackApiError) as tier:
        client.pins_add(channel=other_id, timestamp=posted[20])
    assert tier.value.response.status_code == 429
    assert tier.value.response.headers["Retry-After"] == "60"
    now.value = window_start + 60
    assert client.pins_add(channel=other_id, timestamp=posted[20])["ok"]


def test_injected_errors(standin: SlackStandin, client: WebClient) -> None:
    standin.fail_next("auth.test", error="fatal_error", times=2)
    assert error_of(client.auth_test) == "fatal_error"
    assert error_of(client.auth_test) == "fatal_error"
    standin.server_error_next("auth.test", status=503)
    with pytest.raises(SlackApiError) as info:
        client.auth_test()
    assert info.value.response.status_code == 503
    assert client.auth_test()["ok"]


def test_files_upload_v2(standin: SlackStandin, client: WebClient) -> None:
    standin.state.default_scopes = None  # methods beyond the app's own scopes
    channel_id = make_channel(client)
    uploaded = client.files_upload_v2(
        channel=channel_id, content="report", filename="r.txt", title="Report", initial_comment="Daily report"
    )
    file_id = uploaded["files"][0]["id"]
    assert standin.file_content(file_id) == b"report"
    message = standin.messages(channel_id)[-1]
    assert message["text"] == "Daily report" and message["files"][0]["id"] == file_id
    assert client.files_info(file=file_id)["file"]["title"] == "Report"


def test_users(client: WebClient, standin: SlackStandin) -> None:
    standin.state.default_scopes = None  # methods beyond the app's own scopes
    # https://api.slack.com/methods/users.info: profile.display_name stays empty until a person sets
    # one; a deleted member is still answered, with `deleted: true`.
    resp = client.users_info(user="U0RESP")["user"]
    assert resp["tz"] == "Europe/Berlin"
    assert resp["profile"]["display_name"] == "" and resp["profile"]["real_name"] == "Rafael Responsible"
    assert client.users_info(user="U0OPENER")["user"]["profile"]["display_name"] == "Olivia"
    assert error_of(client.users_info, user="U0NOBODY") == "user_not_found"
    standin.add_user("U0GONE", "gone", "Gina Gone")
    standin.state.users["U0GONE"].deleted = True
    assert client.users_info(user="U0GONE")["user"]["deleted"] is True
    standin.add_user("U0NEW", "newbie", "New Bie", email="new@example.com")
    assert client.users_lookupByEmail(email="new@example.com")["user"]["id"] == "U0NEW"
    assert "U0NEW" in [u["id"] for u in client.users_list()["members"]]


def test_transcript(standin: SlackStandin, client: WebClient) -> None:
    channel_id = make_channel(client, users=())
    client.chat_postMessage(
        channel=channel_id,
        text="fallback",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": "Crisis open"}},
            section(
                f"Owner <@U0RESP> in <#{channel_id}>, see <https://x.test/a?b=1|the post> &amp; more &lt;3",
                fields=[{"type": "mrkdwn", "text": "*Due* <!date^1800003600^{date_num} {time}|soon>"}],
            ),
            {"type": "divider"},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "checkboxes",
                        "action_id": "todo",
                        "options": [
                            {"text": {"type": "plain_text", "text": "Hold statement"}, "value": "hold"},
                            {"text": {"type": "plain_text", "text": "Notify legal"}, "value": "legal"},
                        ],
                        "initial_options": [
                            {"text": {"type": "plain_text", "text": "Hold statement"}, "value": "hold"}
                        ],
                    },
                    {
                        "type": "button",
                        "action_id": "approve",
                        "text": {"type": "plain_text", "text": "Approve"},
                    },
                ],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "crisis #1"}]},
        ],
    )
    text = standin.transcript(channel_id)
    for expected in (
        "CRISIS OPEN",
        "Owner @resp in #crisis-1, see the post (https://x.test/a?b=1) & more <3",
        "*Due* 2027-01-15 09:00 UTC",
        "☑ Hold statement",
        "☐ Notify legal",
        "[Approve]",
        "crisis #1",
        "-" * 40,
        "@crisisbot has joined the channel",
    ):
        assert expected in text, expected


def test_transcript_dates_each_new_day_and_takes_a_name_resolver(
    standin: SlackStandin, client: WebClient, now: FakeNow
) -> None:
    channel_id = make_channel(client, users=())
    client.chat_postMessage(channel=channel_id, text="morning, <@U0RESP> is on it")
    now.value += 3 * 3600  # 2027-01-15 08:00 UTC becomes 11:00: same day
    client.chat_postMessage(channel=channel_id, text="same day")
    now.value += 24 * 3600
    client.chat_postMessage(channel=channel_id, text="next day")
    text = standin.transcript(
        channel_id, lambda user_id: {"U0RESP": "Rafael Responsible"}.get(user_id, user_id)
    )
    dates = [line for line in text.splitlines() if line.startswith("── ")]
    assert dates == ["── Friday, 2027-01-15 ──", "── Saturday, 2027-01-16 ──"]
    assert text.index("same day") < text.index(dates[1]) < text.index("next day")
    assert "@Rafael Responsible is on it" in text


def test_private_channels_are_invisible_to_non_members(standin: SlackStandin, client: WebClient) -> None:
    """A private channel the bot is not in does not exist for it, as on Slack: `conversations.info` and
    `conversations.history` answer channel_not_found
    (https://api.slack.com/methods/conversations.info, https://api.slack.com/methods/conversations.history);
    one it creates with `is_private` is private (https://api.slack.com/methods/conversations.create)."""
    hidden = standin.add_channel("hr-private", members=["U0OPENER"], is_private=True)
    assert error_of(client.conversations_info, channel=hidden.id) == "channel_not_found"
    assert error_of(client.conversations_history, channel=hidden.id) == "channel_not_found"
    created = client.conversations_create(name="leak-room", is_private=True)["channel"]
    assert created["is_private"] is True and created["is_channel"] is False
    assert client.conversations_info(channel=created["id"])["channel"]["is_private"] is True


def test_a_call_without_its_scope_is_refused_like_slack_does(
    standin: SlackStandin, client: WebClient
) -> None:
    """https://docs.slack.dev/reference/methods/conversations.create: channels:manage for a public
    channel, groups:write for a private one; a token without it gets `missing_scope` with `needed`."""
    standin.state.default_scopes = frozenset({"chat:write", "channels:manage"})
    public = client.conversations_create(name="open-room")["channel"]["id"]
    assert client.chat_postMessage(channel=public, text="fine")["ok"]
    with pytest.raises(SlackApiError) as private:
        client.conversations_create(name="closed-room", is_private=True)
    assert private.value.response["error"] == "missing_scope"
    assert private.value.response["needed"] == "groups:write"
    with pytest.raises(SlackApiError) as members:
        client.conversations_members(channel=public)
    assert members.value.response["needed"] == "channels:read"


def test_every_method_the_gateway_calls_has_its_scope() -> None:
    from bot.demo.standin import scopes
    from tests.app.test_manifest import gateway_methods

    known = set(scopes.FIXED) | set(scopes.BY_CONVERSATION) | {"conversations.create", "files.upload_v2"}
    assert gateway_methods() <= known
