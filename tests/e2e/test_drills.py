"""`/crisis drill` end to end: the DRILL room on an accelerated clock, the scripted mentions fired by the
manual clock (no sleeps), leadership left out unless asked, and the scorecard on resolve."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.db import session_scope
from bot.core.models import Incident, Mention, require_id
from bot.demo.standin import SlackStandin
from bot.drills import drills
from bot.drills import script as drill_script
from bot.reports.service import render_report
from messages import ids
from tests.e2e.test_crisis_commands import last_response
from tests.e2e.test_open_crisis import open_crisis
from tests.e2e.test_statements import GOOD, card_of, propose
from tests.support.deadlines import fire, posted, publish_on, rows
from tests.support.running_app import START, RunningApp, assert_valid_payloads, start_app

SCALE = 24
RESPONSE_DUE = START + timedelta(minutes=30)  # 12 scenario hours at 24x
PUBLICATION_DUE = START + timedelta(hours=2)  # 48 scenario hours at 24x
SLOPPY = "We regret if anyone was offended. We are reviewing our policies."


def start_drill(crisis: RunningApp, text: str = "outage_our_fault", user_id: str = "U0OPENER") -> Incident:
    """Run `/crisis drill <text>` in #general; return the newest incident."""
    response = crisis.command(f"drill {text}", user_id=user_id)
    assert response.status == 200
    with Session(crisis.context.engine) as session:
        incident = session.exec(select(Incident).order_by(Incident.id.desc())).first()  # type: ignore[union-attr]
    assert incident is not None and incident.is_drill
    return incident


def incidents(crisis: RunningApp) -> list[Incident]:
    with Session(crisis.context.engine) as session:
        return list(session.exec(select(Incident)))


def drill_mentions(crisis: RunningApp) -> list[Mention]:
    with Session(crisis.context.engine) as session:
        return list(session.exec(select(Mention).order_by(Mention.id)))  # type: ignore[arg-type]


def blocks(message: dict) -> str:
    return json.dumps(message.get("blocks"), ensure_ascii=False)


def resolve(crisis: RunningApp, incident: Incident, user_id: str = "U0OPENER") -> dict:
    """Resolve through the modal; return the scorecard the bot posted."""
    crisis.command("resolve", user_id=user_id, channel_id=incident.channel_id)
    crisis.submit(crisis.last_view(), {"resolution_input": "Drill over."}, user_id=user_id)
    return scorecard(crisis, incident)


def scorecard(crisis: RunningApp, incident: Incident) -> dict:
    cards = [
        message
        for message in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if ids.DRILL_SCORECARD_BLOCK in blocks(message)
    ]
    assert len(cards) == 1, "one scorecard"
    return cards[0]


def test_drill_opens_a_drill_room_on_an_accelerated_clock(crisis: RunningApp) -> None:
    incident = start_drill(crisis)
    assert incident.title == "Drill: Technical problem, our fault"
    assert incident.case_key == "outage_our_fault" and incident.severity == "high"
    assert incident.responsible_user_id == incident.opener_user_id == "U0OPENER"
    assert incident.language == "en" and incident.first_negative_at == START
    assert incident.time_scale == SCALE and not incident.drill_reaches_leadership
    assert incident.channel_name == "drill-20260302-drill-technical-problem-our-fault"

    header = crisis.standin.messages(incident.channel_id)[0]  # type: ignore[arg-type]
    assert header["ts"] == incident.header_ts
    text = blocks(header)
    assert "🧪 DRILL Drill: Technical problem, our fault" in text and "24× speed" in text
    assert f"<!date^{int(RESPONSE_DUE.timestamp())}^" in text, "the header shows the real instant"
    assert f"<!date^{int(PUBLICATION_DUE.timestamp())}^" in text
    started = blocks(last_response(crisis))
    assert f"<#{incident.channel_id}>" in started and "Leadership is not told" in started

    planned = {(row.mark, row.kind, row.due_at) for row in rows(crisis.context.engine, require_id(incident))}
    warning, grace = timedelta(hours=2) / SCALE, timedelta(minutes=30) / SCALE
    assert {
        ("response_12h", "warning", RESPONSE_DUE - warning),
        ("response_12h", "due", RESPONSE_DUE),
        ("response_12h", "escalation", RESPONSE_DUE + grace),
        ("publication_48h", "due", PUBLICATION_DUE),
        ("daily:constant_updates", "daily", START + timedelta(hours=1)),  # a scenario day
    } <= planned
    wave = drill_script.wave("outage_our_fault")
    assert sorted(due for mark, kind, due in planned if kind == "drill_mention") == [
        START + entry.offset / SCALE for entry in wave
    ]

    crisis.replay()  # the same typed command again opens nothing more
    assert len(incidents(crisis)) == 1
    assert assert_valid_payloads(crisis.standin) > 0


def test_scripted_mentions_arrive_at_their_scaled_times_exactly_once(crisis: RunningApp) -> None:
    incident = start_drill(crisis)
    wave = drill_script.wave("outage_our_fault")
    first = fire(crisis, START)
    assert posted(first) == [("drill:1", "drill_mention")] and first[0].channel == incident.channel_id
    assert fire(crisis) == [], "fired twice, posted once"
    [mention] = drill_mentions(crisis)
    assert mention.text == wave[0].text("en") and mention.posted_at == START and mention.logged_by == "drill"
    assert mention.card_ts and mention.url.startswith("https://drill.example/")

    second_at = START + wave[1].offset / SCALE  # +1h of scenario: 2.5 minutes
    assert fire(crisis, second_at - timedelta(seconds=1)) == []
    assert posted(fire(crisis, second_at)) == [("drill:2", "drill_mention")]
    assert fire(crisis, second_at) == []

    # the 12-hour mark falls 30 real minutes in; the posts due by then come first, each once
    assert not [f for f in fire(crisis, RESPONSE_DUE - timedelta(seconds=1)) if f.kind == "due"]
    due = fire(crisis, RESPONSE_DUE)
    assert posted(due) == [("response_12h", "due")] and due[0].outcome == "missed"
    assert "is not met" in blocks(crisis.standin.messages(incident.channel_id)[-1])  # type: ignore[arg-type]
    fire(crisis, START + wave[-1].offset / SCALE)
    fire(crisis, START + wave[-1].offset / SCALE)
    stored = drill_mentions(crisis)
    assert [m.text for m in stored] == [entry.text("en") for entry in wave]
    assert [m.mention_class for m in stored] == [entry.expect for entry in wave]
    cards = [m for m in crisis.standin.messages(incident.channel_id) if ids.MENTION_ACTIONS_BLOCK in str(m)]  # type: ignore[arg-type]
    assert len(cards) == len(wave)
    assert incident.first_negative_at == START, "scripted posts never move the first post earlier"


def test_a_card_slack_refused_is_posted_on_the_next_tick(crisis: RunningApp) -> None:
    incident = start_drill(crisis)
    crisis.standin.fail_next("chat.postMessage", error="fatal_error")
    assert [(f.mark, f.result) for f in fire(crisis, START)] == [("drill:1", "retry")]
    assert len(drill_mentions(crisis)) == 1, "stored at once, card missing"
    assert posted(fire(crisis, START + timedelta(seconds=30))) == [("drill:1", "drill_mention")]
    assert len(drill_mentions(crisis)) == 1 and drill_mentions(crisis)[0].card_ts
    cards = [m for m in crisis.standin.messages(incident.channel_id) if ids.MENTION_ACTIONS_BLOCK in str(m)]  # type: ignore[arg-type]
    assert len(cards) == 1


def test_a_drill_never_reaches_the_leadership_channel(crisis_with_leaders: RunningApp, leaders: str) -> None:
    crisis = crisis_with_leaders
    incident = start_drill(crisis)
    propose(crisis, incident, GOOD)
    crisis.click(card_of(crisis, incident, latest=True), ids.STATEMENT_APPROVE, "U0OPENER")
    crisis.command("severity critical", user_id="U0OPENER", channel_id=incident.channel_id)
    escalation = fire(crisis, PUBLICATION_DUE + timedelta(minutes=30) / SCALE)
    assert ("publication_48h", "escalation") in posted(escalation)
    assert all(item.channel == incident.channel_id for item in escalation if item.result == "posted")
    assert crisis.standin.messages(leaders) == []
    with Session(crisis.context.engine) as session:
        assert session.get(Incident, incident.id).leadership_ts is None  # type: ignore[union-attr]


def test_a_drill_started_with_leadership_is_mirrored(crisis_with_leaders: RunningApp, leaders: str) -> None:
    crisis = crisis_with_leaders
    incident = start_drill(crisis, "data_leak 48 leadership")
    assert incident.drill_reaches_leadership and incident.time_scale == 48
    assert "Leadership follows it" in blocks(last_response(crisis))
    parent = crisis.standin.messages(leaders)[0]
    assert "🧪 DRILL" in blocks(parent) and "🧪 DRILL" in parent["text"]
    escalation = fire(crisis, START + timedelta(hours=12) / 48 + timedelta(minutes=30) / 48)
    assert ("response_12h", "escalation") in posted(escalation)
    assert [item.channel for item in escalation if item.kind == "escalation"] == [leaders]
    assert crisis.standin.messages(leaders)[-1]["thread_ts"] == parent["ts"]


def test_a_worked_drill_scores_both_marks_met_and_no_findings(crisis: RunningApp) -> None:
    incident = start_drill(crisis)
    fire(crisis, START)
    crisis.clock.set(START + timedelta(minutes=20))
    propose(crisis, incident, GOOD, platforms=["facebook", "x"])
    crisis.click(card_of(crisis, incident, latest=True), ids.STATEMENT_APPROVE, "U0OPENER")
    crisis.clock.set(START + timedelta(minutes=50))
    publish_on(crisis, incident, "facebook", "x")
    fire(crisis, PUBLICATION_DUE + timedelta(minutes=5))
    card = resolve(crisis, incident)
    text = blocks(card)
    assert "Response prepared and approved (12h): met" in text
    assert "Response published on every platform (48h): met" in text
    assert "Statement check findings: 0 · drafts proposed: 1" in text
    assert "First response approved after 8.0 scenario hours." in text
    with session_scope(crisis.context.engine) as session:
        result = drills.score(session, require_id(incident))
    assert [(item.mark, item.result) for item in result.marks] == [
        ("response_12h", "met"),
        ("publication_48h", "met"),
    ]
    assert result.findings_by_rule == {} and result.scenario_hours_to_approval == 8.0
    checks = {check.key: check.passed for check in result.checks}
    assert checks["mark.response_12h"] and checks["mark.publication_48h"] and checks["clean_message"]
    assert not checks["mentions_handled"], "the scripted posts were never handled"
    assert result.mentions_total == len(drill_script.wave("outage_our_fault")) == result.mentions_open

    markdown = render_report(crisis.context, require_id(incident), "md")
    assert "## Drill score" in markdown and "| met |" in markdown
    assert "First response approved after 8.0 scenario hours." in markdown
    assert "<h2>Drill score</h2>" in render_report(crisis.context, require_id(incident), "html")
    assert assert_valid_payloads(crisis.standin) > 0


def test_a_sloppy_drill_scores_misses_and_lists_the_linter_rules(crisis: RunningApp) -> None:
    incident = start_drill(crisis)
    fire(crisis, START)
    crisis.clock.set(START + timedelta(minutes=10))
    propose(crisis, incident, SLOPPY, platforms=["facebook"])
    crisis.clock.set(START + timedelta(minutes=45))
    text = blocks(resolve(crisis, incident))
    assert "Response prepared and approved (12h): missed" in text
    assert "Response published on every platform (48h): missed" in text, "resolved before it: a miss"
    assert "No response was approved." in text and "Non-apology × 1" in text
    assert "0 of 5 checks passed" in text
    with session_scope(crisis.context.engine) as session:
        result = drills.score(session, require_id(incident))
    assert result.findings_by_rule["non_apology"] == 1 and result.findings_total >= 2
    assert result.passed == 0 and result.ended
    assert fire(crisis, START + timedelta(hours=3)) == [], "the scripted posts stop with the drill"


def test_a_real_crisis_gets_no_scorecard(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    crisis.command("resolve", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.submit(crisis.last_view(), {"resolution_input": "Done."}, user_id="U0RESP")
    assert ids.DRILL_SCORECARD_BLOCK not in str(crisis.standin.messages(incident.channel_id))  # type: ignore[arg-type]


def test_bad_drill_commands_explain_and_open_nothing(crisis: RunningApp) -> None:
    crisis.command("drill")
    listed = blocks(last_response(crisis))
    assert "Playbooks you can rehearse" in listed and "`data_leak`" in listed and "There is no" not in listed
    crisis.command("drill nonsense")
    assert "There is no playbook `nonsense` to rehearse." in blocks(last_response(crisis))
    crisis.command("drill " + "x" * 5000)
    assert "There is no playbook" in blocks(last_response(crisis))
    crisis.command("drill data_leak 0")
    assert "between 1 and 720" in blocks(last_response(crisis))
    crisis.command("drill data_leak 24 please")
    assert "I don't understand `please`" in blocks(last_response(crisis))
    crisis.command("drill data_leak @channel")
    assert "<!channel>" not in blocks(last_response(crisis))
    crisis.standin.fail_next("conversations.create", error="restricted_action")
    crisis.command("drill data_leak")
    assert "restricted_action" in blocks(last_response(crisis))
    assert incidents(crisis) == []


def test_a_drill_can_start_from_any_channel(crisis: RunningApp) -> None:
    real = open_crisis(crisis)
    crisis.command("drill disinformation 12x", user_id="U0RESP", channel_id=real.channel_id)
    drill = next(incident for incident in incidents(crisis) if incident.is_drill)
    assert drill.time_scale == 12 and drill.responsible_user_id == "U0RESP"
    assert drill.channel_id != real.channel_id and "U0RESP" in crisis.standin.members(drill.channel_id)  # type: ignore[arg-type]


def test_help_lists_the_drill_command(crisis: RunningApp) -> None:
    crisis.command("help")
    assert "/crisis drill case [speed] [leadership]" in blocks(last_response(crisis))


@pytest.mark.parametrize(
    ("language", "title", "marker"),
    [
        ("es", "Simulacro: Problema técnico: la culpa es de la empresa", "🧪 SIMULACRO"),
        ("zh", "演练：技术问题（我方责任）", "🧪 演练"),
    ],
)
def test_drills_speak_the_workspace_language(
    engine: Engine, database_url: str, standin: SlackStandin, language: str, title: str, marker: str
) -> None:
    crisis = start_app(database_url, standin, crisis_language=language)
    try:
        incident = start_drill(crisis)
        assert incident.title == title and incident.language == language
        assert marker in blocks(crisis.standin.messages(incident.channel_id)[0])  # type: ignore[arg-type]
        fire(crisis, START)
        assert drill_mentions(crisis)[0].text == drill_script.wave("outage_our_fault")[0].text(language)
        text = blocks(resolve(crisis, incident))
        assert ("Puntuación del simulacro" if language == "es" else "演练得分") in text
        assert assert_valid_payloads(crisis.standin) > 0
    finally:
        crisis.stop()
