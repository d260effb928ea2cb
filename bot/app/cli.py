"""`crisisbot` command line: run, serve, clock, db upgrade, playbooks, report, webhook-token,
and the text judgements in bulk (lint, triage, compare; JSON Lines on stdin and stdout)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.core.config import ConfigError, Settings, load_settings
from bot.core.playbooks import PlaybookErrors

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_bolt.adapter.socket_mode import SocketModeHandler

MAX_REQUEST_BODY = 1024 * 1024  # Slack's payloads are far smaller; mentions are capped lower still


def _setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if settings.log_level != "DEBUG":
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # it logs every poll at INFO


def _prepare(settings: Settings) -> None:
    from bot.core import db

    try:
        db.upgrade(settings.database_url)
    except SQLAlchemyError as error:
        raise ConfigError(
            f"cannot reach or upgrade the database at DATABASE_URL ({error.__class__.__name__}: "
            f"{str(error).splitlines()[0]})."
        ) from None


def command_run(settings: Settings) -> None:
    """One process: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT; plus the scheduler."""
    settings.require_slack(http=not settings.socket_mode)
    _prepare(settings)
    from bot.app.factory import build_context, create_app, keep_resuming, warm_up_text_judgements
    from bot.deadlines.scheduler import DeadlineScheduler

    context = build_context(settings)
    app = create_app(context)
    # after the checks above: a start-up that fails must not exit while this thread is in compiled code
    warm_up_text_judgements()
    keep_resuming(app, context)
    scheduler = DeadlineScheduler(context)
    scheduler.start()
    try:
        if settings.socket_mode:
            connection = open_socket_mode(app, settings)
            try:
                threading.Event().wait()
            finally:
                connection.close()
        else:
            _serve_http(app, context)
    finally:
        scheduler.shutdown()


def open_socket_mode(app: App, settings: Settings) -> SocketModeHandler:
    """Connect `app` to Slack over Socket Mode with SLACK_APP_TOKEN and return the open connection.

    slack-sdk asks `apps.connections.open` (at SLACK_API_URL, through the app's own Web API client) for
    a WebSocket URL, acknowledges each envelope with the listener's ack, and reconnects by itself when
    Slack sends `disconnect` or the socket drops. `crisisbot run` keeps it open until the process ends.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, settings.slack_app_token)
    handler.connect()
    return handler


def command_clock(settings: Settings) -> None:
    """The deadline scheduler alone, for the Procfile's `clock` process (exactly one should run)."""
    import signal

    settings.require_slack(http=False)
    _prepare(settings)
    from bot.app.factory import build_context
    from bot.deadlines.scheduler import DeadlineScheduler

    context = build_context(settings)
    scheduler = DeadlineScheduler(context)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    scheduler.start()
    logging.getLogger(__name__).info("clock running; stop with Ctrl-C or SIGTERM")
    try:
        while not stop.wait(3600):
            pass
    finally:
        scheduler.shutdown()


def command_worker(settings: Settings) -> None:
    """Do the work of requests the web processes acknowledged (`serve` starts WORKER_PROCESSES of
    these itself; with WORKER_PROCESSES=0, run this command as its own process)."""
    settings.require_slack(http=True)
    _prepare(settings)
    import signal

    from bot.app.factory import build_context, create_app, keep_resuming, warm_up_text_judgements
    from bot.app.worker import run_worker
    from bot.slack.executor import TrackingExecutor

    context = build_context(settings)
    app = create_app(context, TrackingExecutor(max_workers=4, thread_name_prefix="crisisbot-dispatch"))
    warm_up_text_judgements()  # after the checks above (see command_run)
    keep_resuming(app, context)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    logging.getLogger(__name__).info("worker taking queued requests; stop with Ctrl-C or SIGTERM")
    try:
        run_worker(app, context, stop)
    finally:
        context.wait_idle(30)


def command_serve(settings: Settings) -> None:
    """HTTP mode for the Procfile's `web` process (no scheduler here), under `WEB_SERVER`: gunicorn
    (`WEB_CONCURRENCY` processes × `WEB_THREADS` threads, the default, chosen by
    benchmarks/ack_latency.py) or waitress (one process, `WEB_THREADS` threads), plus
    `WORKER_PROCESSES` worker processes that do the work after each ack."""
    settings.require_slack(http=True)
    _prepare(settings)
    from bot.app.worker import keep_workers
    from bot.app.wsgi import build_wsgi

    if settings.worker_processes:
        keep_workers(settings.worker_processes)
    # This process only supervises (gunicorn's arbiter, the worker processes): what start-up left (the
    # migrations' modules among them) is collected now and frozen, or the first full collection, some
    # seconds into serving, walks ~115,000 objects for ~80 ms of a core the acks share.
    gc.collect()
    gc.freeze()

    logging.getLogger(__name__).info(
        "serving Slack requests on %s:%s/slack/events under %s",
        settings.host,
        settings.port,
        settings.web_server,
    )
    _log_install_url(settings)
    if settings.web_server == "waitress":
        import waitress

        waitress.serve(
            build_wsgi(settings),
            host=settings.host,
            port=settings.port,
            threads=settings.web_threads,
            max_request_body_size=MAX_REQUEST_BODY,
        )
        return
    _serve_gunicorn(settings)


def _serve_gunicorn(settings: Settings) -> None:
    from gunicorn.app.base import BaseApplication

    from bot.app.wsgi import build_wsgi

    class CrisisbotServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{settings.host}:{settings.port}")
            self.cfg.set("workers", settings.web_concurrency)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", settings.web_threads)
            self.cfg.set("limit_request_line", 8190)
            self.cfg.set("accesslog", None)

        def load(self):
            # each worker process builds its own engine, gateway and listener pool
            return build_wsgi(settings)

    CrisisbotServer().run()


def _log_install_url(settings: Settings) -> None:
    if settings.oauth:
        logging.getLogger(__name__).info(
            "OAuth distribution: workspaces install the app at https://<this host>/slack/install"
        )


def _serve_http(app, context) -> None:
    import waitress

    from bot.app.web import CrisisbotWSGI

    settings = context.settings
    logging.getLogger(__name__).info(
        "serving Slack requests on %s:%s/slack/events", settings.host, settings.port
    )
    _log_install_url(settings)
    waitress.serve(
        CrisisbotWSGI(app, context),
        host=settings.host,
        port=settings.port,
        threads=settings.web_threads,
        max_request_body_size=MAX_REQUEST_BODY,
    )


def command_db_upgrade(settings: Settings) -> None:
    """Create or upgrade the schema."""
    _prepare(settings)
    print(f"database at {settings.database_url.split('@')[-1]} is up to date")


def command_playbooks(settings: Settings, args: argparse.Namespace) -> int:
    """List, show or check playbooks."""
    from bot.core.playbooks import check_playbooks, load_playbooks

    if args.playbooks_command == "check":
        directory = Path(args.directory) if args.directory else settings.playbooks_dir
        problems = check_playbooks(directory)
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) found", file=sys.stderr)
            return 1
        library = load_playbooks(directory)
        print(f"{len(library)} playbooks OK")
        return 0
    try:
        library = load_playbooks(settings.playbooks_dir)
    except PlaybookErrors as errors:
        print(errors, file=sys.stderr)
        return 1
    if args.playbooks_command == "list":
        for playbook in library.cases():
            print(
                f"{playbook.number}. {playbook.case:<22} {len(playbook.steps):>2} steps  "
                f"{playbook.title_for('en')}"
            )
        return 0
    playbook = library.get(args.case)
    language = args.lang
    print(f"{playbook.title_for(language)}\n{playbook.summary_for(language)}\n")
    for position, step in enumerate(playbook.steps, start=1):
        deadline = f" [{step.deadline}]" if step.deadline else ""
        print(f"{position:>2}. ({step.phase}, {step.owner}){deadline} {step.text_for(language)}")
    return 0


def command_report(settings: Settings, args: argparse.Namespace) -> int:
    """Print (or write) the post-crisis report of one incident."""
    from bot.app.factory import build_context
    from bot.core.errors import CrisisError
    from bot.reports.service import render_report

    context = build_context(settings)
    try:
        text = render_report(context, args.incident_id, args.format)
    except CrisisError:
        print(f"crisisbot: there is no incident {args.incident_id}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text)
    return 0


def command_webhook_token(settings: Settings, args: argparse.Namespace) -> int:
    """Create, list or revoke the bearer tokens of `POST /webhooks/mentions`."""
    from bot.core.clock import SystemClock
    from bot.core.db import make_engine, session_scope
    from bot.mentions import webhook_tokens

    _prepare(settings)
    engine = make_engine(settings.database_url)
    now = SystemClock().now()
    try:
        with session_scope(engine) as session:
            if args.token_command == "create":
                minted = webhook_tokens.mint(session, args.team, now, args.label or "")
                print(f"token {minted.id} for workspace {minted.team_id} (shown once; store it now):")
                print(minted.secret)
                print("Send it as: Authorization: Bearer <token>")
                return 0
            if args.token_command == "revoke":
                if webhook_tokens.revoke(session, args.id, now):
                    print(f"token {args.id} revoked")
                    return 0
                print(f"no live token {args.id}", file=sys.stderr)
                return 1
            for row in webhook_tokens.list_tokens(session, args.team):
                state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "live"
                print(f"{row.id:>4}  {row.team_id:<12} {row.created_at:%Y-%m-%d}  {state:<18} {row.label}")
            return 0
    finally:
        engine.dispose()


def command_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Play a whole crisis against the real app and a local Slack stand-in; 0 only if every step worked."""
    from bot.core.playbooks import load_playbooks
    from bot.demo.runner import CrisisDemo, Printer

    cases = [playbook.case for playbook in load_playbooks().cases()]
    if args.case not in cases:
        print(f"crisisbot: unknown case {args.case!r}; choose one of {', '.join(cases)}", file=sys.stderr)
        return 2
    if not os.environ.get("LOG_LEVEL"):
        logging.getLogger().setLevel(logging.WARNING)  # the demo's own output is the transcript
    colour = sys.stdout.isatty() and not args.no_colour
    demo = CrisisDemo(args.case, args.lang, Printer(sys.stdout, colour), Path(args.output_dir))
    ok = demo.run()
    print("\ncrisisbot demo: " + ("every step worked" if ok else "a step failed (see above)"))
    return 0 if ok else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="crisisbot", description="Run an online reputation crisis in Slack."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the app (Socket Mode if SLACK_APP_TOKEN is set, else HTTP on PORT)")
    sub.add_parser("serve", help="serve HTTP with a production server (Procfile web; no scheduler)")
    sub.add_parser("clock", help="run the deadline scheduler alone (Procfile clock; exactly one)")
    sub.add_parser("worker", help="do the work of acknowledged requests (serve starts these itself)")
    db_parser = sub.add_parser("db", help="database schema")
    db_sub = db_parser.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="create or upgrade the schema")
    playbooks = sub.add_parser("playbooks", help="list, show or check playbooks")
    playbooks_sub = playbooks.add_subparsers(dest="playbooks_command", required=True)
    playbooks_sub.add_parser("list", help="list the crisis cases")
    show = playbooks_sub.add_parser("show", help="print one playbook")
    show.add_argument("case")
    show.add_argument("--lang", default="en", choices=["en", "es", "zh"])
    demo = sub.add_parser("demo", help="play a whole crisis without Slack (real app, local Slack stand-in)")
    demo.add_argument("--case", default="outage_our_fault", help="the crisis case (crisisbot playbooks list)")
    demo.add_argument("--lang", default="en", choices=["en", "es", "zh"])
    demo.add_argument("--output-dir", default=".", help="where to write crisis-demo-report.md/.html")
    demo.add_argument("--no-colour", action="store_true", help="plain text even on a terminal")
    report = sub.add_parser("report", help="the post-crisis report of an incident")
    report.add_argument("incident_id", type=int)
    report.add_argument("--format", choices=["md", "html", "json"], default="md")
    report.add_argument("--output", help="write to this file instead of printing")
    check = playbooks_sub.add_parser("check", help="validate the shipped playbooks plus DIR")
    check.add_argument("directory", nargs="?")
    tokens = sub.add_parser("webhook-token", help="tokens for POST /webhooks/mentions")
    tokens_sub = tokens.add_subparsers(dest="token_command", required=True)
    create = tokens_sub.add_parser("create", help="mint a token for a workspace (printed once)")
    create.add_argument("--team", required=True, help="the Slack workspace (team) id, e.g. T0001")
    create.add_argument("--label", help="what uses it, e.g. the listening tool's name")
    listing = tokens_sub.add_parser("list", help="list tokens (secrets are never shown again)")
    listing.add_argument("--team")
    revoke = tokens_sub.add_parser("revoke", help="revoke a token by its number")
    revoke.add_argument("id", type=int)
    sub.add_parser(
        "lint",
        help='lint statements: JSON Lines {"text", "language"?, "case"?} on stdin → findings on stdout',
    )
    triage = sub.add_parser(
        "triage",
        help='triage posts: JSON Lines {"text", "author", "platform", ...} on stdin → class on stdout',
    )
    triage.add_argument("--rivals", help='rival brands, "A,B" (default: CRISIS_COMPETITORS)')
    triage.add_argument(
        "--employees", help='the company\'s own handles, "a,b" (default: CRISIS_EMPLOYEE_HANDLES)'
    )
    sub.add_parser(
        "compare",
        help='check wording: JSON Lines {"approved", "spoken", "language"?} on stdin → verdict on stdout',
    )
    return parser


def command_judge(args: argparse.Namespace) -> int:
    """`lint`, `triage`, `compare`: stdin to stdout; exit 1 when some line got an error object."""
    from bot.app import judge_cli

    stdin = sys.stdin
    if args.command == "lint":
        errors = judge_cli.lint_lines(stdin, sys.stdout)
    elif args.command == "triage":
        errors = judge_cli.triage_lines(
            stdin, sys.stdout, judge_cli.rivals_from(args.rivals), judge_cli.employees_from(args.employees)
        )
    else:
        errors = judge_cli.compare_lines(stdin, sys.stdout)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `crisisbot` console script."""
    args = build_parser().parse_args(argv)
    if args.command in ("lint", "triage", "compare"):
        return command_judge(args)  # needs no settings, tokens or database
    try:
        settings = load_settings()
        _setup_logging(settings)
        if args.command == "run":
            command_run(settings)
        elif args.command == "serve":
            command_serve(settings)
        elif args.command == "clock":
            command_clock(settings)
        elif args.command == "worker":
            command_worker(settings)
        elif args.command == "db":
            command_db_upgrade(settings)
        elif args.command == "playbooks":
            return command_playbooks(settings, args)
        elif args.command == "demo":
            return command_demo(settings, args)
        elif args.command == "report":
            return command_report(settings, args)
        elif args.command == "webhook-token":
            return command_webhook_token(settings, args)
    except ConfigError as error:
        print(f"crisisbot: {error}", file=sys.stderr)
        return 2
    except PlaybookErrors as errors:
        print(f"crisisbot: refusing to start with broken playbooks:\n{errors}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
