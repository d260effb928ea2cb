"""Private crises end to end: an invite-only channel, and nothing private in any place its members are not
all in — the leadership channel hears one neutral line, the Home tab no title, spokespeople get no
approved text by DM — until the responsible person shares the crisis with leadership."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.core.models import Incident, TimelineEvent
from bot.demo.standin import BOT_USER_ID
from bot.incidents.incidents import shares_outside
from messages import ids
from tests.e2e.test_home import open_home
from tests.e2e.test_open_crisis import open_crisis
from tests.e2e.test_statements import propose
from tests.support.deadlines import RESPONSE_DUE, fire, posted
from tests.support.running_app import RunningApp, assert_valid_payloads

TITLE = "Customer list leaked on a forum"
DESCRIPTION = "A spreadsheet with 3,000 customer e-mails was posted on a hacking forum."
UPDATE = "Forum moderators removed the spreadsheet; passwords were never in it."


def leak(crisis: RunningApp) -> tuple[Incident, str]:
    """A leadership channel nobody of the crisis is in, then a data-leak crisis opened with the private
    box left unchecked (a leak is always private). Returns the incident and the leadership channel."""
    crisis.standin.add_user("U0BOARD", "board", "Bea Board")
    leaders = crisis.standin.add_channel("leadership", members=["U0BOARD"])
    crisis.context.settings = dataclasses.replace(
        crisis.context.settings, crisis_leadership_channel=leaders.id
    )
    incident = open_crisis(crisis, case_input="data_leak", title_input=TITLE, description_input=DESCRIPTION)
    return incident, leaders.id


def post_update(crisis: RunningApp, incident: Incident, what: str) -> None:
    """`/crisis update` by the responsible person, submitted."""
    crisis.command("update", user_id="U0RESP", channel_id=incident.channel_id)
    response = crisis.submit(
        crisis.last_view(),
        {
            "what_happened_input": what,
            "impact_input": "No payment data involved.",
            "actions_input": "Affected customers are being told one by one.",
            "next_update_at_input": crisis.clock.now() + timedelta(hours=2),
        },
        user_id="U0RESP",
    )
    assert response.status == 200 and not response.view_error, response.body


def outside_texts(crisis: RunningApp, crisis_channel: str) -> list[str]:
    """Every message (blocks and text) in every conversation whose audience is not all crisis members:
    a channel with anyone else in it, or a DM with anyone else."""
    standin = crisis.standin
    inside = set(standin.members(crisis_channel)) | {BOT_USER_ID}
    texts: list[str] = []
    for channel_id in list(standin.state.channels):
        channel = standin.channel(channel_id)
        audience = set(channel.members) | ({channel.im_user} if channel.im_user else set())
        if channel_id != crisis_channel and not audience <= inside:
            texts += [
                json.dumps(m, ensure_ascii=False) for m in standin.messages(channel_id, include_system=True)
            ]
    return texts


def test_a_data_leak_stays_in_its_private_channel_until_shared(crisis: RunningApp) -> None:
    incident, leaders = leak(crisis)
    channel_id = incident.channel_id
    assert channel_id and incident.is_private and not shares_outside(incident)
    # https://api.slack.com/methods/conversations.create: `is_private` creates a private channel
    create = crisis.standin.calls_to("conversations.create")[-1]
    assert str(create.params.get("is_private")).lower() in ("true", "1")
    assert crisis.standin.channel(channel_id).is_private
    assert {"U0OPENER", "U0RESP"} <= set(crisis.standin.members(channel_id))

    crisis.join(channel_id, "U0OTHER")
    crisis.command("spokesperson add @other", user_id="U0RESP", channel_id=channel_id)
    card = propose(crisis, incident)
    crisis.click(card, ids.STATEMENT_APPROVE, "U0RESP")
    spokesperson_dm = json.dumps(crisis.standin.dm_messages("U0OTHER"), ensure_ascii=False)
    assert "read it in" in spokesperson_dm and f"<#{channel_id}>" in spokesperson_dm
    assert "We will refund within 5 days." not in spokesperson_dm
    post_update(crisis, incident, UPDATE)
    crisis.command("severity low", user_id="U0RESP", channel_id=channel_id)

    (line,) = crisis.standin.messages(leaders)
    assert "A private crisis is open" in json.dumps(line) and "<@U0RESP>" in json.dumps(line)
    home = json.dumps(open_home(crisis, "U0BOARD"), ensure_ascii=False)
    assert "Private crisis — ask <@U0RESP>" in home
    secrets = (TITLE, DESCRIPTION, "We will refund within 5 days.", UPDATE, "Data leak")
    for text in [*outside_texts(crisis, channel_id), home]:
        for secret in secrets:
            assert secret not in text, (secret, text)

    # only the responsible person (or a crisis lead) may open it up to leadership
    crisis.command("share-with-leadership", user_id="U0OTHER", channel_id=channel_id)
    assert "Only <@U0RESP>" in json.dumps(crisis.standin.responses[-1]["body"])
    assert len(crisis.standin.messages(leaders)) == 1
    with Session(crisis.context.engine) as session:
        assert not shares_outside(session.get(Incident, incident.id))  # type: ignore[arg-type]

    crisis.command("share-with-leadership", user_id="U0RESP", channel_id=channel_id)
    assert "shared this private crisis with leadership" in json.dumps(crisis.standin.messages(channel_id)[-1])
    parent = crisis.standin.find_message(line["ts"])[1]  # type: ignore[index]
    assert TITLE in json.dumps(parent, ensure_ascii=False), "the parent now names the crisis"
    post_update(crisis, incident, "Second update: the forum thread is gone.")
    crisis.command("severity high", user_id="U0RESP", channel_id=channel_id)
    replies = [
        m for m in crisis.standin.messages(leaders) if m.get("thread_ts") == line["ts"] and m is not line
    ]
    shown = [json.dumps(reply, ensure_ascii=False) for reply in replies if reply["ts"] != line["ts"]]
    assert any("shared this private crisis" in text for text in shown)
    assert any("Second update: the forum thread is gone." in text for text in shown)
    assert any("from Low to High" in text for text in shown)
    assert TITLE in json.dumps(open_home(crisis, "U0BOARD"), ensure_ascii=False)

    crisis.command("share-with-leadership", user_id="U0RESP", channel_id=channel_id)
    assert "already reaches leadership" in json.dumps(crisis.standin.responses[-1]["body"])
    with Session(crisis.context.engine) as session:
        kinds = [event.kind for event in session.exec(select(TimelineEvent))]
    assert kinds.count("shared_with_leadership") == 1
    assert assert_valid_payloads(crisis.standin) > 10


def test_the_private_box_makes_any_case_private_and_unchecked_leaves_it_public(crisis: RunningApp) -> None:
    crisis.command("open Something")
    modal_block = next(b for b in crisis.last_view()["blocks"] if b["block_id"] == ids.OPEN_PRIVATE)
    assert modal_block["element"]["type"] == "checkboxes" and "initial_options" not in modal_block["element"]
    assert "A data leak is always private." in modal_block["hint"]["text"]
    private = open_crisis(crisis, title_input="Private outage", private_input=[ids.PRIVATE_CHECKED])
    public = open_crisis(crisis, title_input="Public outage")
    assert private.is_private and crisis.standin.channel(private.channel_id).is_private  # type: ignore[arg-type]
    assert not public.is_private and not crisis.standin.channel(public.channel_id).is_private  # type: ignore[arg-type]


def test_a_private_crisis_escalates_a_missed_deadline_only_inside(crisis: RunningApp) -> None:
    incident, leaders = leak(crisis)
    escalation = fire(crisis, RESPONSE_DUE + timedelta(minutes=30))
    assert posted(escalation) == [("response_12h", "escalation")]
    assert escalation[0].channel == incident.channel_id, "escalated inside, not to leadership"
    assert len(crisis.standin.messages(leaders)) == 1, "only the neutral line"
    for text in outside_texts(crisis, incident.channel_id):  # type: ignore[arg-type]
        assert TITLE not in text


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        ("es", "Lista de clientes filtrada en un foro", "Hay una crisis privada abierta"),
        ("zh", "客户名单在论坛上泄露", "有一个私密危机正在处理"),
    ],
)
def test_a_private_crisis_in_spanish_or_chinese_tells_leadership_only_whom_to_ask(
    crisis: RunningApp, language: str, title: str, expected: str
) -> None:
    crisis.standin.add_user("U0BOARD", "board", "Bea Board")
    leaders = crisis.standin.add_channel("leadership", members=["U0BOARD"]).id
    crisis.context.settings = dataclasses.replace(crisis.context.settings, crisis_leadership_channel=leaders)
    incident = open_crisis(
        crisis,
        case_input="data_leak",
        title_input=title,
        description_input=DESCRIPTION,
        language_input=language,
    )
    assert incident.is_private and incident.language == language and incident.channel_id
    post_update(crisis, incident, UPDATE)
    (line,) = crisis.standin.messages(leaders)
    assert expected in json.dumps(line, ensure_ascii=False) and "<@U0RESP>" in json.dumps(line)
    home = json.dumps(open_home(crisis, "U0BOARD"), ensure_ascii=False)
    for text in [*outside_texts(crisis, incident.channel_id), home]:
        for secret in (title, DESCRIPTION, UPDATE):
            assert secret not in text, (secret, text)
