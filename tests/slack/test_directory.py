"""The user directory: names for text that leaves Slack, from users.info, cached with a refresh age.

users.info answers `user.profile.display_name` (empty until a person sets one) and
`user.profile.real_name`, still answers for deleted members (`deleted: true`), and fails with
`user_not_found` for an unknown id: https://api.slack.com/methods/users.info
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.core.models import SlackUser
from bot.demo.standin import SlackStandin
from bot.slack.directory import best_name
from tests.support.running_app import RunningApp


def users_info_calls(standin: SlackStandin) -> list[str]:
    return [call.params.get("user", "") for call in standin.calls if call.method == "users.info"]


def test_display_name_then_real_name_then_id() -> None:
    assert best_name("Olivia", "Olivia Opener", "U1") == "Olivia"
    assert best_name("  ", "Rafael Responsible", "U1") == "Rafael Responsible"
    assert best_name("", "", "U1") == "U1"
    assert best_name(None, None, "U1") == "U1"


def test_names_come_from_users_info_and_are_cached(crisis: RunningApp) -> None:
    directory = crisis.context.directory
    before = len(users_info_calls(crisis.standin))
    names = directory.names(["U0OPENER", "U0RESP", "U0NOBODY", None, "U0OPENER"])
    assert names == {"U0OPENER": "Olivia", "U0RESP": "Rafael Responsible", "U0NOBODY": "U0NOBODY"}
    assert sorted(users_info_calls(crisis.standin)[before:]) == ["U0NOBODY", "U0OPENER", "U0RESP"]
    with Session(crisis.context.engine) as session:
        row = session.get(SlackUser, "U0RESP")
        assert row is not None and row.real_name == "Rafael Responsible" and row.display_name == ""

    crisis.clock.advance(timedelta(hours=23))
    assert directory.name("U0OPENER") == "Olivia"
    assert len(users_info_calls(crisis.standin)) == before + 3, "a fresh cached name asks Slack nothing"


def test_a_stale_name_is_asked_again_and_kept_when_slack_fails(crisis: RunningApp) -> None:
    directory = crisis.context.directory
    assert directory.name("U0OTHER") == "Otto"
    crisis.standin.state.users["U0OTHER"].display_name = "Otto the Spokesperson"
    crisis.clock.advance(timedelta(hours=25))
    assert directory.name("U0OTHER") == "Otto the Spokesperson", "older than the refresh age: asked again"

    crisis.clock.advance(timedelta(hours=25))
    crisis.standin.fail_next("users.info", "ratelimited_forever")
    assert directory.name("U0OTHER") == "Otto the Spokesperson", "Slack failing keeps the stale name"
    assert directory.name("U0NEVER") == "U0NEVER"


def test_a_deleted_member_keeps_their_name(crisis: RunningApp) -> None:
    crisis.standin.add_user("U0GONE", "gone", "Gina Gone", display_name="Gina")
    crisis.standin.state.users["U0GONE"].deleted = True
    assert crisis.context.directory.name("U0GONE") == "Gina"
    assert crisis.context.gateway.user_exists("U0GONE") is False
