"""The eligibility engine: may this candidate receive this award for this year, and why.

Each rule of docs/RULES.md §2 is a function ``rule(history, params, year, grounds) -> [Check]``
registered in ``RULES`` under the ``AwardType.rule_kind`` that selects it; its numbers
(consecutive years, prerequisite award codes, member shares) come from
``AwardType.rule_params`` so that an administrator can follow a change of law.

A ``Check`` is one condition in plain words ("needs 2 consecutive CSTĐCS up to 2024;
has 2023 and 2024"). ``ok`` is True or False when the records decide it, None when only
a person can judge it (a claimed one-off achievement): such checks never block, they are
shown to the granting authority. ``History`` is built from the database by
``history_for_person`` / ``history_for_unit``; the rules themselves touch no database,
which is what lets tests state each case directly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from thidua.awards.models import (
    LEVEL_RANK,
    RATING_RANK,
    Award,
    AwardType,
    Initiative,
    Level,
    Nomination,
    Person,
    PersonYear,
    RecipientKind,
    TaskRating,
    UnitYear,
)
from thidua.core.figures import format_day
from thidua.emulation.models import Evaluation


@dataclass(frozen=True)
class Check:
    ok: bool | None
    text: str


@dataclass
class EvaluationResult:
    """A final movement evaluation of a collective, as the flag and Bằng khen rules need it.

    ``figures_changed_on``: the approved figures behind the result changed after it was
    finalised (``Evaluation.figures_changed_on``); the result stands until its owner
    reopens it, and a check that relies on it says so and asks for judgement."""

    movement: str
    year: int
    group: str
    rank: int | None
    group_size: int
    outstanding: bool
    band: str = ""
    figures_changed_on: dt.date | None = None


def _relying_on(e: EvaluationResult, check: Check) -> Check:
    """``check``, read off ``e``, with the caveat when ``e``'s figures changed since it was
    finalised: a yes becomes a judgement (None), a no stays a no."""
    if e.figures_changed_on is None:
        return check
    caveat = _(
        "the figures behind this result changed on %(day)s, after it was finalised: ask "
        "the movement's owner to reopen it and score it again before deciding"
    ) % {"day": format_day(e.figures_changed_on)}
    return Check(None if check.ok else check.ok, f"{check.text} ({caveat})")


@dataclass
class MemberStats:
    headcount: int
    ltt: int  # members holding LĐTT (or CSTĐCS, which presupposes it)
    cstdcs: int


@dataclass
class History:
    """What the rules may know about a candidate, year by year."""

    kind: str = RecipientKind.INDIVIDUAL
    name: str = ""
    titles: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    ratings: dict[int, str] = field(default_factory=dict)
    disciplined: set[int] = field(default_factory=set)
    # (year, level, kind, applied)
    initiatives: list[tuple[int, str, str, bool]] = field(default_factory=list)
    # collectives
    members: dict[int, MemberStats] = field(default_factory=dict)
    all_members_completed: set[int] = field(default_factory=set)
    members_disciplined: dict[int, int] = field(default_factory=dict)
    serious_breach: set[int] = field(default_factory=set)
    exceeded_targets: set[int] = field(default_factory=set)
    evaluations: list[EvaluationResult] = field(default_factory=list)

    def years_of(self, code: str) -> set[int]:
        return set(self.titles.get(code, set()))

    def rated_at_least(self, year: int, rating: str) -> bool:
        have = self.ratings.get(year)
        return have is not None and RATING_RANK[TaskRating(have)] >= RATING_RANK[TaskRating(rating)]


@dataclass
class Verdict:
    award_type: AwardType
    year: int
    checks: list[Check]

    @property
    def eligible(self) -> bool:
        return all(c.ok is not False for c in self.checks)

    @property
    def needs_judgement(self) -> bool:
        return any(c.ok is None for c in self.checks)

    @property
    def unverified(self) -> bool:
        return not self.award_type.verified

    @property
    def summary(self) -> str:
        return "; ".join(c.text for c in self.checks)


# ---- words -------------------------------------------------------------------------


def years_text(years: Iterable[int]) -> str:
    """``[2023, 2024]`` → "2023 and 2024"; ``[]`` → "none"."""
    ys = [str(y) for y in sorted(years)]
    if not ys:
        return _("none")
    if len(ys) == 1:
        return ys[0]
    return _("%(head)s and %(last)s") % {"head": ", ".join(ys[:-1]), "last": ys[-1]}


def _label(code: str) -> str:
    """The short name of an award type code for explanations (LĐTT, CSTĐCS…)."""
    found = AWARD_LABELS.get(code)
    if found is None:
        short = AwardType.objects.filter(code=code).values_list("short", "name").first()
        found = (short[0] or short[1]) if short else code
        AWARD_LABELS[code] = found
    return found


# Filled lazily from the catalogue; the demo's codes are known up front so that
# explanations in tests need no query.
AWARD_LABELS: dict[str, str] = {
    "ldtt": "LĐTT",
    "cstdcs": "CSTĐCS",
    "cstd-tinh": "CSTĐ cấp bộ, ngành, tỉnh",
    "cstd-tq": "CSTĐ toàn quốc",
    "bk-tinh": "Bằng khen cấp bộ, ngành, tỉnh",
    "bk-ttg": "Bằng khen của Thủ tướng Chính phủ",
    "ttldtt": "TTLĐTT",
    "ttldxs": "TTLĐXS",
}


def _rating_name(rating: str) -> str:
    return str(TaskRating(rating).label)


def consecutive_run(years: set[int], end: int) -> list[int]:
    """The run of consecutive years ending at ``end`` (or, if ``end`` is not held yet,
    at ``end - 1``: a title of the current year may be granted in the same round)."""
    if end not in years:
        end -= 1
    run: list[int] = []
    while end in years:
        run.append(end)
        end -= 1
    return sorted(run)


def _initiatives(
    h: History, years: Iterable[int], level: str, *, kinds: tuple[str, ...] = ("initiative",)
) -> list[tuple[int, str, str, bool]]:
    want = LEVEL_RANK[Level(level)]
    ys = set(years)
    return [
        i
        for i in h.initiatives
        if i[0] in ys and i[3] and i[2] in kinds and LEVEL_RANK[Level(i[1])] >= want
    ]


# ---- checks shared by rules -----------------------------------------------------------


def check_rating(h: History, year: int, minimum: str) -> Check:
    have = h.ratings.get(year)
    need = _rating_name(minimum)
    if have is None:
        return Check(
            False,
            _("needs “%(need)s” or better in %(year)s; no rating recorded")
            % {"need": need, "year": year},
        )
    ok = h.rated_at_least(year, minimum)
    return Check(
        ok,
        _("needs “%(need)s” or better in %(year)s; rated “%(have)s”")
        % {"need": need, "year": year, "have": _rating_name(have)},
    )


def check_consecutive(h: History, code: str, count: int, year: int) -> Check:
    run = consecutive_run(h.years_of(code), year)
    return Check(
        len(run) >= count,
        _("needs %(n)s consecutive %(title)s up to %(year)s; has %(years)s")
        % {
            "n": count,
            "title": _label(code),
            "year": year,
            "years": years_text(run)
            if run
            else years_text(sorted(y for y in h.years_of(code) if y <= year)),
        },
    )


def check_initiative(h: History, years: Iterable[int], level: str, count: int = 1) -> Check:
    ys = sorted(set(years))
    found = _initiatives(h, ys, level)
    level_name = str(Level(level).label)
    span = years_text(ys) if ys else _("the period")
    return Check(
        len(found) >= count,
        _("needs %(n)s applied initiative(s) recognised at %(level)s level in %(span)s; has %(k)s")
        % {"n": count, "level": level_name, "span": span, "k": len(found)},
    )


def check_not_disciplined(h: History, year: int) -> Check:
    bad = year in h.disciplined
    return Check(
        not bad,
        _("disciplined in %(year)s") % {"year": year}
        if bad
        else _("no discipline recorded in %(year)s") % {"year": year},
    )


def any_of(label: str, checks: list[Check]) -> Check:
    """One check that passes when any of ``checks`` passes (None if only judgements remain)."""
    if any(c.ok is True for c in checks):
        ok: bool | None = True
    elif any(c.ok is None for c in checks):
        ok = None
    else:
        ok = False
    parts = " | ".join(("✓ " if c.ok else "✗ " if c.ok is False else "? ") + c.text for c in checks)
    return Check(ok, f"{label}: {parts}")


def claimed_grounds(grounds: Iterable[str]) -> list[Check]:
    labels = dict(Nomination.Ground.choices)
    return [
        Check(
            None,
            _("claimed by the nominating unit: %(ground)s — for the authority to judge")
            % {"ground": labels.get(g, g)},
        )
        for g in grounds
    ]


# ---- the rules ----------------------------------------------------------------------

Rule = Callable[[History, dict[str, Any], int, tuple[str, ...]], list[Check]]


def rule_manual(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    checks = [Check(None, _("no rule recorded: the granting authority judges the dossier"))]
    return checks + claimed_grounds(grounds)


def rule_ltt(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """LĐTT / CSTT: completes tasks well or better; active in emulation (set locally)."""
    return [
        check_rating(h, year, p.get("min_rating", TaskRating.GOOD)),
        check_not_disciplined(h, year),
        Check(None, _("active in emulation: criteria set by each ministry or province")),
    ]


def rule_cstdcs(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """CSTĐCS: meets LĐTT and one of excellent completion, a grassroots initiative, an
    accepted and applied research project."""
    base = p.get("title", "ldtt")
    if year in h.years_of(base):
        first = Check(True, _("holds %(t)s in %(y)s") % {"t": _label(base), "y": year})
    else:
        meets = h.rated_at_least(year, TaskRating.GOOD) and year not in h.disciplined
        first = Check(
            meets,
            _("needs %(t)s in %(y)s; not granted, and the standard is %(m)s")
            % {"t": _label(base), "y": year, "m": _("met") if meets else _("not met")},
        )
    options = [
        check_rating(h, year, TaskRating.EXCELLENT),
        check_initiative(h, [year], p.get("initiative_level", Level.GRASSROOTS)),
        Check(
            bool([i for i in h.initiatives if i[0] == year and i[2] == "research" and i[3]]),
            _("an accepted and applied research project in %(y)s") % {"y": year},
        ),
    ]
    return [first, any_of(_("and one of"), options)]


def rule_consecutive(
    h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]
) -> list[Check]:
    """CSTĐ of a ministry/province (3 consecutive CSTĐCS + an initiative of influence at
    that level) and national CSTĐ (2 consecutive ministry/province CSTĐ + a nationwide one)."""
    code, count = p["title"], int(p["years"])
    checks = [check_consecutive(h, code, count, year)]
    level = p.get("initiative_level")
    if level:
        run = consecutive_run(h.years_of(code), year) or [year]
        span = range(min(run), year + 1)
        checks.append(check_initiative(h, span, level))
    return checks


def _movement_outstanding(h: History, year: int) -> Check:
    hits = sorted(
        (e for e in h.evaluations if e.year == year and e.outstanding),
        key=lambda e: e.figures_changed_on is not None,  # a result that stands first
    )
    if hits:
        e = hits[0]
        return _relying_on(
            e,
            Check(
                True,
                _("outstanding in “%(m)s” %(y)s (%(band)s)")
                % {"m": e.movement, "y": year, "band": e.band},
            ),
        )
    return Check(False, _("no outstanding movement result in %(y)s") % {"y": year})


def rule_bk(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """Bằng khen of a minister or provincial chair: any one of a movement result, a one-off
    achievement, a major contribution, 2 consecutive CSTĐCS, or ≥ 2 consecutive years of
    excellent completion with 2 initiatives applied at grassroots level."""
    options = [_movement_outstanding(h, year), *claimed_grounds(grounds)]
    if h.kind == RecipientKind.INDIVIDUAL:
        options.append(
            check_consecutive(h, p.get("title", "cstdcs"), int(p.get("title_years", 2)), year)
        )
        n = int(p.get("excellent_years", 2))
        excellent = {y for y, r in h.ratings.items() if r == TaskRating.EXCELLENT}
        run = consecutive_run(excellent, year)
        c1 = Check(
            len(run) >= n,
            _("needs %(n)s consecutive years of excellent completion; has %(ys)s")
            % {"n": n, "ys": years_text(run)},
        )
        c2 = check_initiative(
            h,
            run or [year],
            p.get("initiative_level", Level.GRASSROOTS),
            int(p.get("initiatives", 2)),
        )
        options.append(Check(c1.ok and c2.ok, f"{c1.text}, {c2.text}"))
    else:
        n = int(p.get("collective_excellent_years", 2))
        excellent = {y for y, r in h.ratings.items() if r == TaskRating.EXCELLENT}
        run = consecutive_run(excellent, year)
        options.append(
            Check(
                len(run) >= n,
                _("needs %(n)s consecutive years of excellent completion (collective); has %(ys)s")
                % {"n": n, "ys": years_text(run)},
            )
        )
    return [any_of(_("any one of"), options)]


def rule_bk_pm(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """Bằng khen of the Prime Minister: already holds a ministry/province Bằng khen, then
    ≥ 5 consecutive years of completing tasks well or better including 3 CSTĐCS."""
    prereq = list(p.get("prerequisite", ["bk-tinh"]))
    held = sorted({y for c in prereq for y in h.years_of(c) if y <= year})
    checks = [
        Check(
            bool(held),
            _("needs a prior %(t)s; has %(ys)s")
            % {"t": " / ".join(_label(c) for c in prereq), "ys": years_text(held)},
        )
    ]
    n = int(p.get("years", 5))
    since = held[0] if held else year
    good = {y for y in h.ratings if y >= since and h.rated_at_least(y, TaskRating.GOOD)}
    run = consecutive_run(good, year)
    checks.append(
        Check(
            len(run) >= n,
            _(
                "needs %(n)s consecutive years completing tasks well or better "
                "(since the Bằng khen) up to %(y)s; has %(ys)s"
            )
            % {"n": n, "y": year, "ys": years_text(run)},
        )
    )
    title, k = p.get("title", "cstdcs"), int(p.get("title_count", 3))
    within = sorted(set(run) & h.years_of(title))
    checks.append(
        Check(
            len(within) >= k,
            _("including %(k)s %(t)s in those years; has %(ys)s")
            % {"k": k, "t": _label(title), "ys": years_text(within)},
        )
    )
    return checks


def _share_checks(h: History, year: int, *, minimum: float, strict: bool) -> Check:
    stats = h.members.get(year)
    if stats is None or not stats.headcount:
        return Check(
            False,
            _("needs the share of members holding LĐTT in %(y)s; no members recorded")
            % {"y": year},
        )
    share = 100.0 * stats.ltt / stats.headcount
    ok = share > minimum if strict else share >= minimum
    sign = ">" if strict else "≥"
    return Check(
        ok,
        _(
            "needs %(sign)s %(min)s%% of members holding LĐTT in %(y)s; "
            "has %(k)s of %(n)s (%(share)s%%)"
        )
        % {
            "sign": sign,
            "min": f"{minimum:g}",
            "y": year,
            "k": stats.ltt,
            "n": stats.headcount,
            "share": f"{share:.0f}",
        },
    )


def rule_ttldxs(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """Tập thể lao động xuất sắc: excellent completion; every member completes tasks with
    ≥ 70% LĐTT; at least one CSTĐCS; no serious breach."""
    stats = h.members.get(year)
    k = int(p.get("min_cstdcs", 1))
    has = stats.cstdcs if stats else 0
    return [
        check_rating(h, year, TaskRating.EXCELLENT),
        Check(
            year in h.all_members_completed,
            _("every member completed their tasks in %(y)s") % {"y": year}
            if year in h.all_members_completed
            else _("needs every member to complete their tasks in %(y)s; not recorded as such")
            % {"y": year},
        ),
        _share_checks(h, year, minimum=float(p.get("min_ltt_percent", 70)), strict=False),
        Check(
            has >= k,
            _("needs at least %(k)s member(s) holding CSTĐCS in %(y)s; has %(has)s")
            % {"k": k, "y": year, "has": has},
        ),
        Check(
            year not in h.serious_breach,
            _("serious breach recorded in %(y)s") % {"y": year}
            if year in h.serious_breach
            else _("no serious breach in %(y)s") % {"y": year},
        ),
    ]


def rule_ttldtt(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """Tập thể lao động tiên tiến: completes tasks well; > 50% LĐTT; no member disciplined
    at reprimand or above (2013 wording)."""
    bad = h.members_disciplined.get(year, 0)
    return [
        check_rating(h, year, p.get("min_rating", TaskRating.GOOD)),
        _share_checks(h, year, minimum=float(p.get("min_ltt_percent", 50)), strict=True),
        Check(
            bad == 0,
            _("no member disciplined (reprimand or above) in %(y)s") % {"y": year}
            if not bad
            else _("%(k)s member(s) disciplined (reprimand or above) in %(y)s")
            % {"k": bad, "y": year},
        ),
    ]


def rule_flag(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """Emulation flag: the outstanding leading collectives of a cluster or block,
    exceeding targets."""
    top = int(p.get("top_n", 1))
    results = sorted(
        (e for e in h.evaluations if e.year == year and e.rank), key=lambda e: e.rank or 0
    )
    if results:
        best = results[0]
        lead = _relying_on(
            best,
            Check(
                (best.rank or 0) <= top and best.outstanding,
                _(
                    "needs to lead its group (top %(top)s, outstanding band) in %(y)s; "
                    "ranked %(rank)s of %(n)s in “%(g)s” of “%(m)s” (%(band)s)"
                )
                % {
                    "top": top,
                    "y": year,
                    "rank": best.rank,
                    "n": best.group_size,
                    "g": best.group,
                    "m": best.movement,
                    "band": best.band or "—",
                },
            ),
        )
    else:
        lead = Check(
            False,
            _("needs to lead its group (top %(top)s) in %(y)s; no final ranking recorded")
            % {"top": top, "y": year},
        )
    checks = [lead]
    if p.get("requires_exceeded_targets", True):
        checks.append(
            Check(
                year in h.exceeded_targets,
                _("exceeded its targets in %(y)s") % {"y": year}
                if year in h.exceeded_targets
                else _("needs to exceed its targets in %(y)s; not recorded") % {"y": year},
            )
        )
    return checks


def rule_merit(h: History, p: dict[str, Any], year: int, grounds: tuple[str, ...]) -> list[Check]:
    """Giấy khen and the certificates of bodies outside the State's list: good completion,
    the achievement itself judged by the head who grants it."""
    checks = (
        [check_rating(h, year, p.get("min_rating", TaskRating.GOOD))]
        if p.get("min_rating", "good")
        else []
    )
    return [
        *checks,
        Check(None, _("achievement judged by the head who grants it")),
        *claimed_grounds(grounds),
    ]


# Keyed by the names of thidua.awards.rule_kinds.RULE_KINDS (tests check they agree).
RULES: dict[str, Rule] = {
    "manual": rule_manual,
    "ltt": rule_ltt,
    "cstdcs": rule_cstdcs,
    "consecutive": rule_consecutive,
    "bk": rule_bk,
    "bk_pm": rule_bk_pm,
    "ttldxs": rule_ttldxs,
    "ttldtt": rule_ttldtt,
    "flag": rule_flag,
    "merit": rule_merit,
}


def evaluate(
    award_type: AwardType, history: History, year: int, *, grounds: Iterable[str] = ()
) -> Verdict:
    """The verdict for one award type: every check in plain words."""
    checks: list[Check] = []
    if award_type.recipient_kind not in {history.kind, RecipientKind.BOTH}:
        checks.append(
            Check(
                False,
                _("this award is for %(kind)s recipients")
                % {"kind": RecipientKind(award_type.recipient_kind).label},
            )
        )
        return Verdict(award_type, year, checks)
    if award_type.category != AwardType.Category.COMMENDATION and year in history.years_of(
        award_type.code
    ):
        checks.append(Check(False, _("already holds it for %(y)s") % {"y": year}))
    rule = RULES.get(award_type.rule_kind, rule_manual)
    checks.extend(rule(history, dict(award_type.rule_params or {}), year, tuple(grounds)))
    if not award_type.verified:
        checks.append(
            Check(None, _("rule not verified against the current law: check it before deciding"))
        )
    return Verdict(award_type, year, checks)


# ---- history from the database ---------------------------------------------------------


def history_for_person(person: Any) -> History:
    h = History(kind=RecipientKind.INDIVIDUAL, name=str(person))
    for code, year in Award.objects.filter(person=person).values_list("award_type__code", "year"):
        h.titles[code].add(year)
    for year, rating, disciplined in PersonYear.objects.filter(person=person).values_list(
        "year", "rating", "disciplined"
    ):
        h.ratings[year] = rating
        if disciplined:
            h.disciplined.add(year)
    h.initiatives = list(
        Initiative.objects.filter(person=person).values_list("year", "level", "kind", "applied")
    )
    return h


def history_for_unit(unit: Any) -> History:
    h = History(kind=RecipientKind.COLLECTIVE, name=str(unit))
    for code, year in Award.objects.filter(unit=unit).values_list("award_type__code", "year"):
        h.titles[code].add(year)
    records = {r.year: r for r in UnitYear.objects.filter(unit=unit)}
    registered = Person.objects.filter(unit=unit).count()
    # Members holding LĐTT per year: CSTĐCS presupposes LĐTT, so either counts.
    ltt: dict[int, set[int]] = defaultdict(set)
    cst: dict[int, set[int]] = defaultdict(set)
    for pid, code, year in Award.objects.filter(
        person__unit=unit, award_type__code__in=["ldtt", "cstdcs"]
    ).values_list("person_id", "award_type__code", "year"):
        ltt[year].add(pid)
        if code == "cstdcs":
            cst[year].add(pid)
    for year in set(records) | set(ltt):
        r = records.get(year)
        if r is not None:
            h.ratings[year] = r.rating
            if r.all_members_completed:
                h.all_members_completed.add(year)
            h.members_disciplined[year] = r.members_disciplined
            if r.serious_breach:
                h.serious_breach.add(year)
            if r.exceeded_targets:
                h.exceeded_targets.add(year)
        headcount = r.headcount if r is not None and r.headcount else registered
        h.members[year] = MemberStats(headcount, len(ltt[year]), len(cst[year]))
    evaluations = list(
        Evaluation.objects.filter(
            unit=unit, person__isnull=True, status=Evaluation.Status.FINAL
        ).select_related("movement", "group", "band")
    )
    sizes: dict[tuple[int, int], int] = {}
    if evaluations:
        rows = (
            Evaluation.objects.filter(
                group__in={e.group_id for e in evaluations}, status=Evaluation.Status.FINAL
            )
            .values("group_id", "year")
            .annotate(n=Count("id"))
        )
        sizes = {(r["group_id"], r["year"]): r["n"] for r in rows}
    for e in evaluations:
        h.evaluations.append(
            EvaluationResult(
                movement=e.movement.name,
                year=e.year,
                group=e.group.name,
                rank=e.rank,
                group_size=sizes.get((e.group_id, e.year), 0),
                outstanding=bool(e.band and e.band.is_outstanding),
                band=e.band.name if e.band else "",
                figures_changed_on=e.figures_changed_on,
            )
        )
    return h


def history_for(candidate: Any) -> History:
    return (
        history_for_person(candidate)
        if isinstance(candidate, Person)
        else history_for_unit(candidate)
    )


def eligibility_report(
    candidate: Any, year: int, *, award_types: Iterable[AwardType] | None = None
) -> list[Verdict]:
    """Verdicts for every active award type that fits the candidate (person or unit)."""
    h = history_for(candidate)
    types = (
        award_types
        if award_types is not None
        else AwardType.objects.filter(
            is_active=True, recipient_kind__in=[h.kind, RecipientKind.BOTH]
        )
    )
    return [evaluate(t, h, year) for t in types]
