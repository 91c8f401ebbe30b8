"""Benchmark: `normbook compare` of two 31-appendix estimates. Measures; never fails.

Run: python bench/bench_compare.py [--runs 3]
Both estimates cover every appendix (PTN1 where an appendix has lab classes) with example
prices; the new one is a year later with one work counted twice. Target from the
year-over-year issue: <= 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_estimate import example_prices  # beside this file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import normbook
    from normbook.estimate import EstimateRequest
    from normbook.estimate.compute import estimate
    from normbook.estimate.run import write_outputs
    from normbook.query import lab_classes

    ids = [a.id for a in normbook.appendices()]
    variants = {a: "PTN1" for a in ids if lab_classes(a)}
    with tempfile.TemporaryDirectory() as temp:
        paths = []
        for year, counts in ((2025, {}), (2026, {("VI", "1"): 2})):
            result = estimate(EstimateRequest(ids, year, variants, counts), example_prices(ids))
            folder = Path(temp, str(year))
            write_outputs(result, folder)
            paths.append(str(folder / "estimate.xlsx"))
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "normbook", "compare", *paths],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    print(f"compare two 31-appendix estimates: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)   target <= 3 s")


if __name__ == "__main__":
    main()
