"""The app factory: builds the shared context and the Bolt App with every listener registered."""

from __future__ import annotations

import logging
from concurrent.futures import Executor

from slack_bolt import App
from slack_bolt.error import BoltError

from bot.core.clock import Clock, SystemClock
from bot.core.config import ConfigError, Settings
from bot.core.db import make_engine
from bot.core.playbooks import load_playbooks
from bot.slack.context import AppContext
from bot.slack.gateway import SlackGateway, make_web_client

log = logging.getLogger(__name__)


def build_context(settings: Settings, clock: Clock | None = None) -> AppContext:
    """Connect the database, load and validate the playbooks, make the Slack gateway."""
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    return AppContext(
        settings=settings,
        engine=make_engine(settings.database_url),
        clock=clock or SystemClock(),
        gateway=SlackGateway(client),
        playbooks=load_playbooks(settings.playbooks_dir),
    )


def create_app(context: AppContext, listener_executor: Executor | None = None) -> App:
    """The Bolt App with every crisisbot listener. Verifies the bot token with Slack (auth.test)."""
    import handlers

    settings = context.settings
    try:
        app = App(
            signing_secret=settings.slack_signing_secret or None,
            client=context.gateway.client,
            listener_executor=listener_executor,
            ignoring_self_events_enabled=True,
        )
    except BoltError as error:
        raise ConfigError(
            f"Slack refused SLACK_BOT_TOKEN ({error}); check the token and SLACK_API_URL."
        ) from None
    handlers.register(app, context)

    @app.error
    def log_unhandled(error: Exception, body: dict) -> None:
        log.error(
            "unhandled error for %s: %s", body.get("type") or body.get("command"), error, exc_info=error
        )

    return app


def warm_up_text_judgements() -> None:
    """Load the linter, triage and consistency-check rules and their libraries once, at start-up.

    jieba and dateparser take seconds to load; a background thread does it while the app starts
    listening, so neither the start-up nor the first request waits for it.
    """
    import gc
    import threading

    def warm() -> None:
        from bot.mentions.triage import warm_up as warm_triage
        from bot.statements.compare import warm_up as warm_compare
        from bot.statements.lint import load_rules

        load_rules()
        warm_triage()
        warm_compare()
        # The libraries' data (jieba's dictionary, dateparser's languages) lives as long as the
        # process; frozen, a full garbage collection no longer walks it, which otherwise adds a
        # pause of ~10 ms to some judgements.
        gc.freeze()

    threading.Thread(target=warm, name="warm-up-text-judgements", daemon=True).start()
