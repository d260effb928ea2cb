"""One way to a workspace's gateway: the one bot token, or (OAuth distribution) the installation of the
workspace, or of its Grid org when installed org-wide; slack-sdk's stores on crisisbot's own tables."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from bot.slack.gateway import SlackCallFailed, SlackGateway, make_web_client
from bot.slack.workspaces import NoWorkspace, Workspaces, serving, workspace_of

API = "http://127.0.0.1:9/api/"


def _columns(engine: Engine, table: str) -> dict[str, tuple[str, bool]]:
    found = sa.inspect(engine).get_columns(table)
    return {c["name"]: (type(c["type"]).__name__.upper(), bool(c["nullable"])) for c in found}


def test_migrated_tables_are_the_ones_slack_sdks_stores_define(engine: Engine) -> None:
    installations = SQLAlchemyInstallationStore(client_id="1.2", engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=60, engine=engine)
    for table in (installations.installations, installations.bots, states.oauth_states):
        migrated = _columns(engine, table.name)
        assert set(migrated) == {column.name for column in table.columns}, table.name
        for column in table.columns:
            assert migrated[column.name][1] == bool(column.nullable), (table.name, column.name)
        indexes = {tuple(index["column_names"]) for index in sa.inspect(engine).get_indexes(table.name)}
        assert {tuple(c.name for c in index.columns) for index in table.indexes} <= indexes


def _installation(
    team_id: str | None, enterprise_id: str | None, token: str, org_wide: bool = False
) -> Installation:
    return Installation(
        app_id="A0CRISIS",
        enterprise_id=enterprise_id,
        team_id=team_id,
        bot_token=token,
        bot_id="B0BOT",
        bot_user_id="U0BOT",
        bot_scopes="commands,chat:write",
        user_id="U0INSTALLER",
        is_enterprise_install=org_wide,
    )


def test_gateway_for_finds_the_workspaces_or_its_orgs_installation(engine: Engine) -> None:
    store = SQLAlchemyInstallationStore(client_id="1.2", engine=engine)
    store.save(_installation("T0001", None, "xoxb-a"))
    store.save(_installation(None, "E0001", "xoxb-org", org_wide=True))
    workspaces = Workspaces(API, installations=store)
    assert workspaces.gateway_for("T0001").client.token == "xoxb-a"
    assert workspaces.gateway_for("T0001").workspace_team_id is None
    grid = workspaces.gateway_for("T0GRID", "E0001")
    assert grid.client.token == "xoxb-org" and grid.workspace_team_id == "T0GRID"
    assert workspaces.gateway_for("T0001") is workspaces.gateway_for("T0001")  # one client per token
    with pytest.raises(SlackCallFailed) as missing:
        workspaces.gateway_for("T0002")
    assert missing.value.error == "not_installed"
    with pytest.raises(NoWorkspace):
        workspaces.current()
    with serving("T0GRID", "E0001"):
        assert workspaces.current() is grid
    store.delete_all(enterprise_id=None, team_id="T0001")
    with pytest.raises(SlackCallFailed):
        workspaces.gateway_for("T0001")


def test_one_bot_token_serves_every_workspace_without_being_told_which() -> None:
    gateway = SlackGateway(make_web_client("xoxb-one", API))
    workspaces = Workspaces(API, single=gateway)
    assert workspaces.current() is gateway and workspaces.gateway_for("T0009") is gateway


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"team_id": "T1", "enterprise_id": "E1", "command": "/crisis"}, ("T1", "E1")),
        ({"type": "block_actions", "team": {"id": "T2"}, "enterprise": None}, ("T2", None)),
        (
            {
                "type": "event_callback",
                "team_id": "T3",
                "enterprise_id": "E3",
                "authorizations": [{"team_id": None, "enterprise_id": "E3", "is_enterprise_install": True}],
            },
            ("T3", "E3"),
        ),
        ({"type": "view_submission", "team": {"id": "T4", "enterprise_id": "E4"}}, ("T4", "E4")),
    ],
)
def test_the_workspace_of_each_kind_of_request(body: dict, expected: tuple[str, str | None]) -> None:
    workspace = workspace_of(body)
    assert (workspace.team_id, workspace.enterprise_id) == expected
