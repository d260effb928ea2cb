"""Statements domain: drafts, decisions, roles, publications, the deadline queries, and the database
guarantee of one approved message when two approvals race (on PostgreSQL when DATABASE_URL is set)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.core.db import session_scope
from bot.core.errors import CrisisError, NotAllowed
from bot.core.models import Incident, Statement
from bot.core.states import IncidentStatus, Role
from bot.statements import statements
from bot.statements.service import SECTION_LIMIT, StatementDesk, text_chunks
from bot.statements.statements import DecidedMeanwhile, DraftRequest
from messages.markup import escape_mrkdwn

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GOOD = (
    "Yesterday our payment system double-charged 2,000 customers. We are sorry. "
    "We will refund within 5 days. Next update at 18:00 today."
)


def make_incident(engine: Engine, language: str = "en") -> int:
    with session_scope(engine) as session:
        incident = Incident(
            team_id="T0001",
            channel_id=f"C{language.upper()}1",
            channel_name="crisis-test",
            title="Double charges",
            case_key="outage_our_fault",
            severity="high",
            language=language,
            responsible_user_id="U0RESP",
            opener_user_id="U0OPENER",
            first_negative_at=NOW - timedelta(hours=2),
            status=IncidentStatus.OPEN,
            created_at=NOW,
        )
        session.add(incident)
        session.flush()
        return incident.id  # type: ignore[return-value]


def draft(engine: Engine, incident_id: int, text: str = GOOD, platforms: tuple[str, ...] = ("x",)) -> int:
    with session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        request = DraftRequest("U0OPENER", text, platforms, "informative")
        return statements.propose(session, incident, request, NOW).id  # type: ignore[return-value]


def approve(engine: Engine, statement_id: int, user: str = "U0RESP", at: datetime = NOW) -> None:
    with session_scope(engine) as session:
        statements.approve(session, statement_id, user, at)


def test_validate_draft() -> None:
    assert statements.validate_draft(GOOD, ("x",), "neutral") == {}
    assert set(statements.validate_draft("  ", (), "loud")) == {"text", "platforms", "tone"}
    assert statements.validate_draft("x" * 3001, ("myspace",), "social") == {
        "text": "statements.errors.text_too_long",
        "platforms": "statements.errors.platform_unknown",
    }


def test_drafts_are_numbered_linted_and_decided_once(engine: Engine) -> None:
    incident_id = make_incident(engine)
    first = draft(engine, incident_id, "We regret if anyone was offended.")
    second = draft(engine, incident_id)
    with Session(engine) as session:
        rows = statements.statements(session, incident_id)
    assert [row.number for row in rows] == [1, 2]
    assert rows[0].findings[0] == {
        "rule": "non_apology",
        "severity": "warning",
        "quote": "We regret if",
        "message": rows[0].findings[0]["message"],
    }
    assert rows[1].findings == []

    with pytest.raises(NotAllowed), session_scope(engine) as session:
        statements.approve(session, first, "U0OTHER", NOW)
    with pytest.raises(CrisisError) as reason_missing, session_scope(engine) as session:
        statements.decline(session, first, "U0RESP", "rejected", " ", NOW)
    assert reason_missing.value.key == "statements.errors.reason_required"
    with session_scope(engine) as session:
        statements.decline(session, first, "U0RESP", "changes_requested", "Apologise plainly.", NOW)
    with pytest.raises(CrisisError) as decided, session_scope(engine) as session:
        statements.approve(session, first, "U0RESP", NOW)
    assert decided.value.key == "statements.errors.already_changes_requested"
    approve(engine, second)
    with pytest.raises(CrisisError) as again, session_scope(engine) as session:
        statements.approve(session, second, "U0RESP", NOW)
    assert again.value.key == "statements.errors.already_approved"
    assert again.value.params["version"] == 1


def test_a_block_finding_keeps_a_draft_from_approval(engine: Engine) -> None:
    incident_id = make_incident(engine)
    blocked = draft(engine, incident_id, "@here " + GOOD)
    with pytest.raises(CrisisError) as refused, session_scope(engine) as session:
        statements.approve(session, blocked, "U0RESP", NOW)
    assert refused.value.key == "statements.errors.blocked" and refused.value.params["quote"] == "@here"


def test_roles_and_who_decides(engine: Engine) -> None:
    incident_id = make_incident(engine)
    with session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        with pytest.raises(NotAllowed):
            statements.add_role(session, incident, "U0OTHER", Role.APPROVER, "U0OPENER", NOW)
        with pytest.raises(NotAllowed):
            statements.add_role(session, incident, "U0OTHER", Role.SPOKESPERSON, "U0OPENER", NOW)
        assert statements.add_role(session, incident, "U0OTHER", Role.APPROVER, "U0RESP", NOW)
        assert not statements.add_role(session, incident, "U0OTHER", Role.APPROVER, "U0RESP", NOW)
        statements.check_may_decide(session, incident, "U0OTHER", NOW)  # no NotAllowed
        # an approver may name spokespeople, but not more approvers
        assert statements.add_role(session, incident, "U0OPENER", Role.SPOKESPERSON, "U0OTHER", NOW)
        with pytest.raises(NotAllowed):
            statements.add_role(session, incident, "U0OPENER", Role.APPROVER, "U0OTHER", NOW)
        assert statements.role_holders(session, incident_id, Role.SPOKESPERSON) == ["U0OPENER"]
        assert statements.remove_role(session, incident, "U0OTHER", Role.APPROVER, "U0RESP", NOW)
        assert not statements.remove_role(session, incident, "U0OTHER", Role.APPROVER, "U0RESP", NOW)
        with pytest.raises(NotAllowed):
            statements.check_may_decide(session, incident, "U0OTHER", NOW)


def test_deadline_queries_follow_the_current_version(engine: Engine) -> None:
    incident_id = make_incident(engine)
    with Session(engine) as session:
        assert statements.approved_statement(session, incident_id) is None
        assert statements.first_approval_at(session, incident_id) is None
        assert statements.target_platforms(session, incident_id) == []
        assert not statements.published_everywhere(session, incident_id)
    first = draft(engine, incident_id, platforms=("facebook", "x"))
    approve(engine, first, at=NOW + timedelta(hours=1))
    with session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        assert statements.target_platforms(session, incident_id) == ["x", "facebook"]  # PLATFORMS order
        statements.record_publication(session, incident, "facebook", "https://fb.example/1", "U0OTHER", NOW)  # type: ignore[arg-type]
        assert not statements.published_everywhere(session, incident_id)
        record = statements.record_publication(
            session,
            incident,  # type: ignore[arg-type]
            "x",
            "https://x.example/1",
            "U0OTHER",
            NOW,
            posted_text=GOOD.replace("5 days", "3 days"),
        )
        assert record.everywhere and record.comparison is not None
        # the guide's kind for a deadline is date_time; both sides are quoted as whole sentences
        assert [(d.kind, d.approved, d.spoken) for d in record.comparison.differences] == [
            ("date_time", "We will refund within 5 days.", "We will refund within 3 days.")
        ]
    second = draft(engine, incident_id, platforms=("x",))
    approve(engine, second, at=NOW + timedelta(hours=5))
    with Session(engine) as session:
        assert statements.first_approval_at(session, incident_id) == NOW + timedelta(hours=1)
        assert statements.approved_statement(session, incident_id).id == second  # type: ignore[union-attr]
        assert not statements.published_everywhere(session, incident_id)
        assert statements.unpublished_platforms(session, incident_id) == ["x"]


def test_the_database_allows_one_approved_statement_per_incident(engine: Engine) -> None:
    incident_id = make_incident(engine)
    first, second = draft(engine, incident_id), draft(engine, incident_id)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        for statement_id, version in ((first, 1), (second, 2)):
            row = session.get(Statement, statement_id)
            row.status, row.version = "approved", version  # type: ignore[union-attr]
            session.add(row)
            session.flush()
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        for statement_id in (first, second):
            row = session.get(Statement, statement_id)
            row.status, row.version = "superseded", 1  # type: ignore[union-attr]
            session.add(row)
            session.flush()


def _race(engine: Engine, monkeypatch: pytest.MonkeyPatch, clicks: list[tuple[int, str]]) -> list[object]:
    """Approve concurrently; every approval reads the current approved version before any of them writes."""
    barrier = threading.Barrier(len(clicks), timeout=15)
    original = statements.approved_statement

    def read_then_wait(session: Session, incident_id: int) -> Statement | None:
        found = original(session, incident_id)
        barrier.wait()
        return found

    monkeypatch.setattr(statements, "approved_statement", read_then_wait)
    outcomes: list[object] = [None] * len(clicks)

    def click(index: int, statement_id: int, user: str) -> None:
        try:
            with session_scope(engine) as session:
                outcomes[index] = statements.approve(session, statement_id, user, NOW).statement.id
        except (IntegrityError, DecidedMeanwhile) as error:
            outcomes[index] = error

    threads = [
        threading.Thread(target=click, args=(index, statement_id, user))
        for index, (statement_id, user) in enumerate(clicks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    monkeypatch.undo()
    return outcomes


def _approved(engine: Engine, incident_id: int) -> list[Statement]:
    with Session(engine) as session:
        query = select(Statement).where(Statement.incident_id == incident_id, Statement.status == "approved")
        return list(session.exec(query))


def test_two_sessions_approving_the_same_draft_one_wins(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident_id = make_incident(engine)
    statement_id = draft(engine, incident_id)
    with session_scope(engine) as session:
        incident = session.get(Incident, incident_id)
        statements.add_role(session, incident, "U0OTHER", Role.APPROVER, "U0RESP", NOW)  # type: ignore[arg-type]
    outcomes = _race(engine, monkeypatch, [(statement_id, "U0RESP"), (statement_id, "U0OTHER")])
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["DecidedMeanwhile", "int"]
    [approved] = _approved(engine, incident_id)
    assert approved.version == 1
    with Session(engine) as session:
        lost = statements.explain_lost_race(session, statement_id)
    assert lost.key == "statements.errors.already_approved" and lost.params["decided_user"] in (
        "U0RESP",
        "U0OTHER",
    )


@pytest.mark.parametrize("with_previous", [False, True])
def test_two_drafts_approved_at_once_leave_one_approved(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, with_previous: bool
) -> None:
    incident_id = make_incident(engine)
    if with_previous:
        approve(engine, draft(engine, incident_id))
    first, second = draft(engine, incident_id), draft(engine, incident_id)
    outcomes = _race(engine, monkeypatch, [(first, "U0RESP"), (second, "U0RESP")])
    winners = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(winners) == 1, outcomes
    [approved] = _approved(engine, incident_id)
    assert approved.id == winners[0] and approved.version == (2 if with_previous else 1)
    loser = second if winners[0] == first else first
    with Session(engine) as session:
        lost = statements.explain_lost_race(session, loser)
        assert statements.get(session, loser)[0].status == "proposed"
    assert (
        lost.key == "statements.errors.other_approved_meanwhile"
        and lost.params["version"] == approved.version
    )


def test_text_chunks_fit_sections_after_escaping() -> None:
    assert text_chunks("One.\n\nTwo.") == ["One.\n\nTwo."]
    nasty = "&<>" * 2000
    chunks = text_chunks(nasty)
    assert "".join(chunks) == nasty and all(len(escape_mrkdwn(chunk)) <= SECTION_LIMIT for chunk in chunks)
    paragraphs = "\n\n".join(["word " * 300] * 4)
    chunks = text_chunks(paragraphs)
    assert len(chunks) > 1 and all(len(escape_mrkdwn(chunk)) <= SECTION_LIMIT for chunk in chunks)
    assert all(not chunk.startswith("\n") for chunk in chunks)


@pytest.mark.parametrize(
    ("language", "text", "label", "quote"),
    [
        ("zh", "是你没看说明。", "归咎于客户", "是你没看说明"),
        ("es", "Lamentamos si alguien se sintió ofendido.", "Falsa disculpa", "Lamentamos si"),
        ("en", "We are reviewing our policies.", "Vague action", "reviewing our policies"),
    ],
)
def test_card_shows_findings_in_the_incident_language(
    engine: Engine, language: str, text: str, label: str, quote: str
) -> None:
    incident_id = make_incident(engine, language)
    statement_id = draft(engine, incident_id, text)
    with Session(engine) as session:
        statement, incident = statements.get(session, statement_id)
    card = StatementDesk(None).card_message(incident, statement, [])  # type: ignore[arg-type]
    shown = str(card.blocks)
    assert label in shown and quote in shown
    assert statement.findings[0]["message"] in shown.replace("\\n", "\n") or language == "en"
