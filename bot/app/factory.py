"""The app factory: builds the shared context and the Bolt App with every listener registered."""

from __future__ import annotations

import logging
from concurrent.futures import Executor

from slack_bolt import App
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.error import BoltError
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from bot.core.clock import Clock, SystemClock
from bot.core.config import ConfigError, Settings
from bot.core.db import make_engine
from bot.core.playbooks import load_playbooks
from bot.slack.context import AppContext
from bot.slack.executor import TrackingExecutor
from bot.slack.gateway import SlackGateway, make_web_client
from bot.slack.listener import keep_request
from bot.slack.workspaces import Workspaces

log = logging.getLogger(__name__)


#: How long an OAuth `state` (issued by /slack/install) stays usable: Bolt's default.
OAUTH_STATE_SECONDS = 600


def build_context(settings: Settings, clock: Clock | None = None) -> AppContext:
    """Connect the database, load and validate the playbooks, make the Slack gateways: the one bot
    token's, or (OAuth distribution) one per installation, from slack-sdk's installation store."""
    engine = make_engine(settings.database_url)
    if settings.oauth:
        workspaces = Workspaces(settings.slack_api_url, installations=installation_store(settings, engine))
    else:
        client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
        workspaces = Workspaces(settings.slack_api_url, single=SlackGateway(client))
    return AppContext(
        settings=settings,
        engine=engine,
        clock=clock or SystemClock(),
        workspaces=workspaces,
        playbooks=load_playbooks(settings.playbooks_dir),
        work=TrackingExecutor(settings.work_threads),
    )


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    """slack-sdk's installation store on crisisbot's database (its tables come from our migrations)."""
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)


def oauth_settings(context: AppContext) -> OAuthSettings:
    """Bolt's OAuth flow: /slack/install sends the installer to Slack, /slack/oauth_redirect stores
    the installation; state and installations live in crisisbot's database."""
    settings = context.settings
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(settings.slack_scopes),
        redirect_uri=settings.slack_redirect_uri or None,
        authorization_url=settings.slack_authorize_url,
        # /slack/install goes straight to Slack's consent screen (no intermediate page to click)
        install_page_rendering_enabled=False,
        installation_store=context.workspaces.installations,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=context.engine),
        state_expiration_seconds=OAUTH_STATE_SECONDS,
    )
    # Bolt's default asks Slack's auth.test on every request, before the ack; its answer for a token
    # never changes, so it is remembered (the installation itself is still looked up every time, so
    # an uninstalled workspace stops at once).
    oauth.authorize = InstallationStoreAuthorize(
        logger=log,
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        installation_store=oauth.installation_store,
        bot_only=True,
        cache_enabled=True,
    )
    return oauth


def create_app(context: AppContext, listener_executor: Executor | None = None) -> App:
    """The Bolt App with every crisisbot listener. With one bot token, verifies it with Slack (auth.test);
    with OAuth distribution, adds the install routes and forgets a workspace that uninstalls the app
    or revokes its tokens (slack-sdk's own listeners delete its installation; its incidents stay).

    Listeners run in the thread that received the request and Bolt answers once they return
    (`process_before_response`): each one only acks and hands its work on (bot.slack.listener), so
    there is nothing to wait for, and no hop to another thread (nor Bolt's 10-ms polls for the ack)."""
    import handlers

    settings = context.settings
    single = context.workspaces.single
    try:
        if single is not None:
            app = App(
                signing_secret=settings.slack_signing_secret or None,
                client=single.client,
                listener_executor=listener_executor,
                ignoring_self_events_enabled=True,
                process_before_response=True,
                # bot/app/web.py verifies each request's signature before Bolt sees it
                request_verification_enabled=False,
            )
        else:
            app = App(
                signing_secret=settings.slack_signing_secret,
                # no token: used only for oauth.v2.access, at SLACK_API_URL
                client=WebClient(base_url=settings.slack_api_url),
                oauth_settings=oauth_settings(context),
                installation_store_bot_only=True,
                listener_executor=listener_executor,
                ignoring_self_events_enabled=True,
                process_before_response=True,
                # bot/app/web.py verifies each request's signature before Bolt sees it
                request_verification_enabled=False,
            )
            app.enable_token_revocation_listeners()
    except BoltError as error:
        raise ConfigError(
            f"Slack refused SLACK_BOT_TOKEN ({error}); check the token and SLACK_API_URL."
        ) from None
    app.use(keep_request(context))
    handlers.register(app, context)
    register_surfaces(context)

    @app.error
    def log_unhandled(error: Exception, body: dict) -> None:
        log.error(
            "unhandled error for %s: %s", body.get("type") or body.get("command"), error, exc_info=error
        )

    return app


def register_surfaces(context: AppContext) -> None:
    """Tell the reconciler how each kind of surface is shown."""
    from bot.core.states import SurfaceKind
    from bot.incidents.brief import EDIT_EVERY
    from bot.incidents.service import BriefCanvas, CrisisRoom
    from bot.leadership.home import HomeTab

    room = CrisisRoom(context)
    context.reconciler.register(SurfaceKind.CANVAS, BriefCanvas(context).show, min_interval=EDIT_EVERY)
    context.reconciler.register(SurfaceKind.HEADER, room.show_header)
    context.reconciler.register(SurfaceKind.CHECKLIST, room.show_checklist)
    context.reconciler.register(SurfaceKind.HOME, HomeTab(context).show)


def resume_unfinished(app: App, context: AppContext) -> int:
    """Finish what a stopped process left: requests acknowledged but not done (replayed through Bolt,
    where their claim makes them run once) and surfaces not yet showing their latest state.
    Returns how many requests were resumed."""
    from bot.app.worker import dispatch_kept
    from bot.core import inbox, spool

    spool.recover(context.quick_engine, context.spool.directory)
    resumed = 0
    for item in inbox.unfinished(context.engine, context.clock.now()):
        if not inbox.reopen(context.engine, item):
            continue
        log.info("resuming %s, acknowledged before a stop", item.key)
        resumed += dispatch_kept(app, context, item.key, item.body)
    if not context.queue_work:  # a web process whose work the workers do leaves the surfaces to them
        context.reconciler.wake()
    return resumed


#: How often a serving process looks for work another process left unfinished (its lease ran out),
#: and, in a web process that queues its work, for a queue no worker takes.
RESUME_EVERY_SECONDS = 60.0
UNATTENDED_EVERY_SECONDS = 5.0


def keep_resuming(app: App, context: AppContext) -> None:
    """Resume unfinished work now (in the background: start-up does not wait) and every minute; a web
    process that queues its work also takes queued requests nobody took (no worker running)."""
    import threading

    from bot.app.worker import take_unattended

    def loop() -> None:
        waited = RESUME_EVERY_SECONDS
        while True:
            try:
                if waited >= RESUME_EVERY_SECONDS:
                    waited = 0.0
                    resume_unfinished(app, context)
                if context.queue_work:
                    take_unattended(app, context)
            except Exception:
                log.exception("could not resume unfinished work; trying again later")
            threading.Event().wait(UNATTENDED_EVERY_SECONDS)
            waited += UNATTENDED_EVERY_SECONDS

    threading.Thread(target=loop, name="resume-unfinished", daemon=True).start()


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
