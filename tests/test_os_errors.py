"""Why the system refused (an OSError's errno) is said in the reader's language, on the
terminal and inside the user-data messages; an errno without words of ours keeps the
system's text and its number."""

from __future__ import annotations

import errno

import pytest

from normbook import cli, i18n
from normbook.errors import os_reason
from normbook.i18n import Domain

_ = Domain(__name__)

#: (errno, English, Vietnamese, Chinese): words each reason must contain.
REASONS = [
    (errno.EACCES, "permission denied", "không có quyền truy cập", "拒绝访问"),
    (errno.EPERM, "permission denied", "không có quyền truy cập", "拒绝访问"),
    (errno.ENOENT, "no such file or folder", "không có tệp hoặc thư mục", "没有该文件或文件夹"),
    (errno.ENOSPC, "no space left", "hết dung lượng", "磁盘空间已满"),
    (errno.EEXIST, "already exists", "đã tồn tại", "已存在"),
    (errno.EISDIR, "is a folder", "là một thư mục", "这是文件夹"),
    (errno.ENOTDIR, "is a file, not a folder", "không phải thư mục", "而不是文件夹"),
    (errno.EROFS, "read-only", "chỉ cho phép đọc", "只读"),
    (errno.EBUSY, "in use by another program", "chương trình khác sử dụng", "正被其他程序占用"),
]


@pytest.mark.parametrize(("code", "en", "vi", "zh"), REASONS)
def test_each_common_errno_in_each_language(code, en, vi, zh):
    exc = OSError(code, "system words", "estimate.xlsx")
    reason = os_reason(exc)
    assert en in reason.render("en") and "system words" not in reason.render("en")
    assert vi in reason.render("vi")
    assert zh in reason.render("zh")


def test_another_errno_keeps_the_systems_words_and_number():
    reason = os_reason(OSError(errno.EIO, "Input/output error", "estimate.xlsx"))
    assert reason.render("en") == f"Input/output error (system error {errno.EIO})"
    assert reason.render("vi") == f"Input/output error (lỗi hệ thống {errno.EIO})"
    assert reason.render("zh") == f"Input/output error（系统错误 {errno.EIO}）"


def test_an_oserror_of_ours_is_said_as_raised():
    said = _.later("{folder}: no such folder", folder="out")
    assert os_reason(FileNotFoundError(said)) is said
    assert os_reason(OSError("a sentence of ours")) == "a sentence of ours"


def _fails_with(monkeypatch, capsys, exc: OSError, lang: str) -> str:
    def refused(args):
        raise exc

    monkeypatch.setattr(cli, "cmd_appendices", refused)
    assert cli.main(["--lang", lang, "appendices"]) == 1
    return capsys.readouterr().err


@pytest.mark.parametrize(("lang", "words"), [
    ("vi", "không có quyền truy cập (tệp có thể đang mở trong một chương trình khác"),
    ("zh", "拒绝访问（该文件可能已在其他程序（如 Excel）中打开"),
    ("en", "permission denied (the file may be open in another program, such as Excel"),
])
def test_the_command_line_says_a_locked_file_in_its_language(monkeypatch, capsys, lang,
                                                             words):
    err = _fails_with(monkeypatch, capsys,
                      PermissionError(errno.EACCES, "Permission denied", "estimate.xlsx"), lang)
    assert "estimate.xlsx: " + words in err
    assert "Permission denied" not in err and "Traceback" not in err


def test_a_refusal_without_a_file_name_is_said_too(monkeypatch, capsys):
    err = _fails_with(monkeypatch, capsys, OSError(errno.ENOSPC, "No space left on device"),
                      "vi")
    assert "ổ đĩa đã hết dung lượng" in err and "No space left" not in err


def test_user_data_messages_say_the_reason_in_the_readers_language(tmp_path):
    from normbook.userdata import store

    with i18n.speaking("zh"):
        said = str(store._unreadable("wages.csv", PermissionError(errno.EACCES, "Permission "
                                                                  "denied", "wages.csv")))
    assert "拒绝访问" in said and "Permission denied" not in said
