"""The response clock at scale: 10,000 open incidents.

Run from the repository root::

    python benchmarks/deadlines_scale.py                      # SQLite, a temporary file
    DATABASE_URL=postgresql://... python benchmarks/deadlines_scale.py   # PostgreSQL (uses that database)

What is measured, honestly:

1. **Scheduling**: 10,000 incidents (the `outage_our_fault` playbook: 12h, 48h and a daily step, so
   7 rows each) are created, then `deadlines.schedule()` is timed for all of them, in transactions of
   500 incidents, as the app would call it when each crisis opens. Creating the incidents and their
   checklists is set-up and is not in the time.
2. **Scheduler start-up**: the time from `DeadlineScheduler.start()` to the end of its first tick
   (which looks for due rows among all 70,000). APScheduler holds 1–2 jobs whatever the number of
   incidents: the rows are the queue, so there are no per-reminder jobs to load.
3. **Resident memory** (VmRSS, and the peak VmHWM) of this process after scheduling, after start-up
   and after the firing run.
4. **Lateness of firing**: the clock is shifted so that the 10,000 two-hour warnings fall due spread
   evenly over `--window` seconds of real time, starting a few seconds after the scheduler starts,
   and the real `DeadlineScheduler` (poll `--poll` s plus its wake-up at the next due row) fires them.
   Slack is replaced by an in-process gateway that records when each post happened; rendering,
   the claim/finish transactions and the database are real. Lateness = (moment of the post − due time).
   Network latency to Slack is not included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bot.core import db  # noqa: E402
from bot.core.clock import SystemClock  # noqa: E402
from bot.core.config import Settings, normalise_database_url  # noqa: E402
from bot.core.models import DeadlineMark, Incident, IncidentStatus  # noqa: E402
from bot.core.playbooks import load_playbooks  # noqa: E402
from bot.deadlines import deadlines  # noqa: E402
from bot.deadlines.scheduler import DeadlineScheduler  # noqa: E402
from bot.deadlines.service import Fired  # noqa: E402
from bot.incidents import incidents  # noqa: E402
from bot.incidents.incidents import OpenRequest  # noqa: E402
from bot.slack.context import AppContext  # noqa: E402
from bot.slack.workspaces import Workspaces  # noqa: E402

CASE = "outage_our_fault"
TEAM = "TBENCH"
BASE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BATCH = 500


class ShiftedClock:
    """Real time, moved by a fixed offset: runs at real speed so real-time lateness stays meaningful."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        """The shifted current time."""
        return datetime.now(UTC) + self.offset


@dataclass
class RecordingGateway:
    """Stands in for Slack: records when each post happened (on the benchmark's clock)."""

    clock: ShiftedClock | SystemClock
    posts: dict[str, datetime] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post_message(
        self, channel: str, text: str, blocks: list | None = None, thread_ts: str | None = None
    ) -> str:
        """Record the post; return a fake ts."""
        with self.lock:
            self.posts.setdefault(channel, self.clock.now())
            return f"{len(self.posts)}.000100"


def memory() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MiB."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key = line.split(":")[0]
            if key in values:
                values[key] = int(line.split()[1]) / 1024
    return values["VmRSS"], values["VmHWM"]


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def create_incidents(engine: sa.Engine, count: int, window: float) -> None:
    """Set-up, not timed: `count` open incidents whose first posts are spread over `window` seconds."""
    playbook = load_playbooks().get(CASE)
    spacing = timedelta(seconds=window) / count
    for start in range(0, count, BATCH):
        with db.session_scope(engine) as session:
            for number in range(start, min(count, start + BATCH)):
                request = OpenRequest(
                    team_id=TEAM,
                    opener_user_id="U0OPENER",
                    title=f"Benchmark crisis {number}",
                    case_key=CASE,
                    severity="high",
                    language="en",
                    responsible_user_id="U0RESP",
                    first_negative_at=BASE - timedelta(hours=12) + number * spacing,
                    first_post_url=None,
                    description="",
                )
                incident = incidents.create_incident(session, request, playbook, BASE)
                incident.status = IncidentStatus.OPEN
                incident.channel_id = f"CB{number:09d}"


def schedule_all(engine: sa.Engine, settings: Settings, now: datetime) -> tuple[float, int]:
    """Time `deadlines.schedule()` for every benchmark incident; returns (seconds, rows created)."""
    with db.session_scope(engine) as session:
        ids = list(session.exec(sa.select(Incident.id).where(Incident.team_id == TEAM).order_by(Incident.id)))
    elapsed, created = 0.0, 0
    for start in range(0, len(ids), BATCH):
        with db.session_scope(engine) as session:
            began = time.perf_counter()
            for (incident_id,) in ids[start : start + BATCH]:
                incident = session.get(Incident, incident_id)
                created += len(deadlines.schedule(session, incident, settings, now))  # type: ignore[arg-type]
            session.commit()
            elapsed += time.perf_counter() - began
    return elapsed, created


def clean(engine: sa.Engine) -> None:
    """Remove the benchmark's incidents (their checklists, timelines and rows cascade)."""
    with engine.begin() as connection:
        ids = sa.select(Incident.id).where(Incident.team_id == TEAM).scalar_subquery()
        connection.execute(sa.delete(DeadlineMark).where(DeadlineMark.incident_id.in_(ids)))  # type: ignore[attr-defined]
        for table in ("checklist_item", "checklist_message", "timeline_event"):
            connection.execute(
                sa.text(
                    f"DELETE FROM {table} WHERE incident_id IN (SELECT id FROM incident WHERE team_id = :t)"
                ),
                {"t": TEAM},
            )
        connection.execute(sa.delete(Incident).where(Incident.team_id == TEAM))  # type: ignore[arg-type]


def main() -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument(
        "--window", type=float, default=120.0, help="seconds over which the warnings fall due"
    )
    parser.add_argument("--poll", type=float, default=1.0, help="SCHEDULER_POLL_SECONDS for the run")
    args = parser.parse_args()

    configured = os.environ.get("DATABASE_URL", "").strip()
    workdir = tempfile.TemporaryDirectory()
    url = normalise_database_url(configured) if configured else f"sqlite:///{workdir.name}/bench.db"
    db.upgrade(url)
    engine = db.make_engine(url)
    clean(engine)
    settings = Settings(database_url=url, scheduler_poll_seconds=args.poll)
    print(f"database: {engine.dialect.name}; {args.incidents} incidents; window {args.window:.0f} s", end="")
    print(f"; poll {args.poll} s")

    began = time.perf_counter()
    create_incidents(engine, args.incidents, args.window)
    print(f"set-up (incidents + checklists, not measured): {time.perf_counter() - began:.1f} s")
    opened_at = BASE - timedelta(hours=12) + timedelta(seconds=args.window)  # after every first post
    schedule_seconds, created = schedule_all(engine, settings, opened_at)
    rss_scheduled = memory()

    lead = 3.0
    clock = ShiftedClock(BASE - timedelta(hours=2) - timedelta(seconds=lead))
    gateway = RecordingGateway(clock)
    workspaces = Workspaces(settings.slack_api_url, single=gateway)  # type: ignore[arg-type]
    context = AppContext(settings, engine, clock, workspaces, load_playbooks())
    first_tick = threading.Event()
    all_posted = threading.Event()
    posted = 0
    lock = threading.Lock()

    def watch(fired: list[Fired]) -> None:
        nonlocal posted
        first_tick.set()
        with lock:
            posted += sum(1 for item in fired if item.result == "posted")
            if posted >= args.incidents:
                all_posted.set()

    scheduler = DeadlineScheduler(context, poll_seconds=args.poll, on_tick=watch)
    began = time.perf_counter()
    scheduler.start()
    first_tick.wait(timeout=600)
    startup_seconds = time.perf_counter() - began
    rss_started = memory()
    finished = all_posted.wait(timeout=args.window + lead + 600)
    scheduler.shutdown()
    rss_fired = memory()

    spacing = timedelta(seconds=args.window) / args.incidents
    lateness = []
    for channel, at in gateway.posts.items():
        number = int(channel[2:])
        due = BASE - timedelta(hours=2) + number * spacing
        lateness.append((at - due).total_seconds())
    with db.session_scope(engine) as session:
        states = dict(
            session.exec(
                sa.select(DeadlineMark.state, sa.func.count())
                .join(Incident, Incident.id == DeadlineMark.incident_id)  # type: ignore[arg-type]
                .where(Incident.team_id == TEAM)
                .group_by(DeadlineMark.state)  # type: ignore[arg-type]
            ).all()
        )

    rows = [
        ("incidents", f"{args.incidents:,}"),
        ("deadline rows created", f"{created:,}"),
        ("time to schedule (all)", f"{schedule_seconds:.2f} s"),
        ("time to schedule (per incident)", f"{1000 * schedule_seconds / args.incidents:.2f} ms"),
        ("scheduler start-up (start → first tick done)", f"{startup_seconds * 1000:.0f} ms"),
        ("APScheduler jobs held", "2 (poll + next-due wake-up), whatever the number of rows"),
        ("RSS after scheduling / peak", f"{rss_scheduled[0]:.0f} MiB / {rss_scheduled[1]:.0f} MiB"),
        ("RSS after scheduler start", f"{rss_started[0]:.0f} MiB"),
        ("RSS after firing / peak", f"{rss_fired[0]:.0f} MiB / {rss_fired[1]:.0f} MiB"),
        (
            "warnings posted",
            f"{len(gateway.posts):,} of {args.incidents:,}{'' if finished else ' (timed out)'}",
        ),
        ("throughput needed", f"{args.incidents / args.window:.0f} posts/s"),
        ("lateness p50 (post − due)", f"{percentile(lateness, 0.50) * 1000:.0f} ms" if lateness else "—"),
        ("lateness p99", f"{percentile(lateness, 0.99) * 1000:.0f} ms" if lateness else "—"),
        ("lateness max", f"{max(lateness) * 1000:.0f} ms" if lateness else "—"),
        ("lateness mean", f"{statistics.fmean(lateness) * 1000:.0f} ms" if lateness else "—"),
        (
            "rows by state after the run",
            ", ".join(f"{key} {value:,}" for key, value in sorted(states.items())),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    clean(engine)
    engine.dispose()
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
