"""Figures: numbers with what they count, their qualifier and their kind.

Separators: Vietnamese writes ``11.300`` and ``2,5``; Thai and English write ``11,300``
and ``2.5``. A single separator followed by exactly three digits is a thousands
separator in the convention of the text's language; machine-translated texts mix
conventions, so a comma followed by three digits in a Vietnamese text is also read as
thousands, with a lower confidence. Two different separators are resolved by position
(the last one is the decimal mark).

What a figure counts: Vietnamese and English put the counted noun after the number
("2.028 tổ tự quản", "2,028 groups"); Thai puts a classifier after the number and the
noun before it ("กลุ่มบริหารจัดการตนเองจำนวน 2,028 กลุ่ม"), so Thai needs word
segmentation (see ``thai.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import thai
from .spans import SpanSet

_NUMBER = re.compile(r"(?<![a-z0-9_.,/:])(?<!\d-)\d+(?:[.,]\d+)*(?![a-z_/]|-\d|:\d)")

# Qualifiers before the number (folded text: no Vietnamese accents). Longer phrases come
# first among alternatives that can start at the same place.
_QUALIFIER_BEFORE = re.compile(
    r"(?:(?P<at_least>ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย|at least|no fewer than|no less than|"
    r"it nhat|toi thieu)"
    r"|(?P<at_most>ไม่เกิน|at most|up to|no more than|toi da|khong qua)"
    r"|(?P<more_than>มากกว่า|เกินกว่า|กว่า|เกิน|more than|over|above|upwards of|hon|tren)"
    r"|(?P<less_than>น้อยกว่า|ต่ำกว่า|less than|fewer than|under|below|duoi|chua den)"
    r"|(?P<nearly>เกือบ|nearly|almost|gan|xap xi)"
    r"|(?P<about>ประมาณ|ราว|about|around|approximately|roughly|some|khoang|chung|uoc))"
    r"\s{0,2}(?:จำนวน\s{0,2})?$"
)
_QUALIFIER_AFTER = re.compile(r"\s{0,2}(?:(?P<more_than>กว่า|\+|or more|plus|tro len))")

_IDENTIFIER_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:so|so hieu|thu|lan thu|khoa|dieu|khoan|muc|chuong|phan|trang|tap|"
    r"nghi quyet|quyet dinh|chi thi|ke hoach|chuong trinh|ket luan|cong van|thong tu|"
    r"nghi dinh|luat|no|nr|number|article|clause|section|chapter|page|part|item|point|"
    r"resolution|decision|directive|plan|programme|program|decree|law|conclusion|"
    r"circular|dispatch|letter|term|session|congress|room|grade|class|version|phase)\.?"
    r"|#|หมายเลข|ที่|ครั้งที่|ฉบับที่|ข้อ|มาตรา|หน้า|ชุดที่|รุ่นที่|สมัยที่|ลำดับที่|ระยะที่|ภาคที่|"
    r"ห้อง|เลขที่|ปีที่)\s{0,2}$"
)
_PERCENT_BEFORE = re.compile(r"(?:ร้อยละ|ty le|rate of)\s{0,2}$")

_SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "nghin": 1_000,
    "ngan": 1_000,
    "trieu": 1_000_000,
    "ty": 1_000_000_000,
    "ti": 1_000_000_000,
    "พัน": 1_000,
    "หมื่น": 10_000,
    "แสน": 100_000,
    "ล้าน": 1_000_000,
}
_SCALE_RE = re.compile(
    r"\s{0,2}(?P<scale>(?<![a-z])(?:thousand|million|billion|nghin|ngan|trieu|ty|ti)"
    r"(?![a-z])|พัน|หมื่น|แสน|ล้าน)"
)
_PERCENT_AFTER = re.compile(r"\s{0,2}(?:%|phan tram|percent|per cent|เปอร์เซ็นต์)")
_MONEY_WORDS = frozenset(
    [
        "dong",
        "vnd",
        "usd",
        "eur",
        "dollar",
        "dollars",
        "euro",
        "euros",
        "baht",
        "บาท",
        "ดอง",
        "ดอลลาร์",
        "ยูโร",
    ]
)
_TIME_WORDS = frozenset(
    [
        "year",
        "years",
        "month",
        "months",
        "day",
        "days",
        "week",
        "weeks",
        "hour",
        "hours",
        "minute",
        "minutes",
        "decade",
        "decades",
        "nam",
        "thang",
        "ngay",
        "tuan",
        "gio",
        "phut",
        "ปี",
        "เดือน",
        "วัน",
        "สัปดาห์",
        "ชั่วโมง",
        "นาที",
        "ทศวรรษ",
    ]
)
_ENUM_AFTER = re.compile(
    r"[\s,]{0,3}(?::|ได้แก่|ดังนี้|ดังต่อไปนี้|คือ|ประกอบด้วย|(?<![a-z])(?:gom|bao gom|sau day|"
    r"nhu sau|sau\s{0,2}:|namely|as follows|following|including|include|consisting of)(?![a-z]))"
)
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Words that end a counted phrase. Per language, because folding merges words across
# them: Vietnamese "tổ" (group) folds to "to", an English stop word.
_STOP_EN = frozenset(
    [
        "with",
        "of",
        "in",
        "for",
        "on",
        "at",
        "by",
        "to",
        "from",
        "and",
        "or",
        "which",
        "that",
        "who",
        "where",
        "whose",
        "was",
        "were",
        "is",
        "are",
        "have",
        "has",
        "had",
        "been",
        "be",
        "attended",
        "involving",
        "participating",
        "across",
        "per",
        "each",
        "this",
        "these",
    ]
)
# Compared with the accented word: folded, "từ" (from) and "tự" (self) are both "tu".
_STOP_VI = frozenset(
    [
        "với",
        "của",
        "trong",
        "cho",
        "và",
        "hoặc",
        "tại",
        "ở",
        "để",
        "từ",
        "đến",
        "tới",
        "trên",
        "dưới",
        "có",
        "được",
        "đã",
        "là",
        "thuộc",
        "nhằm",
        "theo",
        "như",
        "khi",
        "này",
        "do",
        "mà",
        "sẽ",
        "đang",
        "gồm",
        "sau",
    ]
)
_TH_FUNCTION = frozenset(
    [
        "และ",
        "หรือ",
        "ของ",
        "ที่",
        "ใน",
        "ซึ่ง",
        "โดย",
        "กับ",
        "แก่",
        "ต่อ",
        "ด้วย",
        "ตาม",
        "จาก",
        "สำหรับ",
        "เพื่อ",
        "มี",
        "ได้",
        "เป็น",
        "คือ",
        "ให้",
        "ได้แก่",
        "จำนวน",
        "ทั้งหมด",
        "รวม",
        "ทั้ง",
        "การ",
        "ความ",
        "ก็",
        "ยัง",
        "จะ",
        "แล้ว",
        "ไป",
        "มา",
        "อยู่",
        "กัน",
    ]
)
_TH_CUT = frozenset(
    ["เพื่อ", "ของ", "ใน", "ที่", "จาก", "สำหรับ", "ซึ่ง", "โดย", "กับ", "แก่", "ต่อ", "ด้วย", "ตาม"]
)
_TH_CHAR = re.compile(r"[\u0e01-\u0e4e]")
_CHUNK_BREAK = re.compile(r"[\s,;:()\[\]\"'“”.!?|/]")


@dataclass(frozen=True, slots=True)
class RawFigure:
    start: int
    end: int
    value: float | int
    kind: str
    qualifier: str | None
    counted: str
    unit: str
    confidence: float


def parse_number(token: str, language: str) -> tuple[float | int, float] | None:
    """Read a written number by the conventions of ``language``: ``(value, confidence)``."""
    if token.isdigit():
        return int(token), 0.9
    seps = [c for c in token if c in ".,"]
    groups = re.split(r"[.,]", token)
    if any(not g for g in groups):
        return None
    kinds = set(seps)
    if len(kinds) == 2:
        decimal = seps[-1]
        if seps.count(decimal) != 1:
            return None
        thousands = "," if decimal == "." else "."
        whole, frac = token.rsplit(decimal, 1)
        parts = whole.split(thousands)
        if len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]):
            return None
        return float("".join(parts) + "." + frac), 0.85
    sep = seps[0]
    if len(seps) > 1:
        if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        return int("".join(groups)), 0.9
    head, tail = groups
    if len(tail) == 3 and len(head) <= 3 and head != "0":
        if language == "vi":
            return int(head + tail), (0.9 if sep == "." else 0.6)
        if language in ("th", "en"):
            if sep == ",":
                return int(head + tail), 0.9
            return float(head + "." + tail), 0.6
        return int(head + tail), 0.6
    decimal_is_comma = language == "vi"
    if (sep == ",") == decimal_is_comma or language not in ("vi", "th", "en"):
        return float(head + "." + tail), 0.8
    return None  # e.g. "2,5" in an English text: not a number we can trust


def _qualifier(before: str) -> str | None:
    m = _QUALIFIER_BEFORE.search(before)
    if not m:
        return None
    return next(k for k, v in m.groupdict().items() if v)


def _thai_before_chunk(norm: str, pos: int) -> str:
    """The Thai words just before ``pos`` (one space-delimited chunk, or two)."""
    lo = max(0, pos - 80)
    window = norm[lo:pos]
    pieces = [p for p in _CHUNK_BREAK.split(window) if p]
    cleaned: list[str] = []
    while pieces and len(cleaned) < 2:
        piece = pieces.pop()
        piece = re.sub(
            r"(?:จำนวน|ทั้งหมด|รวม|มากกว่า|กว่า|เกือบ|ประมาณ|ราว|อย่างน้อย|ไม่น้อยกว่า)+$", "", piece
        )
        if piece and _TH_CHAR.search(piece):
            cleaned.append(piece)
            break
        if piece and not _TH_CHAR.search(piece):
            break
    return cleaned[0] if cleaned else ""


def _thai_counted(chunk: str, classifier: str) -> str:
    words = list(thai.segment(chunk))
    if not words:
        return ""
    start = 0
    if classifier:
        hits = [i for i, w in enumerate(words) if w == classifier or w.startswith(classifier)]
        if hits:
            start = hits[-1]
    while start < len(words) and words[start] in _TH_FUNCTION:
        start += 1
    picked: list[str] = []
    for i, w in enumerate(words[start:]):
        if i > 0 and w in _TH_CUT:
            break
        picked.append(w)
        if len(picked) >= 5:
            break
    while picked and picked[-1] in _TH_FUNCTION:
        picked.pop()
    return "".join(picked)


def _latin_counted(
    norm: str, fold: str, pos: int, end: int, stop: frozenset[str]
) -> tuple[str, str, int]:
    """Words after the number up to a stop word: ``(counted, first_word_folded, end)``."""
    words: list[str] = []
    first = ""
    last_end = pos
    for m in _LATIN_WORD.finditer(fold, pos, end):
        gap = fold[last_end : m.start()]
        if gap.strip(" ") or (words and "\n" in gap):
            break
        if m.group() in stop or norm[m.start() : m.end()].lower() in stop:
            break
        if not first:
            first = m.group()
        words.append(norm[m.start() : m.end()])
        last_end = m.end()
        if len(words) >= 5:
            break
    return " ".join(words), first, last_end


def find_figures(norm: str, fold: str, language: str, blocked: SpanSet) -> list[RawFigure]:
    """Find figures in the text (norm coordinates), skipping ``blocked`` spans."""
    out: list[RawFigure] = []
    for m in _NUMBER.finditer(fold):
        s, e = m.start(), m.end()
        if blocked.overlaps(s, e):
            continue
        if s > 0 and e < len(fold) and fold[s - 1] == "(" and fold[e] == ")":
            continue  # "(3)" is a marker or a count of comments, not a figure
        parsed = parse_number(m.group(), language)
        if parsed is None:
            continue
        value, conf = parsed
        line_start = fold.rfind("\n", 0, s) + 1
        before = fold[max(line_start, s - 40) : s]
        if _IDENTIFIER_BEFORE.search(before):
            continue
        line_end = fold.find("\n", e)
        line_end = len(fold) if line_end < 0 else line_end
        limit = min(line_end, e + 80)
        qualifier = _qualifier(before)
        span_start = s
        if qualifier:
            q = _QUALIFIER_BEFORE.search(before)
            assert q is not None
            span_start = s - (len(before) - q.start())
        pos = e
        qa = _QUALIFIER_AFTER.match(fold, pos, limit)
        if qa and not qualifier:
            qualifier = "more_than"
            pos = qa.end()
        sc = _SCALE_RE.match(fold, pos, limit)
        if sc:
            value = value * _SCALES[sc.group("scale")]
            pos = sc.end()
        kind = "number"
        counted = ""
        unit = ""
        unit_key = ""
        end = pos
        pa = _PERCENT_AFTER.match(fold, pos, limit)
        if pa or _PERCENT_BEFORE.search(before):
            kind, unit = "percent", "%"
            if pa:
                end = pa.end()
        else:
            rest = fold[pos:limit]
            stripped = rest.lstrip(" ")
            offset = pos + len(rest) - len(stripped)
            if stripped[:1] and _TH_CHAR.match(stripped[:1]):
                chunk_m = _CHUNK_BREAK.search(fold, offset, limit)
                chunk_end = chunk_m.start() if chunk_m else limit
                words = thai.segment(norm[offset:chunk_end])
                classifier = words[0] if words else ""
                if classifier and classifier not in _TH_FUNCTION:
                    unit = unit_key = classifier
                    end = offset + len(classifier)
                    counted = _thai_counted(_thai_before_chunk(norm, span_start), classifier)
                    if not counted:
                        counted = classifier
                    kind = "count"
            else:
                stop = _STOP_VI if language == "vi" else _STOP_EN
                counted, first, end_w = _latin_counted(norm, fold, offset, limit, stop)
                if counted:
                    end = end_w
                    # English puts the head noun last ("training classes"); Vietnamese
                    # phrases are short and head-first, so keep them whole.
                    unit = counted.split()[-1] if language == "en" else counted
                    unit_key = first
                    kind = "count"
            if unit_key in _TIME_WORDS:
                kind, counted, unit = "duration", "", unit_key
            elif unit_key in _MONEY_WORDS:
                kind, unit = "amount", norm[offset : offset + len(unit_key)]
            if kind == "count" and _ENUM_AFTER.match(fold, end, limit):
                kind = "enumeration"
            if kind == "count" and re.search(r"(?:following|sau day|ต่อไปนี้)\s{0,2}$", before):
                kind = "enumeration"
        # A bare number with nothing counted is shown but rarely worth keeping.
        conf = min(conf, 0.4 if kind == "number" else 0.85)
        out.append(RawFigure(span_start, max(end, e), value, kind, qualifier, counted, unit, conf))
    return out
