"""Benchmark: the estimate from Excel, click to finished files, through the shared core.

Run: python bench/bench_excel_estimate.py [--runs 3]
For one appendix (VI) and for all 31: the starter's set-up and prices sheets (prices for
all 31 appendices, a test price on every other item) read as the scripts read them (values
and number formats), the prices copied and read, the estimate computed, estimate.xlsx and
thuyet-minh.docx written. Each case runs in a fresh process (imports and the data load
included, as a button's first click in a new Python). Excel's own part (sending the sheet,
Lite writing the sheets) is not measured. Measures only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
started = time.perf_counter()
import openpyxl
from normbook.excel import estimate_actions as actions
from normbook.excel.estimate_prices import (SheetCells, find_prices_sheets,
                                            prices_from_sheets, write_prices_sheets)
from normbook.excel.estimate_setup import read_setup, write_setup_sheet
from normbook.query import appendices, lab_classes

which = sys.argv[1]
ids = tuple(a.id for a in appendices()) if which == "all" else (which,)
book = openpyxl.Workbook()
write_setup_sheet(book.active, appendices=ids)
write_prices_sheets(book)
for ws in book.worksheets[1:3]:
    for row in range(2, ws.max_row + 1, 2):
        if ws.cell(row, 1).value:
            ws.cell(row, 5).value = 100_000
grid = {ws.title: ([[c.value for c in r] for r in ws.iter_rows()],
                   {(c.row, c.column): c.number_format for r in ws.iter_rows() for c in r})
        for ws in book.worksheets}
setup_done = time.perf_counter()
click = time.perf_counter()
setup = read_setup(grid[book.active.title][0])
sheets = {k: SheetCells(n, *grid[n]) for k, n in find_prices_sheets(book.sheetnames).items()}
prices = prices_from_sheets(sheets, "Normbook.xlsm")
with tempfile.TemporaryDirectory() as folder:
    outcome = actions.build(setup, prices, Path(folder) / "out")
    done = time.perf_counter()
    assert outcome.ok, outcome.summary
print(json.dumps({"click_to_files": done - click, "start": setup_done - started}))
"""


def run(which: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, which], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for which, label in (("VI", "one appendix (VI)"), ("all", "all 31 appendices")):
        started = time.perf_counter()
        times = [run(which)["click_to_files"] for _ in range(args.runs)]
        print(f"{label}: click to finished files {statistics.median(times):.2f} s median "
              f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs; "
              f"{time.perf_counter() - started:.1f} s with start-up)")


if __name__ == "__main__":
    main()
