"""Benchmark: time and peak memory of every hostile-input case under a 2 GiB memory cap.

Run: python bench/bench_hostile.py [--only userdata]
Each case builds its file (tests/hostile_files.py, tests/userdata_hostile_files.py for the user
data folder) and runs the command in a fresh process capped at 2 GiB of address space
(tests/hostile_support.py); it prints exit code, seconds and the process's peak resident
memory. It measures; it never fails.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

import hostile_files as build  # from tests/, after the path is set
import userdata_hostile_files as userdata
import userdata_support
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


def userdata_cases(d: Path) -> list[tuple[str, list[str], dict[str, str]]]:
    """The user data folder's cases: hostile zips to import, hostile folders to read."""
    found = []

    def folder(name: str) -> Path:
        return d / "data" / name

    def case(name: str, data: Path | str, *args: str) -> None:
        found.append((name, list(args), {"NORMBOOK_DATA": str(data)}))

    for n, (name, make) in enumerate([
        ("zip 120 members x 19 MB, 2 MB zip", userdata.gigabyte_zip),
        ("zip 120 members x 4.9 MB", lambda z: userdata.gigabyte_zip(z, size=4_900_000)),
        ("zip member says 1 KB, inflates to 19 MB", userdata.lying_zip),
        ("zip 30,000 empty additions", userdata.many_additions_zip),
        ("zip 540,000 empty members, 48 MB", userdata.directory_zip),
        ("zip record nested 50,000 deep", userdata.deep_record_zip),
        ("zip record nested 100,000 deep", lambda z: userdata.deep_record_zip(z, 100_000)),
        ("zip bad CRC", userdata.bad_crc_zip),
        ("zip encrypted member", userdata.encrypted_zip),
        ("zip deflate64 member", userdata.deflate64_zip),
        ("zip corrupt deflate", userdata.corrupt_deflate_zip),
        ("zip 300-character name", userdata.long_name_zip),
    ]):
        zips = d / f"zip-{n}"
        zips.mkdir()
        case(f"{name} (data add all)", folder(f"zip-{n}"), "data", "add", "all",
             str(make(zips)))
    for depth in (userdata.DEPTH, 100_000):
        deep = folder(f"deep-{depth}")
        userdata.deep_record_folder(deep, depth)
        for command in (["status"], ["export", "-o", str(d / f"x-{depth}.zip")]):
            case(f"folder record nested {depth:,} deep (data {command[0]})", deep, "data",
                 *command)
    outside = d / "outside"
    outside.mkdir()
    userdata.huge_linked_holidays(folder("linked"), outside)
    case("folder 3 GB holidays.csv linked from outside (data status)", folder("linked"), "data",
         "status")
    userdata.huge_holidays(folder("huge"))
    case("folder 3 GB holidays.csv inside (data status)", folder("huge"), "data", "status")
    userdata.many_additions_folder(folder("many"))
    case("folder of 30,000 additions (data status)", folder("many"), "data", "status")
    loop = folder("loop")
    loop.symlink_to(loop)
    wages = str(userdata_support.write_wages(d / "w.csv"))
    case("folder a link loop (data status)", loop, "data", "status")
    case("folder a link loop (data add wages)", loop, "data", "add", "wages", wages)
    case("NORMBOOK_DATA ~nosuchuser/x (data status)", "~nosuchuser/x", "data", "status")
    return found


def main() -> None:
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    with tempfile.TemporaryDirectory() as temp:
        d = Path(temp)
        found = [] if only == "userdata" else [(n, a, {}) for n, a in cases(d)]
        found += userdata_cases(d)
        print(f"{'case':60} {'exit':>4} {'seconds':>8} {'peak MB':>8}  traceback")
        for name, args, env in found:
            o = run_capped(args, cwd=d, timeout=300, env=env)
            flag = " (timed out)" if o.timed_out else ""
            traceback = "yes" if "Traceback" in o.err else "no"
            print(f"{name:60} {o.code:4} {o.seconds:8.2f} {o.peak_mb:8.0f}  {traceback}{flag}")


if __name__ == "__main__":
    main()
