"""Text from people or playbooks in a plain_text object is escaped like any other text object.

Slack treats `&`, `<` and `>` as control characters in every text object, plain_text included, and
asks for them as HTML entities (https://api.slack.com/reference/surfaces/formatting#escaping);
a header holds at most 150 characters (https://api.slack.com/reference/block-kit/blocks#header).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Incident, StatusUpdate
from messages.render import render_message

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE_TITLES = ["<!channel> & <@U0BOSS>", "<@UHOSTILE>" * 12, "A & B <b>" * 20]


@pytest.mark.parametrize("language", ["en", "es", "zh"])
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_status_update_header_escapes_the_title_and_stays_within_150(language: str, title: str) -> None:
    incident = Incident(
        id=1,
        team_id="T0TEAM",
        title=title,
        case_key="service_failure",
        severity="high",
        language=language,
        responsible_user_id="U0RESP",
        opener_user_id="U0RESP",
        first_negative_at=NOW,
        channel_id="C0ROOM",
        created_at=NOW,
    )
    update = StatusUpdate(
        incident_id=1, author_user_id="U0RESP", what_happened="x", impact="y", actions="z", created_at=NOW
    )
    message = render_message("status_update.json.j2", language, incident=incident, update=update)
    header = message.blocks[0]["text"]["text"]
    assert len(header) <= 150
    assert "<" not in header and ">" not in header
    assert "&lt;" in header
    # an entity is never cut in half at the limit
    tail = header[header.rfind("&") :] if "&" in header else ""
    assert not tail or ";" in tail
