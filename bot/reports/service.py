"""Rendering the post-crisis report to Markdown or HTML, and uploading it to the incident channel."""

from __future__ import annotations

from bot.core.db import session_scope
from bot.core.models import Incident, require_channel, require_id
from bot.reports.reports import build_report
from bot.slack.context import AppContext
from messages.i18n import Translator
from messages.render import render_document

FORMATS = ("md", "html")


def render_report(context: AppContext, incident_id: int, report_format: str = "md") -> str:
    """The report of one incident as Markdown (`md`) or a standalone HTML page with a chart (`html`)."""
    if report_format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    with session_scope(context.engine) as session:
        report = build_report(session, context.playbooks, incident_id, context.clock.now())
    language = report.incident.language
    if report_format == "html":
        return render_document("report.html.j2", language, report=report, chart=report.chart())
    return render_document("report.md.j2", language, report=report)


def upload_report(context: AppContext, incident: Incident) -> str:
    """Upload the Markdown report into the incident channel (files upload v2); returns the file id."""
    content = render_report(context, require_id(incident), "md")
    # the title and comment are shown by Slack's clients with the same markup as messages
    title = str(Translator(incident.language)("report.uploaded", title=incident.title))
    return context.gateway.upload_file(
        require_channel(incident),
        filename=f"crisis-report-{incident.id}.md",
        content=content,
        title=title,
        comment=title,
    )
