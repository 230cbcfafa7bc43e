"""How wide a text prints in Times New Roman, to size table columns and drawn lines.

The advance widths of the printable ASCII characters in thousandths of an em (Times New
Roman, and Liberation Serif which has the same metrics), regular and bold. A Vietnamese
letter is as wide as its base letter (its marks sit above or below); the letters with a
horn or a bar have their own widths. An estimate within a few per cent: enough to know
whether a word fits a column, never used to place text.
"""

from __future__ import annotations

import unicodedata

_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722,
    667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
    556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444,
    500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278,
    500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip
_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722,
    667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
    556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444,
    556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333,
    556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)  # fmt: skip
# (regular, bold) of the letters whose base letter is not ASCII or that are wider than it.
_OWN = {
    "Đ": (722, 722),
    "đ": (500, 556),
    "Ơ": (722, 778),
    "ơ": (529, 554),
    "Ư": (776, 796),
    "ư": (542, 600),
    "–": (500, 500),
    "—": (1000, 1000),
    "“": (444, 500),
    "”": (444, 500),
    "‘": (333, 333),
    "’": (333, 333),
    "…": (1000, 1000),
    "×": (564, 570),
    "\u00a0": (250, 250),
}
_PT_TO_MM = 25.4 / 72


def _em(ch: str, bold: bool) -> int:
    own = _OWN.get(ch)
    if own is not None:
        return own[bold]
    base = unicodedata.normalize("NFD", ch)[0]
    own = _OWN.get(base)
    if own is not None:
        return own[bold]
    code = ord(base)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32]
    return 500


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Printed width of ``text`` on one line, in millimetres."""
    return sum(_em(ch, bold) for ch in text) / 1000 * size_pt * _PT_TO_MM
