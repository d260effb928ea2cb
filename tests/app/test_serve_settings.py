"""The settings of `crisisbot serve`: server, processes, threads, listener pool."""

from __future__ import annotations

import pytest

from bot.core.config import ConfigError, load_settings


def test_defaults_are_the_measured_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WEB_SERVER", "WEB_CONCURRENCY", "WEB_THREADS", "WORK_THREADS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(env_file=None)
    assert (settings.web_server, settings.web_concurrency, settings.web_threads) == ("gunicorn", 1, 8)
    assert settings.work_threads == 16


def test_server_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_SERVER", "Waitress")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("WORK_THREADS", "64")
    settings = load_settings(env_file=None)
    assert (settings.web_server, settings.web_concurrency, settings.work_threads) == ("waitress", 3, 64)
    monkeypatch.setenv("WEB_SERVER", "uwsgi")
    with pytest.raises(ConfigError, match="WEB_SERVER"):
        load_settings(env_file=None)
    monkeypatch.setenv("WEB_SERVER", "gunicorn")
    monkeypatch.setenv("WORK_THREADS", "0")
    with pytest.raises(ConfigError, match="WORK_THREADS"):
        load_settings(env_file=None)


def test_oauth_distribution_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SCOPES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111.2222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    settings = load_settings(env_file=None)
    assert settings.oauth and "commands" in settings.slack_scopes
    settings.require_slack(http=True)
    settings.require_slack(http=False)  # the clock process serves no HTTP
    monkeypatch.setenv("SLACK_SCOPES", "commands, chat:write")
    assert load_settings(env_file=None).slack_scopes == ("commands", "chat:write")


@pytest.mark.parametrize(
    ("extra", "missing", "message"),
    [
        ({}, "SLACK_CLIENT_SECRET", "SLACK_CLIENT_SECRET is not set"),
        ({"SLACK_CLIENT_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"}, "", "not both"),
        ({"SLACK_CLIENT_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1"}, "", "HTTP only"),
        ({"SLACK_CLIENT_SECRET": "s"}, "SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET is not set"),
    ],
)
def test_oauth_distribution_refuses_what_cannot_work(
    monkeypatch: pytest.MonkeyPatch, extra: dict[str, str], missing: str, message: str
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111.2222")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    for name, value in extra.items():
        monkeypatch.setenv(name, value)
    if missing:
        monkeypatch.delenv(missing, raising=False)
    with pytest.raises(ConfigError, match=message):
        load_settings(env_file=None).require_slack(http=True)


def test_spool_first_is_unset_true_or_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPOOL_FIRST", raising=False)
    assert load_settings(env_file=None).spool_first is True
    monkeypatch.setenv("SPOOL_FIRST", "true")
    assert load_settings(env_file=None).spool_first is True
    monkeypatch.setenv("SPOOL_FIRST", "0")
    assert load_settings(env_file=None).spool_first is False
    monkeypatch.setenv("SPOOL_FIRST", "sometimes")
    with pytest.raises(ConfigError, match="SPOOL_FIRST"):
        load_settings(env_file=None)
