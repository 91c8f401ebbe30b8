"""``normbook prices-template``: write the prices workbook to fill in for an estimate."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_prices_template(args: argparse.Namespace) -> int:
    from .prices import write_prices_template

    template = write_prices_template(Path(args.output), args.appendix, year=args.year,
                                     force=args.force)
    print(f"wrote {args.output}: {len(template.equipment)} equipment and "
          f"{len(template.materials)} material items for appendices "
          f"{', '.join(template.appendices)}; fill the prices and the Wages sheet")
    return 0


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
