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
they are incomplete; the command warns on stderr and still exits 0. --strict refuses instead.
Without --prices every equipment and material item is missing its price (labour is priced
from the wage data).

Exit codes: 0 written (possibly with warnings), 2 bad input (unknown appendix or lab class,
bad --count, a bad prices cell named by sheet and cell, missing prices with --strict, an
existing output without --force), 1 a file could not be written.

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
    from .prices import read_prices
    from .run import build_request, check_outputs, run_estimate

    request = build_request(args.appendix, args.year, variants=args.variant or (),
                            counts=args.count or (), strict=args.strict)
    folder = Path(args.output)
    check_outputs(folder, pdf=args.pdf, force=args.force)  # before reading or computing
    prices = read_prices(args.prices) if args.prices else None
    outputs = run_estimate(request, prices, folder, institute=args.institute,
                           force=args.force, pdf=args.pdf)
    written = [outputs.workbook, outputs.justification, *outputs.pdfs]
    print(f"wrote {', '.join(str(p) for p in written)}")
    _print_totals(outputs.estimate)
    _warn(outputs.estimate, priced=prices is not None)
    return 0


def _print_totals(estimate) -> None:
    from decimal import Decimal

    from ..wages import vnd
    from .model import Subtotal

    def total(parts: list[Subtotal]) -> Subtotal:
        return sum(parts, Subtotal(Decimal(0)))

    print(f"\n{'appendix':10}{'labour':>16}{'equipment':>16}{'materials':>16}{'total':>16}"
          "  status")
    parts = estimate.appendices
    rows = [(a.appendix, a.labour_total, a.equipment_total, a.materials_total, a.total)
            for a in parts]
    rows.append(("Total", total([a.labour_total for a in parts]),
                 total([a.equipment_total for a in parts]),
                 total([a.materials_total for a in parts]), estimate.total))
    for name, *amounts in rows:
        status = "complete" if amounts[-1].complete else "incomplete"
        print(f"{name:10}" + "".join(f"{vnd(x.amount):>16,}" for x in amounts) + f"  {status}")
    print(f"\nVND, year {estimate.year}, base salary {vnd(estimate.base_salary.amount):,} "
          "per month")


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
    gaps = estimate.not_in_source
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
    p.add_argument("--strict", action="store_true",
                   help="refuse (exit 2) when a needed item has no price, instead of marking it")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.add_argument("--pdf", action="store_true",
                   help="also write both files as PDF (needs LibreOffice)")
    p.set_defaults(run=cmd_estimate)
