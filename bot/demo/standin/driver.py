"""Plays Slack's side toward the app: signed slash commands, interactivity and events over real HTTP."""

from __future__ import annotations

import copy
import itertools
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.demo.standin.server import SlackStandin
from bot.demo.standin.state import APP_ID, BOT_USER_ID, TEAM_ID

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
VERIFICATION_TOKEN = "verification-token-standin"
ACK_DEADLINE_SECONDS = 3.0
_MISSING = object()

TEXT_INPUTS = {"plain_text_input", "url_text_input", "email_text_input", "number_input"}
SINGLE_OPTION = {"static_select", "radio_buttons", "external_select", "overflow"}
MULTI_OPTION = {"multi_static_select", "checkboxes", "multi_external_select"}
SIMPLE_SELECTS = {
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "channels_select": ("selected_channel", "initial_channel"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "datetimepicker": ("selected_date_time", "initial_date_time"),
}
STATEFUL = TEXT_INPUTS | SINGLE_OPTION | MULTI_OPTION | set(SIMPLE_SELECTS) | {"rich_text_input"}
STATEFUL.discard("overflow")


SPECIAL_MENTIONS = ("here", "channel", "everyone")
_TYPED_TOKEN = re.compile(r"(?P<url>https?://[^\s<>]+)|(?<![\w@#])[@#][a-z0-9][a-z0-9._-]*(?<![.])")


def _escape_entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: Event ids, unique across drivers (two workspaces) as Slack's are.
_EVENT_IDS = itertools.count(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _get(url: str, headers: Mapping[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """GET `url` as a browser would, without following redirects: (status, headers, body)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with opener.open(request, timeout=10) as response:
            status, answer, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, body = error.code, error.headers, error.read()
    # header names as a browser reads them, whatever case the server sent (gunicorn passes Bolt's
    # lower-case names through; waitress capitalises them)
    return status, {name.title(): value for name, value in answer.items()}, body.decode("utf-8", "replace")


class DriverError(AssertionError):
    """The test asked for something Slack's client would never send (unknown button, invalid option…)."""


@dataclass
class SentRequest:
    """A request the driver sent, kept for `replay`."""

    path: str
    body: str
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    payload: dict[str, Any] | None = None


@dataclass
class DriverResponse:
    """The app's HTTP answer; unpacks as `(status, headers, body)`."""

    status: int
    headers: dict[str, str]
    body: str
    elapsed: float = 0.0
    request: SentRequest | None = None
    view_error: list[str] | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.status, self.headers, self.body))

    def json(self) -> dict[str, Any] | None:
        """The body parsed as JSON, or None when empty / not JSON."""
        try:
            value = json.loads(self.body) if self.body.strip() else None
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    @property
    def too_slow(self) -> bool:
        """True when the app took longer than Slack's 3-second acknowledgement deadline."""
        return self.elapsed > ACK_DEADLINE_SECONDS


class SlackDriver:
    """Sends signed Slack requests to the app's `POST /slack/events`, built from what the stand-in saw."""

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        standin: SlackStandin,
        team_id: str = TEAM_ID,
        api_app_id: str = APP_ID,
        events_path: str = "/slack/events",
        timeout: float = 10.0,
        org_wide: bool = False,
    ) -> None:
        self.app_url = app_url.rstrip("/")
        self.signing_secret = signing_secret
        self.standin = standin
        self.team_id = team_id
        #: The workspace's Enterprise Grid org, if any; `org_wide` when the app is installed org-wide.
        self.enterprise_id = standin.state.teams[team_id].enterprise_id
        self.org_wide = org_wide
        self.api_app_id = api_app_id
        self.events_path = events_path
        self.timeout = timeout
        self.last: SentRequest | None = None
        self._event_counter = 0

    # ---- low level -------------------------------------------------------------------------------

    def signed_post(
        self,
        path: str,
        body: str,
        content_type: str,
        timestamp: int | str | None = None,
        secret: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> DriverResponse:
        """POST `body` to the app with Slack's signature headers; never raises on HTTP errors."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        verifier = SignatureVerifier(secret if secret is not None else self.signing_secret)
        signature = verifier.generate_signature(timestamp=stamp, body=body) or ""
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **(headers or {}),
        }
        request = urllib.request.Request(
            self.app_url + path, data=body.encode("utf-8"), method="POST", headers=all_headers
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, reply_headers, text = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, reply_headers, text = error.code, dict(error.headers), error.read()
        elapsed = time.monotonic() - started
        return DriverResponse(status, reply_headers, text.decode("utf-8", "replace"), elapsed)

    def _send(
        self,
        body: str,
        content_type: str,
        payload: dict[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> DriverResponse:
        sent = SentRequest(self.events_path, body, content_type, dict(headers or {}), payload)
        self.last = sent
        response = self.signed_post(sent.path, body, content_type, headers=headers)
        response.request = sent
        return response

    def _send_interactive(self, payload: dict[str, Any]) -> DriverResponse:
        return self._send(urlencode({"payload": json.dumps(payload)}), FORM, payload)

    def replay(self, request: SentRequest | None = None) -> DriverResponse:
        """Send the exact same body again (fresh signature), e.g. a double click or a Slack retry."""
        sent = request or self.last
        if sent is None:
            raise DriverError("nothing to replay")
        response = self.signed_post(sent.path, sent.body, sent.content_type, headers=sent.headers)
        response.request = sent
        return response

    # ---- installing the app (OAuth v2) ------------------------------------------------------------

    def install(self, user_id: str, org_wide: bool = False) -> DriverResponse:
        """Install the app the way a person does, over real HTTP: open the app's `/slack/install`, follow
        its redirect to Slack's authorize page (the stand-in's), approve there as `user_id` of this
        driver's workspace (for its whole Grid org when `org_wide`), and follow Slack's redirect back to
        the app's redirect URL with the code and state, carrying the app's state cookie as a browser does.
        Returns the app's answer to that last request."""
        started = time.monotonic()
        status, headers, _ = _get(self.app_url + "/slack/install")
        if status != 302:
            raise DriverError(f"/slack/install answered {status}, not a redirect to Slack")
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        consent = {"team": self.team_id, "user": user_id, **({"org_wide": "1"} if org_wide else {})}
        status, headers, body = _get(headers["Location"] + "&" + urlencode(consent))
        if status != 302:
            raise DriverError(f"Slack's authorize step refused: {status} {body}")
        status, headers, body = _get(headers["Location"], {"Cookie": cookie} if cookie else {})
        return DriverResponse(status, headers, body, time.monotonic() - started)

    # ---- shared payload parts --------------------------------------------------------------------

    def _user(self, user_id: str) -> dict[str, Any]:
        with self.standin.state.lock:
            user = self.standin.state.users.get(user_id)
            if user is None:
                raise DriverError(f"unknown user {user_id}")
            return {"id": user.id, "username": user.name, "name": user.name, "team_id": self.team_id}

    def _team(self) -> dict[str, Any]:
        team: dict[str, Any] = {"id": self.team_id, "domain": self.standin.state.teams[self.team_id].domain}
        if self.enterprise_id:
            team["enterprise_id"] = self.enterprise_id
        return team

    def _enterprise(self) -> dict[str, Any]:
        """The org part of an interaction payload (`enterprise`, `is_enterprise_install`)."""
        org = self.standin.state.orgs.get(self.enterprise_id or "")
        return {
            "enterprise": {"id": org.id, "name": org.name} if org is not None else None,
            "is_enterprise_install": self.org_wide,
        }

    def _enterprise_form(self) -> dict[str, str]:
        """The org fields of a slash command's form body."""
        org = self.standin.state.orgs.get(self.enterprise_id or "")
        fields = {"is_enterprise_install": "true" if self.org_wide else "false"}
        if org is not None:
            fields.update(enterprise_id=org.id, enterprise_name=org.name)
        return fields

    def _channel_for(self, channel_id: str, user_id: str) -> dict[str, str]:
        with self.standin.state.lock:
            channel = self.standin.state.channels.get(channel_id)
            if channel is None:
                raise DriverError(f"unknown channel {channel_id}")
            if user_id not in channel.members:
                raise DriverError(f"{user_id} is not in {channel_id}; Slack would not let them act there")
            return {"id": channel.id, "name": "directmessage" if channel.is_im else channel.name}

    def _action_ts(self) -> str:
        return f"{self.standin.now():.6f}"

    # ---- slash commands, shortcuts, events -------------------------------------------------------

    def slash_command(
        self, command: str, text: str, user_id: str, channel_id: str, channel_name: str | None = None
    ) -> DriverResponse:
        """Send a slash command the way Slack does (form body, fresh trigger_id and response_url).

        `text` is what the person typed (`@name`, `#channel`, a link, `&`, `<`, `>` as such); it is sent
        escaped the way Slack escapes a command declared with `should_escape` (`escape_command_text`).
        """
        channel = self._channel_for(channel_id, user_id)
        user = self._user(user_id)
        form = {
            "token": VERIFICATION_TOKEN,
            "team_id": self.team_id,
            "team_domain": self.standin.state.teams[self.team_id].domain,
            "channel_id": channel_id,
            "channel_name": channel_name or channel["name"],
            "user_id": user_id,
            "user_name": user["name"],
            "command": command,
            "text": self.escape_command_text(text),
            "api_app_id": self.api_app_id,
            **self._enterprise_form(),
            "response_url": self.standin.issue_response_url(channel_id, user_id),
            "trigger_id": self.standin.issue_trigger(user_id),
        }
        return self._send(urlencode(form), FORM, form)

    def escape_command_text(self, typed: str) -> str:
        """Typed command text as Slack sends it when the command has `should_escape` on.

        `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`; `@name` of a member becomes `<@U…>`; `#name` of a
        channel `<#C…|name>` (a private one `<#C…|>`); `@here`, `@channel`, `@everyone` become `<!here>`…;
        a web address `<https://…>`. Names that match nobody stay plain text, as in Slack.
        https://docs.slack.dev/interactivity/implementing-slash-commands (escaping) and
        https://docs.slack.dev/messaging/formatting-message-text (the control characters).
        """
        with self.standin.state.lock:
            # names as the person's own workspace knows them
            users = {u.name: u.id for u in self.standin.state.users.values() if u.team_id == self.team_id}
            channels = {
                c.name: (c.id, c.is_private)
                for c in self.standin.state.channels.values()
                if not c.is_im and c.team_id == self.team_id
            }

        def escaped(match: re.Match[str]) -> str:
            token = match.group(0)
            if match.group("url"):
                return f"<{_escape_entities(token)}>"
            sigil, name = token[0], token[1:]
            if sigil == "@" and name in SPECIAL_MENTIONS:
                return f"<!{name}>"
            if sigil == "@" and name in users:
                return f"<@{users[name]}>"
            if sigil == "#" and name in channels:
                channel_id, is_private = channels[name]
                return f"<#{channel_id}|{'' if is_private else name}>"
            return _escape_entities(token)

        parts: list[str] = []
        position = 0
        for match in _TYPED_TOKEN.finditer(typed):
            parts.append(_escape_entities(typed[position : match.start()]))
            parts.append(escaped(match))
            position = match.end()
        parts.append(_escape_entities(typed[position:]))
        return "".join(parts)

    def message_shortcut(
        self, callback_id: str, message: dict[str, Any], channel_id: str, user_id: str
    ) -> DriverResponse:
        """Send a message shortcut (`message_action`) on a message that really exists in the stand-in."""
        stored = self._stored_message(message, channel_id)
        payload = {
            "type": "message_action",
            "token": VERIFICATION_TOKEN,
            "action_ts": self._action_ts(),
            "team": self._team(),
            "user": self._user(user_id),
            "channel": self._channel_for(channel_id, user_id),
            **self._enterprise(),
            "callback_id": callback_id,
            "trigger_id": self.standin.issue_trigger(user_id),
            "response_url": self.standin.issue_response_url(channel_id, user_id, stored["ts"]),
            "message_ts": stored["ts"],
            "message": stored,
        }
        return self._send_interactive(payload)

    def event(
        self,
        event_dict: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> DriverResponse:
        """Send an Events API `event_callback` envelope (with retry headers when retry_num is given)."""
        # Slack's event ids are unique across workspaces and apps, so they are counted for every driver
        self._event_counter = next(_EVENT_IDS)
        now = self.standin.now()
        event = {"event_ts": f"{now:.6f}", **event_dict}
        envelope = {
            "token": VERIFICATION_TOKEN,
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{self._event_counter:08d}",
            "event_time": int(now),
            "enterprise_id": self.enterprise_id,
            "authorizations": [
                {
                    "enterprise_id": self.enterprise_id,
                    # an org-wide installation is authorised for the org, not one workspace
                    "team_id": None if self.org_wide else self.team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": self.org_wide,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-standin-{self._event_counter}",
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self._send(json.dumps(envelope), JSON, envelope, headers)

    # ---- views -----------------------------------------------------------------------------------

    def _stored_view(self, view: dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(view, dict) and "view" in view and "action" in view:
            view = view["view"]
        view_id = view if isinstance(view, str) else view.get("id")
        try:
            return self.standin.view(str(view_id))
        except KeyError as exc:
            raise DriverError(f"the app never opened view {view_id}") from exc

    def submit_view(
        self, view: dict[str, Any] | str, values: Mapping[str, Any], user_id: str
    ) -> DriverResponse:
        """Submit a modal the app opened; `values` maps action_id (or block_id) → human value."""
        stored = self._stored_view(view)
        if stored["type"] != "modal":
            raise DriverError("only modals can be submitted")
        if not stored.get("submit"):
            raise DriverError("this modal has no submit button")
        stored["state"] = {"values": build_state_values(stored["blocks"], values, self.standin, submit=True)}
        payload = {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self.standin.issue_trigger(user_id),
            "view": stored,
            "response_urls": [],
            **self._enterprise(),
        }
        response = self._send_interactive(payload)
        response.view_error = self.standin.apply_view_response(stored["id"], user_id, response.json())
        return response

    def close_view(self, view: dict[str, Any] | str, user_id: str) -> DriverResponse:
        """Close a modal (`view_closed`; Slack only sends it when notify_on_close is true)."""
        stored = self._stored_view(view)
        if not stored.get("notify_on_close"):
            raise DriverError("Slack sends view_closed only when notify_on_close is true")
        payload = {
            "type": "view_closed",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": VERIFICATION_TOKEN,
            "view": stored,
            "is_cleared": False,
            **self._enterprise(),
        }
        return self._send_interactive(payload)

    # ---- block actions ---------------------------------------------------------------------------

    def _stored_message(self, message: dict[str, Any], channel_id: str | None) -> dict[str, Any]:
        ts = message.get("ts") if isinstance(message, dict) else None
        found = self.standin.find_message(str(ts)) if ts else None
        if found is None or (channel_id is not None and found[0] != channel_id):
            raise DriverError(f"no message {ts} in the stand-in (channel {channel_id})")
        return found[1]

    def click(
        self,
        message_or_view: dict[str, Any] | str,
        action_id: str,
        user_id: str,
        channel_id: str | None = None,
        value: Any = None,
        option_value: str | None = None,
        block_id: str | None = None,
    ) -> DriverResponse:
        """Click/choose `action_id` in a message, ephemeral message or view the app really produced.

        `block_id` picks the block when several blocks reuse the same action_id (Slack only requires
        action_ids to be unique within a block).
        """
        target = message_or_view
        if isinstance(target, str) or (isinstance(target, dict) and ("view" in target or "hash" in target)):
            return self._click_view(target, action_id, user_id, value, option_value, block_id)
        if isinstance(target, dict) and target.get("is_ephemeral"):
            return self._click_ephemeral(target, action_id, user_id, value, option_value, block_id)
        return self._click_message(target, action_id, user_id, channel_id, value, option_value, block_id)

    def _click_message(
        self,
        message: dict[str, Any],
        action_id: str,
        user_id: str,
        channel_id: str | None,
        value: Any,
        option_value: str | None,
        block_id: str | None = None,
    ) -> DriverResponse:
        found = self.standin.find_message(str(message.get("ts")))
        if found is None or (channel_id is not None and found[0] != channel_id):
            raise DriverError(f"no message {message.get('ts')} in the stand-in")
        channel_id, stored = found
        blocks = stored.get("blocks") or []
        action, state = _action_and_state(
            blocks, action_id, value, option_value, self._action_ts(), block_id=block_id
        )
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": stored["ts"],
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        if stored.get("thread_ts"):
            container["thread_ts"] = stored["thread_ts"]
        payload = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": VERIFICATION_TOKEN,
            "container": container,
            "trigger_id": self.standin.issue_trigger(user_id),
            "team": self._team(),
            **self._enterprise(),
            "channel": self._channel_for(channel_id, user_id),
            "message": stored,
            "state": {"values": state},
            "response_url": self.standin.issue_response_url(channel_id, user_id, stored["ts"]),
            "actions": [action],
        }
        return self._send_interactive(payload)

    def _click_ephemeral(
        self,
        ephemeral: dict[str, Any],
        action_id: str,
        user_id: str,
        value: Any,
        option_value: str | None,
        block_id: str | None = None,
    ) -> DriverResponse:
        known = [
            e
            for e in self.standin.ephemerals(ephemeral.get("channel"), user_id)
            if e["message_ts"] == ephemeral.get("message_ts")
        ]
        if not known:
            raise DriverError(f"{user_id} never saw ephemeral {ephemeral.get('message_ts')}")
        stored = known[-1]
        action, state = _action_and_state(
            stored.get("blocks") or [], action_id, value, option_value, self._action_ts(), block_id=block_id
        )
        channel_id = stored["channel"]
        payload = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": VERIFICATION_TOKEN,
            "container": {
                "type": "message",
                "message_ts": stored["message_ts"],
                "channel_id": channel_id,
                "is_ephemeral": True,
            },
            "trigger_id": self.standin.issue_trigger(user_id),
            "team": self._team(),
            **self._enterprise(),
            "channel": self._channel_for(channel_id, user_id),
            "state": {"values": state},
            "response_url": self.standin.issue_response_url(channel_id, user_id, stored["message_ts"]),
            "actions": [action],
        }
        return self._send_interactive(payload)

    def _click_view(
        self,
        view: dict[str, Any] | str,
        action_id: str,
        user_id: str,
        value: Any,
        option_value: str | None,
        block_id: str | None = None,
    ) -> DriverResponse:
        stored = self._stored_view(view)
        action, state = _action_and_state(
            stored["blocks"],
            action_id,
            value,
            option_value,
            self._action_ts(),
            in_view=True,
            block_id=block_id,
        )
        stored["state"] = {"values": state}
        payload = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": VERIFICATION_TOKEN,
            "container": {"type": "view", "view_id": stored["id"]},
            "trigger_id": self.standin.issue_trigger(user_id),
            "team": self._team(),
            **self._enterprise(),
            "view": stored,
            "actions": [action],
        }
        return self._send_interactive(payload)


# ---- element / state shapes ----------------------------------------------------------------------


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block.get("type") == "actions":
        return list(block.get("elements") or [])
    if block.get("type") == "input" and isinstance(block.get("element"), dict):
        return [block["element"]]
    if isinstance(block.get("accessory"), dict):
        return [block["accessory"]]
    return []


def _with_emoji(option: dict[str, Any]) -> dict[str, Any]:
    copied = copy.deepcopy(option)
    text = copied.get("text")
    if isinstance(text, dict) and text.get("type") == "plain_text":
        text.setdefault("emoji", True)
    return copied


def _all_options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def find_option(element: dict[str, Any], wanted: Any) -> dict[str, Any]:
    """The option whose value (or visible text) is `wanted`; DriverError if the element doesn't offer it."""
    if isinstance(wanted, dict):
        wanted = wanted.get("value")
    options = _all_options(element)
    for option in options:
        if option.get("value") == wanted:
            return _with_emoji(option)
    for option in options:
        if (option.get("text") or {}).get("text") == wanted:
            return _with_emoji(option)
    if element.get("type") in ("external_select", "multi_external_select"):
        return {"text": {"type": "plain_text", "text": str(wanted), "emoji": True}, "value": str(wanted)}
    offered = [o.get("value") for o in options]
    raise DriverError(f"{element.get('action_id')}: {wanted!r} is not one of the options {offered}")


def _as_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    date.fromisoformat(str(value))
    return str(value)


def _as_time(value: Any) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M")
    text = str(value)
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise DriverError(f"{value!r} is not HH:MM")
    return f"{int(hours):02d}:{int(minutes):02d}"


def _as_epoch(value: Any) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise DriverError("datetimepicker values must be timezone-aware")
        return int(value.timestamp())
    return int(value)


def _simple_value(kind: str, given: Any, standin: SlackStandin | None) -> Any:
    if kind == "datepicker":
        return _as_date(given)
    if kind == "timepicker":
        return _as_time(given)
    if kind == "datetimepicker":
        return _as_epoch(given)
    if kind.startswith("multi_"):
        values = [given] if isinstance(given, str) else list(given)
        for item in values:
            _check_reference(kind, item, standin)
        return values
    _check_reference(kind, given, standin)
    return given


def _check_reference(kind: str, item: Any, standin: SlackStandin | None) -> None:
    if standin is None:
        return
    with standin.state.lock:
        known = standin.state.users if "users" in kind else standin.state.channels
        if item not in known:
            raise DriverError(f"{kind}: {item!r} does not exist in the workspace")


def _text_value(element: dict[str, Any], given: Any) -> str | None:
    if given is None or given == "":
        return None
    text = str(given)
    kind = element.get("type")
    if kind == "plain_text_input":
        if len(text) < int(element.get("min_length") or 0):
            raise DriverError(f"{element.get('action_id')}: shorter than min_length")
        if element.get("max_length") and len(text) > int(element["max_length"]):
            raise DriverError(f"{element.get('action_id')}: longer than max_length")
    elif kind == "email_text_input" and "@" not in text:
        raise DriverError(f"{element.get('action_id')}: {text!r} is not an email address")
    elif kind == "url_text_input" and not text.startswith(("http://", "https://")):
        raise DriverError(f"{element.get('action_id')}: {text!r} is not a URL")
    elif kind == "number_input":
        _check_number(element, text)
    return text


def _check_number(element: dict[str, Any], text: str) -> None:
    try:
        number = float(text)
    except ValueError as exc:
        raise DriverError(f"{element.get('action_id')}: {text!r} is not a number") from exc
    if not element.get("is_decimal_allowed") and not text.lstrip("-").isdigit():
        raise DriverError(f"{element.get('action_id')}: decimals are not allowed")
    low, high = element.get("min_value"), element.get("max_value")
    if (low is not None and number < float(low)) or (high is not None and number > float(high)):
        raise DriverError(f"{element.get('action_id')}: {text} is out of range")


def element_state(
    element: dict[str, Any], given: Any = _MISSING, standin: SlackStandin | None = None
) -> dict[str, Any]:
    """The `state.values[block_id][action_id]` entry Slack sends for an element (given or initial value)."""
    kind = str(element.get("type"))
    state: dict[str, Any] = {"type": kind}
    if kind in TEXT_INPUTS:
        state["value"] = element.get("initial_value") if given is _MISSING else _text_value(element, given)
    elif kind == "rich_text_input":
        state["rich_text_value"] = element.get("initial_value") if given is _MISSING else _rich_text(given)
    elif kind in SINGLE_OPTION:
        state["selected_option"] = (
            (_with_emoji(element["initial_option"]) if element.get("initial_option") else None)
            if given is _MISSING
            else (None if given is None else find_option(element, given))
        )
    elif kind in MULTI_OPTION:
        chosen = (
            (element.get("initial_options") or [])
            if given is _MISSING
            else ([given] if isinstance(given, str) else list(given or []))
        )
        state["selected_options"] = [find_option(element, item) for item in chosen]
    elif kind in SIMPLE_SELECTS:
        key, initial = SIMPLE_SELECTS[kind]
        state[key] = (
            element.get(initial)
            if given is _MISSING
            else (None if given is None else _simple_value(kind, given, standin))
        )
        if kind == "timepicker" and element.get("timezone"):
            state["timezone"] = element["timezone"]
    return state


def _rich_text(given: Any) -> dict[str, Any] | None:
    if given is None or given == "":
        return None
    if isinstance(given, dict):
        return given
    return {
        "type": "rich_text",
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": str(given)}]}],
    }


def _is_empty(state: dict[str, Any]) -> bool:
    payload = [v for k, v in state.items() if k not in ("type", "timezone")]
    return all(v in (None, [], "") for v in payload)


def build_state_values(
    blocks: list[dict[str, Any]],
    values: Mapping[str, Any],
    standin: SlackStandin | None = None,
    submit: bool = False,
) -> dict[str, dict[str, Any]]:
    """Build `view.state.values` from blocks, `values` keyed by action_id or block_id."""
    unused = set(values)
    result: dict[str, dict[str, Any]] = {}
    for block in blocks:
        for element in _elements(block):
            if element.get("type") not in STATEFUL:
                continue
            block_id, action_id = block["block_id"], element["action_id"]
            key = action_id if action_id in values else block_id if block_id in values else None
            given = values[key] if key is not None else _MISSING
            unused.discard(key)
            state = element_state(element, given, standin)
            if submit and block.get("type") == "input" and not block.get("optional") and _is_empty(state):
                raise DriverError(f"input {block_id}/{action_id} is required; Slack would not submit")
            result.setdefault(block_id, {})[action_id] = state
    if unused:
        raise DriverError(f"no input element for {sorted(unused)} in these blocks")
    return result


def _find_element(
    blocks: list[dict[str, Any]], action_id: str, in_view: bool, block_id: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        for element in _elements(block):
            if element.get("action_id") != action_id:
                continue
            if block.get("type") == "input" and not (block.get("dispatch_action") and in_view):
                raise DriverError(f"{action_id} is an input without dispatch_action: no block_actions")
            return block, element
    where = f" in block {block_id!r}" if block_id is not None else ""
    raise DriverError(f"no element with action_id {action_id!r}{where}; the app never sent it")


def _action_and_state(
    blocks: list[dict[str, Any]],
    action_id: str,
    value: Any,
    option_value: str | None,
    action_ts: str,
    in_view: bool = False,
    block_id: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    block, element = _find_element(blocks, action_id, in_view, block_id)
    kind = element.get("type")
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block["block_id"],
        "type": kind,
        "action_ts": action_ts,
    }
    state = build_state_values(blocks, {}, None)
    if kind in ("button", "workflow_button"):
        if value is not None and value != element.get("value"):
            raise DriverError(f"button {action_id} carries value {element.get('value')!r}, not {value!r}")
        action["text"] = copy.deepcopy(element.get("text"))
        for key in ("value", "style", "url"):
            if key in element:
                action[key] = element[key]
        return action, state
    if kind == "checkboxes":
        toggled = find_option(element, option_value if option_value is not None else value)
        current = [_with_emoji(o) for o in element.get("initial_options") or []]
        keep = [o for o in current if o.get("value") != toggled["value"]]
        selected = keep if len(keep) < len(current) else [*current, toggled]
        order = [o.get("value") for o in _all_options(element)]
        action["selected_options"] = sorted(selected, key=lambda o: order.index(o["value"]))
        state[block["block_id"]][action_id] = {"type": kind, "selected_options": action["selected_options"]}
        return action, state
    entry = element_state(element, option_value if option_value is not None else value)
    action.update({k: v for k, v in entry.items() if k != "type"})
    if kind in STATEFUL:
        state.setdefault(block["block_id"], {})[action_id] = entry
    return action, state


class SocketModeDriver(SlackDriver):
    """The same requests as `SlackDriver`, delivered the Socket Mode way: as envelopes over the app's
    WebSocket connection to the stand-in, answered by the app's ack instead of an HTTP response.
    https://docs.slack.dev/apis/events-api/using-socket-mode
    """

    def __init__(self, standin: SlackStandin, team_id: str = TEAM_ID, api_app_id: str = APP_ID) -> None:
        super().__init__("socket-mode://", "", standin, team_id, api_app_id)

    def _send(
        self,
        body: str,
        content_type: str,
        payload: dict[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> DriverResponse:
        sent = SentRequest("socket-mode", body, content_type, dict(headers or {}), payload)
        self.last = sent
        return self._deliver(sent)

    def replay(self, request: SentRequest | None = None) -> DriverResponse:
        """Deliver the same payload again in a new envelope."""
        sent = request or self.last
        if sent is None:
            raise DriverError("nothing to replay")
        return self._deliver(sent)

    def _deliver(self, sent: SentRequest) -> DriverResponse:
        payload = sent.payload or {}
        if payload.get("type") == "event_callback":
            kind, accepts_response = "events_api", False
        elif "command" in payload:
            kind, accepts_response = "slash_commands", True
        else:
            kind = "interactive"
            accepts_response = payload.get("type") in ("view_submission", "block_suggestion")
        started = time.monotonic()
        ack = self.standin.socket_mode.send(kind, payload, accepts_response)
        elapsed = time.monotonic() - started
        body = json.dumps(ack["payload"]) if ack.get("payload") else ""
        response = DriverResponse(200, {}, body, elapsed)
        response.request = sent
        return response
