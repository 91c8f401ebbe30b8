"""Benchmark: what a warm read of the user data folder costs, the path every Excel call takes.

Run: python bench/bench_userdata.py [--calls 20000] [--runs 7]
``=LABOUR_RATE`` calls ``wage_data()`` on every recalculation, so the no-change path (the
folder's fingerprint, the journal check, the cache hit) is paid per cell. The folder holds
one added act of each kind (the TEST DATA of tests/userdata_support.py, never shipped), added
through ``normbook data add``. Prints microseconds per call (wall and CPU), best of the runs;
``wage_data()`` less ``folder.fingerprint`` is what the loader adds to its one directory walk.
Measures; never fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import timeit
from pathlib import Path


def _folder(temp: Path) -> Path:
    """A data folder with an exam year, a base-salary act and a year of holidays."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    import userdata_support as support

    from normbook.cli import main

    data = temp / "data"
    for kind, path in (("exams", support.write_exams_xlsx(temp / "exams.xlsx")),
                       ("wages", support.write_wages(temp / "wages.csv")),
                       ("holidays", support.write_holidays(temp / "holidays.csv"))):
        if main(["data", "add", kind, str(path), "--data", str(data)]) != 0:
            raise SystemExit(f"could not add the test {kind} data")
    return data


def _per_call_us(call, calls: int, runs: int) -> tuple[float, float]:
    """Wall and CPU microseconds per call, best of the runs (CPU time hardly moves when other
    work shares the machine)."""
    call()  # warm: the first call reads the folder, every later one is a cache hit
    wall = min(timeit.repeat(call, number=calls, repeat=runs))
    cpu = min(timeit.repeat(call, number=calls, repeat=runs, timer=time.process_time))
    return wall / calls * 1e6, cpu / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls per run")
    parser.add_argument("--runs", type=int, default=7, help="runs (the best is printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        os.environ["NORMBOOK_DATA"] = str(_folder(Path(temp)))
        from normbook.exams.load import dataset
        from normbook.exams.workdays import user_years
        from normbook.userdata import folder
        from normbook.wages import base_salary, wage_data

        measures = [
            ("folder.fingerprint('wages')", lambda: folder.fingerprint("wages")),
            ("wage_data()", wage_data),
            ("wages.base_salary(2027)", lambda: base_salary(2027)),
            ("exams.load.dataset()", dataset),
            ("exams.workdays.user_years()", user_years),
        ]
        print(f"python {sys.version.split()[0]}, {args.calls:,} calls x {args.runs} runs, "
              "a folder of one exam year, one act and one year of holidays")
        print(f"{'':32} {'wall':>8} {'cpu':>8}  us per call")
        for label, call in measures:
            wall, cpu = _per_call_us(call, args.calls, args.runs)
            print(f"{label:32} {wall:8.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
