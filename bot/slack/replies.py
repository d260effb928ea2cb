"""Turning domain errors and failures into messages for the person who caused them."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.core.errors import CrisisError
from bot.slack.gateway import SlackCallFailed
from messages.i18n import Translator
from messages.markup import user as mention
from messages.render import render_message

log = logging.getLogger(__name__)


def explain(error: Exception, language: str) -> str:
    """The mrkdwn sentence that tells a person why their request failed."""
    t = Translator(language)
    if isinstance(error, CrisisError):
        # user ids a domain error carries (params named `user` or `…_user`) are shown as mentions
        params = {
            name: mention(value) if name.endswith("user") and isinstance(value, str) else value
            for name, value in error.params.items()
        }
        return t(error.key, **params)
    if isinstance(error, SlackCallFailed):
        return t("errors.slack_failed", error=error.error)
    log.exception("unexpected error while handling a request", exc_info=error)
    return t("errors.internal")


def run_and_explain(
    work: Callable[[], None], reply: Callable[[str], object], language: Callable[[], str]
) -> None:
    """Run `work`; if it raises, `reply` with an explanation in the incident's (or default) language."""
    try:
        work()
    except Exception as error:  # every failure reaches the person, never a stack trace
        reply(explain(error, language()))


def ephemeral(text: str) -> dict:
    """A response_url payload showing `text` only to the person."""
    message = render_message("notice.json.j2", text=text)
    return {"response_type": "ephemeral", "text": message.text, "blocks": message.blocks}
