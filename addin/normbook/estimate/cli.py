"""``normbook prices-template`` and ``normbook estimate``: parse arguments, call the API, report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: How many missing items a warning names before it says "... (N in all)".
SHOWN_MISSING = 10

ESTIMATE_EPILOG = """\
Writes OUT/estimate.xlsx (sheets Inputs, Prices, Labour, Equipment, Materials, Summary: live
formulas, change a price or a count and the totals follow) and OUT/thuyet-minh.docx (the
justification), and with --pdf both as PDF through LibreOffice.

Lines without a price are written with no amount, marked "price missing", and the totals say
they are incomplete (a * after the amount); the command warns on stderr and still exits 0.
--strict refuses instead. Without --prices every equipment and material item is missing its
price (labour is priced from the wage data). Rows the source gives without a quantity are
listed as "not in source"; they make a total incomplete while their work's count is above 0.

A count is 0 to 1000 times a year. A block the source gives for several works (XVII's
equipment for works 2 and 3, XXXI's materials for the whole procedure) follows its works'
count; give it its own count (--count XVII:2+3=1) only when its works are counted
differently, and between their counts.

Prices workbook: base_salary in VND per month written in full (2340000, from 1,000,000 to
100,000,000), on_costs_percent in percent (23.5, or 23.5%; a plain 0.235 is refused as
ambiguous), working days 1 to 31, prices at most 10^15 VND.

Exit codes: 0 written (possibly with warnings), 2 bad input (unknown appendix or lab class,
bad --count, no such prices file, a bad prices cell named by sheet and cell, missing prices
with --strict, an empty --institute, an existing output without --force, a --previous that
`normbook compare` refuses, an output that is --previous or --prices itself, even with
--force), 1 a file could not be written. Nothing is left behind by a run that fails.

Example:
  normbook estimate --appendix VI --appendix XXV --variant XXV=PTN1 --prices prices.xlsx \\
      --year 2026 --count VI:3=0 --count XXV:6=2 -o out/
"""


def cmd_prices_template(args: argparse.Namespace) -> int:
    from .prices import write_prices_template

    template = write_prices_template(Path(args.output), args.appendix, year=args.year,
                                     force=args.force)
    print(f"wrote {args.output}: {len(template.equipment)} equipment and "
          f"{len(template.materials)} material items for appendices "
          f"{', '.join(template.appendices)}; fill the prices and the Wages sheet")
    return 0


def cmd_estimate(args: argparse.Namespace) -> int:
    from ..outputs import refuse_inputs
    from .prices import read_prices
    from .run import build_request, check_outputs, output_paths, run_estimate

    request = build_request(args.appendix, args.year, variants=args.variant or (),
                            counts=args.count or (), strict=args.strict)
    folder = Path(args.output)
    # before reading or computing; an input first: --force would not help there
    refuse_inputs(output_paths(folder, pdf=args.pdf), (args.previous, args.prices))
    check_outputs(folder, pdf=args.pdf, force=args.force)
    prices = read_prices(args.prices) if args.prices else None
    outputs = run_estimate(request, prices, folder, institute=args.institute,
                           force=args.force, pdf=args.pdf, previous=args.previous)
    written = [outputs.workbook, outputs.justification, *outputs.pdfs]
    print(f"wrote {', '.join(str(p) for p in written)}")
    _print_totals(outputs.estimate)
    _warn(outputs.estimate, priced=prices is not None)
    return 0


#: After an amount that leaves something out (as the justification marks it).
INCOMPLETE = "*"


def _print_totals(estimate) -> None:
    from decimal import Decimal

    from ..wages import vnd
    from .model import Subtotal

    def total(parts: list[Subtotal]) -> Subtotal:
        return sum(parts, Subtotal(Decimal(0)))

    def cell(x: Subtotal) -> str:  # never a bare 0 for a component left without prices
        return f"{vnd(x.amount):,}" + ("" if x.complete else INCOMPLETE)

    print(f"\n{'appendix':10}{'labour':>17}{'equipment':>17}{'materials':>17}{'total':>17}"
          "  status")
    parts = estimate.appendices
    rows = [(a.appendix, a.labour_total, a.equipment_total, a.materials_total, a.total)
            for a in parts]
    rows.append(("Total", total([a.labour_total for a in parts]),
                 total([a.equipment_total for a in parts]),
                 total([a.materials_total for a in parts]), estimate.total))
    for name, *amounts in rows:
        status = "complete" if amounts[-1].complete else "incomplete"
        print(f"{name:10}" + "".join(f"{cell(x):>17}" for x in amounts) + f"  {status}")
    print(f"\nVND, year {estimate.year}, base salary {vnd(estimate.base_salary.amount):,} "
          "per month")
    if not estimate.complete:
        print(f"{INCOMPLETE} incomplete: the amount leaves out lines without a price or "
              "without a quantity in the source (see the warnings)")


def _warn(estimate, *, priced: bool) -> None:
    def warn(text: str) -> None:
        print(f"normbook: warning: {text}", file=sys.stderr)

    if not priced:
        warn("no --prices: every equipment and material item is missing its price (write a "
             "prices workbook with `normbook prices-template`)")
    missing = estimate.missing_prices
    if missing:
        items = list(dict.fromkeys(m.describe() for m in missing))
        shown = "; ".join(items[:SHOWN_MISSING])
        more = f"; ... ({len(items)} in all)" if len(items) > SHOWN_MISSING else ""
        warn(f"{len(missing)} line(s) have no price ({len(items)} item(s): {shown}{more}); "
             "they show no amount and the totals are incomplete; fill the prices, or pass "
             "--strict to refuse")
    gaps = estimate.gaps_left_out  # a gap of a work counted 0 leaves nothing out
    if gaps:
        warn(f"{len(gaps)} row(s) have no quantity in the source (shown as 'not in source', "
             "not costed): " + "; ".join(
                 f"{g.appendix} {g.component} {g.item or 'work ' + (g.work or '(all)')}"
                 for g in gaps[:SHOWN_MISSING]))
    for text in estimate.warnings:
        warn(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the estimate's subcommands to the ``normbook`` parser."""
    p = subparsers.add_parser(
        "prices-template", help="write the prices workbook to fill in for an estimate",
        description="Write a workbook listing, once each, every equipment and material item "
                    "the chosen appendices need, with columns for their prices, and the wage "
                    "parameters (working days, on-costs, base salary).")
    p.add_argument("--appendix", action="append", required=True, metavar="ID",
                   help="appendix to budget (repeat it, or VI,XXV, or 'all')")
    p.add_argument("--year", type=int, help="budget year (notes the data's base salary for it)")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(run=cmd_prices_template)
    _register_estimate(subparsers)


def _register_estimate(subparsers: argparse._SubParsersAction) -> None:
    from .run import DEFAULT_INSTITUTE

    p = subparsers.add_parser(
        "estimate", help="the budget estimate: workbook of live formulas and justification",
        description="Price the norms of the chosen appendices for a year: an Excel workbook "
                    "whose amounts are formulas over the quantities and prices, and the "
                    "justification (thuyết minh) in Word.",
        epilog=ESTIMATE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--appendix", action="append", required=True, metavar="ID",
                   help="appendix to budget (repeat it, or VI,XXV, or 'all')")
    p.add_argument("--year", type=int, required=True, help="budget year (its base salary)")
    p.add_argument("--variant", action="append", metavar="ID=CLASS",
                   help="lab class of an appendix with alternatives, e.g. XXV=PTN1; a bare "
                        "PTN1 applies to every chosen appendix that has lab classes")
    p.add_argument("--count", action="append", metavar="ID:WORK=N",
                   help="times a work happens in the year (default 1, as listed), e.g. "
                        "VI:3=0 to leave out the international comparison, XXV:6=2 for two "
                        "evaluations; repeat it")
    p.add_argument("--prices", metavar="FILE",
                   help="the filled prices workbook (`normbook prices-template`); without it "
                        "every equipment and material item is missing its price")
    p.add_argument("--institute", default=DEFAULT_INSTITUTE,
                   help=f"the unit the justification is for (default: {DEFAULT_INSTITUTE})")
    p.add_argument("-o", "--output", required=True, metavar="FOLDER",
                   help="folder for estimate.xlsx and thuyet-minh.docx (created if missing)")
    p.add_argument("--previous", metavar="OLD.xlsx",
                   help="last year's estimate.xlsx: adds a Comparison sheet splitting the "
                        "difference into quantities, wage rules and prices")
    p.add_argument("--strict", action="store_true",
                   help="refuse (exit 2) when a needed item has no price, instead of marking it")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.add_argument("--pdf", action="store_true",
                   help="also write both files as PDF (needs LibreOffice)")
    p.set_defaults(run=cmd_estimate)
    register_compare(subparsers)


def cmd_compare(args: argparse.Namespace) -> int:
    import json

    from ..outputs import refuse_inputs
    from .compare import compare, to_text
    from .readback import read_estimate

    if args.output:
        refuse_inputs((args.output,), (args.old, args.new))  # even with --force
    old, new = read_estimate(args.old), read_estimate(args.new)
    result = compare(old, new)
    if args.output:
        from openpyxl import Workbook

        from ..xlsx_parts import save_workbook
        from .workbook_comparison import write_comparison

        book = Workbook()
        write_comparison(book.active, result, old_name=args.old)
        written = save_workbook(book, args.output, force=args.force, fixed=True)
        print(f"wrote {written}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(to_text(result, args.old, args.new), end="")
    return 0


COMPARE_EPILOG = """\
Each input is read where the workbook's formulas read it (the names BaseSalary, WorkingDays,
OnCosts, IndirectShare, PriceId ..., never the labels) and as Excel uses it: a number typed
in. Exit code 2, one line naming the file, sheet and cell, for a workbook that is not an
estimate Normbook wrote; a name missing, defined twice or moved; a formula, text, error or
out-of-bounds number (a count above 1000, a year that is not whole) in an input cell; a
changed formula, quantity, coefficient or id (compare recomputes those from the inputs, so
they must be as Normbook writes them); and for -o naming one of the two workbooks, even with
--force. Nothing is written by a run that fails.
"""


def register_compare(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "compare", help="how a new estimate differs from an old one: quantities, wages, prices",
        description="Read two estimate workbooks Normbook wrote (their input cells as they are "
                    "now), recompute both, and split the difference by chain substitution: "
                    "quantities (appendices, lab classes, counts, norms), then wage rules, "
                    "then prices, with the lines that drive each.",
        epilog=COMPARE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", help="last year's estimate.xlsx")
    p.add_argument("new", help="this year's estimate.xlsx")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-o", "--output", help="also write the comparison as a workbook (.xlsx)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.set_defaults(run=cmd_compare)
