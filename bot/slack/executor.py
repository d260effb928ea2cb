"""A thread pool for Bolt's listeners that can tell when all submitted work has finished."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any


class TrackingExecutor(ThreadPoolExecutor):
    """ThreadPoolExecutor that remembers pending futures, so callers can wait for the app to go idle
    (tests, the demo, and a graceful shutdown)."""

    def __init__(self, max_workers: int = 8, thread_name_prefix: str = "crisisbot-work") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._pending: set[Future] = set()
        self._lock = threading.Lock()
        #: per lane, the work waiting for the lane's current work to leave it
        self._lanes: dict[str, deque[Any]] = {}

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """Submit work and track it until it finishes."""
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def enter_lane(self, lane: str, fn: Any) -> None:
        """Submit `fn` once every earlier piece of work of `lane` (a Slack channel) has left it, so work
        for one channel runs one at a time, in the order it arrived. `fn` must call `leave_lane(lane)`
        when its work is over (after any retries); an empty lane means no order: submitted at once."""
        if lane:
            with self._lock:
                waiting = self._lanes.get(lane)
                if waiting is not None:
                    # counts as pending work, so waiting for idle waits for it too
                    placeholder: Future = Future()
                    self._pending.add(placeholder)
                    waiting.append((fn, placeholder))
                    return
                self._lanes[lane] = deque()
        self.submit(fn)

    def leave_lane(self, lane: str) -> None:
        """The current work of `lane` is over: the next one waiting in it starts."""
        if not lane:
            return
        with self._lock:
            waiting = self._lanes.get(lane)
            if waiting is None:
                return
            if not waiting:
                del self._lanes[lane]
                return
            fn, placeholder = waiting.popleft()
        try:
            self.submit(fn)
        finally:
            placeholder.set_result(None)
            self._forget(placeholder)

    def later(self, seconds: float, fn: Any) -> Callable[[], None]:
        """Submit `fn` after `seconds`; it counts as pending work from now (so waiting for idle waits).
        Returns a function that submits it at once instead (once, whichever comes first)."""
        placeholder: Future = Future()
        with self._lock:
            self._pending.add(placeholder)
        fired = threading.Lock()

        def fire() -> None:
            if not fired.acquire(blocking=False):
                return
            timer.cancel()
            try:
                self.submit(fn)
            finally:
                placeholder.set_result(None)
                self._forget(placeholder)

        timer = threading.Timer(seconds, fire)
        timer.daemon = True
        timer.start()
        return fire

    def busy(self) -> int:
        """How many submitted calls are queued or running."""
        with self._lock:
            return len(self._pending)

    def idle(self) -> bool:
        """True when nothing submitted is queued or running."""
        with self._lock:
            return not self._pending

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until nothing submitted is still running (work may submit more work). False on timeout."""
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.is_set():
                with self._lock:
                    pending = list(self._pending)
                if not pending:
                    return True
                wait(pending, timeout=0.5)
            return False
        finally:
            timer.cancel()
