"""How long the App Home dashboard takes to build and render with many open incidents.

Run: python benchmarks/home_dashboard.py [--incidents 1000] [--database-url URL]
Prints the time to query + render the Home view (median of several runs) and its block count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app.factory import build_context
from bot.core import db
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.leadership.home import HomeTab
from tests.support.bulk import insert_incidents


def main() -> None:
    """Fill a fresh database, then time the dashboard."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db.upgrade(url)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    context = build_context(Settings(slack_bot_token="xoxb-bench", database_url=url), ManualClock(now))
    started = time.perf_counter()
    insert_incidents(context.engine, args.incidents, now, resolved=20)
    fill = time.perf_counter() - started
    home = HomeTab(context)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        view = home.render("T0001")
        timings.append(time.perf_counter() - started)
    print(f"database            {url.split(':')[0]}")
    print(f"open incidents      {args.incidents} (10 checklist steps each), filled in {fill:.2f} s")
    print(
        f"home view render    median {statistics.median(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms over {args.runs} runs"
    )
    print(f"blocks in the view  {len(view['blocks'])} (Slack allows 100)")


if __name__ == "__main__":
    main()
