"""The unit tree: every body that assigns, reports, evaluates or is commended."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TrackedModel
from thidua.utils.text import fold

# Materialized path: each level is the unit's id, zero-padded to a fixed width, with no
# separator. Fixed-width digit strings sort the same under every collation, so
# "descendants of X" is a range scan [path, path-successor) on a plain B-tree index, on
# SQLite and PostgreSQL alike (no LIKE, no collation or opclass tricks). Used by
# OrgUnitQuerySet.subtree_of, thidua.accounts.scope and bench/bench_tree.py.
SEGMENT = 8
MAX_ID = 10**SEGMENT - 1
# The nation is the root (depth 0); provinces, ministries and central bodies sit at 1.
PROVINCE_DEPTH = 1


def path_segment(pk: int) -> str:
    if pk > MAX_ID:
        raise ValueError(f"unit id {pk} does not fit a {SEGMENT}-digit path segment")
    return str(pk).zfill(SEGMENT)


def path_upper_bound(path: str) -> str:
    """The smallest path that sorts after every path starting with ``path``."""
    return str(int(path) + 1).zfill(len(path))


def path_ids(path: str) -> list[int]:
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]


class UnitKind(models.Model):
    """A kind of unit (ministry, province, commune, department, school…), editable data."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    is_local_government = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit kind")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The kind's name in the page's language: the English name on an English page
        (where there is one), the name itself otherwise."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class SubjectGroup(TrackedModel):
    """A group of units (khối, cụm thi đua) that share criteria and are ranked together."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject group")

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree_of(self, unit: OrgUnit, *, include_self: bool = True) -> OrgUnitQuerySet:
        qs = self.filter(path__gte=unit.path, path__lt=path_upper_bound(unit.path))
        return qs if include_self else qs.exclude(pk=unit.pk)

    def ancestors_of(self, unit: OrgUnit, *, include_self: bool = False) -> OrgUnitQuerySet:
        ids = path_ids(unit.path)
        if not include_self:
            ids = ids[:-1]
        return self.filter(pk__in=ids).order_by("depth")

    def valid_on(self, day: dt.date) -> OrgUnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self) -> OrgUnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def search(self, query: str) -> OrgUnitQuerySet:
        """Units whose code, name, short name or aliases contain the words of ``query``.

        Matching is accent- and case-insensitive through the folded ``search_text``.
        """
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def ranked(self, query: str) -> OrgUnitQuerySet:
        """Annotate ``search_rank`` (lower first) for ``query``: a unit one of whose names
        or code *is* the query (0), then province-level units and above (1), then units a
        name of which starts with it (2), then the rest (3). So "Hà Giang" finds Tỉnh Hà
        Giang before Phường Hà Giang 1. Callers order by ``search_rank`` first."""
        q = fold(query)
        if not q:
            return self.annotate(search_rank=Value(3, output_field=IntegerField()))
        # ``search_text`` is the folded names joined by " | " (``refresh_search_text``).
        whole_name = (
            Q(search_text=q)
            | Q(search_text__startswith=f"{q} |")
            | Q(search_text__endswith=f"| {q}")
            | Q(search_text__contains=f"| {q} |")
        )
        starts = Q(search_text__startswith=q) | Q(search_text__contains=f"| {q}")
        return self.annotate(
            search_rank=Case(
                When(whole_name, then=Value(0)),
                When(depth__lte=PROVINCE_DEPTH, then=Value(1)),
                When(starts, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )


class OrgUnit(TrackedModel):
    """A node of the unit tree (ministry, province, commune, department, school…).

    Units are never deleted: a merged or abolished unit gets ``valid_to`` and points to
    its ``successor``, so that history (old reports, old awards, seed texts that still
    name districts) keeps resolving.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, help_text=_("Other spellings: Thai, unaccented…")
    )
    kind = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("kind")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(_("place in the tree"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth in the tree"), default=0, editable=False)
    subject_groups = models.ManyToManyField(
        SubjectGroup, blank=True, related_name="units", verbose_name=_("subject groups")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )
    external_code = models.CharField(
        _("official code"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("Official code, e.g. GSO code"),
    )
    # How the body signs its documents (thidua.core.wordlayout, docs/RULES.md §1); empty
    # fields fall back to the rule of its kind (wordlayout.issuers.KIND_STYLES).
    abbreviation = models.CharField(
        _("abbreviation in document numbers"),
        max_length=20,
        blank=True,
        help_text=_("The body's part of a document's number and symbol: UBND in 15/BC-UBND."),
    )
    superior_body = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("superior body"),
        help_text=_(
            "Named above the body in its documents' header. Empty: its parent, when the "
            "parent is a body and not a locality."
        ),
    )
    head_title = models.CharField(
        _("title of its head"),
        max_length=80,
        blank=True,
        help_text=_("Who signs for the body: Chủ tịch, Giám đốc, Trưởng ban…"),
    )
    head_name = models.CharField(
        _("name of its head"),
        max_length=120,
        blank=True,
        help_text=_(
            "Printed under the signature of the reports the body sends (syntheses, reviews). "
            "Empty: a space for the signer to write their name."
        ),
    )
    collective_name = models.CharField(
        _("collective that signs"),
        max_length=120,
        blank=True,
        help_text=_(
            "For a body led collectively, the collective its head signs for (TM. Ủy ban "
            "nhân dân). Empty: the rule of its kind."
        ),
    )
    search_text = models.TextField(_("search text"), editable=False, default="")

    objects = OrgUnitQuerySet.as_manager()

    # Derived columns; the change log shows the fields they derive from.
    changelog_exclude = ("path", "search_text")

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot be merged into itself.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})
        if self.parent_id and self.pk and self.parent and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A unit cannot be moved under its own subtree.")})

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep ``search_text``, ``path`` and ``depth`` derived from the row.

        A new unit's path needs its id, which exists only after the insert: it is
        inserted with a unique placeholder path and the real one is written right after,
        in the same transaction. Re-parenting goes through
        ``thidua.orgunits.services.orgunit_move``, which rewrites the subtree's paths.
        """
        self.refresh_search_text()
        if self.pk is not None:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            self.path = "~" + uuid.uuid4().hex
            self.depth = self.parent.depth + 1 if self.parent_id else 0
            super().save(*args, **kwargs)
            self.path = (self.parent.path if self.parent_id else "") + path_segment(self.pk)
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path)

    def all_names(self) -> list[str]:
        names = [self.name, self.short_name, self.name_en, self.code, *(self.aliases or [])]
        return [n for n in names if n]

    def refresh_search_text(self) -> None:
        self.search_text = " | ".join(fold(n) for n in self.all_names())

    def is_within(self, other: OrgUnit) -> bool:
        """True if this unit is ``other`` or one of its descendants."""
        return self.path.startswith(other.path)
