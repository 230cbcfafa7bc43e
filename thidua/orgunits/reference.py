"""Vietnam's administrative units from the ``vietnam-provinces`` package.

Since 1 July 2025 local government has two tiers: 34 provincial units and 3,321
commune-level units (docs/RULES.md §4). The package ships them as data; nothing is typed by
hand and nothing is fetched at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import vietnam_provinces
from django.db import transaction

from thidua.orgunits.models import OrgUnit, UnitKind
from thidua.orgunits.services import UnitRow, units_bulk_upsert
from thidua.utils.text import fold

# Division types of the package → our unit kinds (code, Vietnamese name, English name).
KINDS = {
    "nation": ("Quốc gia", "Nation"),
    "central_city": ("Thành phố trực thuộc trung ương", "Centrally run city"),
    "province": ("Tỉnh", "Province"),
    "commune": ("Xã", "Commune"),
    "ward": ("Phường", "Ward"),
    "special_zone": ("Đặc khu", "Special zone"),
}
_DIVISION_KIND = {
    "tỉnh": "province",
    "thành phố trung ương": "central_city",
    "xã": "commune",
    "phường": "ward",
    "đặc khu": "special_zone",
}


def ensure_kind(code: str, name: str, name_en: str, *, local: bool = False) -> UnitKind:
    kind, _ = UnitKind.objects.update_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "is_local_government": local}
    )
    return kind


def ensure_nation() -> OrgUnit:
    kind = ensure_kind("nation", *KINDS["nation"])
    nation = OrgUnit.objects.filter(code="VN").first()
    if nation is None:
        nation = OrgUnit(code="VN", name="Việt Nam", name_en="Viet Nam", kind=kind)
        nation.aliases = ["Vietnam", "เวียดนาม", "Viet Nam"]
        nation.save()
    return nation


@dataclass(frozen=True)
class LoadResult:
    provinces: int
    communes: int
    created: int
    updated: int


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def province_code(gso: int) -> str:
    return f"P{gso:02d}"


def commune_code(gso: int) -> str:
    return f"X{gso:05d}"


@transaction.atomic
def load_vietnam_units(*, with_communes: bool = True) -> LoadResult:
    """Create or refresh the 34 provinces and 3,321 communes under the nation unit."""
    kinds = {
        code: ensure_kind(code, name, en, local=code != "nation")
        for code, (name, en) in KINDS.items()
    }
    nation = ensure_nation()
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    rows: list[UnitRow] = []
    n_communes = 0
    for prov in data:
        pcode = province_code(prov["code"])
        short = _short(prov["name"])
        rows.append(
            UnitRow(
                code=pcode,
                name=prov["name"]
                if prov["name"].startswith("Thành phố")
                else f"Tỉnh {prov['name']}",
                short_name=short,
                kind=kinds[_DIVISION_KIND[prov["division_type"]]],
                external_code=str(prov["code"]),
                aliases=[fold(short)],
            )
        )
        if not with_communes:
            continue
        for ward in prov["wards"]:
            n_communes += 1
            wshort = _short(ward["name"])
            rows.append(
                UnitRow(
                    code=commune_code(ward["code"]),
                    name=ward["name"],
                    short_name=wshort,
                    kind=kinds[_DIVISION_KIND[ward["division_type"]]],
                    parent_code=pcode,
                    external_code=str(ward["code"]),
                    aliases=[fold(wshort)],
                )
            )
    created, updated = units_bulk_upsert(root=nation, rows=rows)
    return LoadResult(len(data), n_communes, created, updated)
