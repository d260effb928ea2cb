"""The request spool: requests kept in a file on this host before their ack, moved into the inbox after.

SQLite has one writer at a time for the whole database. A worker process that holds the write lock for
a moment (it runs at a lower priority, so "a moment" can become a hundred milliseconds on a busy
machine) would make every ack wait for it. So on SQLite a request is kept first by appending one line
to this process's spool file (as durable as SQLite's own `synchronous=NORMAL`: it survives the process
being killed, not the machine losing power), and a background thread moves the lines into the request
inbox (bot/core/inbox.py) in batches, one transaction each. On PostgreSQL the inbox write comes first
and the spool keeps a request only when the database did not answer in time.

Each process writes its own file (a random name) and holds an exclusive `flock` on it while it runs;
the kernel lets go when the process ends, however it ends. `recover` (at start-up and every minute)
moves into the inbox every file it can lock — files whose process has stopped — where resumption
finds their requests like any other. The directory must be on this host's local disk.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import logging
import os
import secrets
import socket
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.core import inbox

log = logging.getLogger(__name__)

#: How long the mover waits after the database refused a batch, doubling up to the second value.
RETRY_SECONDS = (0.01, 1.0)
#: How long one batch may wait for the database's write lock before it is tried again.
BATCH_WRITE_SECONDS = 1.0
#: How long the mover lets requests gather before it moves them (fewer, larger transactions: less
#: of the web process's interpreter taken from the acks).
GATHER_SECONDS = 0.005
#: A file this large whose requests are partly in the inbox is rewritten with only the others (under a
#: steady stream of requests the file is never found empty, so never truncated; a click is ~30 KB).
ROTATE_BYTES = 8 << 20


def directory_for(database_url: str) -> Path:
    """Where the processes using `database_url` keep their spool files: beside a SQLite file, else in
    the system's temporary directory (one folder per database)."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(Path(url.database).name + ".spool")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"crisisbot-spool-{digest}"


def _open_locked(directory: Path) -> tuple[int, Path]:
    """A new spool file of this process (owner-only), exclusively locked for as long as it is open."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(6)}.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd, path


def _line(entry: inbox.Kept) -> bytes:
    # the newline first: a line cut short (a kill, a full disk) is ended by the next one, not joined
    return ("\n" + json.dumps(entry.as_json())).encode()


class Spool:
    """This process's spool file and the thread that moves its lines into the inbox of `engine` (a
    quick engine, see bot.core.db.make_quick_engine)."""

    def __init__(self, engine: Engine, directory: Path, owner: str | None = None) -> None:
        self.engine = engine
        self.directory = directory
        self.owner = owner or inbox.this_process()
        self.path: Path | None = None
        self._fd: int | None = None
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: list[inbox.Kept] = []
        #: the line each pending request was written as, for a rotation (no second serialisation)
        self._lines: list[bytes] = []
        self._written = 0
        self._thread: threading.Thread | None = None
        self._stopping = False

    def keep(self, key: str, body: str, now: datetime, state: str, resubmittable: bool = False) -> None:
        """Keep a request that has just arrived: one line appended to the file (no database). Raises
        OSError when the file cannot take it (a full disk): the request is then not kept here."""
        entry = inbox.Kept(key[:200], body, now, state, self.owner, resubmittable)
        line = _line(entry)
        with self._lock:
            fd = self._open()
            if os.write(fd, line) != len(line):
                raise OSError("the spool file took only part of a request")
            self._written += len(line)
            self._pending.append(entry)
            self._lines.append(line)
            self._wake.notify()

    def _open(self) -> int:
        """The spool file, opened (and the mover started) on first use; the lock is held."""
        if self._fd is None:
            self._fd, self.path = _open_locked(self.directory)
            if self._thread is None:
                self._thread = threading.Thread(target=self._move, name="request-spool", daemon=True)
                self._thread.start()
                atexit.register(self.close)
        return self._fd

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
            del self._lines[: len(batch)]
            if self._fd is not None and not self._pending:
                os.ftruncate(self._fd, 0)  # everything in it is in the inbox
                self._written = 0
            elif self._fd is not None and self._written > ROTATE_BYTES:
                self._rotate()
        return len(batch)

    def _rotate(self) -> None:
        """Go on in a new file holding only the requests not yet in the inbox; the lock is held. (Lines
        already moved would otherwise be moved again by `recover` after a crash, long after.)"""
        fd, path = _open_locked(self.directory)
        lines = b"".join(self._lines)
        os.write(fd, lines)
        old_fd, old_path = self._fd, self.path
        self._fd, self.path, self._written = fd, path, len(lines)
        if old_path is not None:
            old_path.unlink(missing_ok=True)
        if old_fd is not None:
            os.close(old_fd)

    def _move(self) -> None:
        delay = RETRY_SECONDS[0]
        while True:
            with self._lock:
                while not self._pending and not self._stopping:
                    self._wake.wait()
                if not self._pending:
                    return
                stopping = self._stopping
            if not stopping:
                time.sleep(GATHER_SECONDS)
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
            if self._fd is not None and not (thread is not None and thread.is_alive()):
                if not self._pending and self.path is not None:
                    self.path.unlink(missing_ok=True)
                os.close(self._fd)  # lets go of the lock: `recover` may take what is left
                self._fd = None


def recover(engine: Engine, directory: Path) -> int:
    """Move into the inbox the spool files no running process holds (their processes stopped); returns
    how many requests were moved. A file the database does not take now is tried again next time."""
    if not directory.is_dir():
        return 0
    moved = 0
    for path in sorted(directory.glob("*.jsonl")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its process runs
            entries = _read(path)
            if entries:
                try:
                    inbox.record_kept(engine, entries, BATCH_WRITE_SECONDS)
                except sa.exc.SQLAlchemyError as error:
                    log.warning("could not move %s yet (%s); trying again later", path.name, error)
                    continue
                log.warning("moved %s requests a stopped process had kept into the inbox", len(entries))
            moved += len(entries)
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)
    return moved


def waiting(directory: Path) -> list[inbox.Kept]:
    """Every request kept in the spool files of `directory` (of all processes), oldest file first."""
    if not directory.is_dir():
        return []
    return [entry for path in sorted(directory.glob("*.jsonl")) for entry in _read(path)]


def _read(path: Path) -> list[inbox.Kept]:
    """The entries of a spool file; a line cut short by a crash (or not JSON) is skipped."""
    entries = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        if not line.strip():
            continue
        try:
            entries.append(inbox.Kept.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("skipped an unreadable line in %s", path.name)
    return entries
