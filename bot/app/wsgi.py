"""The HTTP-mode WSGI application, built from the environment, for any WSGI server.

`crisisbot serve` uses it; a server can also be pointed at it directly, e.g.
`gunicorn -k gthread 'bot.app.wsgi:application()'`.
"""

from __future__ import annotations

import gc

from bot.app.web import CrisisbotWSGI
from bot.core.config import Settings, load_settings


def build_wsgi(settings: Settings) -> CrisisbotWSGI:
    """The web app for `settings`: its Bolt listeners keep each request, ack it and queue it for the
    worker processes (bot.app.worker), so the work after an ack never competes with acks; work a
    stopped process acknowledged is resumed at start-up and every minute.
    """
    from bot.app.factory import build_context, create_app, keep_resuming

    context = build_context(settings)
    context.queue_work = True  # worker processes (started by `serve`, or `crisisbot worker`) do the work
    app = create_app(context)
    # no warm-up of the text judgements here: loading their libraries takes seconds of CPU that the
    # acks would share; the workers judge texts, and this process only for the mentions webhook, whose
    # first call loads them
    keep_resuming(app, context)
    wsgi = CrisisbotWSGI(app, context)
    # What start-up built (modules, Bolt's listeners, the database metadata, the playbooks) lives as long
    # as the process: frozen, a full garbage collection no longer walks it, which otherwise pauses the
    # acks of that moment by ~0.1 s
    gc.freeze()
    return wsgi


def application() -> CrisisbotWSGI:
    """Factory for WSGI servers: settings from the environment (and `.env`)."""
    settings = load_settings()
    settings.require_slack(http=True)
    return build_wsgi(settings)
