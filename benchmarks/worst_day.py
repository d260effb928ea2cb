"""The worst day, in real time: `crisisbot serve` while Slack rate-limits every call, while Slack answers
10 seconds late, while Slack answers 503 to every call, and while another writer holds the database,
with clicks and commands flowing on two crises during each fault.

For each fault, for `--seconds` (the issue asks for 60): a click on each crisis's checklist every
second in turn, `/crisis status` in a crisis channel and `/crisis help` elsewhere. Prints, per fault,
how many requests were acknowledged within Slack's 3 seconds (p50, p99, max), `/healthz` during the
fault, and once the fault ends: how many clicked steps are stored in the database and shown in Slack
as their last acknowledged click asked (the stand-in's driver clicks a checkbox as the message shows
it, so a second click on a step shown ticked unticks it), and how long catching up took.

    python benchmarks/worst_day.py [--seconds 60] [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ack_latency import free_port, start  # noqa: E402
from bot.core import db  # noqa: E402
from bot.demo.local_app import BOT_TOKEN, SIGNING_SECRET, start_local_app  # noqa: E402
from bot.demo.standin import SlackDriver, SlackStandin  # noqa: E402
from messages import ids  # noqa: E402

ACK_LIMIT = 3.0


@dataclass
class Crisis:
    """A crisis opened for the run: its channel, checklist message and step keys."""

    channel_id: str
    message: dict
    steps: list[str]


@dataclass
class Outcome:
    """What one fault did to the requests sent during it."""

    acks: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    health: list[int] = field(default_factory=list)
    #: per channel and step, what its last acknowledged click asked for: (sent at, ticked?). The stand-in's
    #: driver clicks the checkbox as the message shows it then, so a step clicked again once the first
    #: click is shown is unticked: its last click decides what the app must store and show.
    clicked: dict[str, dict[str, tuple[float, bool]]] = field(default_factory=dict)

    def wanted(self, channel_id: str) -> dict[str, bool]:
        """Per step clicked in `channel_id`: ticked or not, as its last click asked."""
        return {step: ticked for step, (_, ticked) in self.clicked[channel_id].items()}


def open_crises(standin: SlackStandin, database_url: str, count: int) -> list[Crisis]:
    """Open `count` crises through the real app in this process (before `serve` starts)."""
    local = start_local_app(database_url, standin)
    crises = []
    try:
        general = standin.channel_by_name("general")
        assert general is not None
        for number in range(count):
            local.command(f"open Worst day {number}", channel_id=general.id)
            local.submit(
                local.last_view(),
                {
                    "title_input": f"Worst day crisis {number}",
                    "case_input": "outage_our_fault",
                    "severity_input": "high",
                    "responsible_input": "U0RESP",
                    "description_input": "",
                },
            )
        for channel in standin.state.channels.values():
            if not channel.name.startswith("crisis-"):
                continue
            message = standin.messages(channel.id)[1]
            steps = [
                b["block_id"].removeprefix(ids.STEP_BLOCK_PREFIX)
                for b in message["blocks"]
                if b.get("block_id", "").startswith(ids.STEP_BLOCK_PREFIX)
            ]
            crises.append(Crisis(channel.id, message, steps))
    finally:
        local.stop()
    return crises


def health(base: str) -> int:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def drive(base: str, standin: SlackStandin, pair: list[Crisis], seconds: float, general: str) -> Outcome:
    """Send clicks and commands for `seconds`, four requests a second, each in its own thread."""
    driver = SlackDriver(base, SIGNING_SECRET, standin)
    outcome = Outcome(clicked={crisis.channel_id: {} for crisis in pair})
    lock = threading.Lock()
    threads: list[threading.Thread] = []

    def send(kind: str, crisis: Crisis, step: str | None) -> None:
        sent = time.monotonic()
        if kind == "click" and step is not None:
            answer = driver.click(
                crisis.message, ids.CHECKLIST_TOGGLE, "U0RESP", option_value=step,
                block_id=ids.STEP_BLOCK_PREFIX + step,
            )  # fmt: skip
        elif kind == "status":
            answer = driver.slash_command("/crisis", "status", "U0RESP", crisis.channel_id)
        else:
            answer = driver.slash_command("/crisis", "help", "U0OTHER", general)
        with lock:
            outcome.acks.append(answer.elapsed)
            outcome.statuses.append(answer.status)
            if kind == "click" and step is not None and answer.status == 200:
                action = ((answer.request.payload or {}) if answer.request else {}).get("actions", [{}])[0]
                ticked = any(o.get("value") == step for o in action.get("selected_options") or [])
                earlier = outcome.clicked[crisis.channel_id].get(step)
                if earlier is None or earlier[0] < sent:
                    outcome.clicked[crisis.channel_id][step] = (sent, ticked)

    started = time.monotonic()
    tick = 0
    while time.monotonic() - started < seconds:
        crisis = pair[tick % 2]
        step_index = (tick // 2) % len(crisis.steps)
        for kind, step in (("click", crisis.steps[step_index]), ("status", None), ("help", None)):
            thread = threading.Thread(target=send, args=(kind, crisis, step))
            thread.start()
            threads.append(thread)
        if tick % 4 == 0:
            thread = threading.Thread(target=lambda: outcome.health.append(health(base)))
            thread.start()
            threads.append(thread)
        tick += 1
        time.sleep(max(0.0, started + tick * 0.75 - time.monotonic()))
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def stored(engine: sa.Engine, channel_id: str) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT c.step_key FROM checklist_item c JOIN incident i ON i.id = c.incident_id "
                "WHERE i.channel_id = :channel AND c.done"
            ),
            {"channel": channel_id},
        )
        return {row[0] for row in rows}


def shown(standin: SlackStandin, crisis: Crisis) -> set[str]:
    message = standin.find_message(crisis.message["ts"])
    if message is None:
        return set()
    return {
        b["block_id"].removeprefix(ids.STEP_BLOCK_PREFIX)
        for b in message[1]["blocks"]
        if b.get("accessory", {}).get("initial_options")
    }


def agree(wanted: dict[str, bool], ticked: set[str]) -> int:
    """How many clicked steps are ticked, or not, as their last click asked."""
    return sum(1 for step, want in wanted.items() if (step in ticked) == want)


def catch_up(engine: sa.Engine, standin: SlackStandin, pair: list[Crisis], outcome: Outcome) -> float | None:
    """Seconds until every step clicked is stored and shown as its last acknowledged click asked (None
    after 15 minutes)."""
    started = time.monotonic()
    while time.monotonic() - started < 900:
        wanted = {c.channel_id: outcome.wanted(c.channel_id) for c in pair}
        if all(
            agree(wanted[c.channel_id], stored(engine, c.channel_id))
            == agree(wanted[c.channel_id], shown(standin, c))
            == len(wanted[c.channel_id])
            for c in pair
        ):
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def report(name: str, outcome: Outcome, caught: float | None, engine: sa.Engine, standin: SlackStandin,
           pair: list[Crisis]) -> None:  # fmt: skip
    acks = sorted(outcome.acks)
    within = sum(1 for elapsed, status in zip(outcome.acks, outcome.statuses, strict=True)
                 if elapsed <= ACK_LIMIT and status == 200)  # fmt: skip
    clicks = sum(len(steps) for steps in outcome.clicked.values())
    kept = sum(agree(outcome.wanted(c.channel_id), stored(engine, c.channel_id)) for c in pair)
    seen = sum(agree(outcome.wanted(c.channel_id), shown(standin, c)) for c in pair)
    p99 = acks[min(len(acks) - 1, int(0.99 * len(acks)))]
    print(
        f"{name:28} | {within}/{len(acks)} acked < 3 s ({100 * within / len(acks):.0f} %)"
        f" p50 {1000 * statistics.median(acks):.0f} ms p99 {1000 * p99:.0f} ms max {1000 * acks[-1]:.0f} ms"
        f" | /healthz {sorted(set(outcome.health))}"
        f" | clicks stored {kept}/{clicks}, shown {seen}/{clicks}"
        f" | caught up {'never' if caught is None else f'{caught:.1f} s'} after the fault",
        flush=True,
    )


def hold_database(engine: sa.Engine) -> sa.Connection:
    connection = engine.connect()
    if engine.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        tables = "checklist_item, processed_request, timeline_event, slack_surface"
        connection.exec_driver_sql(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")
    return connection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each fault lasts")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="worst-day-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'crisisbot.db'}"
    if database_url.startswith("postgresql"):
        engine = db.make_engine(database_url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    with SlackStandin() as standin:
        general = standin.add_channel("general", members=["U0OPENER", "U0RESP", "U0OTHER"])
        crises = open_crises(standin, database_url, 8)
        port = free_port()
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": standin.url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "ERROR",
            "PORT": str(port),
            "HOST": "127.0.0.1",
        }
        app = start("crisisbot", [sys.executable, "-m", "bot", "serve"], env, port, ROOT)
        base = f"http://127.0.0.1:{port}"
        print(f"crisisbot serve (gunicorn + 1 worker process), {database_url.split(':')[0]},"
              f" each fault {args.seconds:.0f} s, 4 requests/s on two crises")  # fmt: skip
        try:
            faults = (
                ("Slack 429, Retry-After 10 s", lambda: standin.rate_limit_all(10),
                 lambda: standin.rate_limit_all(None)),
                ("Slack 10 s late on every call", lambda: standin.slow_down(10),
                 lambda: standin.slow_down(0)),
                ("Slack 503 on every call (an outage)", lambda: standin.outage(503),
                 lambda: standin.outage(None)),
            )  # fmt: skip
            for index, (name, begin, end) in enumerate(faults):
                pair = crises[2 * index : 2 * index + 2]
                begin()
                try:
                    outcome = drive(base, standin, pair, args.seconds, general.id)
                finally:
                    end()
                report(name, outcome, catch_up(engine, standin, pair, outcome), engine, standin, pair)
            pair = crises[6:8]
            holder = hold_database(engine)
            try:
                outcome = drive(base, standin, pair, args.seconds, general.id)
            finally:
                holder.rollback()
                holder.close()
            sqlite = engine.dialect.name == "sqlite"
            held = "SQLite held by another writer" if sqlite else "PostgreSQL tables locked"
            report(held, outcome, catch_up(engine, standin, pair, outcome), engine, standin, pair)
        finally:
            app.process.terminate()
            app.process.wait(timeout=30)


if __name__ == "__main__":
    main()
