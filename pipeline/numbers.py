"""Figures as Chinese news writes them, compared by value with an English translation.

A helper of the check stage (``check.py`` calls :func:`compare` for English
locales). The source is read as Chinese writes figures — ``12.5億元``,
``3萬``, ``近三成``, ``3個百分點``, ``三分之一``, ``1.5倍到五倍``,
``2023年4月29日``, ``週一``, ``下午3點`` — and the translation as English
writes them — "1.25 billion yuan", "30,000", "nearly 30%", "3 percentage
points", "a third", "1.5 to five times", "April 29, 2023", "Monday", "3 p.m.".
Each source figure must appear in the translation with the same value and a
compatible kind (a percentage-point change is not a percentage); a different
currency beside the right value, or "nearly" where the source says 逾 (more
than), is reported too.

Real copy writes figures with spaces (``營收 28.81 億元``, ``1 月 13 日``),
mixed (``39萬3000``), with units and counters (``30個月`` = two and a half
years, ``170海里``, ``412點``, ``十三屆``) and as changes with a direction and a
base (``環比下降9.2%`` = down 9.2% from the previous period): all are read, and
a change given the other way round in English is reported.

The vocabulary (magnitudes, currencies, kinds, qualifiers, months, weekdays,
set phrases, words that contain a numeral but are not figures) is data, in
``data/number_equivalences.csv``, and units and counters in
``data/units.csv``: one reviewed row per equivalence, each with a passing and a
failing example that the tests run. The grammar (how those pieces combine) is
the code below: the tables, the source side, the English side, the comparison.
It is one module of about 1,900 lines because the two readers and the
comparison share one vocabulary and one notion of a figure's kind; they are
split by the ``# ---`` section markers, and only ``check.py`` imports it.

>>> [p.term for p in compare("營收12.5億元。", "Revenue was 1.25 billion yuan.")]
[]
>>> [p.term for p in compare("產量為4.5萬台。", "Output was 4.5 thousand units.")]
['4.5萬台']
"""

from __future__ import annotations

import bisect
import csv
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "number_equivalences.csv"
COLUMNS = (
    "category",
    "zh",
    "en",
    "value",
    "example_zh",
    "example_en",
    "wrong_en",
    "note",
    "source",
)


@dataclass(frozen=True)
class Equivalence:
    """One row of ``number_equivalences.csv``."""

    line: int
    category: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    value: str
    example_zh: str
    example_en: str
    wrong_en: str
    note: str
    source: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@lru_cache(maxsize=1)
def equivalences() -> tuple[Equivalence, ...]:
    """The rows of the table, in file order."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for row in reader:
            rows.append(
                Equivalence(
                    line=reader.line_num,
                    category=row["category"],
                    zh=_split(row["zh"]),
                    en=_split(row["en"]),
                    value=row["value"],
                    example_zh=row["example_zh"],
                    example_en=row["example_en"],
                    wrong_en=row["wrong_en"],
                    note=row["note"],
                    source=row["source"],
                )
            )
    return tuple(rows)


UNITS_DATA = Path(__file__).with_name("data") / "units.csv"
UNIT_COLUMNS = (
    "dimension",
    "zh",
    "en",
    "factor",
    "example_zh",
    "example_en",
    "wrong_en",
    "note",
    "source",
)
#: Dimensions whose figures are compared in a base unit (days, metres, square metres, watts,
#: watt-hours, kilograms); the others only change what kind of English figure may render them.
PHYSICAL = ("time", "length", "area", "power", "energy", "weight")


@dataclass(frozen=True)
class UnitRow:
    """One row of ``units.csv``: a unit or counter, its English names, its size in the base unit."""

    line: int
    dimension: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    factor: float
    example_zh: str
    example_en: str
    wrong_en: str
    note: str
    source: str


@lru_cache(maxsize=1)
def units() -> tuple[UnitRow, ...]:
    """The rows of ``units.csv``, in file order."""
    with UNITS_DATA.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return tuple(
            UnitRow(
                line=reader.line_num,
                dimension=row["dimension"],
                zh=_split(row["zh"]),
                en=_split(row["en"]),
                factor=float(row["factor"]),
                example_zh=row["example_zh"],
                example_en=row["example_en"],
                wrong_en=row["wrong_en"],
                note=row["note"],
                source=row["source"],
            )
            for row in reader
        )


@dataclass(frozen=True)
class Unit:
    """What a unit word means: its dimension and its size in that dimension's base unit."""

    dimension: str
    factor: float
    name: str = ""

    @property
    def physical(self) -> bool:
        return self.dimension in PHYSICAL


@lru_cache(maxsize=1)
def _unit_words() -> tuple[dict[str, Unit], dict[tuple[str, ...], Unit], int]:
    """Chinese unit words; English unit names as token tuples (``square metres``); longest name."""
    zh: dict[str, Unit] = {}
    en: dict[tuple[str, ...], Unit] = {}
    for row in units():
        for word in row.zh:
            zh[word] = Unit(row.dimension, row.factor, row.en[0] if row.en else word)
        for name in row.en:
            key = tuple(t.lower() for t in _EN_TOKEN.findall(name))
            en.setdefault(key, Unit(row.dimension, row.factor, row.en[0]))
    return zh, en, max(len(k) for k in en)


@dataclass(frozen=True)
class _Vocab:
    magnitudes: dict[str, float]
    scales: dict[str, float]
    currencies_zh: dict[str, str]
    currencies_en: dict[str, str]
    kinds: dict[str, tuple[str, ...]]
    approx_zh: dict[str, str]
    approx_en: dict[str, str]
    classifiers: tuple[str, ...]
    months: dict[str, int]
    weekdays_en: dict[str, int]
    weekdays_zh: dict[str, int]
    periods: dict[str, str]
    phrases: dict[str, tuple[str, ...]]
    words: tuple[str, ...]
    one: tuple[str, ...]
    two: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    v = _Vocab({}, {}, {}, {}, {}, {}, {}, (), {}, {}, {}, {}, {}, (), (), ())
    classifiers: list[str] = []
    words: list[str] = []
    one: tuple[str, ...] = ()
    two: tuple[str, ...] = ()
    for row in equivalences():
        cat = row.category
        if cat == "magnitude":
            for zh in row.zh:
                v.magnitudes[zh] = float(row.value)
        elif cat == "scale":
            for en in row.en:
                v.scales[en.lower()] = float(row.value)
        elif cat == "currency":
            for zh in row.zh:
                v.currencies_zh[zh] = row.value
            for en in row.en:
                v.currencies_en.setdefault(en.lower(), "")
                v.currencies_en[en.lower()] += row.value + " "
        elif cat in ("percent", "points", "tenths", "discount", "fraction", "multiple"):
            v.kinds[cat] = row.zh
        elif cat.startswith("approx-"):
            for zh in row.zh:
                v.approx_zh[zh] = row.value
            for en in row.en:
                v.approx_en[en.lower()] = row.value
        elif cat == "classifier":
            classifiers.extend(row.zh)
        elif cat == "month":
            for en in row.en:
                v.months[en.lower()] = int(row.value)
        elif cat == "weekday":
            for en in row.en:
                v.weekdays_en[en.lower()] = int(row.value)
            for zh in row.zh:
                v.weekdays_zh[zh] = int(row.value)
        elif cat == "period":
            for zh in row.zh:
                v.periods[zh] = row.value
        elif cat == "phrase":
            for zh in row.zh:
                v.phrases[zh] = row.en
        elif cat == "not-a-number":
            words.extend(row.zh)
        elif cat == "one":
            one = row.en
        elif cat == "two":
            two = row.en
    return replace(
        v,
        classifiers=tuple(sorted(classifiers, key=len, reverse=True)),
        words=tuple(words),
        one=tuple(w.lower() for w in one),
        two=tuple(w.lower() for w in two),
    )


# --- the source side -------------------------------------------------------------------------

_ZH_DIGIT = {
    "零": 0,
    "〇": 0,
    "○": 0,  # U+25CB, which copy often writes for 〇 in years (二○一五年)
    "一": 1,
    "二": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
#: Contracted tens (廿一世紀 = 21st century, 卅六歲 = 36): read as 二十, 三十, 四十.
_ZH_TENS = {"廿": "二十", "卄": "二十", "卅": "三十", "卌": "四十"}
_ZH_BIG = {"萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12}
_ZH_CHARS = "".join(_ZH_DIGIT) + "".join(_ZH_SMALL) + "".join(_ZH_BIG) + "".join(_ZH_TENS)
_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z.])(?P<arabic>\d+(?:,\d{{3}})*(?:\.\d+)?)(?![0-9A-Za-z]|[.,]\d)"
    rf"|(?P<zh>[{_ZH_CHARS}]+(?:[點点][{''.join(_ZH_DIGIT)}]+)?)"
)
_MAGNITUDE_CHARS = "萬万億亿兆千百"
#: After 千 or 兆, these make it an SI prefix (千瓦 = kW, 兆赫 = MHz), not a magnitude.
_SI_UNITS = ("瓦", "克", "米", "赫", "字節", "字节", "位元", "比特", "帕", "焦", "伏", "卡")
_VAGUE_BEFORE = "數数幾几上好"
_VAGUE_AFTER = "幾几"
#: Characters before a numeral that make it part of a word (這一 = this, 每一 = each).
_WORD_BEFORE = "這这那該该其任每同單单唯統统逐之專专進进新下另去"
#: Verbs before N倍 that make it an increase (増長一倍 = doubled): N or N+1 times is accepted.
_GROWTH = (
    "增長",
    "增长",
    "成長",
    "成长",
    "提高",
    "提升",
    "增加",
    "上升",
    "擴大",
    "扩大",
    "翻",
    "漲",
    "涨",
)
_RANGE = ("至", "到", "~", "～", "-", "－", "—", "–", "或")
_TIME = ("時", "时", "點", "点")
_NOT_TENTHS = "為为長长本功立員员果熟效品交型都"
_NOT_DISCOUNT = "射合舊旧扣算疊叠衷服損损騰腾"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def zh_value(text: str) -> float | None:
    """The value of a Chinese numeral (一千二百三十四, 兩萬, 二〇二五, 三點五).

    >>> zh_value("一千二百三十四"), zh_value("三萬億"), zh_value("二〇二五"), zh_value("十二")
    (1234.0, 3000000000000.0, 2025.0, 12.0)
    """
    for contracted, tens in _ZH_TENS.items():
        text = text.replace(contracted, tens)
    text, _, decimals = text.replace("点", "點").partition("點")
    if not text:
        return None
    if all(c in _ZH_DIGIT for c in text) and len(text) > 1:
        if len(text) < 4 and not any(c in "〇零" for c in text):
            return None  # 兩三年 = two or three years, not 23
        value = float("".join(str(_ZH_DIGIT[c]) for c in text))
    else:
        result = section = number = 0.0
        for char in text:
            if char in _ZH_DIGIT:
                number = _ZH_DIGIT[char]
            elif char in _ZH_SMALL:
                section += (number or 1) * _ZH_SMALL[char]
                number = 0
            elif char in _ZH_BIG:
                unit = _ZH_BIG[char]
                if unit == 1e4:
                    result += (section + number or 1) * unit
                else:
                    result = (result + section + number or 1) * unit
                section = number = 0
            else:
                return None
        value = result + section + number
    if decimals:
        if not all(c in _ZH_DIGIT for c in decimals):
            return None
        value += float("0." + "".join(str(_ZH_DIGIT[c]) for c in decimals))
    return value


@dataclass(frozen=True)
class Quantity:
    """A figure of the source: what it says, and the kind of figure it is.

    ``kind``: amount, percent (value in per cent), points, multiple, discount
    (value: the price share in per cent), year, month, date (month and day),
    day, weekday, time (minutes after midnight; ``period`` empty when a.m./p.m.
    is not said), ordinal, marker, phrase (``alternatives``).
    """

    text: str
    start: int
    end: int
    kind: str
    value: float = 0.0
    currency: str = ""
    approx: str = ""
    month: int = 0
    one: bool = False
    two: bool = False
    period: str = ""
    alternatives: tuple[str, ...] = ()
    decimals: int = 0
    growth: bool = False
    unit: Unit | None = None
    negative: bool = False
    total: float = 0.0  # 兩年六個月: the whole span in days, which English may give as one figure
    direction: str = ""  # a change: "up" (上升3%) or "down" (下跌3%)
    basis: str = ""  # what a change is measured against: "yoy" (同比) or "seq" (環比, 比9月)


@lru_cache(maxsize=256)
def _longest_first(options: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(options, key=len, reverse=True))


def _after(text: str, pos: int, options: tuple[str, ...]) -> str:
    return next((o for o in _longest_first(options) if text.startswith(o, pos)), "")


def _before(text: str, pos: int, options: tuple[str, ...]) -> str:
    return next((o for o in _longest_first(options) if text.endswith(o, 0, pos)), "")


@lru_cache(maxsize=1)
def _special_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Set phrases and non-figure words (longest first), and weekday names."""
    v = _vocab()
    specials = sorted([*v.phrases, *v.words], key=len, reverse=True)
    pattern = "|".join(re.escape(s) for s in specials)
    words = re.compile(rf"(?<![{_ZH_CHARS}第分點点])(?:{pattern})(?!之)")
    weekday = re.compile(
        rf"(?:星期|禮拜|礼拜|週|周)([{''.join(v.weekdays_zh)}])(?![年{_ZH_CHARS}])"
    )
    return words, weekday


def _arabic(text: str) -> tuple[float, int]:
    plain = text.replace(",", "")
    return float(plain), len(plain.partition(".")[2])


#: ``今（3）日`` after NFKC: the relative word, then the day in brackets before 日.
_BRACKETED_DAY = re.compile(r"([今昨明])?\((\d{1,2})\)(?=[日號号天])")
_RELATIVE_DAYS = {"今": "today", "昨": "yesterday", "明": "tomorrow"}


_HAN_CLASS = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACE = "[ \\t\u00a0\u2002-\u200a\u202f\u3000]"
#: Spaces that real copy puts between a figure and its magnitude, unit or counter
#: (營收 28.81 億元, 1 月 13 日, 500 倍; after NFKC no-break and thin spaces are plain spaces).
_GAP = re.compile(
    rf"(?<=[0-9%{_HAN_CLASS}]){_SPACE}+(?=[{_HAN_CLASS}])|(?<=[{_HAN_CLASS}]){_SPACE}+(?=[0-9\-\u2212])"
)


_GROUPED = re.compile(rf"(?<=[{_HAN_CLASS}(:：])\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\dA-Za-z.])")


_SPACES = re.compile(_SPACE)


def compact(text: str) -> str:
    """Chinese text with the spaces around its figures removed and U+2212 minus as ``-``.

    >>> compact("營收 28.81 億元，1 月 13 日")
    '營收28.81億元，1月13日'
    """
    if _SPACES.search(text):
        text = _GROUPED.sub(lambda m: re.sub(_SPACE, "", m.group(0)), text)
        text = _GAP.sub("", text)
    return text.replace("\u2212", "-") if "\u2212" in text else text


@lru_cache(maxsize=1)
def _any_figure() -> re.Pattern[str]:
    """Nothing in a sentence without one of these can be a figure (a cheap first look):
    digits, numerals, and the first characters of set phrases and weekday names."""
    firsts = {phrase[0] for phrase in _vocab().phrases}
    return re.compile(f"[0-9{_ZH_CHARS}{''.join(sorted(firsts))}星期週周禮礼]")


def source_quantities(text: str, *, local: str = "") -> list[Quantity]:
    """Every figure of a Chinese sentence, left to right (the module docstring says which)."""
    v = _vocab()
    text = compact(unicodedata.normalize("NFKC", text))
    if not _any_figure().search(text):
        return []
    # Taiwan dates the day in brackets: 今（3）日 = today, the 3rd. Read it as 3日 (same
    # length, so offsets hold) and remember the relative word an English writer may use.
    relative: dict[int, str] = {}
    for match in _BRACKETED_DAY.finditer(text):
        if match.group(1):
            relative[match.start(2) + 1] = _RELATIVE_DAYS[match.group(1)]
    text = _BRACKETED_DAY.sub(lambda m: (m.group(1) or "") + "  " + m.group(2), text)
    found: list[Quantity] = []
    blank = list(text)
    # Set phrases (上半年, 翻一番) and words that only look like figures (兩岸, 三星) first.
    words, weekday = _special_patterns()
    for match in words.finditer(text):
        s, e = match.span()
        if any(c == "\0" for c in blank[s:e]):
            continue
        if match.group(0) in v.phrases:
            alternatives = v.phrases[match.group(0)]
            found.append(Quantity(match.group(0), s, e, "phrase", alternatives=alternatives))
        blank[s:e] = "\0" * (e - s)
    for match in weekday.finditer(text):
        s, e = match.span()
        if "\0" in blank[s:e]:
            continue
        value = v.weekdays_zh[match.group(1)]
        found.append(Quantity(match.group(0), s, e, "weekday", value))
        blank[s:e] = "\0" * (e - s)
    scan = "".join(blank)
    pos = 0
    while (number := _NUMBER.search(scan, pos)) is not None:
        quantity = _read_quantity(scan, number, v)
        if quantity is not None:
            found.append(quantity)
        pos = max(number.end(), quantity.end if quantity else 0)
    found = [
        replace(q, period=relative[q.start]) if q.kind == "day" and q.start in relative else q
        for q in found
    ]
    found.sort(key=lambda q: q.start)
    found = _local_dollar(text, _inherit_ranges(text, found), local, v)
    return [_with_context(text, q) for q in found]


_CHANGE_KINDS = ("percent", "points", "score", "multiple")
#: Chinese words of change, read nearest-first inside the figure's clause.
_ZH_UP = (
    "增長|增长|成長|成长|上升|上漲|上涨|增加|上揚|上扬|攀升|高開|高开|回升|反彈|反弹|提高|提升"
    "|增|升|漲|涨|揚|扬"
)
_ZH_DOWN = "下降|下跌|減少|减少|回落|下滑|萎縮|萎缩|低開|低开|衰退|下挫|倒跌|收跌|減|减|降|跌|挫"
_ZH_CHANGE = re.compile(rf"({_ZH_UP})|({_ZH_DOWN})")
_ZH_CHANGE_AFTER = re.compile(
    r"的?(?:環比|环比|同比|按年|按月)?(?:(升幅|增幅|漲幅|涨幅)|(跌幅|降幅|減幅|减幅))"
)
_ZH_YOY = re.compile(r"同比|按年|年增|年減|年减|年比|去年同期|去年同月|去年同季|上年同期")
_ZH_SEQ = re.compile(
    r"環比|环比|按月|按季|季增|季減|季减|月增|月減|月减|上月|上季|前一季|上一季|比\d{1,2}月|較\d{1,2}月|较\d{1,2}月"
)
_CLAUSE = re.compile(r"[，,；;。：:！？!?(（)）]")


def _clause_before(text: str, start: int) -> str:
    """The text of a figure's clause before it (after the last comma, semicolon or stop)."""
    head = text[max(0, start - 40) : start]
    cut = max((m.end() for m in _CLAUSE.finditer(head)), default=0)
    return head[cut:]


def _with_context(text: str, quantity: Quantity) -> Quantity:
    """The direction and basis of a change the source states around the figure."""
    if quantity.kind not in _CHANGE_KINDS:
        return quantity
    head = _clause_before(text, quantity.start)
    direction = ""
    words = list(_ZH_CHANGE.finditer(head))
    if words:
        last = words[-1]
        level = head[last.end() : last.end() + 1] in ("至", "到", "為", "为", "見", "见", "率")
        if not level and not head[last.end() :].strip("了近約约逾超過过達达")[:1].isdigit():
            direction = "up" if last.group(1) else "down"
        elif not level:
            direction = "up" if last.group(1) else "down"
    after = _ZH_CHANGE_AFTER.match(text, quantity.end)
    if not direction and after:
        direction = "up" if after.group(1) else "down"
    basis = ""
    yoy = [m.end() for m in _ZH_YOY.finditer(head)]
    seq = [m.end() for m in _ZH_SEQ.finditer(head)]
    if yoy or seq:
        basis = "yoy" if max(yoy, default=-1) > max(seq, default=-1) else "seq"
    return replace(quantity, direction=direction, basis=basis)


#: 元 alone: the local dollar, whichever of these the page uses.
_DOLLARS = ("CNY", "TWD", "HKD", "SGD")


def named_currency(text: str) -> str:
    """The one local dollar a sentence names (以人民幣計, 單位：新台幣), or ``""``.

    >>> named_currency("（單位：新台幣，下同）營收300億元")
    'TWD'
    """
    v = _vocab()
    named = {
        v.currencies_zh[word]
        for word in v.currencies_zh
        if word not in ("元", "塊") and word in text and v.currencies_zh[word] in _DOLLARS
    }
    return named.pop() if len(named) == 1 else ""


def _local_dollar(text: str, found: list[Quantity], local: str, v: _Vocab) -> list[Quantity]:
    """元 alone is the dollar the sentence names, else the page's stated one, else any of three."""
    anyone = " ".join(_DOLLARS)
    if not any(q.currency == anyone for q in found):
        return found
    dollar = named_currency(text) or local
    if not dollar:
        return found
    return [replace(q, currency=dollar) if q.currency == anyone else q for q in found]


def _read_quantity(text: str, match: re.Match[str], v: _Vocab) -> Quantity | None:
    start, pos = match.span()
    value: float | None
    decimals = 0
    zh = match.group("zh")
    bare = True
    if zh:
        per_scale = text[start - 1 : start] == "每" and all(c in "百千萬万億亿" for c in zh)
        per_scale = per_scale or text[max(0, start - 2) : start] in ("過去", "过去")  # 過去五個季度
        if (
            start > 0
            and text[start - 1] in _VAGUE_BEFORE + _WORD_BEFORE
            and not _before(text, start, tuple(v.periods))  # 早上五點 is 5 a.m.
            and not per_scale  # 每百萬 = per million
        ):
            return None
        run = zh
        if run.endswith(("千", "兆")) and _after(text, pos, _SI_UNITS):
            if len(run) == 1:
                return None
            run, pos = run[:-1], pos - 1
        value = zh_value(run)
        if value is None:
            return None
        bare = not any(c in "萬万億亿兆" for c in run)
    else:
        value, decimals = _arabic(match.group("arabic"))
    if not math.isfinite(value) or value > 1e18:
        return None  # a run of hundreds of digits is not a figure anyone wrote
    magnitude = ""
    while pos < len(text) and text[pos] in _MAGNITUDE_CHARS:
        if text[pos] in "千兆" and _after(text, pos + 1, _SI_UNITS):
            break
        magnitude += text[pos]
        pos += 1
    for char in magnitude:
        value *= v.magnitudes[char]
        bare = False
    if magnitude and magnitude[-1] in "萬万億亿" and (tail := _MIXED_TAIL.match(text, pos)):
        value, pos = _mixed(value, v.magnitudes[magnitude[-1]], tail, v), tail.end()
    approx = ""
    if text.startswith(("多", "餘", "余"), pos) and not _after(text, pos, ("多達", "多达")):
        approx = "above"
        pos += 1
    if pos < len(text) and text[pos] in _VAGUE_AFTER:
        return None
    kind = ""
    currency_code = period = ""
    month = 0
    one = two = growth = False
    unit: Unit | None = None
    ordinal = start > 0 and (text[start - 1] == "第" or (text[start - 1] == "初" and bool(zh)))
    first = start - 1 if ordinal else start
    if text.startswith("天", pos) and text[start - 2 : start] in ("今 ", "昨 ", "明 ", "  "):
        text = text[:pos] + "日" + text[pos + 1 :]  # 今(4)天 is 今(4)日
    if text.startswith("、", pos) and zh and not text[:first].strip():
        kind, pos = "marker", pos + 1
    elif points := _after(text, pos, v.kinds["points"]):
        kind, pos = "points", pos + len(points)
    elif percent := _after(text, pos, tuple(k for k in v.kinds["percent"] if k != "百分之")):
        kind, pos = "percent", pos + len(percent)
    elif text.startswith("分之", pos):
        rest = _NUMBER.match(text, pos + 2)
        part = None
        if rest:
            part = zh_value(rest.group("zh")) if rest.group("zh") else _arabic(rest.group(0))[0]
        if not part or not value:
            return None
        kind, value, pos = "percent", part / value * 100, rest.end() if rest else pos
    elif text.startswith("倍", pos):
        kind, pos = "multiple", pos + 1
        # 增長三倍 / 提高一倍: Chinese usage varies between x3 and +300%, so x(N+1) counts too.
        head = re.sub(r"[了近約约逾超過过達达將将]+$", "", text[:first])
        growth = head.endswith(_GROWTH)
    elif text.startswith("成", pos) and not _after(text, pos + 1, tuple(_NOT_TENTHS)):
        if value > 10:
            return None
        kind, value, pos = "percent", value * 10, pos + 1
        if (digit := text[pos : pos + 1]) and (digit.isdigit() or digit in _ZH_DIGIT):
            if not text[pos + 1 : pos + 2].isdigit():
                value += int(digit) if digit.isdigit() else _ZH_DIGIT[digit]  # 三成一 = 31%
                pos += 1
    elif text.startswith("折", pos) and not _after(text, pos + 1, tuple(_NOT_DISCOUNT)):
        share = value * 10 if value < 10 else value
        kind, value, pos = "discount", share, pos + 1
    elif currency := _after(text, pos, tuple(v.currencies_zh)):
        kind, pos = "amount", pos + len(currency)
        # Taiwan writes 億元新台幣: the named currency after 元 is the one meant.
        named = _after(text, pos, tuple(v.currencies_zh))
        if named and currency in ("元", "塊"):
            currency, pos = named, pos + len(named)
        currency_code = v.currencies_zh[currency]
    elif (
        text.startswith(("年", ")年"), pos)
        and bare
        and value == int(value)
        and (
            text.endswith(("民國", "民国"), 0, first)
            or (1 <= value <= 150 and _ROC_AFTER.match(text, pos + 1))
        )
    ):
        # Taiwan's ROC calendar: 民國114年 = 2025; Taiwan copy drops 民國 before a date or a
        # quarter (114年第三季, 72年11月16日).
        kind, value, pos = "year", value + 1911, text.index("年", pos) + 1
    elif text.startswith("年", pos) and bare and value >= 1000 and value == int(value):
        kind, pos = "year", pos + 1
    elif (
        text.startswith("月", pos)
        and bare
        and 1 <= value <= 12
        and value == int(value)
        and (not _years_before(text, first) or _DAY_AFTER.match(text, pos + 1))
    ):
        kind, pos = "month", pos + 1
        day = re.compile(rf"(\d{{1,2}}|[{_ZH_CHARS}]+)[日號号]").match(text, pos)
        if day:
            d = zh_value(day.group(1)) if not day.group(1).isdigit() else float(day.group(1))
            if d and 1 <= d <= 31:
                kind, month, value, pos = "date", int(value), d, day.end()
    elif (
        _after(text, pos, ("日", "號", "号"))
        and bare
        and 1 <= value <= 31
        and not _after(text, pos + 1, tuple(v.currencies_zh))
    ):
        kind, pos = "day", pos + 1
    elif _after(text, pos, _TIME) and (
        _before(text, first, tuple(v.periods))
        or (_after(text, pos, ("時", "时")) and bare and value <= 24 and value == int(value))
        or re.match(rf"[點点時时](?:\d+分|[{_ZH_CHARS}]+分|半|整|鐘|钟)", text[pos:])
    ):
        period = v.periods.get(_before(text, first, tuple(v.periods)), "")
        pos += 1
        minutes = 0.0
        tail = re.compile(rf"(\d+|[{_ZH_CHARS}]+)分|半").match(text, pos)
        if tail:
            if tail.group(0) == "半":
                minutes = 30
            else:
                minutes = (
                    float(tail.group(1))
                    if tail.group(1).isdigit()
                    else zh_value(tail.group(1)) or 0
                )
            pos = tail.end()
        hour = value
        if zh == "一" and not period and not minutes:
            return None  # 一時 = for the moment, not one o'clock
        if period == "pm" and hour < 12:
            hour += 12
        kind, value = "time", hour * 60 + minutes
    elif counter := _counter(text, pos, first, v):
        kind, pos = "amount", pos + len(counter)
        if counter in ("個", "个") and text.startswith("半月", pos):
            counter, pos = "個月", pos + 1
        if text.startswith("半", pos) and not text.startswith("半年", pos):
            value, pos = value + 0.5, pos + 1  # 8天半 = eight and a half days
        unit = _unit_words()[0].get(counter)
        if counter == "月":
            unit = _unit_words()[0]["個月"]  # 兩年六月: months after a count of years
        if counter in ("季", "季度"):
            kind = "ordinal"  # 三季度 = the third quarter (Q3); 前三季 = three quarters
        elif unit is not None and not unit.physical:
            kind = {"times": "times", "score": "score", "ordinal": "ordinal"}.get(
                unit.dimension, "amount"
            )
            unit = None
        one = value == 1 and bare and not approx
        two = value == 2 and zh in ("兩", "两")
    elif not zh or not bare:
        kind = "amount"
    elif ordinal:
        kind = "ordinal"  # 排名第二, 大年初二
    else:
        return None
    if ordinal and kind in ("amount", "times", "score", ""):
        kind = "ordinal"
        first = start - 1
    elif kind == "amount" and text.endswith(("連續", "连续", "一連", "一连"), 0, first):
        kind = "ordinal"  # 連續5個交易日 = five straight days = the fifth straight day
    after = _after(text, pos, ("左右", "上下", "以上", "以下", "以內", "以内"))
    if after:
        approx, pos = v.approx_zh[after], pos + len(after)
    if not approx:
        prefix = _before(text, first, tuple(v.approx_zh))
        if prefix and prefix not in ("以上", "以下", "左右", "上下", "多", "餘", "余"):
            approx = v.approx_zh[prefix]
    return Quantity(
        text=text[first:pos].replace("\0", ""),
        start=first,
        end=pos,
        kind=kind,
        value=value,
        currency=currency_code,
        approx=approx,
        month=month,
        one=one,
        two=two,
        growth=growth,
        period=period,
        decimals=decimals,
        unit=unit,
        negative=_NEGATIVE_BEFORE.search(text, max(0, first - 3), first) is not None,
    )


_ROC_AFTER = re.compile(
    rf"(?:\d{{1,2}}|[{''.join(_ZH_DIGIT)}十]+)月(?:\d{{1,2}}|[{''.join(_ZH_DIGIT)}十]+)[日號号]"
    r"|第?[一二三四1-4]季|[上下]半年|度"
)
_DAY_AFTER = re.compile(rf"(?:\d{{1,2}}|[{''.join(_ZH_DIGIT)}十]+)[日號号]")
#: A count of years just before a number: 兩年六月 is two years and six months, not June.
_YEARS_BEFORE = re.compile(rf"(?<![0-9])(?:[0-9]{{1,3}}|[{_ZH_CHARS}]+)年又?$")
#: A minus sign, 負 or 零下 right before a figure (-0.35元, 負12.5%, 零下25度).
_NEGATIVE_BEFORE = re.compile(r"(?:(?:^|[\s(:：為为是達达到至約约])-|[負负]|零下)$")


#: The rest of a mixed figure after 萬 or 億: 39萬3000, 2萬5千億, 5億3000萬.
_MIXED_TAIL = re.compile(
    rf"(\d+|[{''.join(_ZH_DIGIT)}十百]+)([千百]?)([萬万億亿]?)(?![0-9.,{''.join(_ZH_DIGIT)}])"
)


def _mixed(value: float, last: float, tail: re.Match[str], v: _Vocab) -> float:
    """``39萬`` + ``3000`` = 393,000; ``2萬`` + ``5千`` then ``億`` = 2.5 trillion."""
    digits, small, big = tail.groups()
    number = float(digits) if digits.isdigit() else zh_value(digits)
    if number is None:
        return value
    part = number * (v.magnitudes[small] if small else 1)
    factor = v.magnitudes[big] if big else 1.0
    if factor > last:
        return (value + part) * factor
    return value + part * factor if part * factor < last else value


def _years_before(text: str, first: int) -> bool:
    """A count of years (not a calendar year) ends right before ``first``."""
    match = _YEARS_BEFORE.search(text, max(0, first - 12), first)
    if match is None:
        return False
    number = match.group(0).rstrip("年又")
    value = float(number) if number.isdigit() else zh_value(number)
    return value is not None and value < 1000


def _counter(text: str, pos: int, first: int, v: _Vocab) -> str:
    """The unit or classifier after a figure (longest first), or 月 after a count of years."""
    unit = _after(text, pos, _unit_keys())
    classifier = _after(text, pos, v.classifiers)
    word = unit if len(unit) >= len(classifier) else classifier
    if not word and text.startswith("月", pos) and _years_before(text, first):
        return "月"
    return word


@lru_cache(maxsize=1)
def _unit_keys() -> tuple[str, ...]:
    return tuple(w for w in _unit_words()[0] if not w.isascii())


def _inherit_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """``3至5萬`` is 30,000 to 50,000; ``7月21日至23日`` ends on July 23."""
    out = list(found)
    for i in range(len(out) - 1, 0, -1):
        left, right = out[i - 1], out[i]
        between = text[left.end : right.start].strip()
        if between not in _RANGE:
            continue
        if right.kind == "day" and left.kind == "date":
            out[i] = replace(right, kind="date", month=left.month)
            continue
        if (
            left.kind == "amount"
            and right.kind != "amount"
            and right.kind
            not in (
                "date",
                "day",
                "year",
                "month",
                "time",
            )
        ):
            out[i - 1] = replace(
                left, kind=right.kind, value=_scaled(left, right), unit=left.unit or right.unit
            )
        elif left.kind == "amount" and right.kind == "amount":
            out[i - 1] = replace(
                left,
                value=_scaled(left, right),
                currency=right.currency,
                unit=left.unit or right.unit,
            )
    return _compound_spans(text, out)


def _compound_spans(text: str, found: list[Quantity]) -> list[Quantity]:
    """``兩年六個月``: each part keeps its value, and both carry the whole span (in days)."""
    out = list(found)
    for i in range(len(out) - 1):
        left, right = out[i], out[i + 1]
        if not (left.unit and right.unit and left.unit.dimension == right.unit.dimension):
            continue
        if left.unit.dimension != "time" or text[left.end : right.start] not in ("", "又", "零"):
            continue
        total = left.value * left.unit.factor + right.value * right.unit.factor
        out[i], out[i + 1] = replace(left, total=total), replace(right, total=total)
    return out


def _scaled(left: Quantity, right: Quantity) -> float:
    """The left end of a range takes the right end's magnitude when it has none."""
    own = re.search(f"[{_MAGNITUDE_CHARS}]", left.text)
    theirs = re.search(f"[{_MAGNITUDE_CHARS}]+", right.text)
    if own or not theirs:
        if right.kind == "percent" and "成" in right.text and "成" not in left.text:
            return left.value * 10
        return left.value
    factor = math.prod(_vocab().magnitudes[c] for c in theirs.group(0))
    return left.value * factor


# --- the English side ------------------------------------------------------------------------

_SMALL = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * (n + 2)
    for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_ORDINAL_SMALL = {
    w: n + 1
    for n, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
    )
}
_ORDINAL_TENS = {
    w: 10 * (n + 2)
    for n, w in enumerate(
        "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
    )
}
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
_MULTIPLE_WORDS = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "doubling": 2,
    "doubles": 2,
    "triple": 3,
    "tripled": 3,
    "tripling": 3,
    "triples": 3,
    "treble": 3,
    "trebled": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "quadrupling": 4,
}
_NUMBER_WORDS = frozenset([*_SMALL, *_TENS, "a", "an", "hundred", "dozen"])
#: Units that "a"/"an" or "the past" may count one of (a year, the past month).
_A_UNIT = ("year", "month", "week", "day", "hour", "decade", "century")
_SPAN_BEFORE = ("past", "previous", "coming")  # "last year" is 去年, a date, not a span
_IN_A_ROW = ("straight", "consecutive", "successive", "running")
_BEFORE_UNIT = (*_IN_A_ROW, "full", "more", "additional", "extra", "long")
#: A clock hour said with the part of the day (five in the morning, 11 tonight).
_DAY_PART = re.compile(
    r"(?<![\w.:])(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?::(\d{2}))?(?:\s+o'clock)?\s+(in the morning|this morning|in the afternoon|this afternoon"
    r"|in the evening|this evening|at night|tonight|last night|yesterday morning"
    r"|yesterday afternoon|yesterday evening)\b",
    re.IGNORECASE,
)
_MINUTES_PAST = re.compile(r"\b(\d{1,2}|[a-z]+) minutes? past (midnight|noon)\b", re.IGNORECASE)
_PART_AFTER = re.compile(
    r"\s+(?:o'clock\s+)?(?:in the|this|last|yesterday|tomorrow|on the)?\s*"
    r"(?:morning|afternoon|evening|night|tonight)\b",
    re.IGNORECASE,
)
#: Words before an English figure that give it a minus sign (a loss of NT$0.35, down 1.5%).
_NEGATIVE_WORDS = re.compile(
    r"(?:^|[^\w])(?:minus|negative|loss(?:es)? of|lost|deficit of|down(?: by)?|fell(?: by)?"
    r"|fall(?:s|ing)?(?: by)?|drop(?:s|ped|ping)?(?: by)?|declin(?:e|ed|es|ing)(?: by)?"
    r"|decreas(?:e|ed|es|ing)(?: by)?|contract(?:ed|s|ing|ion of)?(?: by)?|sh(?:rank|runk|rink"
    r"|rinks|rinking)(?: by)?|lower by|slump(?:ed|s)?(?: by)?|plung(?:e|ed|es)(?: by)?)\s*$"
)
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}
_EN_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[A-Za-z]+|\S")
_CLOCK = re.compile(
    r"(?<![\d.:])(\d{1,2})(?::(\d{2}))?\s*(a\.m\.|am\b|p\.m\.|pm\b|o'clock|o’clock)"
    r"|(?<![\d.:])(\d{1,2}):(\d{2})(?![\d:])|\b(noon|midday|midnight)\b",
    re.IGNORECASE,
)


@dataclass
class Figure:
    """A figure of the translation (mutable while it is read)."""

    start: int
    end: int
    kind: str
    value: float
    precision: float = 1.0
    currency: str = ""
    approx: str = ""
    month: int = 0
    scale: float = 1.0
    whole: float = 0.0
    text: str = ""
    words: tuple[str, ...] = field(default_factory=tuple)
    unit: Unit | None = None
    negative: bool = False


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _word_number(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """``twenty-five``, ``one hundred and five``, ``a million``: value and next token index."""
    total = current = 0.0
    seen = False
    j = i
    while j < len(tokens):
        word = tokens[j].low
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred" and (seen or j == i):
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion", "trillion") and seen:
            total += (current or 1) * _vocab().scales[word]
            current = 0
        elif word in ("a", "an") and j == i:
            nxt = tokens[j + 1].low if j + 1 < len(tokens) else ""
            if (
                nxt not in ("hundred", "thousand", "million", "billion", "trillion", "dozen")
                and (nxt not in _DENOMINATORS or nxt in ("half", "halves"))
                and nxt not in _A_UNIT
            ):
                return None
            after = tokens[j + 2].low if j + 2 < len(tokens) else ""
            if nxt in _DENOMINATORS and after in ("-", *_IN_A_ROW):
                return None  # a third-quarter loss, a fifth straight day: ordinals
            current = 1
        elif word == "dozen" and seen:
            current = (current or 1) * 12
        elif word == "-" and seen and j + 1 < len(tokens) and tokens[j + 1].low in _SMALL:
            pass
        elif (
            word == "and"
            and seen
            and tokens[j - 1].low in ("hundred", "thousand", "million", "billion")
            and j + 1 < len(tokens)
            and tokens[j + 1].low
            in (
                *_SMALL,
                *_TENS,
            )
        ):
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    if [t.low for t in tokens[j : j + 3]] == ["and", "a", "half"]:
        return total + current + 0.5, j + 3  # two and a half (years)
    return total + current, j


def english_figures(text: str) -> list[Figure]:
    """Every figure of an English sentence, left to right."""
    v = _vocab()
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for match in _CLOCK.finditer(text):
        if match.group(6):
            word = match.group(6).lower()
            minutes = 0.0 if word == "midnight" else 12 * 60.0
            figures.append(Figure(match.start(), match.end(), "time", minutes, text=word))
        elif match.group(1):
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            suffix = match.group(3).lower().replace(".", "")
            if suffix == "pm" and hour < 12:
                hour += 12
            if suffix == "am" and hour == 12:
                hour = 0
            figures.append(
                Figure(match.start(), match.end(), "time", hour * 60.0 + minute, text=suffix)
            )
        else:
            hour, minute = int(match.group(4)), int(match.group(5))
            if hour > 24 or minute > 59:
                continue
            part = _PART_AFTER.match(text, match.end())
            suffix = ""
            if part:
                suffix = "am" if "morning" in part.group(0).lower() else "pm"
                if suffix == "pm" and hour < 12 and not ("night" in part.group(0) and hour < 5):
                    hour += 12
            figures.append(
                Figure(match.start(), match.end(), "time", hour * 60.0 + minute, text=suffix)
            )
        taken.append(match.span())
    for match in _MINUTES_PAST.finditer(text):
        minutes = (
            int(match.group(1))
            if match.group(1).isdigit()
            else _SMALL.get(match.group(1).lower(), _TENS.get(match.group(1).lower(), -1))
        )
        if 0 <= minutes < 60:
            base = 0.0 if match.group(2).lower() == "midnight" else 720.0
            figures.append(Figure(match.start(), match.end(), "time", base + minutes, text="pm"))
            taken.append(match.span())
    for match in _DAY_PART.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        word = match.group(1).lower()
        hour = int(word) if word.isdigit() else _SMALL.get(word, _TENS.get(word, 0))
        said_part = match.group(3).lower()
        if said_part.endswith(("afternoon", "evening", "night", "tonight")) and hour < 12:
            if not (said_part.endswith("night") and hour < 5):
                hour += 12
        minute = int(match.group(2) or 0)
        said = "am" if said_part.endswith("morning") else "pm"
        figures.append(Figure(match.start(), match.end(), "time", hour * 60.0 + minute, text=said))
        taken.append(match.span())
    tokens = [
        _Token(m.group(0), m.start(), m.end())
        for m in _EN_TOKEN.finditer(text)
        if not any(a <= m.start() < b for a, b in taken)
    ]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        low = token.low
        prev = tokens[i - 1] if i else None
        number: tuple[float, int, float] | None = None  # value, next index, precision
        if token.text[0].isdigit() or token.text[:2].startswith(".") and len(token.text) > 1:
            if (
                prev is not None
                and prev.end == token.start
                and prev.text.isalpha()
                and prev.low not in v.currencies_en
            ):
                if prev.text in ("Q", "H") and token.text in ("1", "2", "3", "4"):
                    figures.append(
                        Figure(prev.start, token.end, "ordinal", float(token.text), text="Q")
                    )
                i += 1
                continue
            value, decimals = _arabic(token.text)
            plain = token.text.replace(",", "").partition(".")[0]
            zeros = len(plain) - len(plain.rstrip("0")) if plain.strip("0") else 0
            precision = 10.0 ** (-decimals) if decimals else 10.0**zeros
            number = (value, i + 1, precision)
        elif low in _MULTIPLE_WORDS:
            figures.append(
                Figure(token.start, token.end, "multiple", float(_MULTIPLE_WORDS[low]), text=low)
            )
            i += 1
            continue
        elif low.endswith("fold") and _word_number([_Token(low[:-4], 0, 0)], 0):
            parsed = _word_number([_Token(low[:-4], 0, 0)], 0)
            assert parsed is not None
            figures.append(Figure(token.start, token.end, "multiple", parsed[0], text=low))
            i += 1
            continue
        elif low in ("half",):
            rest = " ".join(t.low for t in tokens[i + 1 : i + 4])
            if rest.startswith(("a percentage point", "a point", "a percent")):
                kind = (
                    "percent" if rest.startswith("a percent ") or rest == "a percent" else "points"
                )
                figures.append(Figure(token.start, tokens[i + 2].end, kind, 0.5, text=low))
            figures.append(Figure(token.start, token.end, "percent", 50.0, text=low))
            figures.append(Figure(token.start, token.end, "amount", 0.5, text=low))
            i += 1
            continue
        elif low in _ORDINAL_SMALL or low in _ORDINAL_TENS:
            value = float(_ORDINAL_SMALL.get(low) or _ORDINAL_TENS[low])
            start = token.start
            if (
                low in _ORDINAL_SMALL
                and prev is not None
                and prev.low == "-"
                and i >= 2
                and tokens[i - 2].low in _TENS
            ):
                value += _TENS[tokens[i - 2].low]
                start = tokens[i - 2].start
            figures.append(Figure(start, token.end, "ordinal", value, text=low))
            if low in _DENOMINATORS:
                figures.append(
                    Figure(token.start, token.end, "percent", 100 / _DENOMINATORS[low], text=low)
                )
            _month_day(figures, tokens, i, v)
            i += 1
            continue
        elif (
            low in _SPAN_BEFORE
            and i + 1 < len(tokens)
            and tokens[i + 1].low in _A_UNIT
            and (tokens[i + 1].low,) in _unit_words()[1]
        ):
            unit = _unit_words()[1][(tokens[i + 1].low,)]
            figures.append(Figure(token.start, tokens[i + 1].end, "amount", 1.0, unit=unit))
            i += 2
            continue
        elif (
            low in ("thousand", "million", "billion", "trillion")
            and prev is not None
            and prev.low in ("per", "every", "each")
        ):
            scale = v.scales[low]
            figures.append(Figure(token.start, token.end, "amount", scale, scale, text=low))
            i += 1
            continue
        elif low in ("largest", "biggest", "top", "leading", "inaugural", "maiden") and not (
            prev is not None and prev.low == "-"
        ):
            figures.append(Figure(token.start, token.end, "ordinal", 1.0, text=low))
            i += 1
            continue
        elif token.text[:1].isupper() and low in v.months:
            figures.append(Figure(token.start, token.end, "month", float(v.months[low]), text=low))
            i += 1
            continue
        elif token.text[:1].isupper() and low.rstrip(".") in v.weekdays_en:
            figures.append(
                Figure(token.start, token.end, "weekday", float(v.weekdays_en[low]), text=low)
            )
            i += 1
            continue
        elif token.text in _ROMAN and not text[: token.start].strip():
            figures.append(
                Figure(token.start, token.end, "marker", float(_ROMAN[token.text]), text=low)
            )
            i += 1
            continue
        elif low in _NUMBER_WORDS:
            parsed = _word_number(tokens, i)
            if parsed is not None:
                number = (parsed[0], parsed[1], 10.0 ** _trailing_zeros(parsed[0]))
        if number is None:
            i += 1
            continue
        value, j, precision = number
        figure = Figure(token.start, tokens[j - 1].end, "amount", value, precision=precision)
        j = _read_english_suffix(text, tokens, j, figure, v)
        _currency_before(tokens, i, figure, v)
        _approx_before(text, tokens, i, figure, v)
        figure.negative = _negative(text, figure)
        figure.text = text[figure.start : figure.end]
        figures.append(figure)
        if figure.whole:
            figures.append(
                Figure(figure.start, figure.end, "amount", figure.whole, text=figure.text)
            )
        _month_day(figures, tokens, i, v)
        i = max(j, i + 1)
    _english_ranges(text, figures)
    return figures


def _negative(text: str, figure: Figure) -> bool:
    """A minus sign or a word of decline before the figure, or "below zero" after it."""
    head = text[max(0, figure.start - 30) : figure.start]
    head = re.sub(r"(?:US|NT|HK|S|A|C|RM|RMB|USD|CNY)?\s*[$¥€£]?\s*$", "", head)
    if re.search(r"[-\u2212]\s*$", head) and not re.search(r"[\w%][-\u2212]\s*$", head):
        return True
    if re.match(r"\s*(?:degrees?\s*(?:celsius|c)?\s*)?below zero", text[figure.end :], re.I):
        return True
    head = head.lower().rstrip()
    head = re.sub(
        r"(?:\s*\b(?:about|around|nearly|almost|roughly|some|more than|over|just|a|an|the))+$",
        "",
        head,
    )
    return _NEGATIVE_WORDS.search(head) is not None


def _trailing_zeros(value: float) -> int:
    if value != int(value) or value == 0:
        return 0
    n = int(value)
    count = 0
    while n % 10 == 0:
        n //= 10
        count += 1
    return count


def _read_english_suffix(text: str, tokens: list[_Token], j: int, figure: Figure, v: _Vocab) -> int:
    """Scale word, ordinal suffix, kind (percent, points, times, in ten, a third), currency."""

    def low(k: int) -> str:
        return tokens[k].low if k < len(tokens) else ""

    def attached(k: int) -> bool:
        return 0 < k < len(tokens) and tokens[k - 1].end == tokens[k].start

    if low(j) in ("st", "nd", "rd", "th") and attached(j):
        figure.kind, figure.end = "ordinal", tokens[j].end
        return j + 1
    scale_words = ("thousand", "million", "billion", "trillion")
    if low(j) == "-" and low(j + 1) in scale_words:
        j += 1  # a 100-billion-yuan fund
    if [low(j), low(j + 1), low(j + 2)] == ["and", "a", "half"]:
        figure.value += 0.5
        j += 3
    short_scales = ("k", "m", "mn", "mln", "bn", "bln", "b", "tn", "trn")
    if low(j) in scale_words or (low(j) in short_scales and attached(j)):
        if low(j) in ("m", "b") and low(j + 1) not in ("", ".", ",", ";", "yuan", "in", "of"):
            pass
        else:
            figure.scale = v.scales[low(j)]
            figure.value *= figure.scale
            figure.precision *= figure.scale
            figure.end = tokens[j].end
            j += 1
    if low(j) == "-" and low(j + 1) in (
        "percent",
        "fold",
        "times",
        "point",
        "points",
        *_DENOMINATORS,
    ):
        j += 1
    word = low(j)
    if word in ("%", "percent", "pct") or (word == "per" and low(j + 1) == "cent"):
        figure.kind = "percent"
        j += 2 if word == "per" else 1
        if low(j) == "off":
            figure.kind = "discount"
            figure.value = 100 - figure.value
    elif word in ("percentage", "pct") and low(j + 1) in ("point", "points"):
        figure.kind = "points"
        j += 2
    elif word in ("point", "points", "pp", "ppt", "ppts"):
        figure.kind = "points"
        j += 1
    elif word == "basis" and low(j + 1) in ("point", "points"):
        figure.kind, figure.value = "points", figure.value / 100
        j += 2
    elif word in ("times", "fold", "x") and (word != "x" or attached(j)):
        figure.kind = "multiple"
        j += 1
    elif word in _DENOMINATORS and (figure.value <= _DENOMINATORS[word] or low(j + 1) == "of"):
        # "three quarters" may be 75% or three calendar quarters: both are kept.
        figure.whole = figure.value
        figure.kind = "percent"
        figure.value = figure.value / _DENOMINATORS[word] * 100
        j += 1
    elif word == "/" and attached(j) and attached(j + 1) and tokens[j + 1].text.isdigit():
        denominator = float(tokens[j + 1].text)
        if denominator > figure.value and denominator <= 10:
            figure.whole = figure.value  # 1/3 is a third; keep the plain figure too
            figure.kind, figure.value = "percent", figure.value / denominator * 100
            figure.end = tokens[j + 1].end
            j += 2
    elif (word == "in" or (word == "out" and low(j + 1) == "of")) and j + 1 < len(tokens):
        k = j + (2 if word == "out" else 1)
        parsed = _word_number(tokens, k)
        if parsed is None and k < len(tokens) and tokens[k].text[0].isdigit():
            parsed = (_arabic(tokens[k].text)[0], k + 1)
        if parsed and parsed[0] > figure.value and parsed[0] in (3, 4, 5, 10, 100):
            figure.kind = "percent"
            figure.value = figure.value / parsed[0] * 100
            j = parsed[1]
    elif word == "a" and low(j + 1) in _DENOMINATORS and figure.value >= 1:
        pass
    if figure.kind == "amount":
        j = _english_unit(tokens, j, figure)
    if j - 1 < len(tokens):
        figure.end = max(figure.end, tokens[min(j, len(tokens)) - 1].end)
    # Currency after the figure: yuan, US dollars, Hong Kong dollars, euros (a 3-billion-dollar).
    window = " ".join(t.low for t in tokens[j : j + 4] if t.low != "-")
    for name in _longest_first(tuple(v.currencies_en)):
        if name.isalpha() or " " in name:
            if window == name or window.startswith(name + " "):
                figure.currency = v.currencies_en[name]
                break
    if figure.currency and " dollar" in window and window.split()[0] in ("us", "u", "american"):
        figure.currency = v.currencies_en["us$"]
    return j


def _english_unit(tokens: list[_Token], j: int, figure: Figure) -> int:
    """A unit name after an English figure (``35.6 km``, ``a five-year``, ``120,000 square
    metres``, ``a year and a half``): the figure takes its dimension and size."""
    names, longest = _unit_words()[1], _unit_words()[2]
    k = j + 1 if j < len(tokens) and tokens[j].low == "-" else j
    while k < len(tokens) and tokens[k].low in _BEFORE_UNIT:
        k += 1  # 12 straight years, 30 more days
    for size in range(min(longest, len(tokens) - k), 0, -1):
        unit = names.get(tuple(t.low for t in tokens[k : k + size]))
        if unit is None:
            continue
        if unit.dimension not in PHYSICAL:
            return j
        end = k + size
        if unit.dimension == "length" and end < len(tokens) and tokens[end].text == "2":
            unit, end = Unit("area", unit.factor**2, unit.name), end + 1  # km2, m²
        figure.unit = unit
        if [t.low for t in tokens[end : end + 3]] == ["and", "a", "half"]:
            figure.value += 0.5
            end += 3
        return end
    return j


def _currency_before(tokens: list[_Token], i: int, figure: Figure, v: _Vocab) -> None:
    if i == 0:
        return
    prev = tokens[i - 1]
    symbol = prev.text
    if symbol in ("$", "¥", "€", "£") and i >= 2 and tokens[i - 2].end == prev.start:
        symbol = tokens[i - 2].text + symbol
    elif symbol == "$" and i >= 3 and tokens[i - 2].text == "." and tokens[i - 3].text == "S":
        symbol = "US$"
    code = v.currencies_en.get(symbol.lower())
    if code is None and symbol.endswith("$"):
        code = "OTHER"
    if code:
        figure.currency = code if not figure.currency else figure.currency
        figure.start = prev.start


@lru_cache(maxsize=1)
def _approx_pattern() -> re.Pattern[str]:
    phrases = sorted(_vocab().approx_en, key=len, reverse=True)
    return re.compile(rf"(?:^|\W)({'|'.join(re.escape(p) for p in phrases)})$")


def _approx_before(text: str, tokens: list[_Token], i: int, figure: Figure, v: _Vocab) -> None:
    head = text[max(0, figure.start - 40) : figure.start].lower().rstrip()
    head = re.sub(r"(?:us|nt|hk)?[$¥€£]$|\b(?:rmb|usd|cny)$", "", head).rstrip()
    found = _approx_pattern().search(head)
    if found:
        figure.approx = v.approx_en[found.group(1)]
        return
    tail = text[figure.end : figure.end + 12].lower()
    if re.match(r"\s*(?:-plus|\+|or more)", tail):
        figure.approx = "above"
    elif re.match(r"\s*or so", tail):
        figure.approx = "about"


def _month_day(figures: list[Figure], tokens: list[_Token], i: int, v: _Vocab) -> None:
    """``May 3`` / ``3 May`` / ``May 3rd``: a day next to a month name becomes a date."""
    if not figures:
        return
    figure = figures[-1]
    if figure.kind not in ("amount", "ordinal") or not (1 <= figure.value <= 31):
        return
    if figure.value != int(figure.value) or figure.currency:
        return
    before = tokens[i - 1] if i else None
    if before is not None and before.text == "." and i >= 2:
        before = tokens[i - 2]  # Aug. 9
    after_index = i
    while after_index < len(tokens) and tokens[after_index].start < figure.end:
        after_index += 1
    after = tokens[after_index] if after_index < len(tokens) else None
    of = after is not None and after.low == "of" and after_index + 1 < len(tokens)
    if of:
        after = tokens[after_index + 1]
    for other in (before, after):
        if other is not None and other.text[:1].isupper() and other.low in v.months:
            figures.append(
                Figure(
                    min(figure.start, other.start),
                    max(figure.end, other.end),
                    "date",
                    figure.value,
                    month=v.months[other.low],
                )
            )
            return


def _date_at(dates: dict[int, Figure], figure: Figure) -> Figure | None:
    return figure if figure.kind == "date" else dates.get(figure.start)


def _english_ranges(text: str, figures: list[Figure]) -> None:
    """``3-5%``, ``$3 to 5 billion``, ``between 1.5 and five times``, ``July 21-23``."""
    dates = {f.start: f for f in figures if f.kind == "date"}
    for left, right in zip(figures, figures[1:], strict=False):
        between = text[left.end : right.start].strip().lower()
        if between not in ("-", "–", "—", "to", "and", "or", "~", "- to", "-to", "– to"):
            continue
        head = text[max(0, left.start - 40) : left.start]
        if between == "and" and not re.search(r"\bbetween\s*\S*\s*$", head, re.I):
            continue  # "five quarters and 1.1 points" is not a range; "between 5 and 10" is
        if left.kind == "date" and right.kind == "amount" and 1 <= right.value <= 31:
            figures.append(Figure(right.start, right.end, "date", right.value, month=left.month))
        elif (
            left.kind in ("amount", "ordinal")
            and 1 <= left.value <= 31
            and (date := _date_at(dates, right)) is not None
        ):
            # 1-8 October: the right end is a date (8 October is read as one figure)
            figures.append(Figure(left.start, left.end, "date", left.value, month=date.month))
        elif left.kind == "amount" and left.scale == 1:
            left.unit = left.unit or right.unit
            if right.kind in ("percent", "points", "multiple"):
                left.kind = right.kind
            if right.scale != 1:
                left.value *= right.scale
                left.precision *= right.scale
            left.currency = left.currency or right.currency
        if right.kind == "amount" and left.currency and not right.currency:
            right.currency = left.currency
    figures.sort(key=lambda f: (f.start, f.end))


# --- comparing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A source figure the translation gets wrong: ``term`` is the source text."""

    term: str
    message: str
    expected: str
    found: str = ""


#: Translation figure kinds that may render each source kind.
_COMPATIBLE = {
    "amount": ("amount",),
    "percent": ("percent",),
    "points": ("points",),
    "multiple": ("multiple", "percent"),  # 增長3.5倍 = up 350% (checked in _matches)
    "discount": ("percent", "discount"),
    "year": ("amount",),
    "ordinal": ("ordinal", "amount", "marker"),
    "marker": ("amount", "ordinal", "marker"),
    "month": ("month",),
    "date": ("date",),
    "day": ("amount", "ordinal", "date"),
    "weekday": ("weekday",),
    "time": ("time",),
    "times": ("amount", "multiple", "ordinal"),  # 五次會議 = the fifth session
    "score": ("amount", "points"),
}


def _same(expected: float, figure: Figure, *, tolerance: float = 0.005) -> bool:
    """Equal, or the translation's rounding of the value (7.99 million for 798.93萬)."""
    if math.isclose(expected, figure.value, rel_tol=1e-9, abs_tol=1e-9):
        return True
    if not expected:
        return False
    close = abs(expected - figure.value) <= figure.precision / 2 + 1e-9
    return close and abs(expected - figure.value) / abs(expected) <= tolerance


def _either(codes: list[str]) -> str:
    """``CNY``; ``CNY or TWD``; ``CNY, TWD or HKD``."""
    return " or ".join([", ".join(codes[:-1]), codes[-1]]) if len(codes) > 1 else codes[0]


def describe_value(quantity: Quantity) -> str:
    """The value in words a reviewer reads quickly: ``1,250,000,000`` or ``30%``."""
    value = quantity.value
    if quantity.kind in ("percent", "discount"):
        return f"{value:g}%"
    if quantity.kind == "points":
        return f"{value:g} percentage points"
    if quantity.kind == "multiple":
        return f"{value:g} times"
    if quantity.kind == "date":
        return f"month {quantity.month}, day {value:g}"
    if quantity.kind == "time":
        return f"{int(value // 60):02d}:{int(value % 60):02d}"
    if quantity.kind == "phrase":
        return " / ".join(quantity.alternatives)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.{max(quantity.decimals, 1)}f}".rstrip("0")


def _matches(quantity: Quantity, figure: Figure) -> bool:
    if figure.kind not in _COMPATIBLE.get(quantity.kind, ()):
        return False
    if quantity.kind == "discount":
        return _same(quantity.value, figure) or _same(100 - quantity.value, figure)
    if quantity.kind in ("month", "year"):
        return figure.value == quantity.value  # 2021 is not a rounding of 2020
    if quantity.kind == "date":
        return figure.month == quantity.month and figure.value == quantity.value
    if quantity.kind == "time":
        if quantity.period or figure.text in ("noon", "midnight", "am", "pm"):
            if figure.value == quantity.value:
                return True
            # 3點 with no part of the day may be 3 p.m.; 23時 is never 11 a.m., and 9時 in
            # official copy is the 24-hour clock (9 a.m.).
            return (
                not quantity.period
                and quantity.value < 720
                and not re.search("[時时]", quantity.text)
                and figure.value == (quantity.value + 720) % 1440
            )
        return figure.value % 720 == quantity.value % 720
    if quantity.unit and figure.unit:
        return _same_size(quantity, figure)
    if quantity.kind == "multiple" and figure.kind == "percent":
        return quantity.growth and _same(quantity.value * 100, figure, tolerance=0.02)
    tolerance = 0.02 if quantity.kind == "percent" else 0.005
    if quantity.growth and _same(quantity.value + 1, figure):
        return True
    return _same(quantity.value, figure, tolerance=tolerance)


def _same_size(quantity: Quantity, figure: Figure) -> bool:
    """Same dimension and the same size in its base unit (30個月 = 2.5 years, 35.6 km)."""
    assert quantity.unit is not None and figure.unit is not None
    if quantity.unit.dimension != figure.unit.dimension:
        return False
    if math.isclose(quantity.unit.factor, figure.unit.factor, rel_tol=1e-9):
        return _same(quantity.value, figure)
    expected = quantity.value * quantity.unit.factor
    given = figure.value * figure.unit.factor
    return math.isclose(expected, given, rel_tol=0.03)  # a converted unit is rounded


def _words(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()
    for word in words:
        body = r"[\s\-‐‑–]+".join(re.escape(p) for p in re.split(r"[\s-]+", word.lower()))
        if re.search(rf"(?<![a-z0-9.,]){body}(?![a-z0-9])", low):
            return True
    return False


def compare(source: str, translation: str, *, local: str = "") -> list[Problem]:
    """Every source figure the English translation lacks, misstates or qualifies wrongly.

    ``local`` is the currency the page states for 元 alone (``（單位：新台幣，下同）``).
    """
    problems: list[Problem] = []
    quantities = source_quantities(source, local=local)
    if not quantities:
        return problems
    figures = english_figures(translation)
    starts = sorted(f.start for f in figures if f.kind in _CHANGE_KINDS)
    contexts: dict[int, tuple[str, str]] = {}  # each English figure's direction and base, once
    v = _vocab()
    for quantity in quantities:
        if quantity.kind == "phrase":
            if not _words(translation, quantity.alternatives):
                problems.append(
                    Problem(
                        quantity.text,
                        f"{quantity.text} is not rendered (accepted: "
                        f"{', '.join(quantity.alternatives)})",
                        " | ".join(quantity.alternatives),
                    )
                )
            continue
        matching = [f for f in figures if _matches(quantity, f)]
        if quantity.kind == "day" and not matching:
            matching = [f for f in figures if f.kind == "weekday"]
            said = [f for f in figures if f.kind == "ordinal" and 1 <= f.value <= 31]
            if quantity.period and re.search(rf"\b{quantity.period}\b", translation, re.I):
                if not said:
                    continue  # 今（3）日 rendered as "today"
        if not matching and quantity.kind == "year" and _YEAR_ON_YEAR.search(translation):
            if re.match(r"同[期月季]|同比", source_quantities_tail(source, quantity)):
                continue  # 較2022年同月上升 = up year on year
        if not matching and _said_as_period(source, quantity, translation):
            continue
        if not matching and quantity.total:
            # 兩年六個月 rendered as one figure: two and a half years, 30 months
            matching = [
                f
                for f in figures
                if f.unit is not None
                and f.unit.dimension == "time"
                and math.isclose(f.value * f.unit.factor, quantity.total, rel_tol=0.03)
            ]
        spelled = quantity.unit is None or not any(f.unit for f in figures)
        if not matching and spelled and quantity.one and _words(translation, v.one):
            continue
        if not matching and spelled and quantity.two and _words(translation, v.two):
            continue
        if not matching:
            problems.append(_missing(quantity, figures))
            continue
        if quantity.negative and not any(f.negative for f in matching):
            problems.append(
                Problem(
                    quantity.text,
                    f"{quantity.text} is negative; the translation's {matching[0].text!r} "
                    "has no minus sign or word of decline",
                    f"-{describe_value(quantity)}",
                    matching[0].text,
                )
            )
            continue
        context = _context_problem(quantity, matching, translation, starts, contexts)
        if context is not None:
            problems.append(context)
            continue
        if quantity.currency:
            priced = [f for f in matching if f.currency]
            accepted = quantity.currency.split()  # 元 alone: CNY, TWD or HKD by region
            if priced and not any(c in f.currency.split() for c in accepted for f in priced):
                problems.append(
                    Problem(
                        quantity.text,
                        f"{quantity.text} is in {_either(accepted)}; the translation gives "
                        f"{priced[0].text!r} in another currency",
                        f"{describe_value(quantity)} {quantity.currency}",
                        priced[0].text,
                    )
                )
                continue
        if quantity.approx in ("above", "below"):
            qualified = [f for f in matching if f.approx]
            opposite = "below" if quantity.approx == "above" else "above"
            if qualified and all(f.approx == opposite for f in qualified):
                says = "more than" if quantity.approx == "above" else "nearly / under"
                problems.append(
                    Problem(
                        quantity.text,
                        f"{quantity.text} says {says}; the translation's "
                        f"{qualified[0].text!r} says the opposite",
                        f"{says} {describe_value(quantity)}",
                        qualified[0].text,
                    )
                )
    return problems


_YEAR_ON_YEAR = re.compile(
    r"year[\s-]on[\s-]year|year[\s-]over[\s-]year|from a year (?:earlier|ago|before)"
    r"|than a year (?:earlier|ago|before)|\byoy\b|\by/y\b",
    re.IGNORECASE,
)


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def _said_as_period(source: str, quantity: Quantity, translation: str) -> bool:
    """首9個月 as "January-September"; 去年第四季 as "the previous quarter" (next to a Q1)."""
    unit = quantity.unit
    if unit is not None and unit.name == "month" and quantity.value == int(quantity.value):
        n = int(quantity.value)
        if 2 <= n <= 12:
            span = rf"\bJan(?:uary|\.)?\s*(?:-|–|to|through)\s*{_MONTH_NAMES[n - 1][:3]}"
            return re.search(span, translation) is not None
    if quantity.kind == "ordinal" and unit is not None and unit.name == "quarter":
        head = compact(unicodedata.normalize("NFKC", source))[
            max(0, quantity.start - 3) : quantity.start
        ]
        if head.endswith(("去年", "上年")):
            said = r"\b(?:previous|prior|preceding|last) quarter|quarter[\s-]on[\s-]quarter"
            return re.search(said, translation, re.I) is not None
    return False


def source_quantities_tail(source: str, quantity: Quantity) -> str:
    """The source text right after a quantity (offsets are in the compacted text)."""
    return compact(unicodedata.normalize("NFKC", source))[quantity.end : quantity.end + 4]


_EN_UP = (
    r"up|rose|rise|rises|rising|risen|increased?|increases|increasing|grew|grow|grows|growing"
    r"|gained?|gains|climbed|climbs?|higher|jumped|jumps?|surged?|soared|advanced"
    r"|rebounded|improved|expanded|widened|accelerated"
)
_EN_DOWN = (
    r"down|fell|falls?|falling|fallen|dropped|drops?|declined?|declines|declining|decreased?"
    r"|decreases|lower|lost|shed|slipped|slid|eased|contracted|shrank|dipped|plunged|tumbled"
    r"|negative|minus|loss|slump(?:ed)?|slowed|narrowed|cooled"
)
_EN_CHANGE = re.compile(rf"\b(?:({_EN_UP})|({_EN_DOWN}))\b", re.IGNORECASE)
_EN_CHANGE_AFTER = re.compile(rf"\b(?:({_EN_UP}|more)|({_EN_DOWN}|fewer|less))\b", re.IGNORECASE)
_EN_LEVEL = re.compile(r"\b(?:to|at|of|from|was|were|is|stood at|reached)\s*$", re.IGNORECASE)
_EN_YOY = re.compile(
    r"year[\s-]on[\s-]year|year[\s-]over[\s-]year|a year (?:earlier|ago|before)|annual"
    r"|same (?:period|month|quarter) (?:of )?last year|last year's|\byoy\b|\by/y\b",
    re.IGNORECASE,
)
_EN_SEQ = re.compile(
    r"(?:month|quarter)[\s-]on[\s-](?:month|quarter)|previous (?:month|quarter)|prior (?:month|"
    r"quarter)|sequential|from (?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)|\bmom\b|\bqoq\b",
    re.IGNORECASE,
)
_EN_CLAUSE = re.compile(r"[,;:()]|\band\b|\bwhile\b|\bbut\b")


def _english_context(text: str, figure: Figure, starts: list[int]) -> tuple[str, str]:
    """The direction and basis an English figure is given, as far as its clause says."""
    head = text[max(0, figure.start - 60) : figure.start]
    cut = max((m.end() for m in _EN_CLAUSE.finditer(head)), default=0)
    head = head[cut:]
    at = bisect.bisect_left(starts, figure.end)  # the next change figure ends the clause
    end = starts[at] if at < len(starts) else len(text)
    tail = text[figure.end : end]
    stop = _EN_CLAUSE.search(tail)
    near = tail[: stop.start()] if stop else tail
    direction = ""
    words = list(_EN_CHANGE.finditer(head))
    stripped = re.sub(
        r"(?:about|around|nearly|almost|some|more than|over|just|a|an|the|by|\s)+$",
        "",
        head.lower(),
    )
    if words and not _EN_LEVEL.search(stripped):
        direction = "up" if words[-1].group(1) else "down"
    elif not words or _EN_LEVEL.search(stripped):
        after = _EN_CHANGE_AFTER.search(near[:40])
        if after:
            direction = "up" if after.group(1) else "down"
    yoy = _EN_YOY.search(near) or (not near.strip() and _EN_YOY.search(head))
    seq = _EN_SEQ.search(near) or (not near.strip() and _EN_SEQ.search(head))
    basis = "yoy" if yoy and not seq else "seq" if seq and not yoy else ""
    return direction, basis


def _context_problem(
    quantity: Quantity,
    matching: list[Figure],
    translation: str,
    starts: list[int],
    seen: dict[int, tuple[str, str]],
) -> Problem | None:
    """A change the translation gives the other way round, or against the other base."""
    if quantity.kind not in _CHANGE_KINDS or not (quantity.direction or quantity.basis):
        return None
    contexts = []
    for figure in matching:
        if id(figure) not in seen:
            seen[id(figure)] = _english_context(translation, figure, starts)
        contexts.append(seen[id(figure)])
    for index, said in enumerate((quantity.direction, quantity.basis)):
        given = [c[index] for c in contexts if c[index]]
        if said and given and all(g != said for g in given):
            words = {
                "up": "a rise",
                "down": "a fall",
                "yoy": "year on year",
                "seq": "against the previous period",
            }
            return Problem(
                quantity.text,
                f"{quantity.text} is {words[said]}; the translation's {matching[0].text!r} "
                f"gives it as {words[given[0]]}",
                words[said],
                matching[0].text,
            )
    return None


def _missing(quantity: Quantity, figures: list[Figure]) -> Problem:
    expected = describe_value(quantity)
    digits = _significant(quantity.value)
    wrong = [
        f
        for f in figures
        if f.kind in _COMPATIBLE.get(quantity.kind, ())
        and digits
        and _significant(f.value) == digits
        and quantity.kind in ("amount", "percent", "points", "multiple")
    ]
    if wrong:
        message = (
            f"wrong magnitude: {quantity.text} is {expected}, the translation's "
            f"{wrong[0].text!r} is {wrong[0].value:,.10g}"
        )
        return Problem(quantity.text, message, expected, wrong[0].text)
    return Problem(
        quantity.text,
        f"{quantity.text} ({expected}) is missing from the translation",
        expected,
    )


def _significant(value: float) -> str:
    digits = f"{value:.10e}".split("e")[0].replace(".", "").rstrip("0")
    return digits
