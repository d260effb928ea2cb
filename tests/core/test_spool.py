"""The request spool: kept in a file before the ack, moved into the inbox after, recovered after a kill."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.core import inbox, spool
from bot.core.db import QUICK_WRITE_SECONDS, make_quick_engine
from tests.support.held import database_held

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def quick(engine: Engine, database_url: str) -> Iterator[Engine]:
    quick = make_quick_engine(database_url, QUICK_WRITE_SECONDS)
    yield quick
    quick.dispose()


def rows(engine: Engine) -> dict[str, tuple[str, str | None, str | None]]:
    with engine.connect() as connection:
        found = connection.execute(sa.text("SELECT key, state, body, owner FROM processed_request")).all()
    return {key: (state, body, owner) for key, state, body, owner in found}


def dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def test_a_kept_request_reaches_the_inbox_and_the_file_is_emptied(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    kept = spool.Spool(quick, tmp_path / "spool")
    with database_held(engine):
        kept.keep("trigger:T1", '{"command": "/crisis"}', NOW, inbox.QUEUED)
        assert [e.key for e in spool.waiting(tmp_path / "spool")] == ["trigger:T1"], "on disk first"
        assert kept.path is not None and kept.path.stat().st_mode & 0o777 == 0o600, "owner-only"
    kept.close()
    assert rows(engine)["trigger:T1"] == ("queued", '{"command": "/crisis"}', inbox.this_process())
    assert not list((tmp_path / "spool").iterdir()), "a clean stop leaves no file behind"


def test_keeping_does_not_wait_for_a_held_database_and_moves_once_it_is_free(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    kept = spool.Spool(quick, tmp_path / "spool")
    with database_held(engine):
        for number in range(5):
            kept.keep(f"trigger:T{number}", "{}", NOW, inbox.RECEIVED)  # no database: returns at once
        with pytest.raises(sa.exc.SQLAlchemyError):
            kept.move()
        assert kept.pending() == 5
        assert len(spool.waiting(tmp_path / "spool")) == 5, "all five are in the file meanwhile"
    kept.close()
    assert set(rows(engine)) == {f"trigger:T{number}" for number in range(5)}


def test_a_request_started_before_its_kept_copy_arrives_is_not_started_twice(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    assert inbox.claim(engine, "click:A", NOW, owner="host:1"), "the work claims it first (added)"
    kept = spool.Spool(quick, tmp_path / "spool", owner="host:1")
    kept.keep("click:A", "{}", NOW, inbox.RECEIVED)
    kept.close()
    assert rows(engine)["click:A"][0] == "started", "the kept copy finds it taken and leaves it"
    assert not inbox.claim(engine, "click:A", NOW, owner="host:2")


def test_a_kept_copy_that_arrives_first_is_the_one_started(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    kept = spool.Spool(quick, tmp_path / "spool", owner="host:1")
    kept.keep("click:B", '{"a": 1}', NOW, inbox.RECEIVED)
    kept.close()
    assert inbox.claim(engine, "click:B", NOW, owner="host:1")
    assert not inbox.claim(engine, "click:B", NOW, owner="host:1"), "once"


def test_a_corrected_modal_replaces_the_refused_payload_through_the_spool(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    assert inbox.record(quick, "view:V1", '{"v": "refused"}', NOW, resubmittable=True) == "new"
    kept = spool.Spool(quick, tmp_path / "spool")
    kept.keep("view:V1", '{"v": "corrected"}', NOW, inbox.RECEIVED, resubmittable=True)
    kept.keep("view:V1", '{"v": "ignored"}', NOW, inbox.RECEIVED)  # not a resubmission: left as it is
    kept.close()
    assert rows(engine)["view:V1"][1] == '{"v": "corrected"}'


def test_a_stopped_process_s_file_is_recovered_once_and_a_running_one_s_is_left(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    """A file nobody holds a lock on is a stopped process's, whatever its name says (a pid reused by a
    restarted container, another host name): its requests are moved into the inbox, once."""
    directory = tmp_path / "spool"
    directory.mkdir()
    gone = f"{socket.gethostname()}:{dead_pid()}"
    lines = [
        json.dumps(inbox.Kept("click:K1", '{"k": 1}', NOW, inbox.QUEUED, gone).as_json()),
        json.dumps(inbox.Kept("trigger:K2", '{"k": 2}', NOW, inbox.RECEIVED, gone).as_json()),
        '{"key": "click:K3", "body": "{}", "at": "2026-03-02T09:0',  # cut short by the kill
    ]
    dead_file = directory / f"old-host-{os.getpid()}-abc.jsonl"  # this very pid, reused
    dead_file.write_text("\n" + "\n".join(lines))
    live = spool.Spool(quick, directory)  # this process's own file: held, left to this process
    with database_held(engine):
        live.keep("click:L1", "{}", NOW, inbox.RECEIVED)
    assert spool.recover(quick, directory) == 2
    assert not dead_file.exists()
    found = rows(engine)
    assert found["click:K1"] == ("queued", '{"k": 1}', gone)
    assert found["trigger:K2"] == ("received", '{"k": 2}', gone), "resumption finds a dead owner's"
    assert "click:K3" not in found
    assert [item.key for item in inbox.unfinished(engine, NOW.replace(minute=1))] == ["trigger:K2"]
    assert spool.recover(quick, directory) == 0, "nothing twice"
    live.close()
    assert "click:L1" in rows(engine)


def test_a_file_another_running_process_holds_is_not_touched(
    engine: Engine, quick: Engine, tmp_path: Path
) -> None:
    directory = tmp_path / "spool"
    directory.mkdir()
    path = directory / "elsewhere-1-abc.jsonl"
    path.write_text("\n" + json.dumps(inbox.Kept("click:X", "{}", NOW, inbox.QUEUED, "h:1").as_json()))
    with open(path, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert spool.recover(quick, directory) == 0
        assert path.exists() and "click:X" not in rows(engine)
    assert spool.recover(quick, directory) == 1, "once its process let go"


def test_a_long_running_file_is_rewritten_with_only_what_is_not_in_the_inbox(
    engine: Engine, quick: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool, "ROTATE_BYTES", 100)
    kept = spool.Spool(quick, tmp_path / "spool")
    kept._thread = threading.current_thread()  # no mover thread: this test moves
    kept.keep("click:R1", "x" * 200, NOW, inbox.RECEIVED)
    record = inbox.record_kept

    def while_moving(*args: object) -> None:
        record(*args)  # type: ignore[arg-type]
        kept.keep("click:R2", "{}", NOW, inbox.RECEIVED)  # arrives while the batch is written

    monkeypatch.setattr(inbox, "record_kept", while_moving)
    first = kept.path
    assert kept.move() == 1
    assert first is not None and kept.path != first and not first.exists()
    assert [entry.key for entry in spool.waiting(tmp_path / "spool")] == ["click:R2"]
    monkeypatch.setattr(inbox, "record_kept", record)
    assert kept.move() == 1
    assert set(rows(engine)) == {"click:R1", "click:R2"}


def test_a_full_disk_is_an_error_to_keep_not_a_half_line(tmp_path: Path, quick: Engine) -> None:
    kept = spool.Spool(quick, tmp_path / "spool")
    with open("/dev/full", "wb") as full:
        kept._fd = os.dup(full.fileno())
        kept._thread = threading.current_thread()  # no mover for this one
        with pytest.raises(OSError):
            kept.keep("click:F", "{}", NOW, inbox.RECEIVED)
    assert kept.pending() == 0


def test_spool_directories_follow_the_database() -> None:
    assert spool.directory_for("sqlite:////srv/data/crisisbot.db") == Path("/srv/data/crisisbot.db.spool")
    one = spool.directory_for("postgresql://u:secret@db1/crisis")
    assert one != spool.directory_for("postgresql://u:secret@db2/crisis")
    assert "secret" not in str(one)
