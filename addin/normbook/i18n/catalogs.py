"""Keep the catalogs: extract the marked texts, update the ``.po`` files, compile ``.mo``.

A developer's tool (it needs Babel, a test dependency; Normbook itself reads the compiled
catalogs with the standard library's gettext)::

    python -m normbook.i18n.catalogs update    # new texts in, gone texts out, per domain
    python -m normbook.i18n.catalogs compile   # .po -> .mo (the wheel ships the .mo)
    python -m normbook.i18n.catalogs check     # what a reader would still see in English

Texts are marked with ``_("…")``, ``_.later("…")``, ``_.many("…", "…", n)`` and
``_.many_later(…)`` (see the package docstring); an f-string cannot be extracted, so a test
refuses one in a mark.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from .choice import LANGUAGES
from .message import domain_of

KEYWORDS = {"_": None, "later": None, "many": (1, 2), "many_later": (1, 2)}
PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
#: Fixed so that updating a catalog changes only what changed.
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of the package, with its dotted name."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def templates() -> dict[str, object]:
    """Each domain's texts as found in the code now (a Babel catalog per domain)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract

    found: dict[str, Catalog] = {}
    for module, path in modules():
        domain = domain_of(module)
        catalog = found.setdefault(domain, _new_catalog(domain, None))
        with path.open("rb") as source:
            for line, text, comments, _context in extract(
                    "python", source, keywords=KEYWORDS, comment_tags=("Translators:",),
                    options={"encoding": "utf-8"}, strip_comment_tags=True):
                where = (str(path.relative_to(PACKAGE.parent)), line)
                catalog.add(text, None, [where], auto_comments=comments)
    return found


def _new_catalog(domain: str, lang: str | None):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=lang, domain=domain, project="normbook", version="0",
                      copyright_holder="Normbook developers", msgid_bugs_address="",
                      creation_date=EPOCH, revision_date=EPOCH,
                      last_translator="Normbook developers", language_team=lang or "",
                      fuzzy=False)
    catalog.header_comment = (
        f"# Normbook's {domain} messages in {lang or 'English (the template)'}.\n"
        "# Edit with Poedit or Weblate; keep each {placeholder} as it is, and the terms of\n"
        "# addin/normbook/locale/glossary.csv. Then: python -m normbook.i18n.catalogs compile")
    return catalog


def po_path(domain: str, lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read(domain: str, lang: str):
    from babel.messages.pofile import read_po

    path = po_path(domain, lang)
    if not path.is_file():
        return _new_catalog(domain, lang)
    with path.open("rb") as po:
        return read_po(po, locale=lang, domain=domain)


def _po_bytes(catalog) -> bytes:
    from babel.messages.pofile import write_po

    catalog.revision_date = EPOCH
    catalog.creation_date = EPOCH
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update() -> list[Path]:
    """Bring every ``.po`` file in line with the code; returns those that changed."""
    changed = []
    for domain, template in templates().items():
        for lang in TRANSLATED:
            catalog = read(domain, lang)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            data = _po_bytes(catalog)
            path = po_path(domain, lang)
            if not path.is_file() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                changed.append(path)
    return changed


def compile_all() -> list[Path]:
    """Write each ``.mo`` from its ``.po``; returns those that changed."""
    changed = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        data = mo_bytes(read(po.stem, po.parent.parent.name))
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != data:
            mo.write_bytes(data)
            changed.append(mo)
    return changed


def gaps() -> list[str]:
    """Every text a reader of vi or zh would still see in English, and stale files."""
    found = []
    for domain, template in templates().items():
        wanted = {m.id for m in template if m.id}
        for lang in TRANSLATED:
            catalog = read(domain, lang)
            have = {m.id: m for m in catalog if m.id}
            where = po_path(domain, lang).relative_to(PACKAGE.parent.parent)
            found += [f"{where}: missing {_short(i)}" for i in sorted(wanted - set(have),
                                                                   key=str)]
            found += [f"{where}: no longer in the code {_short(i)}"
                      for i in sorted(set(have) - wanted, key=str)]
            for m in have.values():
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                if not all(strings):
                    found.append(f"{where}: untranslated {_short(m.id)}")
                elif m.fuzzy:
                    found.append(f"{where}: fuzzy {_short(m.id)}")
            mo = po_path(domain, lang).with_suffix(".mo")
            if not mo.is_file() or mo.read_bytes() != mo_bytes(catalog):
                found.append(f"{where}: the compiled .mo is not up to date (compile)")
    return found


def _short(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return repr(text if len(text) < 70 else text[:67] + "...")


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:] or ["check"])[0]
    if command == "update":
        for path in update():
            print(f"updated {path.relative_to(PACKAGE.parent.parent)}")
        return 0
    if command == "compile":
        for path in compile_all():
            print(f"compiled {path.relative_to(PACKAGE.parent.parent)}")
        return 0
    if command == "check":
        found = gaps()
        print("\n".join(found) or "every catalog is complete and compiled")
        return 1 if found else 0
    print("usage: python -m normbook.i18n.catalogs update|compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
