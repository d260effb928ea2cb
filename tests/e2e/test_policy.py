"""Who may do what (bot/core/policy.py), end to end: refusals are private, change nothing and are logged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Incident, Statement, TimelineEvent
from bot.demo.standin import SlackStandin
from messages import ids
from tests.e2e.test_open_crisis import open_crisis
from tests.e2e.test_statements import card_of, propose
from tests.support.deadlines import tick_step
from tests.support.running_app import RunningApp, start_app

STRANGER = "U0STRANGER"
LEAD = "U0LEAD"


@pytest.fixture
def guarded(engine: Engine, database_url: str, standin: SlackStandin) -> Iterator[RunningApp]:
    """The app with one configured crisis lead; two people exist who are not in any crisis channel."""
    standin.add_user(STRANGER, "stranger")
    standin.add_user(LEAD, "lead")
    running = start_app(database_url, standin, crisis_leads=(LEAD,))
    try:
        yield running
    finally:
        running.stop()


def _incident(crisis: RunningApp, incident_id: int) -> Incident:
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident_id)
        assert stored is not None
        return stored


def _refusals(crisis: RunningApp, incident_id: int) -> list[tuple[str | None, str]]:
    with Session(crisis.context.engine) as session:
        events = session.exec(
            select(TimelineEvent).where(
                TimelineEvent.incident_id == incident_id, TimelineEvent.kind == "refused"
            )
        ).all()
        return [(event.actor_user_id, event.detail["action"]) for event in events]


def _last_ephemeral(crisis: RunningApp) -> dict:
    body = crisis.standin.responses[-1]["body"]
    assert body["response_type"] == "ephemeral"
    return body


def test_a_stranger_cannot_take_over_approve_resolve_or_change_severity(guarded: RunningApp) -> None:
    crisis = guarded
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel and STRANGER not in crisis.standin.members(channel)
    # Slack lets anyone join a public channel (and only members may act in it): the stranger joins
    crisis.join(channel, STRANGER)
    posted_before = len(crisis.standin.messages(channel))

    crisis.command("assign @stranger", user_id=STRANGER, channel_id=channel)
    assert "Only <@U0RESP> (the responsible person) or a crisis lead" in str(_last_ephemeral(crisis))
    crisis.command("severity low", user_id=STRANGER, channel_id=channel)
    assert "can change the severity" in str(_last_ephemeral(crisis))
    views_before = len(crisis.standin.calls_to("views.open"))
    crisis.command("resolve", user_id=STRANGER, channel_id=channel)
    assert "can resolve this crisis" in str(_last_ephemeral(crisis))
    assert len(crisis.standin.calls_to("views.open")) == views_before  # no modal to fill for nothing

    card = propose(crisis, incident)
    crisis.click(card, ids.STATEMENT_APPROVE, STRANGER)
    refusal = crisis.standin.calls_to("chat.postEphemeral")[-1]
    assert refusal.params["user"] == STRANGER and "can decide on drafts" in str(refusal.params["blocks"])

    stored = _incident(crisis, incident.id)  # type: ignore[arg-type]
    assert stored.responsible_user_id == "U0RESP" and stored.severity == "critical"
    assert stored.status == "open"
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Statement)).one().status == "proposed"
    # nothing was announced in the channel for the refused commands (the draft card is the only post)
    assert len(crisis.standin.messages(channel)) == posted_before + 1
    assert _refusals(crisis, incident.id) == [  # type: ignore[arg-type]
        (STRANGER, "assign"),
        (STRANGER, "change_severity"),
        (STRANGER, "resolve"),
        (STRANGER, "decide_draft"),
    ]
    assert card_of(crisis, incident, latest=True)["ts"] == card["ts"]


def test_a_crisis_lead_may_without_any_role_in_the_crisis(guarded: RunningApp) -> None:
    crisis = guarded
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    crisis.join(channel, LEAD)

    crisis.command("severity high", user_id=LEAD, channel_id=channel)
    card = propose(crisis, incident)
    crisis.click(card, ids.STATEMENT_APPROVE, LEAD)
    crisis.command("assign @lead", user_id=LEAD, channel_id=channel)
    crisis.command("resolve", user_id=LEAD, channel_id=channel)
    crisis.submit(crisis.last_view(), {"resolution_input": "Handled by the lead."}, user_id=LEAD)

    stored = _incident(crisis, incident.id)  # type: ignore[arg-type]
    assert stored.severity == "high" and stored.responsible_user_id == LEAD
    assert stored.status == "resolved" and stored.resolution == "Handled by the lead."
    with Session(crisis.context.engine) as session:
        approved = session.exec(select(Statement)).one()
    assert approved.status == "approved" and approved.decided_by_user_id == LEAD
    assert _refusals(crisis, incident.id) == []  # type: ignore[arg-type]


def test_checklist_ticks_by_members_and_owners_are_kept(guarded: RunningApp) -> None:
    crisis = guarded
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    crisis.join(channel, STRANGER)
    crisis.join(channel, LEAD)
    tick_step(crisis, incident, "trace_source", user_id=STRANGER)  # a member: allowed (asks Slack)
    tick_step(crisis, incident, "trace_source", user_id=LEAD)  # a lead unticks it
    with Session(crisis.context.engine) as session:
        kinds = [
            (event.kind, event.actor_user_id)
            for event in session.exec(
                select(TimelineEvent)
                .where(TimelineEvent.incident_id == incident.id)
                .order_by(TimelineEvent.id)  # type: ignore[arg-type]
            )
            if event.kind.startswith("step") or event.kind == "refused"
        ]
    assert kinds == [("step_done", STRANGER), ("step_undone", LEAD)]
    members_asked = crisis.standin.calls_to("conversations.members")
    assert len(members_asked) == 1 and members_asked[0].params["channel"] == channel


def test_only_owners_name_approvers_and_a_named_approver_may_decide(guarded: RunningApp) -> None:
    crisis = guarded
    incident = open_crisis(crisis)
    channel = incident.channel_id
    assert channel
    crisis.join(channel, LEAD)
    crisis.join(channel, STRANGER)
    crisis.command("approvers add @stranger", user_id="U0OPENER", channel_id=channel)
    assert "can name or remove approvers" in str(_last_ephemeral(crisis))
    crisis.command("approvers add @stranger", user_id=LEAD, channel_id=channel)
    card = propose(crisis, incident)
    crisis.click(card, ids.STATEMENT_APPROVE, STRANGER)
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Statement)).one().status == "approved"
    assert _refusals(crisis, incident.id) == [("U0OPENER", "name_approvers")]  # type: ignore[arg-type]
