"""Numbered lists with their items and sub-bullets.

Administrative texts nest markers in a fixed order — ``I.`` roman, ``1.`` arabic,
``1.1.``, ``a)`` letters, ``-`` and ``+`` dashes — and the extractor ranks them the same
way: a list is a run of siblings numbered 1, 2, 3 … in one style, and an item's bullets
are its direct children (the next rank present under it). Plain lines between two items
continue the item above; plain lines after the last item end the list, since nothing
says they belong to it. Inline lists ("(1) …; (2) …") are found inside one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .spans import SpanSet
from .text import clean_snippet

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
_ROMAN.update({"IX": 9, "X": 10, "XI": 11, "XII": 12})

_LINE_MARKER = re.compile(
    r"[^\S\n]{0,8}(?:"
    r"(?P<sub>\d{1,2}\.\d{1,2})\.?[^\S\n]+"
    r"|\((?P<paren>\d{1,2})\)[^\S\n]*"
    r"|(?P<num>\d{1,2})[.)](?![\d.,])[^\S\n]*"
    r"|(?P<roman>(?:XI{0,2}|IX|IV|VI{0,3}|I{1,3}))[.)][^\S\n]+"
    r"|(?P<letter>[a-zđ])\)[^\S\n]+"
    r"|(?P<bullet>[-•●▪◦*+·‣⁃○■□➢➤✓])[^\S\n]+"
    r")"
)
_INLINE_MARKER = re.compile(r"(?<![^\s:;,.])(?:\((?P<a>\d{1,2})\)|(?P<b>\d{1,2})\))[^\S\n]")

_TH_NUMWORDS = {"หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7}
_TH_NUMWORDS.update({"แปด": 8, "เก้า": 9, "สิบ": 10})
_VI_NUMWORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6}
_VI_NUMWORDS.update({"bay": 7, "tam": 8, "chin": 9, "muoi": 10})
_EN_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_EN_NUMWORDS.update({"eight": 8, "nine": 9, "ten": 10})

_ANNOUNCED = re.compile(
    r"(?P<th>\d{1,2}|" + "|".join(_TH_NUMWORDS) + r")\s{0,2}(?:ประการ|ข้อ|กลุ่ม|ด้าน|เรื่อง|ส่วน|"
    r"หมวด|ขั้นตอน|ภารกิจ|เนื้อหา|เกณฑ์|แนวทาง|มาตรการ|เป้าหมาย|วัตถุประสงค์|นโยบาย)"
    r"|(?<![a-z0-9])(?P<vi>\d{1,2}|" + "|".join(_VI_NUMWORDS) + r")\s{1,2}(?:noi dung|"
    r"nhiem vu|nhom|tieu chi|giai phap|muc tieu|diem|phan|linh vuc|bien phap|chi tieu|"
    r"dinh huong|khau|doi tuong)(?![a-z])"
    r"|(?<![a-z0-9])(?P<en>\d{1,2}|" + "|".join(_EN_NUMWORDS) + r")\s{1,2}(?:[a-z-]{1,20}\s{1,2})"
    r"{0,2}?(?:contents|tasks|groups|criteria|points|items|solutions|objectives|measures|"
    r"areas|goals|targets|steps|actions|priorities|components|sections|subject groups)"
    r"(?![a-z])"
)

# Marker ranks: a smaller rank is a higher level of the outline.
_RANKS = {"roman": 0, "num": 1, "paren": 1, "sub": 2, "letter": 3}
_BULLET_RANKS = {"-": 4, "+": 5}


@dataclass
class _Line:
    start: int
    end: int
    kind: str  # "blank", "plain" or a marker kind
    rank: int
    number: int
    marker: str
    text_start: int


@dataclass
class RawBullet:
    start: int
    end: int
    marker: str
    text_start: int
    text_end: int


@dataclass
class RawItem:
    start: int
    end: int
    number: int
    marker: str
    text_start: int
    text_end: int
    children: list[tuple[int, RawBullet]] = field(default_factory=list)  # (rank, bullet)


@dataclass
class RawList:
    start: int
    end: int
    items: list[RawItem]
    heading: str
    heading_span: tuple[int, int] | None
    announced: int | None
    inline: bool
    confidence: float

    def bullets(self, item: RawItem) -> list[RawBullet]:
        """The item's direct children: those of the highest rank present under it."""
        if not item.children:
            return []
        top = min(rank for rank, _ in item.children)
        return [b for rank, b in item.children if rank == top]


def _classify(norm: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    n = len(norm)
    while pos <= n:
        nl = norm.find("\n", pos)
        end = n if nl < 0 else nl
        line = norm[pos:end]
        if not line.strip():
            lines.append(_Line(pos, end, "blank", 99, 0, "", pos))
        else:
            m = _LINE_MARKER.match(norm, pos, end)
            if m and m.end() < end:
                kind = next(k for k, v in m.groupdict().items() if v)
                raw = m.group(kind)
                if kind == "roman":
                    number = _ROMAN.get(raw, 0)
                elif kind in ("num", "paren"):
                    number = int(raw)
                elif kind == "letter":
                    number = ord(raw) - ord("a") + 1
                else:
                    number = 0
                rank = _RANKS.get(kind, _BULLET_RANKS.get(raw, 6))
                lines.append(_Line(pos, end, kind, rank, number, raw, m.end()))
            else:
                lines.append(_Line(pos, end, "plain", 99, 0, "", pos))
        if nl < 0:
            break
        pos = nl + 1
    return lines


def _announced(fold: str, start: int, end: int) -> int | None:
    last = None
    for m in _ANNOUNCED.finditer(fold, start, end):
        last = m
    if last is None:
        return None
    for group, words in (("th", _TH_NUMWORDS), ("vi", _VI_NUMWORDS), ("en", _EN_NUMWORDS)):
        val = last.group(group)
        if val:
            return int(val) if val.isdigit() else words.get(val)
    return None


def _heading(
    norm: str, fold: str, lines: list[_Line], first: int
) -> tuple[str, tuple[int, int] | None, int | None]:
    """The line that introduces the list at ``lines[first]`` and the count it announces."""
    j = first - 1
    while j >= 0 and lines[j].kind == "blank":
        j -= 1
    if j < 0 or first - j > 3:
        return "", None, None
    line = lines[j]
    announced = _announced(fold, max(line.start, line.end - 300), line.end)
    return clean_snippet(norm[line.start : line.end]), (line.start, line.end), announced


def find_lists(norm: str, fold: str) -> list[RawList]:
    """Find block lists (one item per line) and inline lists, in text order."""
    lines = _classify(norm)
    found: list[RawList] = []
    # Open lists by rank: each holds its items; closing one closes those below it.
    open_lists: dict[int, tuple[int, list[RawItem]]] = {}  # rank -> (first line idx, items)

    def close(rank_from: int) -> None:
        for rank in sorted([r for r in open_lists if r >= rank_from]):
            first_idx, items = open_lists.pop(rank)
            if len(items) >= 2:
                heading, hspan, announced = _heading(norm, fold, lines, first_idx)
                conf = 0.9 if announced in (None, len(items)) else 0.6
                found.append(
                    RawList(
                        items[0].start,
                        items[-1].end,
                        items,
                        heading,
                        hspan,
                        announced,
                        False,
                        conf,
                    )
                )

    def deepest_item(below_rank: int) -> RawItem | None:
        ranks = [r for r in open_lists if r < below_rank]
        if not ranks:
            return None
        return open_lists[max(ranks)][1][-1]

    def extend_open(end: int) -> None:
        for _, items in open_lists.values():
            items[-1].end = max(items[-1].end, end)

    pending: list[_Line] = []  # plain/blank lines whose fate depends on what follows
    for idx, line in enumerate(lines):
        if line.kind in ("blank", "plain"):
            if open_lists:
                pending.append(line)
                if len(pending) > 4:  # a long gap ends every open list
                    close(0)
                    pending.clear()
            continue
        numbered = line.kind in ("num", "paren", "roman")
        continues = False
        if numbered:
            current = open_lists.get(line.rank)
            continues = current is not None and current[1][-1].number + 1 == line.number
        else:
            continues = deepest_item(line.rank) is not None
        if pending:
            if continues:
                # The gap belongs to the item above: continuation text or a blank line.
                target = deepest_item(line.rank + 1 if numbered else line.rank)
                for p in pending:
                    if p.kind == "plain" and target is not None:
                        if target.children:
                            bullet = target.children[-1][1]
                            bullet.text_end = bullet.end = p.end
                        else:
                            target.text_end = p.end
                extend_open(pending[-1].end)
            else:
                close(0)
            pending.clear()
        if numbered:
            if continues:
                close(line.rank + 1)
                items = open_lists[line.rank][1]
            else:
                close(line.rank)
                if line.number != 1:
                    continue
                open_lists[line.rank] = (idx, [])
                items = open_lists[line.rank][1]
            items.append(
                RawItem(line.start, line.end, line.number, line.marker, line.text_start, line.end)
            )
            # Numbered lists are also children of the item above them.
            parent = deepest_item(line.rank)
            if parent is not None:
                parent.children.append(
                    (
                        line.rank,
                        RawBullet(line.start, line.end, line.marker, line.text_start, line.end),
                    )
                )
            extend_open(line.end)
        else:
            parent = deepest_item(line.rank)
            if parent is None:
                continue
            parent.children.append(
                (line.rank, RawBullet(line.start, line.end, line.marker, line.text_start, line.end))
            )
            extend_open(line.end)
    close(0)
    in_blocks = SpanSet((lst.start, lst.end) for lst in found)
    free_lines = [
        ln for ln in lines if ln.kind != "blank" and not in_blocks.overlaps(ln.start, ln.start + 1)
    ]
    found.extend(_inline_lists(norm, fold, free_lines))
    found.sort(key=lambda lst: lst.start)
    return found


def _inline_lists(norm: str, fold: str, lines: list[_Line]) -> list[RawList]:
    out: list[RawList] = []
    previous: _Line | None = None
    for line in lines:
        before, previous = previous, line
        markers = []
        expected = 1
        for m in _INLINE_MARKER.finditer(norm, line.start, line.end):
            number = int(m.group("a") or m.group("b"))
            if number == expected:
                markers.append(m)
                expected += 1
            elif number == 1:
                markers = [m]
                expected = 2
        if len(markers) < 2:
            continue
        items: list[RawItem] = []
        for i, m in enumerate(markers):
            stop = markers[i + 1].start() if i + 1 < len(markers) else line.end
            text_end = stop
            while text_end > m.end() and norm[text_end - 1] in " ;,.":
                text_end -= 1
            number = int(m.group("a") or m.group("b"))
            items.append(RawItem(m.start(), text_end, number, m.group().strip(), m.end(), text_end))
        head_start, head_end = line.start, markers[0].start()
        if not norm[head_start:head_end].strip() and before is not None:
            # The list opens its line: the line above introduces it.
            head_start, head_end = before.start, before.end
        heading = clean_snippet(norm[head_start:head_end])
        announced = _announced(fold, head_start, head_end)
        conf = 0.7 if announced in (None, len(items)) else 0.5
        out.append(
            RawList(
                items[0].start,
                items[-1].end,
                items,
                heading,
                (head_start, head_end) if heading else None,
                announced,
                True,
                conf,
            )
        )
    return out
