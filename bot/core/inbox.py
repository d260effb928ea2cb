"""The request inbox: every request a person waits on is kept from before its ack until its work is done.

A row is written (`record`) before Slack gets its ack, so a process killed after the ack still leaves the
work behind; `claim` lets exactly one process start the work (a replayed click or submission, or a second
process, finds the row taken); `finish` marks it done. `unfinished` finds work nobody will finish: never
started, or started by a process that has died (on this host) or whose lease ran out (elsewhere).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.core.db import UTCDateTime, quick_begin, rowcount, session_scope, table_of
from bot.core.models import ProcessedRequest

RECEIVED = "received"
#: acknowledged and handed to the worker processes (`crisisbot worker`)
QUEUED = "queued"
STARTED = "started"
DONE = "done"
FAILED = "failed"

#: Slack retries within minutes and nobody replays a click after days: older keys can go.
RETENTION = timedelta(days=7)
#: How long a started request belongs to its process before another may take it over.
LEASE = timedelta(minutes=10)
#: A request its (dead) process did not claim this long after it arrived is resumed by another.
ORPHAN_AFTER = timedelta(seconds=5)
#: A request resumed this many times without finishing is given up.
MAX_ATTEMPTS = 3

_table = table_of(ProcessedRequest)


def this_process() -> str:
    """The owner name of the running process: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


Recorded = Literal["new", "known", "failed"]

_INSERT = (
    "INSERT INTO processed_request (key, at, state, body, owner, attempts) "
    "VALUES (:key, :at, :state, :body, :owner, 0) "
)
_KEEP_KNOWN = "ON CONFLICT (key) DO NOTHING"
#: A modal submitted again after Slack showed the app's field errors keeps its view id (so its key):
#: the new, corrected payload replaces the refused one, unless that one's work has started (or the one
#: there is newer: spool files moved in another order).
_REPLACE_UNSTARTED = (
    "ON CONFLICT (key) DO UPDATE SET body = excluded.body, at = excluded.at, owner = excluded.owner, "
    "attempts = 0, state = excluded.state "
    "WHERE processed_request.state = 'received' AND excluded.at >= processed_request.at"
)


def _statement(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("at", type_=UTCDateTime()))


#: Statements compiled once, that SQLite and PostgreSQL both take; one runs before every ack, so it
#: skips building an ORM insert each time. With RETURNING a row comes back only when it was inserted
#: (psycopg reports no rowcount for ON CONFLICT DO NOTHING); without, for batches (executemany).
_RECORD = _statement(_INSERT + _KEEP_KNOWN + " RETURNING key")
_RECORD_SUBMISSION = _statement(_INSERT + _REPLACE_UNSTARTED + " RETURNING key")
_RECORD_MANY = _statement(_INSERT + _KEEP_KNOWN)
_RECORD_SUBMISSIONS_MANY = _statement(_INSERT + _REPLACE_UNSTARTED)


@dataclass(frozen=True)
class Kept:
    """A request kept before its ack on its way into the inbox (see bot.core.spool)."""

    key: str
    body: str
    at: datetime
    state: str
    owner: str
    resubmittable: bool = False

    def as_json(self) -> dict[str, object]:
        """The entry as a JSON object (a line of a spool file)."""
        return {**self.values(), "at": self.at.isoformat(), "resubmittable": self.resubmittable}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kept:
        """The entry a line of a spool file holds (KeyError, ValueError or TypeError when it is not one)."""
        return cls(
            str(data["key"]),
            str(data["body"]),
            datetime.fromisoformat(data["at"]),
            str(data["state"]),
            str(data["owner"]),
            bool(data.get("resubmittable")),
        )

    def values(self) -> dict[str, Any]:
        """The bound values of the inbox's insert."""
        return {"key": self.key, "at": self.at, "state": self.state, "body": self.body, "owner": self.owner}


def record_kept(engine: Engine, entries: list[Kept], timeout_seconds: float) -> None:
    """Put kept requests into the inbox in one transaction, as `record` would have one by one (a key
    already there is left as it is; a resubmitted modal replaces a payload whose work has not started).
    `engine` is a quick engine; raises when the database does not take them within `timeout_seconds`."""
    plain = [entry.values() for entry in entries if not entry.resubmittable]
    submissions = [entry.values() for entry in entries if entry.resubmittable]
    with quick_begin(engine, timeout_seconds) as connection:
        if plain:
            connection.execute(_RECORD_MANY, plain)
        if submissions:
            connection.execute(_RECORD_SUBMISSIONS_MANY, submissions)


def record(
    engine: Engine, key: str, body: str, now: datetime, state: str = RECEIVED, resubmittable: bool = False
) -> Recorded:
    """Keep a request that has just arrived (before its ack): "new", or "known" when its key is already
    there (a retry, a replay, a resumed request; left as it is), or "failed".

    `engine` should be a quick engine (db.make_quick_engine): when the database is locked or stalled the
    write gives up at once ("failed") and the work runs from memory only, because the ack must not wait.
    `state` QUEUED hands a new request to the workers at once (for listeners that always have work).
    `resubmittable` (modal submissions): a payload whose work has not started is replaced by the new one.
    """
    statement = _RECORD_SUBMISSION if resubmittable else _RECORD
    values = {"key": key[:200], "at": now, "state": state, "body": body, "owner": this_process()}
    try:
        with quick_begin(engine) as connection:
            inserted = connection.execute(statement, values).first() is not None
    except sa.exc.SQLAlchemyError:
        return "failed"
    return "new" if inserted else "known"


def queue(engine: Engine, key: str, body: str | None = None) -> bool:
    """Hand a received request to the worker processes, with `body` as its payload when given (the one
    that is being acted on: a corrected modal's); False when it is not in the inbox (yet) or the
    database does not answer at once (`engine` is quick): then run it here."""
    try:
        with quick_begin(engine) as connection:
            result = connection.execute(
                sa.update(_table)
                .where(_table.c.key == key[:200], _table.c.state == RECEIVED)
                .values(state=QUEUED, **_payload(body))
            )
            return rowcount(result) == 1
    except sa.exc.SQLAlchemyError:
        return False


@dataclass(frozen=True)
class Queued:
    """A request a worker has claimed: its key and payload."""

    key: str
    body: str


def claim_queued(engine: Engine, now: datetime, owner: str | None = None, limit: int = 16) -> list[Queued]:
    """Claim up to `limit` queued requests, oldest first, for this worker (skipping rows others hold).

    One statement (`WITH picked AS (SELECT … FOR UPDATE SKIP LOCKED) UPDATE … RETURNING`): on SQLite
    the whole database is locked from a transaction's first write to its commit, and a web process's
    ack waits for that lock, so the claim writes and commits in one step."""
    owner = owner or this_process()
    pick = (
        sa.select(_table.c.key)
        .where(_table.c.state == QUEUED)
        .order_by(_table.c.at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # a CTE, not `key IN (subquery)`: PostgreSQL may run such a subquery again and exceed the limit
    picked = pick.cte("picked")
    claim = (
        sa.update(_table)
        .where(_table.c.key == picked.c.key, _table.c.state == QUEUED)
        .values(state=STARTED, owner=owner, lease_until=now + LEASE)
        .returning(_table.c.key, _table.c.body, _table.c.at)
    )
    with engine.begin() as connection:
        rows = connection.execute(claim).all()
    return [Queued(key, body or "{}") for key, body, _ in sorted(rows, key=lambda row: row[2])]


def unattended_since(engine: Engine, now: datetime, after: timedelta) -> datetime | None:
    """When the oldest queued request arrived, if it has waited longer than `after` while no worker
    claimed anything for as long (no worker runs); None when the queue is being taken."""
    with session_scope(engine) as session:
        oldest = session.execute(sa.select(sa.func.min(_table.c.at)).where(_table.c.state == QUEUED)).scalar()
        if oldest is None or now - oldest < after:
            return None
        # a claim stamps lease_until = claim time + LEASE, kept when the work is done
        last_lease = session.execute(sa.select(sa.func.max(_table.c.lease_until))).scalar()
    if last_lease is not None and now - (last_lease - LEASE) < after:
        return None
    return oldest


def _payload(body: str | None) -> dict[str, str]:
    return {} if body is None else {"body": body}


def _start(
    engine: Engine, key: str, now: datetime, owner: str, states: list[str], body: str | None = None
) -> bool:
    """Mark request `key` started by `owner` if it is in one of `states` (with `body` as its payload
    when given); True when this call did."""
    with session_scope(engine) as session:
        taken = session.execute(
            sa.update(_table)
            .where(_table.c.key == key[:200], _table.c.state.in_(states))
            .values(state=STARTED, owner=owner, lease_until=now + LEASE, **_payload(body))
        )
        return rowcount(taken) == 1


def take_back(
    engine: Engine, key: str, now: datetime, owner: str | None = None, body: str | None = None
) -> bool:
    """Start the work of a request queued for the workers here instead (a modal to open within Slack's
    3 seconds must not wait behind a backlog); False when a worker has already claimed it."""
    return _start_or_add(engine, key, now, owner or this_process(), [QUEUED, RECEIVED], body)


def claim(engine: Engine, key: str, now: datetime, owner: str | None = None, body: str | None = None) -> bool:
    """Start the work of request `key` (with `body`, the payload being acted on, kept for resumption);
    False when a replay or another process has already started it."""
    return _start_or_add(engine, key, now, owner or this_process(), [RECEIVED], body)


def _start_or_add(
    engine: Engine, key: str, now: datetime, owner: str, states: list[str], body: str | None
) -> bool:
    """Start request `key` if it is in one of `states`, or add it started (with `body`) when the inbox
    does not have it (yet: its record gave up, or it is still in the spool, whose copy then finds it
    taken)."""
    if _start(engine, key, now, owner, states, body):
        return True
    try:
        with session_scope(engine) as session:
            session.add(
                ProcessedRequest(
                    key=key[:200], at=now, state=STARTED, owner=owner, lease_until=now + LEASE, body=body
                )
            )
    except IntegrityError:
        # added meanwhile: by another process that started it, or by the spool, still to be started
        return _start(engine, key, now, owner, states, body)
    return True


def finish(engine: Engine, key: str, failed: bool = False, owner: str | None = None) -> None:
    """The work of request `key` is over (done, or failed for good): forget its payload. With `owner`,
    only while that process still owns it (another may have taken it over)."""
    condition = _table.c.key == key[:200]
    if owner is not None:
        condition = condition & (_table.c.owner == owner)
    with session_scope(engine) as session:
        session.execute(
            sa.update(_table).where(condition).values(state=FAILED if failed else DONE, body=None)
        )


def renew(engine: Engine, key: str, now: datetime, owner: str | None = None) -> bool:
    """Keep owning started request `key` for another LEASE (before trying its work again); False when
    another process has taken it over meanwhile."""
    owner = owner or this_process()
    with session_scope(engine) as session:
        result = session.execute(
            sa.update(_table)
            .where(_table.c.key == key[:200], _table.c.owner == owner, _table.c.state == STARTED)
            .values(lease_until=now + LEASE)
        )
        return rowcount(result) == 1


@dataclass(frozen=True)
class Unfinished:
    """A request whose work nobody is doing: its key, payload and how often it was resumed."""

    key: str
    body: str
    attempts: int
    #: as read: `reopen` wins the row only if nobody changed it since
    state: str = RECEIVED
    owner: str | None = None
    #: as it was found: an owner still alive renews it, and then keeps its work
    lease_until: datetime | None = None


def owner_is_dead(owner: str | None, host: str) -> bool:
    """True when `owner` ran on this host and its process no longer exists."""
    if not owner or ":" not in owner:
        return False
    owner_host, _, pid_text = owner.rpartition(":")
    if owner_host != host or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def unfinished(engine: Engine, now: datetime) -> list[Unfinished]:
    """Requests whose work was acknowledged but will not be finished by whoever took it."""
    host = socket.gethostname()
    table = _table
    with session_scope(engine) as session:
        # payloads only for the rows found gone: a serving process asks every minute, and most of the
        # started requests it sees are being done (their payloads can be large)
        rows = session.execute(
            sa.select(table.c.key, table.c.state, table.c.owner, table.c.lease_until, table.c.at)
            .where(table.c.state.in_([RECEIVED, STARTED]), table.c.body.is_not(None))
            .order_by(table.c.at)
            .limit(500)
        ).all()
        # what made each row lost is kept from this read: a row read again below may have been renewed
        # by its owner meanwhile, and reopen must then find it changed
        gone: dict[str, tuple[str, str | None, datetime | None]] = {}
        for key, state, owner, lease_until, at in rows:
            if state == RECEIVED:
                # its own process may still be about to claim it (a backlog): only a dead one's, or old
                lost = (at <= now - ORPHAN_AFTER and owner_is_dead(owner, host)) or at <= now - LEASE
            else:
                lost = (lease_until is not None and lease_until <= now) or owner_is_dead(owner, host)
            if lost:
                gone[key] = (state, owner, lease_until)
        if not gone:
            return []
        found = session.execute(
            sa.select(table.c.key, table.c.body, table.c.attempts)
            .where(table.c.key.in_(list(gone)), table.c.body.is_not(None))
            .order_by(table.c.at)
        ).all()
    return [Unfinished(key, body, attempts, *gone[key]) for key, body, attempts in found]


def reopen(engine: Engine, item: Unfinished) -> bool:
    """Put an unfinished request back to `received` so that its replay can claim it; gives up (False)
    after MAX_ATTEMPTS resumptions. Only one process wins the row, and not from an owner that renewed its
    lease since the row was found (it is alive and still doing the work)."""
    unchanged = (
        (_table.c.key == item.key)
        & (_table.c.attempts == item.attempts)
        & (_table.c.state == item.state)
        & _table.c.owner.is_not_distinct_from(item.owner)
        & _table.c.lease_until.is_not_distinct_from(item.lease_until)
    )
    with session_scope(engine) as session:
        if item.attempts + 1 > MAX_ATTEMPTS:
            session.execute(sa.update(_table).where(unchanged).values(state=FAILED, body=None))
            return False
        result = session.execute(
            sa.update(_table)
            .where(unchanged)
            .values(state=RECEIVED, owner=this_process(), lease_until=None, attempts=item.attempts + 1)
        )
        return rowcount(result) == 1


def forget_old(engine: Engine, now: datetime) -> int:
    """Delete finished keys older than RETENTION (else the table grows forever); returns how many."""
    with session_scope(engine) as session:
        result = session.execute(
            sa.delete(_table).where(_table.c.at < now - RETENTION, _table.c.state.in_([DONE, FAILED]))
        )
        return rowcount(result)
