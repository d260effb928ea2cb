"""Any text at all: the three judgements never raise and only answer with the guide's names."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mentions.triage import MentionClass, PriorMention, classify_mention
from bot.statements.compare import KINDS, compare_to_approved
from bot.statements.lint import lint_statement

FINDINGS = {
    "non_apology", "vague_action", "no_concrete_action", "blames_customer", "condescension_or_humour", "bribe",  # noqa: E501
    "missing_next_update", "mass_mention", "missing_apology", "speculation", "missing_what_happened", "raw_markup",  # noqa: E501
}  # fmt: skip
CASES = st.sampled_from([None, "outage_our_fault", "data_leak", "disinformation"])
LANGUAGES = st.sampled_from(["en", "es", "zh", "xx"])
# printable text from every script plus the characters crisis posts are made of
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("0123456789.,:;!?¿¡ €$%@#*<>|\n我们将于月日点元")),
    ),
    max_size=400,
)
RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(text=TEXT, language=LANGUAGES, case=CASES)
def test_lint_never_raises(text: str, language: str, case: str | None) -> None:
    for finding in lint_statement(text, language, case=case):
        assert finding.rule in FINDINGS
        assert finding.quote == "" or finding.quote in text


@RELAXED
@given(text=TEXT, earlier=st.lists(TEXT, max_size=4), author=st.one_of(st.none(), TEXT))
def test_triage_never_raises(text: str, earlier: list[str], author: str | None) -> None:
    previous = [PriorMention(i, t, f"a{i}") for i, t in enumerate(earlier)]
    result = classify_mention(text, author=author, previous=previous, competitor_names=["Zapr", "快达"])
    assert result.mention_class in set(MentionClass)
    assert result.duplicate_of is None or result.duplicate_of in range(len(earlier))


@RELAXED
@given(approved=TEXT, spoken=TEXT, language=st.sampled_from([None, "en", "es", "zh"]))
def test_compare_never_raises(approved: str, spoken: str, language: str | None) -> None:
    comparison = compare_to_approved(approved, spoken, language)
    assert comparison.material == bool(comparison.differences)
    assert {d.kind for d in comparison.differences} <= set(KINDS)
