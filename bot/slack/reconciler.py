"""Keeps what the bot shows in Slack up to date: the latest state wherever a surface's shown revision
lags behind its wanted revision (see bot/core/surfaces.py).

A state change bumps `wanted` and calls `wake()`; a drain on the work pool claims lagging surfaces and
hands each to the show function registered for its kind, which renders the latest state and makes one
Slack call with no database lock held. A burst of changes becomes one call; a restart resumes what was
lagging; a rate limit postpones that channel's surfaces by Slack's Retry-After without making anyone
else wait (the calls here never sleep on a 429); other failures back off and are retried.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.core import surfaces
from bot.core.db import is_busy
from bot.core.inbox import this_process
from bot.core.surfaces import Due
from bot.slack.gateway import SlackCallFailed

if TYPE_CHECKING:
    from bot.slack.context import AppContext

log = logging.getLogger(__name__)

Show = Callable[[Due], None]

#: Slack errors after which showing the surface again cannot work (the message or channel is gone).
GONE = frozenset(
    {
        "channel_not_found",
        "message_not_found",
        "is_archived",
        "cant_update_message",
        "not_in_channel",
        "canvas_not_found",
        "user_not_found",
        "account_inactive",
    }
)
#: Failures are retried with a doubling back-off up to this, then given up after MAX_ATTEMPTS.
MAX_BACKOFF = timedelta(minutes=5)
MAX_ATTEMPTS = 12
#: Slack failing (5xx, no answer) or the database busy pass by themselves: a surface then waits at most
#: this long between tries. One the database kept busy is given up after MAX_PASSING_ATTEMPTS (about
#: half an hour); one Slack failed is tried at once when Slack answers again, and given up by time.
MAX_PASSING_BACKOFF = timedelta(seconds=30)
MAX_PASSING_ATTEMPTS = 70
#: Slack failing a surface is given up by time, not by tries: every answer Slack gives another call
#: (the health probe's auth.test every 2 s during a partial incident) tries it again early.
SLACK_FAILING_FOR = timedelta(minutes=30)


class Reconciler:
    """Registers how each kind of surface is shown, and drains lagging surfaces on the work pool."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.owner = this_process()
        self._shows: dict[str, Show] = {}
        self._intervals: dict[str, timedelta] = {}
        self._lock = threading.Lock()
        self._queued = 0
        self._timer: threading.Timer | None = None
        self._waiting_for_slack = False

    def register(self, kind: str, show: Show, min_interval: timedelta = timedelta(0)) -> None:
        """`show(due)` renders the latest state of a surface of `kind` and makes the Slack call; at most one
        call per `min_interval` for each such surface (a canvas, say)."""
        self._shows[kind] = show
        self._intervals[kind] = min_interval

    def wake(self) -> None:
        """Look for lagging surfaces soon, on the work pool (one drain queued behind a running one)."""
        with self._lock:
            if self._queued >= 2:
                return
            self._queued += 1
        self.context.work.submit(self._drain_once_queued)

    def _drain_once_queued(self) -> None:
        with self._lock:
            self._queued -= 1
        self.drain()

    def drain(self) -> int:
        """Show every lagging surface that is due; returns how many were shown."""
        shown = 0
        while True:
            now = self.context.clock.now()
            owner = f"{self.owner}:{uuid.uuid4().hex[:12]}"
            try:
                # one at a time: a claim's lease must not run out while earlier ones are being shown
                batch = surfaces.claim_due(self.context.engine, owner, now, limit=1)
            except Exception as error:
                if not is_busy(error):
                    raise
                log.warning("the database is busy; surfaces wait (%s)", error)
                self._wake_later(5.0)
                return shown
            if not batch:
                break
            for due in batch:
                shown += self._show(due, now, owner)
        self._schedule_next()
        return shown

    def _show(self, due: Due, now: datetime, owner: str) -> int:
        show = self._shows.get(due.kind)
        if show is None:
            log.error("no way to show surfaces of kind %r (%s)", due.kind, due.key)
            surfaces.mark_shown(self.context.engine, due, owner)
            return 0
        try:
            with self.context.serving(due.team_id, due.enterprise_id):
                show(due)
        except SlackCallFailed as failure:
            if failure.error == "ratelimited":
                wait = timedelta(seconds=failure.retry_after or 1.0)
                surfaces.postpone(
                    self.context.engine, due, owner, now + wait, failure.error, same_channel=True
                )
                return 0
            if failure.server_side:
                since = surfaces.failing_since(due.last_error) or now
                if now - since >= SLACK_FAILING_FOR:
                    log.warning("giving up showing %s: %s", due.key, failure.error)
                    surfaces.mark_shown(self.context.engine, due, owner)
                    return 0
                error = surfaces.failing_error(since, failure.error)
                self._back_off(due, now, error, owner, passing=True)
                self._wait_for_slack()
                return 0
            if failure.error in GONE or due.attempts + 1 >= MAX_ATTEMPTS:
                log.warning("giving up showing %s: %s", due.key, failure.error)
                surfaces.mark_shown(self.context.engine, due, owner)
                return 0
            self._back_off(due, now, failure.error, owner)
            return 0
        except Exception as error:
            passing = is_busy(error)
            if due.attempts + 1 >= (MAX_PASSING_ATTEMPTS if passing else MAX_ATTEMPTS):
                log.exception("giving up showing %s", due.key)
                surfaces.mark_shown(self.context.engine, due, owner)
                return 0
            log.warning("could not show %s (%s: %s); trying again", due.key, type(error).__name__, error)
            self._back_off(due, now, type(error).__name__, owner, passing=passing)
            return 0
        interval = self._intervals.get(due.kind, timedelta(0))
        surfaces.mark_shown(self.context.engine, due, owner, now + interval if interval else None)
        return 1

    def _back_off(self, due: Due, now: datetime, error: str, owner: str, passing: bool = False) -> None:
        """Try `due` again after a doubling wait, capped lower for failures that pass by themselves."""
        cap = MAX_PASSING_BACKOFF if passing else MAX_BACKOFF
        wait = min(cap, timedelta(seconds=2 ** min(due.attempts, 10)))
        surfaces.postpone(self.context.engine, due, owner, now + wait, error)

    def _wait_for_slack(self) -> None:
        """Resume the surfaces that Slack failed once it answers again (one callback at a time)."""
        with self._lock:
            if self._waiting_for_slack:
                return
            self._waiting_for_slack = True
        self.context.workspaces.health.when_answering(self._slack_answers)

    def _slack_answers(self) -> None:
        with self._lock:
            self._waiting_for_slack = False
        self.context.work.submit(self._resume_failed)

    def _resume_failed(self) -> None:
        """Slack answers again: what waits after its failures is shown now, not at its next back-off."""
        try:
            if surfaces.resume_failed(self.context.engine, self.context.clock.now()):
                self.wake()
        except Exception as error:
            if not is_busy(error):
                raise
            self._wake_later(1.0)

    def _schedule_next(self) -> None:
        """Wake again when the earliest postponed surface becomes due."""
        try:
            next_at = surfaces.next_due_at(self.context.engine)
        except Exception as error:
            if not is_busy(error):
                raise
            self._wake_later(5.0)
            return
        if next_at is None:
            return
        seconds = (next_at - self.context.clock.now()).total_seconds()
        self._wake_later(max(0.05, seconds))

    def _wake_later(self, seconds: float) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(seconds, self.wake)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """Cancel the pending wake-up (at shutdown)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
