"""The pure parts of drills: the scripted wave (valid, realistic in every language), reading
`/crisis drill` arguments, and the accelerated clock in `deadlines.plan`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.config import Settings
from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, Incident
from bot.core.playbooks import load_playbooks
from bot.deadlines.deadlines import next_daily_round, plan
from bot.drills import script as drill_script
from bot.drills.drills import DEFAULT_SPEED, DrillRequest, UnknownDrillCase, parse_request
from bot.drills.script import ScriptError, parse_offset, parse_script
from bot.mentions.mentions import MentionInput, validate_input
from bot.mentions.triage import PriorMention, classify_mention
from tests.support.builders import unsaved_incident

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CASES = [playbook.case for playbook in load_playbooks().cases()]
TEXTS = {"en": "a", "es": "b", "zh": "c"}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_every_case_has_a_wave_the_triage_reads_as_scripted(case: str, language: str) -> None:
    wave = drill_script.wave(case)
    assert len(wave) >= 7 and wave[0].offset == timedelta(0)
    assert [entry.offset for entry in wave] == sorted(entry.offset for entry in wave)
    assert len({entry.url for entry in wave}) == len(wave), "each post has its own address"
    previous: list[PriorMention] = []
    for number, entry in enumerate(wave, start=1):
        data = MentionInput(entry.url, entry.platform, entry.text(language), entry.author, entry.followers)
        assert validate_input(data, NOW) == {}
        result = classify_mention(
            data.text,
            author=entry.author,
            author_followers=entry.followers,
            platform=entry.platform,
            reach=entry.reach,
            previous=previous,
        )
        assert result.mention_class == entry.expect, (entry.key, result.reasons)
        previous.append(PriorMention(number, data.text, entry.author, result.duplicate_of))


def test_the_wave_has_every_kind_of_post() -> None:
    kinds = {entry.expect for entry in drill_script.wave("outage_our_fault")}
    assert {"complaint", "insult", "spam_duplicate", "suspected_fake", "competitor"} <= kinds
    assert any(entry.platform == "news" for entry in drill_script.wave("data_leak")), "the press asks"


def test_a_case_override_changes_only_its_entry() -> None:
    shared = drill_script.wave("some_case_without_overrides")
    leak = drill_script.wave("data_leak")
    assert leak[0].text("en") != shared[0].text("en") and "phishing" in leak[0].text("en")
    assert [entry.text("en") for entry in leak[1:]] == [entry.text("en") for entry in shared[1:]]
    repeat = next(entry for entry in shared if entry.key == "repeat")
    complaint = next(entry for entry in shared if entry.key == "complaint")
    assert (repeat.author, repeat.texts) == (
        complaint.author,
        complaint.texts,
    ) and repeat.url != complaint.url


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("wave: []", "wave"),
        ("wave: [{key: a, at: '3h', platform: x, text: {en: a, es: b, zh: c}}]", "not an offset"),
        ("wave: [{key: a, at: '+1h', platform: x, text: {en: a, es: b}}]", "missing in zh"),
        ("wave: [{key: A b, at: '+1h', platform: x, text: {en: a, es: b, zh: c}}]", "not a slug"),
        (
            "wave: [{key: a, at: '+1h', repeats: b},"
            " {key: b, at: '+0h', platform: x, text: {en: a, es: b, zh: c}}]",
            "does not come before it",
        ),
        (
            "wave: [{key: a, at: '+1h', platform: x, text: {en: a, es: b, zh: c}}]\n"
            "cases: {c: {nope: {author: z}}}",
            "unknown entry 'nope'",
        ),
        ("wave: [{key: a, at: '+1h', platform: x, text: {en: a, es: b, zh: c}, colour: red}]", "colour"),
        ("wave: [", "not valid YAML"),
    ],
)
def test_a_broken_script_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ScriptError, match=problem):
        parse_script(text)


def test_offsets() -> None:
    assert parse_offset("+0h") == timedelta(0)
    assert parse_offset("+90m") == timedelta(minutes=90)
    assert parse_offset("+20h") == timedelta(hours=20)
    for bad in ("20h", "+1d", "+h", "-1h", "+1.5h"):
        with pytest.raises(ValueError):
            parse_offset(bad)


def test_parse_request() -> None:
    known = {"data_leak", "outage_our_fault"}
    assert parse_request("data_leak", known) == DrillRequest("data_leak", DEFAULT_SPEED, False)
    assert parse_request("Data_Leak 48x leadership", known) == DrillRequest("data_leak", 48, True)
    assert parse_request("data_leak leadership x12", known) == DrillRequest("data_leak", 12, True)
    assert parse_request("data_leak ×6", known).time_scale == 6
    for text in ("", "nope", "leadership data_leak"):
        with pytest.raises(UnknownDrillCase):
            parse_request(text, known)
    for text, key in [
        ("data_leak 0", "drills.errors.speed"),
        ("data_leak 721", "drills.errors.speed"),
        ("data_leak 24 24", "drills.errors.usage"),
        ("data_leak leadership leadership", "drills.errors.usage"),
        ("data_leak fast", "drills.errors.usage"),
    ]:
        with pytest.raises(CrisisError) as raised:
            parse_request(text, known)
        assert raised.value.key == key


def drill(time_scale: int = 24, first_negative_at: datetime = NOW, is_drill: bool = True) -> Incident:
    """A drill incident, not stored."""
    return unsaved_incident(
        title="Drill",
        case_key="outage_our_fault",
        first_negative_at=first_negative_at,
        created_at=NOW,
        is_drill=is_drill,
        time_scale=time_scale,
    )


def steps() -> list[ChecklistItem]:
    return [
        ChecklistItem(
            incident_id=1,
            step_key=key,
            position=1,
            phase="respond",
            owner="anyone",
            deadline=deadline,
            text=key,
        )
        for key, deadline in (("respond", "12h"), ("publish", "48h"), ("updates", "daily"))
    ]


def test_plan_scales_every_offset_of_a_drill() -> None:
    settings = Settings(deadline_warning_hours=2, deadline_escalation_minutes=30)
    planned = {(item.mark, item.kind): item.due_at for item in plan(drill(), steps(), settings, NOW)}
    assert planned[("response_12h", "warning")] == NOW + timedelta(minutes=25)
    assert planned[("response_12h", "due")] == NOW + timedelta(minutes=30)
    assert planned[("response_12h", "escalation")] == NOW + timedelta(minutes=30, seconds=75)
    assert planned[("publication_48h", "due")] == NOW + timedelta(hours=2)
    assert planned[("daily:updates", "daily")] == NOW + timedelta(hours=1)
    wave = drill_script.wave("outage_our_fault")
    assert [planned[(f"drill:{n}", "drill_mention")] for n in range(1, len(wave) + 1)] == [
        NOW + entry.offset / 24 for entry in wave
    ]


def test_drill_posts_stay_anchored_at_the_start_when_the_first_post_moves() -> None:
    moved = drill(first_negative_at=NOW - timedelta(minutes=10))
    planned = {(item.mark, item.kind): item.due_at for item in plan(moved, steps(), Settings(), NOW)}
    assert planned[("response_12h", "due")] == NOW + timedelta(minutes=20)
    assert planned[("drill:1", "drill_mention")] == NOW


def test_a_real_crisis_has_no_drill_rows_and_a_real_clock() -> None:
    real = drill(time_scale=1, is_drill=False)
    planned = {(item.mark, item.kind): item.due_at for item in plan(real, steps(), Settings(), NOW)}
    assert planned[("response_12h", "due")] == NOW + timedelta(hours=12)
    assert not [mark for mark, kind in planned if kind == "drill_mention"]


def test_next_daily_round_on_an_accelerated_clock() -> None:
    settings = Settings()
    assert next_daily_round(drill(), NOW, settings) == NOW + timedelta(hours=1)
    assert next_daily_round(drill(), NOW + timedelta(hours=1), settings) == NOW + timedelta(hours=2)
    assert next_daily_round(drill(), NOW + timedelta(minutes=61), settings) == NOW + timedelta(hours=2)
    assert next_daily_round(drill(time_scale=1), NOW, settings) == NOW + timedelta(days=1)
