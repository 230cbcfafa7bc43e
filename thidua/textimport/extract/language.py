"""Language detection by script and by a few function words.

Thai is told by its script. Vietnamese by the letters with Vietnamese diacritics (ă â đ ê
ô ơ ư and the tone marks). Unaccented Latin words count as English only when enough of
them are English function words; otherwise they are taken as names (Vietnamese names
without accents are common in Thai and English news) and left out of the vote.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_THAI = re.compile(r"[\u0e01-\u0e5b]")
_VI_LETTERS = frozenset("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_EN_FUNCTION = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "for",
        "on",
        "with",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "from",
        "at",
        "as",
        "that",
        "this",
        "which",
        "will",
        "shall",
        "an",
        "or",
        "its",
        "their",
        "has",
        "have",
        "had",
        "not",
        "it",
    ]
)

LANGUAGES = ("vi", "th", "en")


def detect_language(text: str) -> tuple[str, dict[str, float]]:
    """Return the main language ("vi", "th", "en", "mixed" or "unknown") and shares."""
    counts = {"vi": 0, "th": 0, "en": 0}
    plain_letters = 0
    plain_words = 0
    en_function = 0
    # A long text is decided well by its first 50,000 characters; this bounds the cost.
    sample = text[:50_000]
    for match in _WORD.finditer(sample):
        word = match.group()
        thai = len(_THAI.findall(word))
        if thai:
            counts["th"] += thai
            continue
        lowered = word.lower()
        if any(ch in _VI_LETTERS for ch in lowered):
            counts["vi"] += len(word)
            continue
        if not word.isascii():
            continue
        plain_words += 1
        plain_letters += len(word)
        if lowered in _EN_FUNCTION:
            en_function += 1
    if plain_words and en_function / plain_words >= 0.12:
        counts["en"] += plain_letters
    elif counts["vi"] and plain_letters:
        # Vietnamese typed without accents shares words with accented Vietnamese.
        counts["vi"] += plain_letters // 2
    total = sum(counts.values())
    if not total:
        return "unknown", {}
    shares = {k: round(v / total, 3) for k, v in counts.items() if v}
    best = max(shares, key=lambda k: shares[k])
    if shares[best] >= 0.7:
        return best, shares
    return "mixed", shares
