"""Inside a crisis, over real HTTP: influencer and press mentions ping the responsible person once; a
mention can wait for the cause to be fixed (`/crisis fixed` reminds whom to answer); an employee's post
has its own source kind; a critical crisis asks once for a senior spokesperson."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Incident, IncidentRole, Mention, TimelineEvent
from bot.demo.standin import SlackStandin
from bot.reports.service import render_report
from messages import ids
from tests.e2e.test_crisis_commands import last_response
from tests.e2e.test_mentions_webhook import good_body, mint, post
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import RunningApp, assert_valid_payloads, start_app

INFLUENCER = {"url": "https://x.com/bigvoice/status/2001", "author": "bigvoice", "author_followers": 120000}
PRESS = {"url": "https://dailynews.example/lumo-refunds", "platform": "news", "author": "daily_news"}


def mention_cards(crisis: RunningApp, incident: Incident) -> list[dict]:
    return [
        m
        for m in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if ids.MENTION_ACTIONS_BLOCK in str(m.get("blocks"))
    ]


def channel_text(crisis: RunningApp, incident: Incident) -> str:
    return str(crisis.standin.messages(incident.channel_id))  # type: ignore[arg-type]


def pings(crisis: RunningApp, incident: Incident) -> list[dict]:
    return [
        m
        for m in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if "📣" in str(m.get("blocks"))
    ]


@pytest.mark.parametrize(("source", "changes"), [("influencer", INFLUENCER), ("media", PRESS)])
def test_influencer_and_press_mentions_ping_the_responsible_person_once(
    crisis: RunningApp, source: str, changes: dict[str, Any]
) -> None:
    incident = open_crisis(crisis)
    token = mint(crisis)
    status, answer = post(crisis, good_body(incident, **changes), token)
    assert status == 200 and answer["source_kind"] == source
    [ping] = pings(crisis, incident)
    text = str(ping["blocks"])
    assert "<@U0RESP>" in text and changes["url"] in text and changes["author"] in text
    [dm] = [m for m in crisis.standin.dm_messages("U0RESP") if "📣" in str(m.get("blocks"))]
    assert f"<#{incident.channel_id}>" in str(dm["blocks"]) and changes["url"] in str(dm["blocks"])

    # the listening tool's retry, and the same post logged by hand: no second ping
    assert post(crisis, good_body(incident, **changes), token)[1]["duplicate"] is True
    crisis.command(f"mention {changes['url']}", channel_id=incident.channel_id)
    assert len(pings(crisis, incident)) == 1
    assert len([m for m in crisis.standin.dm_messages("U0RESP") if "📣" in str(m.get("blocks"))]) == 1
    # a customer's post pings nobody
    post(crisis, good_body(incident), token)
    assert len(pings(crisis, incident)) == 1
    with Session(crisis.context.engine) as session:
        pinged = [m.pinged_at is not None for m in session.exec(select(Mention).order_by(Mention.id))]  # type: ignore[arg-type]
    assert pinged == [True, False]
    assert_valid_payloads(crisis.standin)


def test_a_ping_in_spanish(crisis: RunningApp) -> None:
    incident = open_crisis(crisis, language_input="es")
    post(crisis, good_body(incident, **INFLUENCER), mint(crisis))
    [ping] = pings(crisis, incident)
    assert "te necesita ya" in str(ping["blocks"]) and "Influencer" in str(ping["blocks"])


def test_a_mention_waits_for_the_fix_and_the_fix_reminds_whom_to_answer(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    token = mint(crisis)
    post(crisis, good_body(incident), token)
    # an insult with a real grievance: the card suggests hiding it, fixing the cause, then replying
    status, answer = post(
        crisis,
        good_body(
            incident,
            url="https://x.com/angry/status/3003",
            author="angry",
            text="You fucking idiots charged me $34.90 twice for order #55120, refund it",
        ),
        token,
    )
    assert status == 200 and answer["mention_class"] == "insult"
    assert answer["suggested_action"] == "hide_then_fix_and_reply"
    complaint_card, insult_card = mention_cards(crisis, incident)
    assert "then fix the cause and answer the person once it is solved" in str(insult_card["blocks"])

    crisis.join(incident.channel_id, "U0OTHER")  # type: ignore[arg-type]
    for card in (complaint_card, insult_card):
        crisis.click(card, ids.MENTION_AWAITING_FIX, "U0OTHER", channel_id=incident.channel_id)
    complaint_card, insult_card = mention_cards(crisis, incident)
    assert "To answer once the cause is fixed (set by <@U0OTHER>" in str(complaint_card["blocks"])
    assert "✓ Reply once fixed" in str(complaint_card["blocks"])
    with Session(crisis.context.engine) as session:
        assert {m.state for m in session.exec(select(Mention))} == {"awaiting_fix"}

    # the mention list shows which wait for the fix
    crisis.command("mentions", channel_id=incident.channel_id)
    listed = str(last_response(crisis)["blocks"])
    assert "2 waiting for the fix" in listed and "0 handled" in listed
    assert "https://x.com/sarah_m/status/1001" in listed and "https://x.com/angry/status/3003" in listed

    # one is answered: it leaves the list, and the responsible person is reminded of the other
    crisis.click(complaint_card, ids.MENTION_RESPONDED, "U0RESP", channel_id=incident.channel_id)
    [reminder] = [m for m in crisis.standin.dm_messages("U0RESP") if "was answered" in str(m.get("blocks"))]
    text = str(reminder["blocks"])
    assert "sarah_m/status/1001" in text and "answer these 1 mentions" in text
    assert "https://x.com/angry/status/3003" in text
    crisis.command("fixed", user_id="U0OTHER", channel_id=incident.channel_id)
    [fixed] = [
        m
        for m in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if "marked the cause as fixed" in str(m.get("blocks"))
    ]
    text = str(fixed["blocks"])
    assert "<@U0OTHER> marked the cause as fixed" in text and "<@U0RESP>, answer these 1 mentions" in text
    assert "https://x.com/angry/status/3003" in text and "sarah_m/status/1001" not in text
    [dm] = [m for m in crisis.standin.dm_messages("U0RESP") if "marked the cause" in str(m.get("blocks"))]
    assert "https://x.com/angry/status/3003" in str(dm["blocks"])
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        event = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "cause_fixed")).one()
    assert stored is not None and stored.cause_fixed_by_user_id == "U0OTHER"
    assert len(event.detail["waiting"]) == 1

    markdown = render_report(crisis.context, incident.id, "md")  # type: ignore[arg-type]
    section = markdown.split("### Waiting for the fix, then to be answered")[1].split("##")[0]
    assert "https://x.com/angry/status/3003" in section and "The cause was marked fixed" in section
    assert "marked the cause of the complaints as fixed" in markdown
    html = render_report(crisis.context, incident.id, "html")  # type: ignore[arg-type]
    assert "Waiting for the fix, then to be answered" in html
    assert_valid_payloads(crisis.standin)


@pytest.mark.parametrize(
    ("language", "words"), [("es", "responde ahora que está resuelto"), ("zh", "问题已解决，请现在回复")]
)
def test_the_fix_reminder_speaks_the_crisis_language(crisis: RunningApp, language: str, words: str) -> None:
    incident = open_crisis(crisis, language_input=language)
    post(crisis, good_body(incident), mint(crisis))
    [card] = mention_cards(crisis, incident)
    crisis.click(card, ids.MENTION_AWAITING_FIX, "U0RESP", channel_id=incident.channel_id)
    crisis.command("fixed", channel_id=incident.channel_id)
    assert words in channel_text(crisis, incident)


@pytest.fixture
def with_staff(engine: Engine, database_url: str, standin: SlackStandin) -> Iterator[RunningApp]:
    running = start_app(database_url, standin, crisis_employee_handles=("lumo_jane",))
    try:
        yield running
    finally:
        running.stop()


def test_an_employees_post_shows_its_source_on_the_card_and_in_the_report(with_staff: RunningApp) -> None:
    crisis = with_staff
    incident = open_crisis(crisis)
    status, answer = post(
        crisis,
        good_body(
            incident,
            url="https://x.com/Lumo_Jane/status/4004",
            author="@Lumo_Jane",
            text="Honestly our refunds team has been ignoring these tickets for weeks",
        ),
        mint(crisis),
    )
    assert status == 200 and answer["source_kind"] == "employee"
    assert answer["suggested_action"] == "talk_to_employee"
    [card] = mention_cards(crisis, incident)
    text = str(card["blocks"])
    assert "source: Employee" in text and "An employee of ours posted this" in text
    markdown = render_report(crisis.context, incident.id, "md")  # type: ignore[arg-type]
    assert "| Employee | 1 |" in markdown
    # reclassifying keeps the employee's action: who wrote it has not changed
    crisis.click(
        card,
        ids.MENTION_RECLASSIFY,
        "U0RESP",
        channel_id=incident.channel_id,
        option_value=f"{answer['mention_id']}:competitor",
    )
    with Session(crisis.context.engine) as session:
        mention = session.exec(select(Mention)).one()
    assert mention.mention_class == "competitor" and mention.suggested_action == "talk_to_employee"


def senior_prompts(crisis: RunningApp, incident: Incident) -> list[dict]:
    return [
        m
        for m in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if ids.SENIOR_SPOKESPERSON_PICK in str(m.get("blocks"))
    ]


def test_a_critical_crisis_asks_once_for_a_senior_spokesperson(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)  # opened critical
    [prompt] = senior_prompts(crisis, incident)
    assert "This crisis is critical. <@U0RESP>, name a senior spokesperson" in str(prompt["blocks"])
    crisis.click(prompt, ids.SENIOR_SPOKESPERSON_PICK, "U0RESP", channel_id=incident.channel_id)
    modal = crisis.last_view()
    assert modal["callback_id"] == ids.SPOKESPERSON_MODAL
    response = crisis.submit(modal, {ids.input_action(ids.SPOKESPERSON_USER): "U0OTHER"}, user_id="U0RESP")
    assert response.status == 200 and not response.view_error
    with Session(crisis.context.engine) as session:
        role = session.exec(select(IncidentRole)).one()
    assert (role.user_id, role.role, role.added_by_user_id) == ("U0OTHER", "spokesperson", "U0RESP")
    assert "U0OTHER" in crisis.standin.members(incident.channel_id)  # type: ignore[arg-type]
    assert "<@U0RESP> named <@U0OTHER> a spokesperson" in channel_text(crisis, incident)

    # lowered and raised again: still one prompt per crisis
    crisis.command("severity high", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.command("severity critical", user_id="U0RESP", channel_id=incident.channel_id)
    assert len(senior_prompts(crisis, incident)) == 1
    assert_valid_payloads(crisis.standin)


def test_raising_a_crisis_to_critical_asks_for_a_senior_spokesperson_and_the_policy_holds(
    crisis: RunningApp,
) -> None:
    incident = open_crisis(crisis, severity_input="high", language_input="zh")
    assert senior_prompts(crisis, incident) == []
    crisis.command("severity critical", user_id="U0RESP", channel_id=incident.channel_id)
    [prompt] = senior_prompts(crisis, incident)
    assert "这是一场严重危机" in str(prompt["blocks"])
    # someone with no standing in the crisis may open the picker, but adding is refused by the policy
    crisis.join(incident.channel_id, "U0OTHER")  # type: ignore[arg-type]
    crisis.click(prompt, ids.SENIOR_SPOKESPERSON_PICK, "U0OTHER", channel_id=incident.channel_id)
    crisis.submit(crisis.last_view(), {ids.input_action(ids.SPOKESPERSON_USER): "U0OTHER"}, user_id="U0OTHER")
    with Session(crisis.context.engine) as session:
        assert session.exec(select(IncidentRole)).all() == []
        refused = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "refused")).all()
    assert refused


def test_a_ping_slack_refused_is_sent_when_the_post_is_logged_again(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    token = mint(crisis)
    crisis.standin.fail_next("chat.postMessage", error="channel_not_found", times=2)  # card and ping
    assert post(crisis, good_body(incident, **INFLUENCER), token)[0] == 200
    assert pings(crisis, incident) == []
    assert post(crisis, good_body(incident, **INFLUENCER), token)[1]["duplicate"] is True
    assert len(pings(crisis, incident)) == 1 and len(mention_cards(crisis, incident)) == 1
    post(crisis, good_body(incident, **INFLUENCER), token)
    assert len(pings(crisis, incident)) == 1
