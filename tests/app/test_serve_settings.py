"""The settings of `crisisbot serve`: server, processes, threads, listener pool."""

from __future__ import annotations

import pytest

from bot.core.config import ConfigError, load_settings


def test_defaults_are_the_measured_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WEB_SERVER", "WEB_CONCURRENCY", "WEB_THREADS", "LISTENER_THREADS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(env_file=None)
    assert (settings.web_server, settings.web_concurrency, settings.web_threads) == ("gunicorn", 1, 8)
    assert settings.listener_threads == 32


def test_server_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_SERVER", "Waitress")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("LISTENER_THREADS", "64")
    settings = load_settings(env_file=None)
    assert (settings.web_server, settings.web_concurrency, settings.listener_threads) == ("waitress", 3, 64)
    monkeypatch.setenv("WEB_SERVER", "uwsgi")
    with pytest.raises(ConfigError, match="WEB_SERVER"):
        load_settings(env_file=None)
    monkeypatch.setenv("WEB_SERVER", "gunicorn")
    monkeypatch.setenv("LISTENER_THREADS", "0")
    with pytest.raises(ConfigError, match="LISTENER_THREADS"):
        load_settings(env_file=None)
