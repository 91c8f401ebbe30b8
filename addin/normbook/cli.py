"""The ``normbook`` command line: parse arguments, call the API, translate errors.

Exit codes: 0 success, 1 failure (a check failed, a file could not be written), 2 bad input.

Errors are written for the command line: an option as its flag (``--variant PTN1``, not the
Python API's ``variant='PTN1'``), a long argument shortened. Any terminal or pipe can take
the output: where its encoding cannot write Vietnamese or Chinese (``PYTHONIOENCODING=ascii``,
the POSIX locale, a Windows code page), those characters come out as escapes (``\u1ee5``),
never as a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import shlex
import sys
from collections import Counter
from pathlib import Path

from . import argparse_words
from .errors import (
    SHOWN_LIMIT,
    SHOWN_PATH_LIMIT,
    NormError,
    Spelling,
    alternatives,
    os_reason,
    shown,
)
from .i18n import LANGUAGES, Domain, clauses, current
from .terminal import clipped, error_line, padded, warning_line, width

_ = Domain(__name__)


class _CommandLine(Spelling):
    """Options as the command line writes them: ``--variant PTN1``, ``--force``."""

    def name(self, option: str) -> str:
        return _FLAGS.get(option) or "--" + option.replace("_", "-")

    def switch(self, option: str) -> str:
        return self.name(option)

    def choices(self, option: str, values, key: str | None = None) -> str:
        written = [shlex.quote(str(v) if key is None else f"{key}={v}") for v in values]
        return f"{self.name(option)} {alternatives(written)}"


#: The flags of Python keywords that do not follow ``--keyword`` (an estimate's ``variants``
#: mapping is one ``--variant ID=CLASS`` per appendix).
_FLAGS = {"variants": "--variant"}
#: How the command line's messages write an option.
COMMAND_LINE = _CommandLine()


def header(column: str, english: str | None = None) -> str:
    """A printed table's header for ``column`` (the core's table, extract.labels): in English
    ``english`` or the column itself, what it holds in the other languages."""
    from .extract.labels import header as label

    return label(column, english)


def _print_table(rows: list[dict], columns: list[str],
                 english: dict[str, str] | None = None) -> None:
    """``rows`` under a header per column (``english``: a header English writes otherwise)."""
    if not rows:
        print(_("(no rows)"))
        return
    cells = [[_text(r.get(c)) for c in columns] for r in rows]
    headers = [header(c, (english or {}).get(c)) for c in columns]
    # in terminal columns: a Chinese character takes two (terminal.width)
    widths = [min(48, max(width(h), *(width(x[i]) for x in cells)))
              for i, h in enumerate(headers)]
    for line in (headers, *cells):  # the last column whole; a longer cell before it cut with …
        cut = [v if width(v) <= w else clipped(v, w - 1) + "…"
               for v, w in zip(line[:-1], widths[:-1], strict=True)]
        print("  ".join([*(padded(v, w) for v, w in zip(cut, widths[:-1], strict=True)),
                         line[-1]]).rstrip())


def _worded(table: str, rows: list[dict]) -> list[dict]:
    """Rows as a reader reads them: in Vietnamese and Chinese each code in words (a
    printed table is for people; formulas and scripts have the workbook and --lang en) and
    an irregularity's detail in the language."""
    if current() == "en":
        return rows
    from .excel.irregularity_details import detail
    from .extract.labels import LABEL_COLUMNS, code_label

    said = []
    for row in rows:
        words = {k: code_label(table, k, v) if k in LABEL_COLUMNS and isinstance(v, str) else v
                 for k, v in row.items()}
        if table == "irregularities":
            words["detail"] = detail(row["kind"], row["detail"])
        said.append(words)
    return said


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return " ".join(map(str, value))
    return str(value).replace("\n", " / ")


def cmd_appendices(args: argparse.Namespace) -> int:
    from .query import appendices

    _print_table(_worded("appendices", [{"appendix": a.id, "kind": a.kind,
                                         "standard": a.standard} for a in appendices()]),
                 ["appendix", "kind", "standard"],
                 english={"appendix": "id"})
    return 0


def cmd_norm(args: argparse.Namespace) -> int:
    from .query import norm, source

    kwargs = {"work": args.work, "item": args.item, "variant": args.variant}
    value = norm(args.appendix, args.component, **kwargs)
    print(f"{value:g}")
    if args.source:
        from .userdata.provenance import edition

        print(source(args.appendix, args.component, **kwargs))
        print(_("data: {editions}", editions=clauses(edition(("norms",)))))
    return 0


TABLE_COLUMNS = {
    "labour": ["work", "category", "rank", "rank_code", "grade", "lab_class", "cong", "lines"],
    "labour_steps": ["work", "level", "label", "cong", "total", "line"],
    "equipment": ["work", "name", "unit", "spec", "shifts", "note", "lines"],
    "materials": ["work", "name", "unit", "spec", "use", "consumption", "note", "lines"],
    "works": ["section", "work", "basis", "title", "line"],
    "irregularities": ["section", "kind", "line", "detail"],
}


def cmd_table(args: argparse.Namespace) -> int:
    from .query import table, table_name

    name = table_name(args.component)
    _print_table(_worded(name, table(args.appendix, name)), TABLE_COLUMNS[name])
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .dataset import dataset, load

    try:
        load()  # fresh, uncached: collects every structural problem at once
    except ExceptionGroup as group:
        for problem in group.exceptions:
            print(_("error: {message}", message=problem), file=sys.stderr)
        print(_.many("{n} structural problem in the norms data",
                     "{n} structural problems in the norms data", len(group.exceptions)),
              file=sys.stderr)
        return 1
    data = dataset()
    if args.format == "json":
        sys.stdout.write(_check_json(data))
        return 0
    _print_counts(data)
    from .excel.irregularity_details import detail
    from .extract.labels import irregularity

    everything = [i for a in data.appendices for i in data.irregularities.get(a.id, ())]
    quiet = ("missing_spec", "title_mismatch")
    listed = [i for i in everything if args.all or i.kind not in quiet]
    print("\n" + _("Irregularities recorded from the source ({count}):", count=len(everything)))
    counted = sorted(Counter(i.kind for i in everything).items())
    kinds = {kind: irregularity(kind) for kind, _n in counted}
    kind_width = max([24, *(width(k) + 1 for k in kinds.values())])
    for kind, count in counted:
        print(f"  {padded(kinds[kind], kind_width)} {count}")
    if listed:
        print("")
    kind_width = max([22, *(width(kinds[i.kind]) for i in listed)])
    for i in listed:
        print("  " + _("{appendix:6} line {line:<6} {kind} {detail}", appendix=i.appendix,
                       line=i.line, kind=padded(kinds[i.kind], kind_width),
                       detail=detail(i.kind, i.detail)))
    if not args.all:
        print("\n" + _("({first} and {second} rows are counted above; --all lists them)",
                       first=irregularity(quiet[0]), second=irregularity(quiet[1])))
    _print_flags()
    print("\n" + _("Structural checks passed."))
    return 0


def _print_counts(data) -> None:
    """One line per appendix: its rows per table and its standard."""
    # (column, English header, width, alignment)
    columns = (("appendix", "id", 6, "<"), ("labour", "labour", 8, ">"),
               ("steps", "steps", 7, ">"), ("equipment", "equip", 7, ">"),
               ("materials", "mater", 7, ">"), ("irregularities", "irreg", 7, ">"))
    # Two spaces at least between headers (a Vietnamese header has spaces of its own), in
    # terminal columns (a Chinese character takes two).
    headers = [header(c, english) for c, english, _w, _a in columns]
    widths = [max(least, width(h) + 2) for h, (_c, _e, least, _a) in zip(headers, columns,
                                                                          strict=True)]
    print("".join(padded(h, w, align) for h, (_c, _e, _w, align), w in zip(headers, columns,
                                                                            widths, strict=True))
          + "  " + header("standard"))
    for a in data.appendices:
        counts = (len(data.labour.get(a.id, ())), len(data.steps.get(a.id, ())),
                  len(data.equipment.get(a.id, ())), len(data.materials.get(a.id, ())),
                  len(data.irregularities.get(a.id, ())))
        print(f"{a.id:{widths[0]}}" + "".join(f"{n:{w}}" for n, w in zip(counts, widths[1:],
                                                                           strict=True))
              + f"  {a.standard[:60]}")


def _print_flags() -> None:
    """The reviewer's flags, grouped by severity, then appendix."""
    from .review import SEVERITIES, review
    from .review.flags import check_label, severity_label

    flags = review()
    labels = {f.check: check_label(f.check) for f in flags}
    check_width = max([14, *map(width, labels.values())])
    print("\n" + _("Flags a reviewer would raise ({count}; the circular stands as written, a "
                   "flag changes no amount):", count=len(flags)))
    for severity in SEVERITIES:
        group = [f for f in flags if f.severity == severity]
        if not group:
            continue
        print(f"\n  {severity_label(severity)} ({len(group)})")
        appendix = None
        for f in group:
            if f.appendix != appendix:
                appendix = f.appendix
                print(f"    {appendix}")
            print("      " + _("line {line:<6} {check} {detail}", line=f.lines[0],
                               check=padded(labels[f.check], check_width), detail=f.detail))


def _check_json(data) -> str:
    import json

    from .review import review

    irregularities = [{"appendix": i.appendix, "section": i.section, "kind": i.kind,
                       "line": i.line, "detail": i.detail}
                      for a in data.appendices for i in data.irregularities.get(a.id, ())]
    return json.dumps({"irregularities": irregularities,
                       "flags": [f.as_dict() for f in review()]},
                      ensure_ascii=False, indent=2) + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    from . import _resources
    from .extract import extract
    from .extract.writer import write_package

    if args.source is None:
        src = _resources.circular_text()
        if src is None:
            print(error_line(_(
                "the circular's text (norms/sources/{name}) is not here: run this in a "
                "checkout of the repository or give the text file: "
                "normbook extract SOURCE.txt -o DIR", name=_resources.CIRCULAR_TEXT)),
                file=sys.stderr)
            return 2
    else:
        src = Path(args.source)
    if not src.is_file():
        print(error_line(_("{path}: no such file (give the circular's text file)",
                           path=_path(src))), file=sys.stderr)
        return 2
    out = Path(args.output)
    if (out / "datapackage.json").exists() and not args.force:
        print(error_line(_("{path} already holds a data package; pass --force to replace it",
                           path=_path(out))), file=sys.stderr)
        return 2
    try:
        text = src.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        print(error_line(_("{path}: not UTF-8 text; give the circular's text file "
                           "(norms/sources/ holds it)", path=_path(src))), file=sys.stderr)
        return 2
    extraction = extract(text)
    written = write_package(extraction, out)
    print(_("wrote {files} files to {out}: {labour} labour lines, {steps} steps, {equipment} "
            "equipment rows, {materials} material rows, {irregularities} irregularities",
            files=len(written), out=out, labour=len(extraction.labour),
            steps=len(extraction.steps), equipment=len(extraction.equipment),
            materials=len(extraction.materials),
            irregularities=len(extraction.irregularities)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo, summary, warnings

    outputs = run_demo(Path(args.output), force=args.force)
    print(summary(outputs))
    for text in warnings(outputs):
        print(warning_line(text), file=sys.stderr)
    return 0


#: Modules that define their own subcommands, each with ``register(subparsers)``. They are
#: imported whenever the parser is built, so they import nothing heavy at module level.
COMMAND_MODULES: tuple[str, ...] = (
    "normbook.exams.cli",
    "normbook.excel.norms_workbook",
    "normbook.excel.freeze",
    "normbook.excel.starter",
    "normbook.forms.cli",
    "normbook.estimate.cli",
    "normbook.reference_data.cli",
)


def _path(path: object) -> str:
    """A path the user gave, as a message starts with it (shortened, escaped)."""
    return shown(path, SHOWN_PATH_LIMIT, quote=False)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose errors show a long argument shortened (argparse echoes an
    invalid choice or an unrecognized argument whole)."""

    _given: tuple[str, ...] = ()

    def parse_known_args(self, args=None, namespace=None):
        self._given = tuple(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        for given in sorted(set(self._given), key=len, reverse=True):
            if isinstance(given, str) and len(given) > SHOWN_LIMIT:
                message = message.replace(repr(given), shown(given))
                message = message.replace(given, shown(given, quote=False))
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    """The parser, its help in the current language (build it inside
    :func:`argparse_words.speaking` for argparse's own words)."""
    parser = _Parser(
        prog="normbook",
        description=_("Norms of Circular 04/2022/TT-BKHCN as cited data, for budgets and "
                      "Excel."),
    )
    parser.add_argument("--data", metavar=_("DIR"), dest="data_top", default=None,
                        help=data_help())
    parser.add_argument("--lang", choices=LANGUAGES, dest="lang_top", default=None,
                        help=lang_help())
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    p = sub.add_parser(
        "demo", help=_("the main job on built-in examples: an estimate and an application "
                       "form"),
        description=_("Build, on built-in illustrative example prices, an estimate for two "
                      "standards (VI, and XXV with lab class PTN1) with its justification, "
                      "and one sample 考核申请表, into a folder; print the totals and where "
                      "they are."))
    p.add_argument("-o", "--output", default="normbook-demo", metavar=_("FOLDER"),
                   help=_("folder to write into (default: normbook-demo)"))
    p.add_argument("--force", action="store_true", help=_("replace the demo's existing files"))
    p.set_defaults(run=cmd_demo)
    p = sub.add_parser("appendices", help=_("list the 31 appendices"),
                       description=_("List the 31 appendices."))
    p.set_defaults(run=cmd_appendices)
    p = sub.add_parser("norm", help=_("one norm as a number, e.g. normbook norm VI labour"),
                       description=_("One norm as a number, e.g. normbook norm VI labour."))
    p.add_argument("appendix", metavar=_("APPENDIX"),
                   help=_("Roman numeral or number, e.g. VI or 6"))
    p.add_argument("component", nargs="?", default="labour", metavar=_("COMPONENT"),
                   help=_("labour, labour_direct, labour_indirect, equipment, material, "
                          "material_use"))
    p.add_argument("--work", metavar=_("WORK"), help=_("one work item number"))
    p.add_argument("--item", metavar=_("ITEM"),
                   help=_("equipment or material name (a unique prefix will do)"))
    p.add_argument("--variant", metavar=_("LAB_CLASS"), help=_("lab class: PTN1 or PTN2"))
    p.add_argument("--source", action="store_true", help=_("also print the source lines"))
    p.set_defaults(run=cmd_norm)
    p = sub.add_parser("table", help=_("one table of one appendix"),
                       description=_("One table of one appendix."))
    p.add_argument("appendix", metavar=_("APPENDIX"),
                   help=_("Roman numeral or number, e.g. VI or 6"))
    p.add_argument("component", nargs="?", default="labour", metavar=_("TABLE"),
                   help=_("labour, labour_steps, equipment, materials, works, irregularities"))
    p.set_defaults(run=cmd_table)
    p = sub.add_parser("check", help=_("validate the data; summary and irregularities"),
                       description=_("Validate the data; print a summary, the irregularities "
                                     "and the reviewer's flags."))
    p.add_argument("--all", action="store_true", help=_("list every irregularity"))
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=_("json: the irregularities and the reviewer's flags, for tools"))
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("extract", help=_("extract the data package from the circular's text"),
                       description=_("Extract the data package from the circular's text."))
    p.add_argument("source", nargs="?", metavar=_("SOURCE"),
                   help=_("the circular's text file (default: norms/sources/ of the "
                          "checkout)"))
    p.add_argument("-o", "--output", required=True, metavar=_("DIR"),
                   help=_("directory for the data package"))
    p.add_argument("--force", action="store_true", help=_("replace an existing data package"))
    p.set_defaults(run=cmd_extract)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    _add_data_option(parser)
    return parser


def lang_help() -> str:
    """The help of ``--lang``, in the current language."""
    return _("the language of messages and of the files written: vi, zh or en (default: "
             "$NORMBOOK_LANG, else messages in the locale's language and files in their "
             "readers': Vietnamese for estimates, Chinese for exam papers)")


def data_help() -> str:
    """The help of ``--data``, in the current language."""
    return _("the user data folder to read (default: $NORMBOOK_DATA, else the platform's user "
             "data folder)")


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    """``--data DIR`` on every command, wherever it stands in the tree (data add included)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if not any(isinstance(a, argparse._SubParsersAction) for a in child._actions):
                    child.add_argument("--data", metavar=_("DIR"), default=None,
                                       help=data_help())
                    child.add_argument("--lang", choices=LANGUAGES, default=None,
                                       help=lang_help())
                _add_data_option(child)


#: Encodings that can write every character. Other ones (ASCII, Latin-1, a Windows code
#: page) cannot write Vietnamese or Chinese.
_UNICODE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-16-le",
                                "utf-32", "utf-32-be", "utf-32-le", "gb18030"})


def _escaping_streams() -> list[tuple[object, str]]:
    """Let stdout and stderr (and so tqdm's progress bars) take any text, once, here.

    A stream whose encoding cannot write all of Unicode keeps its encoding, but writes what
    it cannot encode as escapes (``\u1ee5``) instead of raising ``UnicodeEncodeError``: the
    POSIX locale without UTF-8 mode, ``PYTHONIOENCODING=ascii``, output redirected to a file
    on Windows (the ANSI code page). An error handler the user chose (``ascii:replace``)
    stays. Returns the streams changed, with their handler before, to restore.
    """
    changed = []
    for stream in (sys.stdout, sys.stderr):
        errors = getattr(stream, "errors", None)
        if errors not in ("strict", "surrogateescape"):
            continue
        try:
            if codecs.lookup(stream.encoding).name in _UNICODE_ENCODINGS:
                continue
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, LookupError, TypeError, ValueError, OSError):
            continue  # not a text stream we can change (closed, replaced by a caller)
        changed.append((stream, errors))
    return changed


#: Longest OSError message shown whole (it may hold a path or two and our own advice).
MESSAGE_LIMIT = 1_000


def _os_error(exc: OSError) -> str:
    """An OSError's message with its file names shortened (a name can be 4,000 characters)."""
    if exc.filename is None and exc.errno is not None and exc.strerror is not None:
        return str(os_reason(exc))  # the system's refusal, no file named
    if exc.filename is None:
        # a sentence of ours (a batch saying what it wrote and what to do) with a path in it:
        # keep the advice whole, cut only a message that a path has made absurdly long
        return shown(str(exc), MESSAGE_LIMIT, quote=False)
    names = " -> ".join(_path(name) for name in (exc.filename, exc.filename2) if name is not None)
    return f"{names}: {os_reason(exc)}"  # the errno in the reader's words


def main(argv: list[str] | None = None) -> int:
    changed = _escaping_streams()
    try:
        return _run(argv)
    except KeyboardInterrupt:  # Ctrl-C while the commands' modules are imported, before
        return 130             # the command itself runs (it has its own handling)
    finally:
        for stream, errors in changed:
            # a stream closed after a broken pipe has nothing more to write
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=errors)


def _language(argv: list[str]) -> None:
    """Speak what ``--lang`` (anywhere on the line) or ``NORMBOOK_LANG`` asks, from the first
    word on: the help texts are built in it, before argparse reads the rest.

    Raises:
        UnknownLanguage: a language Normbook has no catalog for.
    """
    from . import i18n

    i18n.check_environment()
    for i, word in enumerate(argv):
        if word == "--":
            break
        asked = argv[i + 1] if word == "--lang" and i + 1 < len(argv) else (
            word.split("=", 1)[1] if word.startswith("--lang=") else None)
        if asked is not None:
            # the command line takes the three names argparse offers, nothing it would refuse
            if asked not in LANGUAGES:
                raise i18n.UnknownLanguage(asked, "--lang")
            i18n.use(asked)


def _run(argv: list[str] | None) -> int:
    from . import i18n

    words = list(sys.argv[1:] if argv is None else argv)
    try:
        _language(words)
    except i18n.UnknownLanguage as exc:
        print(error_line(shown(str(exc), SHOWN_PATH_LIMIT, quote=False)), file=sys.stderr)
        return 2
    try:
        with argparse_words.speaking():
            return _parsed_and_run(words)
    finally:
        i18n.use(None)


def _parsed_and_run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from .userdata import folder

    try:
        given = getattr(args, "data", None)
        folder.use(given if given is not None else getattr(args, "data_top", None))
        return args.run(args)
    except NormError as exc:
        print(error_line(exc.text(COMMAND_LINE)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(error_line(_os_error(exc)), file=sys.stderr)
        return 1
    except UnicodeEncodeError as exc:  # a stream _escaping_streams could not change
        print(error_line(_("the encoding {encoding} cannot write {text}; set "
                           "PYTHONIOENCODING=utf-8 and run again", encoding=exc.encoding,
                           text=shown(exc.object[exc.start:exc.end]))), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        folder.use(None)


if __name__ == "__main__":
    raise SystemExit(main())
