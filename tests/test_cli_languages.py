"""The command line speaks Vietnamese, Chinese or English: errors, help, ``check``.

The tests of the English wording are elsewhere (they run as ``--lang en``); these ask for
each language, or take the choice away and set the locale.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from normbook import cli, i18n

#: Names a Vietnamese or Chinese help may keep: the program, its environment variables,
#: the values a user types (components, tables, formats, languages) and the commands.
NAMES = {"normbook", "Normbook", "NORMBOOK_LANG", "NORMBOOK_DATA", "Excel", "json", "text",
         "labour", "labour_direct", "labour_indirect", "labour_steps", "equipment", "material",
         "material_use", "materials", "works", "irregularities", "demo", "appendices", "norm",
         "table", "check", "extract", "usage"}


def _run(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NORMBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "normbook", *argv], capture_output=True,
                          text=True, encoding="utf-8", env=environ, timeout=120, check=False)


@pytest.mark.parametrize(("lang", "said"), [
    ("vi", "normbook: lỗi: không có phụ lục 'XL'; Thông tư có các phụ lục I..XXXI"),
    ("zh", "normbook: 错误：没有附录 'XL'；该通知的附录为 I..XXXI"),
    ("en", "normbook: error: unknown appendix 'XL'; the circular has I..XXXI (a Roman numeral "
           "or 1-31)"),
])
def test_an_unknown_appendix_in_each_language(lang, said):
    done = _run(["--lang", lang, "norm", "XL", "labour"])
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(said)


@pytest.mark.parametrize(("locale", "said"), [
    ("vi_VN.UTF-8", "normbook: lỗi: không có phụ lục 'XL'"),
    ("zh_CN.UTF-8", "normbook: 错误：没有附录 'XL'"),
    ("C", "normbook: error: unknown appendix 'XL'"),
])
def test_the_terminal_follows_the_locale(locale, said):
    done = _run(["norm", "XL"], LANG=locale, PYTHONIOENCODING="utf-8")
    assert done.returncode == 2 and done.stderr.startswith(said)


def test_argparse_speaks_too():
    done = _run(["--lang", "vi", "norm"])
    assert done.returncode == 2
    assert done.stderr.startswith("cách dùng: normbook norm")
    assert "normbook norm: lỗi: thiếu các tham số bắt buộc: PHỤ_LỤC" in done.stderr
    done = _run(["--lang", "zh", "nrm"])
    assert "用法: normbook" in done.stderr and "无效的选项：'nrm'" in done.stderr


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 0
    return capsys.readouterr().out


def _words(text: str) -> set[str]:
    """The words of ``text`` a reader reads: not options, placeholders, paths or codes."""
    text = re.sub(r"--?[\w-]+|\{[^}]*\}|\$\w+|\S*/\S*|\S+\.(?:txt|json|xlsx|csv)\b", " ", text)
    return {w for w in re.findall(r"\w+", text)
            if len(w) >= 3 and w.isascii() and w.isalpha() and not w.isupper()} - NAMES


@pytest.mark.parametrize("command", [[], ["norm"], ["check"], ["table"], ["demo"],
                                     ["extract"], ["appendices"]])
@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_help_has_no_english_sentence(command, lang, capsys, monkeypatch):
    # the commands of the other parts (estimate, exams, forms, excel, data) are theirs to
    # translate and test; the top level here lists the core's own
    monkeypatch.setattr(cli, "COMMAND_MODULES", ())
    english = _words(_help(["--lang", "en", *command, "--help"], capsys))
    assert len(english) > 5  # the test can see English
    translated = _help(["--lang", lang, *command, "--help"], capsys)
    left = english & _words(translated)
    assert not left, f"English in {lang} help of {command}: {sorted(left)}\n{translated}"


def test_check_in_vietnamese():
    done = _run(["--lang", "vi", "check"])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.splitlines()[0].split()[:2] == ["Phụ", "lục"]
    assert "Điểm bất thường ghi nhận từ văn bản nguồn" in out
    assert "Lưu ý khi thẩm định" in out and "Có thể làm thay đổi số tiền" in out
    assert out.rstrip().endswith("Kiểm tra cấu trúc: đạt.")
    for english in ("Structural checks passed", "Irregularities recorded", "Flags a reviewer",
                    "may change an amount"):
        assert english not in out


def test_check_in_english_is_as_before():
    done = _run(["--lang", "en", "check"])
    assert done.stdout.startswith("id      labour  steps  equip  mater  irreg  standard\n")
    assert "\n  missing_spec " in done.stdout and "\n  may change an amount (" in done.stdout
    assert done.stdout.rstrip().endswith("Structural checks passed.")


def test_python_callers_get_english_unless_they_choose(no_language_choice):
    from normbook import query

    with pytest.raises(LookupError) as raised:
        query.norm("XL", "labour")
    assert str(raised.value).startswith("unknown appendix 'XL'")
    with i18n.speaking("zh"):
        assert str(raised.value).startswith("没有附录 'XL'")  # the same error, shown later


def _flag_words(out: str, heading: str) -> set[str]:
    """The words of ``check``'s flag listing (from ``heading`` on) outside quotes of the
    circular (``'Máy in Laser'``) and outside parentheses quoting it (``(Ca)``)."""
    listing = out[out.index(heading):]
    listing = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|\([^()\n]*\)", " ", listing)
    return _words(listing)


def test_check_flags_read_vietnamese_but_for_quotes_of_the_circular():
    english = _flag_words(_run(["--lang", "en", "check"]).stdout, "Flags a reviewer")
    assert {"shifts", "work", "evaluation"} <= english
    done = _run(["--lang", "vi", "check"])
    assert done.returncode == 0, done.stderr
    left = english & _flag_words(done.stdout, "Lưu ý khi thẩm định")
    assert not left, sorted(left)
    assert "số lượng thiết bị được tính theo số ca" in done.stdout


def test_check_json_keeps_its_keys_and_says_the_detail_in_the_language():
    import json

    flags = json.loads(_run(["--lang", "vi", "check", "--format", "json"]).stdout)["flags"]
    assert set(flags[0]) == {"check", "severity", "appendix", "section", "works", "items",
                             "lines", "detail"}
    assert flags[0]["check"] == "units" and flags[0]["severity"] == "changes an amount"
    assert "công việc" in flags[0]["detail"]


def test_a_flag_is_said_in_the_language_where_it_is_shown(no_language_choice):
    from normbook.review import review

    flag = next(f for f in review() if f.check == "alternatives")
    assert hash(flag) == hash(flag)  # kept hashable: its facts are pairs
    assert "would be" in flag.detail and "công lower" in flag.said("en")
    with i18n.speaking("zh"):
        assert "直接人工应少" in flag.detail
    assert "lao động trực tiếp thấp hơn" in flag.said("vi")


def test_a_source_and_its_flags_in_vietnamese():
    from normbook import query

    with i18n.speaking("vi"):
        said = str(query.source("XXVII", "labour"))
    assert said.startswith("Thông tư 04/2022/TT-BKHCN, Phụ lục XXVII, dòng ")
    assert ("; 3 lưu ý khi thẩm định: Phương án thay thế (Có thể làm thay "
            "đổi số tiền, dòng") in said


def test_the_demo_summary_in_vietnamese(tmp_path, capsys):
    assert cli.main(["--lang", "vi", "demo", "-o", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    for said in ("Bản demo Normbook", "Dự toán năm", "Tổng", "đồng/tháng", "Đã ghi:",
                 "Tiếp theo:", "(mục thi đặc biệt)"):
        assert said in out, out
    for english in ("Estimate for", "Total", "Wrote:", "Next:", "a month", "special project",
                    "the application form", "example year", "roster"):
        assert english not in out, out


def test_a_refused_language_is_said_in_the_locale_language():
    done = _run(["--lang", "xx", "appendices"], LANG="vi_VN.UTF-8")
    assert done.returncode == 2
    assert "hãy dùng một trong vi, zh, en" in done.stderr
    done = _run(["appendices"], NORMBOOK_LANG="xx", LANG="zh_CN.UTF-8")
    assert "请使用 vi、zh、en 之一" in done.stderr


def test_check_says_the_irregularities_in_vietnamese_too(capsys):
    """The details of the data package are English sentences around the source's words:
    `check --all` says them in the reader's language, quoting the source as it is."""
    from normbook.cli import main

    assert main(["--lang", "vi", "check", "--all"]) == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if " dòng " in line and "“" in line]
    assert listed, "the irregularities are listed"
    assert not any(" is titled " in line or " here but " in line for line in listed)
    assert any("Tên công việc không thống nhất" in line for line in listed)
