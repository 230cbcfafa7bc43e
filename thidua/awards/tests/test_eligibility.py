"""Every rule of docs/RULES.md §2, case by case, with the words it answers in."""

import datetime as dt
from decimal import Decimal

from thidua.awards.catalogue import TYPES
from thidua.awards.eligibility import (
    RULES,
    EvaluationResult,
    History,
    MemberStats,
    consecutive_run,
    evaluate,
    years_text,
)
from thidua.awards.models import AwardType, RecipientKind
from thidua.awards.rule_kinds import RULE_KINDS

E, G, C = "excellent", "good", "completed"


def award(code: str, **params: object) -> AwardType:
    name, _en, short, category, kind, level, cash, rule, p, verified, _text = TYPES[code]
    return AwardType(
        code=code,
        name=name,
        short=short,
        category=category,
        recipient_kind=kind,
        level=level,
        cash_multiple=Decimal(cash),
        rule_kind=rule,
        rule_params={**p, **params},
        verified=verified,
    )


def person(**kw: object) -> History:
    h = History(kind=RecipientKind.INDIVIDUAL)
    for k, v in kw.items():
        if k == "titles":
            for code, years in v.items():  # type: ignore[union-attr]
                h.titles[code] = set(years)
        else:
            setattr(h, k, v)
    return h


def texts(v) -> str:
    return " | ".join(c.text for c in v.checks)


def test_years_are_said_in_plain_words():
    assert years_text([2024, 2023]) == "2023 and 2024"
    assert years_text([2022, 2023, 2024]) == "2022, 2023 and 2024"
    assert years_text([]) == "none"


def test_a_consecutive_run_may_end_the_year_before_the_nomination_year():
    assert consecutive_run({2022, 2023, 2024}, 2025) == [2022, 2023, 2024]
    assert consecutive_run({2021, 2023, 2024}, 2024) == [2023, 2024]
    assert consecutive_run({2020}, 2024) == []


def test_ltt_needs_good_completion():
    assert evaluate(award("ldtt"), person(ratings={2024: G}), 2024).eligible
    v = evaluate(award("ldtt"), person(ratings={2024: C}), 2024)
    assert not v.eligible
    assert "needs “good completion” or better in 2024; rated “completed”" in texts(v)


def test_ltt_is_refused_to_a_disciplined_person_and_to_a_missing_rating():
    assert not evaluate(award("ldtt"), person(ratings={2024: E}, disciplined={2024}), 2024).eligible
    assert "no rating recorded" in texts(evaluate(award("ldtt"), person(), 2024))


def test_cstdcs_needs_ltt_and_excellent_completion_or_an_initiative_or_research():
    base = {"ratings": {2024: G}, "titles": {"ldtt": [2024]}}
    assert not evaluate(award("cstdcs"), person(**base), 2024).eligible
    assert evaluate(
        award("cstdcs"), person(ratings={2024: E}, titles={"ldtt": [2024]}), 2024
    ).eligible
    assert evaluate(
        award("cstdcs"),
        person(**base, initiatives=[(2024, "grassroots", "initiative", True)]),
        2024,
    ).eligible
    assert evaluate(
        award("cstdcs"), person(**base, initiatives=[(2024, "grassroots", "research", True)]), 2024
    ).eligible
    # An initiative that was not applied does not count.
    assert not evaluate(
        award("cstdcs"),
        person(**base, initiatives=[(2024, "grassroots", "initiative", False)]),
        2024,
    ).eligible


def test_cstdcs_accepts_meeting_the_ltt_standard_in_the_same_round():
    v = evaluate(award("cstdcs"), person(ratings={2024: E}), 2024)
    assert v.eligible
    assert "the standard is met" in texts(v)


def test_provincial_cstd_needs_three_consecutive_cstdcs_and_is_marked_unverified():
    two = person(
        titles={"cstdcs": [2023, 2024]},
        initiatives=[(2024, "ministry_province", "initiative", True)],
    )
    v = evaluate(award("cstd-tinh"), two, 2024)
    assert not v.eligible
    assert "needs 3 consecutive CSTĐCS up to 2024; has 2023 and 2024" in texts(v)
    assert v.unverified and "not verified" in texts(v)
    three = person(
        titles={"cstdcs": [2022, 2023, 2024]},
        initiatives=[(2024, "ministry_province", "initiative", True)],
    )
    assert evaluate(award("cstd-tinh"), three, 2024).eligible


def test_provincial_cstd_needs_an_initiative_at_that_level():
    v = evaluate(
        award("cstd-tinh"),
        person(
            titles={"cstdcs": [2022, 2023, 2024]},
            initiatives=[(2024, "grassroots", "initiative", True)],
        ),
        2024,
    )
    assert not v.eligible
    assert "recognised at ministry, branch or province level" in texts(v)


def test_national_cstd_needs_two_consecutive_provincial_cstd_and_a_national_initiative():
    h = person(
        titles={"cstd-tinh": [2023, 2024]}, initiatives=[(2024, "national", "initiative", True)]
    )
    assert evaluate(award("cstd-tq"), h, 2024).eligible
    gap = person(
        titles={"cstd-tinh": [2021, 2024]}, initiatives=[(2024, "national", "initiative", True)]
    )
    v = evaluate(award("cstd-tq"), gap, 2024)
    assert not v.eligible and "has 2024" in texts(v)


def test_bang_khen_with_two_consecutive_cstdcs():
    v = evaluate(award("bk-tinh"), person(titles={"cstdcs": [2023, 2024]}), 2024)
    assert v.eligible
    assert "needs 2 consecutive CSTĐCS up to 2024; has 2023 and 2024" in texts(v)


def test_bang_khen_with_two_excellent_years_and_two_grassroots_initiatives():
    h = person(
        ratings={2023: E, 2024: E},
        initiatives=[
            (2023, "grassroots", "initiative", True),
            (2024, "grassroots", "initiative", True),
        ],
    )
    assert evaluate(award("bk-tinh"), h, 2024).eligible
    one = person(ratings={2023: E, 2024: E}, initiatives=[(2024, "grassroots", "initiative", True)])
    assert not evaluate(award("bk-tinh"), one, 2024).eligible


def test_bang_khen_on_a_claimed_one_off_achievement_is_left_to_the_authority():
    v = evaluate(award("bk-tinh"), person(), 2024, grounds=["one_off"])
    assert v.eligible and v.needs_judgement
    assert "one-off achievement" in texts(v)


def test_bang_khen_for_a_movement_result():
    h = person(evaluations=[EvaluationResult("M", 2024, "G", 1, 4, True, "Xuất sắc")])
    assert evaluate(award("bk-tinh"), h, 2024).eligible


def test_prime_minister_bang_khen_needs_a_prior_bang_khen_five_good_years_and_three_cstdcs():
    h = person(
        titles={"bk-tinh": [2019], "cstdcs": [2021, 2023, 2024]},
        ratings={y: G for y in range(2019, 2025)},
    )
    assert evaluate(award("bk-ttg"), h, 2024).eligible
    no_prior = person(
        titles={"cstdcs": [2021, 2023, 2024]}, ratings={y: G for y in range(2019, 2025)}
    )
    v = evaluate(award("bk-ttg"), no_prior, 2024)
    assert not v.eligible and "needs a prior" in texts(v)
    broken = person(
        titles={"bk-tinh": [2019], "cstdcs": [2021, 2023, 2024]},
        ratings={**{y: G for y in range(2019, 2025)}, 2022: C},
    )
    v = evaluate(award("bk-ttg"), broken, 2024)
    assert not v.eligible and "has 2023 and 2024" in texts(v)


def collective(**kw: object) -> History:
    h = person(**kw)
    h.kind = RecipientKind.COLLECTIVE
    return h


def test_excellent_collective_needs_70_percent_ltt_one_cstdcs_and_every_member_completing():
    ok = collective(
        ratings={2024: E}, members={2024: MemberStats(10, 7, 1)}, all_members_completed={2024}
    )
    assert evaluate(award("ttldxs"), ok, 2024).eligible
    low = collective(
        ratings={2024: E}, members={2024: MemberStats(10, 6, 1)}, all_members_completed={2024}
    )
    v = evaluate(award("ttldxs"), low, 2024)
    assert (
        not v.eligible
        and "needs ≥ 70% of members holding LĐTT in 2024; has 6 of 10 (60%)" in texts(v)
    )
    no_cst = collective(
        ratings={2024: E}, members={2024: MemberStats(10, 8, 0)}, all_members_completed={2024}
    )
    assert not evaluate(award("ttldxs"), no_cst, 2024).eligible
    breach = collective(
        ratings={2024: E},
        members={2024: MemberStats(10, 8, 1)},
        all_members_completed={2024},
        serious_breach={2024},
    )
    assert not evaluate(award("ttldxs"), breach, 2024).eligible


def test_advanced_collective_needs_more_than_half_ltt_and_no_disciplined_member():
    assert evaluate(
        award("ttldtt"), collective(ratings={2024: G}, members={2024: MemberStats(4, 3, 0)}), 2024
    ).eligible
    half = collective(ratings={2024: G}, members={2024: MemberStats(4, 2, 0)})
    v = evaluate(award("ttldtt"), half, 2024)
    assert not v.eligible and "needs > 50%" in texts(v)
    bad = collective(
        ratings={2024: G}, members={2024: MemberStats(4, 3, 0)}, members_disciplined={2024: 1}
    )
    assert not evaluate(award("ttldtt"), bad, 2024).eligible
    assert evaluate(award("ttldtt"), half, 2024).unverified


def test_flag_goes_to_the_leader_of_its_group_that_exceeded_targets():
    lead = collective(
        evaluations=[EvaluationResult("M", 2024, "Provinces", 1, 4, True, "Xuất sắc")],
        exceeded_targets={2024},
    )
    v = evaluate(award("co-cp"), lead, 2024)
    assert v.eligible and "ranked 1 of 4" in texts(v)
    second = collective(
        evaluations=[EvaluationResult("M", 2024, "Provinces", 2, 4, True, "Xuất sắc")],
        exceeded_targets={2024},
    )
    assert not evaluate(award("co-cp"), second, 2024).eligible
    assert not evaluate(award("co-cp"), collective(), 2024).eligible


def test_a_result_whose_figures_changed_after_finalisation_asks_for_judgement_and_says_why():
    changed = EvaluationResult(
        "M", 2024, "Provinces", 1, 4, True, "Xuất sắc", figures_changed_on=dt.date(2025, 3, 2)
    )
    flagged = collective(evaluations=[changed], exceeded_targets={2024})
    v = evaluate(award("co-cp"), flagged, 2024)
    assert v.eligible and v.needs_judgement  # a yes only a person may confirm now
    assert "ranked 1 of 4" in texts(v)
    assert "changed on 02/03/2025, after it was finalised" in texts(v)
    # A no stays a no, with the same caveat.
    second = EvaluationResult(
        "M", 2024, "Provinces", 2, 4, True, "Xuất sắc", figures_changed_on=dt.date(2025, 3, 2)
    )
    v = evaluate(award("co-cp"), collective(evaluations=[second], exceeded_targets={2024}), 2024)
    assert not v.eligible and "changed on 02/03/2025" in texts(v)
    # Bằng khen: an outstanding result that stands is preferred over one whose figures moved.
    standing = EvaluationResult("N", 2024, "Provinces", 3, 4, True, "Xuất sắc")
    v = evaluate(award("bk-tinh"), collective(evaluations=[changed, standing]), 2024)
    assert v.eligible and not v.needs_judgement and "“N”" in texts(v)
    v = evaluate(award("bk-tinh"), collective(evaluations=[changed]), 2024)
    assert v.needs_judgement and "changed on 02/03/2025" in texts(v)


def test_an_individual_award_is_refused_to_a_collective_and_a_title_is_granted_once_a_year():
    v = evaluate(award("cstdcs"), collective(), 2024)
    assert not v.eligible and "individual" in texts(v)
    v = evaluate(award("ldtt"), person(ratings={2024: G}, titles={"ldtt": [2024]}), 2024)
    assert not v.eligible and "already holds it for 2024" in texts(v)


def test_rule_parameters_are_data_an_administrator_can_change():
    h = person(
        titles={"cstdcs": [2023, 2024]},
        initiatives=[(2024, "ministry_province", "initiative", True)],
    )
    assert evaluate(award("cstd-tinh", years=2), h, 2024).eligible


def test_the_rule_names_the_model_accepts_are_exactly_the_rules_of_the_engine():
    assert set(RULES) == RULE_KINDS
    assert {row[7] for row in TYPES.values()} <= RULE_KINDS
