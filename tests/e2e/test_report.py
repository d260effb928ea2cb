"""The post-crisis report, checked field by field against a scripted incident."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.core.db import session_scope
from bot.reports.reports import build_report
from bot.reports.service import render_report
from messages import ids
from tests.e2e.test_mentions import log_by_command
from tests.e2e.test_open_crisis import START, open_crisis
from tests.e2e.test_statements import GOOD, SECOND, card_of, propose
from tests.support.running_app import RunningApp


def script_incident(crisis: RunningApp) -> int:
    """Open at 09:00 (first post 06:00), tick two steps, post an update, resolve at 15:30."""
    incident = open_crisis(crisis, title_input="Refunds <script>alert(1)</script> thread")
    channel_id = incident.channel_id
    message = crisis.standin.messages(channel_id)[1]  # type: ignore[arg-type]
    crisis.clock.advance(timedelta(minutes=30))
    for key in ("trace_source", "set_tone"):
        crisis.click(message, ids.CHECKLIST_TOGGLE, "U0RESP", option_value=key, block_id=f"step:{key}")
        message = crisis.standin.find_message(message["ts"])[1]  # type: ignore[index]
    crisis.clock.advance(timedelta(hours=1))
    complaint = "mention https://x.com/ana/status/1 My refund for order 4411 is three weeks late"
    crisis.command(complaint, channel_id=channel_id)
    propose(crisis, incident, platforms=["facebook", "x"])
    crisis.clock.advance(timedelta(minutes=30))
    crisis.click(card_of(crisis, incident, latest=True), ids.STATEMENT_APPROVE, "U0RESP")
    crisis.clock.advance(timedelta(minutes=30))
    crisis.command("published facebook https://fb.example/p/1", user_id="U0RESP", channel_id=channel_id)
    crisis.clock.advance(timedelta(minutes=30))
    crisis.command("published x https://x.com/brand/status/2", user_id="U0RESP", channel_id=channel_id)
    crisis.command("update", user_id="U0RESP", channel_id=channel_id)
    crisis.submit(
        crisis.last_view(),
        {
            "what_happened_input": "Refund batch failed on 1 March.",
            "impact_input": "3,200 customers waiting.",
            "actions_input": "Re-running the batch today.",
            "next_update_at_input": crisis.clock.now() + timedelta(hours=4),
        },
        user_id="U0RESP",
    )
    crisis.clock.advance(timedelta(hours=5))
    crisis.command("resolve", user_id="U0RESP", channel_id=channel_id)
    crisis.submit(crisis.last_view(), {"resolution_input": "All refunds paid."}, user_id="U0RESP")
    return incident.id  # type: ignore[return-value]


def test_report_fields_match_the_scripted_incident(crisis: RunningApp) -> None:
    incident_id = script_incident(crisis)
    with session_scope(crisis.context.engine) as session:
        report = build_report(session, crisis.context.playbooks, incident_id, crisis.clock.now())
    first_post = START - timedelta(hours=3)
    assert report.incident.first_negative_at == first_post
    assert report.incident.resolved_at == START + timedelta(hours=8)
    assert report.duration == timedelta(hours=11)
    assert report.first_approval_at == START + timedelta(hours=2)
    assert report.time_to_approval == timedelta(hours=5)
    assert report.published_everywhere_at == START + timedelta(hours=3)
    assert report.time_to_publication == timedelta(hours=6)
    assert [
        (draft.number, draft.version, draft.status, draft.decided_by_user_id) for draft in report.drafts
    ] == [(1, 1, "approved", "U0RESP")]
    assert report.response_due == first_post + timedelta(hours=12)
    assert report.publication_due == first_post + timedelta(hours=48)
    assert report.done_steps == 2 and len(report.steps) == 16
    assert [step.step_key for step in report.open_follow_ups] == ["closing_announcement", "follow_up"]
    assert [event.kind for event in report.events] == [
        "opened",
        "step_done",
        "step_done",
        "mention_logged",
        "statement_proposed",
        "statement_approved",
        "statement_published",
        "statement_published",
        "status_update",
        "resolved",
    ]
    assert [update.impact for update in report.updates] == ["3,200 customers waiting."]
    assert [point.kind for point in report.chart()] == [
        "first_post",
        "opened",
        "statement_approved",
        "statement_published",
        "statement_published",
        "status_update",
        "resolved",
        "response_due",
        "publication_due",
    ]

    markdown = render_report(crisis.context, incident_id, "md")
    assert "# Post-crisis report: Refunds <script>alert(1)</script> thread" in markdown
    assert "| First negative post to resolution | 11 h 00 min |" in markdown
    due = f"{first_post + timedelta(hours=12):%Y-%m-%d %H:%M} UTC"
    approved = f"{START + timedelta(hours=2):%Y-%m-%d %H:%M} UTC"
    assert f"| Response approved (12h) | {due} | {approved} | 5 h 00 min | met |" in markdown
    assert "| Published everywhere (48h) |" in markdown and "| 6 h 00 min | met |" in markdown
    assert "Approved by Rafael Responsible on " + approved + " (draft #1, written by Olivia)." in markdown
    assert "| Responsible person | Rafael Responsible |" in markdown and "| Opened by | Olivia |" in markdown
    assert "- Facebook: https://fb.example/p/1 — Rafael Responsible, " in markdown
    assert "- [x] 1. Trace the source" in markdown and "— Rafael Responsible, " in markdown
    assert "| Rafael Responsible | Rafael Responsible posted a status update. |" in markdown
    assert "U0" not in markdown and "<@" not in markdown
    assert "2 of 16 steps done" in markdown
    assert "- [x] 1. Trace the source" in markdown and "- [ ] 3." in markdown
    assert "Re-running the batch today." in markdown
    html = render_report(crisis.context, incident_id, "html")
    assert "<svg" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert html.count("<circle") == 9 and html.count("<text ") == 9
    assert "U0" not in html and "step_done" not in html and "Rafael Responsible completed" in html
    assert "## Negative mentions" in markdown and "| Genuine complaint | 1 |" in markdown


def test_report_command_line(crisis: RunningApp, database_url: str, tmp_path: Path) -> None:
    incident_id = script_incident(crisis)
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env["DATABASE_URL"] = database_url
    out = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "report", str(incident_id), "--format", "html", "--output", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "<svg" in out.read_text()
    # The command line has no Slack token: names come from the directory's cache, filled while the
    # app ran (the report at resolution asked users.info).
    assert "Rafael Responsible" in out.read_text() and "U0RESP" not in out.read_text()
    as_json = subprocess.run(
        [sys.executable, "-m", "bot", "report", str(incident_id), "--format", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["responsible"] == "Rafael Responsible" and document["language"] == "en"
    assert [row["result"] for row in document["deadlines"]] == ["met", "met"]
    assert document["versions"][0]["approved_by"] == "Rafael Responsible"
    assert document["timeline"][-1]["sentence"] == "Rafael Responsible resolved the crisis: All refunds paid."
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "report", "999999"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1 and "no incident 999999" in missing.stderr


def test_every_version_with_its_changes_and_the_hidden_mentions(crisis: RunningApp) -> None:
    incident = open_crisis(crisis)
    channel_id = incident.channel_id
    card = log_by_command(crisis, incident, "https://x.com/troll/status/5 you are all f*cking idiots")
    crisis.click(card, ids.MENTION_HIDE, "U0RESP")
    reason = "Insults break rule 2 of our community rules; <@U0OPENER> told the author."
    crisis.submit(crisis.last_view(), {"hidden_reason_input": reason}, user_id="U0RESP")
    propose(crisis, incident, platforms=["facebook"])
    crisis.click(card_of(crisis, incident, latest=True), ids.STATEMENT_APPROVE, "U0RESP")
    crisis.clock.advance(timedelta(hours=1))
    crisis.join(channel_id, "U0OTHER")  # type: ignore[arg-type]
    crisis.command("published facebook https://fb.example/p/1", user_id="U0OTHER", channel_id=channel_id)
    crisis.clock.advance(timedelta(hours=1))
    propose(crisis, incident, text=SECOND, platforms=["facebook"])
    crisis.click(card_of(crisis, incident, latest=True), ids.STATEMENT_APPROVE, "U0RESP")

    markdown = render_report(crisis.context, incident.id, "md")  # type: ignore[arg-type]
    assert "### Version 1 (superseded)" in markdown and "### Version 2 (current)" in markdown
    assert f"> {GOOD}" in markdown and f"> {SECOND}" in markdown
    assert "**What changed from version 1**" in markdown
    assert "We ~~will refund within 5 days~~++have refunded every duplicate charge++. Next update" in markdown
    assert (
        "- Facebook: https://fb.example/p/1 — Otto, " in markdown and "- Not published anywhere." in markdown
    )
    assert (
        "Insult / obscenity on x (https://x.com/troll/status/5), hidden by Rafael Responsible on " in markdown
    )
    assert "Why: Insults break rule 2 of our community rules; @Olivia told the author." in markdown
    assert "Rafael Responsible hid the mention https://x.com/troll/status/5: Insults break rule 2" in markdown
    assert "Rafael Responsible approved draft #2 as version 2 of the public message." in markdown

    html = render_report(crisis.context, incident.id, "html")  # type: ignore[arg-type]
    assert "<del>will refund within 5 days</del><ins>have refunded every duplicate charge</ins>" in html
    assert "<@" not in html and "U0" not in html

    document = json.loads(render_report(crisis.context, incident.id, "json"))  # type: ignore[arg-type]
    assert [version["version"] for version in document["versions"]] == [1, 2]
    assert {"change": "added", "text": "have refunded every duplicate charge"} in document["versions"][1][
        "changes"
    ]


def test_the_report_speaks_the_crisis_language(crisis: RunningApp) -> None:
    incident = open_crisis(crisis, language_input="es")
    crisis.command("resolve", user_id="U0RESP", channel_id=incident.channel_id)
    crisis.submit(crisis.last_view(), {"resolution_input": "Todo pagado."}, user_id="U0RESP")
    markdown = render_report(crisis.context, incident.id, "md")  # type: ignore[arg-type]
    assert (
        "Olivia abrió la crisis" in markdown
        and "Rafael Responsible resolvió la crisis: Todo pagado." in markdown
    )
    assert "opened" not in markdown and "resolved" not in markdown
