"""The real app served over HTTP in this process, against the Slack Web API stand-in, with a clock the
caller moves. Used by `crisisbot demo`, drills rehearsed offline, and the end-to-end tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import waitress
from waitress import wasyncore

from bot.app.factory import build_context, create_app
from bot.app.web import CrisisbotWSGI
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.demo.standin import DriverResponse, SlackDriver, SlackStandin
from bot.slack.context import AppContext
from bot.slack.executor import TrackingExecutor

SIGNING_SECRET = "local-signing-secret"
BOT_TOKEN = "xoxb-test-token"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACK_LIMIT_SECONDS = 3.0


class LocalAppError(AssertionError):
    """The app did not behave as Slack requires (slow ack, listeners that never finish)."""


@dataclass
class LocalApp:
    """A served app plus the stand-in and a driver; every request waits until the app is idle again."""

    url: str
    context: AppContext
    clock: ManualClock
    standin: SlackStandin
    driver: SlackDriver
    executor: TrackingExecutor
    server: Any
    thread: threading.Thread
    responses: list[DriverResponse] = field(default_factory=list)
    #: the Bolt app (a test can dispatch queued requests through it as a worker process does)
    bolt: Any = None

    def settle(self) -> None:
        """Wait until every listener started by the last request, and the work it queued, has finished,
        and the requests kept in the spool are in the inbox."""
        for _ in range(100):
            if not (self.executor.wait_idle(30) and self.context.wait_idle(30) and self._spool_moved(30)):
                raise LocalAppError("listeners still running after 30 s")
            if self.executor.idle() and self.context.work.idle() and self._spool_moved(0):
                return
        raise LocalAppError("listeners kept queueing work")

    def _spool_moved(self, seconds: float) -> bool:
        """True once the spool holds nothing the inbox lacks (waiting up to `seconds`)."""
        if "spool" not in self.context.__dict__:  # made on first use only
            return True
        deadline = time.monotonic() + seconds
        while self.context.spool.pending():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def _done(self, response: DriverResponse) -> DriverResponse:
        self.settle()
        if response.too_slow:
            raise LocalAppError(f"ack took {response.elapsed:.2f} s, over Slack's {ACK_LIMIT_SECONDS:.0f} s")
        self.responses.append(response)
        return response

    def command(self, text: str, user_id: str = "U0OPENER", channel_id: str | None = None) -> DriverResponse:
        """Send `/crisis <text>` (in #general unless a channel is given) and wait for the app to finish."""
        general = self.standin.channel_by_name("general", self.driver.team_id)
        channel_id = channel_id or general.id  # type: ignore[union-attr]  # every workspace has #general
        return self._done(self.driver.slash_command("/crisis", text, user_id, channel_id))

    def shortcut(self, callback_id: str, message: dict, channel_id: str, user_id: str) -> DriverResponse:
        """Use a message shortcut on a message that exists in the stand-in."""
        return self._done(self.driver.message_shortcut(callback_id, message, channel_id, user_id))

    def submit(self, view: dict | str, values: dict, user_id: str = "U0OPENER") -> DriverResponse:
        """Submit a modal the app opened."""
        return self._done(self.driver.submit_view(view, values, user_id))

    def click(self, message: dict, action_id: str, user_id: str, **kwargs: Any) -> DriverResponse:
        """Click an element of a message the app posted."""
        return self._done(self.driver.click(message, action_id, user_id, **kwargs))

    def event(self, event: dict, **kwargs: Any) -> DriverResponse:
        """Send an Events API event."""
        return self._done(self.driver.event(event, **kwargs))

    def replay(self) -> DriverResponse:
        """Send the last request again, byte for byte."""
        return self._done(self.driver.replay())

    def in_workspace(self, team_id: str, org_wide: bool = False) -> LocalApp:
        """The same served app, driven as Slack does for another workspace (installed org-wide for its
        Grid org when `org_wide`)."""
        driver = SlackDriver(self.url, SIGNING_SECRET, self.standin, team_id=team_id, org_wide=org_wide)
        return replace(self, driver=driver, responses=[])

    def join(self, channel_id: str, user_id: str) -> None:
        """A person joins a channel on their own (as they would in Slack's client)."""
        with self.standin.state.lock:
            members = self.standin.state.channels[channel_id].members
            if user_id not in members:
                members.append(user_id)

    def last_view(self) -> dict:
        """The current version of the view the app opened or updated most recently."""
        return self.standin.view(self.standin.views[-1]["view"]["id"])

    def stop(self) -> None:
        """Stop serving and release the database."""
        self.settle()
        # close every socket from the server's own loop thread (closing them from here races with
        # its select()), so the loop ends at once
        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        self.thread.join(timeout=5)
        self.server.task_dispatcher.shutdown()
        self.executor.shutdown(wait=True)
        self.context.reconciler.stop()
        self.context.work.shutdown(wait=True)
        if "spool" in self.context.__dict__:  # made on first use only
            self.context.spool.close()
        self.context.engine.dispose()
        if "quick_engine" in self.context.__dict__:  # made on first use only
            self.context.quick_engine.dispose()


def start_local_app(
    database_url: str, standin: SlackStandin, clock: ManualClock | None = None, **overrides: Any
) -> LocalApp:
    """Build the app against `standin` and serve it on a free loopback port."""
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": standin.url,
        "database_url": database_url,
        **overrides,
    }
    settings = Settings(**values)
    clock = clock or ManualClock(START)
    context = build_context(settings, clock)
    executor = TrackingExecutor()
    app = create_app(context, executor)
    server = waitress.create_server(CrisisbotWSGI(app, context), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    driver = SlackDriver(url, SIGNING_SECRET, standin)
    return LocalApp(url, context, clock, standin, driver, executor, server, thread, bolt=app)
