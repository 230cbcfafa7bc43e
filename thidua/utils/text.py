"""Text folding for search: accent-, case- and spacing-insensitive keys.

Vietnamese is folded by removing combining diacritics (U+0300–U+036F, which covers the
tone marks and the horn of ơ/ư after NFD) and mapping đ/Đ to d. Thai is left intact:
its vowel and tone signs are combining marks too, but they distinguish words, so only
the Latin diacritic block is stripped.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics, collapse white space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not 0x300 <= ord(ch) <= 0x36F)
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip().casefold()
