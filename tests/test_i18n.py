"""The language machinery: which language, numbers and dates, catalogs complete and compiled."""

from __future__ import annotations

import ast
import datetime as dt
import string
from decimal import Decimal
from pathlib import Path

import pytest

from normbook import i18n
from normbook.i18n import catalogs, formats
from normbook.i18n.message import Domain, domain_of

PACKAGE = Path(i18n.__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_choice(no_language_choice):
    yield


@pytest.mark.parametrize(("tag", "lang"), [
    ("vi_VN.UTF-8", "vi"), ("vi-VN", "vi"), ("zh_CN.UTF-8", "zh"), ("zh-Hans-CN", "zh"),
    ("zh_TW", "zh"), ("en_US.UTF-8", "en"), ("C", None), ("POSIX", None), ("C.UTF-8", None),
    ("fr_FR", None), ("", None), (None, None), ("de_DE@euro", None), ("VI", "vi")])
def test_normalize(tag, lang):
    assert i18n.normalize(tag) == lang


def test_terminal_follows_the_first_locale_variable_set(monkeypatch):
    assert i18n.terminal() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.terminal() == "zh"
    monkeypatch.setenv("LC_MESSAGES", "vi_VN.UTF-8")
    assert i18n.terminal() == "vi"
    monkeypatch.setenv("LC_ALL", "C")  # set, and it is not ours: English, not LANG's Chinese
    assert i18n.terminal() == "en"


def test_choice_overrides_locale_documents_and_excel(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.document("vi") == "vi"
    assert i18n.excel("vi-VN") == "vi"
    assert i18n.excel(None) == "zh"  # classic xlwings: the system's language
    assert i18n.excel("fr-FR") == "zh"
    monkeypatch.setenv("NORMBOOK_LANG", "en")
    assert (i18n.terminal(), i18n.document("vi"), i18n.excel("zh-CN")) == ("en", "en", "en")
    i18n.use("vi")  # --lang beats the environment variable
    assert (i18n.terminal(), i18n.document("zh"), i18n.excel("zh-CN")) == ("vi", "vi", "vi")


def test_unknown_language_is_refused_with_the_choices(monkeypatch):
    with pytest.raises(i18n.UnknownLanguage, match="use one of vi, zh, en"):
        i18n.use("fr")
    monkeypatch.setenv("NORMBOOK_LANG", "klingon")
    assert i18n.chosen() is None
    with pytest.raises(i18n.UnknownLanguage, match="NORMBOOK_LANG 'klingon'"):
        i18n.check_environment()


def test_speaking_is_scoped():
    assert i18n.current() == "en"
    with i18n.speaking("zh"):
        assert i18n.current() == "zh"
        with i18n.speaking("vi"):
            assert i18n.current() == "vi"
        assert i18n.current() == "zh"
    assert i18n.current() == "en"


@pytest.mark.parametrize(("value", "lang", "places", "text"), [
    (2530000, "vi", None, "2.530.000"), (2530000, "zh", None, "2,530,000"),
    (Decimal("1234567.5"), "vi", None, "1.234.567,5"), (1234567.5, "en", 2, "1,234,567.50"),
    (Decimal("0.1"), "vi", None, "0,1"), (0.1, "zh", None, "0.1"), (-1234, "vi", None, "-1.234"),
    (Decimal("1E+3"), "vi", None, "1.000"), (999, "vi", None, "999")])
def test_numbers(value, lang, places, text):
    assert formats.number(value, lang, places) == text


def test_dates():
    day = dt.date(2024, 1, 31)
    assert [formats.date(day, lang) for lang in ("vi", "zh", "en")] == [
        "31/01/2024", "2024年1月31日", "2024-01-31"]


def test_messages_render_where_shown():
    _ = Domain("normbook.estimate.cli")
    message = _.later("{amount:n} VND from {day:date}", amount=Decimal(2530000),
                      day=dt.date(2026, 7, 1))
    assert str(message) == "2,530,000 VND from 2026-07-01"
    with i18n.speaking("vi"):
        assert str(message) == "2.530.000 VND from 01/07/2026"  # (no catalog entry: English)
    assert message.render("zh") == "2,530,000 VND from 2026年7月1日"
    assert _.many("{n} form", "{n} forms", 1) == "1 form"
    assert _.many("{n} form", "{n} forms", 3) == "3 forms"


def test_domains_follow_the_packages():
    assert domain_of("normbook.estimate.cli") == "estimate"
    assert domain_of("normbook.forms.batch") == "exams"
    assert domain_of("normbook.cli") == "normbook"
    assert domain_of("normbook.estimated") == "normbook"  # a prefix is not a package


# ---- the catalogs -----------------------------------------------------------------------------

MARKS = set(catalogs.KEYWORDS)


def _marked_calls():
    for module, path in catalogs.modules():
        if module.startswith("normbook.i18n"):
            continue  # the machinery passes texts on; the marks are elsewhere
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                getattr(node.func, "id", None)
            if name in MARKS and (name != "_" or isinstance(node.func, ast.Name)):
                yield module, path, node


def test_every_mark_is_a_literal_text():
    """An f-string or a variable in a mark cannot be extracted: its text stays English."""
    bad = []
    for _module, path, node in _marked_calls():
        count = 2 if getattr(node.func, "attr", "") in ("many", "many_later") else 1
        args = node.args[:count]
        if len(args) < count or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                        for a in args):
            bad.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not bad, "marks whose text is not a literal: " + ", ".join(bad)


def test_catalogs_complete_and_compiled():
    """No text a Vietnamese or Chinese reader would read in English; .mo up to date."""
    pytest.importorskip("babel")
    assert catalogs.gaps() == []


def test_the_installed_package_carries_the_compiled_catalogs():
    """Every catalog of the checkout ships compiled, as it is (the wheel's package data)."""
    from importlib import resources

    compiled = sorted(catalogs.LOCALE.glob("*/LC_MESSAGES/*.mo"))
    assert len(compiled) == 2 * 5  # vi and zh, five parts each
    for mo in compiled:
        installed = resources.files("normbook").joinpath(
            "locale", mo.parent.parent.name, "LC_MESSAGES", mo.name)
        assert installed.read_bytes() == mo.read_bytes(), mo.name


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_translations_keep_every_placeholder():
    pytest.importorskip("babel")
    bad = []
    for po in sorted(catalogs.LOCALE.glob("*/LC_MESSAGES/*.po")):
        for m in catalogs.read(po.stem, po.parent.parent.name):
            if not m.id or not m.string:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            wanted = set().union(*map(_fields, ids)) - ({"n"} if len(ids) > 1 else set())
            for s in strings:
                try:
                    have = _fields(s) - {"n"}
                except ValueError as exc:
                    bad.append(f"{po.name} {m.id!r}: {exc}")
                    continue
                if have != wanted - {"n"}:
                    bad.append(f"{po.parent.parent.name}/{po.name} {ids[0]!r}: {sorted(have)} "
                               f"for {sorted(wanted)}")
    assert not bad, "\n".join(bad)


# ---- the command line's choice ----------------------------------------------------------------

def _cli(argv, capsys):
    from normbook.cli import main

    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv", [["--lang", "fr", "appendices"], ["appendices", "--lang=de"]])
def test_cli_refuses_an_unknown_language(argv, capsys):
    code, out, err = _cli(argv, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "use one of vi, zh, en" in err


def test_cli_refuses_an_unknown_environment_language(monkeypatch, capsys):
    monkeypatch.setenv("NORMBOOK_LANG", "klingon")
    code, _out, err = _cli(["appendices"], capsys)
    assert code == 2 and "NORMBOOK_LANG 'klingon'" in err


@pytest.mark.parametrize("argv", [["--lang", "zh", "appendices"], ["appendices", "--lang", "zh"],
                                  ["appendices", "--lang=zh"]])
def test_cli_takes_the_language_before_or_after_the_command(argv, capsys, monkeypatch):
    seen = []
    monkeypatch.setattr("normbook.cli.cmd_appendices", lambda args: seen.append(i18n.current())
                        or 0)
    code, _out, _err = _cli(argv, capsys)
    assert code == 0 and seen == ["zh"]
    assert i18n.chosen() is None  # the choice ends with the command


@pytest.mark.parametrize("asked", ["VI", "zh-CN", "vi_VN"])
def test_cli_takes_exactly_the_names_it_offers(asked, capsys):
    """argparse offers vi, zh, en: a spelling it would refuse is refused before, alike."""
    code, out, err = _cli(["--lang", asked, "appendices"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"--lang {asked!r}: use one of vi, zh, en" in err


def test_lists_are_joined_the_readers_way():
    """A Chinese sentence lists with 、 and ；, not ASCII commas and semicolons."""
    assert i18n.listed(["PTN1", "PTN2", "C1"]).render("zh") == "PTN1、PTN2、C1"
    assert i18n.listed(["PTN1", "PTN2"]).render("vi") == "PTN1, PTN2"
    assert i18n.clauses(["a", "b"]).render("zh") == "a；b"
    assert i18n.clauses(["a", "b"]).render("en") == "a; b"
    _ = Domain("normbook.cli")
    with i18n.speaking("zh"):  # a fact of a message follows the message's language
        assert "1、2、3" in _("works {known}", known=i18n.listed([1, 2, 3]))


def test_a_chinese_cell_error_lists_with_the_chinese_mark():
    from normbook.errors import UnknownComponent
    from normbook.excel.cell_errors import _message

    with i18n.speaking("zh"):
        said = _message(UnknownComponent("x", ("labour", "equipment", "material")))
    assert "labour、equipment、material" in said and ", " not in said
