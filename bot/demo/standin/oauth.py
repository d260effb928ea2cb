"""Slack's side of OAuth v2 in the stand-in: the authorize step and `oauth.v2.access`.

https://docs.slack.dev/authentication/installing-with-oauth : the app sends the installer to
`/oauth/v2/authorize?client_id&scope&state[&redirect_uri]`; after they approve, Slack redirects to the
app's redirect URL with `code` and the same `state`; the app exchanges the code with `oauth.v2.access`
(client id and secret, HTTP Basic or form fields) for a bot token. A code works once, for 10 minutes.
The redirect URL must be one the app registered (`oauth_config.redirect_urls`), and one given at
authorize must be given again, identical, at the exchange.

What the person does on Slack's consent screen (which workspace, who they are, and for an Enterprise
Grid org whether to install org-wide) is chosen with the stand-in's own query parameters
`team`, `user` and `org_wide`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

from bot.demo.standin.state import APP_ID, BOT_USER_ID, ApiError, Grant, StandinState

CODE_TTL_SECONDS = 600


@dataclass
class PendingCode:
    """A code handed to the app's redirect URL, not yet exchanged."""

    grant: Grant
    installer: str
    scopes: str
    redirect_uri: str | None
    issued_at: float
    used: bool = False


class OAuthEndpoint:
    """Registered OAuth apps (client id → secret, redirect URLs) and the codes issued for them."""

    def __init__(self, state: StandinState) -> None:
        self.state = state
        self.clients: dict[str, str] = {}
        self.redirect_urls: list[str] = []
        self.codes: dict[str, PendingCode] = {}

    def register(self, client_id: str, client_secret: str, redirect_url: str | None = None) -> None:
        """Register the app's credentials and (like the manifest's `redirect_urls`) a redirect URL."""
        with self.state.lock:
            self.clients[client_id] = client_secret
            if redirect_url and redirect_url not in self.redirect_urls:
                self.redirect_urls.append(redirect_url)

    def authorize(self, query: str) -> tuple[int, dict[str, str], str]:
        """GET /oauth/v2/authorize: the installer approved; (status, headers, body) of Slack's answer,
        a 302 to the redirect URL with `code` and `state`, or a 400 naming what is wrong."""
        params = {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}
        with self.state.lock:
            if params.get("client_id") not in self.clients:
                return 400, {}, "invalid_client_id"
            given = params.get("redirect_uri") or None
            if given is not None and given not in self.redirect_urls:
                return 400, {}, "bad_redirect_uri"
            target = given or (self.redirect_urls[0] if self.redirect_urls else None)
            if target is None:
                return 400, {}, "no_redirect_uri"
            if not params.get("scope"):
                return 400, {}, "invalid_scope"
            try:
                grant, installer = self._consent(params)
            except ApiError as error:
                return 400, {}, error.error
            code = f"{int(self.state.now())}.{secrets.token_hex(12)}"
            self.codes[code] = PendingCode(grant, installer, params["scope"], given, self.state.now())
        answer = {"code": code, "state": params.get("state", "")}
        separator = "&" if "?" in target else "?"
        return 302, {"Location": f"{target}{separator}{urlencode(answer)}"}, ""

    def _consent(self, params: dict[str, str]) -> tuple[Grant, str]:
        team = self.state.teams.get(params.get("team", ""))
        if team is None:
            raise ApiError("team_not_found")
        installer = self.state.users.get(params.get("user", ""))
        if installer is None or installer.team_id != team.id:
            raise ApiError("user_not_found")
        if params.get("org_wide") in ("1", "true"):
            if team.enterprise_id is None:
                raise ApiError("not_an_enterprise")
            return Grant(None, team.enterprise_id), installer.id
        return Grant(team.id, team.enterprise_id), installer.id

    def access(self, params: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access: exchange a code for a bot token (https://docs.slack.dev/reference/methods/oauth.v2.access)."""
        client_id = str(params.get("client_id") or "")
        if client_id not in self.clients:
            raise ApiError("invalid_client_id")
        if str(params.get("client_secret") or "") != self.clients[client_id]:
            raise ApiError("bad_client_secret")
        pending = self.codes.get(str(params.get("code") or ""))
        if pending is None or self.state.now() - pending.issued_at > CODE_TTL_SECONDS:
            raise ApiError("invalid_code")
        if pending.used:
            raise ApiError("invalid_code")
        if (params.get("redirect_uri") or None) != pending.redirect_uri:
            raise ApiError("bad_redirect_uri")
        pending.used = True
        grant = pending.grant
        token = f"xoxb-{grant.team_id or grant.enterprise_id}-{secrets.token_hex(10)}"
        granted = frozenset(scope.strip() for scope in pending.scopes.split(",") if scope.strip())
        grant = replace(grant, scopes=granted)
        self.state.grants[token] = grant
        enterprise = self.state.orgs.get(grant.enterprise_id or "")
        team = self.state.teams.get(grant.team_id or "")
        return {
            "app_id": APP_ID,
            "authed_user": {"id": pending.installer},
            "scope": pending.scopes,
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER_ID,
            "team": {"id": team.id, "name": team.name} if team is not None else None,
            "enterprise": {"id": enterprise.id, "name": enterprise.name} if enterprise is not None else None,
            "is_enterprise_install": grant.org_wide,
        }

    def revoke_installation(self, team_id: str | None, enterprise_id: str | None = None) -> list[str]:
        """The workspace (or, with `team_id` None, the org-wide install) uninstalled the app: every token
        of that grant stops working (`token_revoked`). Returns the revoked tokens."""
        with self.state.lock:
            revoked = [
                token
                for token, grant in self.state.grants.items()
                if grant.team_id == team_id and (team_id is not None or grant.enterprise_id == enterprise_id)
            ]
            for token in revoked:
                del self.state.grants[token]
                self.state.revoked.add(token)
            return revoked
