"""The request spool: requests kept in a file on this host before their ack, moved into the inbox after.

SQLite has one writer at a time for the whole database. A worker process that holds the write lock for
a moment (it runs at a lower priority, so "a moment" can become a hundred milliseconds on a busy
machine) would make every ack wait for it. So on SQLite a request is kept first by appending one line
to this process's spool file (as durable as SQLite's own `synchronous=NORMAL`: it survives the process
being killed, not the machine losing power), and a background thread moves the lines into the request
inbox (bot/core/inbox.py) in batches, one transaction each. On PostgreSQL the inbox write comes first
and the spool keeps a request only when the database did not answer in time.

A spool file left by a process that no longer runs (on this host) is moved into the inbox by
`recover`, at start-up and every minute, where resumption finds its requests like any other.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import socket
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import TextIO

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.core import inbox

log = logging.getLogger(__name__)

#: How long the mover waits after the database refused a batch, doubling up to the second value.
RETRY_SECONDS = (0.01, 1.0)
#: How long one batch may wait for the database's write lock before it is tried again.
BATCH_WRITE_SECONDS = 1.0


def directory_for(database_url: str) -> Path:
    """Where the processes using `database_url` keep their spool files: beside a SQLite file, else in
    the system's temporary directory (one folder per database)."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(Path(url.database).name + ".spool")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"crisisbot-spool-{digest}"


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


def _file_name(owner: str) -> str:
    """`host@pid.jsonl` for owner `host:pid` (see inbox.this_process)."""
    host, _, pid = owner.rpartition(":")
    return f"{_safe(host)}@{_safe(pid)}.jsonl"


class Spool:
    """This process's spool file and the thread that moves its lines into the inbox of `engine` (a
    quick engine, see bot.core.db.make_quick_engine)."""

    def __init__(self, engine: Engine, directory: Path, owner: str | None = None) -> None:
        self.engine = engine
        self.directory = directory
        self.owner = owner or inbox.this_process()
        self.path = directory / _file_name(self.owner)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: list[inbox.Kept] = []
        self._file: TextIO | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    def keep(self, key: str, body: str, now: datetime, state: str, resubmittable: bool = False) -> None:
        """Keep a request that has just arrived: one line appended to the file (no database)."""
        entry = inbox.Kept(key[:200], body, now, state, self.owner, resubmittable)
        line = json.dumps(entry.as_json()) + "\n"
        with self._lock:
            handle = self._open()
            handle.write(line)
            handle.flush()
            self._pending.append(entry)
            self._wake.notify()

    def _open(self) -> TextIO:
        """The spool file, opened (and the mover started) on first use; the lock is held."""
        if self._file is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 (kept open)
            self._thread = threading.Thread(target=self._move, name="request-spool", daemon=True)
            self._thread.start()
            atexit.register(self.close)
        return self._file

    def pending(self) -> int:
        """How many kept requests are not in the inbox yet."""
        with self._lock:
            return len(self._pending)

    def move(self) -> int:
        """Move the kept requests into the inbox now, in one transaction; returns how many. Raises when
        the database does not take them (they stay kept)."""
        with self._lock:
            batch = list(self._pending)
        if not batch:
            return 0
        inbox.record_kept(self.engine, batch, BATCH_WRITE_SECONDS)
        with self._lock:
            del self._pending[: len(batch)]
            if not self._pending and self._file is not None:
                # everything in the file is in the inbox: start it again empty
                self._file.truncate(0)
        return len(batch)

    def _move(self) -> None:
        delay = RETRY_SECONDS[0]
        while True:
            with self._lock:
                while not self._pending and not self._stopping:
                    self._wake.wait()
                if not self._pending:
                    return
            try:
                self.move()
                delay = RETRY_SECONDS[0]
            except sa.exc.SQLAlchemyError as error:
                log.warning("the database did not take %s kept requests yet (%s)", self.pending(), error)
                with self._lock:
                    self._wake.wait(delay)
                delay = min(RETRY_SECONDS[1], delay * 2)

    def close(self, timeout: float = 5.0) -> None:
        """Move what is kept into the inbox (waiting at most `timeout` seconds), then stop; what could
        not be moved stays in the file for `recover`."""
        with self._lock:
            self._stopping = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        with self._lock:
            if self._file is not None and not (thread is not None and thread.is_alive()):
                self._file.close()
                self._file = None
                if not self._pending:
                    self.path.unlink(missing_ok=True)


def recover(engine: Engine, directory: Path) -> int:
    """Move into the inbox the spool files that processes on this host left when they stopped; returns
    how many requests were moved. A file whose process still runs is left to it."""
    if not directory.is_dir():
        return 0
    host = socket.gethostname()
    moved = 0
    for path in sorted(directory.glob("*@*.jsonl")):
        file_host, _, pid = path.stem.rpartition("@")
        if file_host != _safe(host) or not inbox.owner_is_dead(f"{host}:{pid}", host):
            continue  # its process still runs, or it ran on another host
        entries = _read(path)
        if entries:
            inbox.record_kept(engine, entries, BATCH_WRITE_SECONDS)
            log.warning("moved %s requests a stopped process had kept into the inbox", len(entries))
        moved += len(entries)
        path.unlink(missing_ok=True)
    return moved


def waiting(directory: Path) -> list[inbox.Kept]:
    """Every request kept in the spool files of `directory` (of all processes), oldest file first."""
    if not directory.is_dir():
        return []
    return [entry for path in sorted(directory.glob("*@*.jsonl")) for entry in _read(path)]


def _read(path: Path) -> list[inbox.Kept]:
    """The entries of a spool file; a line cut short by a crash (or not JSON) is skipped."""
    entries = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            entries.append(inbox.Kept.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("skipped an unreadable line in %s", path.name)
    return entries
