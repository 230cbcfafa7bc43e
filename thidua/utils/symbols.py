"""Parse and normalise Vietnamese document numbers and symbols ("số, ký hiệu").

A symbol is stored twice: exactly as printed, and in the parsed, normalised form built here.
Two grammars are in use and real texts mix them (docs/RULES.md §1):

State documents (Decree 30/2020/NĐ-CP, Art. 8 and Appendix III)
    ``NUMBER/TYPE-ISSUER[-UNIT...]``  e.g. ``2447/QĐ-TTg``, ``92/KH-BCĐNQ``, ``06/CT-BCA-V05``
    ``NUMBER/ISSUER-UNIT``            an official letter (công văn) has no type code:
                                      ``15/ABC-VP``
    ``NUMBER/YEAR/TYPE-ISSUER[-...]`` legal documents carry the year: ``98/2023/NĐ-CP``
    ``NUMBER/YEAR/ISSUER``            laws and ordinances print no type code at all:
                                      ``06/2022/QH15`` (the National Assembly, 15th term)

Party documents (Guideline 36-HD/VPTW, 2018)
    ``NUMBER-TYPE/ISSUER[-ISSUER2...]``  e.g. ``35-NQ/TW``, ``84-KH/HDND-BTGTU``

The first separator tells the grammars apart: ``/`` after the number is state style, ``-``
is party style. In the party grammar the type is always the code between ``-`` and ``/``.
In the state grammar without a year, whether the first code is a type or the issuer of a
công văn can only be told from the catalogue of type codes, so type codes are data: callers
pass the administrator's catalogue as ``type_codes`` and the defaults below are only the
published lists. In the year grammar a dash always follows a type code (``NĐ-CP``,
``TTLT-BCA-BQP``), so the first of several codes is the type even when it is not in the
catalogue, and a single code is the issuer with no type (laws: ``type_code is None``).

Normalisation (what ``normalized`` repairs):
- Unicode dash variants become ``-``; fraction, division and full-width slashes become ``/``;
  stray spaces around the separators go; a leading "Số", "No.", "หมายเลข", "ที่"... goes.
- Ð/ð (U+00D0/U+00F0) and Ɖ/ɖ become Đ/đ: Windows-1258 puts Đ/đ at the byte values
  where Latin-1 has Ð/ð, so text decoded with the wrong code page carries them.
- A type code is mapped to its catalogue spelling case- and D/Đ-insensitively
  (``QD`` → ``QĐ``, ``QDi`` → ``QĐi``, ``CTR`` → ``CTr``), because the catalogue is closed.
  Exact and case-only matches win over D/Đ-insensitive ones, so ``HD`` (guidance) stays
  ``HD`` and never becomes ``HĐ`` (contract); likewise ``DA`` (project) versus ``ĐA``
  (scheme). When D/Đ-insensitive matching is still ambiguous the code is kept as printed.
- Issuer codes are an open set (every body coins its own abbreviation), so they are only
  re-cased: a few well-known mixed-case codes get their canonical case (``TTG`` → ``TTg``)
  and an all-lower-case code is upper-cased. A plain D in an issuer is never turned into Đ:
  ``UBDT`` (Ủy ban Dân tộc) has a real D while ``BKHĐT`` has a real Đ, and guessing would
  store a symbol that was never printed. ``HDND`` therefore stays ``HDND``; the search key
  (which folds Đ to D) still matches it with ``HĐND``.
- The number keeps its printed digits, leading zero included (``06``).

``search_key`` is accent-free and upper-case, folds Đ to D and pads the number to at least
two digits (docs/RULES.md §1: numbers under 10 are printed with a leading zero, but real text
drops it), so every spelling of one symbol meets on one key. Distinct codes that differ only
by the stroke (``ĐA``/``DA``) share a key: a key match is a candidate, ``normalized`` decides.

This module is pure (no Django); nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DEFAULT_PARTY_TYPE_CODES",
    "DEFAULT_STATE_TYPE_CODES",
    "WELL_KNOWN_ISSUER_CODES",
    "ParsedSymbol",
    "SymbolMatch",
    "clean_symbol_text",
    "find_symbols",
    "parse_symbol",
    "symbol_search_key",
]


@dataclass(frozen=True)
class ParsedSymbol:
    """One document symbol, as printed and in canonical form."""

    printed: str
    normalized: str
    number: str
    year: int | None
    type_code: str | None
    issuers: tuple[str, ...]
    style: str
    search_key: str


@dataclass(frozen=True)
class SymbolMatch:
    """A symbol found in free text; ``text[start:end]`` is the symbol as printed."""

    start: int
    end: int
    parsed: ParsedSymbol


# --- Catalogue defaults -------------------------------------------------------------------

# Appendix III of Decree 30/2020/NĐ-CP: administrative documents and copies.
_ADMINISTRATIVE_TYPE_CODES = (
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
    "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB",
    "SY", "TrS", "SL",
)  # fmt: skip

# Legal documents (decrees, circulars, joint texts, orders of the President) use the year
# grammar with their own codes. Appendix III does not list them, but without them the
# default catalogue could not restore ``ND`` to ``NĐ`` in ``98/2023/ND-CP``.
_LEGAL_TYPE_CODES = ("NĐ", "TT", "TTLT", "NQLT", "L")

# Guideline 36-HD/VPTW adds these to the state list; TT there is a "thông tri".
_PARTY_EXTRA_TYPE_CODES = ("KL", "QĐi", "TT", "CV")

DEFAULT_STATE_TYPE_CODES: frozenset[str] = frozenset(_ADMINISTRATIVE_TYPE_CODES + _LEGAL_TYPE_CODES)
DEFAULT_PARTY_TYPE_CODES: frozenset[str] = DEFAULT_STATE_TYPE_CODES | frozenset(
    _PARTY_EXTRA_TYPE_CODES
)

# Issuer codes whose canonical case is known. Only case is ever restored from this list
# (see the module docstring); a trailing term number is allowed (QH15, UBTVQH14).
WELL_KNOWN_ISSUER_CODES: frozenset[str] = frozenset(
    (
        "TTg", "CP", "QH", "UBTVQH", "CTN", "VPCP", "VPQH", "TW", "VPTW", "TU", "HU", "ĐU",
        "UBND", "HĐND", "MTTQ", "BCA", "BQP", "BNV", "BTC", "BNG", "BTP", "BYT", "BCT",
        "BXD", "NHNN", "TANDTC", "VKSNDTC", "KTNN", "TTCP",
    )
)  # fmt: skip


# --- Character classes ----------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SLASHES = "\u2044\u2215\uff0f"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DJ_LOOKALIKES = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"}

_CLEAN_TABLE: dict[int, str | None] = {ord(ch): "-" for ch in _DASHES}
_CLEAN_TABLE.update({ord(ch): "/" for ch in _SLASHES})
_CLEAN_TABLE.update({ord(ch): None for ch in _INVISIBLE})
_CLEAN_TABLE.update({ord(k): v for k, v in _DJ_LOOKALIKES.items()})

_FOLD_DJ = str.maketrans({"Đ": "D", "đ": "d"})
# Only the Latin combining-diacritics block: Thai vowel and tone signs are combining marks
# too, but they tell Thai words apart, so a folded Thai string must keep them.
_LATIN_DIACRITICS = re.compile("[\u0300-\u036f]+")

# A code (type or issuer) after cleaning: ASCII letters and digits plus Đ/đ, starting with a
# letter. Codes are abbreviations; other Vietnamese letters do not occur in them.
_CODE = r"[A-Za-zĐđ][A-Za-z0-9Đđ]{0,19}"
_CODES = rf"{_CODE}(?:-{_CODE})*"
_NUMBER = r"[0-9]{1,6}"
_YEAR = r"(?:19|20)[0-9]{2}"

_STATE_RE = re.compile(rf"(?P<num>{_NUMBER})/(?:(?P<year>{_YEAR})/)?(?P<codes>{_CODES})")
_PARTY_RE = re.compile(rf"(?P<num>{_NUMBER})-(?P<type>{_CODE})/(?P<codes>{_CODES})")
_CODE_RE = re.compile(_CODE)
_TRAILING_DIGITS_RE = re.compile(r"(.*?[^0-9])([0-9]+)")

_SPACES_RE = re.compile(r"\s+")
_SEPARATOR_SPACES_RE = re.compile(r" ?([/-]) ?")

# Prefix words in folded form (see _fold). "so" covers Số/số/SỐ and the same word typed
# with a wrong or missing tone mark; "nº" is N + the ordinal indicator.
_PREFIX_WORDS = frozenset({"SO", "NO", "Nº", "NR", "NUMBER", "หมายเลข", "ที่", "เลขที่"})
_PREFIX_PUNCTUATION = ".:°º#"


# --- Folding and cleaning -------------------------------------------------------------------


def _fold(text: str) -> str:
    """Accent-free, upper-case form; Đ/đ become D. Thai and other scripts keep their marks."""
    folded = text.translate(_CLEAN_TABLE).translate(_FOLD_DJ).casefold().upper()
    folded = _LATIN_DIACRITICS.sub("", unicodedata.normalize("NFD", folded))
    return unicodedata.normalize("NFC", folded)


def _prefix_length(text: str) -> int:
    """Length of a leading prefix word ("Số: ", "No.", "ที่") in ``text``, or 0.

    A prefix is removed only when a digit follows it, so that "Sơ kết" or a plain word is
    never cut from a string that is not a symbol.
    """
    i = 0
    while i < len(text) and unicodedata.category(text[i])[0] in "LM":
        i += 1
    if i == 0 or _fold(text[:i]) not in _PREFIX_WORDS:
        return 0
    j = i
    while j < len(text) and j - i < 3 and text[j] in _PREFIX_PUNCTUATION:
        j += 1
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and "0" <= text[j] <= "9":
        return j
    return 0


def _strip_prefixes(text: str) -> str:
    # A few rounds cover stacked prefixes such as "Số: No. 15/...".
    for _ in range(3):
        cut = _prefix_length(text)
        if not cut:
            break
        text = text[cut:].lstrip()
    return text


def clean_symbol_text(text: str) -> str:
    """Return ``text`` with the typing noise around a symbol removed.

    Dash and slash variants become ``-`` and ``/``, invisible characters and Đ look-alikes
    are repaired, white space is collapsed, a leading "Số"/"No."/"หมายเลข"/"ที่" is removed,
    spaces around ``/`` and ``-`` are dropped, and the result is NFC. Never raises.
    """
    if not isinstance(text, str):
        return ""
    cleaned = unicodedata.normalize(
        "NFC", unicodedata.normalize("NFC", text).translate(_CLEAN_TABLE)
    )
    cleaned = _SPACES_RE.sub(" ", cleaned).strip()
    cleaned = _strip_prefixes(cleaned)
    return _SEPARATOR_SPACES_RE.sub(r"\1", cleaned).strip()


# --- Canonical codes ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    """Lookups over a set of codes: exact, case-insensitive, and case- and D/Đ-insensitive."""

    exact: frozenset[str]
    by_case: dict[str, tuple[str, ...]]
    by_fold: dict[str, tuple[str, ...]]


@lru_cache(maxsize=32)
def _catalogue(codes: frozenset[str]) -> _Catalogue:
    by_case: dict[str, list[str]] = {}
    by_fold: dict[str, list[str]] = {}
    for code in sorted(codes):
        by_case.setdefault(code.casefold(), []).append(code)
        by_fold.setdefault(_fold(code), []).append(code)
    return _Catalogue(
        exact=codes,
        by_case={k: tuple(v) for k, v in by_case.items()},
        by_fold={k: tuple(v) for k, v in by_fold.items()},
    )


def _usable_codes(type_codes: Iterable[str] | None) -> frozenset[str] | None:
    """The caller's catalogue as clean codes, or None for the defaults.

    Entries that are not strings or cannot be a code are skipped rather than rejected: the
    catalogue is administrator data and a bad row must not stop parsing.
    """
    if type_codes is None:
        return None
    if isinstance(type_codes, str):
        type_codes = (type_codes,)
    try:
        items = list(type_codes)
    except TypeError:
        return None
    usable = set()
    for item in items:
        if isinstance(item, str):
            code = unicodedata.normalize("NFC", item.strip().translate(_CLEAN_TABLE))
            if _CODE_RE.fullmatch(code):
                usable.add(code)
    return frozenset(usable)


def _sensible_case(code: str) -> str:
    # Mixed case can be deliberate (TTg, QĐi); only an all-lower-case code is upper-cased.
    return code if any(ch.isupper() for ch in code) else code.upper()


def _canonical_type(code: str, catalogue: _Catalogue) -> tuple[str, bool]:
    """The catalogue spelling of a printed type code, and whether the catalogue knows it.

    Whether a code is known depends only on its folded form, so every spelling of one
    symbol is read the same way (type or công văn issuer) by the state grammar.
    """
    if code in catalogue.exact:
        return code, True
    same_case = catalogue.by_case.get(code.casefold())
    if same_case:
        return same_case[0], True
    same_fold = catalogue.by_fold.get(_fold(code))
    if same_fold:
        return (same_fold[0] if len(same_fold) == 1 else _sensible_case(code)), True
    return _sensible_case(code), False


_ISSUERS = _catalogue(WELL_KNOWN_ISSUER_CODES)


def _canonical_issuer(code: str) -> str:
    known = _ISSUERS.by_case.get(code.casefold())
    if known:
        return known[0]
    split = _TRAILING_DIGITS_RE.fullmatch(code)
    if split:
        known = _ISSUERS.by_case.get(split.group(1).casefold())
        if known:
            return known[0] + split.group(2)
    return _sensible_case(code)


def _padded_number(number: str) -> str:
    return (number.lstrip("0") or "0").zfill(2)


# --- Parsing --------------------------------------------------------------------------------


def _parse_clean(
    printed: str, cleaned: str, codes: frozenset[str] | None
) -> tuple[ParsedSymbol, bool] | None:
    """Parse an already cleaned symbol; also say whether its first code is a known type."""
    state = _STATE_RE.fullmatch(cleaned)
    if state:
        catalogue = _catalogue(codes if codes is not None else DEFAULT_STATE_TYPE_CODES)
        number, year = state.group("num"), state.group("year")
        parts = state.group("codes").split("-")
        first, known = _canonical_type(parts[0], catalogue)
        if year is not None and len(parts) == 1:
            # A law or ordinance (06/2022/QH15): the only code is the issuer.
            type_code, issuers = None, parts
        elif len(parts) < 2:
            # "15/KH", "15/UBND", "50/KM": a type without an issuer, or an issuer without
            # a type or a drafting unit, is not a symbol.
            return None
        elif year is not None or known:
            type_code, issuers = first, parts[1:]
        else:
            # A công văn (15/ABC-VP): issuer and drafting unit, no type code.
            type_code, issuers = None, parts
        style = "state"
        head = f"{number}/{year}/" if year is not None else f"{number}/"
        year_value = int(year) if year is not None else None
    else:
        party = _PARTY_RE.fullmatch(cleaned)
        if not party:
            return None
        catalogue = _catalogue(codes if codes is not None else DEFAULT_PARTY_TYPE_CODES)
        number = party.group("num")
        type_code, known = _canonical_type(party.group("type"), catalogue)
        issuers = party.group("codes").split("-")
        style = "party"
        head = f"{number}-"
        year_value = None

    canonical_issuers = tuple(_canonical_issuer(code) for code in issuers)
    issuer_text = "-".join(canonical_issuers)
    if style == "party":
        tail = f"{type_code}/{issuer_text}"
    else:
        tail = f"{type_code}-{issuer_text}" if type_code is not None else issuer_text
    normalized = head + tail
    search_key = _fold(_padded_number(number) + normalized[len(number) :])
    parsed = ParsedSymbol(
        printed=printed,
        normalized=normalized,
        number=number,
        year=year_value,
        type_code=type_code,
        issuers=canonical_issuers,
        style=style,
        search_key=search_key,
    )
    return parsed, known


def parse_symbol(text: str, *, type_codes: Iterable[str] | None = None) -> ParsedSymbol | None:
    """Parse one symbol ("Số 2447/QĐ-TTg", "35-NQ/TW", "06/2022/QH15").

    ``type_codes`` is the catalogue of type codes (both grammars); by default the state
    grammar uses DEFAULT_STATE_TYPE_CODES and the party grammar DEFAULT_PARTY_TYPE_CODES.
    Returns None when ``text`` is not a symbol. Never raises.
    """
    if not isinstance(text, str):
        return None
    printed = _strip_prefixes(text.strip()).strip()
    result = _parse_clean(printed, clean_symbol_text(printed), _usable_codes(type_codes))
    return result[0] if result else None


def symbol_search_key(text: str) -> str:
    """A key on which every spelling of one symbol meets ("2447/QD-TTG").

    For a string that is not a symbol, the folded form of the cleaned string. The key is
    idempotent: the key of a key is the key itself.
    """
    if not isinstance(text, str):
        return ""
    parsed = parse_symbol(text)
    if parsed:
        return parsed.search_key
    # Cleaning again after folding: removing diacritics can bring spaces or a prefix word
    # together that cleaning could not see before, and the key must be a fixed point.
    folded = clean_symbol_text(_fold(clean_symbol_text(text)))
    # Folding can also turn a non-symbol into a symbol ("15/ÁBC-VP" → "15/ABC-VP").
    parsed = parse_symbol(folded)
    return parsed.search_key if parsed else folded


# --- Finding symbols in free text -----------------------------------------------------------

_D_LIKE = "ĐđÐðƉɖ"
_FREE_CODE_CHARS = f"A-Za-z0-9{_D_LIKE}"
# A code in running text must start with a capital: "24-hour/day" or "1-in/2" are prose.
_FREE_CODE = rf"[A-Z{_D_LIKE}][{_FREE_CODE_CHARS}]{{0,19}}"
# Any Latin letter, digit or Latin diacritic: a code must not run on into a word
# ("TWấ"). Thai letters may touch a symbol, because Thai is written without spaces.
_LATIN_RUN = f"[{_FREE_CODE_CHARS}\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]"
_FREE_SEG = rf"{_FREE_CODE}(?!{_LATIN_RUN})"
_DASH_CLASS = f"[-{_DASHES}]"
_SLASH_CLASS = f"[/{_SLASHES}]"
_SPACE = r"[ \t\u00a0\u202f]?"  # one stray space around a slash, as typed
_FREE_SYMBOL_RE = re.compile(
    rf"(?<![0-9A-Za-z])[0-9]{{1,6}}(?:"
    rf"{_SPACE}{_SLASH_CLASS}{_SPACE}(?:{_YEAR}{_SPACE}{_SLASH_CLASS}{_SPACE})?"
    rf"{_FREE_SEG}(?:{_DASH_CLASS}{_FREE_SEG})*"
    rf"|{_DASH_CLASS}{_FREE_SEG}{_SPACE}{_SLASH_CLASS}{_SPACE}{_FREE_SEG}"
    rf"(?:{_DASH_CLASS}{_FREE_SEG})*"
    rf")"
)

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
# Each alternative may only start where a run of its characters starts (the look-behinds):
# otherwise a long run without "://" or "@" is rescanned from every position, which is
# quadratic in the length of the text.
_URL_RE = re.compile(
    rf"(?<![A-Za-z0-9+.\-])(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.){_URL_CHARS}+"
    rf"|(?<![A-Za-z0-9@.\-])(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{{2,}}(?::[0-9]+)?/{_URL_CHARS}*"
    rf"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)


def _joins_word(ch: str) -> bool:
    """True when ``ch`` would make a symbol part of a larger Latin word or number."""
    if ch.isdigit() or ch == "_" or "\u0300" <= ch <= "\u036f":
        return True
    if ch.isascii():
        return ch.isalnum()
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole token rather than a piece of something else."""
    if start > 0:
        before = text[start - 1]
        earlier = text[start - 2] if start > 1 else ""
        if _joins_word(before) or before in "/\\@=&?%+" + _SLASHES:
            return False
        # "2020-35-NQ/TW" or "abc-15/ABC-VP" is a compound; "1.92/KH-X" and "1,92/KH-X" are
        # decimal numbers; "No.2447/QĐ-TTg" is a prefix and fine.
        if (before == "-" or before in _DASHES) and earlier and _joins_word(earlier):
            return False
        if before in ".," and earlier.isdigit():
            return False
    if end < len(text):
        after = text[end]
        later = text[end + 1] if end + 1 < len(text) else ""
        if after in "/_@\\" + _SLASHES:
            return False
        # "15/ABC-VP-2023", "92/KH-X.pdf": something continues that the grammar does not know.
        if (after == "-" or after in _DASHES or after == ".") and later and _joins_word(later):
            return False
    return True


def find_symbols(text: str, *, type_codes: Iterable[str] | None = None) -> list[SymbolMatch]:
    """Every symbol in free text (any language around it), in order, without overlaps.

    Running text is read more strictly than a string handed to parse_symbol: codes must
    start with a capital letter, the first code must have two letters unless the catalogue
    knows it, and symbols inside URLs or e-mail addresses are ignored. Dates (22/10/2018),
    fractions, percentages and phone numbers have no code and are never reported.
    Never raises.
    """
    if not isinstance(text, str):
        return []
    codes = _usable_codes(type_codes)
    urls = [match.span() for match in _URL_RE.finditer(text)]
    found: list[SymbolMatch] = []
    pos = 0
    while True:
        match = _FREE_SYMBOL_RE.search(text, pos)
        if match is None:
            return found
        start, end = match.span()
        pos = start + 1
        if not _stands_alone(text, start, end):
            continue
        if any(url_start < end and start < url_end for url_start, url_end in urls):
            continue
        printed = text[start:end]
        result = _parse_clean(printed, clean_symbol_text(printed), codes)
        if result is None:
            continue
        parsed, known = result
        first_code = parsed.type_code if parsed.type_code is not None else parsed.issuers[0]
        if len(first_code) < 2 and not known:
            # "10-K/A", "305/B-2": one-letter codes in prose are labels, not symbols.
            continue
        found.append(SymbolMatch(start=start, end=end, parsed=parsed))
        pos = end
