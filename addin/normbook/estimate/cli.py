"""``normbook prices-template`` and ``normbook estimate``: parse arguments, call the API, report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import Domain, clauses, listed

_ = Domain(__name__)

#: How many missing items a warning names before it says "... (N in all)".
SHOWN_MISSING = 10

ESTIMATE_EPILOG = _.later("""\
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

Prices workbook: `base_salary` in VND per month written in full (2340000, from 1,000,000
to 100,000,000), `on_costs_percent` in percent (23.5, or 23.5%; a plain 0.235 is refused as
ambiguous), working days 1 to 31, prices at most 10^15 VND.

Exit codes: 0 written (possibly with warnings), 2 bad input (unknown appendix or lab class,
bad --count, no such prices file, a bad prices cell named by sheet and cell, missing prices
with --strict, an empty --institute, an existing output without --force, a --previous that
`normbook compare` refuses, an output that is --previous or --prices itself, even with
--force), 1 a file could not be written. Nothing is left behind by a run that fails.

Example:
  normbook estimate --appendix VI --appendix XXV --variant XXV=PTN1 --prices prices.xlsx \\
      --year 2026 --count VI:3=0 --count XXV:6=2 -o out/
""")


def cmd_prices_template(args: argparse.Namespace) -> int:
    from .prices import write_prices_template

    template = write_prices_template(Path(args.output), args.appendix, year=args.year,
                                     force=args.force)
    print(_("wrote {path}: {equipment} equipment and {materials} material items for "
            "appendices {appendices}; fill the prices and the wages sheet",
            path=args.output, equipment=len(template.equipment),
            materials=len(template.materials), appendices=listed(template.appendices)))
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
                           force=args.force, pdf=args.pdf, previous=args.previous,
                           progress=True)
    written = [outputs.workbook, outputs.justification, *outputs.pdfs]
    print(_("wrote {files}", files=listed(written)))
    _print_totals(outputs.estimate)
    _warn(outputs.estimate, priced=prices is not None)
    return 0


#: After an amount that leaves something out (as the justification marks it).
INCOMPLETE = "*"


def _print_totals(estimate) -> None:
    from decimal import Decimal

    from ..i18n import current
    from ..i18n.formats import number
    from ..wages import vnd
    from .model import Subtotal

    def total(parts: list[Subtotal]) -> Subtotal:
        return sum(parts, Subtotal(Decimal(0)))

    def cell(x: Subtotal) -> str:  # never a bare 0 for a component left without prices
        return number(vnd(x.amount), current()) + ("" if x.complete else INCOMPLETE)

    header = (_("appendix"), _("labour"), _("equipment"), _("materials"), _("total"),
              _("status"))
    print("\n" + f"{header[0]:10}" + "".join(f"{h:>17}" for h in header[1:5])
          + f"  {header[5]}")
    parts = estimate.appendices
    rows = [(a.appendix, a.labour_total, a.equipment_total, a.materials_total, a.total)
            for a in parts]
    for name, *amounts in rows:
        status = _("complete") if amounts[-1].complete else _("incomplete")
        print(f"{name:10}" + "".join(f"{cell(x):>17}" for x in amounts) + f"  {status}")
    for other in estimate.other_costs:  # beyond the norms: a row of its own, in the total
        amount = number(vnd(other.amount), current()) + ("" if other.base_complete
                                                         else INCOMPLETE)
        print(f"{'+':10}{' ' * 51}{amount:>17}  {other.line.name}")
    totals = (total([a.labour_total for a in parts]), total([a.equipment_total for a in parts]),
              total([a.materials_total for a in parts]), estimate.total)
    status = _("complete") if estimate.total.complete else _("incomplete")
    print(f"{_('Total'):10}" + "".join(f"{cell(x):>17}" for x in totals) + f"  {status}")
    print("\n" + _("VND, year {year}, base salary {salary:n} per month", year=estimate.year,
                   salary=vnd(estimate.base_salary.amount)))
    if not estimate.complete:
        print(_("{mark} incomplete: the amount leaves out lines without a price or without a "
                "quantity in the source (see the warnings)", mark=INCOMPLETE))


def _warn(estimate, *, priced: bool) -> None:
    from ..terminal import warn

    if not priced:
        warn(_("no --prices: every equipment and material item is missing its price (write a "
               "prices workbook with `normbook prices-template`)"))
    missing = estimate.missing_prices
    if missing:
        items = list(dict.fromkeys(m.describe() for m in missing))
        shown = clauses(items[:SHOWN_MISSING])
        if len(items) > SHOWN_MISSING:
            shown = _("{shown}; ... ({count} in all)", shown=shown, count=len(items))
        warn(_.many("{n} line has no price ({items}: {shown}); it shows no amount and the "
                    "totals are incomplete; fill the prices, or pass --strict to refuse",
                    "{n} lines have no price ({items}: {shown}); they show no amount and the "
                    "totals are incomplete; fill the prices, or pass --strict to refuse",
                    len(missing), shown=shown,
                    items=_.many("{n} item", "{n} items", len(items))))
    gaps = estimate.gaps_left_out  # a gap of a work counted 0 leaves nothing out
    if gaps:
        lines = clauses(
            _("{appendix} {component} {item}", appendix=g.appendix,
              component=_component(g.component), item=g.item) if g.item
            else _("{appendix} {component} work {work}", appendix=g.appendix,
                   component=_component(g.component), work=g.work or _("(all)"))
            for g in gaps[:SHOWN_MISSING])
        warn(_.many("{n} row has no quantity in the source (shown as '{status}', not costed): "
                    "{listed}",
                    "{n} rows have no quantity in the source (shown as '{status}', not "
                    "costed): {listed}", len(gaps), status=_("not in source"), listed=lines))
    from ..i18n import rendered, terminal

    for text in estimate.warnings:  # a Text's str is the English: say it the terminal's way
        warn(rendered(text, terminal()))


def _component(component: str) -> str:
    """A component's name (labour, equipment, material: an identifier) for a reader."""
    labels = {"labour": _("labour"), "equipment": _("equipment"), "material": _("material"),
              "materials": _("materials")}
    return labels.get(component, component)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the estimate's subcommands to the ``normbook`` parser."""
    p = subparsers.add_parser(
        "prices-template", help=_("write the prices workbook to fill in for an estimate"),
        description=_("Write a workbook listing, once each, every equipment and material "
                      "item the chosen appendices need, with columns for their prices; the "
                      "wage parameters (working days, base salary, allowances, each employer "
                      "contribution, other on-costs); and an empty sheet for cost lines beyond "
                      "the norms (management, depreciation of the standard, other costs)."))
    p.add_argument("--appendix", action="append", required=True, metavar="ID",
                   help=_("appendix to budget (repeat it, or VI,XXV, or 'all')"))
    p.add_argument("--year", type=int,
                   help=_("budget year (notes the data's base salary for it)"))
    p.add_argument("-o", "--output", required=True, help=_("the .xlsx file to write"))
    p.add_argument("--force", action="store_true", help=_("replace an existing file"))
    p.set_defaults(run=cmd_prices_template)
    _register_estimate(subparsers)


def _register_estimate(subparsers: argparse._SubParsersAction) -> None:
    from .run import DEFAULT_INSTITUTE

    p = subparsers.add_parser(
        "estimate", help=_("the budget estimate: workbook of live formulas and justification"),
        description=_("Price the norms of the chosen appendices for a year: an Excel workbook "
                      "whose amounts are formulas over the quantities and prices, and the "
                      "justification (thuyết minh) in Word."),
        epilog=str(ESTIMATE_EPILOG), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--appendix", action="append", required=True, metavar="ID",
                   help=_("appendix to budget (repeat it, or VI,XXV, or 'all')"))
    p.add_argument("--year", type=int, required=True, help=_("budget year (its base salary)"))
    p.add_argument("--variant", action="append", metavar="ID=CLASS",
                   help=_("lab class of an appendix with alternatives, e.g. XXV=PTN1; a bare "
                          "PTN1 applies to every chosen appendix that has lab classes"))
    p.add_argument("--count", action="append", metavar="ID:WORK=N",
                   help=_("times a work happens in the year (default 1, as listed), e.g. "
                          "VI:3=0 to leave out the international comparison, XXV:6=2 for two "
                          "evaluations; repeat it"))
    p.add_argument("--prices", metavar="FILE",
                   help=_("the filled prices workbook (`normbook prices-template`); without "
                          "it every equipment and material item is missing its price"))
    p.add_argument("--institute", default=DEFAULT_INSTITUTE,
                   help=_("the institute the justification is for (default: {institute})",
                          institute=DEFAULT_INSTITUTE))
    p.add_argument("-o", "--output", required=True, metavar="FOLDER",
                   help=_("folder for estimate.xlsx and thuyet-minh.docx (created if "
                          "missing)"))
    p.add_argument("--previous", metavar="OLD.xlsx",
                   help=_("last year's estimate.xlsx: adds a comparison sheet splitting the "
                          "difference into quantities, wage rules, prices and other cost "
                          "lines"))
    p.add_argument("--strict", action="store_true",
                   help=_("refuse (exit 2) when a needed item has no price, instead of "
                          "marking it"))
    p.add_argument("--force", action="store_true", help=_("replace existing output files"))
    p.add_argument("--pdf", action="store_true",
                   help=_("also write both files as PDF (needs LibreOffice)"))
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

        from ..i18n import document, speaking
        from ..xlsx_parts import save_workbook
        from .workbook_comparison import write_comparison

        book = Workbook()
        with speaking(document("vi")):  # a finance officer's document: Vietnamese by default
            write_comparison(book.active, result, old_name=args.old, new_name=args.new)
            from ..xlsx_print import set_up_workbook

            set_up_workbook(book, book.active["A1"].value)
        written = save_workbook(book, args.output, force=args.force, fixed=True)
        print(_("wrote {path}", path=written), file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(to_text(result, args.old, args.new), end="")
    return 0


COMPARE_EPILOG = _.later("""\
Each input is read where the workbook's formulas read it (the names BaseSalary, WorkingDays,
OnCosts, IndirectShare, PriceId ..., never the labels) and as Excel uses it: a number typed
in. Exit code 2, one line naming the file, sheet and cell, for a workbook that is not an
estimate Normbook wrote; a name missing, defined twice or moved; a formula, text, error or
out-of-bounds number (a count above 1000, a year that is not whole) in an input cell; a
changed formula, quantity, coefficient or id (compare recomputes those from the inputs, so
they must be as Normbook writes them); and for -o naming one of the two workbooks, even with
--force. Nothing is written by a run that fails.
""")


def register_compare(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "compare",
        help=_("how a new estimate differs from an old one: quantities, wages, prices, other "
               "cost lines"),
        description=_("Read two of Normbook's estimate workbooks (their input cells as they "
                      "are now), recompute both, and split the difference by chain "
                      "substitution: quantities (appendices, lab classes, counts, norms), then "
                      "wage rules (base salary, working days, allowances, contributions), then "
                      "prices, then the cost lines beyond the norms, with the lines that drive "
                      "each; and say what either estimate leaves out (lines without a price, "
                      "rows without a quantity) and which effects that makes uncertain."),
        epilog=str(COMPARE_EPILOG), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", help=_("last year's estimate.xlsx"))
    p.add_argument("new", help=_("this year's estimate.xlsx"))
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=_("text for a person, json for a program"))
    p.add_argument("-o", "--output",
                   help=_("also write the comparison as a workbook (.xlsx)"))
    p.add_argument("--force", action="store_true", help=_("replace an existing output file"))
    p.set_defaults(run=cmd_compare)
