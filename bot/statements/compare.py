"""Compare a spokesperson's text with the approved message (``/crisis check``, ``crisisbot compare``).

Every spokesperson must say what was approved. Wording may change (greetings, emoji, order,
synonyms, voice, register, formats of the same value); what may not is listed in the labelling
guide (docs/LABELS.md, section 3). The check extracts, from each side, the things that matter,
normalised so that different spellings of one value compare equal, and reports each one that
differs or is missing, quoting both sides:

``number``, ``amount``, ``date_time``, ``next_update``, ``vague_figure`` (a figure replaced by
"a handful"), ``named_party``, ``promise`` (dropped, added, weakened or narrowed) and
``admission`` (dropped, or the cause moved to someone else). ``material`` is true when there is
at least one.

Value normalisation uses maintained libraries: text2num for number words (en/es), cn2an for
Chinese numerals, dateparser for day-and-month dates in en/es; clock times and Chinese dates are
read by the small patterns below. The word lists live in ``compare_rules.yaml``.

Where a wording could be either, the check leans to "the same message" (the guide's harmless
kinds are common, and a false alarm teaches spokespeople to ignore the check): Slack formatting
and thread numbering are read away; a hedge counts only in a sentence the spoken text says again
(an added sentence of empathy weakens nothing); an offer tied to an amount both sides name is kept
when the other side gives the same kind of thing there, or nothing else; an offer said in another
word of its family (a credit or a discount off the bill) is kept; a name only a dictionary guessed
(jieba), or the speaker's own name said as "we", is no change unless another name takes its place.
Quotes are the sentences as written, not with their figures in digits.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz

from bot.statements.lint import signal_match
from bot.statements.sentences import split_sentences

KINDS = (
    "number",
    "date_time",
    "amount",
    "named_party",
    "promise",
    "admission",
    "next_update",
    "vague_figure",
)

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Difference:
    """One material difference: what the approved message says and what the spoken text says."""

    kind: str
    approved: str | None
    spoken: str | None
    sentence: str | None = None  # the approved sentence it is in, for context

    @property
    def text(self) -> str | None:
        """The spoken side (older name)."""
        return self.spoken


@dataclass(frozen=True)
class Comparison:
    """The verdict of comparing a spoken text with the approved message."""

    similarity: float
    differences: list[Difference] = field(default_factory=list)
    normalised_equal: bool = False

    @property
    def material(self) -> bool:
        """True when the spoken text changes something that matters (see the guide)."""
        return bool(self.differences)

    @property
    def identical(self) -> bool:
        """The same text once whitespace and letter case are normalised."""
        return self.normalised_equal


def normalise(text: str) -> str:
    """Collapse whitespace, unify quotes and fold case, for comparison."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip().casefold()


# --------------------------------------------------------------------------------------------
# Rules and language
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    vague: dict[str, re.Pattern[str]]
    promise: dict[str, dict[str, re.Pattern[str]]]
    admission: dict[str, dict[str, re.Pattern[str]]]
    next_update: dict[str, re.Pattern[str]]
    give: dict[str, re.Pattern[str]]
    not_names: frozenset[str]
    name_kinds: frozenset[str]
    introduction: dict[str, re.Pattern[str]]
    admission_filler: dict[str, frozenset[str]]
    hedge_scope_filler: dict[str, frozenset[str]]
    third_parties: dict[str, frozenset[str]]
    fault_words: dict[str, re.Pattern[str]]
    admission_negation: dict[str, frozenset[str]]


def _alt(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@functools.cache
def _rules() -> _Rules:
    text = resources.files("bot.statements").joinpath("compare_rules.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)

    def per_language(block: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
        return {lang: _alt(items) for lang, items in block.items()}

    def per_language_words(block: dict[str, list[str]]) -> dict[str, frozenset[str]]:
        return {lang: frozenset(str(w).casefold() for w in items) for lang, items in block.items()}

    return _Rules(
        vague=per_language(raw["vague_figure"]),
        promise={name: per_language(block) for name, block in raw["promise"].items()},
        admission={name: per_language(block) for name, block in raw["admission"].items()},
        next_update=per_language(raw["next_update"]),
        give=per_language(raw["give"]),
        not_names=frozenset(str(w).casefold() for w in raw["not_names"]),
        name_kinds=frozenset(str(w).casefold() for w in raw["name_kinds"]),
        introduction=per_language(raw["introduction"]),
        admission_filler=per_language_words(raw["admission_filler"]),
        hedge_scope_filler=per_language_words(raw["hedge_scope_filler"]),
        third_parties=per_language_words(raw["third_parties"]),
        fault_words=per_language(raw["fault_words"]),
        admission_negation=per_language_words(raw["admission_negation"]),
    )


_SPANISH_HINTS = re.compile(
    r"[ñ¿¡áéíóú]|\b(?:el|los|las|que|de|del|y|para|por|con|una|nuestros?|hemos|estamos|usted|le)\b",
    re.IGNORECASE,
)


def guess_language(text: str) -> str:
    """en, es or zh, from the script and a few common Spanish words."""
    if _has_cjk(text):
        return "zh"
    hints = len(_SPANISH_HINTS.findall(text))
    words = max(1, len(text.split()))
    return "es" if hints / words > 0.12 else "en"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# --------------------------------------------------------------------------------------------
# Values: numbers, amounts, dates and times
# --------------------------------------------------------------------------------------------

_CURRENCY = {
    "$": "$", "usd": "USD", "us$": "USD", "dollar": "DOLLAR", "dollars": "DOLLAR", "dólares": "DOLLAR",
    "dolares": "DOLLAR", "dólar": "DOLLAR", "美元": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP", "libras": "GBP", "英镑": "GBP",
    "bucks": "DOLLAR",
    "¥": "¥", "￥": "¥", "元": "CNY", "块": "CNY", "块钱": "CNY", "cny": "CNY", "rmb": "CNY",
    "人民币": "CNY", "mxn": "MXN", "pesos": "PESO", "peso": "PESO",
}  # fmt: skip
# The currencies a sign or a word can stand for: "$" is written for dollars and for pesos, "¥" for
# yuan and yen. Two amounts of the same figure are the same when their currencies can agree
# ("$200 MXN" = "200 pesos"); "£10" and "$10" cannot.
_CURRENCY_CAN_BE = {
    "$": frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "ARS", "COP", "CLP"}),
    "DOLLAR": frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD"}),
    "PESO": frozenset({"MXN", "ARS", "COP", "CLP"}),
    "¥": frozenset({"CNY", "JPY"}),
}
_MULTIPLIER = {
    "k": 1e3, "thousand": 1e3, "mil": 1e3, "千": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6,
    "millón": 1e6, "millon": 1e6, "millones": 1e6, "万": 1e4, "萬": 1e4, "亿": 1e8, "bn": 1e9, "billion": 1e9,
}  # fmt: skip

_NUM = r"\d+(?:[.,]\d+)*"
_AMOUNT = re.compile(
    rf"(?P<pre>us\$|[$€£¥￥]|usd|eur|gbp|rmb|cny)\s?(?P<n1>{_NUM})(?:\s?(?P<m1>k|m|bn|thousand|million|billion|mil(?:lones|l[oó]n)?|万|亿)\b)?"
    rf"|(?P<n2>{_NUM})(?:\s?(?P<m2>k|m|bn|thousand|million|billion|mil(?:lones|l[oó]n)?|万|萬|亿|千)(?![a-z]))?"
    r"(?:\s?|-)(?:de\s+)?(?P<post>€|\$|£|usd|eur|gbp|dollars?|d[oó]lar(?:es)?|euros?|pounds?|quid|bucks|libras|pesos?|mxn|"
    r"美元|欧元|英镑|人民币|块钱|元|块|rmb|cny)(?![a-z])",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\dA-Za-z.])\+?\d{2,4}(?:[ -]\d{2,4}){2,4}(?![\dA-Za-z]|\.\d)|\(\d{3}\)\s?\d{3}-\d{4}"
)
_PERCENT = re.compile(rf"(?P<n>{_NUM})\s?(?:%|percent\b|por\s+ciento\b)|百分之(?P<zh>{_NUM})", re.IGNORECASE)
_NUMBER = re.compile(
    rf"(?<![\d.A-Za-z])(?<!\d,)(?P<n>{_NUM})(?:\s?(?P<m>k|thousand|million|millones|mil|万|萬|亿)(?![a-z]))?",
    re.IGNORECASE,
)

_ZH_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百千万亿点]+")
_ZH_COUNTED = re.compile(
    r"(?P<num>(?=[\d〇零一二两三四五六七八九十百千万亿]*[〇零一二两三四五六七八九十百千万亿])(?<![\d.])"
    r"[\d〇零一二两三四五六七八九十百千万亿]+(?:点[〇零一二三四五六七八九]+)?)"
    r"(?=\s?(?:个|小时|天|日|号|月|周|分钟|分|元|块|次|倍|年|%|家|位|名|笔|份|件|万|亿|千|点|时|秒|条|款|架|班|单|人|户|欧元|美元|英镑|周年|星期|成"
    r"|起|台|瓶|箱|批|张|辆|套|趟|例|层|所|座|处|项|封|盒|袋|吨|公里|米|岁|间|晚|场|轮))"
)


@functools.cache
def _cn2an() -> Any:
    import cn2an

    return cn2an


def _zh_numerals_to_digits(text: str) -> str:
    """Chinese numerals followed by a counter ("三百元", "两小时") become digits ("300元", "2小时")."""
    if not _ZH_NUMERAL.search(text):
        return text

    def repl(match: re.Match[str]) -> str:
        chars = match.group("num")
        if chars == "零" and text.startswith("点", match.end()):
            return "0"  # "零点" is midnight, 0:00
        if chars == "一" and re.match(r"(?:个)?(?:天|小时|周|星期|个月|分钟|晚|夜)", text[match.end() :]):
            return "1"  # "关闭一天", "一个小时": a duration
        if chars in ("一", "零") or re.fullmatch(r"[百千万亿]+", chars):
            return chars  # "一次", "零件", "几万": an article, a word or a vague figure, not a count
        before = text[max(0, match.start() - 2) : match.start()]
        if len(chars) == 1 and before.endswith(("周", "星期", "礼拜")):
            return chars  # "周五晚上": a weekday, not five evenings
        if (
            chars == "十"
            and text.startswith("分", match.end())
            and not text.startswith(("分钟", "分鐘"), match.end())
            and not before.endswith(("点", "時", "时"))
        ):
            return chars  # "十分抱歉" is "very sorry"; "8点十分" is ten past eight
        return _cn_number(chars, "smart")

    # a date in numerals: "三月一日" = "3月1日" (a day "一" is a figure here, not an article)
    text = _ZH_DATE.sub(_zh_date, text)
    text = _ZH_COUNTED.sub(repl, text)
    # a figure with a unit and no counter: "钻石五百颗", "最高赔五千USDT"
    return _ZH_BARE.sub(lambda m: _cn_number(m.group(0), "normal"), text)


def _zh_date(match: re.Match[str]) -> str:
    month, day = _cn_number(match.group("mo"), "smart"), _cn_number(match.group("d"), "smart")
    return f"{month}月{day}{match.group('suffix')}"


def _zh_scaled_figures(text: str) -> str:
    """ "9成" is 90%, "5千" is 5000, "2w" (written for 2万) is 20000."""
    text = _ZH_TENTHS.sub(lambda m: f"{float(m.group(1)) * 10:g}%", text)
    text = _ZH_TEN_THOUSANDS.sub(lambda m: _fmt_plain(float(m.group(1)) * 10000), text)
    return _ZH_THOUSANDS.sub(lambda m: _fmt_plain(float(m.group(1)) * 1000), text)


@functools.lru_cache(maxsize=4096)
def _cn_number(chars: str, mode: str) -> str:
    try:
        number = float(_cn2an().cn2an(chars, mode))
    except (ValueError, KeyError, IndexError):
        return chars
    return f"{number:g}" if number != int(number) else str(int(number))


_ZH_DIGIT_CHARS = "〇零一二两三四五六七八九十百千万亿"
# a month and a day, either in Chinese numerals ("十二月三十一日", "3月一号")
_ZH_DATE = re.compile(
    r"(?<![\d〇零一二两三四五六七八九十])(?P<mo>[\d一二三四五六七八九十]{1,3})月"
    r"(?P<d>[\d〇一二三四五六七八九十]{1,3})(?P<suffix>[日号號])"
)
_ZH_BARE = re.compile(
    rf"(?<![\d.{_ZH_DIGIT_CHARS}])[一二两三四五六七八九十][{_ZH_DIGIT_CHARS}]*[十百千万亿][{_ZH_DIGIT_CHARS}]*"
    rf"(?![{_ZH_DIGIT_CHARS}])"
)
_ZH_TENTHS = re.compile(r"(?<![\d.])(\d(?:\.\d)?)成(?![员功本为立交年绩果就品熟])")
_ZH_TEN_THOUSANDS = re.compile(r"(?<![\d.,A-Za-z])(\d+(?:\.\d+)?)[wW](?![A-Za-z])")
_ZH_THOUSANDS = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s?千(?![万亿米克瓦])")


_ONE_UNIT = re.compile(
    r"\b(?:one|a|an|uno|una|un)\s+(months?|weeks?|days?|hours?|mes|semana|d[ií]a|hora)\b", re.IGNORECASE
)
_SCALED = re.compile(
    r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s+(mil(?:lones|l[oó]n)?|thousand|million|billion)\b", re.IGNORECASE
)
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)(?<!\d{4}[ \u00a0\u202f])")


def _scaled_digits(match: re.Match[str]) -> str:
    value = number_value(match.group(1))
    if value is None:
        return match.group(0)
    return _fmt_plain(value * _MULTIPLIER[match.group(2).casefold()])


def _fmt_plain(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value}"


_CLOCK_WORDS = {"una": 1, "dos": 2, "one": 1, "two": 2}
_CLOCK_WORD = re.compile(r"\b(las|la|at)\s+(una|dos|one|two)\b", re.IGNORECASE)


@functools.cache
def _alpha2digit() -> Any:
    from text_to_num import alpha2digit

    return alpha2digit


# A share said in words, where it stands for a percentage: "cut by a quarter" = "cut by 25%".
_FRACTIONS = {"a quarter": 25, "one quarter": 25, "half": 50, "a half": 50, "la mitad": 50, "un cuarto": 25,
              "一半": 50, "半价": 50}  # fmt: skip
_FRACTION = re.compile(
    r"(?P<by>\b(?:by|en|a)\s+)(?P<word>a\s+quarter|one\s+quarter|a\s+half|half|la\s+mitad|un\s+cuarto)\b(?!\s+(?:past|to|after)\b)"
    r"|(?P<word2>一半|半价)",
    re.IGNORECASE,
)


def _fraction_percent(match: re.Match[str]) -> str:
    word = _WS.sub(" ", (match.group("word") or match.group("word2")).casefold())
    return f"{match.group('by') or ''}{_FRACTIONS[word]}%"


# "twice" and "por duplicado" say the count "2 times" in words that number libraries do not read.
_TWICE = {
    "en": (
        # "charged twice" = "double charges" = "double-charged"
        re.compile(
            r"\btwice\b|\bdouble\b(?=\s+(?:the|what|their|its|our|your)\b|[\s-]+(?:charg|bill|pa[iy]))", re.I
        ),
        "2 times",
    ),
    "es": (
        re.compile(r"\b(?:por\s+duplicado|dos\s+veces|el\s+doble|doble(?=\s+(?:cobro|cargo|pago)))\b", re.I),
        "2 veces",
    ),
    "zh": (re.compile(r"重复(?=扣|收|付|计)"), "2次"),
}


_UNIT_HYPHEN = re.compile(
    r"(?<=[a-z])-(?=(?:pounds?|euros?|dollars?|pesos?|hours?|days?|weeks?|minutes?|months?)\b)", re.IGNORECASE
)
_PERCENT_WORDS = re.compile(r"(?<=\d)\s*(?:per\s*cent|percent|por\s+ciento)\b", re.IGNORECASE)
_ZH_PERCENT = re.compile(r"百分之(?P<num>[\d〇零一二两三四五六七八九十百]+(?:点[〇零一二三四五六七八九]+)?)")


def _zh_percent(match: re.Match[str]) -> str:
    try:
        value = float(_cn2an().cn2an(match.group("num"), "smart"))
    except (ValueError, KeyError, IndexError):
        return match.group(0)
    return f"{value:g}%"


# Half an hour in words: "every half hour" = "every 30 minutes", "一个半小时" = "1.5小时".
_HALF_HOURS = (
    (
        re.compile(r"\b(?:an?|one)\s+hour\s+and\s+a\s+half\b|\b(?:una\s+)?hora\s+y\s+media\b", re.I),
        "1.5 hours",
    ),
    (re.compile(r"\bhalf\s+an\s+hour\b|\bhalf[\s-]hour\b|\bmedia\s+hora\b", re.I), "30 minutes"),
    (re.compile(r"一个半(?:小时|钟头)"), "1.5小时"),
    (re.compile(r"半(?:个)?(?:小时|钟头)"), "30分钟"),
)


_HALF_SCALE = re.compile(
    r"\b(?:(?P<en>an?|one|\w+)\s+and\s+a\s+half\s+(?P<enscale>million|thousand|billion)"
    r"|(?:a\s+)?(?P<enscale2>million|thousand|billion)\s+and\s+a\s+half"
    r"|half\s+a\s+(?P<enscale3>million|billion)"
    r"|(?P<es>un|\w+)\s+(?P<esscale>mill[oó]n(?:es)?)\s+y\s+medio|medio\s+(?P<esscale2>mill[oó]n))\b",
    re.IGNORECASE,
)


def _half_scale(match: re.Match[str]) -> str:
    whole_words = match.group("en") or match.group("es") or ""
    if match.group("enscale3") or match.group("esscale2"):
        whole = 0
    elif whole_words.casefold() in ("a", "an", "one", "un", "") or match.group("enscale2"):
        whole = 1
    else:
        try:
            digits = str(_alpha2digit()(whole_words, "es" if match.group("es") else "en", threshold=0))
        except (ValueError, IndexError, KeyError):
            return match.group(0)
        if not digits.isdigit():
            return match.group(0)
        whole = int(digits)
    if match.group("es") or match.group("esscale2"):
        return f"{whole},5 millones"
    scale = match.group("enscale") or match.group("enscale2") or match.group("enscale3")
    return f"{whole}.5 {scale.casefold()}"


def to_digits(text: str, language: str) -> str:
    """Number words and Chinese numerals turned into digits ("seven" → "7", "三百元" → "300元")."""
    for pattern, replacement in _HALF_HOURS:
        if language == "es" and replacement.endswith(("hours", "minutes")):
            replacement = replacement.replace("hours", "horas").replace("minutes", "minutos")
        text = pattern.sub(replacement, text)
    if language != "zh":
        text = _HALF_SCALE.sub(_half_scale, text)
    text = _FRACTION.sub(_fraction_percent, text)
    text = _PERCENT_WORDS.sub("%", text)  # "15 per cent" = "15%"
    if language in _TWICE:
        pattern, replacement = _TWICE[language]
        text = pattern.sub(replacement, text)
    if language == "en":
        text = re.sub(r"\b(2 times)[\s-]+charges\b", r"charged \1", text)
    if language == "zh":
        # "百分之十五" = "15%"
        return _zh_scaled_figures(_zh_numerals_to_digits(_ZH_PERCENT.sub(_zh_percent, text)))
    text = _UNIT_HYPHEN.sub(" ", text)  # "a ten-pound credit" = "a 10 pound credit"
    text = re.sub(r"\b(?:a|one)\s+fortnight\b|\bfortnight\b", "2 weeks", text, flags=re.IGNORECASE)
    text = _SCALED.sub(_scaled_digits, text)
    text = _DIGIT_GROUPS.sub("", text)
    text = _ONE_UNIT.sub(lambda m: "1 " + m.group(1), text)
    text = _CLOCK_WORD.sub(lambda m: f"{m.group(1)} {_CLOCK_WORDS[m.group(2).casefold()]}", text)
    if language == "es":
        text = re.sub(r"(?<=\w)ientas\b", "ientos", text)
        text = _ES_QUARTER.sub(_es_quarter, text)  # "las nueve menos cuarto" = "las 8:45"
    try:
        # threshold 0: a small count is a figure too ("every two hours" = "every 2 hours")
        text = str(_alpha2digit()(text, language, threshold=0))
    except (ValueError, IndexError, KeyError):  # the library gives up on some inputs; keep the text
        return text
    # "one hundred per cent" = "100%", "cien por cien" = "100 %"
    return _PER_HUNDRED.sub("%", _PERCENT_WORDS.sub("%", text))


_ES_QUARTER = re.compile(r"\b(las?)\s+(\w+)\s+(y|menos)\s+cuarto\b", re.IGNORECASE)


def _es_quarter(match: re.Match[str]) -> str:
    try:
        hour_text = str(_alpha2digit()(match.group(2), "es", threshold=0))
    except (ValueError, IndexError, KeyError):
        return match.group(0)
    if not hour_text.isdigit():
        return match.group(0)
    hour, minute = int(hour_text), 15
    if match.group(3).casefold() == "menos":
        hour, minute = hour - 1, 45
    return f"{match.group(1)} {hour % 24}:{minute:02d}"


_PER_HUNDRED = re.compile(r"(?<=\d)\s+por\s+(?:cien|100)\b", re.IGNORECASE)


_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_POINT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def number_value(raw: str) -> float | None:
    """``4,500`` / ``4.500`` / ``4500`` → 4500.0; ``2,5`` / ``2.5`` → 2.5."""
    if _COMMA_GROUPS.fullmatch(raw):
        raw = raw.replace(",", "")
    elif _POINT_GROUPS.fullmatch(raw):
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


def _fmt(value: float) -> str:
    return f"{value:.6g}"


_AMPM = r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)"
# a time zone after a clock time belongs to the time ("13:30 IST"): it is no named party
_ZONES = (
    r"(?:\s*(?:utc|gmt|cet|cest|wet|west|eet|eest|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|hst|bst|ist|msk|gst"
    r"|pkt|ict|wib|sgt|hkt|jst|kst|aest|aedt|acst|awst|nzst|nzdt|brt|art|clt|cot|pet)\b)?"
)
_ZH_PARTS = r"凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间|今晚|明晚|当晚|当天晚上|今早|明早"
_TIME = re.compile(
    # a part of the day before a clock time: "晚上8:10" is 20:10
    rf"(?P<zhpart0>{_ZH_PARTS})\s*(?P<h0>\d{{1,2}})[:：](?P<m0>\d{{2}})(?!\d)"
    # a time in words: "half past 1 in the afternoon", "5 in the afternoon", "quarter to 9", "10 o'clock"
    r"|\b(?:(?P<q>half|(?:a\s+)?quarter|\d{1,2}(?:\s+minutes)?)\s+(?P<rel>past|after)\s+|(?P<q2>(?:a\s+)?quarter)\s+to\s+)"
    r"(?P<h8>\d{1,2})\b(?!\s*(?:[:.]\d|%))"
    r"(?:\s+o['’]?clock)?(?:\s+(?:(?:in\s+the|this)\s+(?P<enpart>morning|afternoon|evening)|at\s+night|tonight))?"
    r"|\b(?P<h9>\d{1,2})(?:\s+o['’]?clock)?\s+(?:(?:in\s+the|this)\s+(?P<enpart2>morning|afternoon|evening)"
    r"|at\s+night|tonight)\b"
    r"|\b(?P<h10>\d{1,2})\s+o['’]?clock\b"
    # "at 9 tomorrow", "at 6 on Friday": the day that follows makes the figure an hour
    r"|\bat\s+(?P<h11>\d{1,2})(?=\s+(?:tomorrow|today|tonight|this\s+(?:morning|afternoon|evening)|on\s+\w+day)\b)"
    rf"|(?<![\d.,])(?P<h>\d{{1,2}})(?:[:.h](?P<m>\d{{2}}))(?!\d)(?!\s?(?:万|萬|亿|千|百|%|k\b|mil\b|millones\b|million\b|thousand\b|billion\b))\s*(?:{_AMPM}|h(?:rs?)?\b|horas?\b)?{_ZONES}"
    rf"|(?<![\d.,])(?P<h2>\d{{1,2}})\s*(?P<ampm2>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z]){_ZONES}"
    rf"|(?P<zhpart>{_ZH_PARTS})?(?P<h3>\d{{1,2}})[点點时時](?:(?P<m3>\d{{1,2}})分?|(?P<half>半)|(?P<quarter>一刻|三刻))?"
    r"|(?<![\d.,])(?P<h5>\d{1,2})\s?h(?:s|rs)?\b(?!\w)"
    r"|\b(?:a\s+)?las?\s+(?P<h4>\d{1,2})(?!\d|[.,]\d{3})(?:[:.](?P<m4>\d{2})(?!\d))?(?:\s+(?:y\s+(?P<media>media|cuarto)|en\s+punto))?"
    r"(?:\s+(?:(?:de\s+la|por\s+la)\s+(?P<espart>mañana|manana|tarde|noche|madrugada)|del\s+(?P<esnoon>mediod[ií]a|d[ií]a)))?"
    r"|(?P<noon>\bnoon\b|\bmidday\b|\bmidnight\b|\bmediod[ií]a\b|\bmedianoche\b)"
    # a bare hour with its part of the day, or opening a range that has one: "de 6 a 9 de la noche"
    r"|(?<![\d:.,])(?P<h6>\d{1,2})(?=\s+(?:de\s+la|por\s+la)\s+(?:mañana|manana|tarde|noche|madrugada)\b)"
    r"|\b(?:de|desde|entre|from|between)\s+(?:las\s+)?(?P<h7>\d{1,2})(?=\s*(?:a|y|hasta|to|and|until|till|-|–)\s*(?:las\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:h\b|de\s+la|por\s+la|[ap]\.?\s?m)|\d{1,2}:\d{2}))",
    re.IGNORECASE,
)
_ES_PART = {"mañana": 0, "manana": 0, "madrugada": 0, "tarde": 12, "noche": 12}
_ZH_PM = {"下午", "傍晚", "晚上", "晚间", "夜里", "夜间", "今晚", "明晚", "当晚", "当天晚上"}

_MONTHS = {
    **{m: i + 1 for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])},  # noqa: E501
    **{m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])},  # noqa: E501
    "sept": 9,
    **{m: i + 1 for i, m in enumerate(
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"])},  # noqa: E501
    "setiembre": 9,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?P<y1>\d{{4}})-(?P<mo1>\d{{1,2}})-(?P<d1>\d{{1,2}})\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|º)?\s+(?:of\s+|de\s+)?(?P<mon2>{_MONTH_NAMES})\.?\b(?:,?\s+(?:de\s+)?(?P<y2>(?:19|20)\d{{2}})(?!\d))?"
    rf"|\b(?P<mon3>{_MONTH_NAMES})\.?\s+(?:the\s+)?(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y3>(?:19|20)\d{{2}})(?!\d))?"
    r"|(?:(?P<y4>\d{4})年)?(?P<mo4>\d{1,2})月(?P<d4>\d{1,2})[日号號]?"
    r"|(?<![\d/.,])(?P<d5>\d{1,2})/(?P<mo5>\d{1,2})(?:/(?P<y5>\d{2,4}))?(?![\d/]|[.,]\d)"
    r"|(?<![\d.,-])(?P<d6>\d{1,2})[-.](?P<mo6>\d{1,2})[-.](?P<y6>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_DAY_RANGE = re.compile(
    rf"\b(?P<other>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and|al|a|y)\s*(?:el\s+|the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?P<mon>{_MONTH_NAMES})\b"
    rf"|\b(?P<mon2>{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<other2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    # in figures: "entre el 20 y el 22/6", "20-22/6"; "6月20日至22日"
    r"|(?<![\d/.,])(?P<other3>\d{1,2})\s*(?:-|–|to|and|al|a|y)\s*(?:el\s+|the\s+)?\d{1,2}/(?P<mo3>\d{1,2})(?![\d/]|[.,]\d)"
    r"|(?P<mo4>\d{1,2})月\d{1,2}[日号號]?\s*(?:至|到|-|–|—|~|～)\s*(?P<other4>\d{1,2})[日号號]",
    re.IGNORECASE,
)
# A day of the month without its month: "by the 14th", "antes del día 14", "14号前", "本月14日".
_ROUND_THE_CLOCK = re.compile(r"(?<![\d/])24\s?/\s?7(?![\d/])")
_DAY_ONLY = re.compile(
    rf"\bthe\s+(?P<q1>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{_MONTH_NAMES})\b)"
    r"|\bd[ií]a\s+(?P<q2>\d{1,2})\b(?!\s+de\s+[a-z])"
    r"|(?<![\d./])(?<!\d月)(?P<q3>\d{1,2})(?:[号號]|日(?!内|后|以内|之内|以后|之后))(?!\d)",
    re.IGNORECASE,
)
_WEEKDAYS = {
    **{d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])},  # noqa: E501
    **{d: i for i, d in enumerate(["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"])},  # noqa: E501
    "miercoles": 2, "sabado": 5,
    **{d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])},
    "tues": 1, "thur": 3, "thurs": 3,
    **{f"{p}{c}": i for p in ("周", "星期", "礼拜") for i, c in enumerate("一二三四五六日")},
    "周天": 6, "星期天": 6, "礼拜天": 6,
}  # fmt: skip
_RELATIVE = {
    "today": 0, "tonight": 0, "this evening": 0, "tomorrow": 1, "yesterday": -1,
    "hoy": 0, "esta noche": 0, "esta tarde": 0, "mañana": 1, "manana": 1, "pasado mañana": 2, "ayer": -1,
    "今天": 0, "今晚": 0, "今日": 0, "明天": 1, "明日": 1, "明晚": 1, "后天": 2, "昨天": -1, "昨日": -1,
    "今早": 0, "明早": 1,
}  # fmt: skip
_DAYWORD = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?=\.|,|\s+\d)|lunes|martes|mi[ée]rcoles|jueves|viernes"
    r"|s[áa]bado|domingo|today|tonight|this\s+evening|tomorrow|yesterday|hoy|esta\s+noche|esta\s+tarde"
    r"|pasado\s+ma[ñn]ana|(?<!la\s)ma[ñn]ana(?!\s+(?:por|de|siguiente)\b)|ayer)\b"
    r"|(?:周|星期|礼拜)[一二三四五六日天]|今天|今晚|今日|今早|明天|明日|明晚|明早|后天|昨天|昨日",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:-\s*)?(?P<u>hours?|hrs?|h\b|minutes?|mins?|days?|weeks?|months?|business\s+days?"
    r"|horas?|minutos?|d[ií]as?(?:\s+h[aá]biles)?|semanas?|meses|mes|个?小时|分钟|天|日(?=内|以内|之内)|个?工作日|周|个?星期|个?月)",
    re.IGNORECASE,
)
_UNIT = {
    "h": "h", "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "hora": "h", "horas": "h", "小时": "h", "个小时": "h",  # noqa: E501
    "minute": "min", "minutes": "min", "min": "min", "mins": "min", "minuto": "min", "minutos": "min", "分钟": "min",  # noqa: E501
    "day": "d", "days": "d", "dia": "d", "dias": "d", "día": "d", "días": "d", "天": "d", "日": "d",
    "week": "w", "weeks": "w", "semana": "w", "semanas": "w", "周": "w", "星期": "w", "个星期": "w",
    "month": "mo", "months": "mo", "mes": "mo", "meses": "mo", "月": "mo", "个月": "mo",
}  # fmt: skip


@dataclass(frozen=True)
class _Item:
    kind: str
    key: str
    surface: str
    start: int
    guessed: bool = False  # a name only because a dictionary tags the word so (jieba): often a common word


@functools.cache
def _dateparser() -> Any:
    import dateparser

    return dateparser


@functools.lru_cache(maxsize=4096)
def _parse_day_month(surface: str, language: str) -> str | None:
    """A written day-and-month date as "MM-DD" (dateparser; cached: the same dates recur)."""
    languages = [language] if language in ("en", "es") else ["en", "es"]
    parsed = _dateparser().parse(
        surface,
        languages=languages,
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed is None:
        return None
    return f"{parsed.month:02d}-{parsed.day:02d}"


def warm_up() -> None:
    """Load the libraries and their language data once (dateparser and jieba are slow to start)."""
    _rules()
    for language in ("en", "es"):
        _parse_day_month("12 June" if language == "en" else "12 de junio", language)
        to_digits("seven", language)
    _zh_numerals_to_digits("三百元")
    _jieba_tags()
    for language in ("en", "es", "zh"):
        signal_match("apology", "sorry", language)  # the linter's rules, read by the admission check


def _times(text: str) -> list[_Item]:
    items: list[_Item] = []
    days: list[_Item] = []
    for m in _TIME.finditer(text):
        if m.group("h0") is not None:
            hour, minute = int(m.group("h0")), int(m.group("m0"))
            if m.group("zhpart0") in _ZH_PM and hour < 12:
                hour += 12
            minutes = hour * 60 + minute
        elif m.group("h8") is not None or m.group("h9") is not None or m.group("h10") is not None:
            minutes = _time_in_words(m)
        elif m.group("h11") is not None:
            minutes = int(m.group("h11")) * 60
        elif m.group("noon"):
            word = m.group("noon").casefold()
            minutes = 0 if word in ("midnight", "medianoche") else 12 * 60
        elif m.group("h") is not None:
            hour, minute = int(m.group("h")), int(m.group("m"))
            ampm = (m.group("ampm") or "").casefold()
            hour = _apply_ampm(hour, ampm)
            minutes = hour * 60 + minute
        elif m.group("h2") is not None:
            hour = _apply_ampm(int(m.group("h2")), m.group("ampm2").casefold())
            minutes = hour * 60
        elif m.group("h3") is not None:
            hour = int(m.group("h3"))
            part = m.group("zhpart")
            if part in _ZH_PM and hour < 12:
                hour += 12
            quarter = {"一刻": 15, "三刻": 45}.get(m.group("quarter") or "", 0)
            minute = 30 if m.group("half") else quarter or int(m.group("m3") or 0)
            minutes = hour * 60 + minute
        elif m.group("h5") is not None:
            if _LASTING.search(text[max(0, m.start() - 32) : m.start()]):
                continue  # "durante 7 h", "cada 6 h": a duration, read as such below
            minutes = int(m.group("h5")) * 60
        elif m.group("h6") is not None or m.group("h7") is not None:
            minutes = int(m.group("h6") or m.group("h7")) * 60
        else:
            hour = int(m.group("h4"))
            part = (m.group("espart") or "").casefold()
            # "las 6 de la tarde" is 18:00; "la una del mediodía" 13:00, "las 12 del día" 12:00
            if (_ES_PART.get(part, 0) and hour < 12) or (m.group("esnoon") and hour < 6):
                hour += 12
            media = (m.group("media") or "").casefold()
            minute = 30 if media == "media" else 15 if media == "cuarto" else int(m.group("m4") or 0)
            minutes = hour * 60 + minute
        # the half of the day after the time: "7:45 de la tarde", "1:40 in the afternoon", "9 tomorrow night"
        if minutes < 12 * 60 and _LATER_PART.match(text, m.end()):
            minutes += 12 * 60
        if minutes >= 24 * 60 or minutes < 0:
            continue
        items.append(
            _Item("date_time", f"T{minutes // 60:02d}:{minutes % 60:02d}", m.group(0).strip(), m.start())
        )
        day = _RELATIVE.get(m.group("zhpart") or m.group("zhpart0") or "")
        if _TODAY_PART.search(m.group(0)):
            day = 0  # "6 this evening" is today
        if day is not None:  # "明晚8点" is tomorrow
            days.append(_Item("date_time", f"R{day}", m.group(0).strip(), m.start()))
    # "entre las 2:10 y las 7:45 de la tarde", "from 2 to 5 pm": the second time's half of the day
    for index in range(len(items) - 1):
        first, second = items[index], items[index + 1]
        gap = text[first.start + len(first.surface) : second.start]
        h1, h2 = int(first.key[1:3]), int(second.key[1:3])
        if len(gap) > 12 or not _RANGE_GAP.fullmatch(gap):
            continue
        # "晚上6点到9点", "6 pm to 9": the first time's half of the day carries to the second
        if (
            h1 >= 12
            and h2 < 12
            and h2 + 12 > h1
            and re.search(r"p\.?\s?m|下午|傍晚|晚上|夜里|今晚|明晚", first.surface, re.IGNORECASE)
            and not re.search(r"[ap]\.?m|上午|早上|凌晨|mañana|madrugada", second.surface, re.IGNORECASE)
        ):
            later = f"T{h2 + 12:02d}{second.key[3:]}"
            items[index + 1] = _Item(second.kind, later, second.surface, second.start)
        elif (
            h2 >= 12
            and h1 < 12
            and h1 + 12 <= h2
            and not re.search(r"[ap]\.?m|:\d\d\s*h", first.surface, re.IGNORECASE)
            # "de 7 a 10:30 de la noche", "2 to 5 pm": the second time says its half of the day in words
            and re.search(
                r"p\.?\s?m|tarde|noche|afternoon|evening|night|下午|傍晚|晚上|晚间|夜里|今晚|明晚|当晚",
                text[second.start : second.start + len(second.surface) + 22],
                re.IGNORECASE,
            )
        ):
            items[index] = _Item(first.kind, f"T{h1 + 12:02d}{first.key[3:]}", first.surface, first.start)
    return items + days


_TODAY_PART = re.compile(r"\b(?:tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:-|–|~|to|and|y|a|hasta|until|到|至)?\s*(?:las\s+)?", re.IGNORECASE)
_LATER_PART = re.compile(
    r"\s*(?:h\s+)?(?:(?:de\s+la|por\s+la)\s+(?:tarde|noche)"
    r"|(?:in\s+the|this|tomorrow|today|on\s+\w+day)\s+(?:afternoon|evening|night)|tonight|at\s+night"
    r"|p\.?\s?m\b)",
    re.IGNORECASE,
)


def _time_in_words(m: re.Match[str]) -> int:
    """Minutes after midnight of "half past 1 in the afternoon", "5 in the afternoon", "10 o'clock"."""
    hour = int(m.group("h8") or m.group("h9") or m.group("h10"))
    minute = 0
    if m.group("q2"):  # "quarter to 9"
        hour, minute = hour - 1, 45
    elif m.group("h8") is not None:
        quarter = m.group("q").casefold()
        minute = 30 if quarter == "half" else 15 if "quarter" in quarter else int(quarter.split()[0])
    part = (m.group("enpart") or m.group("enpart2") or "").casefold()
    evening = part in ("afternoon", "evening") or re.search(r"night|tonight", m.group(0), re.IGNORECASE)
    if evening and hour < 12:
        hour += 12
    return (hour % 24) * 60 + minute


_LASTING_WORD = r"(?:durante|por|cada|en|unas|otras|for|every|within|over|about|around|up\s+to|hasta)"
_APPROXIMATELY = (
    r"(?:casi|aproximadamente|alrededor\s+de|cerca\s+de|m[aá]s\s+de|menos\s+de|nearly|almost|roughly"
    r"|approximately|more\s+than|less\s+than)"
)
# "durante 7 h", "every 6 h", and with an approximation: "por casi 5 h", "for nearly 5 h", "casi 5 h"
_LASTING = re.compile(
    rf"\b(?:{_LASTING_WORD}\s+(?:{_APPROXIMATELY}\s+)?|{_APPROXIMATELY}\s+)$", re.IGNORECASE
)


def _apply_ampm(hour: int, ampm: str) -> int:
    if ampm.startswith("p") and hour < 12:
        return hour + 12
    if ampm.startswith("a") and hour == 12:
        return 0
    return hour


def _dates(text: str, language: str) -> list[_Item]:
    items: list[_Item] = []
    for m in _DATE.finditer(text):
        key: str | None
        if m.group("y1"):
            key = f"{int(m.group('mo1')):02d}-{int(m.group('d1')):02d}"
        elif m.group("mon2") or m.group("mon3"):
            month = _MONTHS[(m.group("mon2") or m.group("mon3")).casefold()]
            day = int(m.group("d2") or m.group("d3"))
            key = _parse_day_month(m.group(0), language) or f"{month:02d}-{day:02d}"
        elif m.group("mo4"):
            key = f"{int(m.group('mo4')):02d}-{int(m.group('d4')):02d}"
        elif m.group("d6"):
            day, month = int(m.group("d6")), int(m.group("mo6"))
            if language == "en" and month > 12 >= day:
                day, month = month, day
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            key = f"{month:02d}-{day:02d}"
        else:
            day, month = int(m.group("d5")), int(m.group("mo5"))
            # Chinese writes month/day ("6/14"); US English may too ("6/14"), seen when the day > 12
            if (language == "zh" and day <= 12) or (month > 12 >= day):
                day, month = month, day
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            key = f"{month:02d}-{day:02d}"
        if key:
            items.append(_Item("date_time", f"D{key}", m.group(0).strip(), m.start()))
    # a range of days in one month: "12 to 15 July", "July 12–15", "del 12 al 15 de julio"
    for m in _DAY_RANGE.finditer(text):
        if m.group("mo3") or m.group("mo4"):
            month = int(m.group("mo3") or m.group("mo4"))
        else:
            month = _MONTHS[(m.group("mon") or m.group("mon2")).casefold()]
        group = next(g for g in ("other", "other2", "other3", "other4") if m.group(g))
        day = int(m.group(group))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        items.append(_Item("date_time", f"D{month:02d}-{day:02d}", m.group(group), m.start(group)))
    for m in _DAY_ONLY.finditer(text):
        day = int(m.group("q1") or m.group("q2") or m.group("q3"))
        if 1 <= day <= 31:
            items.append(_Item("date_time", f"Q{day}", m.group(0), m.start()))
    for m in _DAYWORD.finditer(text):
        word = _WS.sub(" ", m.group(0).casefold().rstrip("."))
        if word in _WEEKDAYS:
            key = f"W{_WEEKDAYS[word]}"
        else:
            key = f"R{_RELATIVE.get(word, _RELATIVE.get(word.replace('manana', 'mañana'), 0))}"
        items.append(_Item("date_time", key, m.group(0), m.start()))
    return items


class _Taken:
    """The characters of a text already read as a value (a map, not a list of spans to scan)."""

    def __init__(self, length: int) -> None:
        self._map = bytearray(length + 1)

    def free(self, start: int, end: int) -> bool:
        """No character of ``start:end`` is taken yet."""
        return end <= start or self._map.find(1, start, end) < 0

    def append(self, span: tuple[int, int]) -> None:
        """Take the characters of ``span``."""
        start, end = span
        if end > start:
            self._map[start:end] = b"\x01" * (end - start)

    def extend(self, spans: Any) -> None:
        """Take the characters of every span."""
        for span in spans:
            self.append(span)


@functools.lru_cache(maxsize=512)
def _values(text: str, language: str) -> tuple[_Item, ...]:
    """Every value in ``text``: amounts, percentages, durations, dates, times and plain numbers."""
    items: list[_Item] = []
    taken = _Taken(len(text))
    free = taken.free

    for m in _PHONE.finditer(text):
        items.append(_Item("number", "tel:" + re.sub(r"\D", "", m.group(0)), m.group(0), m.start()))
        taken.append(m.span())
    taken.extend(m.span() for m in _CODE.finditer(text))  # "SL 204" is a name (compared as one), not a count
    taken.extend(m.span() for m in _ROUND_THE_CLOCK.finditer(text))  # "24/7" is no date and no count
    for m in _AMOUNT.finditer(text):
        if not free(*m.span()):
            continue
        raw = m.group("n1") or m.group("n2")
        value = number_value(raw)
        if value is None:
            continue
        unit = (m.group("pre") or m.group("post") or "").casefold()
        mult = (m.group("m1") or m.group("m2") or "").casefold()
        value *= _MULTIPLIER.get(mult, 1)
        items.append(
            _Item(
                "amount", f"{_fmt(value)}{_CURRENCY.get(unit, unit.upper())}", m.group(0).strip(), m.start()
            )
        )
        taken.append(m.span())
    for m in _PERCENT.finditer(text):
        if not free(*m.span()):
            continue
        value = number_value(m.group("n") or m.group("zh"))
        if value is not None:
            items.append(_Item("number", f"{_fmt(value)}%", m.group(0).strip(), m.start()))
            taken.append(m.span())
    # times first: "今晚8点" is one time (with its day), not a day word and then an hour
    timed = [i for i in _times(text) if free(i.start, i.start + len(i.surface))]
    items.extend(timed)
    taken.extend((i.start, i.start + len(i.surface)) for i in timed)
    for item in _dates(text, language):
        span = (item.start, item.start + len(item.surface))
        if free(*span):
            items.append(item)
            taken.append(span)
    for m in _VERSION.finditer(text):
        if free(*m.span()) and number_value(m.group(0)) is None:
            items.append(_Item("number", "ver:" + m.group(0).casefold().lstrip("v"), m.group(0), m.start()))
            taken.append(m.span())
    for m in _DURATION.finditer(text):
        if not free(*m.span()):
            continue
        value = number_value(m.group("n"))
        unit = _UNIT.get(
            _WS.sub(" ", m.group("u").casefold()).removesuffix(" hábiles").removesuffix(" habiles")
        )
        if value is None:
            continue
        if unit is None:
            unit = (
                "bd" if ("business" in m.group("u").casefold() or "工作日" in m.group("u")) else m.group("u")
            )
        items.append(_Item("date_time", f"P{_fmt(value)}{unit}", m.group(0).strip(), m.start()))
        taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if not free(*m.span()):
            continue
        value = number_value(m.group("n"))
        if value is None:
            continue
        value *= _MULTIPLIER.get((m.group("m") or "").casefold(), 1)
        if value == 1 and not m.group("m"):
            continue  # "one of", "una prueba": mostly an article once number words are digits
        items.append(_Item("number", _fmt(value), m.group(0).strip(), m.start()))
        taken.append(m.span())
    return tuple(items)


# --------------------------------------------------------------------------------------------
# Named parties
# --------------------------------------------------------------------------------------------

# Latin letters and digits only: a name stops where Chinese starts ("USDT赔付" is USDT)
_LATIN = r"[A-Za-z0-9À-ɏ_]"
_CAP_WORD = re.compile(
    # a name in capitals, or in camel case ("iOS", "eBay")
    rf"(?<![\w@#/.])(?:[A-ZÁÉÍÓÚÑ](?:{_LATIN}|['’&.-])*{_LATIN}|[A-Z]|[a-z][A-Z]{_LATIN}*)"
    rf"(?:\s+(?:de\s+|del\s+|of\s+)?[A-ZÁÉÍÓÚÑ](?:{_LATIN}|['’&-])*)*"
)
# flight and product codes: IB3456, CA 981, "的HO1237航班" (no \b: Chinese characters are word characters);
# one capital letter and a figure apart is a word and a count ("A 3400 clientes")
# a batch or serial written against its letters may be longer ("HJ240915")
_CODE = re.compile(
    r"(?<![A-Za-z0-9])(?!(?:RMB|CNY|USD|EUR|GBP|MXN|HKD|JPY|CAD|AUD)\s?\d)(?:[A-Z]{2,3}\s\d{2,5}|[A-Z]{1,3}\d{2,10})(?![A-Za-z0-9])"
)
# a version or other dotted identifier ("4.2.1", "v2.10"): compared as written, not as a quantity
_VERSION = re.compile(
    r"(?<![A-Za-z0-9.,])(?:v\d+(?:\.\d+)+|\d+(?:\.\d+){2,})(?![A-Za-z0-9]|[.,]\d)", re.IGNORECASE
)
# a contraction of a word that is no name: "I'm", "We've", "Today's"
_CONTRACTED = re.compile(r"['’](?:m|re|ve|ll|d|s)$")
_ZH_TIME = re.compile(r"今天|明天|昨天|上午|下午|晚上|早上|凌晨|中午|夜里|周末")
_NAME_TAGS = frozenset({"nr", "ns", "nt", "nz", "nrt", "nrfg"})
_ZH_ORG = re.compile(
    r"(?<![我的在是了和与向由从对被把为])[\u4e00-\u9fff]{2}(?:科技|集团|航空|快递|物流|实验室|传媒|传播|网盘|电器)"
)
# an organisation or site named by a word and its kind: "包头|工厂", "华利包装", "光明|电力"
_ZH_KINDS = frozenset((
    "科技", "集团", "航空", "快递", "物流", "实验室", "传媒", "网盘", "电器", "工厂", "仓库", "机场", "医院",
    "大学", "酒店", "银行", "乳业", "包装", "电力", "超市", "商场", "食品", "药业", "制药", "汽车",
    "能源", "保险", "证券", "电信", "物业", "地产", "餐饮", "百货", "门诊",
))  # fmt: skip
_ZH_NOT_NAME = frozenset(
    {"我们", "你们", "他们", "公司", "所有", "任何", "这家", "一家", "各家", "合作", "相关", "当地", "附近",
     "其他", "我们的", "自己", "本地", "全国", "多家", "部分", "每家", "该", "顾客", "客户", "用户", "旅客",
     "乘客", "患者", "会员", "消费者"}
)  # fmt: skip
# a person named after a title: "运营总监李明将于…", "发言人王芳表示"
_ZH_TITLED = re.compile(
    r"(?:总监|经理|主任|总裁|负责人|发言人|董事长|部长|店长|主管|局长|院长|主席|CEO"
    r"|服务商|供应商|合作方|合作伙伴|承运商|快递公司|物流公司)"
    r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?=将|会|于|在|表示|称|说|已|、|，|,|。|的|（|\(|出现|发生|提供|因|导致|由于"
    r"|女士|先生|小姐|博士|教授)"
)


# characters that are no part of a name: pronouns, particles, prepositions ("我是云栖酒店" names 云栖酒店)
_ZH_NOT_IN_NAME = frozenset("我你您他她它们的地得在是了和与及或向由从对被把为因给让于之其这那")


def _name_character(token: str) -> bool:
    """A token jieba left as one character that may be part of an unknown name."""
    return len(token) == 1 and "\u4e00" <= token <= "\u9fff" and token not in _ZH_NOT_IN_NAME


# jieba cuts a text block by block (a run of Chinese, letters and digits) and each on its own; a
# block is cut once and kept, as the approved message's sentences recur in what is said of it
_JIEBA_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")


def _zh_words(text: str) -> list[str]:
    """jieba's words of ``text`` (no HMM guesses), the same as ``jieba.lcut(text, HMM=False)``."""
    return [word for block in _JIEBA_BLOCK.split(text) if block for word in _jieba_block(block)]


@functools.lru_cache(maxsize=8192)
def _jieba_block(block: str) -> tuple[str, ...]:
    return tuple(_jieba_tags()[0].lcut(block, HMM=False))


_LOCALIZERS = frozenset("内里上中外下")


def _noun_with_localizer(word: str, tags: Any) -> bool:
    """A common noun and a word of place ("卡内", "卡里": in the card), which jieba may tag as a name."""
    return word[-1] in _LOCALIZERS and tags.get(word[:-1]) == "n"


@functools.cache
def _jieba_tags() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg.dt.word_tag_tab


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for m in re.finditer(r"(?:[.!?…:;]\s+|\n+\s*|^\s*[-*•·]\s*|[¿¡\"'“«(]\s*)", text):
        starts.add(m.end())
    return starts


@functools.lru_cache(maxsize=512)
def _names(text: str, language: str) -> tuple[_Item, ...]:
    rules = _rules()
    items: list[_Item] = []
    lowered_words = set(re.findall(r"\b[a-záéíóúñ]+\b", text))
    for m in _CODE.finditer(text):
        items.append(_Item("named_party", m.group(0).replace(" ", "").casefold(), m.group(0), m.start()))
    coded = [m.span() for m in _CODE.finditer(text)]
    # the words of a date or a time ("13:30 IST", "Monday 16 June") are no names
    timed = [(i.start, i.start + len(i.surface)) for i in _values(text, language) if i.kind == "date_time"]
    starts = _sentence_starts(text)
    for m in _CAP_WORD.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in coded):
            continue
        if any(s <= m.start() and m.end() <= e for s, e in timed):
            continue
        words = m.group(0).split()
        start = m.start()
        if start in starts:
            words = words[1:]  # the first word of a sentence is capitalised anyway
        words = [
            w.strip(".'’-")
            for w in words
            if _CONTRACTED.sub("", w.casefold().strip(".'’-")) not in rules.not_names
            and w.casefold() not in lowered_words
        ]
        # a word in capitals for emphasis ("VERY sorry") is not a name; an acronym (DHL, KPMG) is
        words = [w for w in words if w and not (w.isupper() and len(w) > 4 and w.casefold() in lowered_words)]
        words = [w for w in words if w.casefold() not in {"de", "del", "of"}]
        words = [w for w in words if w.casefold() not in _MONTHS and w.casefold() not in _WEEKDAYS]  # dates
        if not words or (len(words) == 1 and len(words[0]) == 1):
            continue
        surface = " ".join(words)
        items.append(_Item("named_party", surface.casefold(), surface, start))
    if language == "zh" or _has_cjk(text):
        _, tags = _jieba_tags()
        position = 0
        tokens = _zh_words(text)
        for word in tokens:
            if (
                len(word) >= 2
                and tags.get(word) in _NAME_TAGS
                and word not in _ZH_NOT_NAME
                and _has_cjk(word)
                and not _ZH_TIME.search(word)
                and not _noun_with_localizer(word, tags)
            ):
                items.append(_Item("named_party", word, word, position, guessed=True))
            position += len(word)
        for m in _ZH_ORG.finditer(text):
            items.append(_Item("named_party", m.group(0), m.group(0), m.start()))
        position = 0
        for index, word in enumerate(tokens):
            kind = word[-2:] if word[-2:] in _ZH_KINDS else word[-3:] if word[-3:] in _ZH_KINDS else None
            if kind is not None:
                before = tokens[index - 1] if index else ""
                if len(before) == 1:  # jieba splits unknown names into characters: "华/利/包装"
                    # ...but a name is no punctuation, figure or small word ("我是|云栖|酒店", "日，云栖")
                    back = index
                    while back > 0 and _name_character(tokens[back - 1]) and index - back < 4:
                        back -= 1
                    before = "".join(tokens[back:index])
                if word != kind and _has_cjk(word[: -len(kind)]) and len(word) >= 4:
                    items.append(_Item("named_party", word, word, position))
                elif (
                    2 <= len(before) <= 4
                    and _has_cjk(before)
                    and before not in _ZH_NOT_NAME
                    and not before.startswith(("一", "这", "那", "每", "该", "某", "各", "此"))
                ):
                    items.append(_Item("named_party", before + word, before + word, position - len(before)))
            position += len(word)
        for m in _ZH_TITLED.finditer(text):
            items.append(_Item("named_party", m.group("name"), m.group("name"), m.start("name")))
    return tuple(items)


# --------------------------------------------------------------------------------------------
# Promises, admissions, vague figures
# --------------------------------------------------------------------------------------------


def _count(pattern: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text)) if pattern is not None else []


def _feature_matches(
    group: dict[str, dict[str, re.Pattern[str]]], text: str, language: str
) -> dict[str, list[str]]:
    return {
        name: [m.group(0) for m in _count(by_lang.get(language), text)] for name, by_lang in group.items()
    }


@functools.lru_cache(maxsize=256)
def _admissions(text: str, language: str) -> tuple[dict[str, list[str]], str | None]:
    """The fault owned or put on others, and the apology (cached: the approved message recurs)."""
    return _feature_matches(_rules().admission, text, language), signal_match("apology", text, language)


def _sentence_with(text: str, fragment: str) -> str:
    for sentence in split_sentences(text):
        if fragment and fragment in sentence.text:
            return sentence.text
    return fragment


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _cores(item: _Item) -> tuple[frozenset[str], frozenset[str]]:
    """What an item needs and offers (see ``_cores_of``), cached: the approved message's items recur."""
    need, offers = _cores_of(item)
    return frozenset(need), frozenset(offers)


def _cores_of(item: _Item) -> tuple[set[str], set[str]]:
    """What an item needs to find on the other side to count as kept, and what it offers there.

    A plain number is kept when the same figure appears in any form (a day of a date, the hour of
    a time, a duration); a date, a time or an amount needs the same value of its own kind.
    """
    key = item.key
    if item.kind == "number" and not key.endswith("%") and not key.startswith(("tel:", "ver:")):
        value = float(key)
        need = {f"n:{key}"}
        if value == int(value) and 1 <= value <= 31:
            need.add(f"d:{int(value)}")
        if value == int(value) and 0 <= value <= 24:
            need.add(f"h:{int(value)}")
        return need, {f"n:{key}", f"b:{key}", key}
    if item.kind == "amount":
        figure = re.match(r"[\d.e+]+", key)
        number = figure.group(0) if figure else key
        currency = key[len(number) :]
        same = {f"v:{number}:{c}" for c in _CURRENCY_CAN_BE.get(currency, {currency})}
        return {key} | same, {key, f"n:{number}"} | same
    if key.startswith("D"):
        day = int(key[-2:])
        return {key, f"dd:{day}"}, {key, f"d:{day}", f"n:{day}"}
    if key.startswith("Q"):  # a day of the month said without its month ("the 14th", "14号")
        day = int(key[1:])
        return {f"dd:{day}", f"d:{day}"}, {f"dd:{day}", f"n:{day}"}
    if key.startswith("T"):
        hour, minute = int(key[1:3]), int(key[4:6])
        offers = {key, f"h:{hour}", f"n:{hour}"}
        if hour > 12:
            offers |= {f"h:{hour - 12}", f"n:{hour - 12}"}
        need = {key} | ({f"h:{hour}"} if minute == 0 else set())
        if _HOURS_OR_TIME.fullmatch(item.surface):
            # "6 h" is six o'clock or six hours: it keeps, and is kept by, a duration of 6 hours
            need.add(f"P{hour}h")
            offers.add(f"P{hour}h")
        return need, offers
    if key.startswith("P"):
        # a duration needs a duration of the same length ("within 14 days" = "within two weeks") or
        # the same bare figure; the 14 of "14 June" does not keep "within 14 days"
        duration = re.match(r"P([\d.e+]+)(\w+)", key)
        if duration is None:
            return {key}, {key}
        value, unit = float(duration.group(1)), duration.group(2)
        same = {key}
        if unit in _IN_DAYS:
            same.add(f"P{_fmt(value * _IN_DAYS[unit])}d")
        elif unit == "h" and value % 24 == 0:
            same.add(f"P{_fmt(value / 24)}d")
        if unit == "h":  # "1.5 hours" = "90 minutes"
            same.add(f"P{_fmt(value * 60)}min")
        elif unit == "min" and value % 30 == 0:
            same.add(f"P{_fmt(value / 60)}h")
        if unit == "d" and value % 7 == 0:
            same.add(f"P{_fmt(value / 7)}w")
        return same | {f"b:{duration.group(1)}"}, same | {f"n:{duration.group(1)}"}
    return {key}, {key}


_IN_DAYS = {"w": 7}
# an hour in figures and "h" alone: a clock time or a number of hours
_HOURS_OR_TIME = re.compile(r"\d{1,2}\s?h(?:s|rs)?", re.IGNORECASE)


def _value_differences(
    a_values: Sequence[_Item], s_values: Sequence[_Item], a_text: str, s_text: str
) -> list[tuple[_Item | None, _Item | None]]:
    """Pairs (approved item, spoken item) of values that changed or went missing (or were added)."""
    a_pool = set().union(*(_cores(i)[1] for i in a_values)) if a_values else set()
    s_pool = set().union(*(_cores(i)[1] for i in s_values)) if s_values else set()
    gone = [i for i in a_values if not (_cores(i)[0] & s_pool)]
    # "today" is what a time without a day means: "今晚8点" = "20:00", unless another day is named
    if not any(i.key[0] in "RWD" for i in s_values):
        gone = [i for i in gone if i.key != "R0"]
    new = [i for i in s_values if not (_cores(i)[0] & a_pool)]
    # a weekday left out (or added) beside a date that is still named is a rewording ("Friday
    # 8 November" = "8 Nov", "3月4日（周二）" = "3月4日"); a weekday replaced by another still counts
    if not any(i.key[0] == "W" for i in new) and any(i.key[0] == "D" for i in s_values):
        gone = [i for i in gone if i.key[0] != "W"]
    if not any(i.key[0] == "W" for i in gone) and any(i.key[0] == "D" for i in a_values):
        new = [i for i in new if i.key[0] != "W"]
    pairs: list[tuple[_Item | None, _Item | None]] = []
    for item in gone:
        partner = next((n for n in new if n.kind == item.kind), None)
        if partner is not None:
            new.remove(partner)
        pairs.append((item, partner))
    # a figure that is only added (a new sentence with a new number) is a change too
    pairs.extend((None, n) for n in new if n.kind == "amount")
    return pairs


_WE = re.compile(
    # Spanish says "we" in the verb: "vamos a", "hemos", "devolveremos"
    r"\b(?:we|we'll|we're|our|us|nosotros|nuestr[oa]s?|\w+(?:remos|r[ií]amos)"
    r"|vamos|hemos|estamos|somos|tenemos|podemos|queremos|seguimos|debemos)\b|我们|我行|我司|本公司",
    re.IGNORECASE,
)
_SEEN = re.compile(
    r"\b(?:have|has)\s+(?:seen|heard|read|noticed)\b|hay[ai]n?\s+(?:visto|leído|oído)|刷到|看到|听说",
    re.IGNORECASE,
)


# A hedge right before a commitment with a deadline ("the supplier may deliver by 10 June",
# "可能会在6月10日前送达") weakens a promise even when nobody says "we".
_COMMITTED = re.compile(
    r"\s*(?:会|将|will|would|be\s+able\s+to)?[^.。!?！？]{0,30}?(?:\bby\b|\bbefore\b|\bwithin\b|\bantes\b|\bdentro\s+de\b|[\d日号天周](?:之?前|以内|之内))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Hit:
    """One word of a promise feature (``strong``, ``weak``, ``all``, ``narrow``, ``offer``, ``negation``)."""

    feature: str
    concept: str
    sentence: int  # index in the text's sentences
    start: int  # offset in the text
    words: str


@functools.lru_cache(maxsize=512)
def _promise_hits(text: str, language: str) -> tuple[tuple[str, ...], tuple[_Hit, ...]]:
    """The sentences of ``text`` and every promise word in them.

    Read with the month names of dates masked: the "May" of "the 9th of May" is no hedge.
    """
    masked = _mask_dates(text, language)
    sentences = split_sentences(masked)
    # where a plain count begins: a hedge right before one ("大概1.2万笔", "probably 300 people")
    # says how sure the count is, it weakens no promise (a hedged date, time or amount still does)
    counts = {i.start for i in _values(text, language) if i.kind == "number"}
    labels: set[int] = set()
    hits: list[_Hit] = []
    for name, by_lang in _rules().promise.items():
        pattern = by_lang.get(language)
        for index, sentence in enumerate(sentences):
            for m in _count(pattern, sentence.text):
                if name == "weak" and _SEEN.search(sentence.text[m.start() : m.end() + 25]):
                    continue
                if name == "weak" and _before_count(sentence.text, m.end(), sentence.start, counts):
                    continue
                if name == "offer" and _is_label(sentence.text, m.start(), m.end()):
                    labels.add(sentence.start + m.start())
                if name == "narrow":
                    concept = "narrow"
                elif name == "all":  # everyone is a scope; anything else said here is "automatically"
                    concept = m.group(0).casefold() if _EVERYONE.fullmatch(m.group(0)) else "automatic"
                else:
                    concept = _concept(m.group(0))
                hits.append(_Hit(name, concept, index, sentence.start + m.start(), m.group(0)))
    # "2 GB of free data will be credited", "se abonarán 20 € de compensación": the verb delivers
    # the offer its sentence names, it is no second offer
    hits = [
        h
        for h in hits
        if not (
            h.feature == "offer"
            and _DELIVERED.fullmatch(h.words)
            and any(
                o.feature == "offer" and o.sentence == h.sentence and o.concept != h.concept for o in hits
            )
        )
    ]
    # an offer named as a label is said by the offer after it ("Compensación: 2 días descontados");
    # with none after it, the label is the offer ("Refund: the booking fee")
    hits = [
        h
        for h in hits
        if h.start not in labels
        or not any(o.feature == "offer" and o.sentence == h.sentence and o.start > h.start for o in hits)
    ]
    return tuple(text[s.start : s.end] for s in sentences), tuple(hits)


# The key of a "key: value" line, or a topic announced before a colon ("Compensación: 2 días…",
# "先说补偿🙏：…"): it names what follows, and an offer word there says the offer.
_LABEL_AFTER = re.compile(r"[^\w\n]{0,4}?[:：]")
_LABEL_BEFORE = re.compile(r"(?:^|[\n.;!?。；！？:：])[^\n.;!?。；！？:：,，]{0,12}$")


def _is_label(sentence: str, start: int, end: int) -> bool:
    """The words at ``start:end`` of ``sentence`` are a label: a short heading before a colon."""
    return bool(_LABEL_AFTER.match(sentence, end) and _LABEL_BEFORE.search(sentence[:start]))


def _before_count(sentence: str, end: int, offset: int, counts: set[int]) -> bool:
    """The words at ``end`` of ``sentence`` (at ``offset`` in its text) begin a plain count."""
    rest = sentence[end:]
    gap = len(rest) - len(rest.lstrip())
    return offset + end + gap in counts


_DELIVERED = re.compile(r"credited|abonad[oa]s?|abonar(?:[aá]n?|emos)?|se\s+abona\w*", re.IGNORECASE)


_EVERYONE = re.compile(
    r"all|every|everyone|each|todos|todas|todo\s+el\s+mundo|cada|所有|全部|全体|每一?位|每个|一律", re.I
)


def _mask_dates(text: str, language: str) -> str:
    chars = list(text)
    for item in _values(text, language):
        if item.key.startswith("D"):
            for index in range(item.start, min(len(chars), item.start + len(item.surface))):
                if chars[index].isalpha():
                    chars[index] = "_"
    return "".join(chars)


def _promise_features(text: str, language: str) -> dict[str, set[str]]:
    """Concepts per feature; a hedge only where we commit ("we may", "may … by 10 June")."""
    sentences, hits = _promise_hits(text, language)
    out: dict[str, set[str]] = {name: set() for name in _rules().promise}
    for hit in hits:
        if hit.feature == "weak" and not _committing(sentences[hit.sentence], hit, text):
            continue
        out[hit.feature].add(hit.concept)
    return out


def _committing(sentence: str, hit: _Hit, text: str) -> bool:
    return bool(_WE.search(sentence) or _COMMITTED.match(text, hit.start + len(hit.words)))


_CONCEPTS = (
    (
        "refund",
        r"refund|reimburs|reembols|reintegr|devol|devuel|de\s+vuelta|recuper|退款|退还|退回|退给|返还|还回|还给|拿回|取回|要回|退到|退至|return|money\s+back|credited\s+(?:back\s+)?(?:to|on|onto|into)\b|\bback$|back\s+(?:on|onto|to|into)\b"
        r"|recibir[aá]n?\b.*(?:€|euros?|d[oó]lares|\$|pesos)",
    ),
    # a gift is a free thing: "un yogur de regalo" = "un yogur gratis", "另送一杯" = "赠送一杯"
    (
        "free",
        r"free|gratis|gratuit|sin\s+co(?:ste|sto)|免费|不收|on\s+us|on\s+the\s+house|no\s+(?:extra\s+)?(?:cost|charge)"
        r"|gift|regal|赠|送|complimentary|包邮|免(?:运|邮|配送|服务|年|月|单|息)|费(?:全部|全)?免"
        # "costs you nothing", "no te cuesta nada", "不花钱": free, said by its price
        r"|cost\w*\s+(?:\w+\s+)?(?:nothing|anything|a\s+\w+)$|cuesta|costar|sin\s+(?:cargo|pagar)|花(?:一分)?钱|分文",
    ),
    ("voucher", r"voucher|coupon|vale|cup[oó]n|优惠券|代金券"),
    ("credit", r"credit|abon|积分|抵扣"),
    ("discount", r"discount|descuent|descont|折扣|减免"),
    ("compensation", r"compensat|compensa|赔偿|补偿"),
    ("replacement", r"replace|sustitu|reposici|更换|换货"),
    ("waive", r"waive"),
    ("pay", r"\bpay|\bpaid|cover|pagar|pagaremos|cubrir|cubriremos|cargo|cuenta|承担|报销|支付"),
    (
        "automatic",
        r"automatic|autom[aá]tic|自动|without\s+(?:asking|a\s+request|any\s+action)|sin\s+(?:necesidad|solicitarlo|pedirlo)|无需申请",
    ),
)


_CONCEPT_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in _CONCEPTS)


@functools.lru_cache(maxsize=4096)
def _concept(word: str) -> str:
    folded = word.casefold()
    for name, pattern in _CONCEPT_PATTERNS:
        if pattern.search(folded):
            return name
    return _WS.sub(" ", folded)


# Offers of one family stand for each other at the same amount ("una compensación de 600 €" paid
# as "se les pagará 600 €"); a voucher, a credit or a discount is another thing than money.
_FAMILIES = {
    "refund": "money", "pay": "money", "compensation": "money",
    "credit": "off the bill", "discount": "off the bill",
    "free": "free", "waive": "free",
}  # fmt: skip


def _family(concept: str) -> str:
    return _FAMILIES.get(concept, concept)


def _promise_change(a_text: str, s_text: str, lang: str) -> tuple[str | None, str | None] | None:
    """The first promise change, quoted (approved sentence, spoken sentence), or None.

    Weakened: a spoken sentence hedges more than the approved sentence it says again, where we
    commit ("we may", "may … by 10 June") or where the approved one said "will". Narrowed: a
    condition ("who ask") or the loss of "automatically". Dropped or added: an offer (refund,
    voucher, free…) on one side only, unless it is tied to an amount that both sides name and
    the other side gives the same kind of thing there, or nothing else there (a terse "+ hotel
    hasta 150 €" keeps "el reembolso de hotel hasta 150 €").
    """
    a_sentences, a_hits = _promise_hits(a_text, lang)
    s_sentences, s_hits = _promise_hits(s_text, lang)
    a_p, s_p = _promise_features(a_text, lang), _promise_features(s_text, lang)

    def quote_a(hit: _Hit) -> tuple[str | None, str | None]:
        return a_sentences[hit.sentence], None

    def quote_s(hit: _Hit) -> tuple[str | None, str | None]:
        return None, s_sentences[hit.sentence]

    weakened = _weakened(a_sentences, a_hits, s_sentences, s_hits, s_text, lang)
    if weakened is not None:
        return quote_s(weakened)
    give = _rules().give.get(lang)
    for hit in s_hits:
        if hit.feature == "narrow" and "narrow" not in a_p["narrow"]:
            # a condition narrows what its sentence promises or gives; in a sentence that only
            # tells ("only customers in Madrid were affected") it narrows nothing
            sentence = s_sentences[hit.sentence]
            if any(
                h.sentence == hit.sentence and h.feature in ("strong", "offer", "all", "negation")
                for h in s_hits
            ) or (give is not None and give.search(sentence)):
                return quote_s(hit)
    if "automatic" in a_p["all"] and "automatic" not in s_p["all"]:
        return quote_a(next(h for h in a_hits if h.feature == "all" and h.concept == "automatic"))
    a_at, a_tied = _offers_by_amount(a_text, a_hits, lang)
    s_at, s_tied = _offers_by_amount(s_text, s_hits, lang)
    # one kind of offer said in another word of its family ("a credit" -> "a discount" on the bill)
    gone = {_family(c) for c in a_p["offer"] - s_p["offer"]}
    new = {_family(c) for c in s_p["offer"] - a_p["offer"]}
    swapped = gone & new - {"money"}
    for hit in a_hits:
        if hit.feature == "offer" and hit.concept not in s_p["offer"] and _family(hit.concept) not in swapped:
            figure = a_tied.get(hit.start)
            if figure is None or figure not in s_at:
                return quote_a(hit)
            there = {_family(c) for c in s_at[figure]}
            if there and _family(hit.concept) not in there:
                return quote_a(hit)
    for hit in s_hits:
        if hit.feature == "offer" and hit.concept not in a_p["offer"] and _family(hit.concept) not in swapped:
            figure = s_tied.get(hit.start)
            if figure is None or _family(hit.concept) not in {_family(c) for c in a_at.get(figure, ())}:
                return quote_s(hit)
    for hit in s_hits:
        if hit.feature == "negation" and hit.concept not in a_p["negation"]:
            return quote_s(hit)
    gift = _added_gift(a_text, s_text, lang)
    if gift is not None:
        return None, gift
    return None


def _added_gift(a_text: str, s_text: str, lang: str) -> str | None:
    """The spoken sentence that gives something with a count the approved text never names.

    A count the approved text names in any form (a figure, a day, an hour) is no addition; a count
    only in a clause that gives ("we're giving 5,000 gems", "另送500积分") is a promise added.
    """
    give = _rules().give.get(lang)
    if give is None:
        return None
    a_values, s_values = _values(a_text, lang), _values(s_text, lang)
    a_pool = set().union(*(_cores(i)[1] for i in a_values)) if a_values else set()
    for item in s_values:
        if item.kind != "number" or item.key.endswith("%") or item.key.startswith(("tel:", "ver:")):
            continue
        if _cores(item)[0] & a_pool:
            continue
        start, end = item.start, item.start + len(item.surface)
        while start > 0 and not _CLAUSE_BREAK.match(s_text, start - 1):
            start -= 1
        while end < len(s_text) and not _CLAUSE_BREAK.match(s_text, end):
            end += 1
        if give.search(s_text, start, end):
            return _sentence_with(s_text, item.surface)
    return None


def _weakened(
    a_sentences: Sequence[str],
    a_hits: Sequence[_Hit],
    s_sentences: Sequence[str],
    s_hits: Sequence[_Hit],
    s_text: str,
    lang: str,
) -> _Hit | None:
    """A hedge the spoken text adds to a sentence it says again ("will receive" → "may receive").

    A sentence with no approved counterpart (an added word of empathy: "I know you may be
    worried") weakens nothing; nor does a hedge whose own clause says nothing of the promise, in a
    sentence that merges such words with the promise ("we know this may have been frustrating, so
    we'll refund…").
    """
    for index, spoken in enumerate(s_sentences):
        weak = [h for h in s_hits if h.sentence == index and h.feature == "weak"]
        if not weak:
            continue
        counterpart = _counterpart(spoken, a_sentences)
        if counterpart is None:
            continue
        weak = [
            h
            for h in weak
            if _hedges_the_promise(h, index, spoken, s_hits, s_text, a_sentences[counterpart], lang)
        ]
        if not weak:
            continue
        theirs = [h for h in a_hits if h.sentence == counterpart]
        a_weak = {h.concept for h in theirs if h.feature == "weak"}
        if len(weak) <= sum(1 for h in theirs if h.feature == "weak"):
            continue
        a_strong = sum(1 for h in theirs if h.feature == "strong")
        s_strong = sum(1 for h in s_hits if h.sentence == index and h.feature == "strong")
        hedged = [h for h in weak if h.concept not in a_weak] or weak
        if s_strong < a_strong or any(_committing(spoken, h, s_text) for h in hedged):
            return hedged[0]
    return None


# Where the clause of a hedge ends: punctuation, or a conjunction that opens the next clause
_SCOPE_END = re.compile(
    r"[,;:，；：。.!?！？—–]|\b(?:so|but|because|since|así\s+que|pero|porque|ya\s+que|por\s+eso)\b"
    r"|所以|但是|不过|因此|因为",
    re.IGNORECASE,
)


def _hedges_the_promise(
    hit: _Hit, index: int, sentence: str, hits: Sequence[_Hit], text: str, approved: str, lang: str
) -> bool:
    """Whether the hedge ``hit`` bears on the promise of its sentence.

    Its scope is the rest of its clause. A short rest ("we will, if possible, refund", "…, if
    possible") leaves the whole sentence in scope. A longer one must say something of the promise:
    a promise word, a value, a giving verb, or a word of the approved sentence it says again.
    """
    offset = text.find(sentence)
    local = hit.start + len(hit.words) - offset
    if offset < 0 or not 0 <= local <= len(sentence):
        return True
    rest = sentence[local:]
    cut = _SCOPE_END.search(rest)
    scope = rest[: cut.start()] if cut else rest
    size = len(re.findall(r"[\u4e00-\u9fff]", scope)) if lang == "zh" else len(_WORD.findall(scope))
    if size < 3:
        return True
    low, high = offset + local, offset + local + len(scope)
    if any(h.sentence == index and h.feature != "weak" and low <= h.start < high for h in hits) or any(
        low <= i.start < high for i in _values(text, lang)
    ):
        return True
    give = _rules().give.get(lang)
    if give is not None and give.search(scope):
        return True
    filler = _rules().hedge_scope_filler.get(lang, frozenset())
    return bool(_scope_words(scope, lang, filler) & _scope_words(approved, lang, filler))


def _scope_words(text: str, lang: str, filler: frozenset[str]) -> set[str]:
    """Content words of ``text`` (pairs of characters in Chinese) for the scope of a hedge."""
    if lang == "zh":
        chars = [c for c in text if "\u4e00" <= c <= "\u9fff" and c not in filler]
        return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}
    return {w.casefold() for w in _WORD.findall(text) if len(w) >= 4 and w.casefold() not in filler}


_TOKEN = re.compile(r"[^\W\d_]{3,}|\d+")


def _tokens(sentence: str) -> set[str]:
    if _has_cjk(sentence):
        chars = re.sub(r"[^\u4e00-\u9fff\d]", "", sentence)
        return {chars[i : i + 2] for i in range(len(chars) - 1)}
    return {t.casefold() for t in _TOKEN.findall(sentence)}


def _counterpart(sentence: str, others: Sequence[str]) -> int | None:
    """The sentence of ``others`` that ``sentence`` says again (most words in common), if any."""
    mine = _tokens(sentence)
    best: tuple[float, int] | None = None
    for index, other in enumerate(others):
        theirs = _tokens(other)
        if not mine or not theirs:
            continue
        score = len(mine & theirs) / min(len(mine), len(theirs))
        if score >= 0.35 and (best is None or score > best[0]):
            best = (score, index)
    return best[1] if best else None


_CLAUSE_BREAK = re.compile(r"[,;:+•\n，；：、。.!?！？()（）]")


def _offers_by_amount(
    text: str, hits: Sequence[_Hit], lang: str
) -> tuple[dict[str, set[str]], dict[int, str]]:
    """Every amount of ``text`` (by figure) with the offers tied to it, and each offer's amount.

    An offer is tied to the nearest amount in its clause ("una compensación de 600 €").
    """
    amounts = [i for i in _values(text, lang) if i.kind == "amount"]
    concepts: dict[str, set[str]] = {_amount_figure(i.key): set() for i in amounts}
    anchors: dict[int, str] = {}
    for hit in hits:
        if hit.feature != "offer":
            continue
        best: tuple[int, str] | None = None
        for item in amounts:
            if item.start < hit.start:
                low, high = item.start + len(item.surface), hit.start
            else:
                low, high = hit.start + len(hit.words), item.start
            if low < high and _CLAUSE_BREAK.search(text, low, high):
                continue
            distance = abs(hit.start - item.start)
            if best is None or distance < best[0]:
                best = (distance, _amount_figure(item.key))
        if best is not None:
            anchors[hit.start] = best[1]
            concepts[best[1]].add(hit.concept)
    return concepts, anchors


def _amount_figure(key: str) -> str:
    figure = re.match(r"[\d.e+]+", key)
    return figure.group(0) if figure else key


# Slack and Markdown formatting: *bold*, _italic_, ~strike~, `code`, > quotes, <url|label>, <!here>
_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)\|([^>]+)>|<((?:https?|mailto):[^|>\s]+)>")
_SPECIAL_MENTION = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>")
_MARKS = re.compile(r"(?<![\w*_~`])[*_~`]+(?=[^\s*_~`])|(?<=[^\s*_~`])[*_~`]+(?![\w*_~`])")
_QUOTE = re.compile(r"(?m)^[ \t]*>[ \t]?")


def _plain(text: str) -> str:
    """The words of a Slack message without its formatting (a rewording by the guide)."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(1) else m.group(3), text)
    text = _SPECIAL_MENTION.sub("", text)
    text = _QUOTE.sub("", _MARKS.sub("", text))
    return html.unescape(text)


_THREAD_MARK = re.compile(
    r"(?m)^([ \t]*)(\d{1,2})/(\d{1,2})(?=[\s).:]|$)|[ \t(]+(\d{1,2})/(\d{1,2})\)?[ \t]*$"
)


def _unthreaded(text: str) -> str:
    """Without the numbering of a thread ("1/3 … 2/3 … 3/3"): formatting, not dates."""
    marks = list(_THREAD_MARK.finditer(text))
    totals = {(m.group(3) or m.group(5)) for m in marks}
    counts = [int(m.group(2) or m.group(4)) for m in marks]
    if len(marks) < 2 or len(totals) != 1 or len(set(counts)) != len(counts):
        return text
    if max(counts) > int(totals.pop()):
        return text
    return _THREAD_MARK.sub(lambda m: m.group(1) or "", text)


@functools.lru_cache(maxsize=256)
def _prepared(text: str, language: str) -> tuple[str, str]:
    """The text as written without its formatting, and the same with its figures in digits (cached:
    the approved message is compared with every spoken text)."""
    plain = _unthreaded(_plain(text))
    return plain, to_digits(plain, language)


def compare_to_approved(approved: str, text: str, language: str | None = None) -> Comparison:
    """Compare a spokesperson's ``text`` with the ``approved`` message; see the module docstring.

    ``language`` (en, es, zh) is guessed from the texts when not given.
    """
    norm_approved, norm_text = normalise(approved), normalise(text)
    if norm_approved == norm_text:
        return Comparison(similarity=1.0, differences=[], normalised_equal=True)
    similarity = round(fuzz.ratio(norm_approved, norm_text) / 100.0, 4)
    lang = language if language in ("en", "es", "zh") else guess_language(approved + " " + text)
    (a_plain, a_text), (s_plain, s_text) = _prepared(approved, lang), _prepared(text, lang)
    rules = _rules()
    differences: list[Difference] = []
    plain_of = {a_text: a_plain, s_text: s_plain}

    def sentence(side: str, fragment: str | None) -> str | None:
        """The sentence of ``side`` with ``fragment``, quoted in the words as written (not in digits)."""
        if not fragment:
            return None
        if side in plain_of and fragment in side:
            digits, written = split_sentences(side), split_sentences(plain_of[side])
            for index, part in enumerate(digits):
                if fragment in part.text:
                    return written[index].text if len(written) == len(digits) else part.text
        return _sentence_with(side, fragment)

    # values: numbers, amounts, dates and times, next-update time, figures made vague
    vague = rules.vague.get(lang)
    s_vague = [m.group(0) for m in _count(vague, s_text)]
    a_vague = {m.group(0).casefold() for m in _count(vague, a_text)}
    new_vague = [v for v in s_vague if v.casefold() not in a_vague]
    for a_item, s_item in _value_differences(_values(a_text, lang), _values(s_text, lang), a_text, s_text):
        either = a_item or s_item
        if either is None:  # _value_differences pairs at least one side
            continue
        kind = either.kind
        a_quote = sentence(a_text, a_item.surface if a_item else None)
        s_quote = sentence(s_text, s_item.surface if s_item else None)
        if a_item is not None and s_item is None and new_vague and kind in ("number", "amount"):
            kind, s_quote = "vague_figure", sentence(s_text, new_vague[0])
        elif kind == "date_time" and _in_update_sentence(a_text if a_item else s_text, either.surface, lang):
            kind = "next_update"
        differences.append(Difference(kind, a_quote, s_quote, a_quote))

    # named parties: a name of the approved text that the spoken text no longer has
    s_folded = s_text.casefold()
    a_names = _names(a_text, lang)
    s_names = _names(s_text, lang)
    a_keys = {i.key for i in a_names}
    added = [i for i in s_names if i.key not in a_keys and not _name_kept(i, a_text)]
    s_keys = {i.key for i in s_names}
    # the speaker is named first ("Pinecrest will…", "松林银行将…"); codes (flights) never speak
    first = min((i.start for i in a_names if not _CODE.fullmatch(i.surface)), default=-1)
    # ...and said as "we" when no other name takes its place ("巴洛能源在成都的客户" = "我们在成都的客户")
    speakers = [
        i.surface
        for i in a_names
        if i.start == first
        and _WE.search(s_text)
        and (_is_speaker(a_text, i.surface) or (not added and not _third_party(a_text, i.surface)))
    ]
    introduced = _introduction_spans(a_text, lang)
    for item in a_names:
        if item.key in s_keys:
            continue
        if _name_kept(item, s_text, s_folded):
            continue
        if not added and any(start <= item.start < end for start, end in introduced):
            continue  # the speaker's own greeting or signature, left out
        if any(item.surface in speaker for speaker in speakers):
            continue  # "Pinecrest will waive…" said by Pinecrest as "we will waive…": no party changed
        if item.guessed and not added:
            continue  # a dictionary's guess ("中断" tagged as a place) gone with no other name in its place
        partner = added.pop(0) if added else None
        a_quote = sentence(a_text, item.surface)
        differences.append(
            Difference(
                "named_party", a_quote, sentence(s_text, partner.surface) if partner else None, a_quote
            )
        )

    # promises: weakened, narrowed, dropped or added
    change = _promise_change(a_text, s_text, lang)
    if change is not None:
        differences.append(Difference("promise", change[0], change[1], change[0]))

    # admissions: dropped (the fault or the apology), or the cause put on someone else
    # (read as written: "cometimos un error" is no count of errors)
    a_adm, a_sorry = _admissions(a_plain, lang)
    s_adm, s_sorry = _admissions(s_plain, lang)
    # an admission said again with other small words ("we got that wrong") is kept
    owned_again = bool(s_adm["own"]) or any(_said_again(own, s_plain, lang) for own in a_adm["own"])
    sorry_dropped = a_sorry is not None and s_sorry is None and not _said_again(a_sorry, s_plain, lang)
    if sorry_dropped and owned_again and any(a_sorry and a_sorry in own for own in a_adm["own"]):
        # the "apology" was the fault owned ("这是我们的错"), and the fault is still owned ("责任在我们")
        sorry_dropped = False
    # the cause put on a party the approved text does not name already
    moved = bool(s_adm["other"]) and not a_adm["other"] and _blames_someone_new(s_adm["other"], a_plain, lang)
    if (a_adm["own"] and not owned_again) or moved or sorry_dropped:
        a_quote = _sentence_with(a_plain, a_adm["own"][0] if a_adm["own"] else a_sorry or "")
        s_quote = _sentence_with(s_plain, s_adm["other"][0]) if moved else None
        differences.append(Difference("admission", a_quote, s_quote, a_quote))
    return Comparison(similarity=similarity, differences=differences)


_WORD = re.compile(r"[^\W_]+")


def _admission_words(text: str, language: str) -> list[str]:
    """The words (characters in Chinese) an admission is read by, in order."""
    if language == "zh":
        return [c for c in text if not c.isspace() and c.isalnum()]
    return [w.casefold() for w in _WORD.findall(text)]


def _said_again(phrase: str, text: str, language: str) -> bool:
    """``phrase`` (an admission of the approved text) is in ``text`` with only small words changed.

    Its words other than the fillers of its language ("this", "that", "really"; "这", "都") come in
    the same order, close together (a few words may come between), and no negation ("not", "no",
    "没") stands among them or right before them.
    """
    rules = _rules()
    filler = rules.admission_filler.get(language, frozenset())
    negation = rules.admission_negation.get(language, frozenset())
    wanted = [w for w in _admission_words(phrase, language) if w not in filler and w not in negation]
    if not wanted:
        return False
    words = _admission_words(text, language)
    slack = 3 if language != "zh" else 4
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        position, found = start, 1
        while found < len(wanted) and position < start + len(wanted) + slack:
            position += 1
            if position < len(words) and words[position] == wanted[found]:
                found += 1
        if found == len(wanted) and position < start + len(wanted) + slack:
            span = words[max(0, start - 2) : position + 1]
            if not any(w in negation for w in span):
                return True
    return False


def _blames_someone_new(blames: Sequence[str], approved: str, language: str) -> bool:
    """Some cause in ``blames`` is put on a party the ``approved`` text does not already name with
    a fault in the same sentence or clause ("Paylane, our payment provider, had an outage")."""
    rules = _rules()
    parties = rules.third_parties.get(language, frozenset())
    fault = rules.fault_words.get(language)
    clauses = [c for s in split_sentences(approved) for c in re.split(r"[;；]", s.text)]
    faulted = [c.casefold() for c in clauses if fault is not None and fault.search(c)]
    for blame in blames:
        named = [p for p in parties if p in blame.casefold()]
        if not named or not any(p in sentence for p in named for sentence in faulted):
            return True
    return False


def _introduction_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Where ``text`` has sentences in which the speaker introduces themselves or signs off."""
    pattern = _rules().introduction.get(language)
    if pattern is None:
        return []
    return [(s.start, s.end) for s in split_sentences(text) if pattern.search(s.text)]


# Where a name stands for the speaker itself: the subject of what the statement promises or
# regrets, or the owner of the customers ("Pinecrest will waive", "clientes de Banco Pino",
# "松林银行将", "仁和医院的一封邮件"). Said as "we" instead, no party has changed.
_SPEAKER_AFTER = re.compile(
    r"(?:['’]s\b|\s+(?:will|would|is|are|has|have|had|apologi[sz]es|regrets|customers?|clients?|users?|patients?"
    r"|members?|policyholders?|passengers?|ha|han|lamenta|pide|retira|anular[aá]|devolver[aá]|ser[aá]|est[aá]"
    r"|va\s+a)\b|将|会|已|向|正在|表示|郑重|深表|召回|的(?![^。，,；;]{0,12}(?:供应商|服务商|合作方)))",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:clientes|usuarios|pacientes|socios|cuentas|facturaci[oó]n|customers|users)\s+(?:de|of)\s+(?:la\s+|el\s+)?$",
    re.IGNORECASE,
)


# ...but not a person after a title, nor a supplier ("our supplier Acme", "运营总监李明").
_THIRD_PARTY_BEFORE = re.compile(
    r"(?:supplier|provider|partner|vendor|processor|contractor|courier|carrier|manager|director|officer|lead|head"
    r"|ceo|spokesperson|proveedor|socio|contratista|transportista|gerente|director[a]?|responsable|portavoz"
    r"|供应商|服务商|机构|合作方|第三方|承运商"
    r"|总监|经理|主任|总裁|负责人|发言人|董事长|店长|主管)[\s,:]*(?:[\w.]+\s+){0,2}$",
    re.IGNORECASE,
)


_NAME_LINKS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "of", "the", "and", "for", "&"})
_UPPER_TOKEN = re.compile(r"(?<![A-Za-zÀ-ɏ])[A-ZÁÉÍÓÚÑ]{2,6}(?![A-Za-zÀ-ɏ])")


def _fold_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _name_kept(item: _Item, text: str, folded: str | None = None) -> bool:
    """The name ``item`` is still in ``text``: its words, or the same name abbreviated or spelt out.

    "Bogotá–Madrid" = "BOG–MAD" (a code that begins the name), "AEPD" = "Agencia Española de
    Protección de Datos" (the initials of the capitalised words).
    """
    folded = folded if folded is not None else text.casefold()
    words = [re.sub(r"['’]s$", "", w) for w in re.split(r"\s+", item.surface.casefold()) if len(w) > 1]
    if all(_word_in(w, folded) for w in words):
        return True
    # said without the word of its kind: "the Marisol" for "Hotel Marisol", "光明" for "光明电力"
    kinds = _rules().name_kinds
    own = [w for w in words if w not in kinds and w not in _NAME_LINKS]
    if own and len(own) < len(words) and all(_word_in(w, folded) for w in own):
        return True
    if _has_cjk(item.surface):
        kind = next((k for k in _ZH_KINDS if item.surface.endswith(k)), None)
        prefix = item.surface[: -len(kind)] if kind else ""
        return len(prefix) >= 2 and prefix in text
    tokens = [t.casefold() for t in _UPPER_TOKEN.findall(text)]
    name_words = [_fold_accents(w) for w in words if w not in _NAME_LINKS]
    if name_words:
        initials = "".join(w[0] for w in name_words)
        if len(name_words) > 1 and initials in {_fold_accents(t) for t in tokens}:
            return True  # spelt out here, abbreviated there
        if all(any(len(t) >= 3 and w.startswith(_fold_accents(t)) for t in tokens) for w in name_words):
            return True  # each word abbreviated by its beginning: "Madrid" = "MAD"
    if re.fullmatch(r"[A-ZÁÉÍÓÚÑ]{2,6}", item.surface):  # an acronym here, spelt out there
        acronym = _fold_accents(item.surface.casefold())
        content = [w for w in re.findall(r"[\w'’-]+", text) if w.casefold() not in _NAME_LINKS]
        for index in range(len(content) - len(acronym) + 1):
            run = content[index : index + len(acronym)]
            if (
                all(w[:1].isupper() for w in run)
                and "".join(_fold_accents(w[:1].casefold()) for w in run) == acronym
            ):
                return True
    return False


# ...or followed by such a role in apposition ("Acme Logistics, our courier", "Redtek (nuestro proveedor)")
_THIRD_PARTY_AFTER = re.compile(
    r"\s*[,(（，、]\s*(?:our|the|a|an|nuestr[oa]|el|la|un|una|我们的|我方)?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:supplier|provider|partner|vendor|processor|contractor|courier|carrier|subcontractor|manufacturer"
    r"|proveedor|socio|contratista|transportista|subcontrata|fabricante"
    r"|供应商|服务商|合作方|合作伙伴|第三方|承运商|快递公司|外包商)",
    re.IGNORECASE,
)


def _third_party(text: str, surface: str) -> bool:
    """The name is introduced by a role that is not ours ("our supplier Corvane", "合作方云帆科技"),
    or followed by one ("Acme Logistics, our courier")."""
    start = text.casefold().find(surface.casefold())
    if start < 0:
        return False
    return bool(
        _THIRD_PARTY_BEFORE.search(text[max(0, start - 40) : start])
        or _THIRD_PARTY_AFTER.match(text, start + len(surface))
    )


def _is_speaker(text: str, surface: str) -> bool:
    folded, name = text.casefold(), surface.casefold()
    start = folded.find(name)
    while start >= 0:
        end = start + len(name)
        before = text[max(0, start - 40) : start]
        if _THIRD_PARTY_BEFORE.search(before) or _THIRD_PARTY_AFTER.match(text, end):
            return False
        if _SPEAKER_AFTER.match(text, end) or _SPEAKER_BEFORE.search(before):
            return True
        start = folded.find(name, end)
    return False


def _in_update_sentence(text: str, surface: str, language: str) -> bool:
    pattern = _rules().next_update.get(language)
    return bool(pattern and pattern.search(_sentence_with(text, surface)))


def _word_in(word: str, text: str) -> bool:
    if _has_cjk(word):
        return word in text
    # letters and digits only: a code sits between Chinese characters in "的HO1237航班"
    edge = r"[^\W_]" if not re.search(r"[\u4e00-\u9fff]", text) else r"[A-Za-z0-9À-ɏ]"
    word = word.strip(".'’")
    # a unit written against its figure is still the word: "5000USDT"
    before = r"[A-Za-zÀ-ɏ]" if word[:1].isalpha() and not _has_cjk(word[:1]) else edge
    return _word_pattern(word, before, edge).search(text) is not None


# A name in the plural or the possessive is the same name: "Model T5s", "Redtek's", "the Garcías'"
_NAME_ENDING = r"(?:(?-i:s|es)|['’]s|['’])?"


@functools.lru_cache(maxsize=4096)
def _word_pattern(word: str, before: str, edge: str) -> re.Pattern[str]:
    ending = _NAME_ENDING if re.search(r"[A-Za-z0-9À-ɏ]$", word) else ""
    return re.compile(rf"(?<!{before})" + re.escape(word) + ending + rf"(?!{edge})")
