"""`POST /webhooks/mentions` over real HTTP: auth, validation, size limit, idempotency, incident keys,
the card it posts and the first negative post it moves."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.app.web import MAX_WEBHOOK_BODY
from bot.core.models import DeadlineMark, Incident, Mention, TimelineEvent, require_id
from bot.mentions import webhook_tokens
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import START, RunningApp, assert_valid_payloads


def mint(crisis: RunningApp, team_id: str = "T0001") -> str:
    """A fresh bearer token for workspace `team_id`."""
    with Session(crisis.context.engine) as session:
        minted = webhook_tokens.mint(session, team_id, crisis.clock.now(), "test")
        session.commit()
    return minted.secret


def post(
    crisis: RunningApp,
    body: bytes | dict[str, Any],
    token: str | None,
    headers: dict[str, str] | None = None,
    method: str = "POST",
) -> tuple[int, dict[str, Any]]:
    """Send a request to the webhook; returns (status, parsed JSON body)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        crisis.url + "/webhooks/mentions",
        data=data if method == "POST" else None,
        method=method,
        headers=all_headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    crisis.settle()
    return status, json.loads(text)


def good_body(target: Incident, **changes: Any) -> dict[str, Any]:
    """A valid webhook body for the `target` incident."""
    return {
        "incident": target.channel_name,
        "platform": "twitter",
        "url": "https://x.com/sarah_m/status/1001",
        "author": "sarah_m",
        "author_followers": 310,
        "text": "@lumo I was charged twice for order #48213 yesterday. Please refund the second $34.90.",
        "posted_at": (START - timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
        "reach": 5200,
        **changes,
    }


@pytest.fixture
def incident(crisis: RunningApp) -> Incident:
    return open_crisis(crisis)


def cards(crisis: RunningApp, incident: Incident) -> list[dict]:
    """The mention cards in the incident channel."""
    return [
        m
        for m in crisis.standin.messages(incident.channel_id)  # type: ignore[arg-type]
        if "mention_actions" in str(m.get("blocks"))
    ]


def test_good_request_logs_classifies_and_posts_a_card(crisis: RunningApp, incident: Incident) -> None:
    token = mint(crisis)
    status, body = post(crisis, good_body(incident), token)
    assert status == 200, body
    assert body["ok"] and body["duplicate"] is False
    assert body["mention_class"] == "complaint" and body["suggested_action"] == "respond_publicly"
    assert body["incident_id"] == incident.id

    with Session(crisis.context.engine) as session:
        mention = session.exec(select(Mention)).one()
        kinds = [e.kind for e in session.exec(select(TimelineEvent).order_by(TimelineEvent.id))]
    assert mention.url == "https://x.com/sarah_m/status/1001" and mention.platform == "twitter"
    assert mention.reach == 5200 and mention.author_followers == 310
    assert mention.posted_at == START - timedelta(hours=1)
    assert mention.logged_by.startswith("webhook:") and mention.state == "open"
    assert "mention_logged" in kinds

    [card] = cards(crisis, incident)
    assert mention.card_ts == card["ts"]
    text = str(card["blocks"])
    assert "Genuine complaint" in text and "Answer publicly and personally" in text
    assert "sarah_m" in text and "<https://x.com/sarah_m/status/1001|open the post>" in text
    assert "order #48213" in text
    # posted after the first negative post (START - 3 h): the deadlines stay where they were
    with Session(crisis.context.engine) as session:
        assert session.get(Incident, incident.id).first_negative_at == START - timedelta(hours=3)  # type: ignore[union-attr]
    assert_valid_payloads(crisis.standin)


def test_an_earlier_post_moves_the_first_negative_post_and_the_header(
    crisis: RunningApp, incident: Incident
) -> None:
    token = mint(crisis)
    earlier = START - timedelta(hours=7)
    status, _ = post(crisis, good_body(incident, posted_at=earlier.isoformat()), token)
    assert status == 200
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        moved = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "first_negative_moved")).one()
    assert stored is not None and stored.first_negative_at == earlier
    assert moved.detail["first_negative_at"] == earlier.isoformat()
    header = crisis.standin.find_message(incident.header_ts)[1]  # type: ignore[arg-type,index]
    assert f"<!date^{int(earlier.timestamp()) + 12 * 3600}^" in str(header["blocks"])
    with Session(crisis.context.engine) as session:
        pending = session.exec(
            select(DeadlineMark).where(
                DeadlineMark.incident_id == incident.id,
                DeadlineMark.mark == "response_12h",
                DeadlineMark.kind == "due",
                DeadlineMark.state == "pending",
            )
        ).all()
    assert [row.due_at for row in pending] == [earlier + timedelta(hours=12)], "the deadlines moved too"


def test_bad_missing_or_revoked_token_is_401_and_changes_nothing(
    crisis: RunningApp, incident: Incident
) -> None:
    token = mint(crisis)
    before = len(crisis.standin.calls)
    assert post(crisis, good_body(incident), token + "x")[0] == 401
    assert post(crisis, good_body(incident), None) == (401, {"ok": False, "error": "invalid_token"})
    assert post(crisis, good_body(incident), "", headers={"Authorization": f"Basic {token}"})[0] == 401
    with Session(crisis.context.engine) as session:
        row = webhook_tokens.authenticate(session, f"Bearer {token}")
        assert row is not None
        webhook_tokens.revoke(session, require_id(row), crisis.clock.now())
        session.commit()
    assert post(crisis, good_body(incident), token)[0] == 401
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Mention)).all() == []
        assert all(row.token_hash != token for row in webhook_tokens.list_tokens(session))
    assert len(crisis.standin.calls) == before


def test_missing_and_wrong_typed_fields_are_listed(crisis: RunningApp, incident: Incident) -> None:
    token = mint(crisis)
    status, body = post(crisis, {"incident": incident.channel_name, "reach": "lots", "author": 7}, token)
    assert status == 400 and body["ok"] is False and body["error"] == "invalid_request"
    assert set(body["fields"]) == {"url", "platform", "text", "posted_at", "reach", "author"}

    status, body = post(
        crisis,
        good_body(
            incident,
            url="ftp://example.com/x",
            posted_at="2026-03-02T08:00:00",
            reach=-1,
            text="x" * 5001,
        ),
        token,
    )
    assert status == 400 and set(body["fields"]) == {"url", "posted_at", "reach", "text"}
    assert "time zone" in body["fields"]["posted_at"]

    future = (START + timedelta(hours=2)).isoformat()
    assert post(crisis, good_body(incident, posted_at=future), token)[1]["fields"] == {
        "posted_at": "must be within the last 366 days and not more than 5 minutes in the future"
    }
    no_incident = good_body(incident)
    del no_incident["incident"]
    assert "incident" in post(crisis, no_incident, token)[1]["fields"]
    for raw in (b"{not json", b"[1, 2]", "{}".encode("utf-16")):
        status, body = post(crisis, raw, token)
        assert status == 400 and "body" in body["fields"]
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Mention)).all() == []


def test_huge_body_is_413_before_it_is_read(crisis: RunningApp, incident: Incident) -> None:
    token = mint(crisis)
    huge = good_body(incident, text="spam " * (MAX_WEBHOOK_BODY // 4))
    status, body = post(crisis, huge, token)
    assert status == 413 and body == {"ok": False, "error": "body_too_large", "limit": MAX_WEBHOOK_BODY}
    # the limit holds without a token too: nothing is read or parsed
    assert post(crisis, huge, None)[0] == 413
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Mention)).all() == []


def test_duplicate_url_answers_the_same_and_posts_no_second_card(
    crisis: RunningApp, incident: Incident
) -> None:
    token = mint(crisis)
    first_status, first = post(crisis, good_body(incident), token)
    # the same post again, as a listening tool's retry would send it (URL with a #fragment, new text)
    again_status, again = post(
        crisis, good_body(incident, url="https://X.com/sarah_m/status/1001#reply", text="edited"), token
    )
    assert first_status == again_status == 200
    assert again == {**first, "duplicate": True}
    with Session(crisis.context.engine) as session:
        assert len(session.exec(select(Mention)).all()) == 1
    assert len(cards(crisis, incident)) == 1


def test_slack_failure_keeps_the_mention_and_a_retry_posts_the_card(
    crisis: RunningApp, incident: Incident
) -> None:
    token = mint(crisis)
    crisis.standin.fail_next("chat.postMessage", error="channel_not_found")
    status, body = post(crisis, good_body(incident), token)
    assert status == 200 and body["duplicate"] is False
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Mention)).one().card_ts is None
    assert cards(crisis, incident) == []

    status, body = post(crisis, good_body(incident), token)
    assert status == 200 and body["duplicate"] is True
    [card] = cards(crisis, incident)
    with Session(crisis.context.engine) as session:
        assert session.exec(select(Mention)).one().card_ts == card["ts"]


def test_unknown_incident_is_404_by_name_id_or_other_workspace(
    crisis: RunningApp, incident: Incident
) -> None:
    token = mint(crisis)
    assert post(crisis, good_body(incident, incident="crisis-nope"), token) == (
        404,
        {"ok": False, "error": "incident_not_found"},
    )
    body = good_body(incident, incident_id=incident.id + 100)  # type: ignore[operator]
    del body["incident"]
    assert post(crisis, body, token)[0] == 404
    # another workspace's token cannot reach this workspace's incident
    assert post(crisis, good_body(incident), mint(crisis, "T0OTHER"))[0] == 404
    # by incident id and by channel id work
    by_id = good_body(incident, url="https://x.com/a/status/2", incident_id=incident.id)
    del by_id["incident"]
    assert post(crisis, by_id, token)[0] == 200
    assert (
        post(
            crisis, good_body(incident, url="https://x.com/a/status/3", incident=incident.channel_id), token
        )[0]
        == 200
    )


def test_resolved_incident_is_409_and_get_is_405(crisis: RunningApp, incident: Incident) -> None:
    token = mint(crisis)
    crisis.command("resolve", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.submit(crisis.last_view(), {"resolution_input": "Over."}, user_id="U0RESP")
    assert post(crisis, good_body(incident), token) == (409, {"ok": False, "error": "incident_not_open"})
    assert post(crisis, b"", token, method="GET")[0] == 405


def test_spam_and_source_are_counted(crisis: RunningApp, incident: Incident) -> None:
    token = mint(crisis)
    text = "Lumo never refunds anyone, I have been waiting 3 weeks for my refund, total joke"
    for number in range(3):
        status, body = post(
            crisis,
            good_body(incident, url=f"https://x.com/angry_al/status/{number}", author="angry_al", text=text),
            token,
        )
        assert status == 200
    assert body["mention_class"] == "spam_duplicate"
    with Session(crisis.context.engine) as session:
        rows = session.exec(select(Mention).order_by(Mention.id)).all()  # type: ignore[arg-type]
    assert [row.mention_class for row in rows][1:] == ["spam_duplicate", "spam_duplicate"]
    assert rows[1].duplicate_of_id == rows[0].id and rows[2].duplicate_of_id == rows[0].id
    last_card = cards(crisis, incident)[-1]
    assert "Repeats mention" in str(last_card["blocks"]) and f"|#{rows[0].id}>" in str(last_card["blocks"])


def test_the_same_post_sent_twice_at_once_makes_one_mention_and_one_card(
    crisis: RunningApp, incident: Incident
) -> None:
    token = mint(crisis)
    answers: list[tuple[int, dict[str, Any]]] = []

    def send() -> None:
        answers.append(post(crisis, good_body(incident), token))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in answers) == [200] * 4
    assert sorted(body["duplicate"] for _, body in answers) == [False, True, True, True]
    with Session(crisis.context.engine) as session:
        assert len(session.exec(select(Mention)).all()) == 1
    assert len(cards(crisis, incident)) == 1
