"""Only one scheduler fires, each reminder posts once, and the APScheduler wiring really wakes up.

Waits are bounded waits on events set by the scheduler's own tick, never sleeps that assert time.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.deadlines.scheduler import DeadlineScheduler
from bot.deadlines.service import Fired, fire_due
from bot.demo.standin import SlackStandin
from tests.e2e.test_open_crisis import open_crisis
from tests.support.deadlines import RESPONSE_DUE, posted
from tests.support.running_app import START, RunningApp, start_app


def test_two_processes_firing_at_once_post_each_reminder_once(
    crisis: RunningApp, database_url: str, standin: SlackStandin
) -> None:
    incident = open_crisis(crisis)
    other = start_app(database_url, standin)  # a second process on the same database
    try:
        moment = RESPONSE_DUE + timedelta(hours=15)  # the 12h escalation and the first daily are due
        crisis.clock.set(moment)
        other.clock.set(moment)
        barrier = threading.Barrier(2)
        results: list[list[Fired]] = [[], []]

        def run(index: int, app: RunningApp) -> None:
            barrier.wait()
            results[index] = fire_due(app.context, moment)

        threads = [threading.Thread(target=run, args=(i, app)) for i, app in enumerate((crisis, other))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        both = posted(results[0]) + posted(results[1])
        assert sorted(both) == [
            ("daily:constant_updates", "daily"),
            ("daily:daily_monitoring", "daily"),
            ("response_12h", "escalation"),
        ]
        texts = [str(m.get("blocks")) for m in standin.messages(incident.channel_id)]  # type: ignore[arg-type]
        assert sum("Escalation" in text for text in texts) == 1
        assert sum("Daily duty" in text for text in texts) == 2
    finally:
        other.stop()


@pytest.mark.postgres
def test_a_second_clock_on_postgres_waits_on_the_advisory_lock(
    crisis: RunningApp, database_url: str, standin: SlackStandin
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("advisory locks need PostgreSQL (set DATABASE_URL)")
    incident = open_crisis(crisis)
    other = start_app(database_url, standin)
    first = DeadlineScheduler(crisis.context, poll_seconds=3600)
    second = DeadlineScheduler(other.context, poll_seconds=3600)
    try:
        crisis.clock.set(RESPONSE_DUE - timedelta(hours=2))
        other.clock.set(RESPONSE_DUE - timedelta(hours=2))
        assert posted(first.tick()) == [("response_12h", "warning")]
        assert second.tick() == [] and not second.active, "the second clock waits"
        crisis.clock.set(RESPONSE_DUE)
        other.clock.set(RESPONSE_DUE)
        assert second.tick() == [], "still waiting while the first holds the lock"
        first.shutdown()  # the first clock process ends
        assert posted(second.tick()) == [("response_12h", "due")] and second.active
        texts = [str(m.get("blocks")) for m in standin.messages(incident.channel_id)]  # type: ignore[arg-type]
        assert (
            sum("is due" in text for text in texts) == 1 and sum("is not met" in text for text in texts) == 1
        )
    finally:
        first.shutdown()
        second.shutdown()
        other.stop()


def test_the_scheduler_wakes_on_its_own_and_when_an_incident_opens(
    crisis: RunningApp, engine: Engine
) -> None:
    warned = threading.Event()

    def watch(fired: list[Fired]) -> None:
        if ("response_12h", "warning") in posted(fired):
            warned.set()

    # a poll of an hour: only the start-up tick and wake() can make it fire within the test
    scheduler = DeadlineScheduler(crisis.context, poll_seconds=3600, on_tick=watch)
    scheduler.start()
    try:
        first_post = START - timedelta(hours=11)  # the 12h warning is due the moment the crisis opens
        incident = open_crisis(crisis, first_negative_at_input=first_post)
        assert warned.wait(timeout=10), "wake() after opening fired the due warning"
        messages = crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        assert any("is due" in str(message.get("blocks")) for message in messages)
    finally:
        scheduler.shutdown()
    assert crisis.context.wake_scheduler() is None  # a no-op again once stopped


def test_a_restarted_scheduler_catches_up_at_start(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.clock.set(RESPONSE_DUE + timedelta(minutes=40))  # the process was down across the 12h mark
    caught_up = threading.Event()
    seen: list[Fired] = []

    def watch(fired: list[Fired]) -> None:
        seen.extend(fired)
        if fired:
            caught_up.set()

    scheduler = DeadlineScheduler(crisis.context, poll_seconds=0.05, on_tick=watch)
    scheduler.start()
    try:
        assert caught_up.wait(timeout=10)
    finally:
        scheduler.shutdown()
    assert posted(seen) == [("response_12h", "escalation")] and seen[-1].late
    texts = [str(m.get("blocks")) for m in crisis.standin.messages(incident.channel_id)]  # type: ignore[arg-type]
    assert sum("Escalation" in text for text in texts) == 1 and sum("is due" in text for text in texts) == 0
