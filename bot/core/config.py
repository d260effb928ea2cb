"""Settings read from the environment (and a `.env` file), checked before anything starts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from bot.core.policy import parse_crisis_leads

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_SLACK_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
#: The bot scopes of `manifest.json` (a test keeps the two equal); SLACK_SCOPES overrides them.
DEFAULT_BOT_SCOPES = (
    "commands",
    "chat:write",
    "channels:manage",
    "channels:join",
    "channels:read",
    "groups:write",
    "groups:read",
    "channels:history",
    "groups:history",
    "im:history",
    "pins:write",
    "users:read",
    "files:write",
    "canvases:write",
)
DEFAULT_DATABASE_URL = "sqlite:///crisisbot.db"
SUPPORTED_LANGUAGES = ("en", "es", "zh")
WEB_SERVERS = ("gunicorn", "waitress")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line saying what to set."""


@dataclass(frozen=True)
class Settings:
    """Everything crisisbot reads from its environment. See `.env.example` for each one."""

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    #: OAuth distribution (many workspaces): set both to install through /slack/install.
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_scopes: tuple[str, ...] = DEFAULT_BOT_SCOPES
    slack_redirect_uri: str = ""
    slack_authorize_url: str = DEFAULT_SLACK_AUTHORIZE_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    host: str = "0.0.0.0"
    web_threads: int = 8
    web_concurrency: int = 1
    web_server: str = "gunicorn"
    work_threads: int = 16
    worker_processes: int = 1
    #: Where requests are kept before their ack on their way into the inbox (bot/core/spool.py);
    #: empty: beside a SQLite file, else in the system's temporary directory.
    spool_dir: str = ""
    #: Keep each request in the spool before its ack (else insert it into the inbox first).
    spool_first: bool = True
    crisis_language: str = "en"
    crisis_leadership_channel: str = ""
    crisis_competitors: tuple[str, ...] = ()
    crisis_leads: tuple[str, ...] = ()
    #: Handles of the company's own people: their posts get the `employee` source kind (seed 002).
    crisis_employee_handles: tuple[str, ...] = ()
    #: Where posts that name no crisis are triaged (per workspace with `/crisis settings monitoring`).
    crisis_monitoring_channel: str = ""
    #: This many negative posts within the window suggest opening a crisis.
    monitoring_threshold: int = 5
    monitoring_window_minutes: int = 60
    playbooks_dir: Path | None = None
    deadline_warning_hours: float = 2.0
    early_warning_hours: float = 24.0
    deadline_escalation_minutes: int = 30
    daily_reminder_hour: int = 9
    crisis_timezone: str = "UTC"
    followup_days: int = 7
    #: How old a cached users.info answer may be before a name is asked again.
    user_names_refresh_hours: int = 24
    scheduler_poll_seconds: float = 30.0
    log_level: str = "INFO"

    @property
    def socket_mode(self) -> bool:
        """True when an app-level token is set: the app connects out over Socket Mode."""
        return bool(self.slack_app_token)

    @property
    def oauth(self) -> bool:
        """True when the app is distributed: each workspace installs it and has its own bot token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def require_slack(self, *, http: bool) -> None:
        """Raise ConfigError unless the Slack credentials needed for this mode are present and well formed."""
        if self.slack_client_id or self.slack_client_secret:
            self._require_oauth(http=http)
            return
        if not self.slack_bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN is not set: set it to the app's Bot User OAuth Token (xoxb-...)."
            )
        if not self.slack_bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-'.")
        if self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'.")
        if http and not self.slack_signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set: set it to the app's Signing Secret "
                "(or set SLACK_APP_TOKEN to use Socket Mode)."
            )

    def _require_oauth(self, *, http: bool) -> None:
        if not self.oauth:
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
            raise ConfigError(
                f"{missing} is not set: OAuth distribution needs both SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (Basic Information > App Credentials)."
            )
        if self.slack_bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: use one workspace (SLACK_BOT_TOKEN) or "
                "OAuth distribution (SLACK_CLIENT_ID/SLACK_CLIENT_SECRET), not both."
            )
        if self.slack_app_token:
            raise ConfigError(
                "OAuth distribution runs over HTTP only (Slack's Marketplace does not list Socket Mode "
                "apps): unset SLACK_APP_TOKEN."
            )
        if http and not self.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET is not set: set it to the app's Signing Secret.")


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}.") from None


def _int(name: str, default: int, low: int | None = None, high: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}.")
    return value


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver, whatever spelling the platform gives."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_settings(env_file: str | None = ".env") -> Settings:
    """Read settings from the environment, after loading `env_file` (values already set win)."""
    if env_file:
        load_dotenv(env_file, override=False)
    env = os.environ
    language = env.get("CRISIS_LANGUAGE", "en").strip() or "en"
    if language not in SUPPORTED_LANGUAGES:
        raise ConfigError(
            f"CRISIS_LANGUAGE must be one of {', '.join(SUPPORTED_LANGUAGES)}, got {language!r}."
        )
    api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_SLACK_API_URL
    if not api_url.endswith("/"):
        api_url += "/"
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL, got {api_url!r}.")
    playbooks_dir = env.get("PLAYBOOKS_DIR", "").strip()
    timezone = env.get("CRISIS_TIMEZONE", "UTC").strip() or "UTC"
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(timezone)
    except Exception:
        raise ConfigError(
            f"CRISIS_TIMEZONE must be an IANA time zone like Europe/Madrid, got {timezone!r}."
        ) from None
    spool_first_text = env.get("SPOOL_FIRST", "").strip().lower()
    if spool_first_text not in ("", "true", "false", "1", "0", "yes", "no"):
        raise ConfigError(f"SPOOL_FIRST must be true or false (or unset), got {spool_first_text!r}.")
    web_server = env.get("WEB_SERVER", "gunicorn").strip().lower() or "gunicorn"
    if web_server not in WEB_SERVERS:
        raise ConfigError(f"WEB_SERVER must be one of {', '.join(WEB_SERVERS)}, got {web_server!r}.")
    try:
        crisis_leads = parse_crisis_leads(env.get("CRISIS_LEADS", ""))
    except ValueError as bad:
        raise ConfigError(
            f"CRISIS_LEADS must be Slack user IDs (U…) separated by commas, got {str(bad)!r}."
        ) from None
    return Settings(
        slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
        slack_app_token=env.get("SLACK_APP_TOKEN", "").strip(),
        slack_api_url=api_url,
        slack_client_id=env.get("SLACK_CLIENT_ID", "").strip(),
        slack_client_secret=env.get("SLACK_CLIENT_SECRET", "").strip(),
        slack_scopes=tuple(scope.strip() for scope in env.get("SLACK_SCOPES", "").split(",") if scope.strip())
        or DEFAULT_BOT_SCOPES,
        slack_redirect_uri=env.get("SLACK_REDIRECT_URI", "").strip(),
        slack_authorize_url=env.get("SLACK_AUTHORIZE_URL", "").strip() or DEFAULT_SLACK_AUTHORIZE_URL,
        database_url=normalise_database_url(env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL),
        port=_int("PORT", 3000, 0, 65535),
        host=env.get("HOST", "0.0.0.0").strip() or "0.0.0.0",
        web_threads=_int("WEB_THREADS", 8, 1, 256),
        web_concurrency=_int("WEB_CONCURRENCY", 1, 1, 64),
        web_server=web_server,
        work_threads=_int("WORK_THREADS", 16, 1, 512),
        worker_processes=_int("WORKER_PROCESSES", 1, 0, 16),
        spool_dir=env.get("SPOOL_DIR", "").strip(),
        spool_first=spool_first_text in ("", "true", "1", "yes"),
        crisis_language=language,
        crisis_leadership_channel=env.get("CRISIS_LEADERSHIP_CHANNEL", "").strip(),
        crisis_competitors=tuple(
            name.strip() for name in env.get("CRISIS_COMPETITORS", "").split(",") if name.strip()
        ),
        crisis_leads=crisis_leads,
        crisis_employee_handles=tuple(
            name.strip().lstrip("@")
            for name in env.get("CRISIS_EMPLOYEE_HANDLES", "").split(",")
            if name.strip()
        ),
        crisis_monitoring_channel=env.get("CRISIS_MONITORING_CHANNEL", "").strip(),
        monitoring_threshold=_int("MONITORING_THRESHOLD", 5, 1, 1000),
        monitoring_window_minutes=_int("MONITORING_WINDOW_MINUTES", 60, 1, 7 * 24 * 60),
        playbooks_dir=Path(playbooks_dir) if playbooks_dir else None,
        deadline_warning_hours=_float("DEADLINE_WARNING_HOURS", 2.0),
        early_warning_hours=_float("EARLY_WARNING_HOURS", 24.0),
        deadline_escalation_minutes=_int("DEADLINE_ESCALATION_MINUTES", 30, 0, 24 * 60),
        daily_reminder_hour=_int("DAILY_REMINDER_HOUR", 9, 0, 23),
        crisis_timezone=timezone,
        followup_days=_int("FOLLOWUP_DAYS", 7, 1, 365),
        user_names_refresh_hours=_int("USER_NAMES_REFRESH_HOURS", 24, 1, 24 * 30),
        scheduler_poll_seconds=_float("SCHEDULER_POLL_SECONDS", 30.0),
        log_level=env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
    )
