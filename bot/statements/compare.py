"""Compare a text with the approved message (``/crisis check``).

Every spokesperson must repeat the approved message word for word. This module aligns the
sentences of a text with those of the approved message and reports the differences that matter:
changed numbers, dates and times, names, promises, and sentences dropped or added, together with
an overall similarity score.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.statements.sentences import split_sentences

ALIGN_THRESHOLD = 60.0

_WS = re.compile(r"\s+")

_EN_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
_ES_WEEKDAYS = "lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo"
_EN_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_ES_MONTHS = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_RELATIVE_DAYS = (
    r"today|tonight|tomorrow|yesterday|next\s+week|this\s+week|end\s+of\s+(?:the\s+)?(?:day|week|month)"
    r"|pasado\s+ma[ñn]ana|ma[ñn]ana|hoy|ayer|esta\s+noche|la\s+pr[oó]xima\s+semana|esta\s+semana"
)
_ZH_NUM = "[0-9〇零一二两三四五六七八九十百]"

_DATE = re.compile(
    "|".join(
        [
            r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?\b",
            r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
            r"\b\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?|h\b|hrs\b)?(?:\s*(?:utc|gmt|cet|cest|est|edt|pst|pdt|bst))?",
            r"\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)(?:\s*(?:utc|gmt|cet|cest|est|edt|pst|pdt|bst)\b)?",
            rf"\b(?:{_EN_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b",
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MONTHS})\b(?:,?\s+\d{{4}})?",
            rf"\b\d{{1,2}}\s+de\s+(?:{_ES_MONTHS})\b(?:\s+de\s+\d{{4}})?",
            rf"\b(?:{_EN_MONTHS}|{_ES_MONTHS})\b",
            rf"\b(?:{_EN_WEEKDAYS}|{_ES_WEEKDAYS})\b",
            rf"\b(?:{_RELATIVE_DAYS})\b",
            rf"{_ZH_NUM}{{1,4}}年(?:{_ZH_NUM}{{1,3}}月)?(?:{_ZH_NUM}{{1,3}}[日号])?",
            rf"{_ZH_NUM}{{1,3}}月(?:{_ZH_NUM}{{1,3}}[日号])?",
            rf"{_ZH_NUM}{{1,3}}[日号](?!本)",
            r"(?:星期|礼拜|周)[一二三四五六日天]",
            r"今天|明天|后天|昨天|今晚|明晚|下周|本周|月底|周末",
            rf"(?:凌晨|早上|上午|中午|下午|晚上)?{_ZH_NUM}{{1,3}}[点時时](?:{_ZH_NUM}{{1,2}}分|半)?",
        ]
    ),
    re.IGNORECASE,
)

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "cero": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
    "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    "cien": 100,
}  # fmt: skip
_ZH_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CURRENCY = {
    "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "dólares": "USD", "美元": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "CNY", "元": "CNY", "块": "CNY", "cny": "CNY", "rmb": "CNY",
}  # fmt: skip

_NUMBER = re.compile(
    r"(?P<pre>[$€£¥])?\s?(?P<num>\d+(?:[.,]\d+)*)(?:\s?(?P<post>%|€|\$|£|usd|eur|gbp|dollars?|d[oó]lares|euros?"
    r"|pounds|美元|欧元|元|块|rmb|cny|percent|por\s+ciento|k\b|m\b))?"
    rf"|(?P<word>\b(?:{'|'.join(_NUMBER_WORDS)})\b)"
    r"|(?P<zh>[〇零一二两三四五六七八九十百]+)(?=\s?(?:天|个|小时|周|分钟|元|次|倍|年|%|家|位|名|笔|份|件))"
    r"|(?P<zhpct>百分之[〇零一二两三四五六七八九十百]+)",
    re.IGNORECASE,
)

_NAME = re.compile(
    r"(?P<url>https?://[^\s<>()]+[^\s<>().,;:!?'\"])"
    r"|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)"
    r"|(?P<handle>(?<![\w@])@[A-Za-z0-9_.]+[A-Za-z0-9_]|#[A-Za-z][\w-]+)"
    r"|(?P<cap>\b[A-ZÁÉÍÓÚÑ][\w'’&-]*(?:\s+(?:de\s+|del\s+|van\s+|von\s+)?[A-ZÁÉÍÓÚÑ][\w'’&-]*)*)"
)
_NOT_NAMES = frozenset(
    {
        "i", "we", "our", "ours", "us", "you", "your", "the", "a", "an", "this", "that", "these", "those",
        "it", "if", "all", "any", "next", "update", "nosotros", "nuestro", "nuestra", "el", "la", "los",
        "las", "un", "una", "lo", "hemos", "vamos", "estamos", "próxima", "proxima", "actualización",
    }
)  # fmt: skip

_PROMISE = re.compile(
    r"(?P<modal>\b(?:will|shall)\b|['’]ll\b)(?P<mneg>\s+(?:not|never)\b)?"
    r"|(?P<negmodal>\bwon['’]t\b|\bshan['’]t\b)"
    r"|(?P<neg>(?:\bdo\s+not|\bdon['’]t|\bcannot|\bcan['’]t|\bnever|\bnot|\bno|\bnunca)\s+|不|无法|不予)?"
    r"(?P<word>\bguarantee[sd]?\b|\bpromise[sd]?\b|\bcommit(?:ted)?\s+to\b|\brefund(?:s|ed|ing)?\b"
    r"|\bcompensat(?:e|ion|ed)\b|\breimburs(?:e|ement)\b|\breplace(?:ment)?\b|\bfree\s+of\s+charge\b"
    r"|\bgarantiza(?:mos)?\b|\bprometemos\b|\bnos\s+comprometemos\b|\breembols\w*|\bcompensa(?:remos|ci[oó]n|r)\b"
    r"|\bvamos\s+a\b|\b(?!quer|esper)\w+remos\b"
    r"|保证|承诺|确保|将会|(?<![即])将(?![近军])|(?<![机社协聚开大学委理体约])会(?![员议谈])|退款|赔偿|补偿|免费)",
    re.IGNORECASE,
)


_SENTENCE_STARTERS = _NOT_NAMES | frozenset(
    {
        "after", "again", "also", "although", "and", "as", "at", "because", "before", "but", "call",
        "check", "contact", "dear", "due", "during", "email", "every", "from", "further", "here", "however",
        "in", "many", "meanwhile", "more", "most", "no", "not", "now", "of", "on", "once", "our", "please",
        "read", "since", "so", "some", "sorry", "thank", "thanks", "then", "there", "they", "to", "today",
        "tomorrow", "unfortunately", "until", "visit", "we", "what", "when", "where", "which", "while",
        "who", "why", "with", "yesterday", "yes", "a", "al", "ayer", "con", "cuando", "de", "desde",
        "durante", "en", "entre", "estimados", "gracias", "hoy", "lamentamos", "les", "lo", "mañana", "más",
        "nos", "os", "para", "pedimos", "por", "queremos", "se", "sentimos", "si", "sin", "sobre",
        "también", "te", "todos", "tras", "ya",
    }
)  # fmt: skip
_VERB_LIKE = re.compile(r"\w+(?:remos|amos|imos|ado|ido|ando|iendo|ly|ing|ed)", re.IGNORECASE)


@dataclass(frozen=True)
class Difference:
    """One difference that matters between the approved message and a text."""

    kind: str
    approved: str | None
    text: str | None
    sentence: str | None


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a text with the approved message."""

    similarity: float
    differences: list[Difference] = field(default_factory=list)
    normalised_equal: bool = False

    @property
    def identical(self) -> bool:
        """The same text once whitespace and letter case are normalised."""
        return self.normalised_equal


def normalise(text: str) -> str:
    """Collapse whitespace, unify quotes and fold case, for comparison."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip().casefold()


def _date_items(sentence: str) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    items: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for match in _DATE.finditer(sentence):
        surface = match.group(0).strip()
        if surface:
            items.append((_WS.sub(" ", normalise(surface)).replace(".", ":"), surface))
            spans.append((match.start(), match.end()))
    return items, spans


def _zh_int(chars: str) -> int | None:
    if all(c in _ZH_DIGITS for c in chars):
        return int("".join(str(_ZH_DIGITS[c]) for c in chars))
    total, current = 0, 0
    for char in chars:
        if char in _ZH_DIGITS:
            current = _ZH_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _number_value(raw: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return raw
    return f"{value:g}"


def _number_items(sentence: str, skip: list[tuple[int, int]]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for match in _NUMBER.finditer(sentence):
        surface = match.group(0).strip()
        begin = match.start() + match.group(0).index(surface[0])
        if any(s <= begin < e for s, e in skip):
            continue
        if match.group("num"):
            unit = (match.group("pre") or match.group("post") or "").casefold()
            if unit in ("percent", "por ciento") or re.fullmatch(r"por\s+ciento", unit):
                unit = "%"
            key = f"{_number_value(match.group('num'))}{_CURRENCY.get(unit, unit)}"
        elif match.group("word"):
            key = str(_NUMBER_WORDS[match.group("word").casefold()])
        elif match.group("zh"):
            value = _zh_int(match.group("zh"))
            if value is None:
                continue
            key = str(value)
        else:
            value = _zh_int(match.group("zhpct")[3:])
            key = f"{value}%"
        items.append((key, surface))
    return items


def _name_items(sentence: str, skip: list[tuple[int, int]]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    first_word = re.match(r"[\s¿¡\"'“(«-]*", sentence)
    sentence_start = first_word.end() if first_word else 0
    for match in _NAME.finditer(sentence):
        if any(s <= match.start() < e for s, e in skip):
            continue
        surface = match.group(0)
        if match.group("cap"):
            words = surface.split()
            if match.start() == sentence_start and (
                words[0].casefold() in _SENTENCE_STARTERS or _VERB_LIKE.fullmatch(words[0])
            ):
                words = words[1:]
            words = [w for w in words if w.casefold() not in _NOT_NAMES]
            if not words or (len(words) == 1 and len(words[0]) == 1):
                continue
            surface = " ".join(words)
        items.append((surface.casefold().rstrip("/"), surface))
    return items


def _promise_items(sentence: str) -> list[tuple[str, str]]:
    matches = list(_PROMISE.finditer(sentence))
    items: list[tuple[str, str]] = []
    consumed_until = -1
    for index, match in enumerate(matches):
        if match.start() < consumed_until:
            continue
        if match.group("modal") or match.group("negmodal"):
            word = "will"
            negated = bool(match.group("negmodal") or match.group("mneg"))
        else:
            word, negated = _WS.sub(" ", match.group("word").casefold()), bool(match.group("neg"))
        if _is_cjk(word):
            surface = re.split(r"[。！？，,；;]", sentence[match.start() : match.end() + 4])[0]
            end = match.start() + len(surface)
        else:
            tail = re.match(r"(?:\s+[\w'’$€£%-]+){0,3}", sentence[match.end() :])
            end = match.end() + (tail.end() if tail else 0)
            surface = sentence[match.start() : end]
        if word == "will":
            following = next((m for m in matches[index + 1 :] if m.start() < end and m.group("word")), None)
            if following is not None:
                word = f"will {_WS.sub(' ', following.group('word').casefold())}"
                consumed_until = end
        items.append((("not " if negated else "") + word, surface.strip()))
    return items


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _diff_items(
    kind: str, approved: list[tuple[str, str]], text: list[tuple[str, str]], sentence: str | None
) -> list[Difference]:
    gone = _take(approved, Counter(k for k, _ in approved) - Counter(k for k, _ in text))
    new = _take(text, Counter(k for k, _ in text) - Counter(k for k, _ in approved))
    differences: list[Difference] = []
    if kind == "promise":
        for key, surface in list(gone):
            base = key.removeprefix("not ")
            partner = next(((k, t) for k, t in new if k.removeprefix("not ") == base), None)
            if partner is not None:
                gone.remove((key, surface))
                new.remove(partner)
                differences.append(Difference(kind, surface, partner[1], sentence))
    differences += [Difference(kind, a, t, sentence) for (_, a), (_, t) in zip(gone, new, strict=False)]
    differences += [Difference(kind, a, None, sentence) for _, a in gone[len(new) :]]
    differences += [Difference(kind, None, t, sentence) for _, t in new[len(gone) :]]
    return differences


def _take(items: list[tuple[str, str]], wanted: Counter[str]) -> list[tuple[str, str]]:
    remaining = Counter(wanted)
    taken: list[tuple[str, str]] = []
    for key, surface in items:
        if remaining[key] > 0:
            remaining[key] -= 1
            taken.append((key, surface))
    return taken


def _link_spans(sentence: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in _NAME.finditer(sentence)
        if m.group("url") or m.group("email") or m.group("handle")
    ]


def _sentence_differences(approved: str, text: str) -> list[Difference]:
    a_dates, a_skip = _date_items(approved)
    t_dates, t_skip = _date_items(text)
    a_links, t_links = a_skip + _link_spans(approved), t_skip + _link_spans(text)
    return [
        *_diff_items("number", _number_items(approved, a_links), _number_items(text, t_links), approved),
        *_diff_items("date", a_dates, t_dates, approved),
        *_diff_items("name", _name_items(approved, a_skip), _name_items(text, t_skip), approved),
        *_diff_items("promise", _promise_items(approved), _promise_items(text), approved),
    ]


def _align(approved: list[str], text: list[str]) -> list[tuple[int, int]]:
    if not approved or not text:
        return []
    norm_a = [normalise(s) for s in approved]
    norm_t = [normalise(s) for s in text]
    scores = [[fuzz.ratio(a, t) for t in norm_t] for a in norm_a]
    candidates = sorted(
        ((float(scores[i][j]), i, j) for i in range(len(approved)) for j in range(len(text))),
        key=lambda c: (-c[0], abs(c[1] - c[2]), c[1]),
    )
    used_a: set[int] = set()
    used_t: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, i, j in candidates:
        if score < ALIGN_THRESHOLD:
            break
        if i in used_a or j in used_t:
            continue
        used_a.add(i)
        used_t.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def compare_to_approved(approved: str, text: str) -> Comparison:
    """Compare ``text`` with the ``approved`` message.

    Sentences are aligned fuzzily; for each aligned pair changed numbers, dates/times, names and
    promises are reported (even when the sentences are otherwise identical), unaligned approved
    sentences are reported as missing and unaligned new ones as added (with any promise they make
    or drop). Differences follow the order of the approved message; added sentences come last.
    """
    norm_approved, norm_text = normalise(approved), normalise(text)
    similarity = fuzz.ratio(norm_approved, norm_text) / 100.0
    if norm_approved == norm_text:
        return Comparison(similarity=1.0, differences=[], normalised_equal=True)

    a_sentences = [s.text for s in split_sentences(approved)]
    t_sentences = [s.text for s in split_sentences(text)]
    pairs = dict(_align(a_sentences, t_sentences))
    aligned_text = set(pairs.values())

    differences: list[Difference] = []
    for i, sentence in enumerate(a_sentences):
        if i in pairs:
            other = t_sentences[pairs[i]]
            if normalise(other) != normalise(sentence):
                differences.extend(_sentence_differences(sentence, other))
        else:
            differences.append(Difference("missing_sentence", sentence, None, sentence))
            differences.extend(_diff_items("promise", _promise_items(sentence), [], sentence))
    for j, sentence in enumerate(t_sentences):
        if j not in aligned_text:
            differences.append(Difference("added_sentence", None, sentence, None))
            differences.extend(_diff_items("promise", [], _promise_items(sentence), None))
    return Comparison(similarity=round(similarity, 4), differences=differences)
