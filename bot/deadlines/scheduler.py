"""When the response clock looks at its queue (only *when*; `bot.reminders.fire_due` is the *what*).

APScheduler 3 runs one interval job every `SCHEDULER_POLL_SECONDS` and, after each tick, one date job
at the next row's due time, so reminders fire on time without waiting for the poll. The jobs live in
memory and are rebuilt at start: the `deadline_mark` rows are the only record, so nothing is lost on
restart and there are no pickled jobs to migrate. The first tick runs at start, so whatever fell due
while the process was down fires then (coalesced by `deadlines.due_marks`).

Only one scheduler should run (`crisisbot clock`, or `crisisbot run` for a single process). On
PostgreSQL each scheduler tries a session-level advisory lock on a connection it keeps; only the
holder fires reminders, the others retry every tick and take over if the holder dies. The claim in
`bot.reminders` would stop a double post anyway; the lock keeps a second clock process idle.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Connection, Engine

from bot.core import inbox
from bot.core.db import session_scope
from bot.deadlines import deadlines
from bot.deadlines.service import Fired, fire_due
from bot.incidents.service import CrisisRoom
from bot.slack.context import AppContext

log = logging.getLogger(__name__)
TIDY_EVERY = timedelta(hours=1)

#: The advisory lock key of the deadline scheduler ("cris" in ASCII).
ADVISORY_LOCK_KEY = 0x63726973
POLL_JOB = "deadlines-poll"
ONE_OFF_JOB = "deadlines-once"


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock, held on one connection for the process lifetime."""

    def __init__(self, engine: Engine, key: int = ADVISORY_LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._connection: Connection | None = None
        self.held = False

    def hold(self) -> bool:
        """True while this process holds the lock: tries to take it when it does not, checks the
        connection is alive when it does (a lost connection means a lost lock)."""
        try:
            if self._connection is None:
                self._connection = self.engine.connect()
            if self.held:
                self._connection.execute(sa.text("SELECT 1"))
            else:
                taken = self._connection.execute(
                    sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                ).scalar()
                self.held = bool(taken)
                if self.held:
                    log.info("this process now runs the deadline scheduler (advisory lock %s)", self.key)
            self._connection.commit()
        except sa.exc.SQLAlchemyError as error:
            log.warning("advisory lock connection lost (%s); will retry", error.__class__.__name__)
            self._drop()
        return self.held

    def release(self) -> None:
        """Give the lock up and close its connection (the server releases it with the session)."""
        self._drop()

    def _drop(self) -> None:
        self.held = False
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except sa.exc.SQLAlchemyError:
                pass
            self._connection = None


class DeadlineScheduler:
    """Wakes up on a poll interval, at the next due row, and when asked (`wake`), and fires what is due."""

    def __init__(
        self,
        context: AppContext,
        poll_seconds: float | None = None,
        on_tick: Callable[[list[Fired]], None] | None = None,
    ) -> None:
        self.context = context
        self.poll_seconds = poll_seconds or context.settings.scheduler_poll_seconds
        self.on_tick = on_tick
        self.lock = AdvisoryLock(context.engine) if context.engine.dialect.name == "postgresql" else None
        self._scheduler = BackgroundScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        self._running = threading.Lock()
        self._wanted = threading.Event()
        self._ids_lock = threading.Lock()
        self._one_off = 0
        self._tidied_at: datetime | None = None

    @property
    def active(self) -> bool:
        """True when this process may fire reminders (always on SQLite; the lock holder on PostgreSQL)."""
        return self.lock is None or self.lock.held

    def start(self) -> None:
        """Start the background thread; the first tick runs at once (catching up after downtime)."""
        self._scheduler.add_job(
            self.tick, "interval", seconds=self.poll_seconds, id=POLL_JOB, next_run_time=datetime.now(UTC)
        )
        self._scheduler.start()
        self.context.wake_scheduler = self.wake
        log.info("deadline scheduler started (poll every %ss)", self.poll_seconds)

    def wake(self) -> None:
        """Look at the queue now (after an incident opened or its first post moved)."""
        self._once(datetime.now(UTC))

    def shutdown(self) -> None:
        """Stop the thread (waiting for a running tick) and release the lock."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        self.context.wake_scheduler = lambda: None
        if self.lock is not None:
            self.lock.release()

    def tick(self) -> list[Fired]:
        """Fire what is due. Ticks never overlap: a tick asked for while one runs makes it run once more."""
        self._wanted.set()
        fired: list[Fired] = []
        while self._wanted.is_set():
            if not self._running.acquire(blocking=False):
                return fired
            try:
                self._wanted.clear()
                fired.extend(self._run_once())
            finally:
                self._running.release()
        return fired

    def _run_once(self) -> list[Fired]:
        try:
            if self.lock is not None and not self.lock.hold():
                return []
            fired = self._fire_until_idle()
            self._tidy()
            CrisisRoom(self.context).sweep_half_opened()
            self.context.reconciler.wake()  # surfaces that waited (a rate limit, a canvas's interval)
        except Exception:
            log.exception("deadline tick failed; the next one retries")
            return []
        if fired:
            log.info("deadline tick: %s", ", ".join(f"{i.mark}/{i.kind}={i.result}" for i in fired))
        if self.on_tick is not None:
            self.on_tick(fired)
        return fired

    def _tidy(self) -> None:
        """Hourly housekeeping: forget request keys kept for replay protection once they are old."""
        now = self.context.clock.now()
        if self._tidied_at is not None and now - self._tidied_at < TIDY_EVERY:
            return
        self._tidied_at = now
        forgotten = inbox.forget_old(self.context.engine, now)
        if forgotten:
            log.info("forgot %s old request keys", forgotten)

    def _fire_until_idle(self) -> list[Fired]:
        """Fire what is due, again while rows fell due during the work, then arm a wake-up at the next
        row when it comes before the next poll. Rows Slack refused wait for the next poll (no hot loop).
        """
        fired: list[Fired] = []
        clock = self.context.clock
        while True:
            now = clock.now()
            fired.extend(fire_due(self.context, now))
            with session_scope(self.context.engine) as session:
                upcoming = deadlines.next_due_at(session, after=now)
            if upcoming is None:
                return fired
            delay = (upcoming - clock.now()).total_seconds()
            if delay > 0:
                if delay < self.poll_seconds:
                    self._once(datetime.now(UTC) + timedelta(seconds=delay))
                return fired

    def _once(self, run_date: datetime) -> None:
        """Add a one-off tick. Each gets its own job id: APScheduler counts running instances per id and
        removes a date job after running it, so reusing one id from inside a tick would drop the new one."""
        if not self._scheduler.running:
            return
        with self._ids_lock:
            self._one_off += 1
            job_id = f"{ONE_OFF_JOB}-{self._one_off}"
        self._scheduler.add_job(self.tick, "date", run_date=run_date, id=job_id)
