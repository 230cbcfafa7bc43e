"""The layout rules of docs/RULES.md §1, checked on a finished .docx (read back with
python-docx): what every export's tests assert, whatever wrote the file.

``check(data)`` reads the document, raises ``AssertionError`` naming every rule it breaks,
and returns a ``Reading`` (header lines, number and date lines, title, signer block,
recipients, tables) for the caller's own assertions.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document as read_docx
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

from thidua.core.wordlayout import document as layout
from thidua.core.wordlayout.metrics import text_width_mm
from thidua.core.wordlayout.tables import CELL_PADDING_MM

_DATE_RE = re.compile(r"^(?P<place>[^,\d]+), ngày (?P<d>\d+) tháng (?P<m>\d+) năm (?P<y>\d{4})$")
_STATE_NUMBER_RE = re.compile(
    r"^Số: (?:\d{2,}|\s{3,})/[A-Za-zĐđ]+(?:-[A-Za-zĐđ0-9]+)*(?: \(minh họa\))?$"
)
_PARTY_NUMBER_RE = re.compile(
    r"^Số (?:\d{2,}|\s{3,})-[A-Za-zĐđ]+/[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*(?: \(minh họa\))?$"
)
_PLACE_KINDS = ("Tỉnh ", "Thành phố ", "Huyện ", "Xã ", "Phường ", "Quận ", "Thị xã ")


def _mm(length: Length | None) -> float:
    return 0.0 if length is None else length.mm


@dataclass
class Reading:
    left: list[str] = field(default_factory=list)  # header, left: superior, issuer
    right: list[str] = field(default_factory=list)  # national title, motto
    number: str = ""
    date: str = ""
    kind: str = ""
    summary: str = ""
    paragraphs: list[str] = field(default_factory=list)  # the body, top-level paragraphs
    tables: list[list[list[str]]] = field(default_factory=list)  # content tables' texts
    recipients: list[str] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)  # authority and title lines
    signer_name: str = ""
    sections: list[tuple[float, float]] = field(default_factory=list)  # page (w, h) in mm

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _size(p: Paragraph) -> set[float]:
    return {r.font.size.pt for r in p.runs if r.font.size is not None and r.text.strip()}


def _bold(p: Paragraph) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def _border_length(p: Paragraph, box_mm: float) -> float | None:
    """The length of a drawn line (a top border) centred in ``box_mm``, None if none."""
    p_pr = p._p.pPr
    if p_pr is None or p_pr.find(qn("w:pBdr")) is None or p.text.strip():
        return None
    pf = p.paragraph_format
    return box_mm - _mm(pf.left_indent) - _mm(pf.right_indent)


def _after(paragraphs: list[Paragraph], p: Paragraph) -> list[Paragraph]:
    at = [q._p for q in paragraphs].index(p._p)
    return paragraphs[at + 1 :]


def _grid_mm(table: Table) -> list[float]:
    return [
        int(c.get(qn("w:w"))) * 25.4 / 1440 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))
    ]


def _check_grid(table: Table, name: str, errors: list[str]) -> list[float]:
    grid = _grid_mm(table)
    for r, row in enumerate(table.rows):
        cells = [_mm(c.width) for c in row.cells]
        if any(abs(a - b) > 0.2 for a, b in zip(grid, cells, strict=True)):
            errors.append(f"{name}: row {r} cell widths {cells} differ from the grid {grid}")
    return grid


def check(data: bytes) -> Reading:
    doc = read_docx(io.BytesIO(data))
    errors: list[str] = []
    reading = Reading()

    # -- page
    for i, s in enumerate(doc.sections):
        w, h = _mm(s.page_width), _mm(s.page_height)
        reading.sections.append((w, h))
        if sorted((round(w), round(h))) != [210, 297]:
            errors.append(f"section {i}: page {w:.0f} × {h:.0f} mm is not A4")
        margins = {
            "top": (_mm(s.top_margin), 20, 25),
            "bottom": (_mm(s.bottom_margin), 20, 25),
            "left": (_mm(s.left_margin), 30, 35),
            "right": (_mm(s.right_margin), 15, 20),
        }
        for side, (value, low, high) in margins.items():
            if not low - 0.1 <= value <= high + 0.1:
                errors.append(f"section {i}: {side} margin {value:.1f} mm outside {low}–{high}")
    first = doc.sections[0]
    if not first.different_first_page_header_footer:
        errors.append("page 1 carries a page number (no different first page)")
    header_xml = first.header._element.xml
    if "PAGE" not in header_xml:
        errors.append("no page number field in the page header")
    if first.header.paragraphs and first.header.paragraphs[0].alignment != 1:
        errors.append("the page number is not centred")
    if "PAGE" in first.first_page_header._element.xml:
        errors.append("page 1's header shows a page number")
    for s in doc.sections[1:]:
        if s.different_first_page_header_footer:
            errors.append("a later section hides its first page number")

    # -- fonts
    normal = doc.styles["Normal"]
    if normal.font.name != layout.FONT:
        errors.append(f"body font is {normal.font.name}, not {layout.FONT}")
    if normal.font.size is None or not 13 <= normal.font.size.pt <= 14:
        errors.append(f"body size {normal.font.size} is not 13–14 pt")
    for r in doc.element.body.iter(qn("w:rFonts")):
        for attr in ("ascii", "hAnsi"):
            value = r.get(qn(f"w:{attr}"))
            if value not in (None, layout.FONT):
                errors.append(f"a run is set in {value}")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for r in defaults.iter(qn("w:rFonts")):
            if r.get(qn("w:asciiTheme")) or r.get(qn("w:ascii")) not in (None, layout.FONT):
                errors.append("the document defaults name another font")
    if doc.core_properties.author in ("", "python-docx"):
        errors.append("the file's author is not the issuer")

    # -- header block
    tables = doc.tables
    if len(tables) < 2:
        raise AssertionError("no header block and closing block tables")
    head = tables[0]
    widths = _check_grid(head, "header block", errors)
    if len(head.columns) != 2 or len(head.rows) != 2:
        errors.append("the header block is not a two-column table")
    left, right = head.rows[0].cells
    left_box = widths[0] - 2 * CELL_PADDING_MM
    right_box = widths[1] - 2 * CELL_PADDING_MM
    reading.left = [" ".join(p.text.split()) for p in left.paragraphs if p.text.strip()]
    reading.right = [" ".join(p.text.split()) for p in right.paragraphs if p.text.strip()]
    titles = [p for p in right.paragraphs if p.text in (layout.NATIONAL_TITLE, layout.PARTY_TITLE)]
    party = bool(titles) and titles[0].text == layout.PARTY_TITLE
    if not titles:
        errors.append("the national title is not one paragraph on one line")
    else:
        if not _bold(titles[0]) or not _size(titles[0]) <= {12, 13, 14}:
            errors.append("the national title is not bold 12–13 pt")
        need = text_width_mm(titles[0].text, max(_size(titles[0]) or {12}), bold=True)
        if need > right_box:
            errors.append(f"the national title ({need:.0f} mm) is wider than its cell")
    if not party:
        motto = [p for p in right.paragraphs if p.text == layout.MOTTO]
        if not motto or not _bold(motto[0]) or not _size(motto[0]) <= {13, 14}:
            errors.append("the motto is not a bold 13–14 pt paragraph")
        else:
            after = _after(right.paragraphs, motto[0])
            line = next((x for x in (_border_length(p, right_box) for p in after) if x), None)
            size = max(_size(motto[0]))
            motto_mm = text_width_mm(layout.MOTTO, size, bold=True)
            if line is None or abs(line - motto_mm) > motto_mm * 0.12:
                errors.append(
                    f"the line under the motto ({line}) is not its length ({motto_mm:.0f})"
                )
        names = [p for p in left.paragraphs if _bold(p)]
        if not names:
            errors.append("the issuer is not in bold")
        else:
            name = names[-1]
            widest = max(
                text_width_mm(x, max(_size(name) or {12}), bold=True) for x in name.text.split("\n")
            )
            after = _after(left.paragraphs, name)
            line = next((x for x in (_border_length(p, left_box) for p in after) if x), None)
            if line is None or not widest / 3 - 1 <= line <= widest / 2 + 1:
                errors.append(f"the line under the issuer ({line}) is not 1/3–1/2 of {widest:.0f}")
            if any(r.underline for p in left.paragraphs for r in p.runs):
                errors.append("the issuer's line is underlined text, not a drawn line")
        for line_text in reading.left:
            if line_text.startswith(tuple(k.upper() for k in _PLACE_KINDS)):
                errors.append(f"the header names a place as a body: {line_text}")
    number_cell, date_cell = head.rows[1].cells
    reading.number = number_cell.text.strip("\n")
    reading.date = date_cell.text.strip()
    number_re = _PARTY_NUMBER_RE if party else _STATE_NUMBER_RE
    if not number_re.match(reading.number):
        errors.append(f"number line {reading.number!r} is not “Số: 15/BC-UBND”")
    match = _DATE_RE.match(reading.date)
    if not match:
        errors.append(f"date line {reading.date!r} is not “Place, ngày … tháng … năm …”")
    else:
        d, m = match["d"], match["m"]
        if d != f"{int(d):02d}" or m != (f"{int(m):02d}" if int(m) < 3 else str(int(m))):
            errors.append(f"date line {reading.date!r}: days 01–09 and months 01–02 padded only")
        if match["place"].startswith(_PLACE_KINDS):
            errors.append(f"date line {reading.date!r} names the locality's kind")
        if not all(r.italic for r in date_cell.paragraphs[0].runs if r.text.strip()):
            errors.append("the date line is not in italics")

    # -- title and body
    body = doc.element.body
    top = [
        Paragraph(el, doc) for el in body if el.tag == qn("w:p")
    ]  # top-level paragraphs, in order
    texts = [p for p in top if p.text.strip()]
    if texts:
        reading.kind = texts[0].text
        if not (_bold(texts[0]) and texts[0].text == texts[0].text.upper()):
            errors.append(f"the type {texts[0].text!r} is not in bold capitals")
        if len(texts) > 1:
            reading.summary = " ".join(texts[1].text.split())
            if not _bold(texts[1]):
                errors.append("the summary is not in bold")
    seen_line = False
    for p in top:
        if not seen_line:
            seen_line = _border_length(p, layout.TEXT_WIDTH) is not None
            continue
        if not p.text.strip():
            continue
        reading.paragraphs.append(p.text)
        pf = p.paragraph_format
        after = (
            pf.space_after if pf.space_after is not None else normal.paragraph_format.space_after
        )
        if after is None or after.pt < layout.PARAGRAPH_SPACING_PT:
            errors.append(f"less than 6 pt after “{p.text[:40]}”")
        spacing = pf.line_spacing or normal.paragraph_format.line_spacing
        if isinstance(spacing, float) and not 1.0 <= spacing <= 1.5:
            errors.append(f"line spacing {spacing} outside single–1.5 in “{p.text[:40]}”")
        if p.alignment == 3 and not 10 <= _mm(pf.first_line_indent) <= 12.8:
            errors.append(f"first line of “{p.text[:40]}” not indented 1–1.27 cm")
        if any(s not in (13, 14) for s in _size(p)) and p.alignment != 0:
            errors.append(f"body text of “{p.text[:40]}” is not 13–14 pt")

    # -- content tables
    section_widths = [w - layout.MARGIN_LEFT - layout.MARGIN_RIGHT for w, _h in reading.sections]
    for n, table in enumerate(tables[1:-1], start=1):
        grid = _check_grid(table, f"table {n}", errors)
        if sum(grid) > max(section_widths) + 0.5:
            errors.append(f"table {n} is wider ({sum(grid):.0f} mm) than the text")
        rows = table.rows
        if rows[0]._tr.trPr is None or rows[0]._tr.trPr.find(qn("w:tblHeader")) is None:
            errors.append(f"table {n}: its header row does not repeat on each page")
        for r, row in enumerate(rows):
            if row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None:
                errors.append(f"table {n}: row {r} may split across pages")
            for c, cell in enumerate(row.cells):
                for p in cell.paragraphs:
                    sizes = _size(p)
                    if not sizes <= {12, 13}:
                        errors.append(f"table {n}: text of {sizes} pt (12–13 pt)")
                    for word in p.text.split():
                        need = text_width_mm(word, max(sizes or {12}), bold=_bold(p))
                        if need > grid[c] - 2 * CELL_PADDING_MM:
                            errors.append(f"table {n}: “{word}” is wider than its column")
        reading.tables.append([[c.text for c in row.cells] for row in rows])

    # -- recipients and signer
    closing = tables[-1]
    _check_grid(closing, "closing block", errors)
    receivers, signer = closing.rows[0].cells
    head_p = receivers.paragraphs[0]
    if head_p.text != "Nơi nhận:" or not _bold(head_p) or not all(r.italic for r in head_p.runs):
        errors.append("“Nơi nhận:” is not bold italic")
    if _size(head_p) != {12}:
        errors.append("“Nơi nhận:” is not 12 pt")
    for p in receivers.paragraphs[1:]:
        if p.text.strip() and _size(p) != {11}:
            errors.append(f"recipient “{p.text}” is not 11 pt")
        if p.text != "- Lưu: VT.":
            reading.recipients.append(p.text.removeprefix("- ").rstrip(";."))
    lines = [p for p in signer.paragraphs if p.text.strip()]
    name_p = signer.paragraphs[-1]
    reading.signer = [p.text for p in lines if p._p is not name_p._p]
    reading.signer_name = name_p.text
    if not reading.signer:
        errors.append("no signer's authority or title")
    for p in lines:
        if not _bold(p):
            errors.append(f"signer line “{p.text}” is not bold")
        if not _size(p) <= {13, 14}:
            errors.append(f"signer line “{p.text}” is not 13–14 pt")
    if any(t != t.upper() for t in reading.signer):
        errors.append(f"the signer's title {reading.signer} is not in capitals")
    if name_p.paragraph_format.space_before is None or name_p.paragraph_format.space_before.pt < 60:
        errors.append("no room to sign above the signer's name")

    if errors:
        raise AssertionError("Decree 30 layout: " + "; ".join(dict.fromkeys(errors)))
    return reading
