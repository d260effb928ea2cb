"""How fast Slack gets its ack: `crisisbot serve` next to a bare Bolt app that only acks.

Both run as separate processes under the same WSGI server on loopback (crisisbot as `crisisbot serve`,
with the worker process it starts), against the Slack stand-in, and get the same signed requests —
`/crisis help`, `/crisis status` in an incident channel and a checklist click — at 1, 10 and 50
concurrent clients (a new connection per request, as Slack makes them), the two apps interleaved in
rounds, after an unmeasured warm-up. Prints p50, p99, requests/s and the p99 ratio to the bare app,
for each server in `--servers` (gunicorn gthread and waitress).

Every request body is made before the first is sent; the stand-in then serves from a forked process of
its own at the lowest priority, because real Slack's work (answering crisisbot's worker, which the
bare app never calls) is not done on the machine under test.

    python benchmarks/ack_latency.py [--requests 200] [--servers gunicorn,waitress] [--threads 8]
                                     [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.local_app import BOT_TOKEN, SIGNING_SECRET, start_local_app  # noqa: E402
from bot.demo.standin import SlackStandin  # noqa: E402
from messages import ids  # noqa: E402

CONCURRENCY = (1, 10, 50)
#: The pause after each app's first requests, before measuring.
WARM_UP_SECONDS = 8.0
KINDS = ("help", "status", "click")

BARE_APP = textwrap.dedent(
    '''
    """A Bolt app that only acks: the floor any Bolt app on this server can reach."""
    import os

    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient


    def application():
        client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
        app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client)
        app.command("/crisis")(lambda ack: ack())
        app.action({"action_id": __import__("re").compile(".*")})(lambda ack: ack())
        return SlackRequestHandler(app, path="/slack/events")
    '''
)


@dataclass
class Target:
    """One served app."""

    name: str
    port: int
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_command(server: str, spec: str, port: int, threads: int) -> list[str]:
    """The command line serving the WSGI factory `spec` (module:function) on `port`."""
    if server == "gunicorn":
        return [
            sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", str(threads),
            "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "5", f"{spec}()",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "waitress", f"--threads={threads}", f"--listen=127.0.0.1:{port}",
        "--call", spec,
    ]  # fmt: skip


def start(name: str, command: list[str], env: dict[str, str], port: int, cwd: Path) -> Target:
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:  # any HTTP answer: the worker has loaded the app (the port alone is the master's)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
            return Target(name, port, process)
        except OSError:
            if process.poll() is not None:
                error = process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
                raise RuntimeError(f"{name} exited: {error}") from None
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not start")


class Requests:
    """Fresh signed bodies for each kind of request (fresh trigger ids and response URLs each time)."""

    def __init__(self, standin: SlackStandin, channel_id: str, click_payload: dict, general: str) -> None:
        self.standin = standin
        self.channel_id = channel_id
        self.general = general
        self.click_payload = click_payload
        self.verifier = SignatureVerifier(SIGNING_SECRET)
        self.counter = 0
        self.lock = threading.Lock()

    def _command(self, text: str, channel_id: str, user_id: str) -> bytes:
        return urlencode(
            {
                "token": "x",
                "team_id": "T0001",
                "channel_id": channel_id,
                "channel_name": "c",
                "user_id": user_id,
                "user_name": "u",
                "command": "/crisis",
                "text": text,
                "api_app_id": "A0CRISIS",
                "response_url": self.standin.issue_response_url(channel_id, user_id),
                "trigger_id": self.standin.issue_trigger(user_id),
            }
        ).encode()

    def body(self, kind: str) -> bytes:
        with self.lock:
            self.counter += 1
            number = self.counter
        if kind == "help":
            return self._command("help", self.general, "U0OPENER")
        if kind == "status":
            return self._command("status", self.channel_id, "U0RESP")
        payload = json.loads(json.dumps(self.click_payload))
        action = payload["actions"][0]
        action["action_ts"] = f"{time.time():.6f}{number}"
        if number % 2:
            action["selected_options"] = []  # untick, then tick again: each click changes the step
        payload["trigger_id"] = self.standin.issue_trigger("U0RESP")
        return urlencode({"payload": json.dumps(payload)}).encode()

    def headers(self, body: bytes) -> dict[str, str]:
        stamp = str(int(time.time()))
        return {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=stamp, body=body) or "",
            "Connection": "close",
        }


def one_request(port: int, body: bytes, headers: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return time.perf_counter() - started, status


def run_cell(
    target: Target, requests: Requests, kind: str, clients: int, prepared: list[bytes]
) -> tuple[list[float], float]:
    """The `prepared` requests of one kind from `clients` concurrent clients: latencies and requests/s."""
    count = len(prepared)
    with ThreadPoolExecutor(max_workers=clients) as pool:
        started = time.perf_counter()
        try:
            results = list(
                pool.map(lambda body: one_request(target.port, body, requests.headers(body)), prepared)
            )
        except OSError as error:
            raise RuntimeError(f"{target.name} {kind} at {clients} clients: {error}") from None
        elapsed = time.perf_counter() - started
    failed = [status for _, status in results if status != 200]
    if failed:
        raise RuntimeError(f"{target.name} {kind}: {len(failed)} answers were not 200 ({failed[:3]})")
    return [latency for latency, _ in results], count / elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def prepare(standin: SlackStandin, database_url: str) -> tuple[str, dict]:
    """Open one crisis through the real app; return its channel and a checklist click payload."""
    local = start_local_app(database_url, standin)
    try:
        general = standin.channel_by_name("general")
        local.command("open Benchmark", channel_id=general.id)  # type: ignore[union-attr]
        view = local.last_view()
        local.submit(
            view,
            {
                "title_input": "Benchmark crisis",
                "case_input": "outage_our_fault",
                "severity_input": "high",
                "responsible_input": "U0RESP",
                "description_input": "",
            },
        )
        channel = next(c for c in standin.state.channels.values() if c.name.startswith("crisis-"))
        step_key = "trace_source"
        block_id = ids.STEP_BLOCK_PREFIX + step_key
        message = next(
            m
            for m in standin.messages(channel.id)
            if any(b.get("block_id") == block_id for b in m.get("blocks", []))
        )
        local.click(message, ids.CHECKLIST_TOGGLE, "U0RESP", option_value=step_key, block_id=block_id)
        payload = local.driver.last.payload  # type: ignore[union-attr]
        return channel.id, payload  # type: ignore[return-value]
    finally:
        local.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per cell (per app, kind, level)")
    parser.add_argument("--servers", default="gunicorn,waitress")
    parser.add_argument("--threads", type=int, default=8, help="server threads (WEB_THREADS)")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ack-latency-"))
    (workdir / "bare_bolt_app.py").write_text(BARE_APP)
    database_url = args.database_url or f"sqlite:///{workdir / 'crisisbot.db'}"
    if database_url.startswith("postgresql"):
        import sqlalchemy as sa

        from bot.core import db as core_db

        engine = core_db.make_engine(database_url)
        with engine.begin() as connection:  # a clean schema for the run
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    from bot.core import db

    db.upgrade(database_url)
    with SlackStandin() as standin:
        general = standin.add_channel("general", members=["U0OPENER", "U0RESP", "U0OTHER"])
        channel_id, click_payload = prepare(standin, database_url)
        requests = Requests(standin, channel_id, click_payload, general.id)
        servers = args.servers.split(",")
        rounds = 4  # interleave the two apps in rounds of a quarter of the count each
        share = args.requests // rounds
        # every request body is made now (each with its own trigger id and response URL, issued by the
        # stand-in), so that the stand-in can then serve from its own process: Slack's work (answering
        # crisisbot's worker, which the bare app never calls) must not run in the load generator's
        # interpreter, nor at the priority of the apps under test
        bodies = {
            (server, kind, clients, name): [requests.body(kind) for _ in range(rounds * share)]
            for server in servers
            for kind in KINDS
            for clients in CONCURRENCY
            for name in ("crisisbot", "bare")
        }
        for server in servers:
            for name in ("crisisbot", "bare"):
                bodies[(server, "warm-up", 0, name)] = [requests.body("help") for _ in range(150)]
        api_url = standin.url
        standin_process = standin.serve_from_child(niceness=19)
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": api_url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{workdir}",
        }
        database = database_url.split(":")[0]
        print(f"{args.requests} requests per cell, {args.threads} server threads, keep-alive off, {database}")
        print(f"{'server':9} {'kind':6} {'clients':>7} | {'app p50':>8} {'app p99':>8} {'app r/s':>8} |"
              f" {'bare p50':>8} {'bare p99':>8} {'bare r/s':>8} | p99 ratio")  # fmt: skip
        try:
            run_all(args, servers, env, workdir, requests, bodies, rounds, share)
        finally:
            os.kill(standin_process, signal.SIGTERM)
            os.waitpid(standin_process, 0)


def run_all(
    args: argparse.Namespace,
    servers: list[str],
    env: dict[str, str],
    workdir: Path,
    requests: Requests,
    bodies: dict[tuple[str, str, int, str], list[bytes]],
    rounds: int,
    share: int,
) -> None:
    """Every cell: both apps under each server, interleaved in `rounds` rounds of `share` requests."""
    for server in servers:
        app_port, bare_port = free_port(), free_port()
        # `crisisbot serve` as an operator runs it: the server plus its worker process(es)
        app_env = {
            **env, "WEB_SERVER": server, "WEB_THREADS": str(args.threads), "WEB_CONCURRENCY": "1",
            "PORT": str(app_port), "HOST": "127.0.0.1",
        }  # fmt: skip
        app = start("crisisbot", [sys.executable, "-m", "bot", "serve"], app_env, app_port, ROOT)
        bare = start(
            "bare", server_command(server, "bare_bolt_app:application", bare_port, args.threads),
            env, bare_port, workdir,
        )  # fmt: skip
        try:
            # not measured: the first requests of a process at every concurrency measured (a server
            # thread's first request, its first connections and per-thread state, is start-up, not steady
            # state, for either app), and crisisbot's start-up loading of its text-judgement libraries
            for target in (app, bare):
                warm = bodies[(server, "warm-up", 0, target.name)]
                for clients, part in ((1, warm[:20]), (10, warm[20:70]), (50, warm[70:])):
                    run_cell(target, requests, "help", clients, part)
            time.sleep(WARM_UP_SECONDS)
            for kind in KINDS:
                for clients in CONCURRENCY:
                    measured: dict[str, list[float]] = {"crisisbot": [], "bare": []}
                    rates: dict[str, list[float]] = {"crisisbot": [], "bare": []}
                    for number in range(rounds):
                        for target in (app, bare):
                            batch = bodies[(server, kind, clients, target.name)]
                            part = batch[number * share : (number + 1) * share]
                            latencies, rate = run_cell(target, requests, kind, clients, part)
                            measured[target.name] += latencies
                            rates[target.name].append(rate)
                    a, b = measured["crisisbot"], measured["bare"]
                    print(
                        f"{server:9} {kind:6} {clients:>7} |"
                        f" {1000 * statistics.median(a):7.1f}ms {1000 * percentile(a, 0.99):7.1f}ms"
                        f" {statistics.mean(rates['crisisbot']):8.0f} |"
                        f" {1000 * statistics.median(b):7.1f}ms {1000 * percentile(b, 0.99):7.1f}ms"
                        f" {statistics.mean(rates['bare']):8.0f} |"
                        f" {percentile(a, 0.99) / percentile(b, 0.99):5.2f}x",
                        flush=True,
                    )
        finally:
            for target in (app, bare):
                target.process.terminate()
                target.process.wait(timeout=30)


if __name__ == "__main__":
    main()
