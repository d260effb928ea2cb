"""The one wrapper every Bolt listener goes through: inbox → ack → claim → run → explain the error → tell.

Before any listener runs, `keep_request` (a Bolt middleware) puts each request a person waits on in the
request inbox (bot/core/inbox.py), giving up within a fraction of a second when the database is stalled.
A listener acks (with modal errors when a form is wrong), then hands its work to `Listener.run`, which
queues it on the work pool (never the threads that ack), where it claims the request (a replay, or a
second process, finds it taken), runs the work, retries it while the database is locked, and turns any
failure into a sentence for the person who caused it, in the crisis's language: a reply through
`respond` for slash commands, an ephemeral message where they clicked, or a DM when there is no
channel. Nothing is raised to Bolt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import Any

from slack_bolt.request import BoltRequest
from sqlmodel import select

from bot.core import inbox, progress
from bot.core.db import is_busy, session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident
from bot.core.states import IncidentStatus
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from bot.slack.workspaces import workspace_of
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


def ephemeral(text: str) -> dict:
    """A response_url payload showing `text` only to the person."""
    message = render_message("notice.json.j2", text=text)
    return {"response_type": "ephemeral", "text": message.text, "blocks": message.blocks}


def where(body: dict) -> tuple[str, str]:
    """(channel id, user id) of any Slack request: a command, a click, a shortcut or a modal ('' channel)."""
    user = body.get("user")
    user_id = user.get("id", "") if isinstance(user, dict) else body.get("user_id", "")
    channel = body.get("channel")
    channel_id = (
        (channel.get("id") if isinstance(channel, dict) else None)
        or body.get("channel_id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )
    return str(channel_id), str(user_id)


def click_key(body: dict) -> str:
    """A key unique to one click: the same payload replayed gives the same key."""
    action = body["actions"][0]
    container = body.get("container", {})
    spot = container.get("message_ts") or container.get("view_id") or ""
    user_id = body["user"]["id"]
    return f"click:{user_id}:{spot}:{action.get('block_id')}:{action['action_id']}:{action['action_ts']}"


#: Set on a request dispatched again from the inbox (by a worker, or a resumption): it is kept already.
KEPT_ALREADY = "crisisbot_kept_already"
#: Set by a worker process on a request it claimed from the inbox and dispatches again.
CLAIMED_BY_WORKER = "crisisbot_claimed_by_worker"
#: Set by the web process on a request queued for the workers before its ack.
QUEUED_FOR_WORKERS = "crisisbot_queued_for_workers"
_MARKS = (KEPT_ALREADY, CLAIMED_BY_WORKER, QUEUED_FOR_WORKERS)


def kept_text(body: dict) -> str:
    """The payload the inbox keeps for a request: its body as JSON, without this app's marks. (Before
    the ack, an HTTP request is kept as the form body Slack sent; either parses back the same way.)"""
    return json.dumps({name: value for name, value in body.items() if name not in _MARKS}, default=str)


#: Requests a person waits on: these are kept in the inbox before their ack.
KEPT_TYPES = frozenset({"block_actions", "view_submission", "shortcut", "message_action"})


def request_key(body: dict) -> str:
    """The inbox key of a request: the same request sent again (a retry, a replay) gives the same key."""
    kind = body.get("type")
    if kind == "block_actions" and body.get("actions"):
        return click_key(body)
    if kind == "view_submission":
        return f"view:{(body.get('view') or {}).get('id')}"
    if body.get("command") or kind in ("shortcut", "message_action"):
        return f"trigger:{body.get('trigger_id')}"
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    plain = {name: value for name, value in body.items() if name not in _MARKS}
    digest = hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()
    return f"body:{digest}"


def is_kept(body: dict) -> bool:
    """True for the requests the inbox keeps: commands, clicks, shortcuts and modal submissions."""
    return bool(body.get("command")) or body.get("type") in KEPT_TYPES


#: Work that finds the database locked, or Slack failing, is tried again after these many seconds (then
#: every 30 s); a 429 after Slack's Retry-After. Work that meets Slack failing is also tried again as soon
#: as Slack answers another call of this process (SlackHealth).
BUSY_RETRY_SECONDS = (1, 2, 5, 10, 20, 30)
#: After this long of trying again, the work is given up and the person told.
RETRY_FOR_SECONDS = 600.0


def keep_request(context: AppContext) -> Callable[..., Any]:
    """A Bolt middleware that keeps every request a person waits on before its listener acks: in the
    request spool (bot/core/spool.py), or with SPOOL_FIRST=false in the inbox, and then in the spool
    when the database does not answer in time.

    In a web process whose work is done by worker processes, a request whose listener always has work
    (a command, a click, a shortcut) is queued for them at once: one write before the ack and none after.
    A modal submission is queued by its listener once the form is valid.
    """

    def middleware(req: BoltRequest, body: dict, next: Callable[[], Any]) -> Any:
        if isinstance(body, dict) and is_kept(body) and not body.get(KEPT_ALREADY):
            submission = body.get("type") == "view_submission"
            queued = context.queue_work and not submission
            # the body as Slack sent it (verified): no second serialisation of a 13-KB click on the ack's
            # path; the worker parses it as Bolt does (bot.app.worker.dispatch_kept)
            text = req.raw_body if req.mode == "http" and req.raw_body else kept_text(body)
            key, now = request_key(body), context.clock.now()
            state = inbox.QUEUED if queued else inbox.RECEIVED
            stored: inbox.Recorded = "failed"
            for keep in (_spool, _insert) if context.spool_first else (_insert, _spool):
                stored = keep(context, key, text, now, state, submission)
                if stored != "failed":
                    break
            if stored == "failed":
                log.warning("the request could not be kept; its work runs from memory")
            elif stored == "new" and queued:
                body[QUEUED_FOR_WORKERS] = True
        return next()

    return middleware


def _spool(
    context: AppContext, key: str, text: str, now: datetime, state: str, submission: bool
) -> inbox.Recorded:
    """Keep a request in the spool: "new", or "failed" when its file cannot take it (a full disk)."""
    try:
        context.spool.keep(key, text, now, state, resubmittable=submission)
    except OSError as error:
        log.error("the request spool cannot keep requests (%s)", error)
        return "failed"
    return "new"


def _insert(
    context: AppContext, key: str, text: str, now: datetime, state: str, submission: bool
) -> inbox.Recorded:
    """Keep a request in the inbox: "new", "known" (there already), or "failed" when the database does
    not answer in time."""
    stored = inbox.record(context.quick_engine, key, text, now, state, resubmittable=submission)
    if stored == "failed":
        log.warning("the database did not take the request in time")
    return stored


class Listener:
    """What every listener shares: the inbox claim, the crisis language, and telling a person privately."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def language_for(self, channel_id: str = "", incident_id: int | None = None) -> str:
        """The language of the crisis in `channel_id` (or with `incident_id`), else the workspace default."""
        incident = self._incident(channel_id, incident_id)
        return incident.language if incident is not None else self.context.settings.crisis_language

    def _incident(self, channel_id: str = "", incident_id: int | None = None) -> Incident | None:
        """The crisis with `incident_id`, else the one in `channel_id` (None for neither)."""
        if not channel_id and incident_id is None:
            return None
        with session_scope(self.context.engine) as session:
            if incident_id is not None:
                return session.get(Incident, incident_id)
            opened = Incident.status != IncidentStatus.OPENING
            return session.exec(select(Incident).where(Incident.channel_id == channel_id, opened)).first()

    def tell(self, channel_id: str, user_id: str, text: str, language: str) -> None:
        """A note only `user_id` sees: ephemeral in the channel, a DM without one. Never raises."""
        notice = render_message("notice.json.j2", language, text=text)
        try:
            if channel_id and channel_id != user_id:
                self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
            else:
                self.context.gateway.send_dm(user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)

    def run(
        self,
        body: dict,
        work: Callable[[], object],
        *,
        reply: Callable[[str], object] | None = None,
        incident_id: int | None = None,
        opens_modal: bool = False,
    ) -> None:
        """Queue a listener's work after its ack, on the work pool: a replay is dropped, a failure is
        explained to the person who caused it (through `reply`, else privately where they are) in the
        crisis's language, and a locked database means "later", not "lost". Work that `opens_modal`
        runs in this process even where workers do the rest (its trigger id expires in 3 seconds)."""
        queued = bool(body.get(QUEUED_FOR_WORKERS))
        if queued and not opens_modal:
            return  # a worker process dispatches the request again and runs this work there
        job = _Job(self, body, work, reply, incident_id)
        # Slack's trigger id lasts 3 seconds: a modal is opened here, not behind the workers' queue
        job.from_queue = queued
        if body.get(CLAIMED_BY_WORKER):
            job.claimed = True
        elif self.context.queue_work and not job.from_queue:
            # a valid modal submission, or a resumed request: handed to the workers after the ack
            self.context.work.submit(job.hand_over)
            return
        if not opens_modal:
            # what one channel's requests post there appears in the order they came; a modal's
            # submission comes from no channel, and joins the lane of its crisis's channel
            job.lane = where(body)[0] or self._channel_of(incident_id)
        self.context.work.enter_lane(job.lane, job.attempt)

    def _channel_of(self, incident_id: int | None) -> str:
        """The channel of the crisis with `incident_id` ('' when none or unknown, or the database fails:
        the work then runs without a lane, as it would have before)."""
        try:
            incident = self._incident(incident_id=incident_id)
        except Exception as error:  # the work itself meets the database next, and is retried there
            log.warning("no lane for the crisis #%s: %s", incident_id, error)
            return ""
        return (incident.channel_id or "") if incident is not None else ""


def _passing(error: Exception) -> bool:
    """True for a failure that passes by itself: the database locked or stalled, Slack rate-limiting or
    answering 5xx after slack-sdk's own retries. The work is tried again later instead of failing."""
    if is_busy(error):
        return True
    return isinstance(error, SlackCallFailed) and (error.error == "ratelimited" or error.server_side)


def _retry_delay(error: Exception, tries: int) -> float:
    """Seconds before passing work is tried again: Slack's Retry-After for a 429, else the back-off."""
    if isinstance(error, SlackCallFailed) and error.error == "ratelimited":
        return max(1.0, error.retry_after or 1.0)
    return float(BUSY_RETRY_SECONDS[min(tries, len(BUSY_RETRY_SECONDS)) - 1])


class _Job:
    """One request's work on the work pool: its inbox claim, and retries while the database is busy."""

    def __init__(
        self,
        listener: Listener,
        body: dict,
        work: Callable[[], object],
        reply: Callable[[str], object] | None,
        incident_id: int | None,
    ) -> None:
        self.listener = listener
        self.context = listener.context
        self.body = body
        self.key = request_key(body)
        self.work = work
        self.reply = reply
        self.incident_id = incident_id
        self.claimed = False
        #: queued for the workers before the ack, and taken back to be done here
        self.from_queue = False
        self.tries = 0
        self.owner = inbox.this_process()
        self.created = self.context.clock.now()
        #: monotonic time of its first try (set then: time waited in its channel's lane does not count)
        self.started = 0.0
        #: the channel whose requests run one at a time, in order ('' for none)
        self.lane = ""

    @cached_property
    def text(self) -> str:
        """The payload the inbox keeps for this request (made once, however often it is tried)."""
        return kept_text(self.body)

    def hand_over(self) -> None:
        """Queue the request for the worker processes with this payload; do it here when it is not in
        the inbox yet (still in the spool) or the database does not answer at once."""
        if not inbox.queue(self.context.quick_engine, self.key, self.text):
            self.attempt()

    def attempt(self) -> None:
        """Claim (once), run, and finish the request, for the workspace it came from; on a busy
        database, try again later. Its channel's next request waits until this try is over."""
        waiting = False
        try:
            workspace = workspace_of(self.body)
            with self.context.serving(workspace.team_id, workspace.enterprise_id):
                waiting = self._attempt()
        finally:
            if not waiting:  # a retry keeps the lane: that try leaves it
                self.context.work.leave_lane(self.lane)

    def _again(self) -> None:
        # still first in its channel's line: the requests after it must not overtake it (a later
        # hand-over undone by an earlier one tried again after it)
        self.context.work.submit(self.attempt)

    def _attempt(self) -> bool:
        """One try; True when another is scheduled (the job still holds its lane)."""
        self.tries += 1
        if self.tries == 1:
            self.started = time.monotonic()
        made: list[str] = []
        try:
            now = self.context.clock.now()
            if not self.claimed:
                claim = inbox.take_back if self.from_queue else inbox.claim
                if not claim(self.context.engine, self.key, now, self.owner, body=self.text):
                    return False
                self.claimed = True
            elif (self.tries > 1 or now - self.created > inbox.LEASE / 2) and not inbox.renew(
                self.context.engine, self.key, now, self.owner
            ):
                # tried again, or waited in the pool, so long that another process took it over
                return False
            with progress.tracking() as made:
                self.work()
        except Exception as error:
            # from the start again only while nothing was changed: a second run must not repeat a write
            if _passing(error) and not made and time.monotonic() - self.started < RETRY_FOR_SECONDS:
                delay = _retry_delay(error, self.tries)
                log.warning("%s for %s; trying again in %s s", error, self.key, delay)
                # keeps its place in its channel's line while it waits (given up after RETRY_FOR_SECONDS)
                now_instead = self.context.work.later(delay, self._again)
                if isinstance(error, SlackCallFailed) and error.server_side:
                    try:
                        self.context.workspaces.health.when_answering(now_instead)
                    except Exception:
                        log.exception("could not wait for Slack to answer; %s waits its back-off", self.key)
                return True
            self._explain(error)
        self._finish()
        return False

    def _finish(self) -> None:
        if not self.claimed:
            return
        for _ in range(3):
            try:
                inbox.finish(self.context.engine, self.key, owner=self.owner)
                return
            except Exception as error:
                if not is_busy(error):
                    raise
        log.error("could not mark %s done; it may be resumed once more after its lease", self.key)

    def _explain(self, error: Exception) -> None:
        channel_id, user_id = where(self.body)
        language = self.listener.language_for(channel_id, self.incident_id)
        text = explain(error, language)
        if self.reply is None:
            self.listener.tell(channel_id, user_id, text, language)
            return
        try:
            self.reply(text)
        except Exception:
            log.exception("could not reply to %s: %s", user_id, text)
