"""Small helpers over ``(start, end)`` spans in normalised-text coordinates."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from .items import Span


class SpanSet:
    """A set of non-overlapping-or-overlapping spans with a fast overlap test.

    The extractors claim the characters they consume (a date claims its digits) so that
    later extractors do not read the same digits again (a year inside a date is not a
    figure). Lookups are ``O(log n)`` after a sort.
    """

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: list[Span] = sorted(s for s in spans if s[1] > s[0])
        self._starts = [s[0] for s in self._spans]
        self._max_len = max((e - s for s, e in self._spans), default=0)

    def add(self, span: Span) -> None:
        if span[1] <= span[0]:
            return
        i = bisect.bisect_left(self._starts, span[0])
        self._spans.insert(i, span)
        self._starts.insert(i, span[0])
        self._max_len = max(self._max_len, span[1] - span[0])

    def overlaps(self, start: int, end: int) -> bool:
        """True if any stored span shares a character with ``[start, end)``."""
        if end <= start or not self._spans:
            return False
        # Only spans starting before ``end`` and no earlier than start - max_len matter.
        hi = bisect.bisect_left(self._starts, end)
        lo = bisect.bisect_left(self._starts, start - self._max_len)
        return any(self._spans[i][1] > start for i in range(lo, hi))

    def __iter__(self) -> Iterator[Span]:
        return iter(self._spans)


def pick_longest(candidates: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Keep the longest of overlapping candidates (ties: the earlier one), in text order."""
    chosen: list[tuple[int, int, object]] = []
    taken = SpanSet()
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if not taken.overlaps(cand[0], cand[1]):
            chosen.append(cand)
            taken.add((cand[0], cand[1]))
    chosen.sort(key=lambda c: c[0])
    return chosen
