"""OAuth distribution end to end: the app installed in two workspaces and, org-wide, in an Enterprise
Grid org, over real HTTP against the stand-in (install, redirect, code exchange), then a crisis in each
workspace. Each workspace's Slack work goes out with that workspace's own token; no workspace sees
another's incidents (Slack, Home tab, webhook tokens); uninstalling deletes the tokens and keeps the
incidents' reports.

Slack's rules followed here: https://docs.slack.dev/authentication/installing-with-oauth (the install
flow, single-use codes), https://docs.slack.dev/reference/methods/oauth.v2.access (the exchange),
https://docs.slack.dev/reference/methods/conversations.create (`team_id` required with an org token),
https://docs.slack.dev/reference/events/app_uninstalled and .../tokens_revoked.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.config import DEFAULT_BOT_SCOPES
from bot.core.models import Incident
from bot.demo.standin import SlackStandin
from bot.demo.standin.state import Call, Grant
from bot.reports.service import render_report
from tests.e2e.test_mentions_webhook import good_body, mint, post
from tests.e2e.test_open_crisis import OPEN_VALUES
from tests.support.deadlines import RESPONSE_DUE, fire
from tests.support.running_app import RunningApp, assert_valid_payloads, start_app

#: What an installation granted: the scopes the app asks for (the manifest's).
SCOPES = frozenset(DEFAULT_BOT_SCOPES)

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-client-secret"
A = "T0001"  # the stand-in's default workspace (U0OPENER, U0RESP, U0OTHER)
B = "T0002"
ORG = "E0001"
GRID = "T0GRID"  # a workspace of the Grid org ORG


@pytest.fixture
def distributed(engine: Engine, database_url: str, standin: SlackStandin) -> Iterator[RunningApp]:
    """The app in OAuth mode (no bot token at all) and a stand-in with workspaces A and B and the
    Grid org ORG holding workspace GRID; nothing installed yet."""
    standin.state.tokens.clear()  # the default token is gone: only installations can reach Slack
    standin.add_workspace(B, "Beta Corp", "beta")
    standin.add_org(ORG, "Gamma Group", "gamma")
    standin.add_workspace(GRID, "Gamma Support", "gamma-support", enterprise_id=ORG)
    for team, prefix in ((B, "U0B"), (GRID, "W0G")):
        standin.add_user(f"{prefix}OPEN", f"{prefix.lower()}open", f"{team} Opener", team_id=team)
        standin.add_user(f"{prefix}RESP", f"{prefix.lower()}resp", f"{team} Responsible", team_id=team)
        standin.add_channel(
            "general", members=[f"{prefix}OPEN", f"{prefix}RESP"], creator=f"{prefix}OPEN", team_id=team
        )
    # set, but one channel id cannot serve several workspaces: OAuth mode ignores it
    env_leaders = standin.add_channel("crisis-leadership", members=["U0OPENER", "U0BOT"])
    running = start_app(
        database_url,
        standin,
        crisis_leadership_channel=env_leaders.id,
        slack_bot_token="",
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_authorize_url=standin.root_url + "/oauth/v2/authorize",
    )
    standin.oauth.register(CLIENT_ID, CLIENT_SECRET, running.url + "/slack/oauth_redirect")
    try:
        yield running
    finally:
        running.stop()


def install(app: RunningApp, team_id: str, user_id: str, org_wide: bool = False) -> None:
    """Install the app from `team_id` as `user_id`, through the app's own install routes."""
    response = app.in_workspace(team_id, org_wide).driver.install(user_id, org_wide=org_wide)
    assert response.status == 200, response.body


def open_in(app: RunningApp, opener: str, responsible: str, title: str) -> Incident:
    """`/crisis open` in the driver's workspace, modal submitted; the incident from the database."""
    app.command(f"open {title}", user_id=opener)
    values = {**OPEN_VALUES, "title_input": title, "responsible_input": responsible}
    response = app.submit(app.last_view(), values, user_id=opener)
    assert response.status == 200 and not response.view_error, response.body
    with Session(app.context.engine) as session:
        incident = session.exec(select(Incident).where(Incident.title == title)).one()
    assert incident.channel_id is not None, "the crisis channel was not created"
    return incident


def reaches(grant: Grant | None, team_id: str) -> bool:
    """True when a call made with `grant` acted for workspace `team_id` (org-wide: for its org)."""
    if grant is None:
        return False
    return grant.team_id == team_id or (grant.org_wide and team_id == GRID and grant.enterprise_id == ORG)


def calls_into(standin: SlackStandin, channel_id: str) -> list[Call]:
    """Every call that named `channel_id`."""
    return [call for call in standin.calls if call.params.get("channel") == channel_id]


@pytest.fixture
def three(distributed: RunningApp) -> dict[str, Incident]:
    """Installed in A, B and (org-wide) the Grid org; one crisis open in each of A, B and GRID."""
    install(distributed, A, "U0OPENER")
    install(distributed, B, "U0BOPEN")
    install(distributed, GRID, "W0GOPEN", org_wide=True)
    return {
        A: open_in(distributed, "U0OPENER", "U0RESP", "Alpha refunds thread"),
        B: open_in(distributed.in_workspace(B), "U0BOPEN", "U0BRESP", "Beta outage video"),
        GRID: open_in(distributed.in_workspace(GRID, org_wide=True), "W0GOPEN", "W0GRESP", "Gamma leak"),
    }


def test_installs_store_one_bot_per_workspace_and_one_org_wide(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    workspaces = distributed.context.workspaces
    bot_a, bot_b = workspaces.find_bot(A), workspaces.find_bot(B)
    assert bot_a is not None and bot_b is not None and bot_a.bot_token != bot_b.bot_token
    org_bot = workspaces.find_bot(GRID, ORG)
    assert org_bot is not None and org_bot.is_enterprise_install and org_bot.team_id is None
    assert org_bot.enterprise_id == ORG
    # each stored token is the one Slack issued for that installation
    assert distributed.standin.grant_of(bot_a.bot_token) == Grant(A, scopes=SCOPES)
    assert distributed.standin.grant_of(org_bot.bot_token) == Grant(None, ORG, scopes=SCOPES)
    # one exchange per install (single use: tests/demo/test_standin_oauth.py); the secret is not logged
    exchange = distributed.standin.calls_to("oauth.v2.access")
    assert [call.ok for call in exchange] == [True, True, True]
    assert "client_secret" not in exchange[0].params


def test_each_crisis_lives_in_its_own_workspace_through_its_own_token(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    standin = distributed.standin
    assert three[GRID].enterprise_id == ORG and three[A].enterprise_id is None
    for team_id, incident in three.items():
        assert incident.team_id == team_id
        channel = standin.channel(incident.channel_id or "")
        assert channel.team_id == team_id
        made_there = calls_into(standin, channel.id)
        assert made_there and all(reaches(call.grant, team_id) for call in made_there), [
            (call.method, call.grant) for call in made_there if not reaches(call.grant, team_id)
        ]
    creates = standin.calls_to("conversations.create")
    assert [call.params.get("team_id") for call in creates] == [None, None, GRID]
    assert creates[2].grant == Grant(None, ORG, scopes=SCOPES)
    # who a token is was asked once at its install and once at its first request, not on every request
    assert len(standin.calls_to("auth.test")) == 2 * 3
    # no call ever went out without a workspace's token
    assert not [call for call in standin.calls if call.error in ("not_authed", "invalid_auth")]
    assert assert_valid_payloads(standin) > 0


def test_home_tab_shows_only_the_viewers_workspace(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    titles = {team_id: incident.title for team_id, incident in three.items()}
    for team_id, user_id, org_wide in ((A, "U0OTHER", False), (B, "U0BRESP", False), (GRID, "W0GRESP", True)):
        distributed.in_workspace(team_id, org_wide).event(
            {"type": "app_home_opened", "user": user_id, "channel": "D0HOME", "tab": "home"}
        )
        view = distributed.standin.home_view(user_id)
        assert view is not None
        shown = str(view["blocks"])
        assert titles[team_id] in shown
        assert not [title for other, title in titles.items() if other != team_id and title in shown]
        publish = distributed.standin.calls_to("views.publish")[-1]
        assert publish.params["user_id"] == user_id and reaches(publish.grant, team_id)


def test_a_change_refreshes_only_that_workspaces_home_viewers(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    distributed.event({"type": "app_home_opened", "user": "U0OTHER", "channel": "D0HOME", "tab": "home"})
    distributed.in_workspace(B).event(
        {"type": "app_home_opened", "user": "U0BRESP", "channel": "D0HOME", "tab": "home"}
    )
    before = len(distributed.standin.calls_to("views.publish"))
    beta = distributed.in_workspace(B)
    beta.command("severity low", user_id="U0BRESP", channel_id=three[B].channel_id)
    refreshed = distributed.standin.calls_to("views.publish")[before:]
    assert [call.params["user_id"] for call in refreshed] == ["U0BRESP"]
    assert reaches(refreshed[0].grant, B)


def test_commands_answer_about_the_workspaces_own_crisis(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    beta = distributed.in_workspace(B)
    response = beta.command("status", user_id="U0BRESP", channel_id=three[B].channel_id)
    assert response.status == 200
    answer = distributed.standin.state.responses[-1]
    assert three[B].title in str(answer["body"]) and three[A].title not in str(answer["body"])
    # the stand-in, like Slack, keeps one workspace's token out of another's channels
    token_b = distributed.context.workspaces.find_bot(B)
    assert token_b is not None and token_b.bot_token
    client = WebClient(token=token_b.bot_token, base_url=distributed.standin.url)
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=three[A].channel_id or "", text="hello from B")
    assert refused.value.response["error"] == "channel_not_found"


def test_webhook_tokens_reach_only_their_workspaces_incidents(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    token_b = mint(distributed, B)
    status, answer = post(distributed, good_body(three[A]), token_b)
    assert (status, answer["error"]) == (404, "incident_not_found")
    status, answer = post(distributed, good_body(three[GRID]), token_b)
    assert status == 404
    status, answer = post(distributed, good_body(three[B]), token_b)
    assert status == 200 and answer["incident_id"] == three[B].id
    card = distributed.standin.calls_to("chat.postMessage")[-1]
    assert card.params["channel"] == three[B].channel_id and reaches(card.grant, B)


def test_reminders_go_out_with_each_workspaces_token(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    before = len(distributed.standin.calls)
    fired = fire(distributed, RESPONSE_DUE - timedelta(hours=2))
    posted = {item.incident_id for item in fired if item.result == "posted"}
    assert posted == {incident.id for incident in three.values()}
    reminders = [call for call in distributed.standin.calls[before:] if call.method == "chat.postMessage"]
    by_channel = {incident.channel_id: team_id for team_id, incident in three.items()}
    assert {call.params["channel"] for call in reminders} == set(by_channel)
    for call in reminders:
        assert call.ok and reaches(call.grant, by_channel[call.params["channel"]])


def uninstall(app: RunningApp, team_id: str, org_wide: bool = False) -> None:
    """The workspace (or, `org_wide`, its Grid org) removes the app: Slack revokes its tokens and
    sends both events."""
    if org_wide:
        app.standin.uninstall(None, ORG)
    else:
        app.standin.uninstall(team_id)
    driver = app.in_workspace(team_id, org_wide)
    driver.event({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}})
    driver.event({"type": "app_uninstalled"})


def test_uninstall_deletes_the_workspaces_tokens_and_keeps_its_reports(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    workspaces = distributed.context.workspaces
    revoked = workspaces.find_bot(B)
    assert revoked is not None
    uninstall(distributed, B)
    assert workspaces.find_bot(B) is None
    assert workspaces.find_bot(A) is not None and workspaces.find_bot(GRID, ORG) is not None
    assert distributed.standin.grant_of(revoked.bot_token or "") is None
    client = WebClient(token=revoked.bot_token, base_url=distributed.standin.url)
    with pytest.raises(SlackApiError) as refused:
        client.auth_test()
    assert refused.value.response["error"] == "token_revoked"

    # the incident stays, and so does its report (names from the cache, or ids)
    with Session(distributed.context.engine) as session:
        assert session.get(Incident, three[B].id) is not None
    report = render_report(distributed.context, three[B].id or 0)
    assert three[B].title in report

    # reminders: the other workspaces' go out; B's make no call at all and stay pending
    before = len(distributed.standin.calls)
    fired = fire(distributed, RESPONSE_DUE - timedelta(hours=2))
    posted = {item.incident_id for item in fired if item.result == "posted"}
    assert posted == {three[A].id, three[GRID].id}
    later: list[Any] = distributed.standin.calls[before:]
    assert not [call for call in later if call.params.get("channel") == three[B].channel_id]
    assert not [call for call in distributed.standin.calls if call.error == "token_revoked" and call.grant]

    # installing again brings the workspace back
    install(distributed, B, "U0BOPEN")
    assert workspaces.find_bot(B) is not None
    fired = fire(distributed, RESPONSE_DUE - timedelta(hours=2))
    assert {item.incident_id for item in fired if item.result == "posted"} == {three[B].id}


def test_leadership_channel_is_per_workspace(distributed: RunningApp) -> None:
    install(distributed, A, "U0OPENER")
    install(distributed, B, "U0BOPEN")
    board = distributed.standin.add_channel("board-room", members=["U0BOPEN"], creator="U0BOPEN", team_id=B)
    beta = distributed.in_workspace(B)
    beta.command("settings leadership #board-room", user_id="U0BOPEN")
    assert f"<#{board.id}>" in str(distributed.standin.state.responses[-1]["body"])
    in_b = open_in(beta, "U0BOPEN", "U0BRESP", "Beta outage video")
    in_a = open_in(distributed, "U0OPENER", "U0RESP", "Alpha refunds thread")
    assert in_b.leadership_channel_id == board.id and in_a.leadership_channel_id is None
    parent = distributed.standin.messages(board.id)[0]
    assert parent["ts"] == in_b.leadership_ts and in_a.title not in str(parent)
    joined_and_posted = calls_into(distributed.standin, board.id)
    assert joined_and_posted and all(reaches(call.grant, B) for call in joined_and_posted)


def test_a_drill_and_its_report_upload_use_the_org_token(distributed: RunningApp) -> None:
    install(distributed, GRID, "W0GOPEN", org_wide=True)
    gamma = distributed.in_workspace(GRID, org_wide=True)
    assert gamma.command("drill outage_our_fault", user_id="W0GOPEN").status == 200
    with Session(distributed.context.engine) as session:
        drill = session.exec(select(Incident).where(Incident.is_drill)).one()
    assert (drill.team_id, drill.enterprise_id) == (GRID, ORG)
    before = len(distributed.standin.calls)
    fired = fire(distributed, distributed.clock.now() + timedelta(minutes=30))  # the scripted posts
    assert [item for item in fired if item.result == "posted"]
    gamma.command("resolve", user_id="W0GOPEN", channel_id=drill.channel_id)
    gamma.submit(gamma.last_view(), {"resolution_input": "Drill over."}, user_id="W0GOPEN")
    later = distributed.standin.calls[before:]
    assert {"chat.postMessage", "files.completeUploadExternal"} <= {call.method for call in later}
    assert all(call.grant == Grant(None, ORG, scopes=SCOPES) for call in later), [
        (call.method, call.grant) for call in later if call.grant != Grant(None, ORG)
    ]


def _status(url: str, method: str = "GET") -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_install_routes_take_only_gets_and_refuse_a_forged_state(distributed: RunningApp) -> None:
    assert _status(distributed.url + "/slack/install", "POST") == 405
    assert _status(distributed.url + "/slack/oauth_redirect?code=x&state=forged") in (400, 401, 403)
    assert distributed.context.workspaces.find_bot(A) is None
    assert distributed.standin.calls_to("oauth.v2.access") == []


def test_with_one_bot_token_there_is_nothing_to_install(crisis: RunningApp) -> None:
    assert _status(crisis.url + "/slack/install") == 404
    assert _status(crisis.url + "/slack/oauth_redirect?code=x&state=y") == 404


def test_the_half_opened_sweep_archives_with_the_crisis_workspaces_token(distributed: RunningApp) -> None:
    from bot.core.states import IncidentStatus
    from bot.deadlines.scheduler import DeadlineScheduler
    from bot.incidents.incidents import STALE_OPENING

    install(distributed, B, "U0BOPEN")
    channel = distributed.standin.add_channel("crisis-left-open", members=["U0BOPEN", "U0BOT"], team_id=B)
    with Session(distributed.context.engine) as session:
        session.add(
            Incident(
                team_id=B,
                title="Left half open",
                case_key="outage_our_fault",
                severity="high",
                language="en",
                responsible_user_id="U0BRESP",
                opener_user_id="U0BOPEN",
                first_negative_at=distributed.clock.now(),
                status=IncidentStatus.OPENING,
                created_at=distributed.clock.now(),
                channel_id=channel.id,
            )
        )
        session.commit()
    distributed.clock.advance(STALE_OPENING + timedelta(minutes=1))
    DeadlineScheduler(distributed.context).tick()
    assert distributed.standin.channel(channel.id).is_archived
    archive = distributed.standin.calls_to("conversations.archive")
    told = distributed.standin.dm_messages("U0BOPEN")
    assert len(archive) == 1 and reaches(archive[0].grant, B) and told


def test_uninstalling_org_wide_deletes_the_org_installation(
    distributed: RunningApp, three: dict[str, Incident]
) -> None:
    workspaces = distributed.context.workspaces
    uninstall(distributed, GRID, org_wide=True)
    assert workspaces.find_bot(GRID, ORG) is None
    assert workspaces.find_bot(A) is not None and workspaces.find_bot(B) is not None
    gamma = distributed.in_workspace(GRID, org_wide=True)
    response = gamma.command("status", user_id="W0GRESP", channel_id=three[GRID].channel_id)
    # Bolt finds no installation for the workspace and tells the person to reinstall; nothing is done
    assert response.status == 200 and "reinstall" in str(distributed.standin.state.responses[-1]["body"])
    assert not [call for call in distributed.standin.calls if call.error == "token_revoked"]
    assert three[GRID].title in render_report(distributed.context, three[GRID].id or 0)
