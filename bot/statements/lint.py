"""Statement linter: checks a draft public statement against the message rules of the seeds.

The rules (phrases, severities, messages) live in ``bot/statements/statement_lint.yaml``; this module
only loads, validates and applies them. Findings are warnings shown on the draft card, except the
``block`` rules (Slack mass mentions and raw markup).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.statements.sentences import Sentence, split_sentences

LANGUAGES = ("en", "es", "zh")
PATTERN_LANGUAGES = ("any", *LANGUAGES)
DEFAULT_LANGUAGE = "en"
_FLAGS = re.IGNORECASE


class RulesError(ValueError):
    """The rules file cannot be read or does not validate."""


_TERM = re.compile(r"\{([a-z][a-z_]*)\}")


def _expand_pattern(pattern: str, language: str, terms: dict[str, Any]) -> str:
    """``pattern`` with each ``{name}`` replaced by the alternation of ``terms[name]`` in ``language``."""

    def alternation(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in terms:
            raise ValueError(f"unknown term {{{name}}}")
        by_language = terms[name] or {}
        if language == "any":
            items = [item for values in by_language.values() for item in values]
        else:
            items = list(by_language.get(language) or [])
        if not items:
            raise ValueError(f"term {{{name}}} has no {language} words")
        return _alternation([str(item) for item in items])

    return _TERM.sub(alternation, pattern)


def _alternation(items: list[str]) -> str:
    """``(?:a|b|…)`` of ``items``, the ones starting with the same plain letter grouped behind it.

    Same matches (patterns are matched ignoring case), but the engine tries one letter at each
    position instead of every item (a word list of fifty items otherwise costs fifty tries at every
    character of the draft).
    """
    groups: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        first = item[:1]
        plain = first.isalnum() and item[1:2] not in ("?", "*", "+", "{", "")
        key = first.lower() if plain else f"#{index}"
        groups.setdefault(key, []).append(item)
    parts = []
    for key, members in groups.items():
        if key.startswith("#") or len(members) == 1:
            parts.extend(members)
        else:
            letter = key if key.isascii() and key.isalpha() else re.escape(members[0][0])
            parts.append(letter + "(?:" + "|".join(m[1:] for m in members) + ")")
    return "(?:" + "|".join(parts) + ")"


def _expand_map(patterns: dict[str, Any], terms: dict[str, Any]) -> None:
    """Expand, in place, the patterns of a ``{language: [pattern, ...]}`` map."""
    for language, items in patterns.items():
        if language in PATTERN_LANGUAGES and isinstance(items, list):
            patterns[language] = [
                _expand_pattern(item, language, terms) if isinstance(item, str) else item for item in items
            ]


def _expand_terms(raw: Any) -> Any:
    """Replace ``{name}`` in every pattern by the alternation of the rules file's ``terms[name]``.

    A term is a list of regular expressions per language (``terms: {customers: {en: [...]}}``); a
    pattern of language ``xx`` gets the ``xx`` list (an ``any`` pattern gets every language's).
    Quantifiers (``{0,40}``) are digits and are left alone.
    """
    if not isinstance(raw, dict) or "terms" not in raw:
        return raw
    terms = raw.pop("terms") or {}
    if not isinstance(terms, dict):
        raise ValueError("terms must map names to per-language lists")
    for signal in (raw.get("signals") or {}).values():
        if isinstance(signal, dict):
            _expand_map(signal, terms)
            if isinstance(signal.get("except"), dict):
                _expand_map(signal["except"], terms)
    for rule in (raw.get("rules") or {}).values():
        if isinstance(rule, dict):
            for key in ("patterns", "except"):
                if isinstance(rule.get(key), dict):
                    _expand_map(rule[key], terms)
    return raw


@dataclass(frozen=True)
class Finding:
    """One problem found in a statement draft."""

    rule: str
    severity: str
    quote: str
    message: str
    start: int | None = None
    end: int | None = None

    @property
    def is_block(self) -> bool:
        """True when the draft cannot be approved while this finding stands."""
        return self.severity == "block"


def _check_pattern_map(value: dict[str, list[str]]) -> dict[str, list[str]]:
    unknown = set(value) - set(PATTERN_LANGUAGES)
    if unknown:
        raise ValueError(f"unknown language(s) {sorted(unknown)}; use one of {list(PATTERN_LANGUAGES)}")
    return value


def _checked(where: str, patterns: dict[str, list[str]]) -> None:
    """Raise ``ValueError`` naming ``where``, the language and the index of a pattern that is wrong.

    Done after validation, not inside it: compiling hundreds of expressions inside the validator
    kept a loading thread in compiled code for half a second.
    """
    for language, items in patterns.items():
        for index, pattern in enumerate(items):
            try:
                compiled = re.compile(pattern, _FLAGS)
            except re.error as exc:
                raise ValueError(
                    f"{where}: invalid regular expression in {language}[{index}] {pattern!r}: {exc}"
                ) from exc
            if compiled.fullmatch("") is not None:
                raise ValueError(f"{where}: pattern {language}[{index}] {pattern!r} matches the empty string")


class _SignalSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    include: list[str] = Field(default_factory=list)
    except_: dict[str, list[str]] = Field(default_factory=dict, alias="except")
    en: list[str] = Field(default_factory=list)
    es: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _valid_patterns(self) -> _SignalSpec:
        _check_pattern_map(self.patterns())
        _check_pattern_map(self.except_)
        return self

    def patterns(self) -> dict[str, list[str]]:
        return {lang: getattr(self, lang) for lang in PATTERN_LANGUAGES if getattr(self, lang)}


class _TogetherSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signals: list[str] = Field(min_length=2)
    window: int = Field(default=1, ge=0, le=3)


class _RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    severity: Literal["warning", "block"]
    message: dict[str, str]
    patterns: dict[str, list[str]] = Field(default_factory=dict)
    except_: dict[str, list[str]] = Field(default_factory=dict, alias="except")
    unless_in_sentence: str | None = None
    when_missing: str | None = None
    unless_fired: list[str] = Field(default_factory=list)
    unless_anywhere: str | None = None
    when_present: str | None = None
    cases: list[str] = Field(default_factory=list)
    ignore_sentences_with: list[str] = Field(default_factory=list)
    together: _TogetherSpec | None = None

    @field_validator("message")
    @classmethod
    def _english_message(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"unknown message language(s) {sorted(unknown)}")
        if not value.get(DEFAULT_LANGUAGE, "").strip():
            raise ValueError("an English message is required")
        return value

    @field_validator("patterns", "except_")
    @classmethod
    def _valid_patterns(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _check_pattern_map(value)

    @model_validator(mode="after")
    def _one_kind(self) -> _RuleSpec:
        if bool(self.patterns or self.together) == bool(self.when_missing):
            raise ValueError("a rule needs either patterns (or together) or when_missing (not both)")
        if self.when_present and not self.when_missing:
            raise ValueError("when_present only goes with when_missing")
        return self


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signals: dict[str, _SignalSpec] = Field(default_factory=dict)
    rules: dict[str, _RuleSpec]

    @model_validator(mode="after")
    def _references(self) -> _RulesFile:
        for name, signal in self.signals.items():
            for ref in signal.include:
                if ref not in self.signals and ref not in self.rules:
                    raise ValueError(f"signal {name!r} includes unknown signal or rule {ref!r}")
        for rule_id, rule in self.rules.items():
            signal_refs = (
                rule.unless_in_sentence,
                rule.when_missing,
                rule.unless_anywhere,
                rule.when_present,
            )
            for signal_ref in signal_refs:
                if signal_ref is not None and signal_ref not in self.signals:
                    raise ValueError(f"rule {rule_id!r} refers to unknown signal {signal_ref!r}")
            for ref in rule.unless_fired:
                if ref not in self.rules:
                    raise ValueError(f"rule {rule_id!r}: unless_fired names unknown rule {ref!r}")
            for signal_ref in rule.together.signals if rule.together else []:
                if signal_ref not in self.signals:
                    raise ValueError(f"rule {rule_id!r}: together names unknown signal {signal_ref!r}")
            for ref in rule.ignore_sentences_with:
                if ref not in self.rules or self.rules[ref].when_missing:
                    raise ValueError(
                        f"rule {rule_id!r}: ignore_sentences_with names {ref!r}, not a rule with patterns"
                    )
            if rule.ignore_sentences_with and not rule.when_missing:
                raise ValueError(f"rule {rule_id!r}: ignore_sentences_with only goes with when_missing")
        return self


Compiled = dict[str, tuple[re.Pattern[str], ...]]


#: Key of the English patterns made of symbols only (emoji): they apply to drafts in every language.
_SYMBOLS = "en_symbols"
_REGEX_SYNTAX = re.compile(r"\\[a-zA-Z]|\(\?[a-zA-Z-]*[:)]|\(\?<?[=!]")


def _is_symbolic(pattern: str) -> bool:
    """Whether ``pattern`` has no word of letters outside its regex syntax (an emoji class, say)."""
    return re.search(r"[A-Za-z]{2,}", _REGEX_SYNTAX.sub(" ", pattern)) is None


def _compile(patterns: dict[str, list[str]]) -> Compiled:
    compiled = {lang: tuple(re.compile(p, _FLAGS) for p in items) for lang, items in patterns.items()}
    if DEFAULT_LANGUAGE in compiled:
        compiled[_SYMBOLS] = tuple(p for p in compiled[DEFAULT_LANGUAGE] if _is_symbolic(p.pattern))
    return compiled


@dataclass(frozen=True)
class Rule:
    """A validated, compiled lint rule."""

    id: str
    severity: str
    messages: dict[str, str]
    patterns: Compiled
    exceptions: Compiled
    unless_in_sentence: str | None
    when_missing: str | None
    unless_fired: tuple[str, ...]
    unless_anywhere: str | None = None
    when_present: str | None = None
    cases: tuple[str, ...] = ()
    ignore_sentences_with: tuple[str, ...] = ()
    together: tuple[str, ...] = ()
    window: int = 1

    def applies_to(self, case: str | None) -> bool:
        """Rules limited to some crisis cases apply only when the draft's case is one of them."""
        return not self.cases or case in self.cases

    def message(self, language: str) -> str:
        """The explanation in ``language``, falling back to English."""
        return self.messages.get(language) or self.messages[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class LintRules:
    """All rules and signals of a rules file, ready to apply."""

    rules: tuple[Rule, ...]
    signals: dict[str, Compiled]
    #: per signal, the phrases that cancel an overlapping match of its own patterns (a dated
    #: promise to publish an update is no concrete action); signals without any are not listed
    signal_exceptions: dict[str, Compiled] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        """The rule with id ``rule_id``."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _resolve_signal(name: str, data: _RulesFile, seen: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    if name in seen:
        raise ValueError(f"signal {name!r} includes itself")
    if name in data.rules:
        return data.rules[name].patterns
    signal = data.signals[name]
    merged: dict[str, list[str]] = {lang: list(items) for lang, items in signal.patterns().items()}
    for ref in signal.include:
        for lang, items in _resolve_signal(ref, data, seen | {name}).items():
            merged.setdefault(lang, []).extend(items)
    return merged


def _build(data: _RulesFile) -> LintRules:
    for name, spec in data.signals.items():
        _checked(f"signals.{name}", spec.patterns())
        _checked(f"signals.{name}.except", spec.except_)
    for rule_id, rule_spec in data.rules.items():
        _checked(f"rules.{rule_id}.patterns", rule_spec.patterns)
        _checked(f"rules.{rule_id}.except", rule_spec.except_)
    signals = {name: _compile(_resolve_signal(name, data)) for name in data.signals}
    rules = tuple(
        Rule(
            id=rule_id,
            severity=spec.severity,
            messages=dict(spec.message),
            patterns=_compile(spec.patterns),
            exceptions=_compile(spec.except_),
            unless_in_sentence=spec.unless_in_sentence,
            when_missing=spec.when_missing,
            unless_fired=tuple(spec.unless_fired),
            unless_anywhere=spec.unless_anywhere,
            when_present=spec.when_present,
            cases=tuple(spec.cases),
            ignore_sentences_with=tuple(spec.ignore_sentences_with),
            together=tuple(spec.together.signals) if spec.together else (),
            window=spec.together.window if spec.together else 1,
        )
        for rule_id, spec in data.rules.items()
    )
    exceptions = {name: _compile(spec.except_) for name, spec in data.signals.items() if spec.except_}
    return LintRules(rules=rules, signals=signals, signal_exceptions=exceptions)


def _format_errors(source: str, exc: ValidationError) -> str:
    lines = [f"invalid statement lint rules in {source}:"]
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        lines.append(f"  {where}: {error['msg']}")
    return "\n".join(lines)


def parse_rules(text: str, source: str = "<string>") -> LintRules:
    """Validate and compile rules from YAML text; raises :class:`RulesError` naming the bad rule."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"statement lint rules in {source} are not valid YAML: {exc}") from exc
    try:
        raw = _expand_terms(raw)
    except ValueError as exc:
        raise RulesError(f"invalid statement lint rules in {source}: {exc}") from exc
    try:
        data = _RulesFile.model_validate(raw)
    except ValidationError as exc:
        raise RulesError(_format_errors(source, exc)) from exc
    try:
        return _build(data)
    except ValueError as exc:
        raise RulesError(f"invalid statement lint rules in {source}: {exc}") from exc


@functools.cache
def _default_rules() -> LintRules:
    text = resources.files("bot.statements").joinpath("statement_lint.yaml").read_text(encoding="utf-8")
    return parse_rules(text, "bot/statements/statement_lint.yaml")


def load_rules(path: Path | None = None) -> LintRules:
    """Load the lint rules from ``path``, or the packaged default rules (cached) when ``path`` is None."""
    if path is None:
        return _default_rules()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"cannot read statement lint rules {path}: {exc}") from exc
    return parse_rules(text, str(path))


def _languages(language: str) -> tuple[str, ...]:
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return ("any", DEFAULT_LANGUAGE)
    return ("any", DEFAULT_LANGUAGE, language)


# English words that Spanish and Chinese never use; one English marker that is a finding in itself
# ("lol", "sorry if") is enough, two function words otherwise.
_ENGLISH_MARKER = re.compile(
    r"\b(?:sorry|apologi[sz]e\w*|regret\w*|lol|lmao|rofl|oops\w*|whoops\w*|jk)\b", _FLAGS
)
_ENGLISH_WORD = re.compile(
    r"\b(?:the|we|we're|we've|our|and|you|your|is|are|will|to|of|for|any|this|that|with|it|in|on|be|been"
    r"|have|was|were|they|their)\b",
    _FLAGS,
)


def _draft_languages(text: str, language: str) -> tuple[str, ...]:
    """The pattern languages to apply to a draft written in ``language``.

    A Spanish or Chinese draft gets the English patterns too when some English is in it (drafts are
    often mixed: an English marker such as "sorry" or "lol", or two English function words, are
    enough). Without any English, of the English patterns only those made of symbols (emoji) run:
    the others look for English words and scanning a draft that has none for them only costs time
    (half of a Spanish draft's, three quarters of a Chinese one's).
    """
    languages = _languages(language)
    if len(languages) < 3 or _ENGLISH_MARKER.search(text):
        return languages
    words = _ENGLISH_WORD.finditer(text)
    if next(words, None) is not None and next(words, None) is not None:
        return languages
    return ("any", _SYMBOLS, language)


def _each_match(compiled: Compiled, languages: tuple[str, ...], text: str) -> Iterator[re.Match[str]]:
    """The non-empty matches of every pattern, language by language, found as they are asked for."""
    for lang in languages:
        for pattern in compiled.get(lang, ()):
            yield from (m for m in pattern.finditer(text) if m.end() > m.start())


def _matches(compiled: Compiled, languages: tuple[str, ...], text: str) -> list[re.Match[str]]:
    return list(_each_match(compiled, languages, text))


def _has_match(compiled: Compiled, languages: tuple[str, ...], text: str) -> bool:
    """Whether any pattern matches (stops at the first: signals only need to be present)."""
    return next(_each_match(compiled, languages, text), None) is not None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``start:end`` overlaps one of ``spans``."""
    return any(s < end and start < e for s, e in spans)


def _spans(compiled: Compiled, languages: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _each_match(compiled, languages, text)]


def _signal_matches(
    rules: LintRules, name: str, languages: tuple[str, ...], text: str
) -> list[re.Match[str]]:
    """Matches of signal ``name`` in ``text``, less those overlapping one of its exceptions."""
    found = _matches(rules.signals[name], languages, text)
    exceptions = rules.signal_exceptions.get(name)
    if not found or exceptions is None:
        return found
    excepted = _spans(exceptions, languages, text)
    return [m for m in found if not _overlaps(m.start(), m.end(), excepted)]


def _signal_present(rules: LintRules, name: str, languages: tuple[str, ...], text: str) -> bool:
    """Whether signal ``name`` matches ``text`` outside its exceptions (stops at the first such match).

    The exceptions are looked for only once a match is found, and only once.
    """
    compiled = rules.signals[name]
    exceptions = rules.signal_exceptions.get(name)
    if exceptions is None:
        return _has_match(compiled, languages, text)
    excepted: list[tuple[int, int]] | None = None
    for m in _each_match(compiled, languages, text):
        if excepted is None:
            excepted = _spans(exceptions, languages, text)
        if not _overlaps(m.start(), m.end(), excepted):
            return True
    return False


def _sentence_of(sentences: list[Sentence], position: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return None


def _together(
    rule: Rule, rules: LintRules, text: str, languages: tuple[str, ...], sentences: list[Sentence]
) -> list[re.Match[str]]:
    """Matches of the rule's first ``together`` signal whose other signals are all near them.

    Near: in the same sentence or up to ``window`` sentences before or after (e.g. a reward
    offered in one sentence, the review to change named in the next).
    """
    if not rule.together:
        return []
    first, *others = rule.together
    if not all(_signal_present(rules, other, languages, text) for other in others):
        return []  # one of them is nowhere in the draft
    kept: list[re.Match[str]] = []
    for match in _signal_matches(rules, first, languages, text):
        index = next((i for i, s in enumerate(sentences) if s.start <= match.start() < s.end), None)
        if index is None:
            start, end = match.start(), match.end()
        else:
            start = sentences[max(0, index - rule.window)].start
            end = sentences[min(len(sentences) - 1, index + rule.window)].end
        near = text[start:end]
        if all(_signal_present(rules, other, languages, near) for other in others):
            kept.append(match)
    return kept


def _pattern_findings(
    rule: Rule, rules: LintRules, text: str, languages: tuple[str, ...], sentences: list[Sentence]
) -> list[Finding]:
    found = [*_matches(rule.patterns, languages, text), *_together(rule, rules, text, languages, sentences)]
    matches = sorted(found, key=lambda m: (m.start(), -m.end()))
    excepted = _spans(rule.exceptions, languages, text)
    guard = rule.unless_in_sentence
    findings: list[Finding] = []
    covered_until = -1
    for match in matches:
        start, end = match.start(), match.end()
        if start < covered_until:
            continue
        if _overlaps(start, end, excepted):
            continue
        if guard is not None:
            sentence = _sentence_of(sentences, start)
            if sentence is not None and _signal_present(rules, guard, languages, sentence.text):
                continue
        covered_until = end
        findings.append(Finding(rule.id, rule.severity, text[start:end], "", start, end))
    return findings


_INNER_DOT = re.compile(r"(?<=[^\s.])\.(?=[a-z]{2,}|/)")


def _mask_inner_dots(text: str) -> str:
    """``text`` with the dots inside a web address or a domain ("example.co.uk/notice") replaced.

    Patterns stay within a sentence with ``[^.!?]``; a dot that does not end a sentence must not
    stop them. The replacement keeps every offset, so quotes are cut from the original text.
    """
    return _INNER_DOT.sub("\u2024", text)


def _set_aside(text: str, sentences: list[Sentence], found: list[Finding], rule_ids: tuple[str, ...]) -> str:
    """``text`` with the sentences holding a finding of ``rule_ids`` blanked out (offsets kept).

    E.g. the reward offered for a changed review is no concrete action of ours.
    """
    if not rule_ids:
        return text
    chars = list(text)
    for finding in found:
        if finding.rule not in rule_ids or finding.start is None:
            continue
        sentence = _sentence_of(sentences, finding.start)
        start, end = (
            (sentence.start, sentence.end) if sentence else (finding.start, finding.end or finding.start)
        )
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def lint_statement(
    text: str, language: str = "en", rules: LintRules | None = None, case: str | None = None
) -> list[Finding]:
    """Lint a statement draft.

    Patterns of ``language`` and of English are applied (drafts are often mixed); messages are
    in ``language`` when the rules have them. ``case`` is the incident's crisis case (e.g.
    ``data_leak``): rules limited to some cases (``missing_apology``) run only for those. Findings
    with a quote come first, ordered by position; findings about missing elements come last, in
    rule-file order.
    """
    rules = rules or load_rules()
    if not text or not text.strip():
        return []
    original = text
    text = _mask_inner_dots(text)
    languages = _draft_languages(text, language)
    sentences = split_sentences(text, language)
    quoted: list[Finding] = []
    missing: list[Finding] = []
    fired: set[str] = set()
    active = [rule for rule in rules.rules if rule.applies_to(case)]
    # rules with patterns first: a rule about something missing may set aside their sentences
    for rule in [r for r in active if r.when_missing is None]:
        if rule.unless_anywhere is not None and _signal_present(rules, rule.unless_anywhere, languages, text):
            continue
        found = _pattern_findings(rule, rules, text, languages, sentences)
        quoted.extend(found)
        if found:
            fired.add(rule.id)
    for rule in [r for r in active if r.when_missing is not None]:
        if rule.unless_anywhere is not None and _signal_present(rules, rule.unless_anywhere, languages, text):
            continue
        seen = _set_aside(text, sentences, quoted, rule.ignore_sentences_with)
        wanted = rule.when_missing or ""
        if rule.when_present is not None:
            # e.g. vague_action: no concrete step anywhere, but some (vague) action is promised
            if _signal_present(rules, wanted, languages, seen):
                continue
            present = _signal_matches(rules, rule.when_present, languages, seen)
            if present:
                first = max(present, key=lambda m: (m.end() - m.start(), -m.start()))  # the fullest quote
                quoted.append(Finding(rule.id, rule.severity, first.group(0), "", first.start(), first.end()))
                fired.add(rule.id)
        elif not _signal_present(rules, wanted, languages, seen):
            missing.append(Finding(rule.id, rule.severity, "", ""))
            fired.add(rule.id)
    quoted.sort(key=lambda f: (f.start, f.end))
    return [
        Finding(
            f.rule,
            f.severity,
            original[f.start : f.end] if f.start is not None else f.quote,
            rules.rule(f.rule).message(language),
            f.start,
            f.end,
        )
        for f in [*quoted, *missing]
        if not any(other in fired for other in rules.rule(f.rule).unless_fired)
    ]


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that block approval of a draft."""
    return [f for f in findings if f.is_block]


def signal_match(name: str, text: str, language: str = "en") -> str | None:
    """The first words of ``text`` showing the packaged rules' signal ``name`` (``apology``...), or None."""
    rules = load_rules()
    found = _signal_matches(rules, name, _languages(language), text)
    return min(found, key=lambda m: m.start()).group(0) if found else None
