"""The Vietnamese and Chinese catalogs hold to the glossary (``addin/normbook/locale/``).

``glossary.csv`` is the machine-readable form of ``GLOSSARY.md``: one row per concept, with
the English term as Normbook writes it, the one Vietnamese and one Chinese term chosen for
it, and the wrong terms the glossary warns against. The rules, per translated entry of every
``.po`` file:

* a msgid that names a glossary term (whole words, any case; the longest term wins where
  terms overlap) is translated with that language's term (Vietnamese: whole words, any case;
  Chinese: as a substring; both compared in Unicode NFC);
* a sheet's name (concept ``sheet.*``) counts only as the sheet's capitalised English name
  (``Summary``, ``Examples``, ``Inputs``): "the Examples sheet" names the sheet, "built-in
  examples" or "print a summary" use the plain word, which is translated as the sentence needs;
* no translation uses an avoided term (Vietnamese: whole words; Chinese: substrings), except
  inside the glossary's own term that contains it (see ``_without_own_terms``).

Code is not prose: placeholders, ``code`` in backticks, worksheet-function calls with their
arguments, ``normbook`` command lines, option names (``--appendix``), dotted names, paths and
file names (``norms.xlsx``) and all-capital words (``NORM``, ``INDEX``) do not count as the English
term; write code in backticks when a msgid quotes it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "addin" / "normbook" / "locale"
GLOSSARY = LOCALE / "glossary.csv"
COLUMNS = ["concept", "en", "vi", "zh", "avoid_vi", "avoid_zh", "source"]
LANGS = ("vi", "zh")

# What is code in a msgid or a translation: replaced by a separator before any matching.
_CODE = re.compile(r"""
      ``[^`]*`` | `[^`]*`                 # code spans
    | \{[^{}]*\}                          # placeholders
    | \b[A-Z][A-Z0-9_]*\([^()]*\)         # NORM_COST(appendix, component, ...)
    | \bnormbook(?:[ ]+[a-z][\w-]*)+      # normbook data add exams
    """, re.VERBOSE)
# An English term's edges: not inside a word, an option, a dotted or file name, or a key.
_BEFORE = r"(?<![\w\-./`{\[])"
_AFTER = r"(?![\w\-/`}\]]|\.\w)"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _prose(text: str) -> str:
    return _CODE.sub("\x00", nfc(text))


def _phrase(term: str) -> str:
    return r"\s+".join(re.escape(word) for word in term.split())


@dataclass(frozen=True)
class Entry:
    concept: str
    en: str
    terms: dict[str, str]
    avoid: dict[str, tuple[str, ...]]

    @property
    def is_sheet(self) -> bool:
        """A sheet's name (``sheet.*``): a term only where the msgid names that sheet."""
        return self.concept.startswith("sheet.")

    @cached_property
    def english(self) -> re.Pattern[str]:
        if self.is_sheet:  # "the Examples sheet" names the sheet; "built-in examples" not
            en = nfc(self.en)
            return re.compile(_BEFORE + _phrase(en[:1].upper() + en[1:]) + _AFTER)
        return re.compile(_BEFORE + _phrase(nfc(self.en)) + _AFTER, re.IGNORECASE)


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path = GLOSSARY) -> Glossary:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return cls([Entry(r["concept"], r["en"], {lang: nfc(r[lang]) for lang in LANGS},
                          {lang: tuple(nfc(w) for w in r[f"avoid_{lang}"].split("|") if w)
                           for lang in LANGS}) for r in rows])

    def side(self, lang: str) -> list[Entry]:
        """The entries with a term in ``lang``, longest English first."""
        return sorted((e for e in self.entries if e.terms[lang]), key=lambda e: -len(e.en))

    def avoided(self, lang: str) -> dict[str, Entry]:
        """Each avoided term of ``lang`` with the first concept that warns against it."""
        found: dict[str, Entry] = {}
        for entry in self.entries:
            for word in entry.avoid[lang]:
                if word.casefold() not in {w.casefold() for w in found}:
                    found[word] = entry
        return found

    def named(self, msgid: str, lang: str) -> list[Entry]:
        """The glossary terms ``msgid`` names; a term inside a longer one does not count."""
        text, taken, found = _prose(msgid), [], []
        for entry in self.side(lang):
            for m in entry.english.finditer(text):
                if m.group().isupper() and not entry.en.isupper():
                    continue  # NORM, INDEX, MATCH: a function's name, not the word
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append(m.span())
                if entry not in found:
                    found.append(entry)
        return found


def contains(text: str, term: str, lang: str) -> bool:
    """Whether ``text`` has ``term``: Vietnamese as whole words in any case, Chinese as is."""
    text, term = nfc(text.casefold()), nfc(term.casefold())
    if lang == "zh":
        return term in text
    return re.search(r"(?<!\w)" + _phrase(term) + r"(?!\w)", text) is not None


def _without_own_terms(text: str, word: str, lang: str, glossary: Glossary) -> str:
    """``text`` with the glossary's own terms that contain ``word`` blanked out.

    An avoided word is fine inside the chosen term of another concept: "hạng" (avoid for a
    grade, which is "bậc") in "Kỹ sư (hạng III)", "ngày công" (avoid for công) in "Đơn giá
    ngày công", "xóa" (avoid for remove) in "không xóa".
    """
    text = nfc(text.casefold())
    for entry in glossary.entries:
        own = entry.terms[lang]
        if own and contains(own, word, lang):
            own = nfc(own.casefold())
            if lang == "zh":
                text = text.replace(own, "\x00")
            else:
                text = re.sub(r"(?<!\w)" + _phrase(own) + r"(?!\w)", "\x00", text)
    return text


#: The concepts of the Zhejiang exams' side (the form, its rejections, the calendar): their
#: terms hold in the exams catalog; a budget message's "employer" or "left out" is not the
#: form's 执业单位 or the calendar's 未列入日历.
EXAM_SIDE = ("form.", "rej.", "ics.")


def check(where: str, messages: Iterable, lang: str, glossary: Glossary,
          domain: str | None = None) -> list[str]:
    """The glossary failures of a catalog's messages: one line each (file, msgid, term).

    ``domain``: the catalog's; outside "exams" the exam side's concepts are not held to."""
    failures = []
    for message in messages:
        if not message.id or message.fuzzy:
            continue  # the header; a fuzzy entry is a guess for another msgid
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        strings = [_prose(s) for s in strings if s]
        if not strings:
            continue  # not translated yet
        named = []
        for msgid in ids:
            named += [e for e in glossary.named(msgid, lang) if e not in named]
        for entry in named:
            if domain not in (None, "exams") and entry.concept.startswith(EXAM_SIDE):
                continue
            if not all(contains(s, entry.terms[lang], lang) for s in strings):
                failures.append(f"{where} {ids[0]!r}: expected {entry.terms[lang]!r} "
                                f"for {entry.en!r}")
        for word, entry in glossary.avoided(lang).items():
            if any(contains(_without_own_terms(s, word, lang, glossary), word, lang)
                   for s in strings):
                failures.append(f"{where} {ids[0]!r}: avoid {word!r} "
                                f"(for {entry.en!r} write {entry.terms[lang]!r})")
    return failures


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.read()


# ---- the glossary itself ----------------------------------------------------------------

def test_glossary_csv_is_well_formed() -> None:
    data = GLOSSARY.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n"), "LF line ends"
    text = data.decode("utf-8")
    assert text == nfc(text), "store the terms in Unicode NFC"
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == COLUMNS
    bad = [f"line {n}: {len(row)} fields" for n, row in enumerate(rows, 1)
           if len(row) != len(COLUMNS)]
    assert not bad, "\n".join(bad)
    body = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(body) > 100
    problems = []
    concepts = [r["concept"] for r in body]
    problems += [f"concept {c!r} twice" for c in sorted(set(concepts)) if concepts.count(c) > 1]
    for n, r in enumerate(body, 2):
        if any(v != v.strip() for v in r.values()):
            problems.append(f"line {n}: spaces around a field")
        if not (r["concept"] and r["en"] and r["source"]):
            problems.append(f"line {n}: concept, en and source are needed")
        if not (r["vi"] or r["zh"]):
            problems.append(f"line {n} {r['en']!r}: neither vi nor zh")
        for lang in LANGS:
            avoid = r[f"avoid_{lang}"]
            if avoid and (not r[lang] or "" in avoid.split("|")):
                problems.append(f"line {n} {r['en']!r}: avoid_{lang} without a {lang} term "
                                "or with an empty item")
    for lang in LANGS:
        seen: dict[str, str] = {}
        for r in body:
            if r[lang]:
                key = r["en"].casefold()
                if key in seen:
                    problems.append(f"{lang}: en {r['en']!r} in {seen[key]} and {r['concept']}")
                seen[key] = r["concept"]
    assert not problems, "\n".join(problems)


def test_chosen_terms_use_no_avoided_term(glossary: Glossary) -> None:
    """The glossary agrees with itself: no chosen term is one the glossary warns against."""
    bad = [f"{e.concept}: {e.terms[lang]!r} has {word!r}"
           for e in glossary.entries for lang in LANGS if e.terms[lang]
           for word in glossary.avoided(lang)
           if contains(_without_own_terms(e.terms[lang], word, lang, glossary), word, lang)]
    assert not bad, "\n".join(bad)


# ---- the checker, on entries written here -----------------------------------------------

def _catalog(lang: str, pairs: list[tuple], fuzzy: tuple[str, ...] = ()):
    catalog_module = pytest.importorskip("babel.messages.catalog")
    catalog = catalog_module.Catalog(locale=lang)
    for msgid, string in pairs:
        catalog.add(msgid, string, flags=("fuzzy",) if msgid in fuzzy else ())
    return catalog


def test_checker_passes_finds_missing_terms_and_avoided_ones(glossary: Glossary) -> None:
    vi = _catalog("vi", [
        ("Base salary (VND per month)", "Mức lương cơ sở (đồng/tháng)"),
        ("rank {rank}, e.g. Engineer grade III", "chức danh {rank}, ví dụ Kỹ sư (hạng III)"),
        ("công total", unicodedata.normalize("NFD", "Tổng số công")),
        ("pass --appendix {appendix} and see `NORM_COST(appendix, work)`", "xem tài liệu"),
        ("Materials", "Vật liệu"),
        ("grade", "Bậc"),
        ("Total", "Hạng"),
        ("Not translated yet", ""),
        ("Prices", "Giá cả"),
    ], fuzzy=("Prices",))
    zh = _catalog("zh", [
        (("{n} row rejected", "{n} rows rejected"), ("{n}行未通过校验",)),
        ("was rejected", "审核不通过"),
    ])
    failures = (check("vi/test.po", vi, "vi", glossary)
                + check("zh/test.po", zh, "zh", glossary))
    assert failures == [
        "vi/test.po 'Materials': expected 'Vật tư' for 'materials'",
        "vi/test.po 'Materials': avoid 'vật liệu' (for 'materials' write 'Vật tư')",
        "vi/test.po 'Total': expected 'cộng' for 'total'",
        "vi/test.po 'Total': avoid 'hạng' (for 'rank' write 'Chức danh')",
        "zh/test.po 'was rejected': expected '未通过校验' for 'rejected'",
        "zh/test.po 'was rejected': avoid '审核不通过' (for 'rejected' write '未通过校验')",
    ]


def test_longer_terms_win_and_code_is_not_prose(glossary: Glossary) -> None:
    def named(msgid: str, lang: str = "vi") -> list[str]:
        return [e.en for e in glossary.named(msgid, lang)]

    assert named("Indirect labour share") == ["indirect labour share"]
    assert named("Labour norm and equipment norm") == ["equipment norm", "labour norm"]
    assert named("=NORM(appendix) in norms.xlsx; INDEX/MATCH; {status}; normbook estimate") == []
    assert named("the check character", "zh") == ["check character"]


def test_sheet_names_count_only_as_the_sheets_capitalised_names(glossary: Glossary) -> None:
    def named(msgid: str) -> list[str]:
        return [e.concept for e in glossary.named(msgid, "vi") if e.is_sheet]

    assert named("the Examples sheet shows how") == ["sheet.examples"]
    assert named("the formulas on Prices, Labour and Summary use it") == [
        "sheet.summary", "sheet.prices"]
    assert named("the main job on built-in examples") == []
    assert named("print a summary, the irregularities and the setup steps") == []
    assert named("fill the prices") == []
    assert named("=SUMMARY(x) or summary.csv") == []
    vi = _catalog("vi", [
        ("the main job on built-in examples", "chạy việc chính trên ví dụ có sẵn"),
        ("see the Examples sheet", "xem trang Ví dụ"),
    ])
    assert check("vi/test.po", vi, "vi", glossary) == [
        "vi/test.po 'see the Examples sheet': expected 'Ví dụ công thức' for 'examples'"]


# ---- the catalogs -----------------------------------------------------------------------

def test_catalogs_hold_to_the_glossary(glossary: Glossary) -> None:
    pofile = pytest.importorskip("babel.messages.pofile")
    files = sorted(p for p in LOCALE.glob("*/LC_MESSAGES/*.po")
                   if p.parent.parent.name in LANGS)
    assert files, "no catalogs"
    failures = []
    for po in files:
        lang = po.parent.parent.name
        with po.open("rb") as f:
            catalog = pofile.read_po(f, locale=lang, domain=po.stem)
        failures += check(f"{lang}/{po.name}", catalog, lang, glossary, po.stem)
    assert not failures, "\n".join(failures)
