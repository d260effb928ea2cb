"""`crisisbot serve` in its own process, as an operator starts it, against the stand-in."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.demo.standin import SlackStandin
from tests.support.running_app import SIGNING_SECRET


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServeProcess:
    """A running `crisisbot serve` (with its worker processes, in their own process group) and the
    address it answers on."""

    process: subprocess.Popen[bytes]
    base: str

    def stop(self) -> None:
        """Stop it the polite way (its workers stop with it), and wait until its worker processes are
        gone too: one finishing its work after the test would work on the next test's database."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        _wait_until_group_gone(self.process.pid, timeout=30)

    def kill(self) -> None:
        """SIGKILL the whole group at once, as a host or container being killed does."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def _alive_in_group(group: int) -> list[int]:
    """The live (not zombie) processes of process group `group`."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            alive.append(int(entry.name))
    return alive


def _wait_until_group_gone(group: int, timeout: float) -> None:
    """Wait for every process of `group` to end; SIGKILL what is left after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while _alive_in_group(group):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            return
        time.sleep(0.05)


def start_serve(standin: SlackStandin, database_url: str, cwd: Path, **extra_env: str) -> ServeProcess:
    """Start `crisisbot serve` and wait (up to 60 s) until /healthz answers 200."""
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        **extra_env,
    }
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "DATABASE_URL"))
    }
    output = tempfile.NamedTemporaryFile(prefix="serve-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env={**clean, **env},
        cwd=cwd,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: `kill` reaches the workers too
    )
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while time.monotonic() - started < 60:  # wait for the process to listen (start-up is not under test)
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return ServeProcess(process, base)
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # the worker is still loading
            if process.poll() is not None:
                raise AssertionError(Path(output.name).read_text()[-4000:]) from None
        time.sleep(0.05)
    process.kill()
    raise AssertionError("serve did not start within 60 s")
