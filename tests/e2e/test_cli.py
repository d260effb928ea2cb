"""The `crisisbot` command as an operator runs it: clear errors, playbook tools, and `serve`
answering signed Slack requests over HTTP in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import sqlalchemy as sa

from bot.demo.standin import SlackDriver, SlackStandin
from tests.support.running_app import SIGNING_SECRET
from tests.support.serve_process import start_serve


def crisisbot(*args: str, env: dict[str, str] | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command in a clean environment (no Slack settings unless given)."""
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_run_without_tokens_says_what_to_set(tmp_path: Path) -> None:
    result = crisisbot("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "crisisbot: SLACK_BOT_TOKEN is not set: set it to the app's Bot User OAuth Token (xoxb-...)."
    ]
    malformed = crisisbot("run", env={"SLACK_BOT_TOKEN": "xoxp-user-token"}, cwd=tmp_path)
    assert malformed.returncode == 2 and "must be a bot token starting with 'xoxb-'" in malformed.stderr
    no_secret = crisisbot("serve", env={"SLACK_BOT_TOKEN": "xoxb-1"}, cwd=tmp_path)
    assert no_secret.returncode == 2 and "SLACK_SIGNING_SECRET is not set" in no_secret.stderr
    assert "Traceback" not in result.stderr + malformed.stderr + no_secret.stderr


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=nonsense\n")
    result = crisisbot("run", cwd=tmp_path)
    assert result.returncode == 2 and "starting with 'xoxb-'" in result.stderr


def test_playbooks_list_show_and_check(tmp_path: Path) -> None:
    listed = crisisbot("playbooks", "list", cwd=tmp_path)
    assert listed.returncode == 0 and "data_leak" in listed.stdout and len(listed.stdout.splitlines()) == 6
    shown = crisisbot("playbooks", "show", "data_leak", "--lang", "es", cwd=tmp_path)
    assert shown.returncode == 0 and "[daily]" in shown.stdout
    assert crisisbot("playbooks", "check", cwd=tmp_path).stdout.strip() == "6 playbooks OK"
    broken = tmp_path / "team"
    broken.mkdir()
    (broken / "data_leak.yaml").write_text("case: data_leak\nnumber: 3\nsteps: [\n")
    checked = crisisbot("playbooks", "check", str(broken), cwd=tmp_path)
    assert checked.returncode == 1 and "data_leak.yaml:" in checked.stdout
    refused = crisisbot(
        "run",
        env={
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "PLAYBOOKS_DIR": str(broken),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
        cwd=tmp_path,
    )
    assert (
        refused.returncode == 2 and "data_leak.yaml:" in refused.stderr and "Traceback" not in refused.stderr
    )


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = crisisbot("db", "upgrade", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tables = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {"incident", "checklist_item", "timeline_event", "alembic_version"} <= tables


def test_serve_answers_signed_requests_and_refuses_bad_ones(
    standin: SlackStandin, database_url: str, tmp_path: Path
) -> None:
    served = start_serve(standin, database_url, tmp_path)
    base = served.base
    try:
        driver = SlackDriver(base, SIGNING_SECRET, standin)
        general = standin.add_channel("general", members=["U0OPENER"])
        ok = driver.slash_command("/crisis", "help", "U0OPENER", general.id)
        assert ok.status == 200
        deadline = time.monotonic() + 10
        while not standin.responses and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "/crisis open" in str(standin.responses[-1]["body"])
        bad = SlackDriver(base, "not-the-secret", standin).slash_command(
            "/crisis", "help", "U0OPENER", general.id
        )
        assert bad.status == 401
        try:
            urllib.request.urlopen(base + "/nothing-here", timeout=2)
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        served.stop()


def test_serve_installs_workspaces_under_oauth_distribution(
    standin: SlackStandin, engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    standin.state.tokens.clear()  # no bot token anywhere: the installation's only
    env = {
        "SLACK_BOT_TOKEN": "",  # none: each installation's token only
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "SLACK_AUTHORIZE_URL": standin.root_url + "/oauth/v2/authorize",
        "DATABASE_URL": database_url,
    }
    served = start_serve(standin, database_url, tmp_path, **env)
    base = served.base
    try:
        standin.oauth.register("1111.2222", "client-secret", base + "/slack/oauth_redirect")
        driver = SlackDriver(base, SIGNING_SECRET, standin)
        assert driver.install("U0OPENER").status == 200
        bot = SQLAlchemyInstallationStore(client_id="1111.2222", engine=engine).find_bot(
            enterprise_id=None, team_id="T0001"
        )
        assert bot is not None and standin.grant_of(bot.bot_token or "") is not None
        general = standin.add_channel("general", members=["U0OPENER"])
        assert driver.slash_command("/crisis", "help", "U0OPENER", general.id).status == 200
        deadline = time.monotonic() + 10
        while not standin.responses and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "/crisis open" in str(standin.responses[-1]["body"])
    finally:
        served.stop()
