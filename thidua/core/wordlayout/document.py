"""An administrative document in Word, laid out as Decree 30/2020/NĐ-CP, Appendix I asks
(docs/RULES.md §1).

``OfficialDocument`` writes, in order: the page (A4, the decree's margins, Times New
Roman, page numbers from page 2 centred at the top), the header block (a two-column table:
superior body and issuer with a short drawn line under it and the number line on the left;
the national title on one line, the motto with a line of its length under it and the place
and date on the right), the type and summary, then whatever the caller adds — numbered
sections, paragraphs, articles, tables fitted to the page — and ends with the recipients
and the signer block. Its fixed wording is Vietnamese, as the decree prescribes, whatever
the interface language.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from thidua.core.wordlayout.issuers import Issuer, Signer
from thidua.core.wordlayout.metrics import text_width_mm
from thidua.core.wordlayout.tables import CELL_PADDING_MM, Column, Row, column_widths

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
ILLUSTRATIVE = "minh họa"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"

# The page (mm) and the sizes (pt) of Appendix I, each within the decree's range.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT
BODY_PT = 14
TABLE_PT = 12
HEADER_NAME_PT = 12  # superior body and issuer (12–13)
NATIONAL_TITLE_PT = 12  # 12–13, on one line
MOTTO_PT = 13  # 13–14
NUMBER_PT = 13
DATE_PT = 13  # 13–14, italic
TITLE_PT = 14  # type and summary (13–14)
SIGNER_PT = 14  # authority, title and name (13–14)
RECIPIENTS_HEAD_PT = 12
RECIPIENTS_PT = 11
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15  # single to 1.5
FIRST_LINE_INDENT_MM = 12.7  # 1–1.27 cm
# The header block's two columns and the closing block's (their sum is the text width).
HEADER_COLUMNS = (65, 100)
CLOSING_COLUMNS = (75, 90)
# How much of the issuer's name the short line under it spans (1/3–1/2).
ISSUER_LINE_SHARE = 0.4
SUMMARY_LINE_SHARE = 0.35
_TWIPS_PER_MM = 1440 / 25.4


def roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def date_line(place: str, day: dt.date) -> str:
    """ "Hà Giang, ngày 06 tháng 6 năm 2023": days below 10 and the months 1 and 2 take a
    leading zero, the others do not (docs/RULES.md §1)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(
    *, issuer: Issuer, kind_code: str, number: str = "", illustrative: bool = False
) -> str:
    """ "Số: 15/BC-UBND" from the document's number and the issuer's abbreviation; a
    whole number and symbol ("901/QĐ-UBND") is printed as given; no number leaves room
    to write it in ("Số:      /BC-UBND"). A Party body writes "Số 15-BC/TU"."""
    number = " ".join(number.split())
    if "/" in number:
        text = f"Số {number}" if issuer.party else f"Số: {number}"
    else:
        if number.isdigit() and len(number) < 2:
            number = number.zfill(2)  # numbers below 10 take a leading zero
        n = number or " " * 6
        if issuer.party:
            text = f"Số {n}-{kind_code}/{issuer.abbreviation}"
        else:
            text = f"Số: {n}/{kind_code}" + (
                f"-{issuer.abbreviation}" if issuer.abbreviation else ""
            )
    return f"{text} ({ILLUSTRATIVE})" if illustrative else text


# ---------------------------------------------------------------- low-level helpers


def _twips(mm: float) -> int:
    return round(mm * _TWIPS_PER_MM)


# Schema order of the children this module writes (OOXML is strict about it).
_TBL_PR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip
_P_PR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_TR_PR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip


def _set(parent, tag: str, order: Sequence[str] = (), **attrs: str):
    """The child ``tag`` of ``parent``, made in its place of ``order`` when missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        later = {qn(t) for t in order[order.index(tag) + 1 :]} if tag in order else set()
        at = next((i for i, child in enumerate(parent) if child.tag in later), None)
        if at is None:
            parent.append(el)
        else:
            parent.insert(at, el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _no_borders(table: Table) -> None:
    borders = _set(table._tbl.tblPr, "w:tblBorders", _TBL_PR_ORDER)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", val="nil")


def _grid(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths, written alike in the grid and in every cell (LibreOffice
    follows the grid, Word the cells), and the table's own width their sum."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", _TBL_PR_ORDER, w=str(sum(_twips(w) for w in widths_mm)), type="dxa")
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _cell_margins(table: Table, mm: float) -> None:
    margins = _set(table._tbl.tblPr, "w:tblCellMar", _TBL_PR_ORDER)
    for side in ("left", "right"):
        _set(margins, f"w:{side}", w=str(_twips(mm)), type="dxa")


def _font(run, *, size: float, bold: bool = False, italic: bool = False) -> None:
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)


def _tight(p: Paragraph, *, before: float = 0, after: float = 0) -> Paragraph:
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = 1.0
    pf.first_line_indent = Mm(0)
    return p


def _line_text(
    container,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    """A tight paragraph of ``text``; each "\n" in it is a line break (one paragraph, so
    that an edit in Word reflows it)."""
    p = container.paragraphs[0] if first else container.add_paragraph()
    _tight(p)
    p.alignment = align
    parts = text.split("\n") if text else []
    for i, part in enumerate(parts):
        run = p.add_run(part)
        _font(run, size=size, bold=bold, italic=italic)
        if "  " in part:
            run._r.findall(qn("w:t"))[0].set(
                "{http://www.w3.org/XML/1998/namespace}space", "preserve"
            )
        if i < len(parts) - 1:
            run.add_break()
    return p


def _drawn_line(container, *, length_mm: float, box_mm: float, after: float = 0) -> Paragraph:
    """An empty paragraph whose top border, centred in ``box_mm``, is ``length_mm`` long:
    a drawn line (not underlined text)."""
    p = container.add_paragraph()
    _tight(p, before=3, after=after)  # clear of the descenders of the text above
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent = max((box_mm - length_mm) / 2, 0)
    pf = p.paragraph_format
    pf.left_indent = pf.right_indent = Mm(indent)
    pf.line_spacing = Pt(4)
    p_pr = p._p.get_or_add_pPr()
    borders = _set(p_pr, "w:pBdr", _P_PR_ORDER)
    _set(borders, "w:top", val="single", sz="6", space="0", color="000000")
    return p


def _page_number(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    _font(run, size=BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = text
        run._r.append(el)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _repeat_as_header(row) -> None:
    _set(row._tr.get_or_add_trPr(), "w:tblHeader", _TR_PR_ORDER)


def _keep_row_whole(row) -> None:
    _set(row._tr.get_or_add_trPr(), "w:cantSplit", _TR_PR_ORDER)


# ---------------------------------------------------------------- the document


class OfficialDocument:
    """One administrative document. Build it with the header data, add its content,
    then ``finish`` it with the recipients and the signer to get the .docx bytes."""

    def __init__(
        self,
        *,
        issuer: Issuer,
        kind: str,
        kind_code: str,
        summary: str,
        day: dt.date,
        number: str = "",
        place: str = "",
        authority: str = "",
        illustrative: bool = False,
    ) -> None:
        self.issuer = issuer
        self.doc = new_docx()
        self._sections = 0
        self._subsections = 0
        self._landscape = False
        self._page()
        self._header(
            number=number_line(
                issuer=issuer, kind_code=kind_code, number=number, illustrative=illustrative
            ),
            date=date_line(place or issuer.place, day),
        )
        self._title(kind, summary, authority)
        props = self.doc.core_properties
        props.title, props.subject = f"{kind} {summary}".strip(), summary
        props.author = props.last_modified_by = issuer.name
        props.language = "vi-VN"
        props.comments = ""

    # -- page and styles

    def _page(self) -> None:
        doc = self.doc
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            r_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
            if r_fonts is not None:
                for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                    r_fonts.attrib.pop(qn(f"w:{attr}"), None)
                for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                    r_fonts.set(qn(f"w:{attr}"), FONT)
        style = doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        r_pr = style.element.get_or_add_rPr()
        r_fonts = r_pr.find(qn("w:rFonts"))
        for attr in ("eastAsia", "cs"):
            r_fonts.set(qn(f"w:{attr}"), FONT)
        _set(r_pr, "w:lang", val="vi-VN", eastAsia="vi-VN")
        pf = style.paragraph_format
        pf.space_before, pf.space_after = Pt(0), Pt(PARAGRAPH_SPACING_PT)
        pf.line_spacing = LINE_SPACING
        pf.widow_control = True
        section = doc.sections[0]
        self._portrait(section)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True  # no number on page 1
        paragraph = section.header.paragraphs[0]
        _tight(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(paragraph)

    @staticmethod
    def _portrait(section) -> None:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)

    @staticmethod
    def _landscape_page(section) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT), Mm(PAGE_WIDTH)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)

    # -- header block and title

    def _header(self, *, number: str, date: str) -> None:
        issuer = self.issuer
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _cell_margins(table, CELL_PADDING_MM)
        _grid(table, HEADER_COLUMNS)
        left_box = HEADER_COLUMNS[0] - 2 * CELL_PADDING_MM
        right_box = HEADER_COLUMNS[1] - 2 * CELL_PADDING_MM
        left, right = table.rows[0].cells
        first = True
        if issuer.superior:
            lines = _broken(issuer.superior.upper(), HEADER_NAME_PT, left_box, bold=False)
            _line_text(left, "\n".join(lines), size=HEADER_NAME_PT, first=True)
            first = False
        name_lines = _broken(issuer.name.upper(), HEADER_NAME_PT, left_box, bold=True)
        _line_text(left, "\n".join(name_lines), size=HEADER_NAME_PT, bold=True, first=first)
        widest = max(text_width_mm(x, HEADER_NAME_PT, bold=True) for x in name_lines)
        if issuer.party:
            _line_text(left, "*", size=HEADER_NAME_PT)
        else:
            _drawn_line(left, length_mm=widest * ISSUER_LINE_SHARE, box_mm=left_box)
        if issuer.party:
            _line_text(right, PARTY_TITLE, size=MOTTO_PT, bold=True, first=True)
            _drawn_line(
                right,
                length_mm=text_width_mm(PARTY_TITLE, MOTTO_PT, bold=True),
                box_mm=right_box,
            )
        else:
            _line_text(right, NATIONAL_TITLE, size=NATIONAL_TITLE_PT, bold=True, first=True)
            _line_text(right, MOTTO, size=MOTTO_PT, bold=True)
            _drawn_line(
                right, length_mm=text_width_mm(MOTTO, MOTTO_PT, bold=True), box_mm=right_box
            )
        number_cell, date_cell = table.rows[1].cells
        _tight(_line_text(number_cell, number, size=NUMBER_PT, first=True), before=4)
        _tight(_line_text(date_cell, date, size=DATE_PT, italic=True, first=True), before=4)

    def _title(self, kind: str, summary: str, authority: str) -> None:
        p = _line_text(self.doc, kind.upper(), size=TITLE_PT, bold=True)
        _tight(p, before=18)
        if summary:
            lines = _broken(summary, TITLE_PT, TEXT_WIDTH - 10, bold=True)
            _line_text(self.doc, "\n".join(lines), size=TITLE_PT, bold=True)
            widest = max(text_width_mm(x, TITLE_PT, bold=True) for x in lines)
            _drawn_line(
                self.doc,
                length_mm=max(widest * SUMMARY_LINE_SHARE, 20),
                box_mm=TEXT_WIDTH,
                after=PARAGRAPH_SPACING_PT,
            )
        if authority:
            p = _line_text(self.doc, authority.upper(), size=TITLE_PT, bold=True)
            _tight(p, before=6, after=PARAGRAPH_SPACING_PT * 2)

    # -- content

    def section(self, title: str) -> Paragraph:
        """A numbered section heading: "I. TÌNH HÌNH CHUNG", numbered without gaps."""
        self._sections += 1
        self._subsections = 0
        return self._heading(f"{roman(self._sections)}. {title.upper()}")

    def subsection(self, title: str) -> Paragraph:
        """ "1. …" under the current section."""
        self._subsections += 1
        return self._heading(f"{self._subsections}. {title}")

    def _heading(self, text: str) -> Paragraph:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
        p.paragraph_format.space_before = Pt(PARAGRAPH_SPACING_PT)
        p.paragraph_format.keep_with_next = True
        _font(p.add_run(text), size=BODY_PT, bold=True)
        return p

    def paragraph(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        lead: str = "",
        centred: bool = False,
    ) -> Paragraph:
        """A body paragraph: justified, first line indented; ``lead`` in bold before the
        text ("Điều 1." before an article's text)."""
        p = self.doc.add_paragraph()
        if centred:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
        if lead:
            _font(p.add_run(lead + (" " if text else "")), size=BODY_PT, bold=True, italic=italic)
        if text:
            _font(p.add_run(text), size=BODY_PT, bold=bold, italic=italic)
        return p

    def article(self, number: int, text: str) -> Paragraph:
        return self.paragraph(text, lead=f"Điều {number}.")

    def note(self, text: str) -> Paragraph:
        """A short italic note under a table (what a dash means, where figures come from)."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _font(p.add_run(text), size=TABLE_PT, italic=True)
        return p

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row | Sequence[object]],
        *,
        allow_landscape: bool = True,
    ) -> Table:
        """A bordered table, its widths from its content; the header row repeats on every
        page and no row is split across pages. A table too wide for a portrait line is
        set on a landscape page of its own."""
        body = [
            r if isinstance(r, Row) else Row(["" if v is None else str(v) for v in r]) for r in rows
        ]
        fit = column_widths(
            columns,
            body,
            size_pt=TABLE_PT,
            portrait_mm=TEXT_WIDTH,
            landscape_mm=LANDSCAPE_TEXT_WIDTH if allow_landscape else None,
        )
        if fit.landscape:
            self._turn(landscape=True)
        table = self.doc.add_table(rows=1 + len(body), cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cell_margins(table, CELL_PADDING_MM)
        head = table.rows[0]
        _repeat_as_header(head)
        _keep_row_whole(head)
        for cell, col in zip(head.cells, columns, strict=True):
            self._cell(cell, col.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for row, data in zip(table.rows[1:], body, strict=True):
            _keep_row_whole(row)
            for cell, col, value in zip(row.cells, columns, data.cells, strict=True):
                align = (
                    WD_ALIGN_PARAGRAPH.CENTER
                    if col.index
                    else WD_ALIGN_PARAGRAPH.RIGHT
                    if col.numeric
                    else WD_ALIGN_PARAGRAPH.LEFT
                )
                self._cell(cell, str(value), bold=data.bold, italic=data.italic, align=align)
        _grid(table, fit.widths_mm)
        if fit.landscape:
            self._turn(landscape=False)
        else:
            _tight(self.doc.add_paragraph(), after=0).paragraph_format.line_spacing = Pt(6)
        return table

    @staticmethod
    def _cell(cell: _Cell, text: str, *, bold=False, italic=False, align=None) -> None:
        p = cell.paragraphs[0]
        _tight(p, before=2, after=2)
        p.alignment = align
        if text:
            _font(p.add_run(text), size=TABLE_PT, bold=bold, italic=italic)

    def _turn(self, *, landscape: bool) -> None:
        """Start a new page in the other orientation (same margins, same page numbers)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        (self._landscape_page if landscape else self._portrait)(section)
        self._landscape = landscape

    # -- closing block

    def _keep_end_with_closing(self) -> None:
        """The signer block never stands alone on a page: the last paragraph before it
        (or the last row of a table ending the content) goes with it."""
        body = self.doc.element.body
        last = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))][-2:]
        for el in last:
            if el.tag == qn("w:tbl"):
                el = el.findall(qn("w:tr"))[-1]
            for p in el.iter(qn("w:p")):
                Paragraph(p, self.doc).paragraph_format.keep_with_next = True

    def finish(self, *, recipients: Sequence[str], signer: Signer) -> bytes:
        """Recipients ("Nơi nhận:" bold italic 12 pt, the list 11 pt, "- Lưu: VT.") on the
        left, the signer block on the right; the document's bytes."""
        self._keep_end_with_closing()
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _cell_margins(table, CELL_PADDING_MM)
        _grid(table, CLOSING_COLUMNS)
        _keep_row_whole(table.rows[0])
        left, right = table.rows[0].cells
        head = _line_text(
            left,
            "Nơi nhận:",
            size=RECIPIENTS_HEAD_PT,
            bold=True,
            italic=True,
            first=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        _tight(head, before=PARAGRAPH_SPACING_PT)
        for name in [*recipients, "Lưu: VT"]:
            end = "." if name == "Lưu: VT" else ";"
            _line_text(left, f"- {name}{end}", size=RECIPIENTS_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
        first = True
        for line in signer.lines:
            p = _line_text(right, line, size=SIGNER_PT, bold=True, first=first)
            if first:
                _tight(p, before=PARAGRAPH_SPACING_PT)
            first = False
        name = _line_text(right, signer.name, size=SIGNER_PT, bold=True)
        name.paragraph_format.space_before = Pt(84)  # room to sign and seal
        for p in left.paragraphs + right.paragraphs:
            p.paragraph_format.keep_with_next = True
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _broken(text: str, size: float, width_mm: float, *, bold: bool) -> list[str]:
    """``text`` in lines that each fit ``width_mm``, broken between words where a clerk
    would break them: before the locality ("ỦY BAN NHÂN DÂN / TỈNH HÀ GIANG") when both
    halves fit, else in lines of even length, never wherever the renderer runs out of
    room. A text that fits stays whole."""
    if text_width_mm(text, size, bold=bold) <= width_mm:
        return [text]
    for word in ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG"):
        at = text.rfind(f" {word} ")
        if at > 0:
            head, tail = text[:at], text[at + 1 :]
            if all(text_width_mm(x, size, bold=bold) <= width_mm for x in (head, tail)):
                return [head, tail]
    total = text_width_mm(text, size, bold=bold)
    count = int(total // width_mm) + 1
    target = min(width_mm, total / count * 1.1)
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and text_width_mm(trial, size, bold=bold) > target:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    return lines
