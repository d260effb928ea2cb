"""Property: whatever text a person types into the open modal, a draft or a logged mention, no mention
markup of theirs reaches Slack raw and no request fails. Slack's markup for mentions and special
mentions: https://docs.slack.dev/messaging/formatting-message-text/#advanced"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, func, select

from bot.core.models import Incident
from messages import ids
from tests.e2e.test_open_crisis import OPEN_VALUES
from tests.support.running_app import RunningApp, assert_valid_payloads

HOSTILE_MARKUP = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@UHOSTILE>",
    "<@UHOSTILE|boss>",
    "<#CHOSTILE>",
    "<!subteam^SHOSTILE>",
    "<https://evil.example|click>",
    "&lt;!channel&gt;",
    "\x00",
    "*bold* _it_ ~s~ `c` ```block```",
    '"}]}, {"type": "section"',
    "{{ t('x') }}",
]
#: What none of the bot's own output ever contains; any of it in a Slack call came from user text.
#: (A logged post's own URL is shown as a link on purpose: that is what the person logged.)
FORBIDDEN = ("<!channel", "<!here", "<!everyone", "<@UHOSTILE", "<#CHOSTILE", "<!subteam")

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_MARKUP), st.text(max_size=30)), min_size=1, max_size=6
).map("".join)


#: Fields Slack shows as typed (an input's own value) or never shows: the person's text may stay raw.
NOT_RENDERED = {"initial_value", "private_metadata", "value"}


def _strings(value: object) -> Iterator[str]:
    """Every string Slack renders in a call's parameters."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_RENDERED:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


@pytest.fixture
def quiet_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING)
    return caplog


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # each example plays a whole crisis over HTTP: report the failing example as found, unshrunk
    phases=[Phase.explicit, Phase.generate],
)
@example(title="<!channel>", description="<!here>", draft="<@UHOSTILE>", mention="<!everyone>")
# a title near the limit whose markup, escaped, makes it longer than a header's 150 characters
@example(title="<@UHOSTILE>" * 12, description="<!channel>", draft="x", mention="")
@given(title=hostile_text, description=hostile_text, draft=hostile_text, mention=hostile_text)
def test_user_text_never_reaches_slack_as_markup(
    crisis: RunningApp,
    quiet_log: pytest.LogCaptureFixture,
    title: str,
    description: str,
    draft: str,
    mention: str,
) -> None:
    calls_before = len(crisis.standin.calls)
    responses_before = len(crisis.responses)
    with Session(crisis.context.engine) as session:
        newest_before = session.exec(select(func.max(Incident.id))).one() or 0
    crisis.command("open " + title[:100])
    crisis.submit(
        crisis.last_view(),
        {**OPEN_VALUES, "title_input": title[:150] or "x", "description_input": description[:2000]},
    )
    with Session(crisis.context.engine) as session:
        # only a crisis this example opened (a refused title opens none; earlier examples' are resolved)
        incident = session.exec(select(Incident).where(col(Incident.id) > newest_before)).first()
    if incident is not None and incident.channel_id:
        channel = incident.channel_id
        crisis.command("draft", channel_id=channel)
        crisis.submit(
            crisis.last_view(),
            {
                ids.input_action(ids.DRAFT_TEXT): draft[:3000] or "x",
                ids.input_action(ids.DRAFT_PLATFORMS): ["x"],
                ids.input_action(ids.DRAFT_TONE): "informative",
            },
        )
        post_url = f"https://x.example/post/{len(crisis.standin.calls)}"
        crisis.command(f"mention {post_url} {mention}", channel_id=channel)
        crisis.command("status", channel_id=channel)
        crisis.command("resolve", user_id="U0RESP", channel_id=channel)
        crisis.submit(crisis.last_view(), {"resolution_input": (mention[:400] or "x")}, user_id="U0RESP")

    assert all(response.status < 500 for response in crisis.responses[responses_before:])
    for call in crisis.standin.calls[calls_before:]:
        for text in _strings(call.params):
            assert not any(markup in text for markup in FORBIDDEN), (call.method, text[:300])
            assert "\x00" not in text, call.method
    for response in crisis.standin.responses:
        for text in _strings(response["body"]):
            assert not any(markup in text for markup in FORBIDDEN), text[:300]
    assert_valid_payloads(crisis.standin)
    failures = [r.getMessage() for r in quiet_log.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not failures, failures
