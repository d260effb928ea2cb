"""Playbooks: the shipped files, the schema, the loader's error reports and team overrides."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.playbooks import (
    GUIDANCE_MAX,
    LANGUAGES,
    OWNERS,
    PHASES,
    STEP_TEXT_MAX,
    Playbook,
    PlaybookError,
    PlaybookErrors,
    Step,
    UnknownCase,
    check_playbooks,
    load_playbooks,
)

SHIPPED_CASES = [
    "outage_not_our_fault",
    "outage_our_fault",
    "data_leak",
    "competitor_attack",
    "planned_disruption",
    "disinformation",
]
SEED = re.compile(r"^seed-00[0-4]$")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def library():
    return load_playbooks()


def all_steps(library):
    return [(pb, step) for pb in library.cases() for step in pb.steps]


# --------------------------------------------------------------------------------------------
# Shipped playbooks
# --------------------------------------------------------------------------------------------


def test_shipped_playbooks_validate():
    assert check_playbooks(None) == []


def test_all_six_cases_in_order(library):
    assert [pb.case for pb in library.cases()] == SHIPPED_CASES
    assert [pb.number for pb in library.cases()] == [1, 2, 3, 4, 5, 6]
    assert len(library) == 6
    for case in SHIPPED_CASES:
        assert case in library
        assert library.origin(case) == f"playbooks/{case}.yaml"


def test_every_language_has_every_step(library):
    for pb in library.cases():
        for lang in LANGUAGES:
            assert pb.title[lang].strip(), (pb.case, lang)
            assert pb.summary[lang].strip(), (pb.case, lang)
        for step in pb.steps:
            for lang in LANGUAGES:
                assert step.text[lang].strip(), (pb.case, step.key, lang)
                assert len(step.text[lang]) <= STEP_TEXT_MAX, (pb.case, step.key, lang)
                if step.guidance is not None:
                    assert step.guidance[lang].strip(), (pb.case, step.key, lang)
                    assert len(step.guidance[lang]) <= GUIDANCE_MAX, (pb.case, step.key, lang)


def test_translations_are_translations(library):
    """Spanish and Chinese are real translations, not copies of the English."""
    for pb, step in all_steps(library):
        texts = [step.text] + ([step.guidance] if step.guidance else [])
        for text in texts:
            assert text["es"] != text["en"], (pb.case, step.key)
            assert CJK.search(text["zh"]), (pb.case, step.key)
    for pb in library.cases():
        assert CJK.search(pb.title["zh"]) and CJK.search(pb.summary["zh"])


def test_every_step_cites_a_seed(library):
    for pb, step in all_steps(library):
        assert step.source, (pb.case, step.key)
        for entry in step.source:
            assert SEED.match(entry), (pb.case, step.key, entry)


def test_step_counts_and_phases_are_sensible(library):
    for pb in library.cases():
        assert 8 <= len(pb.steps) <= 18, pb.case
        phases = {step.phase for step in pb.steps}
        assert {"assess", "respond", "publish", "engage", "follow-up"} <= phases, pb.case
        assert {step.owner for step in pb.steps} <= set(OWNERS)
        assert {step.phase for step in pb.steps} <= set(PHASES)
        assert pb.steps[0].phase == "assess", pb.case
        assert pb.steps[-1].key == "follow_up", pb.case
        assert pb.step("follow_up").phase == "follow-up"


def test_reactive_cases_have_the_12h_and_48h_deadlines(library):
    for pb in library.cases():
        deadlines = [step.deadline for step in pb.steps]
        if pb.case == "planned_disruption":
            assert "12h" not in deadlines and "48h" not in deadlines
            assert "before" in deadlines
            continue
        if pb.case == "competitor_attack":  # seed 001 case 4 gives the 48h only: ignoring may be the answer
            assert "12h" not in deadlines and deadlines.count("48h") == 1, pb.case
            continue
        assert deadlines.count("12h") == 1, pb.case
        assert deadlines.count("48h") == 1, pb.case
        twelve = next(s for s in pb.steps if s.deadline == "12h")
        forty_eight = next(s for s in pb.steps if s.deadline == "48h")
        assert twelve.phase == "respond" and twelve.owner == "responsible"
        assert forty_eight.phase == "publish" and forty_eight.owner == "spokesperson"


def test_common_steps_are_where_they_belong(library):
    for pb in library.cases():
        keys = set(pb.step_keys())
        assert {"set_tone", "moderate_fairly", "private_channel", "follow_up"} <= keys, pb.case
        if pb.case != "planned_disruption":
            assert "trace_source" in keys, pb.case
    # A leak freezes internal communication: no internal briefing step there.
    assert "brief_team" not in library.get("data_leak").step_keys()


def test_case_specific_steps(library):
    two = library.get("outage_our_fault")
    assert two.step("closing_announcement").phase == "follow-up"
    assert two.step("constant_updates").is_daily
    assert "apolog" in two.step("warn_community_early").text["en"]

    leak = library.get("data_leak")
    assert leak.step_keys()[:2] == ["freeze_internal_comms", "find_leak_source"]
    assert leak.step("daily_moderation").is_daily

    attack = library.get("competitor_attack")
    assert {"bring_in_pr_lead", "consider_ignoring", "prevention_strategy"} <= set(attack.step_keys())
    assert "ignor" in attack.step("consider_ignoring").text["en"]

    planned = library.get("planned_disruption")
    assert planned.step("post_warning").is_before
    assert planned.step("post_warning").deadline_delta is None

    disinfo = library.get("disinformation")
    assert "order number" in disinfo.step("verify_reviewer").text["en"]
    assert disinfo.step("rebut_on_platforms").deadline == "48h"
    assert {"opinion_leaders", "video_rebuttal", "community_rules"} <= set(disinfo.step_keys())


def test_no_agency_advert():
    for path in Path(__file__).resolve().parents[2].joinpath("playbooks").glob("*.yaml"):
        assert "icoda" not in path.read_text(encoding="utf-8").lower(), path.name


# --------------------------------------------------------------------------------------------
# Model helpers
# --------------------------------------------------------------------------------------------


def make_step(**overrides) -> Step:
    data = {
        "key": "k",
        "phase": "respond",
        "owner": "anyone",
        "text": {"en": "Do it.", "es": "Hazlo.", "zh": "去做。"},
    }
    data.update(overrides)
    return Step.model_validate(data)


@pytest.mark.parametrize(
    ("deadline", "delta", "daily", "before"),
    [
        ("12h", timedelta(hours=12), False, False),
        ("48h", timedelta(hours=48), False, False),
        ("2d", timedelta(days=2), False, False),
        ("daily", None, True, False),
        ("before", None, False, True),
        (None, None, False, False),
    ],
)
def test_deadline_helpers(deadline, delta, daily, before):
    step = make_step(deadline=deadline)
    assert step.deadline_delta == delta
    assert step.is_daily is daily
    assert step.is_before is before


def test_text_for_falls_back_to_english(library):
    step = library.get("data_leak").step("freeze_internal_comms")
    assert step.text_for("es") == step.text["es"]
    assert step.text_for("zh-CN") == step.text["zh"]
    assert step.text_for("es_MX") == step.text["es"]
    assert step.text_for("fr") == step.text["en"]
    assert step.text_for(None) == step.text["en"]
    assert step.guidance_for("zh") == step.guidance["zh"]
    assert make_step().guidance_for("es") is None
    pb = library.get("data_leak")
    assert pb.title_for("es") == pb.title["es"]
    assert pb.summary_for("de") == pb.summary["en"]


def test_frisian_is_optional():
    step = make_step(text={"en": "Do it.", "es": "Hazlo.", "zh": "去做。", "fy": "Doch it."})
    assert step.text_for("fy") == "Doch it."


def test_unknown_case_and_step(library):
    with pytest.raises(KeyError) as info:
        library.get("alien_invasion")
    assert isinstance(info.value, UnknownCase)
    assert "alien_invasion" in str(info.value) and "data_leak" in str(info.value)
    with pytest.raises(KeyError, match="nope"):
        library.get("data_leak").step("nope")


def test_playbook_model_rejects_duplicate_keys():
    step = make_step().model_dump()
    with pytest.raises(ValueError, match="duplicate step key"):
        Playbook.model_validate(
            {
                "case": "x",
                "number": 1,
                "title": step["text"],
                "summary": step["text"],
                "steps": [step, step],
            }
        )


# --------------------------------------------------------------------------------------------
# Broken files: each kind gives the documented error with file, line and field
# --------------------------------------------------------------------------------------------

VALID = """\
case: {case}
number: 7
title: {{en: Test, es: Prueba, zh: 测试}}
summary: {{en: A test case., es: Un caso de prueba., zh: 测试用例。}}
steps:
  - key: first
    phase: assess
    owner: responsible
    deadline: 12h
    text: {{en: Do it., es: Hazlo., zh: 去做。}}
    source: [team-runbook]
  - key: second
    phase: publish
    owner: spokesperson
    deadline: 48h
    text: {{en: Say it., es: Dilo., zh: 说出来。}}
    guidance: {{en: Why., es: Por qué., zh: 为什么。}}
"""


def valid_yaml(case: str = "team_case") -> str:
    return VALID.format(case=case)


def replace_line(text: str, number: int, new: str | None) -> str:
    """Replace 1-based line ``number`` (``None`` deletes it)."""
    lines = text.splitlines()
    if new is None:
        del lines[number - 1]
    else:
        lines[number - 1] = new
    return "\n".join(lines) + "\n"


def insert_after(text: str, number: int, new: str) -> str:
    lines = text.splitlines()
    lines.insert(number, new)
    return "\n".join(lines) + "\n"


BROKEN = {
    # kind: (file content, line, field, message fragment)
    "bad_yaml": (replace_line(valid_yaml(), 7, "    phase: assess: now"), 7, None, "invalid YAML"),
    "missing_field": (replace_line(valid_yaml(), 7, None), 6, "steps[0].phase", "missing required field"),
    "unknown_phase": (
        replace_line(valid_yaml(), 7, "    phase: respnd"),
        7,
        "steps[0].phase",
        "unknown phase 'respnd' (expected one of 'assess', 'respond', 'publish', 'engage' or 'follow-up')",
    ),
    "unknown_owner": (
        replace_line(valid_yaml(), 14, "    owner: boss"),
        14,
        "steps[1].owner",
        "unknown owner 'boss'",
    ),
    "duplicate_step_key": (
        replace_line(valid_yaml(), 12, "  - key: first"),
        12,
        "steps[1].key",
        "duplicate step key 'first' (first used by steps[0])",
    ),
    "bad_deadline": (
        replace_line(valid_yaml(), 15, "    deadline: 2 days"),
        15,
        "steps[1].deadline",
        "bad deadline '2 days'",
    ),
    "zero_deadline": (
        replace_line(valid_yaml(), 9, "    deadline: 0h"),
        9,
        "steps[0].deadline",
        "bad deadline '0h'",
    ),
    "missing_language": (
        replace_line(valid_yaml(), 16, "    text: {en: Say it., es: Dilo.}"),
        16,
        "steps[1].text",
        "missing language 'zh'",
    ),
    "missing_guidance_language": (
        replace_line(valid_yaml(), 17, "    guidance: {en: Why., zh: 为什么。}"),
        17,
        "steps[1].guidance",
        "missing language 'es'",
    ),
    "unknown_language": (
        replace_line(valid_yaml(), 16, "    text: {en: Say it., es: Dilo., zh: 说出来。, de: Sag es.}"),
        16,
        "steps[1].text",
        "unknown language 'de'",
    ),
    "text_too_long": (
        replace_line(valid_yaml(), 10, "    text: {en: " + "x" * 300 + ", es: Hazlo., zh: 去做。}"),
        10,
        "steps[0].text.en",
        "too long: 300 characters (max 280)",
    ),
    "duplicate_mapping_key": (
        insert_after(valid_yaml(), 8, "    owner: moderator"),
        9,
        "steps[0].owner",
        "duplicate key (also on line 8",
    ),
    "case_mismatch": (
        valid_yaml(case="other_case"),
        1,
        "case",
        "case 'other_case' does not match the file name (expected 'team_case')",
    ),
    "empty_steps": (
        "\n".join(valid_yaml().splitlines()[:4]) + "\nsteps: []\n",
        5,
        "steps",
        "must have at least one step",
    ),
    "unknown_step_field": (
        insert_after(valid_yaml(), 8, "    colour: red"),
        9,
        "steps[0].colour",
        "unknown field 'colour'",
    ),
    "unknown_top_field": (
        insert_after(valid_yaml(), 2, "version: 2"),
        3,
        "version",
        "unknown field 'version'",
    ),
    "text_not_a_mapping": (
        replace_line(valid_yaml(), 10, "    text: Do it."),
        10,
        "steps[0].text",
        "must be a mapping of language to text",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_file_gives_documented_error(tmp_path, kind):
    content, line, field, fragment = BROKEN[kind]
    path = tmp_path / "team_case.yaml"
    path.write_text(content, encoding="utf-8")

    errors = check_playbooks(tmp_path)

    matching = [e for e in errors if fragment in e.message]
    assert matching, [str(e) for e in errors]
    error = matching[0]
    assert error.file == str(path)
    assert error.line == line
    assert error.field == field
    where = f"{path}:{line}: {field}: " if field else f"{path}:{line}: "
    assert str(error).startswith(where)
    assert "\n" not in str(error)
    # Only this file is broken: the shipped ones stay clean.
    assert all(e.file == str(path) for e in errors)

    with pytest.raises(PlaybookErrors) as info:
        load_playbooks(tmp_path)
    assert str(error) in str(info.value).splitlines()


def test_error_str_format():
    error = PlaybookError("playbooks/data_leak.yaml", 42, "steps[3].phase", "unknown phase 'respnd'")
    assert str(error) == "playbooks/data_leak.yaml:42: steps[3].phase: unknown phase 'respnd'"
    assert str(PlaybookError("x.yaml", None, None, "file is empty")) == "x.yaml: file is empty"


def test_all_errors_across_files_are_reported(tmp_path):
    (tmp_path / "one.yaml").write_text(
        replace_line(valid_yaml("one"), 7, "    phase: respnd"), encoding="utf-8"
    )
    two = replace_line(valid_yaml("two"), 14, "    owner: boss")
    (tmp_path / "two.yaml").write_text(replace_line(two, 15, "    deadline: soon"), encoding="utf-8")
    (tmp_path / "three.yaml").write_text(valid_yaml("three"), encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")

    with pytest.raises(PlaybookErrors) as info:
        load_playbooks(tmp_path)
    found = {(Path(e.file).name, e.line, e.field) for e in info.value.errors}
    assert found == {
        ("one.yaml", 7, "steps[0].phase"),
        ("two.yaml", 14, "steps[1].owner"),
        ("two.yaml", 15, "steps[1].deadline"),
        ("empty.yaml", None, None),
    }
    assert len(str(info.value).splitlines()) == 4


def test_missing_directory_is_an_error(tmp_path):
    errors = check_playbooks(tmp_path / "nowhere")
    assert len(errors) == 1 and "not found" in errors[0].message


def test_non_yaml_files_are_ignored(tmp_path):
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".draft.yaml").write_text("::: broken", encoding="utf-8")
    assert check_playbooks(tmp_path) == []


# --------------------------------------------------------------------------------------------
# Team directory: add and override
# --------------------------------------------------------------------------------------------


def test_extra_dir_adds_and_overrides(tmp_path):
    (tmp_path / "team_case.yaml").write_text(valid_yaml(), encoding="utf-8")
    override = valid_yaml("data_leak").replace("number: 7", "number: 3")
    (tmp_path / "data_leak.yml").write_text(override, encoding="utf-8")

    library = load_playbooks(tmp_path)

    assert len(library) == 7
    leak = library.get("data_leak")
    assert leak.step_keys() == ["first", "second"]
    assert library.origin("data_leak") == str(tmp_path / "data_leak.yml")
    assert library.get("team_case").step("second").guidance_for("es") == "Por qué."
    assert library.origin("outage_our_fault") == "playbooks/outage_our_fault.yaml"
    assert [pb.case for pb in library.cases()][-1] == "team_case"


def test_broken_override_refuses_to_load(tmp_path):
    broken = replace_line(valid_yaml("data_leak"), 7, "    phase: someday")
    (tmp_path / "data_leak.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(PlaybookErrors, match=r"data_leak\.yaml:7: steps\[0\]\.phase: unknown phase"):
        load_playbooks(tmp_path)


def test_same_case_twice_in_one_directory(tmp_path):
    (tmp_path / "team_case.yaml").write_text(valid_yaml(), encoding="utf-8")
    (tmp_path / "team_case.yml").write_text(valid_yaml(), encoding="utf-8")
    errors = check_playbooks(tmp_path)
    assert len(errors) == 1 and "also defined by" in errors[0].message
