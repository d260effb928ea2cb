"""Triage of negative mentions: the pure classification core (no Slack, no database).

A mention (a post, comment or review about the company) is put in exactly one class, each with a
stable suggested-action key that the Slack card turns into words:

===================  ===========================  =================================================
class                suggested_action             why (source documents in ``seeds/``)
===================  ===========================  =================================================
duplicate            keep_first_mark_duplicate    seed 004: the same angry comment under every post
                                                  is spam; keep the first, remove the repeats (and
                                                  explain why, warn about a ban).
advertising          delete_and_ban               seed 004: unauthorised advertising is deleted
                                                  without explanation and its author banned.
insult               hide_and_explain             seeds 000/004: insults, derogatory or obscene
                                                  messages (also disguised with digits, emoji or
                                                  mixed Latin/Cyrillic letters) may be hidden; tell
                                                  the author why and say publicly that it was done.
provocation          consider_ignoring            seed 001 case 4: the best answer to some
                                                  provocations (often by rivals) is to ignore them.
suspected_fake       ask_order_details            seed 004: ask for the order number and purchase
                                                  date; a faker cannot give them.
genuine_complaint    respond_publicly             seeds 003/002: answer publicly, personalise,
                                                  offer to move to a private channel.
===================  ===========================  =================================================

Order of precedence (the first rule that fires wins):

1. **duplicate** - the text is a near-identical copy (rapidfuzz ratio >= ``duplicate.min_ratio``)
   of an earlier mention, from the same or another account; links are left out of the comparison
   (a repost often drops the "pic: https://…"); a repost that only leaves out an aside or a few words
   (every word it keeps is in the earlier post) is one too, and so is one that is mostly the earlier
   post's text copied in runs of words in the same order, with words changed here and there, an aside
   dropped or a line added (numbers in words read as digits). ``duplicate_of`` is the id of the *first* such
   earlier mention, or, when that mention is itself a repeat, the first post of its group (as stored
   with it), so the first one is always the one kept.
2. **advertising** - weighted signals (links, promo codes, "DM me", followers for sale, money
   offers...) reach ``advertising.min_score``; a price pitch counts as selling when it comes with
   a link or a contact. A link with hardly a word around it ("🎁 bit.ly/…") is an ad; a link in a
   customer's story is not (customers post screenshots, and links to their posts and videos).
   The kinds of unrelated offer (counterfeits, side jobs, crypto pumps, game goods, prizes claimed with
   card or ID details, a seller's payment terms) are phrase lists per language in the rules file, each
   a selling signal; a messaging channel with an id ("加Q 2837465591", "Discord: dc.gg/x") is a way to
   reach a seller, and its id is never read as the writer's order number.
3. **insult** - see "Obscenity and mild language" below.
4. **provocation** - the author is a competitor; or the post pushes readers to another brand in
   any imperative form ("switch to X", "go play X instead", "cámbiese a X", "兄弟们来《X》吧"), or
   urges a switch ("pásense ya", "赶紧换吧"), or says the writer moved and it is better there,
   whether or not the rival is configured; or a configured competitor is named and the post has
   at most one concrete detail of its own; or trolling bait ("bankrupt soon lol 🍿") with no
   concrete detail at all; or a business speaks as itself (its riders, kitchens, servers; "we never
   cancel"; "nuestros servidores"; "我们家的骑手") with an offer (a code, a discount, a first order on
   it) and tells no story of its own as a customer. The writer's own switch counts with how it went
   since ("haven't looked back", "no me arrepiento"), or with the reason ("that's why I use X now").
   A customer who names a competitor while describing a real order stays a complaint.
5. **suspected fake** - a score from: hearsay or a writer who never used the service ("never
   ordered there, but…"), an impossible date or time (31 April, "on 31/04", "30/02/2026" read
   either way round, "at 25:30"), a claim that contradicts itself ("first time … as
   always", "never had a problem. Always down", a customer of many years who opened the account last
   week), an anonymous or brand-new account, sweeping claims
   ("everyone", "scam", "poisoned"), and nothing checkable. Score >= ``suspected_fake.min_score``.
   Nothing checkable (no order or booking reference, amount, count, named or numbered place,
   dated time, nor two details of a first-hand account) reaches it on its own: by the guide a
   complaint has checkable specifics, and asking for the order number and date is the safe reply.
6. **genuine complaint** - everything else that reaches triage.

Obscenity and mild language
---------------------------
Words are matched on :func:`normalise_for_matching`, which folds case, accents, full-width forms,
Cyrillic/Greek look-alike letters, leetspeak digits and symbols, letters spelled out with
separators or emoji between them ("f u c k", "f🤬u🤬c🤬k"), and keeps ``*``/``#`` as a one-letter
mask ("f*ck"). The word lists (en/es/zh) live in ``bot/mentions/mention_triage.yaml`` in three tiers:

* ``insult`` - name-calling aimed at people or at the company as a whole ("idiots", 傻逼, SB,
  垃圾公司, "gilipollas"): always an insult.
* ``strong`` - strong obscenity ("fuck", "puta", 他妈的): always an insult, even inside a
  specific complaint (seed 004: filter obscene content; the card still lets the team answer
  the substance privately).
* ``mild`` - mild swearing ("shit", "damn", "mierda", 垃圾): a mild swear inside an otherwise
  specific complaint keeps it a **genuine complaint**; it becomes an insult only when swearing
  dominates (two or more mild swears and no concrete detail, or swear words are at least a
  quarter of the words).

Any *disguised* obscenity (the word is found only after normalisation: "sh1t", "ѕhit" with a
Cyrillic ѕ, "m13rda") is an insult whatever its tier: disguising a word is a deliberate attempt
to get past the community's filter (seed 004). The listed words also match their sound-alike and
look-alike spellings ("phuck", "fvck", "fuk", "dikhead", "gilipoyas"), drawn-out letters
("fuuuck"; emphasis, not a disguise), a long English insult with one unstressed vowel changed
("basterds"), a long one written as its first letter, a dash and its ending ("a-hole"), a Spanish one
as it sounds (a silent h dropped, k for a hard c, b and v swapped: "ijueputa", "kbron"), and a Chinese
word with a character masked ("傻*", "他×的"). Numbers and initials that stand for a Chinese insult
("2B", "250", "nt") count only where someone is called one ("你们是250吗", "真是nt"), never as a seat,
an amount or a size; so do nouns that insult only as a name ("son unos forros", "you lot are
vultures", "bunch of crooks"), never the thing itself ("el forro del asiento"), and words that name
the company or its people as rubbish ("骗子公司", "garbage airline", "empresa de mierda"). Some of
these (the Chinese people-words 骗子, 奸商…) count only in a post that speaks to the brand: a warning
to others ("X全是骗子，千万别存钱") is a sweeping claim. Such a name called inside a claim told by
hearsay or dated on a day that does not exist is that claim's verdict, and the post is a suspected
fake like the claim. Chinese initials that are also Latin abbreviations ("md", "tm") count only in a
post in Chinese, and an "@" opening a word is read as its first letter ("@ssholes") when nothing
else was found. Letters spelled out one by one keep their word breaks where the gap is wider
("f.u.c.k   o.f.f").

Letters drawn as emoji or enclosed symbols (🅲, Ⓒ, regional indicators) fold to letters, and Chinese
characters split by spaces or dots ("狗 东 西", "傻·逼") are joined, a "1" among letters is also read as
an "l" ("gilipo11as"), a character written as its two
components ("犭句" for 狗) is that character, and a few listed Chinese insults also match characters of
the same sound ("傻哔" for 傻逼, by pinyin); a Chinese match that is only part of a longer everyday word
(我操 in 我操作, 去死 in 去死海) is none, by jieba's dictionary. A digit among letters spelled out one by one
is a letter ("m 1 e r d a"), and an "@" closing a word is its last letter ("p*t@"). (A general
profanity library used to run as well; it cost about 50 ms per 1,000-character post and found
nothing the lists missed on the independent corpus, so it is no longer on the per-post path.)

Some insults are made by the shape of a sentence rather than by a word: asking whether the brand's
people are human ("你们是人吗"), saying an animal or a child would do better ("猪都比你们聪明", "a
five year old could run this better", "un mono lo haría mejor"), that a dog would not use it, that
they have no brain, or calling them "things" after a word for a group ("这帮没良心的东西"). These
shapes are regexes per language in the rules file (``obscenity.structures``); each is a name called.

Source analysis (seed 002: who wrote it, through which medium, anonymous or a competitor) is the
``source_kind`` field: competitor > employee > media > influencer > anonymous > customer > unknown.
An employee's post (a handle in ``employee_handles``, or the post says it is from the company's
own staff) gets its own suggested action whatever its class: seed 002 names employees' behaviour
online as a cause of crises, handled with the person before anything is said in public.

An insult that also carries a concrete grievance (an order, an amount, a first-hand account)
suggests hiding the abuse *and* fixing the cause, then answering the person once it is solved
(seed 004: answer the substance).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

__all__ = [
    "ACTIONS",
    "Classification",
    "MentionClass",
    "ObscenityHit",
    "PriorMention",
    "SourceKind",
    "action_for",
    "classify_mention",
    "find_obscenity",
    "normalise_for_matching",
    "warm_up",
]

RULES_PATH = Path(__file__).parent / "mention_triage.yaml"


class MentionClass(StrEnum):
    """What kind of negative mention this is."""

    COMPLAINT = "complaint"
    INSULT = "insult"
    SPAM_DUPLICATE = "spam_duplicate"
    AD = "ad"
    SUSPECTED_FAKE = "suspected_fake"
    COMPETITOR = "competitor"


class SourceKind(StrEnum):
    """Who is behind a mention (seed 002)."""

    CUSTOMER = "customer"
    ANONYMOUS = "anonymous"
    COMPETITOR = "competitor"
    INFLUENCER = "influencer"
    MEDIA = "media"
    #: One of the company's own people (seed 002: employees' behaviour online).
    EMPLOYEE = "employee"
    UNKNOWN = "unknown"


#: Stable suggested-action key per class (the Slack card maps keys to text).
ACTIONS: dict[MentionClass, str] = {
    MentionClass.COMPLAINT: "respond_publicly",
    MentionClass.INSULT: "hide_and_explain",
    MentionClass.SPAM_DUPLICATE: "keep_first_mark_duplicate",
    MentionClass.AD: "delete_and_ban",
    MentionClass.SUSPECTED_FAKE: "ask_order_details",
    MentionClass.COMPETITOR: "consider_ignoring",
}
#: An employee's post, whatever its class (seed 002).
EMPLOYEE_ACTION = "talk_to_employee"
#: An insult with a real grievance in it (seed 004: hide the abuse, fix the cause, answer once solved).
INSULT_WITH_GRIEVANCE_ACTION = "hide_then_fix_and_reply"
#: What makes an insult's grievance concrete enough to fix: a checkable order or amount, or a first-hand
#: account of a service failure ("customer service" alone is only the target of the abuse).
_GRIEVANCE_SPECIFICS = frozenset({"order_reference", "amount"})
_FIRST_HAND_FAILURE = frozenset({"first_person", "service_detail"})
#: Details anyone can check on their own: a reference, an amount, a count, a named place.
_CHECKABLE = frozenset({"order_reference", "amount", "count", "named_place"})


def action_for(mention_class: MentionClass, source_kind: str, grievance: bool = False) -> str:
    """The suggested-action key for a class, from a source kind (an employee's post has its own)."""
    if source_kind == SourceKind.EMPLOYEE:
        return EMPLOYEE_ACTION
    if mention_class is MentionClass.INSULT and grievance:
        return INSULT_WITH_GRIEVANCE_ACTION
    return ACTIONS[mention_class]


@dataclass(frozen=True)
class PriorMention:
    """An earlier mention in the same crisis, in chronological order."""

    id: int
    text: str
    author: str | None
    #: the first post of its group, when it was itself judged (or marked) a repeat: a repeat of it
    #: points there too, so the group keeps one first post however far its reposts drift from it
    duplicate_of: int | None = None


@dataclass(frozen=True)
class Classification:
    """The result of triaging one mention."""

    mention_class: MentionClass
    suggested_action: str
    reasons: list[str]
    source_kind: SourceKind
    duplicate_of: int | None = None


@dataclass(frozen=True)
class ObscenityHit:
    """One obscene or insulting word found in a text."""

    word: str  # the canonical word as listed ("shit", "傻逼")
    surface: str  # what the author actually wrote ("sh1t", "ѕhit", "f u c k")
    tier: str  # "insult", "strong" or "mild"
    disguised: bool  # only found after normalisation (digits, emoji, look-alike letters...)
    from_library: bool = False
    #: an insult only as a name called ("son unos ladrones", "骗子公司"), found by its frame or target
    named: bool = False


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

# Cyrillic and Greek letters that look like Latin ones (lower case; input is case-folded first).
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y",
    "х": "x", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ѵ": "v", "ү": "y", "ɡ": "g",
    "ӏ": "l", "ь": "b",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "c", "σ": "o", "μ": "u",
    # Latin look-alikes outside ASCII
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ß": "ss", "ƒ": "f", "ɑ": "a", "ɛ": "e",
}  # fmt: skip

# Digits and symbols used as letters inside words.
_LEET: dict[str, str] = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "¡": "i",
}  # fmt: skip
_LEET_SYMBOLS = frozenset("@$!|€¡")
# Obscene and insulting Chinese characters written as their two components ("女表" for 婊, "犭句"
# for 狗), to get past word filters: the table is data (mention_triage.yaml, split_characters).
# Emoji that stand for a character by sound ("🐴" reads ma: 妈).
_EMOJI_CHARACTERS: dict[str, str] = {"🐴": "妈", "🐎": "妈", "🐔": "鸡", "👃": "鼻"}
_MASKS = frozenset("*#")


@lru_cache(maxsize=65536)
def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


@lru_cache(maxsize=65536)
def _is_letter(ch: str) -> bool:
    return ch.isalpha() and not _is_cjk(ch)


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """NFKC + casefold + accent removal + look-alike folding for one input character."""
    code = ord(ch)
    if ch in _EMOJI_CHARACTERS:
        return _EMOJI_CHARACTERS[ch]
    # letters drawn as emoji or enclosed symbols: 🅲 🄲 🇨 Ⓒ stand for c
    for first in (0x1F170, 0x1F130, 0x1F150, 0x1F1E6, 0x24B6, 0x24D0):
        if first <= code < first + 26:
            return chr(ord("a") + code - first)
    out = []
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch).casefold()):
        if unicodedata.combining(c):
            continue
        out.append(_CONFUSABLES.get(c, c))
    return unicodedata.normalize("NFC", "".join(out))


_WORDISH_RUN = re.compile(r"(?:[^\W_\u3400-\u9fff\uf900-\ufaff]|[@$!|€¡*#])+")
_LEET_OR_MASK = re.compile(r"[\d@$!|€¡*#]")
_ASCII_SYMBOL = re.compile(r"[+<=>|~^`]")


@lru_cache(maxsize=65536)
def _fold_visible(ch: str) -> str:
    """``ch`` folded (see _fold_char), or nothing for an invisible format character."""
    return "" if unicodedata.category(ch) == "Cf" else _fold_char(ch)


@lru_cache(maxsize=4096)
def _normalise_with_map(text: str, symbol_as_letter: bool = False) -> tuple[str, tuple[int, ...]]:
    """Normalise ``text`` and return, for each output character, the index of its source character.

    An emoji between two letters is dropped ("fu🤬ck"), or with ``symbol_as_letter`` read as a
    masked letter ("F🦆CK" → "f*ck").
    """
    # 1. fold characters; drop zero-width/format characters.
    chars = [(c, i) for i, ch in enumerate(text) for c in _fold_visible(ch)]

    # 2. leetspeak inside word-like tokens (runs of letters, digits, leet symbols, masks); a token
    #    with no digit or symbol in it has nothing to fold.
    flat = "".join(c for c, _ in chars)
    out: list[tuple[str, int]] = []
    done = 0
    for word in _WORDISH_RUN.finditer(flat):
        if not _LEET_OR_MASK.search(word.group(0)):
            continue  # kept as it is, with what lies around it, by the next extend
        i, j = word.span()
        out.extend(chars[done:i])
        done = j
        token = chars[i:j]
        # symbols at the edges are punctuation ("great!", "@lumo"), not letters.
        lo, hi = 0, len(token)
        while lo < hi and not (_is_letter(token[lo][0]) or token[lo][0].isdigit()):
            lo += 1
        while hi > lo and not (_is_letter(token[hi - 1][0]) or token[hi - 1][0].isdigit()):
            hi -= 1
        # an "@" closing a word is its last letter ("p*t@", "mierd@"), never punctuation
        if hi < len(token) and token[hi][0] == "@" and hi - lo >= 2:
            hi += 1
        core = token[lo:hi]
        letters = sum(1 for c, _ in core if _is_letter(c))
        digits = sum(1 for c, _ in core if c.isdigit())
        use_leet = letters >= 2 and digits <= letters
        # a word written in digits or symbols may start with a symbol too ("@55h0les", "$h1t",
        # "@$$holes"); a handle ("@lumo99") is one "@" before a letter
        lead = lo
        while lead > 0 and token[lead - 1][0] in "@$":
            lead -= 1
        if lead < lo and letters >= 2 and digits <= letters:
            symbols = "".join(c for c, _ in token[lead:lo])
            if "$" in symbols or len(symbols) >= 2 or (hi > lo and token[lo][0].isdigit()):
                lo, digits = lead, digits + len(symbols)
                use_leet = True
        for k, (c, idx) in enumerate(token):
            if lo <= k < hi and use_leet and c in _LEET:
                out.append((_LEET[c], idx))
            elif c == "#" and lo <= k < hi and letters >= 2:
                out.append(("*", idx))
            else:
                out.append((c, idx))
    out.extend(chars[done:])
    chars = out

    # 3. drop emoji / symbols sitting between two letters ("fu🤬ck"); plain ASCII text has none.
    if not flat.isascii() or _ASCII_SYMBOL.search(flat) is not None:
        out = []
        for k, (c, idx) in enumerate(chars):
            if unicodedata.category(c) in ("So", "Sk", "Sm") and c not in _MASKS:
                prev_letter = k > 0 and _is_letter(chars[k - 1][0])
                next_letter = k + 1 < len(chars) and _is_letter(chars[k + 1][0])
                if prev_letter and next_letter:
                    if symbol_as_letter:
                        out.append(("*", idx))
                    continue
            out.append((c, idx))
        chars = out

    # 4a. a digit standing for a letter among letters spelled out one by one ("m 1 e r d a",
    #     "w e b 0 n e s") is that letter, so the run joins below.
    if any(c.isdigit() for c, _ in chars):
        flat = "".join(c for c, _ in chars)
        for spelled in _SPELLED_OUT_RUN.finditer(flat):
            units = [k for k in range(spelled.start(), spelled.end()) if flat[k].isalnum()]
            digit_at = [k for k in units if flat[k].isdigit()]
            mostly_letters = len(units) - len(digit_at) >= 2 * len(digit_at)
            if digit_at and mostly_letters and all(flat[k] in _LEET for k in digit_at):
                for k in digit_at:
                    chars[k] = (_LEET[flat[k]], chars[k][1])

    # 4. join runs of >= 3 single letters separated by non-letters ("f u c k", "f.u.c.k", "f🤬u🤬c🤬k").
    #    Text with no two single letters one separator apart has none (most text: a quick look first).
    if _TWO_SINGLE_LETTERS.search("".join(c for c, _ in chars)):
        chars = _join_spelled_out(chars)

    # 5. collapse whitespace.
    final: list[tuple[str, int]] = []
    for c, idx in chars:
        if c.isspace():
            if final and final[-1][0] == " ":
                continue
            final.append((" ", idx))
        else:
            final.append((c, idx))
    while final and final[0][0] == " ":
        final.pop(0)
    while final and final[-1][0] == " ":
        final.pop()
    # 6. Chinese characters split by spaces or dots ("狗 东 西", "傻·逼", "傻_逼") are one word.
    #    (This step and the next look at Chinese characters only: folded text without any skips both.
    #    Folding can make one: 🐴 is read as 妈, a Kangxi radical as its character.)
    folded = "".join(c for c, _ in final)
    if not _HAS_CJK.search(folded):
        return folded, tuple(idx for _, idx in final)
    final = [
        (c, idx)
        for k, (c, idx) in enumerate(final)
        if not (
            c in _CJK_SPLITTERS
            and 0 < k < len(final) - 1
            and _is_cjk(final[k - 1][0])
            and _is_cjk(final[k + 1][0])
        )
    ]
    # 7. a character written as its two parts ("女表" for 婊) is that character.
    parts = _character_parts()
    joined: list[tuple[str, int]] = []
    k = 0
    while k < len(final):
        pair = final[k][0] + final[k + 1][0] if k + 1 < len(final) else ""
        if pair in parts:
            joined.append((parts[pair], final[k][1]))
            k += 2
            continue
        joined.append(final[k])
        k += 1
    final = joined
    return "".join(c for c, _ in final), tuple(idx for _, idx in final)


def _join_spelled_out(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Step 4 of _normalise_with_map: runs of >= 3 single letters apart by separators, joined."""
    chunks: list[tuple[bool, list[tuple[str, int]]]] = []  # (is_letter_run, chars)
    for c, idx in chars:
        is_l = _is_letter(c)
        if chunks and chunks[-1][0] == is_l:
            chunks[-1][1].append((c, idx))
        else:
            chunks.append((is_l, [(c, idx)]))
    out = []
    k = 0
    while k < len(chunks):
        is_l, run = chunks[k]
        if is_l and len(run) == 1:
            # collect single-letter / separator alternation
            m = k
            letters_run = [run[0]]
            separators: list[list[tuple[str, int]]] = []
            while (
                m + 2 < len(chunks)
                and not chunks[m + 1][0]
                and _is_separator_run(chunks[m + 1][1])
                and len(chunks[m + 2][1]) == 1
            ):
                separators.append(chunks[m + 1][1])
                letters_run.append(chunks[m + 2][1][0])
                m += 2
            if len(letters_run) >= 3:
                # a wider gap than the one between letters separates words ("f.u.c.k   o.f.f")
                narrowest = min(_spaces(sep) for sep in separators)
                out.append(letters_run[0])
                for sep, letter in zip(separators, letters_run[1:], strict=True):
                    if _spaces(sep) > narrowest:
                        out.append((" ", sep[0][1]))
                    out.append(letter)
                k = m + 1
                continue
        out.extend(run)
        k += 1
    return out


#: The code points _is_cjk accepts, for a regex character class.
_CJK_RANGES = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
#: A single letter, one to three characters that are neither letters nor digits, a single letter: a
#: spelled-out word needs this (letters in the widest sense, neighbours in the narrowest, so it is
#: never missed).
_SINGLE_LETTER = rf"(?<![A-Za-z])[^\W\d_{_CJK_RANGES}](?![A-Za-z])"
_TWO_SINGLE_LETTERS = re.compile(rf"{_SINGLE_LETTER}[^0-9A-Za-z]{{1,3}}{_SINGLE_LETTER}")
_HAS_CJK = re.compile(f"[{_CJK_RANGES}]")

#: What splits Chinese characters written apart: a space, a middle dot, an underscore, a dot, a dash.
_CJK_SPLITTERS = frozenset(" ·・•_.-")

#: Single letters or digits, each apart from the next by one to three non-word characters.
_SPELLED_OUT_RUN = re.compile(r"(?<![^\W_])[^\W_](?![^\W_])(?:[\W_]{1,3}[^\W_](?![^\W_])){2,}")


@cache
def _character_parts() -> dict[str, str]:
    """Two components written for one character ("女表" → 婊), from the rules file."""
    raw = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw["obscenity"]["split_characters"].items()}


def _spaces(run: list[tuple[str, int]]) -> int:
    return sum(1 for c, _ in run if c.isspace())


def _is_separator_run(run: list[tuple[str, int]]) -> bool:
    """Between spelled-out letters: short runs of spaces, punctuation or emoji (no digits, no CJK)."""
    return len(run) <= 3 and all(not c.isdigit() and not _is_cjk(c) for c, _ in run)


def normalise_for_matching(text: str) -> str:
    """Fold ``text`` into a form where disguised words can be matched against plain word lists.

    Folds case, accents and full-width forms (NFKC), Cyrillic/Greek look-alike letters
    ("ѕhit" → "shit"), leetspeak digits and symbols inside words ("sh1t" → "shit",
    "m13rda" → "mierda"; plain numbers such as order numbers are kept), removes emoji between
    letters and joins letters spelled out with separators ("f u c k", "f🤬u🤬c🤬k" → "fuck"), and
    collapses whitespace. ``*`` and ``#`` inside a word are kept as ``*``, a one-letter mask.
    """
    return _normalise_with_map(text)[0]


def _strip_accents(text: str) -> str:
    """``text`` without accents, case and everything else kept (for the patterns that need capitals)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _fold_light(text: str) -> str:
    """NFKC, casefold and accent removal only (for the regex signals)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    word: str
    tier: str
    pattern: re.Pattern[str]
    needle: str = ""  # the normalised word up to its first space: present in any match without masks
    plain: str = ""  # the normalised word: a match that does not start with it is a variant spelling
    #: Words one of which must come just before a match ("是", "一群"): a number or initials standing
    #: for an insult ("250", "nt") is one only where someone is called it; always a disguise.
    frame: tuple[str, ...] = ()
    #: Or words one of which comes just after it, naming who is called so ("骗子公司", "basura de empresa").
    targets: tuple[str, ...] = ()
    #: When set, the post must also speak to someone ("你们", "you"): a name called, not a warning to others.
    addressee: re.Pattern[str] | None = None
    #: Only in a post with Chinese characters in it (initials that are also Latin abbreviations: "md").
    in_chinese: bool = False


@dataclass(frozen=True)
class _Rules:
    raw: dict[str, Any]
    terms: list[_Term]
    ordered_terms: list[_Term]
    loose_terms: list[_Term]
    #: (word, tier, its syllables): Chinese words also matched in characters of the same sound.
    sound_alike: tuple[tuple[str, str, tuple[str, ...]], ...]
    sound_alike_start: re.Pattern[str]
    #: Insults made by the shape of a sentence ("猪都比你们聪明", "a monkey could run this better").
    structures: tuple[tuple[bool, re.Pattern[str]], ...]  # (for Chinese text, pattern)
    #: (first letter, ending) → (word, tier): a long Latin word written "a-hole" for asshole.
    elided: dict[tuple[str, str], tuple[str, str]]
    ad_signals: list[tuple[str, int, re.Pattern[str]]]
    #: the selling signals given as phrases, in one pattern, and the (name, weight) of each named group
    phrase_signals: tuple[re.Pattern[str], dict[str, tuple[str, int]]]
    ad_min_score: int
    #: a messaging channel and an id ("加Q 2837465591", "Discord: dc.gg/x"): how to reach a seller
    contact: re.Pattern[str]
    evidence_link: re.Pattern[str]
    not_an_ad: re.Pattern[str]
    push: dict[str, list[re.Pattern[str]]]
    self_promotion: re.Pattern[str]
    brand_voice: re.Pattern[str]
    bait: re.Pattern[str]
    business_voice: re.Pattern[str]
    offer: re.Pattern[str]
    min_bait: int
    specifics: dict[str, re.Pattern[str]]
    sweeping: re.Pattern[str]
    hearsay: re.Pattern[str]
    reported_speech: re.Pattern[str]
    relative_before: re.Pattern[str]
    relative_after: re.Pattern[str]
    named_place: re.Pattern[str]
    impossible_date: re.Pattern[str]
    impossible_time: re.Pattern[str]
    self_contradiction: re.Pattern[str]
    tenure: re.Pattern[str]
    newness: re.Pattern[str]
    fake_weights: dict[str, int]
    fake_min_score: int
    anonymous_author: re.Pattern[str]
    media_author: re.Pattern[str]
    media_platforms: frozenset[str] = field(default_factory=frozenset)
    employee_text: re.Pattern[str] | None = None


#: Letters a masked CJK character is written as ("傻*", "傻×", "他○的").
_CJK_MASKS = "*×✕○〇x"
_VOWELS = "aeiouy"


def _term_pattern(word: str, vowels_loose: bool = False) -> re.Pattern[str]:
    """The pattern of one listed word, matched on normalised text.

    Latin words also match the spellings that sound or look the same: letters drawn out
    ("fuuuck"), "ph" for a leading "f" ("phuck"), "v" for "u" ("fvck"), "k"/"q" for "ck" ("fuk",
    "dikhead"), "y" for a Spanish "ll" before a vowel ("gilipoyas"), and ``*`` for any letter but
    the first. With ``vowels_loose`` any vowel stands for any vowel (see ``_misspelt_vowel``).
    A CJK word may have any character but its first masked ("傻*", "他×的").
    """
    prefix = word.endswith("*")
    base = normalise_for_matching(word.rstrip("*"))
    if any(_is_cjk(c) for c in base):
        masks = "[" + re.escape(_CJK_MASKS) + "]"
        # a separator may stand between a Chinese character and a Latin letter ("傻 b", "你.m的"); a
        # mask stands only for a Chinese character after another ("傻*", not "2*" for 2逼)
        return re.compile(
            re.escape(base[0])
            + "".join(
                ("[\\s.·_-]?" if _is_cjk(prev) != _is_cjk(c) and (prev + c).isalpha() else "")
                + (f"(?:{re.escape(c)}|{masks})" if _is_cjk(c) and _is_cjk(prev) else re.escape(c))
                for prev, c in pairwise(base)
            )
        )
    # initials ("sb", "hdp", "wtf") are also written with dots or spaces between ("s.b.", "w t f")
    acronym = _is_initials(base)
    parts = []
    skip = False
    for n, c in enumerate(base):
        if skip:
            skip = False
            continue
        if base[n : n + 2] == "ll" and base[n + 2 : n + 3] in tuple("aeiou") and n:
            parts.append("(?:ll|y)")  # "gilipoyas": ll and y sound alike in Spanish
            skip = True
        elif base[n : n + 2] == "ck" and n and base[n - 1] in _VOWELS:
            # "fuk", "fukin", but not "Fukuoka": a k for "ck" only before a usual ending
            if n + 2 == len(base):  # at the end of the word: not "Fukuoka"
                parts.append(r"(?:c+k+|\*\*?|(?:k+|q+)(?=(?:in|ing|ed|er|ers|s|en|off)?(?![a-z])))")
            else:
                parts.append(r"(?:c+k+|\*\*?|k+|q+)")
            skip = True
        elif c == " ":
            parts.append(r"\s+")
        elif acronym and n:
            parts.append(f"[\\s.·_-]{{0,2}}(?:{re.escape(c)}|\\*)")
        elif n == 0:
            parts.append("(?:f|ph)" if c == "f" else re.escape(c))
        elif not c.isalpha():
            parts.append(re.escape(c))
        elif vowels_loose and c in _VOWELS:
            parts.append(f"(?:[{_VOWELS}]|\\*)")
        elif c == "u":
            parts.append(r"(?:u+|v+|\*)")
        else:
            parts.append(f"(?:{re.escape(c)}+|\\*)")
    tail = r"[a-z*]*" if prefix else r"(?:e?s)?"
    return re.compile(r"(?<![a-z0-9*])" + "".join(parts) + tail + r"(?![a-z0-9*])")


def _skeleton(text: str) -> str:
    """``text`` with the spelling variants the term patterns accept folded away (for a quick test)."""
    folded = text.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("v", "u")
    return re.sub(r"(.)\1+", r"\1", folded)


def _needle(word: str) -> str:
    """The part of a term that every unmasked match contains: its first word, up to an "ll"."""
    first = normalise_for_matching(word.rstrip("*")).split(" ")[0]
    head = first.split("ll")[0]
    return _skeleton(head if len(head) >= 2 or any(_is_cjk(c) for c in first) else first)


def _spanish_sound_alikes(word: str) -> list[str]:
    """Spellings of a Spanish word that read the same: "hijueputa" → "ijueputa", "cabron" → "kbron",
    "kabron", "verga" → "berga", "imbecil" → "imbesil" (c before e/i and z read as s), "que se
    jodan" → "q se jodan". Initials ("hdp") and short words (4 letters or fewer) have none."""
    base = word.rstrip("*")
    star = "*" if word.endswith("*") else ""
    if len(base.replace(" ", "")) <= 4 or _is_initials(base.replace(" ", "")):
        return []
    variants = set()
    if base[0] == "h" and base[1:2] in tuple("aeiou"):
        variants.add(base[1:])  # the h is silent
    hard_c = re.sub(r"c(?=[aou])|qu(?=[ei])", "k", base)
    if hard_c != base:
        variants.add(hard_c)
        variants.add(re.sub(r"ka", "k", hard_c, count=1))  # the letter k reads "ka": "kbron"
    swapped = base.translate(str.maketrans("bv", "vb"))
    if swapped != base:
        variants.add(swapped)
    seseo = re.sub(r"c(?=[ei])|z", "s", base)
    if seseo != base:
        variants.add(seseo)
    if base.startswith("que "):
        variants.add("q " + base[4:])
    return [v + star for v in sorted(variants) if len(v.replace(" ", "")) >= 4]


@cache
def _rules() -> _Rules:
    raw = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    terms: list[_Term] = []
    for tier in ("insult", "strong", "mild"):
        for language, words in raw["obscenity"][tier].items():
            terms.extend(
                _Term(
                    str(w).rstrip("*"),
                    tier,
                    _term_pattern(str(w)),
                    _needle(str(w)),
                    normalise_for_matching(str(w).rstrip("*")),
                    in_chinese=str(language).endswith("_in_chinese"),
                )
                for w in words
            )
    # Spanish words also in the spellings that sound the same (a silent h dropped, k for a hard c,
    # b and v swapped): "ijueputa", "kbron", "berga"; each found only so, so always a disguise.
    for tier in ("insult", "strong", "mild"):
        for w in raw["obscenity"][tier].get("es", []):
            word = str(w)
            plain = normalise_for_matching(word.rstrip("*"))
            terms.extend(
                _Term(word.rstrip("*"), tier, _term_pattern(variant), _needle(variant), plain)
                for variant in _spanish_sound_alikes(word)
            )
    for framing in raw["obscenity"].get("framed", {}).values():
        terms.extend(
            _Term(
                str(w).rstrip("*"),
                "insult",
                # a Latin word matches as a listed word does (plural, "*" for any ending)
                re.compile(f"(?<![a-z0-9]){re.escape(str(w))}(?!{framing['not_after']})")
                if "not_after" in framing
                else _term_pattern(str(w)),
                _needle(str(w)),
                normalise_for_matching(str(w).rstrip("*")),
                frame=tuple(normalise_for_matching(str(b)) for b in framing["before"]),
                targets=tuple(normalise_for_matching(str(a)) for a in framing.get("after", [])),
                addressee=re.compile(framing["addressee"]) if "addressee" in framing else None,
            )
            for w in framing["words"]
        )
    # a framed word before the same word in a lower tier ("basura de empresa" before "basura")
    ordered = sorted(terms, key=lambda t: (-len(t.word), not (t.frame or t.targets)))
    loose_cfg = raw["obscenity"]["misspelt_vowels"]
    loose = [
        _Term(
            str(w).rstrip("*"),
            tier,
            _term_pattern(str(w), vowels_loose=True),
            needle=_VOWEL_RUN.sub("", _skeleton(normalise_for_matching(str(w).rstrip("*")))),
            plain=normalise_for_matching(str(w).rstrip("*")),
        )
        for tier in ("insult", "strong")
        for language in loose_cfg["languages"]
        for w in raw["obscenity"][tier].get(language, [])
        if " " not in str(w) and len(str(w).rstrip("*")) >= int(loose_cfg["min_length"])
    ]
    tier_of = {str(w): tier for tier in ("insult", "strong") for w in raw["obscenity"][tier].get("zh", [])}
    sound_alike = tuple(
        (str(w), tier_of[str(w)], tuple(_syllable(c) for c in str(w)))
        for w in raw["obscenity"].get("sound_alike", {}).get("zh", [])
    )
    elided: dict[tuple[str, str], tuple[str, str]] = {}
    for tier in ("insult", "strong"):
        for language in raw["obscenity"]["elided"]["languages"]:
            for w in raw["obscenity"][tier].get(language, []):
                plain = normalise_for_matching(str(w).rstrip("*"))
                if not plain.isalpha() or len(plain) < int(raw["obscenity"]["elided"]["min_length"]):
                    continue
                for cut in range(2, len(plain) - 2):  # at least one letter left out, an ending of 3+
                    elided.setdefault((plain[0], plain[cut:]), (plain, tier))
    ad = raw["advertising"]
    channels = "|".join(re.escape(_fold_light(str(c))) for c in ad["contact_channels"])
    contact = re.compile(ad["contact_pattern"].replace("<CHANNELS>", channels))
    prov = raw["competitor"]
    fake = raw["suspected_fake"]
    src = raw["source"]
    return _Rules(
        raw=raw,
        terms=terms,
        ordered_terms=ordered,
        loose_terms=loose,
        sound_alike=sound_alike,
        sound_alike_start=_first_sound_pattern(sound_alike),
        structures=tuple(
            (str(language) == "zh", re.compile(str(pattern)))
            for language, patterns in raw["obscenity"].get("structures", {}).items()
            for pattern in patterns
        ),
        elided=elided,
        ad_signals=[
            *((s["name"], int(s["weight"]), re.compile(s["pattern"])) for s in ad["signals"]),
            ("contact", 1, contact),
        ],
        phrase_signals=_phrase_signals(
            [
                *((f"scheme: {kind}", 2, languages) for kind, languages in ad["offer_kinds"].items()),
                # a seller's pitch without a call to buy: it does not reach the seller on its own
                ("pitch", 1, ad["pitch_phrases"]),
            ]
        ),
        contact=contact,
        ad_min_score=int(ad["min_score"]),
        evidence_link=re.compile(ad["evidence_link_pattern"]),
        not_an_ad=re.compile(ad["not_an_ad_pattern"]),
        push={
            lang: [re.compile(p.replace("<NAME>", prov["push_names"][lang]), re.MULTILINE) for p in items]
            for lang, items in prov["push_patterns"].items()
        },
        self_promotion=re.compile(prov["self_promotion_pattern"]),
        brand_voice=re.compile(prov["brand_voice_pattern"]),
        bait=re.compile(prov["bait_pattern"]),
        business_voice=re.compile(prov["business_voice_pattern"]),
        offer=re.compile(prov["offer_pattern"]),
        min_bait=int(prov["min_bait"]),
        specifics={k: re.compile(v) for k, v in raw["specifics"].items()},
        sweeping=re.compile(fake["sweeping_pattern"]),
        hearsay=re.compile(fake["hearsay_pattern"]),
        reported_speech=re.compile(fake["reported_speech_pattern"]),
        relative_before=re.compile(fake["relative_before_pattern"]),
        relative_after=re.compile(fake["relative_after_pattern"]),
        named_place=re.compile(raw["named_place"]),
        impossible_date=re.compile(fake["impossible_date_pattern"]),
        impossible_time=re.compile(fake["impossible_time_pattern"]),
        self_contradiction=re.compile(fake["self_contradiction_pattern"]),
        tenure=re.compile(fake["tenure_pattern"]),
        newness=re.compile(fake["newness_pattern"]),
        fake_weights={k: int(v) for k, v in fake["weights"].items()},
        fake_min_score=int(fake["min_score"]),
        anonymous_author=re.compile(src["anonymous_author_pattern"]),
        media_author=re.compile(src["media_author_pattern"]),
        media_platforms=frozenset(str(p).casefold() for p in src["media_platforms"]),
        employee_text=re.compile(src["employee_pattern"]),
    )


def _phrase_signals(
    signals: list[tuple[str, int, dict[str, list[str]]]],
) -> tuple[re.Pattern[str], dict[str, tuple[str, int]]]:
    """Selling signals given as phrases in every language (the kinds of offer, "scheme: counterfeit",
    and the pitch), as one pattern read in one pass, and what each of its named groups stands for.

    A plain phrase matches as whole words (one word boundary before all the Latin phrases: much
    faster than one before each), a phrase in <> as a regex.
    """
    words, others = [], []
    names: dict[str, tuple[str, int]] = {}
    for k, (name, weight, languages) in enumerate(signals):
        latin: list[str] = []
        rest: list[str] = []
        for phrases in languages.values():
            for phrase in map(str, phrases):
                if phrase.startswith("<") and phrase.endswith(">"):
                    rest.append(f"(?:{phrase[1:-1]})")
                    continue
                body = re.escape(_fold_light(phrase))
                right = r"(?![a-z0-9])" if phrase[-1:].isascii() and phrase[-1:].isalnum() else ""
                (latin if phrase[:1].isascii() and phrase[:1].isalnum() else rest).append(body + right)
        if latin:
            words.append(f"(?P<w{k}>{'|'.join(latin)})")
            names[f"w{k}"] = (name, weight)
        if rest:
            others.append(f"(?P<o{k}>{'|'.join(rest)})")
            names[f"o{k}"] = (name, weight)
    parts = [r"(?<![a-z0-9])(?:" + "|".join(words) + ")"] if words else []
    return re.compile("|".join([*parts, *others]) or "(?!)"), names


# --------------------------------------------------------------------------------------------
# Obscenity
# --------------------------------------------------------------------------------------------


def find_obscenity(text: str) -> list[ObscenityHit]:
    """Find insults, strong and mild obscenity in ``text``, including disguised spellings."""
    hits = _find_obscenity(text, symbol_as_letter=False)
    if not hits and _SYMBOL_BETWEEN_LETTERS.search(text):
        hits = _find_obscenity(text, symbol_as_letter=True)
    if not hits and _ONE_AMONG_LETTERS.search(text):
        # a "1" among letters reads as an "i" or as an "l" ("gilipo11as", "a1so"): the second reading
        # too, only a listed word read so counts, and it is a disguise
        hits = [
            ObscenityHit(h.word, h.surface, h.tier, True, named=h.named)
            for h in _find_obscenity(
                _ONE_AMONG_LETTERS.sub(lambda m: "l" * len(m.group(0)), text),
                symbol_as_letter=False,
                shown=text,
            )
        ]
    if not hits and "@" in text:
        # an "@" opening a word may be its first letter, not a handle ("you @ssholes"); only a listed
        # word read so counts, and it is a disguise
        as_letter = _AT_OPENING_A_WORD.sub("a", text)
        if as_letter != text:
            hits = [
                ObscenityHit(h.word, h.surface, h.tier, True, named=h.named)
                for h in _find_obscenity(as_letter, symbol_as_letter=False, shown=text)
            ]
    return hits


_CODE_AFTER = re.compile(r"[-_/#]?\d")
_ONE_AMONG_LETTERS = re.compile(r"(?<=[A-Za-z])1+(?=[A-Za-z])|(?<=[A-Za-z]{2})1+(?![\w])")
_AT_OPENING_A_WORD = re.compile(r"(?<![\w@.])@(?=[a-z]{3,}\b)")


_LINK = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s\u3000-\u9fff\uff00-\uffef]*)?")
#: What a repost changes without changing the post: links, "RT", tags and hashtags. A handle in
#: Chinese ends only at a space (the text often follows it directly).
_REPOST_NOISE = re.compile(
    r"(?:https?://|www\.)\S+|\brt\s+(?=@)|#[^#\s]{1,30}#|(?<![\w@])(?:[@#][a-z0-9_.]*[a-z0-9_]|[@#][^\s@#]{1,20}(?=\s|$))",
    re.IGNORECASE,
)
_SYMBOL_BETWEEN_LETTERS = re.compile(r"[A-Za-zÀ-ɏ][^\w\s'’.,;:!?()\-][A-Za-zÀ-ɏ]")  # F🦆CK, not "don't"


def _find_obscenity(text: str, symbol_as_letter: bool, shown: str | None = None) -> list[ObscenityHit]:
    """Listed words in ``text``; each hit's surface is taken from ``shown`` (the text as written,
    of the same length) when given."""
    rules = _rules()
    written = text if shown is None else shown
    # the plain form shares its cache entry with normalise_for_matching(text)
    norm, index = _normalise_with_map(text, True) if symbol_as_letter else _normalise_with_map(text)
    masked = "*" in norm or any(c in norm for c in _CJK_MASKS[1:-1])
    skeleton = _skeleton(norm)
    # initials may be written apart ("s.b."), a misspelt vowel changes no consonant ("basterds")
    squashed = _SEPARATORS.sub("", skeleton)
    consonants = _VOWEL_RUN.sub("", skeleton)
    hits: list[ObscenityHit] = []
    spans: list[tuple[int, int]] = []
    # Longest terms first, so "hijo de puta" wins over "puta" and 他妈的 over 妈的. A plain substring
    # test first keeps this fast on long texts; masked words ("f*ck") need the patterns.
    chinese = _CJK_CHAR.search(norm) is not None
    for term in rules.ordered_terms:
        if not masked and term.needle not in (squashed if _is_initials(term.plain) else skeleton):
            continue
        if term.in_chinese and not chinese:
            continue
        for m in term.pattern.finditer(norm):
            s, e = m.span()
            if any(s < e2 and s2 < e for s2, e2 in spans):
                continue
            if (term.frame or term.targets) and not (
                _framed(norm[:s].rstrip(" "), term.frame) or _targeted(norm[e:].lstrip(" "), term.targets)
            ):
                continue
            if term.addressee is not None and not term.addressee.search(norm):
                continue
            if _is_initials(term.plain) and _CODE_AFTER.match(norm, e):
                continue  # initials that start a code ("lote BS-2291", "SB-12345") are no acronym
            if _is_cjk(norm[s]) and _cuts_a_word(norm, s, e):
                continue
            spans.append((s, e))
            surface = written[index[s] : index[e - 1] + 1]
            disguised = (
                # a name called is a disguise only as a number or initials ("250", "nt")
                (
                    bool(term.frame or term.targets)
                    and (not term.plain.isalpha() or (term.plain.isascii() and _is_initials(term.plain)))
                )
                or "*" in m.group(0)
                or not _squeeze(m.group(0)).startswith(_squeeze(term.plain))
                or normalise_for_matching(surface) != _normalise_plainly(surface)
            )
            hits.append(
                ObscenityHit(term.word, surface, term.tier, disguised, named=bool(term.frame or term.targets))
            )
    latin = _LATIN_LETTER.search(norm) is not None
    for for_chinese, structure in rules.structures:
        if not (chinese if for_chinese else latin):
            continue
        for m in structure.finditer(norm):
            s, e = m.span()
            if e == s or any(s < e2 and s2 < e for s2, e2 in spans):
                continue
            spans.append((s, e))
            hits.append(
                ObscenityHit(m.group(0), written[index[s] : index[e - 1] + 1], "insult", False, named=True)
            )
    if "-" in norm or "–" in norm or "—" in norm or "‐" in norm:
        hits.extend(_elided(norm, index, written, spans))
    if rules.sound_alike and _CJK_CHAR.search(norm):
        for word, tier, m_start, m_end in _sound_alikes(norm, rules.sound_alike, rules.sound_alike_start):
            if any(m_start < e2 and s2 < m_end for s2, e2 in spans) or _cuts_a_word(norm, m_start, m_end):
                continue
            spans.append((m_start, m_end))
            hits.append(ObscenityHit(word, written[index[m_start] : index[m_end - 1] + 1], tier, True))
    for term in rules.loose_terms:
        if term.needle not in consonants:
            continue
        for m in term.pattern.finditer(norm):
            s, e = m.span()
            surface = written[index[s] : index[e - 1] + 1]
            if any(s < e2 and s2 < e for s2, e2 in spans) or not _misspelt_vowel(
                m.group(0), term.plain, surface
            ):
                continue
            spans.append((s, e))
            hits.append(ObscenityHit(term.word, surface, term.tier, True))
    return hits


@lru_cache(maxsize=65536)
def _syllable(ch: str) -> str:
    """The toneless pinyin of one Chinese character (its usual reading)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0]


def _sound_alikes(
    norm: str, terms: tuple[tuple[str, str, tuple[str, ...]], ...], starts: re.Pattern[str]
) -> list[tuple[str, str, int, int]]:
    """Listed Chinese words written with other characters of the same sound ("傻哔" for 傻逼).

    Only the words listed as ``sound_alike`` are matched so: words whose sound is not also an
    everyday word (畜生 sounds like 出生, "born", so it is not listed). ``starts`` finds the
    characters that sound like the first syllable of one of them.
    """
    found: list[tuple[str, str, int, int]] = []
    for start in starts.finditer(norm):
        k = start.start()
        sound = _syllable(start.group(0))
        for word, tier, syllables in terms:
            if syllables[0] != sound:
                continue
            n = len(syllables)
            written = norm[k : k + n]
            if (
                len(written) == n
                and written != word
                and all(_is_cjk(c) for c in written)
                and tuple(_syllable(c) for c in written) == syllables
            ):
                found.append((word, tier, k, k + n))
    return found


def _first_sound_pattern(terms: tuple[tuple[str, str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    """A character class of every character whose usual reading is a listed word's first syllable."""
    from pypinyin.pinyin_dict import pinyin_dict

    first = {syllables[0] for _, _, syllables in terms}
    chars = [
        chr(code)
        for code, readings in pinyin_dict.items()
        if code <= 0xFFFF and _is_cjk(chr(code)) and _toneless(readings.split(",")[0]) in first
    ]
    return re.compile("[" + "".join(sorted(chars)) + "]" if chars else "(?!)")


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[a-z]")


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def _cuts_a_word(norm: str, start: int, end: int) -> bool:
    """A Chinese match that ends inside a longer word, or starts inside one: "我操" in 我操作 ("I
    operated"), "去死" in 去死海 ("to the Dead Sea"), "你妈" in 你妈妈; found by segmenting a few
    characters around it with jieba's dictionary. A word that begins with the match ("去死吧") is it."""
    offset = max(0, start - 4)
    window = norm[offset : end + 4]
    position = offset
    for token in _segment(window):
        token_end = position + len(token)
        if start < position < end < token_end or position < start < token_end < end:
            return True
        position = token_end
    return False


def _segment(text: str) -> list[str]:
    """``text`` cut into dictionary words (jieba, without guessing new words)."""
    return list(_jieba().cut(text, HMM=False))


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)  # silent: it logs its dictionary loading
    jieba.initialize()
    return jieba


def _targeted(after: str, targets: tuple[str, ...]) -> bool:
    """``after`` starts with one of the words for who is called so ("公司", "de empresa"), a Latin one
    as a whole word."""
    return any(
        after.startswith(t) and (not t[-1:].isascii() or not after[len(t) : len(t) + 1].isalpha())
        for t in targets
    )


def _framed(before: str, frame: tuple[str, ...]) -> bool:
    """``before`` ends with one of the framing words ("是", "son unos"), a Latin one as a whole word."""
    return any(
        before.endswith(f) and (not f[:1].isascii() or not before[: len(before) - len(f)][-1:].isalpha())
        for f in frame
    )


def _elided(norm: str, index: tuple[int, ...], text: str, taken: list[tuple[int, int]]) -> list[ObscenityHit]:
    """A listed word written as its first letter, a dash and its ending ("a-hole", "d-bag")."""
    hits: list[ObscenityHit] = []
    endings = _rules().elided
    for m in _ELISION.finditer(norm):
        s, e = m.span()
        ending = m.group(2)
        found = next(
            (
                endings[(m.group(1), e)]
                for e in (ending, ending.removesuffix("s"), ending.removesuffix("es"))
                if (m.group(1), e) in endings
            ),
            None,
        )
        if found is None or any(s < e2 and s2 < e for s2, e2 in taken):
            continue
        taken.append((s, e))
        hits.append(ObscenityHit(found[0], text[index[s] : index[e - 1] + 1], found[1], True))
    return hits


_ELISION = re.compile(r"(?<![a-z0-9*])([a-z])[-‐–—]+([a-z]{3,})(?![a-z0-9*])")
_SEPARATORS = re.compile(r"[\s.·_-]+")
_VOWEL_RUN = re.compile(f"[{_VOWELS}]+")


@lru_cache(maxsize=1024)
def _is_initials(word: str) -> bool:
    """Up to four consonants ("sb", "hdp", "wtf"): initials, also written with dots or spaces."""
    return len(word) <= 4 and word.isalpha() and not any(c in _VOWELS for c in word)


def _squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def _misspelt_vowel(found: str, word: str, surface: str) -> bool:
    """``found`` is ``word`` with one unstressed vowel changed ("basterds"), and not a name."""
    if surface[:1].isupper() and surface[1:].islower():
        return False
    plain = _squeeze(word)
    written = _squeeze(found)[: len(plain)]
    if len(written) != len(plain):
        return False
    changed = [k for k, (a, b) in enumerate(zip(written, plain, strict=True)) if a != b]
    if len(changed) != 1 or written[changed[0]] not in _VOWELS or plain[changed[0]] not in _VOWELS:
        return False
    # the misspelt vowel is an unstressed one: these words are stressed on their first vowel, and
    # changing that one makes another word ("pollock", "bustard")
    first_vowel = next(k for k, c in enumerate(plain) if c in _VOWELS)
    return changed[0] != first_vowel


def _normalise_plainly(surface: str) -> str:
    """Case/accent fold only (no compatibility folding); tells whether a match was disguised."""
    decomposed = unicodedata.normalize("NFD", surface.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# --------------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _dedupe_key(text: str) -> str:
    """The words of ``text`` for comparing posts: normalised, without punctuation or links.

    A repost often drops or changes the link ("pic: https://…"), who it tags ("@brand", "RT @jo:")
    and its hashtags while the words stay; a post that is little more than those keeps them (they
    are what is repeated).
    """
    words = _bare_key(_REPOST_NOISE.sub(" ", text))
    return words if _key_length(words) >= _rules().raw["duplicate"]["min_length"] else _bare_key(text)


def _bare_key(text: str) -> str:
    norm = normalise_for_matching(text)
    return " ".join("".join(c if c.isalnum() or c.isspace() else " " for c in norm).split())


@lru_cache(maxsize=8192)
def _key_length(key: str) -> int:
    """How long a dedupe key is, a Chinese character counting as two letters (it carries a word)."""
    return len(key) + sum(1 for c in key if _is_cjk(c))


def _similarity(a: str, b: str) -> float:
    """How alike two dedupe keys are (0-100): character ratio, or the word-order-blind ratio."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _repeats_with_words_left_out(a: str, b: str) -> bool:
    """One key's words are (almost) all in the other, which is not much longer: a repost that drops
    an aside or a few words ("(no es promo, es la fila real)") while every word it keeps is the same."""
    cfg = _rules().raw["duplicate"]
    shorter, longer = sorted((a, b), key=_key_length)
    return (
        _key_length(shorter) >= int(cfg["subset_min_length"])
        and _key_length(shorter) >= float(cfg["subset_min_share"]) * _key_length(longer)
        and fuzz.token_set_ratio(a, b) >= float(cfg["subset_min_ratio"])
    )


#: A key's tokens for aligning two posts: a Latin word or number, or one Chinese character.
_KEY_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=8192)
def _key_tokens(key: str) -> tuple[str, ...]:
    """The tokens of a dedupe key, a number written in words as its digits ("three", "tres", "三": 3)."""
    numbers = _number_words()
    return tuple(numbers.get(token, token) for token in _KEY_TOKEN.findall(key))


@cache
def _number_words() -> dict[str, str]:
    words = _rules().raw["duplicate"]["number_words"]
    return {
        normalise_for_matching(str(word)): str(value)
        for value, spellings in words.items()
        for word in spellings
    }


def _copied_with_few_changes(a: str, b: str) -> bool:
    """Most of one key is the other's text copied in runs of several tokens, in the same order: a
    repost with words changed here and there, an aside dropped or a line added, whatever its length.

    Two people telling the same incident in their own words share single words and short phrases
    ("the flight was cancelled"), not most of a post in long verbatim runs.
    """
    cfg = _rules().raw["duplicate"]
    shorter, longer = sorted((_key_tokens(a), _key_tokens(b)), key=len)
    # nothing copied can cover more of the longer post than the shorter one's length
    if len(shorter) < int(cfg["copied_min_tokens"]) or len(shorter) < float(
        cfg["copied_min_share_longer"]
    ) * len(longer):
        return False
    share_shorter = float(cfg["copied_min_share_shorter"])
    # a quick bound first: the shared tokens, in any order
    if len(set(shorter) & set(longer)) < share_shorter * len(set(shorter)):
        return False
    words, characters = int(cfg["copied_run_min_words"]), int(cfg["copied_run_min_characters"])
    copied = sum(
        block.size
        for block in SequenceMatcher(None, shorter, longer, autojunk=False).get_matching_blocks()
        # a run of Chinese characters must be longer than a run of words to say as much
        if block.size >= characters
        or (
            block.size >= words
            and not all(len(t) == 1 and _is_cjk(t) for t in shorter[block.a : block.a + block.size])
        )
    )
    return copied >= share_shorter * len(shorter) and copied >= float(cfg["copied_min_share_longer"]) * len(
        longer
    )


def _first_repeated(key: str, previous: Sequence[PriorMention]) -> tuple[PriorMention, float] | None:
    """The first earlier mention that the post with dedupe key `key` repeats near-identically, with how
    alike they are (0-100), or None."""
    min_length = int(_rules().raw["duplicate"]["min_length"])
    min_ratio = float(_rules().raw["duplicate"]["min_ratio"])
    if _key_length(key) < min_length:
        return None
    for prior in previous:
        earlier = _dedupe_key(prior.text)
        if _key_length(earlier) < min_length:
            continue
        score = _similarity(key, earlier)
        if (
            score >= min_ratio
            or _repeats_with_words_left_out(key, earlier)
            or _copied_with_few_changes(key, earlier)
        ):
            return prior, score
    return None


def warm_up() -> None:
    """Load and compile the rules once, at start-up rather than on the first post."""
    _rules()
    _segment("热身")  # jieba loads its dictionary on first use (about a second)
    classify_mention("warm-up", author="a", previous=[PriorMention(0, "warm up text here", "b")])


def _same_author(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    return a.strip().lstrip("@").casefold() == b.strip().lstrip("@").casefold()


def _word_count(norm: str) -> int:
    latin = len(re.findall(r"[^\W\d_]+", "".join(" " if _is_cjk(c) else c for c in norm)))
    cjk = sum(1 for c in norm if _is_cjk(c))
    return latin + (cjk + 1) // 2


def _mentions_name(folded: str, name: str) -> bool:
    n = _fold_light(name).strip()
    if not n:
        return False
    if any(_is_cjk(c) for c in n):
        return n in folded
    return _name_pattern(name).search(folded) is not None


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern[str]:
    """A rival's name however it is run together or split: "Atlas Jet" also as "AtlasJet" or
    "#atlas_jet", "SkyNova" also as "Sky Nova" (its capitals mark where its words meet)."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])|[^\W_]+", name.lstrip("@"))
    parts = [re.escape(_fold_light(w)) for w in words] or [re.escape(_fold_light(name))]
    return re.compile(r"(?<![a-z0-9])@?" + r"[\s_.-]?".join(parts))


def _source_kind(
    author: str | None,
    author_followers: int | None,
    platform: str | None,
    reach: int | None,
    competitor_names: Sequence[str],
    specifics: set[str],
    employee_handles: Sequence[str] = (),
    folded_text: str = "",
) -> tuple[SourceKind, str]:
    rules = _rules()
    src = rules.raw["source"]
    handle = _fold_light(author or "").strip().lstrip("@")
    squashed = re.sub(r"[\W_]+", "", handle)
    for name in competitor_names:
        n = re.sub(r"[\W_]+", "", _fold_light(name))
        if n and n in squashed:
            return SourceKind.COMPETITOR, f"source: competitor account ({author})"
    if handle and any(handle == _fold_light(known).strip().lstrip("@") for known in employee_handles):
        return SourceKind.EMPLOYEE, f"source: employee account ({author})"
    said = rules.employee_text.search(folded_text) if rules.employee_text else None
    if said:
        return SourceKind.EMPLOYEE, f"source: says it is from staff ('{said.group(0)}')"
    if (platform and platform.casefold() in rules.media_platforms) or (
        handle and rules.media_author.search(handle)
    ):
        return SourceKind.MEDIA, f"source: media ({author or platform})"
    audience = max(author_followers or 0, reach or 0)
    if audience >= int(src["influencer_min_followers"]):
        return SourceKind.INFLUENCER, f"source: influencer (audience {audience})"
    if not handle:
        return SourceKind.ANONYMOUS, "source: anonymous (no author)"
    if rules.anonymous_author.match(handle):
        return SourceKind.ANONYMOUS, f"source: anonymous-looking handle ({author})"
    if author_followers is not None and author_followers <= int(src["new_account_max_followers"]):
        return SourceKind.ANONYMOUS, f"source: new account ({author_followers} followers)"
    if {"first_person", "order_reference"} & specifics:
        return SourceKind.CUSTOMER, "source: customer (describes own order or account)"
    return SourceKind.UNKNOWN, "source: unknown"


@lru_cache(maxsize=256)
def _speaks_as_brand(author: str | None, text: str) -> bool:
    """The post names a brand that is also its author's handle ("@rydo": "At Rydo we…")."""
    handle = re.sub(r"[\W_]+", "", _fold_light(author or ""))
    if len(handle) < 2:
        return False
    cjk = "".join(c for c in handle if _is_cjk(c))
    if len(cjk) >= 2 and cjk[:2] in text:
        return True
    for word in re.findall(r"(?<![@\w])[A-Z][\w&]{2,}", text):
        folded = _fold_light(word)
        if len(folded) >= 4 and folded in handle:
            return True
    # its own web address ("@JetMarlin": "book at jetmarlin.co.uk")
    for domain in _DOMAIN_NAME.findall(text.lower()):
        if len(domain) >= 4 and (domain in handle or (len(handle) >= 4 and handle in domain)):
            return True
    return False


_DOMAIN_NAME = re.compile(r"(?<![\w.@/])(?:www\.)?([a-z0-9-]{4,})\.[a-z]{2,}(?:\.[a-z]{2})?\b")


def _result(
    cls: MentionClass, reasons: list[str], source: SourceKind, dup: int | None = None
) -> Classification:
    return Classification(cls, ACTIONS[cls], reasons, source, dup)


def classify_mention(
    text: str,
    *,
    author: str | None = None,
    author_followers: int | None = None,
    platform: str | None = None,
    reach: int | None = None,
    previous: Sequence[PriorMention] = (),
    competitor_names: Sequence[str] = (),
    employee_handles: Sequence[str] = (),
) -> Classification:
    """Classify one negative mention and suggest what to do with it.

    ``previous`` are the earlier mentions of the same crisis in chronological order (for
    duplicate and coordinated-wording detection); ``competitor_names`` are the rivals' brand
    names or handles; ``employee_handles`` the company's own people's. See the module docstring
    for the order of precedence and the rules.
    """
    result = _classify(
        text, author, author_followers, platform, reach, previous, competitor_names, employee_handles
    )
    if result.source_kind is SourceKind.EMPLOYEE:
        return Classification(
            result.mention_class,
            EMPLOYEE_ACTION,
            [*result.reasons, "an employee's post: talk to them before anything is said in public"],
            result.source_kind,
            result.duplicate_of,
        )
    return result


def _classify(
    text: str,
    author: str | None,
    author_followers: int | None,
    platform: str | None,
    reach: int | None,
    previous: Sequence[PriorMention],
    competitor_names: Sequence[str],
    employee_handles: Sequence[str],
) -> Classification:
    rules = _rules()
    folded = _fold_light(text)
    norm = normalise_for_matching(text)
    # a seller's contact id ("加Q 2837465591") is no order number of the writer's own
    told = rules.contact.sub(" ", folded)
    specifics = {name for name, pat in rules.specifics.items() if pat.search(told)}
    source, source_reason = _source_kind(
        author, author_followers, platform, reach, competitor_names, specifics, employee_handles, folded
    )

    # 1. a near-identical repeat of an earlier post, from the same or another account: the first
    #    post of the group keeps its class, every repeat points at it.
    match = _first_repeated(_dedupe_key(text), previous)
    if match is not None:
        prior, score = match
        who = "the same account" if _same_author(author, prior.author) else "another account"
        first = prior.duplicate_of if prior.duplicate_of is not None else prior.id
        reason = f"repeats mention #{prior.id} from {who} ({score:.0f}% similar)"
        if first != prior.id:  # a repeat of a repeat: the group's first post is the one kept
            reason += f", itself a repeat of mention #{first}"
        reasons = [f"{reason}; keep the first", source_reason]
        return _result(MentionClass.SPAM_DUPLICATE, reasons, source, first)

    # 2. advertising: something unrelated for sale, with a hook (link, contact, call to act)
    evidence = rules.evidence_link.search(folded) is not None
    # A selling signal counts once per distinct phrase, at most twice: "loans, no credit check,
    # same-day payout" weighs more than one word that a customer might also use.
    found: dict[tuple[str, int], set[str]] = {}
    for name, w, pat in rules.ad_signals:
        if name == "web link" and evidence:
            continue
        distinct = {m.group(0) for m in pat.finditer(folded)}
        if distinct:
            found[(name, w)] = distinct
    phrases, groups = rules.phrase_signals
    for m in phrases.finditer(folded):
        found.setdefault(groups[str(m.lastgroup)], set()).add(m.group(0))
    ad_hits = [
        (
            name,
            w * min(len(distinct), 2 if name.startswith("scheme") or name in ("sales pitch", "pitch") else 1),
        )
        for (name, w), distinct in found.items()
    ]
    ad_score = sum(w for _, w in ad_hits)
    names = {name for name, _ in ad_hits}
    own_story = bool({"first_person", "order_reference"} & specifics)
    # a price pitch or a call to buy with a way to buy (a link, a contact) from someone not telling
    # their own story ("70% off today ➡️ deals.xyz", "shop now at …") is an ad on its own
    # (a business naming itself in its own handle is a rival pitching on the incident: step 4)
    pitched = (
        bool(names & {"sales pitch", "pitch"})
        and bool(names & {"hook", "contact", "web link", "short link"})
        and not own_story
        and not _speaks_as_brand(author, text)
    )
    # else a selling phrase; a shortened link in a customer's own story is their evidence
    selling = pitched or any(
        w >= 2
        for name, w in ad_hits
        if name not in ("hook", "contact", "web link", "pitch") and not (name == "short link" and own_story)
    )
    # a link with hardly any words around it (an emoji, "click"): nobody complains that way
    bare_link = "web link" in names and _word_count(normalise_for_matching(_LINK.sub(" ", folded))) <= 3
    # A customer telling their own story (their order, "I paid") may name loans or crypto: only a
    # way to reach the seller (link, contact, code, pitch) makes that an ad.
    contact = bool(names & {"hook", "contact", "web link", "short link", "promo code", "sales pitch"})
    rival = source is SourceKind.COMPETITOR  # a rival selling itself on the incident is a competitor post
    disclaimed = own_story and rules.not_an_ad.search(folded) is not None
    sells = (
        selling
        and (pitched or ad_score >= rules.ad_min_score)
        and (contact or not own_story)
        and not disclaimed
    )
    # a business naming itself (its handle, its own site) with a code or a link, and no scheme, is
    # a rival pitching on the incident (step 4), not an unrelated ad
    own_pitch = (
        not any(name.startswith("scheme") for name in names)
        and not own_story
        and _speaks_as_brand(author, text)
        and rules.brand_voice.search(folded) is not None
    )
    if not rival and not own_pitch and (sells or bare_link):
        listed = ", ".join(name for name, _ in ad_hits)
        return _result(MentionClass.AD, [f"advertising: {listed}", source_reason], source)

    # 3. insult / obscenity
    obscene = find_obscenity(text)
    if obscene:
        reasons = _obscenity_reasons(obscene)
        mild = [h for h in obscene if h.tier == "mild" and not h.disguised]
        severe = [h for h in obscene if h not in mild]
        words = max(_word_count(norm), 1)
        dominates = (len(mild) >= 2 and not specifics) or len(mild) * 4 >= words
        # a name called ("骗子公司", "trash brand") in a claim told by hearsay or dated on a day that
        # does not exist is that claim's sweeping verdict: the claim is asked for details (step 5)
        verdict_of_a_fake = (
            bool(severe)
            and all(h.named for h in severe)
            and not dominates
            and bool(_hearsay(folded, specifics) or _impossible_date(folded))
        )
        if (severe or dominates) and not verdict_of_a_fake:
            if not severe:
                reasons.append("swearing dominates the post")
            first_hand = _FIRST_HAND_FAILURE if specifics >= _FIRST_HAND_FAILURE else set()
            grievance = sorted(_GRIEVANCE_SPECIFICS & specifics or first_hand)
            if grievance:
                reasons.append(
                    f"also a grievance ({', '.join(grievance)}): fix the cause, then reply once solved"
                )
                return Classification(
                    MentionClass.INSULT, INSULT_WITH_GRIEVANCE_ACTION, [*reasons, source_reason], source
                )
            return _result(MentionClass.INSULT, [*reasons, source_reason], source)

    # 4. competitor: a rival's account, a push to switch to another brand, or a rival named in a
    #    comparison; a business account promoting itself on the incident.
    named = [n for n in competitor_names if _mentions_name(folded, n)]
    bait = len(set(rules.bait.findall(folded)))
    concrete = specifics - {"place"}  # "a real store" names no place anyone can check
    plain = _strip_accents(text)
    push = next(
        (
            m
            for pats in rules.push.values()
            for p in pats
            for m in p.finditer(plain)
            if not _first_person_past(text, plain, m)
        ),
        None,
    )
    if source is SourceKind.COMPETITOR:
        return _result(MentionClass.COMPETITOR, ["posted by a competitor's account", source_reason], source)
    if push is not None:
        return _result(
            MentionClass.COMPETITOR,
            [f"pushes customers to another brand ('{push.group(0).strip()}')", source_reason],
            source,
        )
    if named and len(concrete) <= 1:
        return _result(
            MentionClass.COMPETITOR,
            [f"names the rival {', '.join(named)} on the incident", source_reason],
            source,
        )
    # A business speaking as itself does not tell its own order or first-hand story.
    promotes = (
        rules.self_promotion.search(folded)
        or (not own_story and _speaks_as_brand(author, text) and rules.brand_voice.search(folded))
        # a business speaking as itself with an offer, whoever posts it
        or (not own_story and rules.business_voice.search(folded) and rules.offer.search(folded))
    )
    if promotes and source is not SourceKind.MEDIA:  # the press asking about the incident is not a rival
        return _result(
            MentionClass.COMPETITOR,
            ["a business account promoting itself on the incident", source_reason],
            source,
        )
    if bait >= rules.min_bait and not concrete:
        return _result(
            MentionClass.COMPETITOR, ["trolling / bait with no concrete issue", source_reason], source
        )

    # 5. suspected fake
    fake_weights = rules.fake_weights
    fake_score = 0
    fake_reasons: list[str] = []
    hearsay = _hearsay(folded, specifics)
    impossible = _impossible_date(folded)
    if hearsay:
        fake_score += fake_weights["hearsay"]
        fake_reasons.append(f"hearsay ('{hearsay.group(0).strip(' .!?;,')}')")
    if impossible:
        fake_score += fake_weights["impossible_date"]
        fake_reasons.append(f"a date that does not exist ('{impossible.group(0)}')")
    contradiction = rules.self_contradiction.search(folded) or _tenure_and_newness(folded)
    if contradiction:
        fake_score += fake_weights["self_contradiction"]
        fake_reasons.append(f"contradicts itself ('{contradiction.group(0)}')")
    if source is SourceKind.ANONYMOUS:
        fake_score += fake_weights["anonymous_or_new_account"]
        fake_reasons.append("anonymous or new account")
    # One loose detail (a day, "the delivery") is not something anyone can check: only an order
    # or booking reference, an amount, a count, a named place, a dated time, or two details make
    # a post checkable. A post with nothing checkable is asked for its order number and date.
    dated = any(
        any(ch.isdigit() or ch in _CJK_NUMERALS for ch in m.group(0))
        for m in rules.specifics["time_reference"].finditer(folded)
    )
    checkable = bool(_CHECKABLE & specifics) or len(specifics) >= 2 or dated
    if not checkable and rules.named_place.search(_strip_accents(text)):
        specifics.add("named_place")
        checkable = True
    # the press asking about the incident is not a review to check
    if not checkable and source is not SourceKind.MEDIA:
        fake_score += fake_weights["no_specifics"]
        fake_reasons.append("no order, date or other concrete detail")
    sweeping = sorted({m.group(0) for m in rules.sweeping.finditer(folded)})
    if sweeping:
        fake_score += fake_weights["sweeping_claim"] * min(len(sweeping), 2)
        fake_reasons.append(f"sweeping claim ('{', '.join(sweeping[:3])}')")
        if not checkable:
            fake_score += fake_weights["generic_negativity"]
    if fake_score >= rules.fake_min_score:
        return _result(MentionClass.SUSPECTED_FAKE, [*fake_reasons, source_reason], source)

    # 6. genuine complaint
    reasons = [f"concrete detail: {', '.join(sorted(specifics))}" if specifics else "no red flags"]
    if obscene:
        reasons.append(
            "mild language in a specific complaint: " + ", ".join(f"'{h.surface}'" for h in obscene)
        )
    return _result(MentionClass.COMPLAINT, [*reasons, source_reason], source)


#: Chinese numerals: a time told in them ("晚上八点", "三月五号") is dated like one told in digits.
_CJK_NUMERALS = frozenset("二三四五六七八九十两")

_NEGATION_START = re.compile(r"(?:never|not|haven|have not|nunca|jamas|no\b|从|没|我没|我从)")


#: A date written in digits with slashes ("31/04", "04/31/2026", "30/2"), or with dots and a year.
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.,:-])(\d{1,2})(?:/(\d{1,2})(?:/(?:\d{4}|\d{2}))?|\.(\d{1,2})\.(?:\d{4}))(?![\d/.,:]\d)"
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SAID_AS_A_DATE = re.compile(
    r"(?:\b(?:on|dated?|since|from|until|by|el|del|dia|desde|hasta|fecha)|于|在|日期[:：]?)\s*$"
)


def _impossible_date(folded: str) -> re.Match[str] | None:
    """A date or a clock time that does not exist: a named day and month (31 April, 30 February; the
    rules file), a time of day past 24:00 ("at 25:30"; the rules file), or a date in digits that is no
    date read either way round, day/month or month/day ("31/04", "30/02/2026")."""
    rules = _rules()
    found = rules.impossible_date.search(folded) or rules.impossible_time.search(folded)
    if found is not None:
        return found
    for m in _NUMERIC_DATE.finditer(folded):
        a, b = int(m.group(1)), int(m.group(2) or m.group(3))
        if not (1 <= a <= 31 and 1 <= b <= 31):
            continue  # a fraction or a count ("5/50"), not a date
        if (
            "/" in m.group(0)
            and m.group(0).count("/") < 2
            and not _SAID_AS_A_DATE.search(folded, 0, m.start())
        ):
            continue  # without a year, only where a date is said ("on 31/04"), not "seat 31/2"
        if not _is_day_and_month(a, b) and not _is_day_and_month(b, a):
            return m
    return None


def _is_day_and_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


def _tenure_and_newness(folded: str) -> re.Match[str] | None:
    """A long time as a customer claimed in a post that also says the writer is new (either order)."""
    rules = _rules()
    tenure = rules.tenure.search(folded)
    return rules.newness.search(folded) if tenure is not None else None


def _hearsay(folded: str, specifics: set[str]) -> re.Match[str] | None:
    """Someone else's word, or a writer who never used the service ("never ordered there, but…")."""
    rules = _rules()
    return next((m for m in rules.hearsay.finditer(folded) if not _about_an_item(folded, m)), None) or (
        None if {"first_person", "order_reference"} & specifics else rules.reported_speech.search(folded)
    )


def _about_an_item(folded: str, hearsay: re.Match[str]) -> bool:
    """A writer's negation in an object relative clause ("charges that I never ordered"): no hearsay."""
    rules = _rules()
    found = hearsay.group(0).lstrip(" .!?;,")
    if not _NEGATION_START.match(found) and not found.startswith(("i ", "we ")):
        return False
    before = folded[max(0, hearsay.start() - 40) : hearsay.start()]
    after = folded[hearsay.end() : hearsay.end() + 3]
    return bool(rules.relative_before.search(before) or rules.relative_after.match(after))


def _first_person_past(text: str, plain: str, push: re.Match[str]) -> bool:
    """The push's verb is a Spanish first-person past ("Compré la X", "Reservé con X"), not an imperative.

    Without accents "compré" (I bought) and "compre" (buy!) are one word; the accent on the last
    letter tells them apart. (Only "-é": "pedí" is both "I ordered" and the imperative of "vos".)
    """
    if "verb" not in push.re.groupindex or push.start("verb") < 0 or len(text) != len(plain):
        return False
    verb = re.match(r"\w+", text[push.start("verb") :])
    return verb is not None and verb.group(0)[-1] in "éÉ"


def _obscenity_reasons(hits: list[ObscenityHit]) -> list[str]:
    labels = {"insult": "insult", "strong": "obscenity", "mild": "mild swear"}
    out = []
    for h in hits:
        label = labels[h.tier]
        if h.disguised:
            out.append(f"{label} (disguised): '{h.surface}'")
        else:
            out.append(f"{label}: '{h.surface}'")
    return out
