"""The worst day: Slack that does not answer, answers 429 or 5xx, a database held by someone else.

Slack gives an app 3 seconds to acknowledge a request, whatever it does next:
https://docs.slack.dev/interactivity/handling-user-interaction#acknowledgment_response . Rate-limited
calls answer HTTP 429 with a Retry-After header: https://docs.slack.dev/apis/web-api/rate-limits .
Here every request must be acknowledged while Slack or the database stalls, and every click must be
stored and shown once the fault ends.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core import surfaces
from bot.core.models import ChecklistItem, Incident, TimelineEvent
from bot.demo.standin import DriverResponse
from bot.slack import gateway, listener
from bot.slack.gateway import SlackHealth
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import RunningApp, assert_valid_payloads


def step_keys(crisis: RunningApp, incident: Incident) -> tuple[dict, list[str]]:
    message = crisis.standin.messages(incident.channel_id)[1]  # type: ignore[arg-type]
    keys = [
        b["block_id"].removeprefix(ids.STEP_BLOCK_PREFIX)
        for b in message["blocks"]
        if b.get("block_id", "").startswith(ids.STEP_BLOCK_PREFIX)
    ]
    return message, keys


def tick(crisis: RunningApp, message: dict, key: str, user: str = "U0RESP") -> DriverResponse:
    """Click a step's checkbox without waiting for the app's work (only for its ack)."""
    return crisis.driver.click(
        message, ids.CHECKLIST_TOGGLE, user, option_value=key, block_id=ids.STEP_BLOCK_PREFIX + key
    )


def ticked_in_slack(crisis: RunningApp, message: dict) -> int:
    shown = crisis.standin.find_message(message["ts"])[1]  # type: ignore[index]
    return len([b for b in shown["blocks"] if b.get("accessory", {}).get("initial_options")])


def ticked_in_db(engine: Engine, incident: Incident) -> set[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(ChecklistItem).where(ChecklistItem.incident_id == incident.id, ChecklistItem.done)
        ).all()
    return {row.step_key for row in rows}


def test_every_request_is_acknowledged_while_slack_does_not_answer(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    message, keys = step_keys(crisis, incident)
    general = crisis.standin.channel_by_name("general")
    assert general is not None
    crisis.standin.hold()  # every Web API call and response_url waits until released
    try:
        answers = [tick(crisis, message, key) for key in keys[:5]]
        answers.append(crisis.driver.slash_command("/crisis", "status", "U0RESP", incident.channel_id))
        answers.append(crisis.driver.slash_command("/crisis", "help", "U0OTHER", general.id))
        assert all(answer.status == 200 and not answer.too_slow for answer in answers)
    finally:
        crisis.standin.release()
    crisis.settle()
    assert ticked_in_db(crisis.context.engine, incident) == set(keys[:5])
    assert ticked_in_slack(crisis, message) == 5
    replies = [str(response["body"]) for response in crisis.standin.responses]
    assert any("/crisis open" in reply for reply in replies), "help answered once Slack came back"
    crisis.clock.advance(timedelta(seconds=10))  # past the canvas brief's minimum interval between edits
    crisis.context.reconciler.wake()
    crisis.settle()
    assert surfaces.lagging(crisis.context.engine) == 0
    assert_valid_payloads(crisis.standin)


def test_a_rate_limit_postpones_that_channel_by_retry_after_and_no_one_else(crisis: RunningApp) -> None:
    first = open_crisis(crisis)
    second = open_crisis(crisis, title_input="Second crisis: fake reviews")
    first_message, first_keys = step_keys(crisis, first)
    second_message, second_keys = step_keys(crisis, second)
    calls_before = len(crisis.standin.calls_to("chat.update"))

    crisis.standin.rate_limit_next("chat.update", times=1, retry_after=10)
    crisis.click(
        first_message,
        ids.CHECKLIST_TOGGLE,
        "U0RESP",
        option_value=first_keys[0],
        block_id=ids.STEP_BLOCK_PREFIX + first_keys[0],
    )
    # the 429 was not slept out on a worker: the work is over and the first checklist still waits
    assert ticked_in_db(crisis.context.engine, first) == {first_keys[0]}
    assert ticked_in_slack(crisis, first_message) == 0
    limited = [c for c in crisis.standin.calls_to("chat.update")[calls_before:] if not c.ok]
    assert len(limited) == 1 and limited[0].http_status == 429

    crisis.click(
        second_message,
        ids.CHECKLIST_TOGGLE,
        "U0RESP",
        option_value=second_keys[0],
        block_id=ids.STEP_BLOCK_PREFIX + second_keys[0],
    )
    assert ticked_in_slack(crisis, second_message) == 1, "another channel is not held up"
    crisis.click(
        first_message,
        ids.CHECKLIST_TOGGLE,
        "U0RESP",
        option_value=first_keys[1],
        block_id=ids.STEP_BLOCK_PREFIX + first_keys[1],
    )
    assert ticked_in_slack(crisis, first_message) == 0, "the limited channel waits out Retry-After"

    crisis.clock.advance(timedelta(seconds=10))
    crisis.context.reconciler.wake()
    crisis.settle()
    assert ticked_in_slack(crisis, first_message) == 2, "both clicks shown in one update"
    assert surfaces.lagging(crisis.context.engine) == 0


def test_a_post_slack_made_before_answering_5xx_is_not_made_twice(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    before = len(crisis.standin.messages(channel))
    crisis.standin.server_error_after_write_next("chat.postMessage")
    ts = crisis.context.gateway.post_message(channel, "Holding statement is live")
    after = crisis.standin.messages(channel)
    assert len(after) == before + 1 and after[-1]["ts"] == ts
    crisis.standin.server_error_next("chat.postMessage")  # this time Slack did not post: post again
    crisis.context.gateway.post_message(channel, "Next update at 15:00")
    assert len(crisis.standin.messages(channel)) == before + 2
    looked = crisis.standin.calls_to("conversations.history")
    assert len(looked) == 2 and all(call.params.get("include_all_metadata") for call in looked)


def test_clicks_while_another_writer_holds_the_database_are_acknowledged_and_kept(
    crisis: RunningApp, engine: Engine
) -> None:
    incident = open_crisis(crisis)
    message, keys = step_keys(crisis, incident)
    holder = engine.connect()
    if engine.dialect.name == "sqlite":
        holder.exec_driver_sql("BEGIN IMMEDIATE")  # the whole database, as a long migration or backup would
    else:
        holder.exec_driver_sql(
            "LOCK TABLE checklist_item, processed_request, timeline_event IN ACCESS EXCLUSIVE MODE"
        )
    released = False
    try:
        answers = [tick(crisis, message, key) for key in keys[:3]]
        assert all(answer.status == 200 and not answer.too_slow for answer in answers)
        with pytest.raises(urllib.error.HTTPError) as health:
            urllib.request.urlopen(crisis.url + "/healthz", timeout=10)
        assert health.value.code == 503, "readiness tells the truth while writes cannot complete"
    finally:
        holder.rollback()
        holder.close()
        released = True
    assert released
    crisis.settle()
    assert ticked_in_db(crisis.context.engine, incident) == set(keys[:3])
    assert ticked_in_slack(crisis, message) == 3
    with urllib.request.urlopen(crisis.url + "/healthz", timeout=10) as healthy:
        assert healthy.status == 200


def test_the_same_request_five_times_at_once_is_done_once(crisis: RunningApp) -> None:
    """Slack may deliver a request again (and a person double-clicks): `/crisis status` is not idempotent
    (each run is one more reply), so five copies at once must give one reply."""
    incident = open_crisis(crisis)
    answers = len(crisis.standin.responses)
    crisis.driver.slash_command("/crisis", "status", "U0RESP", incident.channel_id)
    copies = [threading.Thread(target=crisis.driver.replay) for _ in range(4)]
    for thread in copies:
        thread.start()
    for thread in copies:
        thread.join()
    crisis.settle()
    assert len(crisis.standin.responses) == answers + 1


def test_work_that_meets_a_rate_limit_before_changing_anything_is_tried_again(crisis: RunningApp) -> None:
    """More 429s than slack-sdk's own retries: the click's work (which asks Slack about the clicker's
    membership before it stores anything) is tried again later, not lost."""
    incident = open_crisis(crisis)
    message, keys = step_keys(crisis, incident)
    crisis.standin.rate_limit_next("conversations.members", times=4, retry_after=1)
    crisis.click(
        message,
        ids.CHECKLIST_TOGGLE,
        "U0OPENER",
        option_value=keys[0],
        block_id=ids.STEP_BLOCK_PREFIX + keys[0],
    )
    assert ticked_in_db(crisis.context.engine, incident) == {keys[0]}
    assert ticked_in_slack(crisis, message) == 1


def test_work_that_fails_after_changing_something_is_explained_not_repeated(crisis: RunningApp) -> None:
    """The hand-over is stored and announced, then Slack answers 5xx to the topic (past slack-sdk's
    retries): running the whole hand-over again would repeat it (and now be refused); the person is told
    what failed instead."""
    incident = open_crisis(crisis)
    channel = incident.channel_id
    crisis.standin.server_error_next("conversations.setTopic", times=3)
    crisis.command("assign @other", user_id="U0RESP", channel_id=channel)
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        refused = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "refused")).all()
    assert stored is not None and stored.responsible_user_id == "U0OTHER"
    assert refused == []
    told = json.dumps(crisis.standin.responses[-1]["body"])
    assert "Only" not in told and "Slack" in told


def test_a_click_waiting_out_a_slack_outage_is_done_as_soon_as_slack_answers_again(
    crisis: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack answers 5xx to every call (an incident of its own: https://slack-status.com) for longer than
    the work's back-off has grown: the click's work resumes as soon as Slack answers again, not at its
    next try (here 10 minutes away, past the 30 s `settle` waits)."""
    monkeypatch.setattr(listener, "BUSY_RETRY_SECONDS", (0.2, 600))
    monkeypatch.setattr(gateway, "MEMBERS_CACHE_SECONDS", 0.0)  # the click asks Slack before it stores
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 0.1)
    monkeypatch.setattr(SlackHealth, "RESUME_AFTER_SECONDS", 0.0)
    incident = open_crisis(crisis)
    message, keys = step_keys(crisis, incident)
    crisis.standin.outage(503)
    before = len(crisis.standin.calls_to("conversations.members"))
    assert tick(crisis, message, keys[0], user="U0OPENER").status == 200
    # two tries of the work, each with slack-sdk's own retries of the 5xx: now it waits its 600 s
    crisis.standin.wait_until(
        lambda s: len([c for c in s.calls_to("conversations.members")[before:] if c.http_status == 503]) >= 6,
        timeout=15,
    )
    assert ticked_in_db(crisis.context.engine, incident) == set()
    crisis.standin.outage(None)
    crisis.settle()
    assert ticked_in_db(crisis.context.engine, incident) == {keys[0]}
    crisis.standin.wait_until(lambda s: ticked_in_slack(crisis, message) == 1)


def test_a_checklist_slack_failed_to_update_is_shown_as_soon_as_slack_answers_again(
    crisis: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The click is stored, but Slack answers 5xx to the checklist's `chat.update` past slack-sdk's
    retries: the surface backs off on the app's clock (frozen here, so its back-off never ends by
    itself) and is shown as soon as Slack answers a call again."""
    monkeypatch.setattr(SlackHealth, "PROBE_SECONDS", 0.1)
    monkeypatch.setattr(SlackHealth, "RESUME_AFTER_SECONDS", 0.0)
    incident = open_crisis(crisis)
    message, keys = step_keys(crisis, incident)
    crisis.standin.server_error_next("chat.update", times=3)
    crisis.click(
        message,
        ids.CHECKLIST_TOGGLE,
        "U0RESP",
        option_value=keys[0],
        block_id=ids.STEP_BLOCK_PREFIX + keys[0],
    )
    assert ticked_in_db(crisis.context.engine, incident) == {keys[0]}
    crisis.standin.wait_until(lambda s: ticked_in_slack(crisis, message) == 1, timeout=10)
    assert any(call.ok for call in crisis.standin.calls_to("auth.test")), "Slack was asked, not waited out"


def test_one_channels_requests_are_done_in_the_order_they_came(crisis: RunningApp) -> None:
    """Two hand-overs in one channel, the second sent while the first still waits for Slack: the
    second is done after the first (as the person who sent it expects: they are responsible by then),
    and the two announcements appear in that order. Another channel's work does not wait."""
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel is not None
    crisis.join(channel, "U0OTHER")
    crisis.standin.hold("users.info")
    crisis.driver.slash_command("/crisis", "assign @other", "U0RESP", channel)
    crisis.driver.slash_command("/crisis", "assign @resp", "U0OTHER", channel)
    crisis.standin.release()
    crisis.settle()
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        refused = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "refused")).all()
    assert refused == []
    assert stored is not None and stored.responsible_user_id == "U0RESP"
    announced = [m["text"] for m in crisis.standin.messages(channel)][-2:]
    assert len(announced) == 2 and "U0OTHER" in announced[0] and "U0RESP" in announced[1], announced


def test_a_checklist_is_not_given_up_in_seconds_while_only_its_own_method_fails(
    crisis: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partial Slack incident: chat.update answers 5xx while other methods (auth.test, the health
    probe) answer. The checklist backs off on the app's clock (frozen here: no back-off ever ends by
    itself, so no time has passed for the reconciler) and must not be given up, which MAX_PASSING_ATTEMPTS
    promises only after "about half an hour". Every probe answer resumes it early; when each resumed try
    that failed counted as an attempt, the surface was given up (marked shown, never shown) within
    seconds. Now it is given up by the app's clock. (MAX_PASSING_ATTEMPTS is 6 here to keep it short.)"""
    from bot.slack import reconciler

    monkeypatch.setattr(reconciler, "MAX_PASSING_ATTEMPTS", 6)
    incident = open_crisis(crisis)
    message, keys = step_keys(crisis, incident)
    crisis.standin.server_error_next("chat.update", times=10_000)
    before = len(crisis.standin.calls_to("chat.update"))
    tick(crisis, message, keys[0])
    crisis.standin.wait_until(
        lambda s: ticked_in_db(crisis.context.engine, incident) == {keys[0]}, timeout=10
    )

    # the checklist fails: six tries are 18 chat.update calls (slack-sdk tries each 5xx three times);
    # with the app's clock frozen, only "Slack answered" resumptions can cause them
    def checklist_lagging() -> bool:
        from bot.core.models import SlackSurface

        with Session(crisis.context.engine) as session:
            # keyed by the checklist's own id, which is the incident's only while both tables start at 1
            row = session.exec(
                select(SlackSurface).where(
                    SlackSurface.kind == "checklist", SlackSurface.incident_id == incident.id
                )
            ).first()
        return row is not None and row.wanted > row.shown

    def given_up_or_tried(s: object) -> bool:
        calls = len(crisis.standin.calls_to("chat.update")) - before
        return not checklist_lagging() or calls >= 40

    # the tick bumps the surface in a transaction of its own, just after the tick is stored
    crisis.standin.wait_until(lambda s: checklist_lagging(), timeout=10)
    crisis.standin.wait_until(given_up_or_tried, timeout=60)
    tries = (len(crisis.standin.calls_to("chat.update")) - before) // 3
    assert checklist_lagging(), (
        f"given up after {tries} tries while the app's clock stood still: the probe's answers burnt the "
        "checklist's attempts in seconds"
    )
    # given up by time instead: half an hour of the app's clock after Slack first failed it
    crisis.clock.advance(timedelta(minutes=31))
    crisis.context.reconciler.wake()
    crisis.standin.wait_until(lambda s: not checklist_lagging(), timeout=30)


def test_one_channels_requests_keep_their_order_when_the_first_meets_a_5xx(
    crisis: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As test_one_channels_requests_are_done_in_the_order_they_came, but the first hand-over's read
    (users.info) meets Slack answering 5xx instead of a slow answer: the first job leaves the lane to wait
    for its retry, the second is done meanwhile, and the first is done last, so the person named
    first ends up responsible although the later request named someone else."""
    monkeypatch.setattr(gateway, "MEMBERS_CACHE_SECONDS", 0.0)
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel is not None
    crisis.join(channel, "U0OTHER")
    # one try of the first job, with slack-sdk's own retries
    crisis.standin.server_error_next("users.info", times=3)
    crisis.driver.slash_command("/crisis", "assign @other", "U0RESP", channel)
    crisis.driver.slash_command("/crisis", "assign @resp", "U0OTHER", channel)
    crisis.settle()
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
    assert stored is not None and stored.responsible_user_id == "U0RESP", "the later request was undone"


def test_a_modal_submission_joins_the_lane_of_its_crisis_channel(
    crisis: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A modal's submission carries no channel, yet what it does (here: resolving the crisis) lands in
    the crisis channel; it waits in that channel's lane behind the channel's earlier requests, so it
    cannot overtake a hand-over or a checklist click sent before it."""
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel is not None
    lanes: list[str] = []
    enter_lane = crisis.context.work.enter_lane

    def recording(lane: str, fn: object) -> None:
        lanes.append(lane)
        enter_lane(lane, fn)

    monkeypatch.setattr(crisis.context.work, "enter_lane", recording)
    crisis.command("resolve", user_id="U0RESP", channel_id=channel)
    crisis.submit(crisis.last_view(), {"resolution_input": "Handled."}, user_id="U0RESP")
    crisis.settle()
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
    assert stored is not None and stored.status == "resolved"
    assert lanes and lanes[-1] == channel, lanes
