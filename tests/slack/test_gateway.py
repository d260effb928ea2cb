"""The gateway against the stand-in, where Slack answers in ways the happy path never shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.demo.standin import BOT_USER_ID, DEFAULT_TOKEN, SlackStandin
from bot.slack.gateway import SlackCallFailed, SlackGateway, make_web_client


@pytest.fixture()
def gateway() -> Iterator[tuple[SlackGateway, SlackStandin]]:
    with SlackStandin() as standin:
        yield SlackGateway(make_web_client(DEFAULT_TOKEN, standin.url)), standin


def test_one_bad_user_does_not_keep_the_others_out(gateway: tuple[SlackGateway, SlackStandin]) -> None:
    """Without `force` Slack invites nobody when one user of the batch fails
    (https://docs.slack.dev/reference/methods/conversations.invite); the gateway forces, so the valid
    people get in, and still reports the failure."""
    slack, standin = gateway
    channel_id, _ = slack.create_channel("crisis-invite")
    with pytest.raises(SlackCallFailed) as failed:
        slack.invite(channel_id, ["U0RESP", "U0NOBODY"])
    assert failed.value.error == "user_not_found"
    assert failed.value.errors == [{"user": "U0NOBODY", "ok": False, "error": "user_not_found"}]
    assert standin.members(channel_id) == [BOT_USER_ID, "U0RESP"]


def test_someone_already_in_the_channel_does_not_keep_the_newcomer_out(
    gateway: tuple[SlackGateway, SlackStandin],
) -> None:
    slack, standin = gateway
    channel_id, _ = slack.create_channel("crisis-invite")
    slack.invite(channel_id, ["U0RESP"])
    slack.invite(channel_id, ["U0RESP", "U0OPENER"])
    assert standin.members(channel_id) == [BOT_USER_ID, "U0RESP", "U0OPENER"]
    slack.invite(channel_id, ["U0RESP", "U0OPENER"])  # everyone already there: nothing to say


def test_unpinning_a_message_that_is_not_pinned_is_fine(gateway: tuple[SlackGateway, SlackStandin]) -> None:
    """pins.remove answers not_pinned for an item that is not pinned, and no_pin when the pin is not
    found (https://docs.slack.dev/reference/methods/pins.remove); both mean "not pinned"."""
    slack, standin = gateway
    channel_id, _ = slack.create_channel("crisis-pins")
    ts = slack.post_message(channel_id, "Approved statement v1")
    slack.unpin(channel_id, ts)
    standin.fail_next("pins.remove", error="no_pin")
    slack.unpin(channel_id, ts)
    assert [call.error for call in standin.calls_to("pins.remove")] == ["not_pinned", "no_pin"]
    standin.fail_next("pins.remove", error="restricted_action")
    with pytest.raises(SlackCallFailed):
        slack.unpin(channel_id, ts)
