"""The reviewer's flags (normbook.review) that touch a costed line of an estimate, each with
the amount at stake, as notes: English for the workbook, Vietnamese for the justification.

A flag never changes an amount: the estimate keeps the circular's figures; the note says what
a reviewer would question and how much of the estimate it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..i18n import Domain, Text
from ..vn_words import format_number

_ = Domain(__name__)


@dataclass(frozen=True)
class FlagNote:
    """One flag on costed lines of one appendix, with its amounts at stake (VND, unrounded)."""

    flag: Any  # normbook.review.Flag
    amounts: tuple[Decimal, ...]  # the touched lines' amounts (priced lines only)

    @property
    def at_stake(self) -> Decimal:
        return sum(self.amounts, Decimal(0))


def flag_notes(part: Any) -> tuple[FlagNote, ...]:
    """The flags of ``part``'s appendix whose lines are among its costed lines."""
    from ..review import review

    costed = [*part.labour, *part.equipment, *part.materials]
    found = []
    for flag in review():
        if flag.appendix != part.appendix:
            continue
        lines = set(flag.lines)
        touched = [x for x in costed if set(x.lines) <= lines]  # its own lines, not a heading
        if touched:
            found.append(FlagNote(flag, tuple(x.amount for x in touched
                                              if x.amount is not None)))
    return tuple(found)


def _vnd(amount: Decimal) -> str:
    return f"{int(amount.quantize(Decimal(1))):,}"


def english(note: FlagNote) -> str:
    f = note.flag
    if f.check == "alternatives" and len(note.amounts) == 2:
        stake = (f"if they were alternatives, labour would be lower by one of the two lines: "
                 f"{_vnd(min(note.amounts))} or {_vnd(max(note.amounts))} VND")
    elif note.amounts:
        stake = f"{_vnd(note.at_stake)} VND of this estimate rests on it"
    else:
        stake = "the lines it touches have no price yet"
    return (f"reviewer flag, {f.appendix} ({f.severity}; circular line {f.lines[0]}): "
            f"{f.detail}; {stake}. The amounts keep the circular's figures.")


_VI = {
    "units": "đơn vị tính của {items} không phù hợp với cách tính (ca máy) hoặc không thống nhất "
             "giữa các công việc",
    "full_year": "{items} ở công việc {works}, tính cho 01 lần đánh giá, có số ca bằng số ca cả "
                 "năm (như công việc tính theo năm)",
    "slipped_digit": "số lượng {items} ở công việc {works} chênh 10 hoặc 100 lần so với các "
                     "công việc hoặc phụ lục cùng cấu trúc (có thể do nhầm dấu phẩy hoặc chữ số)",
    "alternatives": "công việc {works} có một dòng {items} với cùng số công, giống các phương án "
                    "thay thế (PTN loại 1/2, Hoặc) ở phụ lục khác nhưng không ghi rõ",
    "split_name": "tên {items} chỉ khác nhau về dấu câu, khoảng trắng hoặc từ lặp, có thể là một "
                  "khoản mục được tính thành hai",
}


def vietnamese(note: FlagNote) -> str:
    f = note.flag
    what = _VI.get(f.check, f.detail).format(
        items=" và ".join(f.items), works=", ".join(f.works))
    if f.check == "alternatives" and len(note.amounts) == 2:
        stake = (f"nếu là phương án thay thế, chi phí nhân công thấp hơn "
                 f"{format_number(min(note.amounts).quantize(Decimal(1)))} hoặc "
                 f"{format_number(max(note.amounts).quantize(Decimal(1)))} đồng")
    elif note.amounts:
        stake = (f"số tiền liên quan trong dự toán: "
                 f"{format_number(note.at_stake.quantize(Decimal(1)))} đồng")
    else:
        stake = "các dòng liên quan chưa có giá"
    return (f"Lưu ý khi thẩm định, Phụ lục {f.appendix} (dòng {f.lines[0]} của Thông tư): "
            f"{what}; {stake}. Dự toán giữ nguyên định mức như Thông tư.")


def chinese(note: FlagNote) -> str:
    """The flag for a Chinese workbook: the frame in Chinese, what is questioned in the
    circular's language (the flags' details are written for the Vietnamese text)."""
    f = note.flag
    what = _VI.get(f.check, f.detail).format(items=" và ".join(f.items),
                                             works=", ".join(f.works))
    from ..i18n import speaking

    with speaking("zh"):
        return _("reviewer flag, appendix {appendix} (circular line {line}): {what}; "
                 "{amount:n} VND of this estimate rests on it. The amounts keep the circular's "
                 "figures.", appendix=f.appendix, line=f.lines[0], what=what,
                 amount=int(note.at_stake.quantize(Decimal(1))))


def note(flag: FlagNote) -> Text:
    """The flag as a note in each language (the workbook's Inputs sheet)."""
    return Text(english(flag), vietnamese(flag), chinese(flag))
