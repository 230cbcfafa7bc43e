"""Property tests: ``extract`` never raises, and every span lies within the text."""

from __future__ import annotations

import json
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.textimport.extract import UnitName, draft, extract, thai

UNITS = [UnitName(1, ("Bắc Giang", "บั๊กซาง")), UnitName("x", ("Hà Nội", "Ha-Noi"))]

# Pieces that exercise every extractor; hypothesis glues them with arbitrary text.
PIECES = [
    "ngày 22/1/2019",
    "ngày 22 tháng 10 năm 2018",
    "22 ตุลาคม พ.ศ. 2561",
    "๒๒ ม.ค. ๖๒",
    "January 22, 2019",
    "2021 - 2025",
    "ช่วงปี 2013 - 2023",
    "(10 ธันวาคม 2491 - 10 ธันวาคม 2566)",
    "hằng năm trước ngày 30/11",
    "ก่อนวันที่ 30 พฤศจิกายนของทุกปี",
    "\n1. ",
    "\n2. ",
    "\n- ",
    "\nI. ",
    "(1) ",
    "2.028 tổ",
    "มากกว่า 11,300 คน",
    "more than 18,400 people",
    "35-NQ/TW",
    "92/KH-BCĐNQ",
    "Bắc Giang",
    "บักซาง",
    "https://example.org/2024/1",
    "[caption id=1]",
    "19:49",
    "%",
    "\u0301",
    "\ufeff",
    "\r\n",
]

mixed = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)


def check(text: str) -> None:
    e = extract(text, units=UNITS)
    n = len(text)
    for s, t in e.all_spans():
        assert 0 <= s <= t <= n, (s, t, n)
    json.dumps(e.to_dict())
    json.dumps(draft(e), default=str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed)
def test_mixed_scripts_and_fragments(text: str) -> None:
    check(text)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=200))
def test_bytes_decoded_leniently(data: bytes) -> None:
    check(data.decode("utf-8", errors="replace"))
    check(data.decode("latin-1"))


# Inputs crafted against backtracking: long runs of digits, separators, markers.
CRAFTED = (
    *("1.", "1,", "9/", "1-", "- ", "(1) ", "2021 - ", "ngày ", "ก่อน", "\n1. a\n2. b"),
    *("a" * 7, "A1", "35-NQ/TW "),
)


def calls_made_by_check(text: str) -> int:
    """How many Python and built-in function calls ``check(text)`` makes.

    A count of work that does not depend on the machine's speed or load: ``sys.setprofile``
    sees every call, and the count is the same on every run. The Thai segmenter's cache is
    cleared first so that a text does not profit from the chunks of the one before. Work
    inside one regex call is not seen; its time is measured by ``bench/bench_extract.py``.
    """
    thai.segment.cache_clear()
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        check(text)
    finally:
        sys.setprofile(None)
    return calls


def test_the_work_on_huge_repetitive_input_grows_linearly() -> None:
    check("warm-up: ngày 22/1/2019, ก่อน 92/KH-BCĐNQ")  # compiles and loads once, uncounted
    for piece in CRAFTED:
        small = calls_made_by_check(piece * 2_000)
        double = calls_made_by_check(piece * 4_000)
        # Linear work doubles; a quadratic term would come close to four times.
        assert double <= 2.2 * small, (piece, small, double)


def test_the_work_on_long_seed_like_text_grows_linearly() -> None:
    check("warm-up: ngày 22/1/2019, ก่อน 92/KH-BCĐNQ")
    text = "\n".join(PIECES)
    small = calls_made_by_check(text * 100)  # ~30 kB of dense matter
    double = calls_made_by_check(text * 200)
    assert double <= 2.2 * small, (small, double)
