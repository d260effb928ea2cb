"""The stand-in's OAuth v2 and workspaces are as strict as Slack where crisisbot relies on them.

https://docs.slack.dev/authentication/installing-with-oauth : a code is exchanged once; the redirect
URL must be registered, and one sent at authorize must be sent again at the exchange.
https://docs.slack.dev/reference/methods/oauth.v2.access : `invalid_client_id`, `bad_client_secret`,
`invalid_code`, `bad_redirect_uri`.
https://docs.slack.dev/reference/methods/conversations.create : `team_id` is required with an org token.
https://docs.slack.dev/reference/methods/auth.test : who a token is; a revoked one is `token_revoked`.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.config import DEFAULT_BOT_SCOPES
from bot.demo.standin import SlackStandin

CLIENT_ID, SECRET = "1111.2222", "s3cret"
REDIRECT = "https://app.example/slack/oauth_redirect"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def slack() -> Iterator[SlackStandin]:
    with SlackStandin() as standin:
        standin.add_workspace("T0002", "Beta", "beta")
        standin.add_org("E0001", "Gamma", "gamma")
        standin.add_workspace("T0GRID", "Gamma Support", "gamma-support", enterprise_id="E0001")
        standin.add_user("U0BETA", "beta", team_id="T0002")
        standin.add_user("W0GAMMA", "gamma", team_id="T0GRID")
        standin.oauth.register(CLIENT_ID, SECRET, REDIRECT)
        yield standin


def authorize(standin: SlackStandin, **params: str) -> tuple[int, str]:
    """GET Slack's authorize URL; (status, Location or body)."""
    query = {"client_id": CLIENT_ID, "scope": ",".join(DEFAULT_BOT_SCOPES), "state": "st4te", **params}
    url = f"{standin.root_url}/oauth/v2/authorize?{urlencode(query)}"
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location") or error.read().decode()


def code_from(location: str) -> str:
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["st4te"]
    return query["code"][0]


def exchange(standin: SlackStandin, code: str, secret: str = SECRET, **extra: str) -> dict:
    return (
        WebClient(base_url=standin.url)
        .oauth_v2_access(client_id=CLIENT_ID, client_secret=secret, code=code, **extra)
        .data
    )  # type: ignore[return-value]


def test_a_code_is_exchanged_once_for_a_token_of_that_workspace(slack: SlackStandin) -> None:
    status, location = authorize(slack, team="T0002", user="U0BETA")
    assert status == 302 and location.startswith(REDIRECT + "?")
    answer = exchange(slack, code_from(location))
    assert answer["team"] == {"id": "T0002", "name": "Beta"} and answer["enterprise"] is None
    assert answer["authed_user"] == {"id": "U0BETA"} and answer["token_type"] == "bot"
    assert WebClient(token=answer["access_token"], base_url=slack.url).auth_test()["team_id"] == "T0002"
    with pytest.raises(SlackApiError) as again:
        exchange(slack, code_from(location))
    assert again.value.response["error"] == "invalid_code"


def test_the_exchange_checks_the_client_and_the_redirect_url(slack: SlackStandin) -> None:
    _, location = authorize(slack, team="T0002", user="U0BETA", redirect_uri=REDIRECT)
    with pytest.raises(SlackApiError) as wrong_secret:
        exchange(slack, code_from(location), secret="nope")
    assert wrong_secret.value.response["error"] == "bad_client_secret"
    with pytest.raises(SlackApiError) as no_redirect:
        exchange(slack, code_from(location))  # given at authorize, so required again
    assert no_redirect.value.response["error"] == "bad_redirect_uri"
    assert exchange(slack, code_from(location), redirect_uri=REDIRECT)["ok"] is True
    assert authorize(slack, team="T0002", user="U0BETA", redirect_uri="https://evil.example/cb")[0] == 400
    assert authorize(slack, team="T0002", user="U0BETA", client_id="9.9")[0] == 400
    assert authorize(slack, team="T0002", user="W0GAMMA")[0] == 400  # not a member of that workspace


def test_a_token_sees_only_its_workspace(slack: SlackStandin) -> None:
    _, location = authorize(slack, team="T0002", user="U0BETA")
    beta = WebClient(token=exchange(slack, code_from(location))["access_token"], base_url=slack.url)
    default = slack.add_channel("general", members=["U0OPENER", "U0BOT"])
    with pytest.raises(SlackApiError) as hidden:
        beta.chat_postMessage(channel=default.id, text="hi")
    assert hidden.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as stranger:
        beta.users_info(user="U0OPENER")
    assert stranger.value.response["error"] == "user_not_found"
    created = beta.conversations_create(name="general")["channel"]  # names are per workspace
    assert created["context_team_id"] == "T0002"
    assert [m["id"] for m in beta.users_list()["members"] if not m["is_bot"]] == ["U0BETA"]


def test_an_org_wide_token_names_the_workspace_of_a_new_channel(slack: SlackStandin) -> None:
    _, location = authorize(slack, team="T0GRID", user="W0GAMMA", org_wide="1")
    answer = exchange(slack, code_from(location))
    assert answer["is_enterprise_install"] is True and answer["team"] is None
    assert answer["enterprise"] == {"id": "E0001", "name": "Gamma"}
    org = WebClient(token=answer["access_token"], base_url=slack.url)
    assert org.auth_test()["is_enterprise_install"] is True
    with pytest.raises(SlackApiError) as missing:
        org.conversations_create(name="crisis-x")
    assert missing.value.response["error"] == "missing_argument"
    with pytest.raises(SlackApiError) as outside:
        org.conversations_create(name="crisis-x", team_id="T0002")  # not a workspace of this org
    assert outside.value.response["error"] == "team_not_found"
    assert (
        org.conversations_create(name="crisis-x", team_id="T0GRID")["channel"]["context_team_id"] == "T0GRID"
    )
    # a workspace outside the org cannot be installed org-wide
    assert authorize(slack, team="T0002", user="U0BETA", org_wide="1")[0] == 400


def test_a_revoked_token_is_refused(slack: SlackStandin) -> None:
    _, location = authorize(slack, team="T0002", user="U0BETA")
    token = exchange(slack, code_from(location))["access_token"]
    assert slack.uninstall("T0002") == [token]
    with pytest.raises(SlackApiError) as revoked:
        WebClient(token=token, base_url=slack.url).auth_test()
    assert revoked.value.response["error"] == "token_revoked"
