"""The source's irregularities that touch an estimate, stated in English and in Vietnamese.

The extractor records every oddity of the circular's text (``norms/irregularities.csv``, each
with its source line). Most do not change an amount (a spec missing, a title worded two ways,
a serial number written differently); the kinds in :data:`ESTIMATE_KINDS` do, or decide how a
number was read, so an estimate states them: in its notes (the workbook's Inputs sheet) and
among the justification's assumptions, citing the line.
"""

from __future__ import annotations

import re

from ..i18n import Domain, Text
from ..models import Irregularity
from ..vn_words import format_number

_ = Domain(__name__)

#: The kinds that change an estimate, with what the estimate does about each.
ESTIMATE_KINDS = {
    "class_inconsistent": "the estimate takes each work's lines with the lab class the "
                          "source marks them with",
    "truncated_appendix": "what the source gives is priced, the rest is listed as not in "
                          "source",
    "note_instead_of_number": "the row is listed as not in source, never costed",
    "missing_value": "the row is listed as not in source, never costed",
    "implausible_value": "the estimate uses the quantity as written",
    "zero_subtotal": "the estimate sums the sub-steps",
    "joint_work": "the block takes the count its works share",
    "work_number_mismatch": "the estimate counts the rows under the work their title names",
    "grade_without_scale": "the grade is read on the scale of the rank",
    "malformed_grade": "the estimate uses the grade as read",
}


def source_notes(appendix: str) -> tuple[Irregularity, ...]:
    """The appendix's irregularities of :data:`ESTIMATE_KINDS`, in source order."""
    from ..dataset import dataset

    found = [i for i in dataset().irregularities.get(appendix, ()) if i.kind in ESTIMATE_KINDS]
    return tuple(sorted(found, key=lambda i: i.line))


def english(note: Irregularity) -> str:
    """"XXV, source line 12747: <the detail>; <what the estimate does>"."""
    return f"{note.appendix}, source line {note.line}: {note.detail}; {ESTIMATE_KINDS[note.kind]}"


def vietnamese(note: Irregularity) -> str:
    """One sentence for the justification: "Phụ lục XXV (dòng 12747 của văn bản nguồn): ..."."""
    return (f"Phụ lục {note.appendix} (dòng {note.line} của văn bản nguồn): "
            f"{_detail_vi(note)}.")


_NOT_COSTED = "khoản này không được tính tiền"


def _detail_vi(note: Irregularity) -> str:
    """The detail in Vietnamese, from the extractor's wording; the detail itself if unknown."""
    d, kind = note.detail, note.kind
    if kind == "class_inconsistent" and (m := re.fullmatch(
            r"(\S+) grade (\S+) is marked (\S+) in some works and (\S+) in others", d)):
        code, grade, first, second = m.groups()
        return (f"chức danh mã số {code} bậc {grade} được ghi cho {first} ở một số công việc "
                f"và cho {second} ở các công việc khác, nên loại phòng thí nghiệm được xếp "
                "chức danh cao hơn không thống nhất giữa các công việc; dự toán tính từng "
                "công việc theo đúng loại phòng thí nghiệm nguồn ghi")
    if kind == "truncated_appendix" and (m := re.match(r"the source stops at line (\d+)", d)):
        return (f"văn bản nguồn dừng ở dòng {m.group(1)}, định mức của phụ lục không đầy đủ; "
                "dự toán chỉ tính phần nguồn có, phần thiếu được ghi là không có định mức "
                "trong nguồn")
    if kind == "note_instead_of_number" and (m := re.fullmatch(r"'(.*?)': '(.*)'", d)):
        return f"nguồn ghi '{m.group(2)}' thay cho số lượng của {m.group(1)}; {_NOT_COSTED}"
    if kind == "missing_value" and (m := re.fullmatch(r"'(.*)' has no use/consumption", d)):
        return (f"nguồn không ghi số lượng sử dụng và tiêu hao của {m.group(1)}; "
                f"{_NOT_COSTED}")
    if kind == "missing_value" and (m := re.fullmatch(
            r"work (\S+) is listed without any labour line or công", d)):
        return (f"công việc {m.group(1)} có trong danh mục nhưng nguồn không ghi nhân công và "
                f"số công; {_NOT_COSTED}")
    if kind == "implausible_value" and (m := re.match(
            r"'(.*?)': (\d+) shifts in a year exceeds .*= (\d+)", d)):
        item, shifts, most = m.groups()
        return (f"{item}: {format_number(int(shifts))} ca/năm, vượt quá 3 ca × 365 ngày = "
                f"{format_number(int(most))} ca của một thiết bị (có thể là nhiều thiết bị); "
                "dự toán tính đúng số ca nguồn ghi")
    if kind == "zero_subtotal" and (m := re.match(r"work (\S+): step '(.*?)' is written as 0",
                                                  d)):
        return (f"công việc {m.group(1)}: bước '{m.group(2)}' ghi 0 công nhưng các bước con có "
                "số công; đây là đề mục, dự toán cộng số công của các bước con")
    if kind == "joint_work" and (m := re.fullmatch(
            r"works (\S+) and (\S+) are given one joint block", d)):
        return (f"công việc {m.group(1)} và {m.group(2)} được ghi chung một khối; khối này "
                "tính theo số lần thực hiện chung của các công việc đó")
    if kind == "work_number_mismatch" and (m := re.match(
            r"heading says work (\S+) .*so its rows count as work (\S+)", d)):
        said, counted = m.groups()
        return (f"đề mục ghi công việc {said} nhưng số này đã dùng cho đề mục khác, còn tiêu "
                f"đề trùng với công việc {counted}; dự toán tính các dòng này cho công việc "
                f"{counted}")
    if kind == "grade_without_scale" and (m := re.match(
            r"'(.*)' gives grade (\d+) without its scale", d)):
        written, grade = m.groups()
        return (f"'{written}' ghi bậc {grade} mà không ghi tổng số bậc (k/n); dự toán lấy bậc "
                f"{grade} trên thang lương của chức danh")
    if kind == "malformed_grade" and (m := re.fullmatch(r"'(.*)' read as (\S+)", d)):
        return f"'{m.group(1)}' được đọc là bậc {m.group(2)}"
    return d


def chinese(note: Irregularity) -> str:
    """The irregularity for a Chinese workbook: the frame in Chinese, the detail in the
    circular's language (the extractor words it for the Vietnamese text)."""
    from ..i18n import speaking

    with speaking("zh"):
        return _("appendix {appendix}, source line {line}: {detail}", appendix=note.appendix,
                 line=note.line, detail=_detail_vi(note))


def note(irregularity: Irregularity) -> Text:
    """The irregularity as a note in each language (the workbook's Inputs sheet)."""
    return Text(english(irregularity), vietnamese(irregularity), chinese(irregularity))
