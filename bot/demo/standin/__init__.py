"""A local stand-in of the Slack Web API plus a driver that plays Slack's side toward the app.

Used by end-to-end tests (the real Bolt app talks to `SlackStandin.url`) and by the offline demo.
"""

from bot.demo.standin.driver import DriverError, DriverResponse, SlackDriver
from bot.demo.standin.server import SlackStandin
from bot.demo.standin.state import BOT_ID, BOT_USER_ID, DEFAULT_TOKEN, TEAM_ID, Call, Channel, User

__all__ = [
    "BOT_ID",
    "BOT_USER_ID",
    "DEFAULT_TOKEN",
    "TEAM_ID",
    "Call",
    "Channel",
    "DriverError",
    "DriverResponse",
    "SlackDriver",
    "SlackStandin",
    "User",
]
