"""The gateway against the stand-in, where Slack answers in ways the happy path never shows."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState

from bot.demo.standin import BOT_USER_ID, DEFAULT_TOKEN, SlackStandin
from bot.demo.standin.server import HttpResult
from bot.slack.executor import TrackingExecutor
from bot.slack.gateway import (
    UNANSWERED,
    RepeatableConnectionErrorRetryHandler,
    SlackCallFailed,
    SlackGateway,
    SlackHealth,
    make_web_client,
)


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


def test_a_call_slack_does_not_answer_fails_like_a_5xx(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeout or a refused connection (after slack-sdk's connection retries) is a SlackCallFailed that
    may have been carried out, like a 5xx: nothing above the gateway meets urllib's errors."""
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 3600.0)
    client = WebClient(token=DEFAULT_TOKEN, base_url="http://127.0.0.1:9/api/", timeout=1)
    slack = SlackGateway(client)
    with pytest.raises(SlackCallFailed) as failed:
        slack.set_topic("C0NOWHERE", "topic")
    assert failed.value.error == UNANSWERED and failed.value.server_side
    assert slack.health.failing


def test_an_upload_slack_fails_is_a_slack_failure_like_any_call(
    gateway: tuple[SlackGateway, SlackStandin], monkeypatch: pytest.MonkeyPatch
) -> None:
    """files.upload_v2 is slack-sdk's three calls in one; a 5xx in its last step is a SlackCallFailed that
    marks Slack failing, as for every other method, not a raw SlackApiError."""
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 3600.0)
    slack, standin = gateway
    channel_id, _ = slack.create_channel("inc-upload")
    assert slack.upload_file(channel_id, "report.md", "# Report", "Report", "The report").startswith("F")
    assert not slack.health.failing
    standin.server_error_next("files.completeUploadExternal", status=503, times=9)
    with pytest.raises(SlackCallFailed) as failed:
        slack.upload_file(channel_id, "report.md", "# Report", "Report", "The report")
    assert failed.value.server_side and slack.health.failing


@pytest.mark.parametrize(
    ("status", "error", "server_side"),
    [
        (404, "http_404", False),
        (413, "http_413", False),
        (503, "http_503", True),
        (202, "unexpected_answer", False),
    ],
)
def test_an_upload_url_that_fails_is_a_slack_failure_with_its_own_status(
    gateway: tuple[SlackGateway, SlackStandin],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    error: str,
    server_side: bool,
) -> None:
    """The upload step of files.upload_v2 posts to a URL outside the Web API, without slack-sdk's retry
    handlers: a 4xx there is Slack answering (not Slack failing, and not "no answer"), a 5xx is Slack
    failing, and an answer other than 200 that slack-sdk refuses is a SlackCallFailed, not a raw error."""
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 3600.0)
    slack, standin = gateway
    channel_id, _ = slack.create_channel("inc-upload")
    answer = HttpResult(status, "no", {}, "text/plain")
    monkeypatch.setattr(standin, "handle_upload", lambda file_id, content: answer)
    with pytest.raises(SlackCallFailed) as failed:
        slack.upload_file(channel_id, "report.md", "# Report", "Report", "The report")
    assert failed.value.error == error and failed.value.server_side == server_side
    assert slack.health.failing == server_side


def test_work_waiting_for_slack_runs_once_when_slack_answers_again(
    gateway: tuple[SlackGateway, SlackStandin], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While Slack answers 5xx, callbacks wait; the first answer (here the health probe's auth.test, with
    nothing else calling Slack) runs each once. A 429 is an answer, not an outage."""
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 0.05)
    monkeypatch.setattr(SlackHealth, "RESUME_AFTER_SECONDS", 0.0)
    slack, standin = gateway
    ran: list[str] = []
    slack.health.when_answering(lambda: ran.append("healthy"))
    assert ran == ["healthy"], "nothing to wait for while Slack answers"

    standin.outage(503)
    with pytest.raises(SlackCallFailed) as failed:
        slack.set_topic("C0NOWHERE", "topic")
    assert failed.value.server_side and slack.health.failing
    slack.health.when_answering(lambda: ran.append("resumed"))
    standin.wait_until(lambda s: len([c for c in s.calls_to("auth.test") if not c.ok]) >= 2)
    assert ran == ["healthy"] and slack.health.failing, "a probe Slack answers 5xx resumes nothing"
    standin.outage(None)
    standin.wait_until(lambda s: ran == ["healthy", "resumed"])
    assert not slack.health.failing
    assert standin.calls_to("auth.test")[-1].ok

    standin.rate_limit_next("conversations.setTopic", times=9, retry_after=0)
    with pytest.raises(SlackCallFailed) as limited:
        slack.impatient().set_topic("C0NOWHERE", "topic")
    assert limited.value.error == "ratelimited" and not slack.health.failing


def test_the_probe_starts_again_for_work_that_waits_after_it_stopped(
    gateway: tuple[SlackGateway, SlackStandin], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe stops when no work waits; work that waits later, while Slack is still failing, starts it
    again instead of waiting out its own back-off."""
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 0.05)
    monkeypatch.setattr(SlackHealth, "RESUME_AFTER_SECONDS", 0.0)
    slack, standin = gateway
    standin.outage(503)
    with pytest.raises(SlackCallFailed):
        slack.set_topic("C0NOWHERE", "topic")
    standin.wait_until(lambda s: not slack.health._probing)  # nothing waited: the probe stopped
    assert slack.health.failing
    ran: list[str] = []
    slack.health.when_answering(lambda: ran.append("resumed"))
    standin.outage(None)
    standin.wait_until(lambda s: ran == ["resumed"])
    assert not slack.health.failing


def test_a_retry_waiting_in_the_pool_can_be_started_early_once() -> None:
    pool = TrackingExecutor(2)
    ran: list[int] = []
    start_now = pool.later(3600, lambda: ran.append(1))
    assert not pool.idle()
    start_now()
    start_now()
    assert pool.wait_idle(5)
    assert ran == [1]
    pool.shutdown()


def test_work_of_one_lane_runs_one_at_a_time_in_order_and_other_lanes_go_on() -> None:
    pool = TrackingExecutor(4)
    order: list[str] = []
    first_may_end = threading.Event()

    def work(name: str, lane: str, gate: threading.Event | None = None) -> Callable[[], None]:
        def run() -> None:
            order.append(f"{name} starts")
            if gate is not None:
                assert gate.wait(5)
            order.append(f"{name} ends")
            pool.leave_lane(lane)

        return run

    pool.enter_lane("C1", work("first", "C1", first_may_end))
    pool.enter_lane("C1", work("second", "C1"))
    other_done = threading.Event()
    pool.enter_lane("C2", lambda: (order.append("other"), pool.leave_lane("C2"), other_done.set()))
    assert other_done.wait(5), "another channel does not wait"
    assert "second starts" not in order and not pool.idle(), "the second waits, and counts as pending"
    first_may_end.set()
    assert pool.wait_idle(5)
    assert order.index("first ends") < order.index("second starts")
    pool.enter_lane("C1", work("third", "C1"))  # the lane is free again
    assert pool.wait_idle(5) and order[-1] == "third ends"
    pool.shutdown()


@pytest.mark.parametrize(
    ("method", "repeated"),
    [
        ("chat.postMessage", False),
        ("conversations.create", False),
        ("chat.update", True),
        ("users.info", True),
    ],
)
def test_a_cut_off_connection_is_retried_only_for_calls_safe_to_repeat(method: str, repeated: bool) -> None:
    """A connection reset after the request was sent leaves Slack's side unknown: slack-sdk's own retry
    would post twice; the gateway's handler repeats only what is safe (post_message looks for its marker
    instead)."""
    handler = RepeatableConnectionErrorRetryHandler(max_retry_count=2)
    request = HttpRequest(method="POST", url=f"https://slack.com/api/{method}", headers={})
    assert handler.can_retry(state=RetryState(), request=request, error=ConnectionResetError()) is repeated
