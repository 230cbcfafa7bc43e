"""Extraction of plan facts from a text in Vietnamese, Thai or English.

Entry points: :func:`extract` (text → :class:`Extraction`) and :func:`draft`
(:class:`Extraction` → a suggested draft as plain dicts, for an officer to correct).
Pure Python, no Django; no network access at run time.
"""

from __future__ import annotations

from .core import extract
from .draft import draft
from .items import (
    INDICATOR_KINDS,
    Bullet,
    DateMention,
    Deadline,
    DocumentRef,
    Extraction,
    ExtractionWarning,
    Figure,
    ListItem,
    NumberedList,
    PartialDate,
    Period,
    UnitMention,
    UnitName,
    YearMention,
)
from .units import UnitMatcher

__all__ = [
    "INDICATOR_KINDS",
    "Bullet",
    "DateMention",
    "Deadline",
    "DocumentRef",
    "Extraction",
    "ExtractionWarning",
    "Figure",
    "ListItem",
    "NumberedList",
    "PartialDate",
    "Period",
    "UnitMatcher",
    "UnitMention",
    "UnitName",
    "YearMention",
    "draft",
    "extract",
]
