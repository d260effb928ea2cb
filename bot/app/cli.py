"""`crisisbot` command line: run, serve, clock, db upgrade, playbooks, report, webhook-token."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.core.config import ConfigError, Settings, load_settings
from bot.core.playbooks import PlaybookErrors

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
    from bot.app.factory import build_context, create_app
    from bot.deadlines.scheduler import DeadlineScheduler

    context = build_context(settings)
    app = create_app(context)
    scheduler = DeadlineScheduler(context)
    scheduler.start()
    try:
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            SocketModeHandler(app, settings.slack_app_token).start()
        else:
            _serve_http(app, context)
    finally:
        scheduler.shutdown()


def command_clock(settings: Settings) -> None:
    """The deadline scheduler alone, for the Procfile's `clock` process (exactly one should run)."""
    import signal
    import threading

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


def command_serve(settings: Settings) -> None:
    """HTTP mode under waitress, for the Procfile's `web` process (no scheduler here)."""
    settings.require_slack(http=True)
    _prepare(settings)
    from bot.app.factory import build_context, create_app

    context = build_context(settings)
    _serve_http(create_app(context), context)


def _serve_http(app, context) -> None:  # type: ignore[no-untyped-def]
    import waitress

    from bot.app.web import CrisisbotWSGI

    settings = context.settings
    logging.getLogger(__name__).info(
        "serving Slack requests on %s:%s/slack/events", settings.host, settings.port
    )
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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `crisisbot` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        _setup_logging(settings)
        if args.command == "run":
            command_run(settings)
        elif args.command == "serve":
            command_serve(settings)
        elif args.command == "clock":
            command_clock(settings)
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
