"""The living crisis brief: a channel canvas created when a crisis opens and kept current, coalesced to
one edit per few seconds; a workspace without canvases keeps the pinned header as the brief.

Slack's pages for what the stand-in enforces:
https://docs.slack.dev/reference/methods/conversations.canvases.create (one channel canvas per channel,
`channel_canvas_already_exists`; `team_tier_cannot_create_channel_canvases` on a free workspace) and
https://docs.slack.dev/reference/methods/canvases.edit (one change per call; `replace` without a section
id replaces the whole document; `canvas_not_found`).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session, select

from bot.core.models import Incident, SlackSurface
from bot.core.states import CanvasState
from bot.deadlines.scheduler import DeadlineScheduler
from bot.demo.standin import DEFAULT_TOKEN, SlackStandin
from bot.incidents.brief import EDIT_EVERY
from tests.e2e.test_open_crisis import open_crisis
from tests.support.deadlines import approve_response, publish_on, tick_step
from tests.support.running_app import RunningApp, assert_valid_payloads

HOSTILE = "Everyone <!channel> @here <@U0OTHER> ![](@U0OTHER) [click](https://evil.example) # big"


def stored(crisis: RunningApp, incident_id: int | None) -> Incident:
    with Session(crisis.context.engine) as session:
        incident = session.get(Incident, incident_id)
    assert incident is not None
    return incident


def brief_of(crisis: RunningApp, incident: Incident) -> str:
    canvas = crisis.standin.channel_canvas(incident.channel_id)  # type: ignore[arg-type]
    assert canvas is not None, "the crisis channel has no canvas"
    return canvas.markdown


def canvas_surface(crisis: RunningApp, incident: Incident) -> SlackSurface:
    with Session(crisis.context.engine) as session:
        return session.exec(select(SlackSurface).where(SlackSurface.key == f"canvas:{incident.id}")).one()


def edits(crisis: RunningApp) -> int:
    return len([call for call in crisis.standin.calls_to("canvases.edit") if call.ok])


def assert_no_mention_markup(markdown: str) -> None:
    """User text cannot ping or mention anyone: no raw Slack markup, no canvas mention, no live @here."""
    assert "<!channel>" not in markdown and "<@U0OTHER>" not in markdown
    assert "![](@U0OTHER)" not in markdown
    assert not re.search(r"(?<!\\)@here", markdown)
    assert "](https://evil.example)" not in markdown


def test_opening_creates_the_brief_canvas_and_changes_are_coalesced(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    creates = crisis.standin.calls_to("conversations.canvases.create")
    assert len(creates) == 1 and creates[0].ok
    assert creates[0].params["channel_id"] == incident.channel_id
    canvas = crisis.standin.channel_canvas(incident.channel_id)  # type: ignore[arg-type]
    assert canvas is not None and incident.canvas_id == canvas.id
    assert incident.canvas_state == CanvasState.ACTIVE and canvas_surface(crisis, incident).shown > 0
    markdown = canvas.markdown
    assert markdown.startswith("# 🚨 Viral thread: refunds delayed\\!")
    for expected in (
        "Technical problem, our fault",
        "**Severity:** Critical",
        "**Responsible person:** ![](@U0RESP)",
        "**Response prepared and approved (12h):** due 2026-03-02 18:00 UTC",
        "**Response published on every platform (48h):** due 2026-03-04 06:00 UTC",
        "No message approved yet.",
        "No status update yet.",
    ):
        assert expected in markdown, expected
    steps = re.search(r"(\d+) of (\d+) steps still open", markdown)
    assert steps is not None and steps[1] == steps[2]

    # a burst of changes at the same moment: the header follows each, the canvas waits
    tick_step(crisis, incident, "trace_source")
    crisis.command("severity high", user_id="U0RESP", channel_id=incident.channel_id)
    assert edits(crisis) == 0
    behind = canvas_surface(crisis, incident)
    assert behind.wanted > behind.shown
    crisis.context.reconciler.drain()
    assert edits(crisis) == 0, "the edit slot is still taken"

    crisis.clock.advance(EDIT_EVERY + timedelta(seconds=1))
    scheduler = DeadlineScheduler(crisis.context)  # its pass shows what waited
    try:
        scheduler.tick()
    finally:
        scheduler.shutdown()
    crisis.settle()
    assert edits(crisis) == 1, "one edit shows both changes"
    markdown = brief_of(crisis, incident)
    assert "**Severity:** High" in markdown
    now_open = re.search(r"(\d+) of (\d+) steps still open", markdown)
    assert now_open is not None and int(now_open[1]) == int(now_open[2]) - 1
    caught_up = canvas_surface(crisis, incident)
    assert caught_up.shown == caught_up.wanted

    # later changes are shown at once when the slot is free: approval, publication, a status update
    crisis.clock.advance(timedelta(minutes=1))
    approve_response(crisis, incident, platforms=["facebook"])
    markdown = brief_of(crisis, incident)
    assert "**Response prepared and approved (12h):** met" in markdown
    assert "Version 1, approved by ![](@U0RESP)" in markdown
    assert "\n> " in markdown, "the approved text is quoted"
    crisis.clock.advance(timedelta(minutes=1))
    publish_on(crisis, incident, "facebook")
    markdown = brief_of(crisis, incident)
    assert "[Facebook](https://facebook.example/posts/1)" in markdown
    assert "**Response published on every platform (48h):** met" in markdown

    crisis.clock.advance(timedelta(minutes=1))
    crisis.command("update", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.submit(
        crisis.last_view(),
        {
            "what_happened_input": HOSTILE,
            "impact_input": "Support queue tripled.",
            "actions_input": "Paying every open refund today.",
            "next_update_at_input": crisis.clock.now() + timedelta(hours=3),
        },
        user_id="U0RESP",
    )
    markdown = brief_of(crisis, incident)
    assert "By ![](@U0RESP) on" in markdown and "Support queue tripled." in markdown
    assert_no_mention_markup(markdown)
    assert "\\<\\!channel\\> \\@here" in markdown, "shown as typed"
    assert assert_valid_payloads(crisis.standin) > 0


def test_the_brief_is_in_the_crisis_language(crisis: RunningApp) -> None:
    incident = open_crisis(crisis, language_input="es", title_input=HOSTILE)
    markdown = brief_of(crisis, incident)
    for expected in (
        "## De un vistazo",
        "**Gravedad:**",
        "vence 2026-03-02 18:00 UTC",
        "Aún no hay ningún mensaje",
    ):
        assert expected in markdown, expected
    assert_no_mention_markup(markdown)


def test_a_private_crisis_has_its_brief_in_its_private_channel(crisis: RunningApp) -> None:
    incident = open_crisis(crisis, case_input="data_leak", language_input="zh")
    assert crisis.standin.channel(incident.channel_id).is_private  # type: ignore[arg-type]
    markdown = brief_of(crisis, incident)
    assert "## 概览" in markdown and "尚无已批准的声明。" in markdown
    assert incident.canvas_state == CanvasState.ACTIVE


def test_a_workspace_without_canvases_keeps_the_header_as_the_brief(crisis: RunningApp) -> None:
    crisis.standin.free_tier = True
    incident = open_crisis(crisis)
    assert incident.status == "open" and incident.header_ts
    assert incident.header_ts in [pin["ts"] for pin in crisis.standin.pins(incident.channel_id)]  # type: ignore[arg-type]
    assert incident.canvas_state == CanvasState.UNAVAILABLE and incident.canvas_id is None
    creates = crisis.standin.calls_to("conversations.canvases.create")
    assert [call.error for call in creates] == ["team_tier_cannot_create_channel_canvases"]
    opened = crisis.standin.ephemerals(user_id="U0OPENER") + crisis.standin.messages(
        crisis.standin.channel_by_name("general").id  # type: ignore[union-attr]
    )
    assert "canvas" not in str(opened), "the opener hears nothing about canvases"

    crisis.clock.advance(timedelta(minutes=1))
    tick_step(crisis, incident, "trace_source")
    crisis.command("severity high", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.context.reconciler.drain()
    assert len(crisis.standin.calls_to("conversations.canvases.create")) == 1, "not retried on every change"
    assert not crisis.standin.calls_to("canvases.edit")
    assert "High" in str(crisis.standin.find_message(incident.header_ts)[1]["blocks"])  # type: ignore[index]


@pytest.mark.parametrize("error", ["missing_scope", "not_allowed_token_type", "canvas_creation_failed"])
def test_slack_refusing_the_canvas_opens_the_crisis_anyway(crisis: RunningApp, error: str) -> None:
    crisis.standin.fail_next("conversations.canvases.create", error)
    incident = open_crisis(crisis)
    assert incident.status == "open" and incident.canvas_state == CanvasState.UNAVAILABLE
    crisis.clock.advance(timedelta(minutes=1))
    crisis.command("severity low", user_id="U0RESP", channel_id=incident.channel_id)
    assert len(crisis.standin.calls_to("conversations.canvases.create")) == 1


def test_a_canvas_deleted_in_slack_is_made_again(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    with crisis.standin.state.lock:  # someone deletes the canvas in Slack
        crisis.standin.state.canvases.pop(incident.canvas_id)  # type: ignore[arg-type]
        crisis.standin.state.channels[incident.channel_id].canvas_id = None  # type: ignore[index]
    crisis.clock.advance(timedelta(minutes=1))
    crisis.command("severity low", user_id="U0RESP", channel_id=incident.channel_id)
    assert crisis.standin.calls_to("canvases.edit")[-1].error == "canvas_not_found"
    again = stored(crisis, incident.id)
    assert again.canvas_id and again.canvas_id != incident.canvas_id
    assert "**Severity:** Low" in brief_of(crisis, again)


def test_an_existing_channel_canvas_is_taken_over(crisis: RunningApp) -> None:
    """A run that died after creating the canvas but before storing its id finds it again."""
    incident = open_crisis(crisis)
    with Session(crisis.context.engine) as session:
        row = session.get(Incident, incident.id)
        assert row is not None
        row.canvas_id, row.canvas_state = None, CanvasState.NONE
        session.add(row)
        session.commit()
    crisis.clock.advance(timedelta(minutes=1))
    crisis.command("severity low", user_id="U0RESP", channel_id=incident.channel_id)
    assert (
        crisis.standin.calls_to("conversations.canvases.create")[-1].error == "channel_canvas_already_exists"
    )
    assert stored(crisis, incident.id).canvas_id == incident.canvas_id
    assert "**Severity:** Low" in brief_of(crisis, incident)


# ---- the stand-in, as strict as Slack's pages --------------------------------------------------------


def test_standin_canvases_follow_slacks_rules(standin: SlackStandin) -> None:
    client = WebClient(token=DEFAULT_TOKEN, base_url=standin.url)
    channel = standin.add_channel("brief", members=["U0BOT"]).id

    def error_of(call: object) -> str:
        with pytest.raises(SlackApiError) as raised:
            call()  # type: ignore[operator]
        return str(raised.value.response["error"])

    content = {"type": "markdown", "markdown": "# One\nfirst\n## Two\nsecond"}
    canvas_id = client.conversations_canvases_create(channel_id=channel, document_content=content)[
        "canvas_id"
    ]
    assert (
        error_of(lambda: client.conversations_canvases_create(channel_id=channel, document_content=content))
        == "channel_canvas_already_exists"
    )
    info = client.conversations_info(channel=channel)["channel"]
    assert info["properties"]["canvas"]["file_id"] == canvas_id

    sections = standin.canvas(canvas_id).sections
    assert [text for _, text in sections] == ["# One\nfirst", "## Two\nsecond"]
    two = sections[1][0]
    replace = {
        "operation": "replace",
        "section_id": two,
        "document_content": {"type": "markdown", "markdown": "## 2\nnew"},
    }
    client.canvases_edit(canvas_id=canvas_id, changes=[replace])
    assert standin.canvas(canvas_id).markdown == "# One\nfirst\n## 2\nnew"
    after = {
        "operation": "insert_after",
        "section_id": standin.canvas(canvas_id).sections[0][0],
        "document_content": {"type": "markdown", "markdown": "between"},
    }
    client.canvases_edit(canvas_id=canvas_id, changes=[after])
    assert standin.canvas(canvas_id).markdown == "# One\nfirst\nbetween\n## 2\nnew"
    whole = {"operation": "replace", "document_content": {"type": "markdown", "markdown": "all new"}}
    client.canvases_edit(canvas_id=canvas_id, changes=[whole])
    assert standin.canvas(canvas_id).markdown == "all new"

    assert error_of(lambda: client.canvases_edit(canvas_id="F0NOPE", changes=[whole])) == "canvas_not_found"
    assert (
        error_of(lambda: client.canvases_edit(canvas_id=canvas_id, changes=[whole, whole]))
        == "invalid_arguments"
    )
    html = {"operation": "replace", "document_content": {"type": "html", "markdown": "x"}}
    assert error_of(lambda: client.canvases_edit(canvas_id=canvas_id, changes=[html])) == "invalid_arguments"
    delete = {"operation": "delete"}
    assert (
        error_of(lambda: client.canvases_edit(canvas_id=canvas_id, changes=[delete])) == "invalid_arguments"
    )

    standin.free_tier = True
    other = standin.add_channel("other", members=["U0BOT"]).id
    assert (
        error_of(lambda: client.conversations_canvases_create(channel_id=other, document_content=content))
        == "team_tier_cannot_create_channel_canvases"
    )
