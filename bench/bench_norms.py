"""Benchmark: import time, first (cold) query and warm norm() calls. Measures; never fails.

Run: python bench/bench_norms.py [--runs 20]
Targets from the norms issue: import <= 50 ms over bare Python, first query <= 150 ms,
warm norm() <= 5 us per call. From the living-data issue: the same with an empty user data
folder, and the first exam query <= 150 ms with a folder of 10 added exam years (the test
timetable of tests/userdata_support.py as 2030..2039: TEST DATA, never shipped).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

IMPORT = "import time; t = time.perf_counter(); import normbook; print(time.perf_counter() - t)"
BARE = "import time; t = time.perf_counter(); import json, csv; print(time.perf_counter() - t)"
FIRST = ("import normbook, time; t = time.perf_counter(); normbook.norm('VI', 'labour'); "
         "print(time.perf_counter() - t)")
EXAM = ("import normbook.exams as e, time, datetime; t = time.perf_counter(); "
        "d = e.event_date({year}, 1, 'theory'); print(time.perf_counter() - t)")


def _median_ms(code: str, runs: int, data: str | None = None) -> float:
    env = dict(os.environ)
    if data is not None:
        env["NORMBOOK_DATA"] = data
    samples = [float(subprocess.run([sys.executable, "-c", code], check=True, env=env,
                                    capture_output=True, text=True).stdout)
               for _ in range(runs)]
    return statistics.median(samples) * 1000


def _ten_years(folder: Path) -> Path:
    """A user data folder with 10 exam years added through the real `data add` path."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    import userdata_support

    from normbook.reference_data.add import add
    from normbook.userdata import folder as where

    where.use(folder / "data")
    try:
        book = userdata_support.write_exams_xlsx(folder / "years.xlsx", tuple(range(2030, 2040)))
        add("exams", book)
    finally:
        where.use(None)
    return folder / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh processes per measure")
    args = parser.parse_args()
    import_ms = _median_ms(IMPORT, args.runs)
    first_ms = _median_ms(FIRST, args.runs)
    with tempfile.TemporaryDirectory() as temp:
        empty = str(Path(temp, "empty"))
        import_empty_ms = _median_ms(IMPORT, args.runs, empty)
        first_empty_ms = _median_ms(FIRST, args.runs, empty)
        exam_empty_ms = _median_ms(EXAM.format(year=2024), args.runs, empty)
        ten = str(_ten_years(Path(temp)))
        exam_ten_ms = _median_ms(EXAM.format(year=2035), args.runs, ten)

    import normbook

    normbook.norm("VI", "labour")
    n = 200_000
    warm_us = min(timeit.repeat(lambda: normbook.norm("VI", "labour"), number=n, repeat=5)) / n
    item_us = min(timeit.repeat(
        lambda: normbook.norm("I", "material", item="Điện năng"), number=n, repeat=5)) / n
    print(f"python {sys.version.split()[0]}, {args.runs} fresh processes per measure (median)")
    print(f"import normbook (over bare Python)   {import_ms:8.1f} ms   target <= 50 ms")
    print(f"first query, cold data load          {first_ms:8.1f} ms   target <= 150 ms")
    print(f"warm norm('VI', 'labour')            {warm_us * 1e6:8.2f} us   target <= 5 us")
    print(f"warm norm(item='Điện năng')          {item_us * 1e6:8.2f} us   target <= 5 us")
    print("with an empty user data folder (NORMBOOK_DATA):")
    print(f"import normbook                      {import_empty_ms:8.1f} ms   target <= 50 ms")
    print(f"first query, cold data load          {first_empty_ms:8.1f} ms   target <= 150 ms")
    print(f"first exam query (2024, shipped)     {exam_empty_ms:8.1f} ms   target <= 150 ms")
    print("with 10 exam years added to the user data folder:")
    print(f"first exam query (2035, added)       {exam_ten_ms:8.1f} ms   target <= 150 ms")


if __name__ == "__main__":
    main()
