"""Who issues a document and who signs it, read from the unit tree (docs/RULES.md §1).

A document is issued by a body, never by a place: a province, district or commune
issues through its People's Committee. The header names the body's superior body above
it (``OrgUnit.superior_body``, else its parent when the parent is a body and its kind
prints one), and the body's own name without the locality the superior already names
("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG / SỞ TƯ PHÁP", not "… / SỞ TƯ PHÁP TỈNH BẮC GIANG").
The number line carries the body's abbreviation (``OrgUnit.abbreviation``, else the rule
of its kind, else the initials of its name), never an internal code. The signer block
follows how the body is led: a collective signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", a body
led by its head signs "GIÁM ĐỐC"; a deputy signs "KT." for the head.

``KIND_STYLES`` is the one table of those rules by kind of unit; a unit's own fields
(``abbreviation``, ``superior_body``, ``head_title``, ``collective_name``) override it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.orgunits.models import OrgUnit
from thidua.utils.text import fold


@dataclass(frozen=True)
class KindStyle:
    """How the bodies of one kind sign: their usual abbreviation, the collective their
    head signs for (empty: the head signs in their own name), the head's title, and
    whether their parent body is printed above them."""

    abbreviation: str = ""
    collective: str = ""
    head: str = ""
    superior: bool = True


KIND_STYLES: dict[str, KindStyle] = {
    "people_committee": KindStyle("UBND", "Ủy ban nhân dân", "Chủ tịch", superior=False),
    "people_council": KindStyle(
        "HĐND", "Thường trực Hội đồng nhân dân", "Chủ tịch", superior=False
    ),
    "steering_committee": KindStyle("BCĐ", "Ban Chỉ đạo", "Trưởng ban"),
    "council": KindStyle("HĐ", "Hội đồng", "Chủ tịch"),
    "front": KindStyle("MTTQ", "Ban Thường trực", "Chủ tịch"),
    "police": KindStyle("CA", "", "Giám đốc"),
    "department": KindStyle("", "", "Giám đốc"),
    "ministry": KindStyle("", "", "Bộ trưởng", superior=False),
    "government": KindStyle("", "", "Thủ tướng", superior=False),
    "party_body": KindStyle("", "", "Trưởng ban"),
    "school": KindStyle("", "", "Hiệu trưởng"),
    "enterprise": KindStyle("", "", "Giám đốc"),
    "agency": KindStyle("", "", "Thủ trưởng cơ quan"),
}
DEFAULT_STYLE = KindStyle(head="Thủ trưởng cơ quan")
# Kinds that are places (a locality, not a body); "district" is the pre-2025 tier.
_PLACE_KINDS = {"district", "nation"}
# The kind word a locality's name starts with ("Tỉnh Hà Giang" is in the place "Hà Giang").
_LOCALITY_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
)
CAPITAL = "Hà Nội"
# Words left out of initials ("Sở Nông nghiệp và Môi trường" is SNNMT).
_SMALL_WORDS = {"và", "của", "các"}


def is_place(unit: OrgUnit) -> bool:
    """A locality (nation, province, district, commune), as opposed to a body."""
    return unit.kind.is_local_government or unit.kind.code in _PLACE_KINDS


def style_of(unit: OrgUnit) -> KindStyle:
    return KIND_STYLES.get(unit.kind.code, DEFAULT_STYLE)


def locality_name(place: OrgUnit) -> str:
    """ "Hà Giang" for Tỉnh Hà Giang: the name without its kind word."""
    if place.short_name:
        return place.short_name
    name = place.name
    low = name.lower()
    for word in _LOCALITY_WORDS:
        if low.startswith(word + " "):
            return name[len(word) + 1 :]
    return name


def _locality_phrase(place: OrgUnit) -> str:
    """ "tỉnh Hà Giang": how a body's name ends when it names its locality."""
    return place.name[:1].lower() + place.name[1:]


def _place_above(unit: OrgUnit) -> OrgUnit | None:
    """The nearest locality that is ``unit`` or holds it (the nation excepted)."""
    chain = [unit, *OrgUnit.objects.ancestors_of(unit).select_related("kind").order_by("-depth")]
    return next((u for u in chain if is_place(u) and u.kind.code != "nation"), None)


def place_of(unit: OrgUnit) -> str:
    """The place a body writes in its date line: its locality's name, Hà Nội for a
    central body (docs/RULES.md §1: the name without its kind, "Hà Tĩnh, ngày …")."""
    place = _place_above(unit)
    return locality_name(place) if place is not None else CAPITAL


def issuing_body(unit: OrgUnit) -> OrgUnit | None:
    """The body that issues for ``unit``: the unit itself, or a place's People's
    Committee when the tree holds one (None: the place has none in the tree)."""
    if not is_place(unit):
        return unit
    return (
        OrgUnit.objects.filter(parent=unit, kind__code="people_committee")
        .select_related("kind")
        .order_by("valid_to", "pk")
        .first()
    )


def superior_of(unit: OrgUnit) -> OrgUnit | None:
    """The body printed above ``unit`` in its header, if any (never a place)."""
    if unit.superior_body_id:
        return unit.superior_body
    if not style_of(unit).superior or unit.parent is None or is_place(unit.parent):
        return None
    return unit.parent


def _without_suffix(name: str, suffixes: list[str]) -> str:
    folded = fold(name)
    for suffix in sorted({s for s in suffixes if s}, key=len, reverse=True):
        f = fold(suffix)
        if folded.endswith(" " + f) and len(folded) > len(f) + 1:
            return name[: len(name) - len(suffix)].rstrip(" ,-")
    return name


def initials(name: str) -> str:
    """ "STP" for "Sở Tư pháp": the capitalised initials of a body's name."""
    words = [w for w in re.split(r"[\s,()]+", name) if w and w.lower() not in _SMALL_WORDS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


@dataclass(frozen=True)
class Issuer:
    """The issuing body as its documents print it (names in sentence case: the layout
    writes them in capitals)."""

    name: str
    superior: str = ""
    abbreviation: str = ""
    place: str = CAPITAL
    collective: str = ""
    head: str = DEFAULT_STYLE.head
    party: bool = False  # a Party body: "ĐẢNG CỘNG SẢN VIỆT NAM", Guideline 36 numbers
    head_name: str = ""  # the head's name as recorded on the body (the default signer)


def issuer_of(unit: OrgUnit) -> Issuer:
    """The issuer of a document of ``unit`` (a body, or a place through its People's
    Committee)."""
    body = issuing_body(unit)
    if body is None:  # a place whose People's Committee is not in the tree
        committee = KIND_STYLES["people_committee"]
        return Issuer(
            name=f"{committee.collective} {_locality_phrase(unit)}",
            abbreviation=committee.abbreviation,
            place=place_of(unit),
            collective=committee.collective,
            head=committee.head,
        )
    style = style_of(body)
    superior = superior_of(body)
    name = body.name
    if superior is not None:
        suffixes = [superior.name, superior.short_name, *(superior.aliases or [])]
        above = _place_above(superior)
        if above is not None:
            suffixes.append(_locality_phrase(above))
        name = _without_suffix(name, suffixes)
    party = body.kind.code == "party_body" or (
        superior is not None and superior.kind.code == "party_body"
    )
    own_name = _without_suffix(body.name, [_locality_phrase(p) for p in [_place_above(body)] if p])
    return Issuer(
        name=name,
        superior=superior.name if superior is not None else "",
        abbreviation=body.abbreviation or style.abbreviation or initials(own_name),
        place=place_of(body),
        collective=body.collective_name or style.collective,
        head=body.head_title or style.head or DEFAULT_STYLE.head,
        party=party,
        head_name=body.head_name,
    )


@dataclass(frozen=True)
class Signer:
    """The signer block: the authority and title lines (capitals) and the name."""

    lines: tuple[str, ...]
    name: str = ""


_AUTHORITY_RE = re.compile(r"^(TM\.|KT\.|TL\.|TUQ\.|Q\.|T/M|K/T|T/L|TUQ)\s", re.IGNORECASE)


def signer_for(
    issuer: Issuer, *, name: str = "", title: str = "", personal: bool = False
) -> Signer:
    """The signer block of ``issuer``'s document.

    ``title`` is the signer's own title when it is not the head's: a deputy ("Phó Giám
    đốc") signs "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"; a title that starts with its authority
    ("Q. Giám đốc", "TL. Chủ tịch / Chánh Văn phòng") is printed as given, " / " between
    its lines. ``personal``: a decision the head takes under their own power (a chair's
    certificate of merit) is signed with the title alone, without "TM.".
    ``name`` empty: the head's name recorded on the body when the head signs (no other
    ``title``), else a space for the signer to write it.
    """
    on_behalf, deputy = ("T/M", "K/T") if issuer.party else ("TM.", "KT.")
    title = " ".join(title.split())
    lines: list[str] = []
    if issuer.collective and not personal:
        lines.append(f"{on_behalf} {issuer.collective}".upper())
    if title and _AUTHORITY_RE.match(title):
        lines.extend(part.strip().upper() for part in title.split(" / ") if part.strip())
    elif title and fold(title).startswith("pho ") and fold(title) != fold(issuer.head):
        lines.extend([f"{deputy} {issuer.head}".upper(), title.upper()])
    else:
        lines.append((title or issuer.head).upper())
    if not name and not title:
        name = issuer.head_name
    return Signer(tuple(lines), " ".join(name.split()))
