"""The scorer on small synthetic cases, and its command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua.textimport.extract import extract
from thidua.textimport.scoring import FieldScore, format_table, main, score


def test_field_score_arithmetic() -> None:
    s = FieldScore(tp=2, fp=1, fn=1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)
    assert FieldScore(0, 0, 0).f1 == 1.0  # nothing expected, nothing found
    assert FieldScore(0, 2, 0).precision == 0.0 and FieldScore(0, 2, 0).f1 == 0.0
    assert FieldScore(0, 0, 3).recall == 0.0


def test_dates_years_periods_and_micro_average() -> None:
    e = extract("Ngày 22/1/2019; giai đoạn 2021 - 2025; năm 2030.")
    gold = {
        "language": "vi",
        "dates": ["2019-01-22", "2020-01-01"],
        "periods": [{"start": "2021-01-01", "end": "2025-12-31"}],
        "years": [2019, 2021, 2025],
    }
    res = score(e, gold, "synthetic")
    assert res.language_ok is True
    assert res.fields["dates"] == FieldScore(1, 0, 1)
    assert res.fields["periods"] == FieldScore(1, 0, 0)
    assert res.fields["years"] == FieldScore(3, 1, 0)  # 2030 is not in the gold
    assert res.overall == FieldScore(5, 1, 1)


def test_figures_compare_values_and_qualifiers_when_gold_has_them() -> None:
    e = extract("2,028 groups with more than 11,300 members and 5 years", language="en")
    with_q = {"figures": [{"value": 2028, "qualifier": None}, {"value": 11300, "qualifier": None}]}
    assert score(e, with_q).fields["figures"] == FieldScore(1, 1, 1)
    plain = {"figures": [{"value": 2028}, {"value": 11300}]}
    assert score(e, plain).fields["figures"] == FieldScore(2, 0, 0)  # durations are ignored


def test_lists_with_and_without_bullet_counts() -> None:
    text = "Intro:\n1. A\n- a1\n- a2\n2. B\n- b1\n"
    e = extract(text)
    assert score(e, {"numbered_lists": [{"items": 2}]}).fields["numbered_lists"].f1 == 1.0
    good = {"numbered_lists": [{"items": 2, "bullets_per_item": [2, 1]}]}
    bad = {"numbered_lists": [{"items": 2, "bullets_per_item": [1, 1]}]}
    assert score(e, good).fields["numbered_lists"].f1 == 1.0
    assert score(e, bad).fields["numbered_lists"] == FieldScore(0, 1, 1)


def test_deadlines_and_wrong_language() -> None:
    e = extract("Report every year before 30 November.")
    res = score(e, {"language": "th", "deadlines": [{"every": "year", "before": "11-30"}]})
    assert res.fields["deadlines"] == FieldScore(1, 0, 0)
    assert res.language_ok is False


def test_document_refs_compare_parsed_parts() -> None:
    pytest.importorskip("thidua.utils.symbols")
    e = extract("Kế hoạch 84-KH/HĐND-BTGTU và 92/KH-BCĐNQ")
    gold = {
        "document_refs": [
            {"symbol": "84-KH/HDND-BTGTU", "number": "84", "type": "KH",
             "issuers": ["HDND", "BTGTU"], "style": "party"},
            {"symbol": "92/KH-BCĐNQ", "number": "92", "type": "KH",
             "issuers": ["BCĐNQ"], "style": "party"},
        ]
    }  # fmt: skip
    # The second gold entry has the wrong style on purpose: one hit, one miss each way.
    assert score(e, gold).fields["document_refs"] == FieldScore(1, 1, 1)


def test_main_prints_a_table_for_a_seeds_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "a.txt").write_text("ngày 22/1/2019", encoding="utf-8")
    gold = {"seed": "a.txt", "language": "vi", "dates": ["2019-01-22"]}
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "== a.txt (language ok)" in out and "TOTAL over 1 seeds" in out
    assert main([str(tmp_path / "missing")]) == 2


def test_format_table_of_nothing() -> None:
    assert "TOTAL over 0 seeds" in format_table([])


@pytest.mark.parametrize("folder", ["", "heldout", "heldout2"])
def test_bundled_texts_hold_their_structural_checks(folder: str) -> None:
    """The texts written for the structural checks (thidua/textimport/gold, and the two
    held-out sets beside them): at least 0.8 of the checks hold, and symbols and dates
    keep a recall of 0.95 or more."""
    from thidua.textimport.scoring import BUNDLED_GOLD, score_dir

    results = score_dir(BUNDLED_GOLD / folder if folder else BUNDLED_GOLD)
    assert len(results) >= (6 if not folder else 4)
    assert {r.name[:2] for r in results} == {"vi", "th", "en"}
    held = sum(r.checks_held[0] for r in results)
    total = sum(r.checks_held[1] for r in results)
    assert total > 100 and held / total >= 0.8, (held, total)
    for f in ("document_refs", "dates"):
        s = FieldScore(0, 0, 0)
        for r in results:
            s = s + r.fields[f]
        assert s.recall >= 0.95, (f, s)


def test_structure_of_a_gold_with_nothing_to_find() -> None:
    e = extract("Hôm nay trời đẹp. Người dân đi chợ đông.")
    res = score(e, {"header": {"symbol": None}, "tasks": [], "not_tasks": ["trời đẹp"]})
    assert dict(res.checks) == {
        "header.symbol": True,
        "no task beyond the gold's": True,
        "not a task: trời đẹp": True,
    }
