"""Benchmark: an estimate of all 31 appendices, its workbook and justification. Measures only.

Run: python bench/bench_estimate.py [--runs 5]
Each run is a fresh process (imports and the data load included, as for `normbook estimate`);
a further run measures Python's peak allocations with tracemalloc, which slows what it
watches. Every item has an example price (PTN1 where an appendix has lab classes), so every
line is costed. Target from the estimates issue: <= 3 s and <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("load", "estimate", "workbook", "justification")


def example_prices(appendices: tuple[str, ...]):
    """A price for every item the appendices need (VND per shift / per unit)."""
    from decimal import Decimal

    from normbook.estimate import EquipmentPrice, MaterialPrice, Prices, needed_items

    equipment = {item.key: EquipmentPrice(Decimal(5_000 + 250 * i), where="example")
                 for i, item in enumerate(needed_items(appendices, "equipment"))}
    materials = {item.key: MaterialPrice(Decimal(1_000 + 75 * i), where="example")
                 for i, item in enumerate(needed_items(appendices, "material"))}
    return Prices(equipment=equipment, materials=materials, source="example prices")


def one_run(folder: Path, *, trace: bool) -> dict[str, float]:
    """Import, estimate, workbook, justification, timed stage by stage, in this process."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    times: dict[str, float] = {}
    start = mark = time.perf_counter()
    from normbook.estimate import EstimateRequest, estimate
    from normbook.query import appendices, lab_classes

    ids = tuple(a.id for a in appendices())
    times["load"] = time.perf_counter() - mark  # imports and the norms data
    mark = time.perf_counter()
    request = EstimateRequest(ids, 2026, {a: "PTN1" for a in ids if lab_classes(a)})
    result = estimate(request, example_prices(ids))
    assert result.total.missing_prices == 0  # every line costed
    times["estimate"] = time.perf_counter() - mark
    mark = time.perf_counter()
    from normbook.estimate.workbook import write_estimate_workbook

    write_estimate_workbook(result, folder / "estimate.xlsx", prices_source="example prices",
                            force=True)
    times["workbook"] = time.perf_counter() - mark
    mark = time.perf_counter()
    try:
        from normbook.estimate.justification import write_justification
    except ModuleNotFoundError:
        times["justification"] = float("nan")
    else:
        write_justification(result, folder / "thuyet-minh.docx",
                            institute="Viện Đo lường Việt Nam", force=True)
        times["justification"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    times["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    times["lines"] = sum(len(a.labour) + len(a.equipment) + len(a.materials)
                         for a in result.appendices)
    if trace:
        import tracemalloc

        times["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return times


def child(trace: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--child"] + (["--trace"] if trace else [])
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(one_run(Path(folder), trace=args.trace)))
        return
    runs = [child(trace=False) for _ in range(args.runs)]
    traced = child(trace=True)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(f"python {sys.version.split()[0]}; all 31 appendices, {int(runs[0]['lines'])} priced "
          f"lines; {args.runs} fresh processes (median)")
    for stage in STAGES:
        note = "   (imports, norms data)" if stage == "load" else ""
        print(f"  {stage:14} {median(stage) * 1000:8.0f} ms{note}")
    print(f"  {'total':14} {median('total') * 1000:8.0f} ms   target <= 3000 ms "
          f"(min {min(r['total'] for r in runs) * 1000:.0f}, "
          f"max {max(r['total'] for r in runs) * 1000:.0f})")
    print(f"  peak RSS       {max(r['maxrss_mb'] for r in runs):8.1f} MB   target <= 300 MB "
          "(whole process, ru_maxrss)")
    print(f"  traced peak    {traced['traced_peak_mb']:8.1f} MB   (Python allocations, "
          "tracemalloc)")


if __name__ == "__main__":
    main()
