"""Thai word segmentation through PyThaiNLP, strictly offline.

Thai is written without spaces between words, so finding "what a figure counts" needs a
segmenter. PyThaiNLP's ``newmm`` engine uses a dictionary shipped inside the package; no
model or corpus is downloaded. The switches below are set before the first import so
that the library neither tries the network nor writes a data directory in the home of
the web server; a deployment may still override them in its environment.

If PyThaiNLP is missing, a crude fallback splits on spaces, and only the precision of
the Thai figure descriptions suffers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

_Tokenizer = Callable[[str], list[str]]


@lru_cache(maxsize=1)
def _tokenizer() -> _Tokenizer | None:
    try:
        from pythainlp.tokenize import word_tokenize
    except Exception:
        return None

    def tokenize(text: str) -> list[str]:
        return list(word_tokenize(text, engine="newmm", keep_whitespace=False))

    try:
        tokenize("ทดสอบ")  # builds the dictionary trie once, and proves it works offline
    except Exception:
        return None
    return tokenize


def available() -> bool:
    """True when PyThaiNLP's segmenter works here."""
    return _tokenizer() is not None


@lru_cache(maxsize=4096)
def segment(text: str) -> tuple[str, ...]:
    """Split a short Thai chunk into words (cached: the same chunks recur)."""
    if not text:
        return ()
    tok = _tokenizer()
    if tok is None:
        return tuple(text.split())
    try:
        return tuple(t for t in tok(text) if t.strip())
    except Exception:
        return tuple(text.split())
