"""A decision's list to Excel and the decision itself to Word, in the administrative
layout of docs/RULES.md §1 (national title and motto, issuer, number and symbol, place and date,
type and summary, content, signer, recipients)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.awards import legal
from thidua.awards.models import Award, AwardDecision
from thidua.core import spreadsheets as sheets
from thidua.core import wordlayout
from thidua.core.figures import format_day
from thidua.utils.text import fold

HEADERS = [
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Năm",
    "Thành tích",
    "Mức tiền (× lương cơ sở)",
]


def award_rows(awards: list[Award]) -> list[list[object]]:
    rows = []
    for i, a in enumerate(awards, start=1):
        rows.append(
            [
                i,
                a.person.full_name if a.person else a.unit.name,
                a.person.position if a.person else "",
                a.person.unit.name
                if a.person
                else (a.unit.parent.name if a.unit.parent_id else ""),
                a.award_type.name,
                a.year,
                a.citation,
                a.cash_multiple,
            ]
        )
    return rows


def decision_xlsx(decision: AwardDecision, awards: list[Award]) -> bytes:
    """The list of a decision's awards, in the user's language, with the cash (in base
    salaries) added up."""
    doc = decision.document
    book = sheets.Book()
    sheet = book.sheet(
        _("Awards"),
        titles=[
            _("List of awards attached to Decision No. %(symbol)s of %(day)s by %(authority)s")
            % {
                "symbol": doc.symbol,
                "day": format_day(decision.decided_on),
                "authority": decision.authority_title,
            }
        ],
        columns=[
            sheets.Column(_("No."), "plain", width=5),
            sheets.Column(_("Recipient"), width=28),
            sheets.Column(_("Position"), width=20),
            sheets.Column(_("Unit"), width=28),
            sheets.Column(_("Award"), width=26),
            sheets.Column(_("Year"), "plain", width=6),
            sheets.Column(_("For"), width=40),
            sheets.Column(_("Cash (× base salary)"), "number", width=12, total=True),
            sheets.Column(_("Cash (đồng)"), "number", width=14, total=True),
        ],
    )
    for i, a in enumerate(awards, start=1):
        person = a.person
        sheet.row(
            [
                i,
                person.full_name if person else a.unit.name,
                person.position if person else "",
                person.unit.name if person else (a.unit.parent.name if a.unit.parent_id else ""),
                a.award_type.name,
                a.year,
                a.citation,
                a.cash_multiple,
                legal.cash_amount(a.cash_multiple, decision.decided_on),
            ]
        )
    sheet.totals(_("Total"), at=1)
    return book.save()


_SPELLED_OUT = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc"}


def _spelled_out(text: str) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Hà Giang" for "Chủ tịch UBND tỉnh Hà Giang": the
    competence line names the body in full."""
    return " ".join(_SPELLED_OUT.get(word, word) for word in text.split())


def _signer_title(authority: str, head: str) -> str:
    """The signer's title when the authority is the head's deputy ("Phó Chủ tịch …"),
    else empty (the head signs)."""
    words, deputy = authority.split(), f"Phó {head}".split()
    if fold(" ".join(words[: len(deputy)])) == fold(" ".join(deputy)):
        return " ".join(words[: len(deputy)])
    return ""


def _proposers(awards: list[Award]) -> list[str]:
    """Who proposed the awards ("Chủ tịch Ủy ban nhân dân xã Lũng Cú"), in order met."""
    seen: dict[int, str] = {}
    for a in awards:
        nomination = a.nomination
        if nomination is not None and nomination.proposing_unit_id not in seen:
            body = wordlayout.issuer_of(nomination.proposing_unit)
            seen[nomination.proposing_unit_id] = f"{body.head} {body.name}"
    return list(seen.values())


def _money(amount: Decimal | None) -> str:
    """Đồng with a dot between thousands, as Vietnamese documents write them."""
    return "" if amount is None else f"{int(amount):,}".replace(",", ".")


def decision_docx(decision: AwardDecision, awards: list[Award]) -> bytes:
    """The decision in the administrative layout (thidua.core.wordlayout): the head of the
    granting body decides under their own power, so the signer block is their title alone
    ("CHỦ TỊCH", "GIÁM ĐỐC"), without "TM."."""
    document = decision.document
    issuer = wordlayout.issuer_of(decision.authority_unit)
    doc = wordlayout.OfficialDocument(
        issuer=issuer,
        kind="Quyết định",
        kind_code="QĐ",
        summary=document.title.replace("Quyết định v", "V", 1),
        day=decision.decided_on,
        number=document.symbol,
        place=document.place,
        authority=_spelled_out(decision.authority_title),
        illustrative=document.illustrative,
    )
    for line in legal.legal_basis(decision.decided_on):
        doc.paragraph(line, italic=True)
    if decision.reason:
        doc.paragraph(f"Xét thành tích: {decision.reason};", italic=True)
    proposers = _proposers(awards)
    if proposers:
        doc.paragraph(f"Xét đề nghị của {', '.join(proposers)}.", italic=True)
    doc.paragraph("QUYẾT ĐỊNH:", bold=True, centred=True)
    kinds = ", ".join(sorted({a.award_type.name for a in awards}))
    collectives = sum(1 for a in awards if a.person is None)
    whom = " và ".join(
        part
        for part in (
            f"{collectives} tập thể" if collectives else "",
            f"{len(awards) - collectives} cá nhân" if len(awards) > collectives else "",
        )
        if part
    )
    doc.article(1, f"Tặng {kinds} cho {whom} có tên trong danh sách sau:")
    cash = [legal.cash_amount(a.cash_multiple, decision.decided_on) for a in awards]
    paid = any(cash)
    Col = wordlayout.Column
    columns = [
        Col("STT", index=True),
        Col("Họ và tên / Tập thể"),
        Col("Chức vụ, đơn vị"),
        Col("Hình thức"),
        Col("Thành tích"),
    ]
    rows: list[object] = [
        [row[0], row[1], ", ".join(str(x) for x in (row[2], row[3]) if x), row[4], row[6]]
        for row in award_rows(awards)
    ]
    if paid:
        columns.append(Col("Tiền thưởng (đồng)", numeric=True))
        rows = [[*r, _money(c)] for r, c in zip(rows, cash, strict=True)]  # type: ignore[misc]
        total = sum((c for c in cash if c), Decimal("0"))
        rows.append(wordlayout.Row(["", "Cộng", "", "", "", _money(total)], bold=True))
    doc.table(columns, rows)  # type: ignore[arg-type]
    article = 2
    if paid:
        doc.article(
            article,
            "Tiền thưởng kèm theo danh hiệu, hình thức khen thưởng tại Điều 1 theo quy định "
            f"của {legal.decree_in_force(decision.decided_on)}, tính theo mức lương cơ sở "
            f"{_money(legal.base_salary_on(decision.decided_on))} đồng, tổng cộng "
            f"{_money(total)} đồng, chi từ quỹ thi đua, khen thưởng của "
            f"{issuer.name}.",
        )
        article += 1
    doc.article(article, "Quyết định này có hiệu lực kể từ ngày ký.")
    doc.article(
        article + 1,
        "Các cơ quan, đơn vị và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này.",
    )
    return doc.finish(
        recipients=[f"Như Điều {article + 1}"],
        signer=wordlayout.signer_for(
            issuer,
            name=decision.signer,
            title=_signer_title(decision.authority_title, issuer.head),
            personal=True,
        ),
    )
