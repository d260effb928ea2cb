"""`crisisbot demo`: a whole crisis played against the real app, without Slack.

The real Bolt app is served over HTTP in this process; a local stand-in of the Slack Web API plays
Slack; every request is signed as Slack signs it, and every modal and button is built from what the
app really sent. The clock is fast-forwarded for the 12-hour and 48-hour marks. Each step checks
what it should have caused; the demo succeeds only if every step did.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import yaml
from sqlmodel import Session, select

from bot.core import db
from bot.core.clock import ManualClock
from bot.core.models import (
    ChecklistItem,
    DeadlineMark,
    Incident,
    Mention,
    Statement,
    require_channel,
    require_id,
)
from bot.deadlines import deadlines
from bot.deadlines import service as reminders
from bot.demo.local_app import LocalApp, start_local_app
from bot.demo.standin import SlackStandin
from bot.incidents import incidents
from bot.reports.service import render_report
from messages import ids

RESPONSIBLE = "U0RESP"
OPENER = "U0OPENER"
SPOKESPERSON = "U0OTHER"


class DemoFailure(Exception):
    """A step did not have the effect it should have."""


@cache
def demo_script() -> dict[str, Any]:
    """The texts the demo types, per language (bot/demo/script.yaml)."""
    return yaml.safe_load(resources.files("bot.demo").joinpath("script.yaml").read_text("utf-8"))


@dataclass
class Printer:
    """Writes step results and transcripts, in colour on a terminal."""

    out: TextIO
    colour: bool

    def _paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def step(self, number: int, name: str, detail: str, ok: bool) -> None:
        """One line per step: ✔ or ✘, its name and what was checked."""
        mark = self._paint("✔", "32") if ok else self._paint("✘", "31;1")
        self.out.write(f"{mark} {number:>2}. {self._paint(name, '1')}: {detail}\n")
        self.out.flush()

    def heading(self, text: str) -> None:
        """A section heading."""
        self.out.write("\n" + self._paint(f"── {text} ", "36;1") + "\n")

    def transcript(self, text: str) -> None:
        """A channel as a person reads it; bot names and mentions highlighted."""
        for line in text.splitlines():
            painted = line
            if self.colour:
                painted = painted.replace("@crisisbot", self._paint("@crisisbot", "35"))
                if line.startswith(("crisisbot", "[")):
                    painted = self._paint(painted, "2") if line.startswith("[") else painted
            self.out.write(painted + "\n")


@dataclass
class CrisisDemo:
    """Plays one crisis, step by step."""

    case: str
    language: str
    printer: Printer
    report_dir: Path
    app: LocalApp | None = None
    incident_id: int | None = None
    results: list[tuple[str, bool, str]] = field(default_factory=list)

    # ---- plumbing --------------------------------------------------------------------------------

    def text(self, *path: str) -> str:
        """A scripted text in the demo's language."""
        node: Any = demo_script()
        for key in path:
            node = node[key]
        return node[self.language] if isinstance(node, dict) and self.language in node else node

    @property
    def running(self) -> LocalApp:
        assert self.app is not None
        return self.app

    def name(self, user_id: str) -> str:
        """A person's name as the app's user directory knows it (the demo prints no Slack ids)."""
        return self.running.context.directory.name(user_id)

    def incident(self) -> Incident:
        """The demo's incident, fresh from the database."""
        with Session(self.running.context.engine) as session:
            incident = session.get(Incident, self.incident_id) if self.incident_id else None
            if incident is None:
                raise DemoFailure("no incident was opened")
            return incident

    def advance_to(self, moment: datetime) -> list[reminders.Fired]:
        """Fast-forward the clock to `moment`, waking at each reminder on the way as the scheduler
        (`crisisbot clock`) would, so nothing fires late."""
        fired: list[reminders.Fired] = []
        while True:
            with Session(self.running.context.engine) as session:
                upcoming = deadlines.next_due_at(session)
            if upcoming is None or upcoming > moment:
                break
            self.running.clock.set(max(upcoming, self.running.clock.now()))
            fired += reminders.fire_due(self.running.context, self.running.clock.now())
        self.running.clock.set(moment)
        return fired + reminders.fire_due(self.running.context, moment)

    def rows(self, session: Session, model: Any) -> list[Any]:
        return list(session.exec(select(model).where(model.incident_id == self.incident_id)))

    # ---- the crisis ----------------------------------------------------------------------------

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        """The scenario, in order."""
        return [
            ("Open the crisis", self.open_crisis),
            ("Work the checklist", self.work_checklist),
            ("Log negative mentions", self.log_mentions),
            ("Propose a draft (the linter objects)", self.propose_bad_draft),
            ("Ask for changes", self.request_changes),
            ("Name a spokesperson, approve a better draft", self.approve_good_draft),
            ("12-hour mark", self.twelve_hours),
            ("Log publications", self.publish),
            ("Post a status update", self.status_update),
            ("48-hour mark", self.forty_eight_hours),
            ("Resolve and write the report", self.resolve),
        ]

    def open_crisis(self) -> str:
        app = self.running
        title = self.text("titles", self.case)
        app.command(f"open {title}")
        modal = app.last_view()
        if modal.get("callback_id") != ids.OPEN_MODAL:
            raise DemoFailure("/crisis open did not open the modal")
        response = app.submit(
            modal,
            {
                ids.input_action(ids.OPEN_CASE): self.case,
                ids.input_action(ids.OPEN_SEVERITY): "critical",
                ids.input_action(ids.OPEN_RESPONSIBLE): RESPONSIBLE,
                ids.input_action(ids.OPEN_FIRST_NEGATIVE_AT): app.clock.now() - timedelta(hours=1),
                ids.input_action(ids.OPEN_FIRST_POST_URL): "https://x.com/ana_rios/status/1000",
                # required for a planned disruption (its early warnings), ignored for the other cases
                ids.input_action(ids.OPEN_DISRUPTION_STARTS_AT): app.clock.now() + timedelta(hours=30),
                ids.input_action(ids.OPEN_LANGUAGE): self.language,
                ids.input_action(ids.OPEN_DESCRIPTION): self.text("description"),
            },
        )
        if response.json():
            raise DemoFailure(f"the modal answered {response.json()}")
        with Session(app.context.engine) as session:
            incident = session.exec(select(Incident)).first()
        if incident is None or incident.status != "open" or not incident.channel_id:
            raise DemoFailure("no open incident with a channel")
        self.incident_id = incident.id
        pins = app.standin.pins(incident.channel_id)
        if not any(pin.get("ts") == incident.header_ts for pin in pins):
            raise DemoFailure("the header is not pinned")
        app.join(incident.channel_id, SPOKESPERSON)
        return f"#{incident.channel_name}, header pinned, responsible {self.name(RESPONSIBLE)}"

    def work_checklist(self) -> str:
        app = self.running
        incident = self.incident()
        app.clock.set(app.clock.now() + timedelta(minutes=10))
        ticked: list[str] = []
        for message in app.standin.messages(require_channel(incident)):
            for block in message.get("blocks") or []:
                if block.get("block_id", "").startswith(ids.STEP_BLOCK_PREFIX) and len(ticked) < 2:
                    key = block["block_id"].removeprefix(ids.STEP_BLOCK_PREFIX)
                    app.click(
                        message,
                        ids.CHECKLIST_TOGGLE,
                        RESPONSIBLE,
                        option_value=key,
                        block_id=block["block_id"],
                    )
                    ticked.append(key)
                    message = app.standin.find_message(message["ts"])[1]  # type: ignore[index]  # the stand-in holds the message just clicked
        with Session(app.context.engine) as session:
            done = [row.step_key for row in self.rows(session, ChecklistItem) if row.done]
            total = len(self.rows(session, ChecklistItem))
        if sorted(done) != sorted(ticked) or len(done) != 2:
            raise DemoFailure(f"ticked {ticked}, stored {done}")
        return f"{len(done)} of {total} steps ticked, message updated in place"

    def log_mentions(self) -> str:
        app = self.running
        incident = self.incident()
        app.clock.set(app.clock.now() + timedelta(minutes=10))
        for mention in demo_script()["mentions"]:
            app.command(f"mention {mention['url']} {mention[self.language]}", channel_id=incident.channel_id)
        with Session(app.context.engine) as session:
            logged = self.rows(session, Mention)
        if len(logged) != len(demo_script()["mentions"]) or not all(m.card_ts for m in logged):
            raise DemoFailure(f"{len(logged)} mentions logged with cards")
        return ", ".join(sorted({str(m.mention_class).replace("_", " ") for m in logged}))

    def _propose(self, text: str) -> Statement:
        app = self.running
        incident = self.incident()
        app.command("draft", user_id=OPENER, channel_id=incident.channel_id)
        modal = app.last_view()
        if modal.get("callback_id") != ids.DRAFT_MODAL:
            raise DemoFailure("/crisis draft did not open the draft modal")
        response = app.submit(
            modal,
            {
                ids.input_action(ids.DRAFT_TEXT): text,
                ids.input_action(ids.DRAFT_PLATFORMS): ["facebook", "x"],
                ids.input_action(ids.DRAFT_TONE): "informative",
            },
        )
        if response.json():
            raise DemoFailure(f"the draft modal answered {response.json()}")
        with Session(app.context.engine) as session:
            drafts = sorted(self.rows(session, Statement), key=lambda row: row.number)
        if not drafts or not drafts[-1].card_ts:
            raise DemoFailure("no review card was posted")
        return drafts[-1]

    def _card(self, statement: Statement) -> dict:
        found = self.running.standin.find_message(statement.card_ts or "")
        if found is None:
            raise DemoFailure("the review card is missing")
        return found[1]

    def propose_bad_draft(self) -> str:
        self.running.clock.set(self.running.clock.now() + timedelta(minutes=20))
        draft = self._propose(self.text("drafts", "bad"))
        rules = sorted({finding["rule"] for finding in draft.findings})
        if "non_apology" not in rules:
            raise DemoFailure(f"the linter found {rules}, not the non-apology")
        return f"draft #{draft.number}: linter flags {', '.join(rules)}"

    def request_changes(self) -> str:
        app = self.running
        app.clock.set(app.clock.now() + timedelta(minutes=10))
        with Session(app.context.engine) as session:
            draft = max(self.rows(session, Statement), key=lambda row: row.number)
        card = self._card(draft)
        app.click(card, ids.STATEMENT_APPROVE, SPOKESPERSON)
        with Session(app.context.engine) as session:
            if session.get(Statement, draft.id).status != "proposed":  # type: ignore[union-attr]  # the demo's own draft exists
                raise DemoFailure("someone other than the responsible person approved a draft")
        if not app.standin.ephemerals(user_id=SPOKESPERSON):
            raise DemoFailure("the refused spokesperson was not told why")
        app.click(card, ids.STATEMENT_REQUEST_CHANGES, RESPONSIBLE)
        modal = app.last_view()
        if modal.get("callback_id") != ids.DECLINE_MODAL:
            raise DemoFailure("Request changes did not ask for a reason")
        app.submit(
            modal, {ids.input_action(ids.DECLINE_REASON): self.text("drafts", "changes")}, user_id=RESPONSIBLE
        )
        with Session(app.context.engine) as session:
            stored = session.get(Statement, draft.id)
        if stored is None or stored.status != "changes_requested":
            raise DemoFailure("the draft is not marked 'changes requested'")
        return f"a spokesperson's Approve was refused; {self.name(RESPONSIBLE)} asked for changes"

    def approve_good_draft(self) -> str:
        app = self.running
        incident = self.incident()
        app.command(
            f"spokesperson add @{app.standin.state.user(SPOKESPERSON).name}",
            user_id=RESPONSIBLE,
            channel_id=incident.channel_id,
        )
        app.clock.set(app.clock.now() + timedelta(minutes=20))
        draft = self._propose(self.text("drafts", "good"))
        app.clock.set(app.clock.now() + timedelta(minutes=20))
        app.click(self._card(draft), ids.STATEMENT_APPROVE, RESPONSIBLE)
        with Session(app.context.engine) as session:
            stored = session.get(Statement, draft.id)
        if stored is None or stored.status != "approved":
            raise DemoFailure("the good draft was not approved")
        if not any(pin.get("ts") == stored.card_ts for pin in app.standin.pins(require_channel(incident))):
            raise DemoFailure("the approved message is not pinned")
        if not app.standin.dm_messages(SPOKESPERSON):
            raise DemoFailure("the spokesperson got no DM about the approved text")
        if not incidents.shares_outside(incident):
            if self.text("drafts", "good")[:20] in str(app.standin.dm_messages(SPOKESPERSON)):
                raise DemoFailure("the approved text of a private crisis left its channel by DM")
            return (
                f"version {stored.version} approved and pinned; "
                "private crisis: the spokesperson was told to read it in the channel"
            )
        return f"version {stored.version} approved and pinned; the spokesperson got it by DM"

    def _mark(self, mark: str, due: datetime) -> str:
        incident = self.incident()
        with Session(self.running.context.engine) as session:
            planned = [row for row in self.rows(session, DeadlineMark) if row.mark == mark]
        if not planned:
            return "this playbook has no such deadline"
        fired = (
            self.advance_to(due - timedelta(hours=2))
            + self.advance_to(due)
            + self.advance_to(due + timedelta(hours=1))
        )
        outcomes = {item.outcome for item in fired if item.mark == mark and item.outcome}
        with Session(self.running.context.engine) as session:
            met = mark in deadlines.met_marks(session, [require_id(incident)])[require_id(incident)]
        if not met or outcomes != {"met"}:
            raise DemoFailure(f"{mark}: met={met}, reminders said {outcomes or 'nothing'}")
        return f"met; a confirmation was posted instead of a nag (due {due:%d %b %H:%M} UTC)"

    def twelve_hours(self) -> str:
        return self._mark(deadlines.RESPONSE_MARK, deadlines.response_due(self.incident().first_negative_at))

    def publish(self) -> str:
        app = self.running
        incident = self.incident()
        for platform in ("facebook", "x"):
            app.command(
                f"published {platform} https://{platform}.example.com/brand/posts/77",
                user_id=SPOKESPERSON,
                channel_id=incident.channel_id,
            )
        with Session(app.context.engine) as session:
            marks = deadlines.met_marks(session, [require_id(incident)])[require_id(incident)]
            met = deadlines.PUBLICATION_MARK in marks
        if not met:
            raise DemoFailure("not published on every target platform")
        return "published on Facebook and X: every target platform"

    def status_update(self) -> str:
        app = self.running
        incident = self.incident()
        app.command("update", user_id=RESPONSIBLE, channel_id=incident.channel_id)
        app.submit(
            app.last_view(),
            {
                ids.input_action(ids.UPDATE_WHAT_HAPPENED): self.text("update", "what_happened"),
                ids.input_action(ids.UPDATE_IMPACT): self.text("update", "impact"),
                ids.input_action(ids.UPDATE_ACTIONS): self.text("update", "actions"),
                ids.input_action(ids.UPDATE_NEXT_AT): app.clock.now() + timedelta(hours=4),
            },
            user_id=RESPONSIBLE,
        )
        leaders = app.standin.channel_by_name("crisis-leadership")
        thread = [m for m in app.standin.messages(leaders.id) if m.get("thread_ts")]  # type: ignore[union-attr]  # the demo creates this channel
        if not incidents.shares_outside(incident):
            if any(self.text("update", "impact")[:20] in str(m.get("blocks")) for m in thread):
                raise DemoFailure("the update of a private crisis reached the leadership channel")
            return "posted in the private channel only; leadership just knows a private crisis is open"
        if not any(self.text("update", "impact")[:20] in str(m.get("blocks")) for m in thread):
            raise DemoFailure("the update did not reach the leadership thread")
        return "posted in the channel and in the leadership thread"

    def forty_eight_hours(self) -> str:
        return self._mark(
            deadlines.PUBLICATION_MARK, deadlines.publication_due(self.incident().first_negative_at)
        )

    def resolve(self) -> str:
        app = self.running
        incident = self.incident()
        app.command("resolve", user_id=RESPONSIBLE, channel_id=incident.channel_id)
        app.submit(
            app.last_view(),
            {ids.input_action(ids.RESOLVE_RESOLUTION): self.text("resolution")},
            user_id=RESPONSIBLE,
        )
        incident = self.incident()
        if incident.status != "resolved":
            raise DemoFailure("the incident is not resolved")
        if not app.standin.calls_to("files.completeUploadExternal"):
            raise DemoFailure("the report was not uploaded to the channel")
        self.report_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for report_format in ("md", "html"):
            path = self.report_dir / f"crisis-demo-report.{report_format}"
            path.write_text(render_report(app.context, require_id(incident), report_format), encoding="utf-8")
            written.append(str(path))
        return "report uploaded to the channel and written to " + " and ".join(written)

    # ---- running -----------------------------------------------------------------------------------

    def run(self) -> bool:
        """Play every step; True only when all of them worked."""
        start = datetime.now(UTC).replace(second=0, microsecond=0)
        clock = ManualClock(start)
        with tempfile.TemporaryDirectory() as folder, SlackStandin(now=lambda: clock.now()) as standin:
            url = f"sqlite:///{Path(folder) / 'demo.db'}"
            db.upgrade(url)
            standin.add_channel("general", members=[OPENER, RESPONSIBLE, SPOKESPERSON])
            leaders = standin.add_channel("crisis-leadership", members=[OPENER])
            self.app = start_local_app(
                url, standin, clock, crisis_leadership_channel=leaders.id, crisis_language=self.language
            )
            try:
                ok = self._play()
                incident = self.incident() if self.incident_id else None
                if incident and incident.channel_id:
                    self.printer.heading(f"#{incident.channel_name}")
                    # People are shown by name, as a Slack client would, from the app's user directory.
                    names = self.app.context.directory.name
                    self.printer.transcript(standin.transcript(incident.channel_id, names))
                    self.printer.heading("#crisis-leadership")
                    self.printer.transcript(standin.transcript(leaders.id, names))
            finally:
                self.app.stop()
        return ok

    def _play(self) -> bool:
        for number, (name, step) in enumerate(self.steps(), start=1):
            try:
                detail = step()
            except Exception as error:  # every failure is reported, and stops the demo
                self.printer.step(number, name, f"{type(error).__name__}: {error}", ok=False)
                self.results.append((name, False, str(error)))
                return False
            self.printer.step(number, name, detail, ok=True)
            self.results.append((name, True, detail))
        return True
