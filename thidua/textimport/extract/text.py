"""Offset-preserving normalisation of the input text.

The extractors run their patterns over two derived strings, ``norm`` (Thai digits made
ASCII, dash and space variants unified, NFC) and ``fold`` (``norm`` lower-cased with the
Latin diacritics removed and đ → d, so that Vietnamese keywords are matched without
caring about accents or case). Both have the same length, and ``to_orig`` maps a span of
either back to the original text, so every reported span points into what the officer
pasted. For NFC input (nearly all real input) the mapping is the identity and costs
nothing; decomposed input goes through a slower per-character path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .items import Span

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

# One-to-one replacements, so that offsets never move. Dashes: hyphen, non-breaking
# hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
_ONE_TO_ONE = {ord(d): str(i) for i, d in enumerate(THAI_DIGITS)}
_ONE_TO_ONE.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_ONE_TO_ONE.update({ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u3000\t\f\v"})
# Zero-width characters would change lengths if removed; turn them into spaces instead.
_ONE_TO_ONE.update({ord(c): " " for c in "\u200b\u200c\u200d\ufeff"})
_ONE_TO_ONE.update({ord("\r"): "\n", ord("\u2028"): "\n", ord("\u2029"): "\n"})
_ONE_TO_ONE.update({ord(c): "'" for c in "\u2018\u2019"})
_ONE_TO_ONE.update({ord(c): '"' for c in "\u201c\u201d"})


class _FoldTable(dict[int, str]):
    """A lazily filled ``str.translate`` table: lower-case, strip Latin diacritics.

    Every entry maps one character to exactly one character, which keeps ``fold`` the
    same length as ``norm``.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch
        if ch in "đĐ":
            out = "d"
        elif code < 0x0E00 or code > 0x0E7F:  # leave Thai alone: its marks carry meaning
            base = unicodedata.normalize("NFD", ch)[:1] or ch
            lowered = base.lower()
            out = lowered if len(lowered) == 1 else ch
        self[code] = out
        return out


_FOLD = _FoldTable()
_COMBINING_LATIN = re.compile("[\u0300-\u036f]")


@dataclass(frozen=True, slots=True)
class WorkingText:
    """The original text and its normalised forms with an offset map back to it."""

    original: str
    norm: str
    fold: str
    # starts[i]/ends[i]: the original span of the cluster that produced norm[i]; None
    # when norm and original align one to one.
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    def to_orig(self, start: int, end: int) -> Span:
        """Map a ``[start, end)`` span of ``norm``/``fold`` to the original text."""
        if self.starts is None or self.ends is None:
            return (start, end)
        n = len(self.norm)
        if n == 0:
            return (0, 0)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        o_start = self.starts[start] if start < n else len(self.original)
        o_end = self.ends[end - 1] if end > start else o_start
        return (o_start, max(o_start, o_end))

    def orig_text(self, start: int, end: int) -> str:
        """The original characters behind a span of ``norm``."""
        s, e = self.to_orig(start, end)
        return self.original[s:e]


def _compose_with_map(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """NFC-compose ``text`` cluster by cluster, remembering each cluster's source span."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        if 0x0E00 <= ord(text[i]) <= 0x0E7F or not _COMBINING_LATIN.search(cluster):
            pieces = cluster
        else:
            # A Latin base with marks that have no precomposed form: keep the base only,
            # the marks are diacritics that ``fold`` would drop anyway.
            pieces = _COMBINING_LATIN.sub("", cluster) or cluster
        for ch in pieces:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), tuple(starts), tuple(ends)


def prepare(text: str) -> WorkingText:
    """Build the working forms of ``text``."""
    # Lone surrogates (from bad decoding) are not encodable and break nothing here, but
    # NFC checks reject nothing either, so no special case is needed.
    if unicodedata.is_normalized("NFC", text) and not _COMBINING_LATIN.search(text):
        composed, starts, ends = text, None, None
    else:
        composed, s, e = _compose_with_map(text)
        starts, ends = s, e
        if composed == text:
            starts = ends = None
    norm = composed.translate(_ONE_TO_ONE)
    fold = norm.translate(_FOLD)
    if len(fold) != len(norm):  # cannot happen by construction; keep offsets honest
        fold = norm.lower() if len(norm.lower()) == len(norm) else norm
    return WorkingText(original=text, norm=norm, fold=fold, starts=starts, ends=ends)


def line_bounds(text: str, pos: int) -> Span:
    """The ``[start, end)`` of the line holding ``pos`` (without the newline)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return (start, len(text) if end < 0 else end)


def clean_snippet(text: str, limit: int = 160) -> str:
    """Collapse white space and shorten a snippet for display."""
    snippet = " ".join(text.split())
    return snippet if len(snippet) <= limit else snippet[: limit - 1].rstrip() + "…"
