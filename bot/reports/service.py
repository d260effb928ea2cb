"""Rendering the post-crisis report to Markdown, HTML or JSON, and uploading it to the incident channel."""

from __future__ import annotations

import json

from bot.core.db import session_scope
from bot.core.models import Incident, require_channel, require_id
from bot.reports.document import ReportDocument, build_document, user_ids_in
from bot.reports.reports import build_report
from bot.slack.context import AppContext
from messages.i18n import Translator
from messages.render import render_document

FORMATS = ("md", "html", "json")


def report_document(context: AppContext, incident_id: int) -> ReportDocument:
    """The report of one incident as a document, with people's names from the user directory."""
    with session_scope(context.engine) as session:
        report = build_report(session, context.playbooks, incident_id, context.clock.now())
        incident = session.get(Incident, incident_id)
        team_id, enterprise_id = (incident.team_id, incident.enterprise_id) if incident else ("", None)
    # Names are asked for after the transaction (no database work waits on Slack), of the incident's
    # own workspace; one that uninstalled the app keeps the names already cached.
    with context.serving(team_id, enterprise_id):
        names = context.directory.names(user_ids_in(report))
    return build_document(report, names)


def render_report(context: AppContext, incident_id: int, report_format: str = "md") -> str:
    """The report of one incident as Markdown (`md`), a standalone HTML page with a chart (`html`)
    or JSON (`json`), all three from the same document."""
    if report_format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    document = report_document(context, incident_id)
    if report_format == "json":
        return json.dumps(document.to_json(), ensure_ascii=False, indent=2)
    if report_format == "html":
        return render_document("report.html.j2", document.language, doc=document)
    return render_document("report.md.j2", document.language, doc=document)


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
