"""Benchmark of the plan-text extraction (not a test).

Builds a text of 20,000 characters — an equal share of each seed text when
``shared/seeds`` is found, otherwise generated Vietnamese/English/Thai plan text — and
prints the time of ``extract`` over N runs (min / median / p99). Characters, not bytes:
Thai takes three bytes a character in UTF-8, so 20,000 characters of the Thai seeds are
about 55 kB. The first (cold) run, which loads PyThaiNLP's dictionary, is printed apart.

Then the inputs crafted against backtracking (long runs of digits, separators and list
markers, as in ``thidua/textimport/tests/test_properties.py``): the time of one
``extract`` over each piece repeated R and 2R times, and the ratio of the two, which
stays near 2 while the extraction is linear. The test suite asserts that growth on a
count of function calls; the time is measured here, not in a test.

    python bench/bench_extract.py [--runs N] [--size CHARS] [--generated] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua.textimport.extract import UnitName, extract, thai
from thidua.textimport.scoring import find_seeds_dir

GENERATED = """Số: {n}/KH-UBND    Bắc Giang, ngày {d} tháng {m} năm 2023
Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị, giai đoạn 2021 - 2025.
Toàn tỉnh có 857 mô hình, 2.028 tổ tự quản với hơn 11.300 thành viên.
1. Tuyên truyền, phổ biến nghị quyết.
- Sở Thông tin và Truyền thông chủ trì.
- Công an tỉnh phối hợp.
2. Kiểm tra, giám sát.
Các sở báo cáo hằng năm trước ngày 30/11.
The province built 614 classes with more than 18,400 participants on 6 June 2023.
ในปี 2566 จังหวัดจัดตั้งกลุ่มบริหารจัดการตนเองจำนวน 2,028 กลุ่ม มีสมาชิกมากกว่า 11,300 คน
"""

UNITS = [
    UnitName(1, ("Bắc Giang", "Bac Giang", "บั๊กซาง", "บักซาง")),
    UnitName(2, ("Hà Giang", "Ha Giang", "ห่าซาง")),
    UnitName(3, ("Công an tỉnh", "Provincial Police", "ตำรวจภูธรจังหวัด")),
    UnitName(4, ("Sở Thông tin và Truyền thông", "กรมสารสนเทศและการสื่อสาร")),
]


def build_text(size: int, generated: bool) -> tuple[str, str]:
    """A text of ``size`` characters, and where it came from."""
    seeds = None if generated else find_seeds_dir()
    if seeds is not None:
        texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
        share = size // len(texts) + 1
        # The head of every seed, so that each kind of fact is in the mix.
        text = "\n".join(t[:share] for t in texts)
        while len(text) < size:
            text += "\n" + text
        return text[:size], "seeds"
    parts = [GENERATED.format(n=i, d=1 + i % 28, m=1 + i % 12) for i in range(50)]
    text = ""
    i = 0
    while len(text) < size:
        text += parts[i % len(parts)] + "\n"
        i += 1
    return text[:size], "generated"


# The pieces of test_properties.CRAFTED; a dense mix of every extractor's matter last.
CRAFTED = (
    *("1.", "1,", "9/", "1-", "- ", "(1) ", "2021 - ", "ngày ", "ก่อน", "\n1. a\n2. b"),
    *("a" * 7, "A1", "35-NQ/TW "),
)
DENSE = "\n".join(
    [
        "ngày 22/1/2019",
        "ngày 22 tháng 10 năm 2018",
        "22 ตุลาคม พ.ศ. 2561",
        "January 22, 2019",
        "2021 - 2025",
        "hằng năm trước ngày 30/11",
        "\n1. ",
        "\n- ",
        "(1) ",
        "2.028 tổ",
        "มากกว่า 11,300 คน",
        "35-NQ/TW",
        "92/KH-BCĐNQ",
        "Bắc Giang",
        "https://example.org/2024/1",
        "19:49",
    ]
)


def _once(text: str) -> float:
    """Seconds of one ``extract(text)``, the segmenter's cache cleared first."""
    thai.segment.cache_clear()
    started = time.perf_counter()
    extract(text, units=UNITS)
    return time.perf_counter() - started


def crafted(repeat: int) -> None:
    print(f"crafted inputs, each piece repeated {repeat:,} and {2 * repeat:,} times:")
    print("| piece | characters | ms | ms at twice the size | ratio |")
    print("|---|---:|---:|---:|---:|")
    for piece in (*CRAFTED, DENSE):
        # The dense mix is ~300 characters a copy: fewer copies for a comparable size.
        n = repeat if piece is not DENSE else max(1, repeat // 100)
        one, two = _once(piece * n), _once(piece * 2 * n)
        label = "dense mix" if piece is DENSE else repr(piece)
        print(
            f"| {label} | {len(piece) * n:,} | {one * 1000:.0f} | {two * 1000:.0f} "
            f"| {two / one if one else float('nan'):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--size", type=int, default=20_000, help="text size in characters")
    parser.add_argument("--generated", action="store_true", help="do not use the seeds")
    parser.add_argument(
        "--repeat", type=int, default=20_000, help="copies of each crafted piece (0: skip)"
    )
    args = parser.parse_args()

    text, source = build_text(args.size, args.generated)
    started = time.perf_counter()
    extraction = extract(text, units=UNITS)
    cold = time.perf_counter() - started

    times = []
    for _ in range(args.runs):
        # Forget the segmenter's per-chunk cache, so that each run segments afresh as a
        # new text would; the dictionary itself stays loaded, as in a running server.
        thai.segment.cache_clear()
        started = time.perf_counter()
        extract(text, units=UNITS)
        times.append(time.perf_counter() - started)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    size = len(text.encode("utf-8"))
    print(f"text: {len(text)} characters, {size} bytes (UTF-8), from {source}")
    print(
        f"found: {len(extraction.document_refs)} refs, {len(extraction.dates)} dates, "
        f"{len(extraction.figures)} figures, {len(extraction.numbered_lists)} lists, "
        f"{len(extraction.units)} unit mentions"
    )
    print(f"cold first run (loads the Thai dictionary): {cold * 1000:.0f} ms")
    print(
        f"{args.runs} runs: min {times[0] * 1000:.1f} ms, "
        f"median {statistics.median(times) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )
    if args.repeat > 0:
        crafted(args.repeat)


if __name__ == "__main__":
    main()
