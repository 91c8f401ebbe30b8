"""Benchmark: import time, first (cold) query and warm norm() calls. Measures; never fails.

Run: python bench/bench_norms.py [--runs 20]
Targets from the norms issue: import <= 50 ms over bare Python, first query <= 150 ms,
warm norm() <= 5 us per call.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import timeit

IMPORT = "import time; t = time.perf_counter(); import normbook; print(time.perf_counter() - t)"
BARE = "import time; t = time.perf_counter(); import json, csv; print(time.perf_counter() - t)"
FIRST = ("import normbook, time; t = time.perf_counter(); normbook.norm('VI', 'labour'); "
         "print(time.perf_counter() - t)")


def _median_ms(code: str, runs: int) -> float:
    samples = [float(subprocess.run([sys.executable, "-c", code], check=True,
                                    capture_output=True, text=True).stdout)
               for _ in range(runs)]
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh processes per measure")
    args = parser.parse_args()
    import_ms = _median_ms(IMPORT, args.runs)
    first_ms = _median_ms(FIRST, args.runs)

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


if __name__ == "__main__":
    main()
