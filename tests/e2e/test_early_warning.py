"""Early warning before a planned disruption (seed 004): the open modal asks when the disruption starts,
and every `deadline: before` step is reminded `EARLY_WARNING_HOURS` (24 by default) ahead of it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.core.models import Incident
from messages import ids
from tests.e2e.test_open_crisis import OPEN_VALUES
from tests.support.deadlines import fire, last_text, posted, rows
from tests.support.running_app import START, RunningApp, assert_valid_payloads

EARLY = [("before:prepare_warning", "early_warning"), ("before:post_warning", "early_warning")]


def open_planned(crisis: RunningApp, **changes: object) -> Incident:
    """Open a planned-disruption crisis through the modal; return it from the database."""
    crisis.command("open Maintenance window")
    values = {**OPEN_VALUES, "case_input": "planned_disruption", "title_input": "Maintenance window"}
    response = crisis.submit(crisis.last_view(), {**values, **changes})
    assert response.status == 200 and not response.view_error, response.body
    with Session(crisis.context.engine) as session:
        return session.exec(select(Incident).order_by(Incident.id.desc())).first()  # type: ignore[union-attr]


def _early(fired: list) -> list[tuple[str, str]]:
    return [item for item in posted(fired) if item[1] == "early_warning"]


def test_the_warning_fires_24_hours_before_the_start_and_not_before(crisis: RunningApp) -> None:
    starts = START + timedelta(hours=30)
    incident = open_planned(crisis, disruption_starts_at_input=starts)
    assert incident.disruption_starts_at == starts and incident.channel_id and incident.id
    pending = {(row.mark, row.kind, row.due_at) for row in rows(crisis.context.engine, incident.id)}
    assert {(mark, kind, starts - timedelta(hours=24)) for mark, kind in EARLY} <= pending

    assert _early(fire(crisis, starts - timedelta(hours=24, minutes=1))) == []
    assert _early(fire(crisis, starts - timedelta(hours=24))) == EARLY
    text = last_text(crisis, incident.channel_id)
    assert "Early warning" in text and f"<!date^{int(starts.timestamp())}^" in text
    assert _early(fire(crisis, starts)) == [], "each warning is posted once"
    crisis.command("deadlines", user_id="U0RESP", channel_id=incident.channel_id)
    listed = str(crisis.standin.responses[-1]["body"]["blocks"])
    assert "Early warning" in listed and "Before the disruption:" in listed
    assert_valid_payloads(crisis.standin)


def test_a_start_less_than_the_lead_away_is_warned_at_once(crisis: RunningApp) -> None:
    starts = START + timedelta(hours=2)
    incident = open_planned(crisis, disruption_starts_at_input=starts, language_input="es")
    assert _early(fire(crisis)) == EARLY
    assert "Aviso previo" in last_text(crisis, incident.channel_id)  # type: ignore[arg-type]


def test_the_modal_requires_the_start_for_a_planned_disruption_only(crisis: RunningApp) -> None:
    crisis.command("open Maintenance window")
    modal = crisis.last_view()
    picker = next(b for b in modal["blocks"] if b["block_id"] == ids.OPEN_DISRUPTION_STARTS_AT)
    assert picker["optional"] is True and picker["element"]["type"] == "datetimepicker"
    values = {**OPEN_VALUES, "case_input": "planned_disruption"}
    response = crisis.submit(modal, values)
    # errors go back keyed by block_id:
    # https://docs.slack.dev/tools/bolt-js/reference/interfaces/ViewErrorsResponseAction
    assert response.json() == {
        "response_action": "errors",
        "errors": {ids.OPEN_DISRUPTION_STARTS_AT: "A planned disruption needs the moment it starts."},
    }
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Incident)).first() is None

    incident = open_planned(crisis, case_input="outage_our_fault")  # other cases need no start
    assert incident.disruption_starts_at is None
    other = open_planned(
        crisis, case_input="outage_our_fault", disruption_starts_at_input=START + timedelta(hours=30)
    )
    assert other.disruption_starts_at is None, "a start given for another case is not kept"
    marks = rows(crisis.context.engine, incident.id)  # type: ignore[arg-type]
    assert not [row for row in marks if row.kind == "early_warning"]
