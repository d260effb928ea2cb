"""The App Home dashboard: open crises by urgency, refreshed on changes, within Slack's limits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.leadership.home import HomeTab
from messages import ids
from messages.render import MAX_VIEW_BLOCKS, validate_view
from tests.e2e.test_open_crisis import open_crisis
from tests.support.bulk import insert_incidents
from tests.support.running_app import RunningApp, assert_valid_payloads


def open_home(crisis: RunningApp, user_id: str = "U0OTHER") -> dict:
    """Send `app_home_opened` as Slack does and return the view the app published."""
    crisis.driver.event({"type": "app_home_opened", "user": user_id, "channel": "D0HOME", "tab": "home"})
    crisis.settle()
    view = crisis.standin.home_view(user_id)
    assert view is not None
    return view


def test_home_lists_open_crises_by_urgency_and_refreshes(crisis: RunningApp) -> None:
    calm = open_crisis(
        crisis, title_input="Calm one", severity_input="low", first_negative_at_input=crisis.clock.now()
    )
    urgent = open_crisis(
        crisis,
        title_input="Urgent one",
        severity_input="high",
        first_negative_at_input=crisis.clock.now() - timedelta(hours=11),
    )
    view = open_home(crisis)
    text = str(view["blocks"])
    assert text.index("Urgent one") < text.index("Calm one")
    assert "2 open" in text and "Approved message: not yet" in text and "checklist 0/" in text

    crisis.clock.advance(timedelta(hours=2))
    assert "1 past a deadline" in str(open_home(crisis)["blocks"])
    crisis.clock.advance(timedelta(minutes=20))
    message = crisis.standin.messages(urgent.channel_id)[1]  # type: ignore[arg-type]
    crisis.click(
        message, ids.CHECKLIST_TOGGLE, "U0OPENER", option_value="trace_source", block_id="step:trace_source"
    )
    refreshed = crisis.standin.home_view("U0OTHER")
    assert refreshed is not None and "🔴 *Urgent one*" in str(refreshed["blocks"])
    assert "checklist 1/16" in str(refreshed["blocks"]), "the open Home tab was refreshed after the tick"

    crisis.command("resolve", user_id="U0RESP", channel_id=calm.channel_id)
    crisis.submit(crisis.last_view(), {"resolution_input": "False alarm."}, user_id="U0RESP")
    resolved = str(crisis.standin.home_view("U0OTHER")["blocks"])  # type: ignore[index]
    assert "1 open" in resolved and "Recently resolved" in resolved and "Calm one" in resolved
    assert_valid_payloads(crisis.standin)


def test_messages_tab_open_publishes_nothing(crisis: RunningApp) -> None:
    crisis.driver.event(
        {"type": "app_home_opened", "user": "U0OTHER", "channel": "D0HOME", "tab": "messages"}
    )
    crisis.settle()
    assert crisis.standin.calls_to("views.publish") == []


def test_home_with_a_thousand_open_crises_stays_within_slack_limits(
    crisis: RunningApp, engine: Engine
) -> None:
    insert_incidents(engine, 1000, crisis.clock.now(), resolved=15)
    view = HomeTab(crisis.context).render("T0001")
    validate_view(view)
    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    text = str(view["blocks"])
    assert "1000 open" in text and "more open crises" in text
    assert text.count("Bulk crisis") == 24 + 10
