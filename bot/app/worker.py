"""Worker processes: they do the work of requests the web processes acknowledged and queued.

`crisisbot serve` acks each request and queues it in the request inbox; a worker claims queued requests
(several workers share them: PostgreSQL skips rows another holds), dispatches each through the same
Bolt listeners (Slack's signature was checked when it arrived), runs the work on its pool, and keeps
the reconciler going. The web process's threads then never share a Python interpreter with the work,
so a burst of work does not slow the acks. `serve` starts `WORKER_PROCESSES` of them itself (0: run
`crisisbot worker` separately), and a web process with nobody taking its queue does the work itself.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import parse_body

from bot.core import inbox
from bot.slack.context import AppContext
from bot.slack.listener import CLAIMED_BY_WORKER, KEPT_ALREADY

log = logging.getLogger(__name__)

#: How often an idle worker looks at the queue.
POLL_SECONDS = 0.05
#: A queued request older than this means no worker takes the queue: the web process does the work.
UNATTENDED_AFTER = timedelta(seconds=20)
#: How much lower a worker started by `serve` runs than the web process (see `os.nice`).
WORKER_NICENESS = 19
#: The environment variable a worker started by `serve` gets: it stops when that process is gone.
PARENT_ENV = "CRISISBOT_PARENT_PID"


def take_queued(app: App, context: AppContext) -> int:
    """Claim queued requests (as many as the work pool has room for) and dispatch them; returns how many."""
    room = max(0, 2 * context.settings.work_threads - context.work.busy())
    if room == 0:
        return 0
    taken = inbox.claim_queued(context.engine, context.clock.now(), limit=room)
    for item in taken:
        dispatch_kept(app, context, item.key, item.body, claimed=True)
    return len(taken)


def dispatch_kept(app: App, context: AppContext, key: str, body_text: str, claimed: bool = False) -> bool:
    """Dispatch a request kept in the inbox again through the same listeners (`claimed`: this process
    has already claimed it). A payload that is no JSON is given up. Returns True when dispatched."""
    try:
        # JSON, or the form body Slack sent (kept before the ack): parsed as Bolt parses a request
        body = parse_body(body_text, None)
    except ValueError:
        body = None
    if not isinstance(body, dict) or not body:
        inbox.finish(context.engine, key, failed=True)
        return False
    body[KEPT_ALREADY] = True
    if claimed:
        body[CLAIMED_BY_WORKER] = True
    # socket_mode: the request was verified when it arrived; Bolt skips the signature check
    app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    return True


def take_unattended(app: App, context: AppContext) -> int:
    """In a web process: when queued requests wait longer than UNATTENDED_AFTER and no worker has
    claimed anything for as long (none runs), take them here."""
    oldest = inbox.unattended_since(context.engine, context.clock.now(), UNATTENDED_AFTER)
    if oldest is None:
        return 0
    log.warning("queued requests have waited since %s: no worker is running; doing them here", oldest)
    return take_queued(app, context)


def _stop_with_parent() -> None:
    """Linux: stop (SIGTERM: finish the work in hand, then exit) when the `serve` process that started
    this worker ends, even when it is killed."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def run_worker(app: App, context: AppContext, stop: threading.Event) -> None:
    """Take queued requests until `stop` is set (or the parent `serve` process is gone)."""
    parent = int(os.environ.get(PARENT_ENV) or 0)
    if parent:
        _stop_with_parent()
        # acks are what Slack times; the work can wait a few milliseconds: on a busy machine the web
        # process gets the CPU first
        os.nice(WORKER_NICENESS)
    context.reconciler.wake()
    while not stop.is_set():
        if parent and os.getppid() != parent:
            log.warning("the serve process that started this worker is gone; stopping")
            break
        try:
            taken = take_queued(app, context)
        except Exception:
            log.exception("could not take queued requests; trying again")
            taken = 0
        if not taken:
            stop.wait(POLL_SECONDS)


def start_worker_processes(count: int) -> list[subprocess.Popen[bytes]]:
    """Start `count` `crisisbot worker` processes that stop when this process does."""
    env = {**os.environ, PARENT_ENV: str(os.getpid())}
    return [subprocess.Popen([sys.executable, "-m", "bot", "worker"], env=env) for _ in range(count)]


def keep_workers(count: int) -> threading.Thread:
    """Start the workers and start any that stops again (a crash must not leave the queue unattended)."""

    def watch() -> None:
        workers = start_worker_processes(count)
        while True:
            for index, worker in enumerate(workers):
                if worker.poll() is not None:
                    log.warning("worker %s stopped (%s); starting another", worker.pid, worker.returncode)
                    workers[index] = start_worker_processes(1)[0]
            threading.Event().wait(1.0)

    thread = threading.Thread(target=watch, name="worker-processes", daemon=True)
    thread.start()
    return thread
