"""Benchmark: time and peak memory of every hostile-input case under a 2 GiB memory cap.

Run: python bench/bench_hostile.py
Each case builds its file (tests/hostile_files.py) and runs the command in a fresh process
capped at 2 GiB of address space (tests/hostile_support.py); it prints exit code, seconds and
the process's peak resident memory. It measures; it never fails.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

import hostile_files as build  # from tests/, after the path is set
from hostile_support import run_capped
from test_hostile_templates import APPLICANT, LAUGHS, TITLE, hostile_template, zeros_member

#: The template cases of the issue, as a user's --template would bring them.
TEMPLATES = {
    "template '%0999999999d' % 1": "{{ '%0999999999d' % 1 }}",
    "template '{:0999999999}'.format(1)": "{{ '{:0999999999}'.format(1) }}",
    "template ~ doubling 30 times": "{% set ns = namespace(s='x' * 1000) %}"
                                     "{% for i in range(30) %}{% set ns.s = ns.s ~ ns.s %}"
                                     "{% endfor %}{{ ns.s|length }}",
    "template center(999999999)": "{{ 'x'|center(999999999) }}",
    "template nested range loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
                                   "{{ i }}{% endfor %}{% endfor %}",
}


def cases(d: Path) -> list[tuple[str, list[str]]]:
    prices = d / "prices.xlsx"
    run_capped(["prices-template", "--appendix", "VI", "-o", str(prices)])
    out = str(d / "out")
    found = []
    for name in ("dimension_bomb", "doctype", "malformed_xml", "corrupt_deflate",
                 "shared_string_out_of_range", "huge_number", "bad_style", "no_sheets",
                 "encrypted", "lying_dimension"):
        path = str(getattr(build, name)(d))
        found += [(f"{name} (forms)", ["forms", path, "-o", f"{out}-{name}"]),
                  (f"{name} (freeze)", ["freeze", path, "-o", f"{out}-{name}.xlsx"]),
                  (f"{name} (exams check)", ["exams", "check", path])]
    found += [
        ("prices cell below row 1,048,576 (estimate)",
         ["estimate", "--appendix", "VI", "--year", "2026", "--prices",
          str(build.prices_cell_below_the_grid(d, prices)), "-o", out]),
        ("JSON nested 100,000 deep (form)", ["form", str(build.deep_json(d)), "-o",
                                             f"{out}.docx"]),
        ("JSON 5,000-digit integer (form)", ["form", str(build.long_int_json(d)), "-o",
                                             f"{out}.docx"]),
        ("YAML nested 10,000 deep (form)", ["form", str(build.deep_yaml(d)), "-o",
                                            f"{out}.docx"]),
        ("non-UTF-8 CSV (exams check)", ["exams", "check", str(build.not_utf8_csv(d))]),
        ("CSV field over 131,072 characters (exams check)",
         ["exams", "check", str(build.huge_csv_field(d))]),
        ("CSV field over 131,072 characters (forms)",
         ["forms", str(build.roster_csv(d / "r.csv", '"' + "x" * 200_000)), "-o", out]),
        ("extract prices.xlsx", ["extract", str(prices), "-o", out]),
        ("exams <5000-digit year>", ["exams", "9" * 5000]),
    ]
    form = ["form", str(APPLICANT), "-o", f"{out}.docx", "--template"]
    for name, jinja in TEMPLATES.items():
        found.append((name, [*form, str(hostile_template(d / f"{len(found)}.docx", jinja))]))
    found.append(("template with a 2 GiB member", [*form, str(hostile_template(
        d / "zeros.docx", extra=zeros_member(2 << 30)))]))
    found.append(("template with a DOCTYPE and entities", [*form, str(hostile_template(
        d / "laughs.docx", document=lambda xml: xml.replace("?>", "?>" + LAUGHS, 1).replace(
            TITLE, "<w:t>&d;</w:t>")))]))
    return found


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        d = Path(temp)
        print(f"{'case':52} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
        for name, args in cases(d):
            o = run_capped(args, cwd=d, timeout=300)
            flag = " (timed out)" if o.timed_out else ""
            print(f"{name:52} {o.code:4} {o.seconds:8.2f} {o.peak_mb:8.0f}{flag}")


if __name__ == "__main__":
    main()
