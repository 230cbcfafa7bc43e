"""Tables that fit the page: column widths from their content, never a word cut.

Each column gets at least the width of its widest word (a figure, a date or a percentage
is one word and never wraps). When every cell fits on one line the rest of the line goes
to the text columns; otherwise the room left goes, a column at a time, to where it saves
the most lines of the table for each millimetre, so that a short name stays on one line
and the long texts share the rest. A table whose words cannot all fit a portrait line
asks for a landscape page (``Fit.landscape``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from thidua.core.wordlayout.metrics import text_width_mm

# Left and right padding of every table cell (each side), and what a width estimate
# leaves to spare for the renderer's rounding.
CELL_PADDING_MM = 1.4
SPARE = 1.06
# A text column never asks for more than this (its long texts wrap instead).
NATURAL_CAP_MM = 70.0


@dataclass(frozen=True)
class Column:
    """A table column: its title, and how its cells read. ``numeric`` cells (figures,
    dates, percentages) are right-aligned and never wrap; an ``index`` column (TT, STT)
    is narrow and centred."""

    title: str
    numeric: bool = False
    index: bool = False

    @property
    def unbreakable(self) -> bool:
        return self.numeric or self.index


@dataclass(frozen=True)
class Row:
    """A row of cells; ``bold`` for a totals row, ``italic`` for a breakdown under the
    row above ("trong đó: Nam")."""

    cells: Sequence[str]
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Fit:
    widths_mm: tuple[float, ...]
    landscape: bool


def _pad(width: float) -> float:
    return width * SPARE + 2 * CELL_PADDING_MM


class _Cell:
    """The words of one cell, measured once; ``lines(width)`` wraps them as a renderer
    would (between words only)."""

    def __init__(self, text: str, size_pt: float, bold: bool) -> None:
        self.words = [text_width_mm(w, size_pt, bold=bold) for w in text.split()]
        self.space = text_width_mm(" ", size_pt, bold=bold)
        self.full = sum(self.words) + self.space * max(len(self.words) - 1, 0)
        self.widest = max(self.words, default=0.0)

    def widths_for_fewer_lines(self, low: float, high: float) -> list[float]:
        """The widths between ``low`` and ``high`` at which the cell loses a line."""
        out: list[float] = []
        lines = self.lines(low)
        while lines > 1 and self.lines(high) < lines:
            a, b = low, high  # lines(a) == lines, lines(b) < lines
            for _ in range(24):
                mid = (a + b) / 2
                a, b = (mid, b) if self.lines(mid) >= lines else (a, mid)
            out.append(b)
            low, lines = b, self.lines(b)
        return out

    def lines(self, width: float) -> int:
        usable = (width - 2 * CELL_PADDING_MM) / SPARE
        if self.full <= usable:
            return 1
        count, line = 1, -self.space
        for w in self.words:
            if line + self.space + w > usable and line > 0:
                count, line = count + 1, w
            else:
                line += self.space + w
        return count


def column_widths(
    columns: Sequence[Column],
    rows: Sequence[Row],
    *,
    size_pt: float,
    portrait_mm: float,
    landscape_mm: float | None = None,
) -> Fit:
    """Widths (mm) that fill ``portrait_mm``, or ``landscape_mm`` when the widest words of
    every column cannot fit a portrait line (``landscape_mm`` None: stay portrait)."""
    grid = [[_Cell(c.title, size_pt, True) for c in columns]] + [
        [_Cell(str(v), size_pt, r.bold) for v in r.cells] for r in rows
    ]
    least: list[float] = []
    natural: list[float] = []
    for i, col in enumerate(columns):
        head, cells = grid[0][i], [row[i] for row in grid[1:]]
        if col.unbreakable:
            low = max([c.full for c in cells] + [head.widest])
            high = max(low, min(head.full / 3, 30.0))  # its title on three lines at most
        else:
            low = max(c.widest for c in [head, *cells])
            high = max(low, min(max((c.full for c in cells), default=0.0), NATURAL_CAP_MM))
            high = max(high, head.full / 3)
        least.append(_pad(low))
        natural.append(_pad(high))
    landscape = landscape_mm is not None and sum(least) > portrait_mm
    avail = landscape_mm if landscape and landscape_mm is not None else portrait_mm
    return Fit(tuple(_share(columns, grid, least, natural, avail)), landscape)


def _share(
    columns: Sequence[Column],
    grid: list[list[_Cell]],
    least: list[float],
    natural: list[float],
    avail: float,
) -> list[float]:
    n = len(columns)
    texts = [i for i, c in enumerate(columns) if not c.unbreakable] or list(range(n))
    if sum(natural) <= avail:
        # Every cell fits: what is left goes to the text columns, in proportion.
        total = sum(natural[i] for i in texts)
        extra = avail - sum(natural)
        return [
            w + (extra * w / total if i in texts and total else 0.0) for i, w in enumerate(natural)
        ]
    if sum(least) > avail:
        # Even the widest words do not fit: shrink in proportion (the renderer will wrap).
        scale = avail / sum(least)
        return [m * scale for m in least]
    widths = list(least)
    room = avail - sum(widths)
    # Where each cell loses a line as its column widens (at most to its natural width).
    breaks = [
        sorted({w for row in grid for w in row[c].widths_for_fewer_lines(least[c], natural[c])})
        for c in range(n)
    ]
    lines = [[cell.lines(widths[c]) for c, cell in enumerate(row)] for row in grid]
    while room > 1e-6:
        # Widen the column to the next width where it saves most lines of the table for
        # each millimetre, then most lines of text in its cells (a name unwrapped in a row
        # a longer text makes tall anyway).
        best: tuple[tuple[float, float], int, float, list[int]] | None = None
        for c in range(n):
            for width in [w for w in breaks[c] if widths[c] < w <= widths[c] + room][:6]:
                wider = [row[c].lines(width) for row in grid]
                rows_saved = sum(
                    max(row_lines) - max(*row_lines[:c], new, *row_lines[c + 1 :])
                    for row_lines, new in zip(lines, wider, strict=True)
                )
                cells_saved = sum(r[c] - new for r, new in zip(lines, wider, strict=True))
                cost = width - widths[c]
                rate = (rows_saved / cost, cells_saved / cost)
                if rate > (0, 0) and (best is None or rate > best[0]):
                    best = (rate, c, width, wider)
        if best is None:
            break
        _rate, c, width, wider = best
        room -= width - widths[c]
        widths[c] = width
        for row_lines, new in zip(lines, wider, strict=True):
            row_lines[c] = new
    # No single step saves a line any more: share the rest towards the natural widths,
    # text columns first.
    for group in (texts, [i for i in range(n) if i not in texts]):
        room = _fill(widths, natural, group, room)
    if room > 1e-6:
        for i in texts:
            widths[i] += room / len(texts)
    return widths


def _fill(widths: list[float], natural: list[float], group: list[int], room: float) -> float:
    """Share ``room`` among ``group`` in proportion to what each still lacks of its
    natural width, none beyond it; returns what is left."""
    lacking = {i: natural[i] - widths[i] for i in group if natural[i] > widths[i]}
    total = sum(lacking.values())
    if total <= 0 or room <= 0:
        return room
    given = min(room, total)
    for i, lack in lacking.items():
        widths[i] += given * lack / total
    return room - given
