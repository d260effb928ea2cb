"""A web process whose work is done by worker processes (`crisisbot serve`): it keeps each request and
acks; a worker dispatches it again (`bot.app.worker.take_queued`). Here the test plays the worker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.app.worker import take_queued
from bot.core import inbox
from bot.core.models import Incident, ProcessedRequest
from tests.e2e.test_open_crisis import OPEN_VALUES
from tests.support.running_app import START, RunningApp


@pytest.fixture
def web(crisis: RunningApp) -> Iterator[RunningApp]:
    """The app as `serve`'s web process runs it: work queued for the workers."""
    crisis.context.queue_work = True
    yield crisis


def states(crisis: RunningApp) -> dict[str, str]:
    with Session(crisis.context.engine) as session:
        return {row.key: row.state for row in session.exec(select(ProcessedRequest))}


def work_like_a_worker(crisis: RunningApp) -> int:
    taken = take_queued(crisis.bolt, crisis.context)
    crisis.settle()
    return taken


def test_a_command_waits_for_a_worker_and_is_done_by_it_once(web: RunningApp) -> None:
    general = web.standin.channel_by_name("general")
    assert general is not None
    web.command("help", channel_id=general.id)
    assert web.standin.responses == [], "the web process only acked"
    assert list(states(web).values()) == [inbox.QUEUED]
    assert work_like_a_worker(web) == 1
    assert len(web.standin.responses) == 1 and "/crisis open" in str(web.standin.responses[0]["body"])
    assert list(states(web).values()) == [inbox.DONE]
    assert work_like_a_worker(web) == 0, "nothing left for a second worker"


def test_a_modal_is_opened_by_the_web_process_within_slacks_three_seconds(web: RunningApp) -> None:
    """https://docs.slack.dev/reference/methods/views.open: a trigger id expires 3 seconds after the
    interaction; behind a workers' backlog it could expire, so the web process opens the modal itself."""
    web.command("open Viral thread")
    assert web.standin.views, "opened without any worker"
    assert list(states(web).values()) == [inbox.DONE]
    assert work_like_a_worker(web) == 0, "the queued copy was taken back, not done twice"
    assert len(web.standin.views) == 1


def test_a_modal_corrected_after_field_errors_is_done_by_the_worker(web: RunningApp) -> None:
    web.command("open")
    modal = web.last_view()
    refused = web.submit(modal, {**OPEN_VALUES, "first_negative_at_input": START + timedelta(hours=2)})
    assert refused.json()["response_action"] == "errors"  # type: ignore[index]
    corrected = web.submit(web.last_view(), OPEN_VALUES)
    assert corrected.status == 200 and not corrected.view_error
    assert work_like_a_worker(web) == 1
    with Session(web.context.engine) as session:
        opened = session.exec(select(Incident)).all()
    assert [incident.title for incident in opened] == [OPEN_VALUES["title_input"]]
    assert states(web)[f"view:{modal['id']}"] == inbox.DONE
