"""Every Word document thidua writes, in the layout of Decree 30/2020/NĐ-CP, Appendix I
(docs/RULES.md §1; docs/CONVENTIONS.md "Word documents").

``issuer_of(unit)`` reads who issues and how it signs from the unit tree;
``OfficialDocument`` lays the page, the header block and the title out, takes the content
(``section``, ``paragraph``, ``article``, ``table`` with ``Column`` and ``Row``) and ends
with ``finish(recipients=…, signer=signer_for(issuer, …))``, which returns the .docx bytes.
"""

from thidua.core.wordlayout.document import (
    DOCX_MIME,
    MOTTO,
    NATIONAL_TITLE,
    OfficialDocument,
    date_line,
    number_line,
    roman,
)
from thidua.core.wordlayout.issuers import (
    KIND_STYLES,
    Issuer,
    KindStyle,
    Signer,
    is_place,
    issuer_of,
    place_of,
    signer_for,
)
from thidua.core.wordlayout.tables import Column, Row

__all__ = [
    "DOCX_MIME",
    "KIND_STYLES",
    "MOTTO",
    "NATIONAL_TITLE",
    "Column",
    "Issuer",
    "KindStyle",
    "OfficialDocument",
    "Row",
    "Signer",
    "date_line",
    "is_place",
    "issuer_of",
    "number_line",
    "place_of",
    "roman",
    "signer_for",
]
