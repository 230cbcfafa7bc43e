"""The layout module of every Word document (thidua.core.wordlayout, docs/RULES.md §1)."""

import datetime as dt
import io

import pytest
from docx import Document as read_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from thidua.core import wordlayout
from thidua.core.wordlayout import Column, Issuer, Row, checks
from thidua.core.wordlayout.metrics import text_width_mm
from thidua.core.wordlayout.tables import CELL_PADDING_MM, column_widths

D = dt.date
UBND = Issuer(
    name="Ủy ban nhân dân tỉnh Hà Giang",
    abbreviation="UBND",
    place="Hà Giang",
    collective="Ủy ban nhân dân",
    head="Chủ tịch",
)


def test_the_date_line_pads_days_below_ten_and_the_first_two_months_only():
    assert wordlayout.date_line("Hà Giang", D(2023, 6, 6)) == "Hà Giang, ngày 06 tháng 6 năm 2023"
    assert wordlayout.date_line("Hà Tĩnh", D(2023, 2, 28)) == "Hà Tĩnh, ngày 28 tháng 02 năm 2023"
    assert wordlayout.date_line("Hà Tĩnh", D(2023, 11, 3)) == "Hà Tĩnh, ngày 03 tháng 11 năm 2023"
    assert wordlayout.date_line("Hà Nội", D(2025, 1, 14)) == "Hà Nội, ngày 14 tháng 01 năm 2025"


def test_the_number_line_is_built_from_the_number_and_the_bodys_abbreviation():
    line = wordlayout.number_line
    assert line(issuer=UBND, kind_code="BC", number="15") == "Số: 15/BC-UBND"
    assert line(issuer=UBND, kind_code="BC", number="7") == "Số: 07/BC-UBND"
    assert line(issuer=UBND, kind_code="BC") == "Số:       /BC-UBND"
    assert line(issuer=UBND, kind_code="QĐ", number="901/QĐ-UBND") == "Số: 901/QĐ-UBND"
    assert (
        line(issuer=UBND, kind_code="QĐ", number="901/QĐ-UBND", illustrative=True)
        == "Số: 901/QĐ-UBND (minh họa)"
    )
    party = Issuer(name="Ban Tuyên giáo", abbreviation="BTGTU", party=True)
    assert line(issuer=party, kind_code="BC", number="15") == "Số 15-BC/BTGTU"


def test_the_signer_block_follows_how_the_body_is_led():
    sign = wordlayout.signer_for
    assert sign(UBND, name="Nguyễn Văn Sơn").lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert sign(UBND, title="Phó Chủ tịch").lines == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    # A chair's decision under their own power: the title alone.
    assert sign(UBND, personal=True).lines == ("CHỦ TỊCH",)
    police = Issuer(name="Công an tỉnh Hà Giang", head="Giám đốc")
    assert sign(police, name=" Phan  Huy Ngọc ").lines == ("GIÁM ĐỐC",)
    assert sign(police, name=" Phan  Huy Ngọc ").name == "Phan Huy Ngọc"
    assert sign(police, title="Q. Giám đốc").lines == ("Q. GIÁM ĐỐC",)
    assert sign(police, title="TL. Giám đốc / Trưởng phòng").lines == (
        "TL. GIÁM ĐỐC",
        "TRƯỞNG PHÒNG",
    )
    party = Issuer(name="Ban Chỉ đạo 35", collective="Ban Chỉ đạo", head="Trưởng ban", party=True)
    assert sign(party).lines == ("T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN")


def test_the_issuer_is_a_body_named_under_its_superior_without_repeating_the_locality(unit):
    committee = wordlayout.issuer_of(unit("H-HG-UBND"))
    assert (committee.name, committee.superior) == ("Ủy ban nhân dân tỉnh Hà Giang", "")
    assert (committee.abbreviation, committee.place) == ("UBND", "Hà Giang")
    police = wordlayout.issuer_of(unit("H-HG-CA"))
    assert (police.superior, police.name, police.abbreviation) == (
        "Bộ Công an",
        "Công an tỉnh Hà Giang",
        "CAT",
    )
    justice = wordlayout.issuer_of(unit("P42-STP"))
    assert (justice.superior, justice.name, justice.place) == (
        "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "Sở Tư pháp",
        "Hà Tĩnh",
    )
    office = wordlayout.issuer_of(unit("H-BG-VP"))
    assert (office.name, office.head) == ("Văn phòng", "Chánh Văn phòng")
    propaganda = wordlayout.issuer_of(unit("P42-BTGTU"))
    assert (propaganda.superior, propaganda.name, propaganda.party) == (
        "Tỉnh ủy Hà Tĩnh",
        "Ban Tuyên giáo",
        True,
    )
    assert wordlayout.issuer_of(unit("BCA")).place == "Hà Nội"


def test_a_place_issues_through_its_peoples_committee(unit):
    assert wordlayout.issuer_of(unit("H-HG")).name == "Ủy ban nhân dân tỉnh Hà Giang"
    commune = wordlayout.issuer_of(unit("H-HG-D-DV-01"))  # no committee in the tree
    assert (commune.name, commune.abbreviation, commune.place) == (
        "Ủy ban nhân dân xã Lũng Cú",
        "UBND",
        "Lũng Cú",
    )
    assert wordlayout.signer_for(commune).lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_a_body_without_an_abbreviation_prints_its_initials_never_its_code(unit):
    unit_ = unit("P42-SXD")
    unit_.abbreviation = ""
    unit_.save()
    assert wordlayout.issuer_of(unit_).abbreviation == "SXD"


def _document(rows, columns=None) -> bytes:
    doc = wordlayout.OfficialDocument(
        issuer=UBND,
        kind="Báo cáo",
        kind_code="BC",
        summary="Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023",
        day=D(2023, 6, 6),
        number="15",
    )
    doc.section("Tình hình chung")
    doc.paragraph("Nội dung báo cáo.")
    doc.table(
        columns or [Column("TT", index=True), Column("Đơn vị"), Column("Số", numeric=True)], rows
    )
    doc.section("Đề nghị")
    doc.paragraph("Đề nghị các đơn vị tiếp tục thực hiện.")
    return doc.finish(
        recipients=["Bộ Công an"], signer=wordlayout.signer_for(UBND, name="Nguyễn Văn Sơn")
    )


def test_a_document_meets_the_layout_rules_read_back():
    data = _document([["1", "Huyện Đồng Văn", "1.545"], Row(["", "Cộng", "1.545"], bold=True)])
    reading = checks.check(data)
    assert reading.left == ["ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"]
    assert reading.right == [wordlayout.NATIONAL_TITLE, wordlayout.MOTTO]
    assert reading.number == "Số: 15/BC-UBND"
    assert reading.date == "Hà Giang, ngày 06 tháng 6 năm 2023"
    assert reading.kind == "BÁO CÁO"
    assert reading.paragraphs[0] == "I. TÌNH HÌNH CHUNG" and "II. ĐỀ NGHỊ" in reading.paragraphs
    assert reading.signer == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert (reading.signer_name, reading.recipients) == ("Nguyễn Văn Sơn", ["Bộ Công an"])
    doc = read_docx(io.BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (20, 30)
    assert (
        round(section.right_margin.mm) == 15 and doc.styles["Normal"].font.name == "Times New Roman"
    )


def test_the_check_refuses_python_docxs_default_page():
    from docx import Document

    plain = Document()
    plain.add_table(rows=2, cols=2)
    plain.add_paragraph("BÁO CÁO")
    plain.add_table(rows=1, cols=2)
    out = io.BytesIO()
    plain.save(out)
    with pytest.raises(AssertionError) as refused:
        checks.check(out.getvalue())
    message = str(refused.value)
    assert "not A4" in message and "national title" in message and "number line" in message


def test_a_table_too_wide_for_a_portrait_page_turns_landscape_and_back():
    years = [str(y) for y in range(2010, 2024)]
    columns = [Column("Chỉ tiêu"), *(Column(y, numeric=True) for y in years)]
    data = _document([["Thành viên tổ tự quản", *["11.300"] * len(years)]], columns)
    reading = checks.check(data)  # every page A4, margins kept, words whole
    doc = read_docx(io.BytesIO(data))
    assert [s.orientation for s in doc.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    assert reading.sections[1] == pytest.approx((297, 210), abs=0.5)
    wide = doc.tables[1]
    assert wide.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_columns_are_never_narrower_than_their_widest_word_and_short_names_stay_whole():
    columns = [
        Column("TT", index=True),
        Column("Đơn vị"),
        Column("Thành tích"),
        Column("Số", numeric=True),
    ]
    long_text = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc " * 3
    rows = [Row([str(i), f"Huyện Hoàng Su Phì {i}", long_text, "11.300"]) for i in range(5)]
    fit = column_widths(columns, rows, size_pt=12, portrait_mm=165, landscape_mm=252)
    assert not fit.landscape and sum(fit.widths_mm) == pytest.approx(165)
    usable = [w - 2 * CELL_PADDING_MM for w in fit.widths_mm]
    assert usable[1] >= text_width_mm("Huyện Hoàng Su Phì 4", 12)  # the name on one line
    assert usable[3] >= text_width_mm("11.300", 12, bold=True)
    assert usable[2] > usable[1]  # the long text gets the most room
