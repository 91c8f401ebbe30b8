"""The thuyết minh dự toán (budget justification) in Word: a pure context, then docxtpl.

:func:`justification_context` turns an :class:`~normbook.estimate.model.Estimate` into plain
dicts and lists of already formatted Vietnamese text (2.070.000; 7,5); :func:`write_justification`
fills ``templates/thuyet_minh.docx`` with it. Every amount shown is the estimate's exact value
rounded half up to the đồng (:func:`normbook.wages.vnd`), totals included, so the document's
totals equal the workbook's. A line without a price says "chưa có giá", an item the source gives
without a quantity "không có định mức", and every total they leave short carries a "*" and says
what it leaves out: nothing is silently costed as 0.

Rendering is safe whatever the input: autoescape (an "&" or "<" in the institute's name stays
text, docxtpl #557), ``StrictUndefined`` (a variable the context lacks is an error, not a blank,
#79), a sandboxed Jinja environment (#632), and characters XML cannot hold removed. The shared
renderer of the exam forms (``normbook.forms.render.FormTemplate``) checks templates against the
form's own fields, so it does not fit; this module does the same in a few lines with docxtpl's
own ``render``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import BadArgument, NormError
from ..i18n import rendered
from ..vn_words import amount_in_words, format_number
from ..wages import vnd
from .files import save_atomic
from .model import (
    NO_QUANTITY,
    AppendixEstimate,
    CostLine,
    Estimate,
    LabourCost,
    NotInSourceLine,
    Subtotal,
)

TEMPLATE = "thuyet_minh.docx"

CIRCULAR = "Thông tư số 04/2022/TT-BKHCN"
CIRCULAR_CITATION = (
    f"{CIRCULAR} ngày 31 tháng 5 năm 2022 của Bộ trưởng Bộ Khoa học và Công nghệ quy định "
    "định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công sử dụng ngân sách nhà nước về duy "
    "trì, bảo quản và sử dụng hệ thống chuẩn đo lường quốc gia; xây dựng quy trình kiểm định, "
    "hiệu chuẩn, thử nghiệm phương tiện đo, chuẩn đo lường")
COEFFICIENT_CITATION = (
    "Nghị định số 204/2004/NĐ-CP ngày 14 tháng 12 năm 2004 của Chính phủ về chế độ tiền lương "
    "đối với cán bộ, công chức, viên chức và lực lượng vũ trang (hệ số lương)")
COMPONENT_NAMES = {"labour": "nhân công", "equipment": "thiết bị", "material": "vật liệu"}
MISSING_PRICE = "chưa có giá"
NO_NORM = "không có định mức"
INCOMPLETE = "*"  # after an amount that leaves something out
BLANK = "……"  # a blank to fill by hand (place, day, month, year)

_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UPKEEP_PREFIX = re.compile(r"^duy trì, bảo quản và sử dụng\s+", re.IGNORECASE)


#: What the norms of each kind of appendix pay for, as the title says it; a procedure
#: appendix's words are its own name in Article 1 (XXXI: "xây dựng quy trình kiểm định, ...").
UPKEEP_PURPOSE = "duy trì chuẩn đo lường quốc gia"
#: Section II's heading by the kinds estimated: upkeep only, procedures only, or both.
CONTENT_HEADINGS = {("upkeep",): "NỘI DUNG DUY TRÌ", ("procedure",): "NỘI DUNG XÂY DỰNG QUY TRÌNH"}
MIXED_HEADING = "NỘI DUNG THỰC HIỆN"


class JustificationTemplateError(NormError, ValueError):
    """The justification template does not fit its context (a template bug: rebuild it)."""


def institute_name(institute: str) -> str:
    """The institute's name as the document writes it.

    Raises:
        BadArgument: the name is empty (or only spaces and control characters).
    """
    name = _text(institute)
    if not name:
        raise BadArgument("the institute's name is empty; give the name the document is "
                          "issued under (institute=... / --institute)")
    return name


# ---- the context ------------------------------------------------------------------------------

def justification_context(estimate: Estimate, *, institute: str, date: dt.date | None = None,
                          governing_body: str = "", place: str = "",
                          prices_source: str = "", comparison: Any = None,
                          previous: str = "") -> dict[str, Any]:
    """The template's variables: plain dicts, lists and strings, every number formatted.

    Args:
        estimate: what :func:`normbook.estimate.estimate` returned.
        institute: the institute's name, as it should read ("Viện Đo lường Việt Nam").
        date: the document's date; None leaves day, month and year blank to fill by hand.
        governing_body: the body above the institute ("Bộ Khoa học và Công nghệ"); optional.
        place: the place before the date ("Hà Nội"); blank to fill by hand when empty.
        prices_source: where the equipment and material prices come from (a file name, or
            the demo's example prices); stated among the assumptions when given.
        comparison: against last year's estimate (:func:`normbook.estimate.compare.compare`),
            from the file ``previous``: a section "So sánh với dự toán năm trước".

    Raises:
        BadArgument: the institute's name is empty.
    """
    name = institute_name(institute)
    standards = [_standard(n, a) for n, a in enumerate(estimate.appendices, 1)]
    parts = estimate.appendices
    totals = {
        "labour": _subtotal(_sum(a.labour_total for a in parts)),
        "equipment": _subtotal(_sum(a.equipment_total for a in parts)),
        "materials": _subtotal(_sum(a.materials_total for a in parts)),
        "total": _subtotal(estimate.total),
    }
    return {
        "governing_body": _text(governing_body).upper(),
        "institute_heading": name.upper(),
        "place_date": _place_date(_text(place), date),
        "year": str(estimate.year),
        "title": f"Kinh phí {_purpose(estimate)} năm {estimate.year}",
        "content_heading": _content_heading(estimate),
        "legal_bases": _legal_bases(estimate),
        "maintained_intro": (f"Năm {estimate.year}, {name} thực hiện các nội dung sau theo các "
                             f"phụ lục của {CIRCULAR}:"),
        "standards": standards,
        "indirect_percent": format_number(estimate.indirect_share * 100),
        "summary_no": str(len(standards) + 1),
        "totals": totals,
        "other_costs": _other_costs(estimate, len(standards) + 1),
        "grand_total": _money(estimate.total.amount),
        "grand_total_words": amount_in_words(vnd(estimate.total.amount)),
        "total_caveat": _caveat(estimate.total, len(estimate.missing_prices),
                                len(estimate.gaps_left_out), "Tổng kinh phí"),
        "assumptions": _assumptions(estimate, _text(rendered(prices_source, "vi"))),
        "missing_prices": _missing_prices(estimate),
        # what the total leaves out: the gaps of works that happen this year
        "not_in_source": [_gap_sentence(g, estimate.appendix(g.appendix))
                          for g in estimate.gaps_left_out],
        "comparison": _comparison(comparison, previous, estimate.year,
                                  str(len(standards) + 2)),
    }


#: The effects of a comparison as the justification names them.
_EFFECTS_VI = {
    "quantities": "do khối lượng công việc (phụ lục, loại phòng thí nghiệm, số lần thực hiện, "
                  "định mức)",
    "wages": "do chế độ tiền lương (mức lương cơ sở, số ngày làm việc, phụ cấp, các khoản "
             "đóng góp)",
    "prices": "do đơn giá thiết bị, vật liệu",
    "other_costs": "do các khoản chi phí ngoài định mức",
}


def _signed(amount: Decimal) -> str:
    """+1.234.567 or -1.234.567 (Vietnamese digit grouping), 0 unsigned."""
    whole = vnd(amount)
    return f"{'+' if whole > 0 else '-' if whole < 0 else ''}{_money(Decimal(abs(whole)))}"


def _comparison(comparison: Any, previous: str, year: int, number: str) -> dict | None:
    """The section comparing with last year's estimate, or None."""
    if comparison is None:
        return None
    old, new, diff = comparison.old_total, comparison.new_total, comparison.difference

    def share(x: Decimal) -> str:
        return f" ({format_number((x / old * 100).quantize(Decimal('0.01')))}%)" if old else ""

    direction = "tăng" if diff > 0 else "giảm" if diff < 0 else "không đổi"
    words = amount_in_words(abs(vnd(diff))) if vnd(diff) else ""
    words = words[:1].lower() + words[1:]  # mid-sentence: "tăng hai trăm …"
    lines = [f"Dự toán năm trước ({Path(previous).name or 'năm trước'}): {_money(old)} đồng; "
             f"dự toán năm {year}: {_money(new)} đồng; chênh lệch {_signed(diff)} đồng"
             f"{share(diff)}" + (f", {direction} {words}" if words else "") + ".",
             "Theo phương pháp thay thế liên hoàn, lần lượt khối lượng công việc, chế độ tiền "
             "lương, đơn giá, các khoản chi phí ngoài định mức (mỗi bước giữ các yếu tố sau ở "
             "mức năm trước; các mức ảnh hưởng cộng lại đúng bằng chênh lệch):"]
    lines += [f"{_EFFECTS_VI[e].capitalize()}: {_signed(v)} đồng{share(v)}."
              for e, v in comparison.effects.items()]
    if not comparison.complete:  # what each total leaves out, and what that makes uncertain
        from .. import i18n
        from .gaps import gap_sentences

        with i18n.speaking("vi"):
            lines += [s + "." for s in gap_sentences(
                comparison, Path(previous).name or "năm trước", f"dự toán năm {year}")]
    lines.append(f"Chi tiết theo từng phụ lục và các khoản thay đổi lớn nhất: trang "
                 f"{_comparison_sheet()} của bảng tính dự toán.")
    return {"no": number, "lines": lines}


def _comparison_sheet() -> str:
    """The Comparison sheet's name as the estimate workbook written beside this document
    names it (in the workbook's language, whatever the document's)."""
    from .. import i18n
    from .workbook import READERS
    from .workbook_comparison import sheet_name

    with i18n.speaking(i18n.document(READERS)):
        return sheet_name()


def _kinds(estimate: Estimate) -> tuple[str, ...]:
    """The kinds of the appendices estimated, upkeep first: ("upkeep", "procedure")."""
    kinds = {a.kind for a in estimate.appendices}
    return tuple(k for k in ("upkeep", "procedure") if k in kinds) + tuple(
        sorted(kinds - {"upkeep", "procedure"}))


def _purpose(estimate: Estimate) -> str:
    """What the money is for: "duy trì chuẩn đo lường quốc gia", "xây dựng quy trình ...",
    or both joined by "và"."""
    from ..dataset import dataset

    words = []
    for kind in _kinds(estimate):
        if kind == "upkeep":
            words.append(UPKEEP_PURPOSE)
        else:  # a procedure appendix says what it is for in its own name
            names = [_text(dataset().by_id[a.appendix].article1_name)
                     for a in estimate.appendices if a.kind == kind]
            words += list(dict.fromkeys(n[:1].lower() + n[1:] for n in names))
    return " và ".join(words)


def _content_heading(estimate: Estimate) -> str:
    return CONTENT_HEADINGS.get(_kinds(estimate), MIXED_HEADING)


def _text(value: Any) -> str:
    """A value as one line of text a .docx can hold: control characters removed, the source's
    line breaks inside a spec ("Tần số: ...\nPhạm vi đo: ...") written as "; "."""
    text = _UNWRITABLE.sub("", "" if value is None else str(value))
    text = re.sub(r"\s*[\r\n]+\s*", "; ", text.strip())
    return re.sub(r"\s+", " ", text)


def _money(amount: Decimal) -> str:
    return format_number(vnd(amount))


def _subtotal(total: Subtotal) -> str:
    return _money(total.amount) + ("" if total.complete else INCOMPLETE)


def _sum(totals: Iterable[Subtotal]) -> Subtotal:
    return sum(totals, Subtotal(Decimal(0)))


def _place_date(place: str, date: dt.date | None) -> str:
    """Decree 30's place and date line; a day below 10 and months 1 and 2 take a leading 0."""
    if date is None:
        return f"{place or BLANK}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place or BLANK}, ngày {date.day:02d} tháng {month} năm {date.year}"


def _legal_bases(estimate: Estimate) -> list[str]:
    bases = [CIRCULAR_CITATION, COEFFICIENT_CITATION, *estimate.base_salary.citations]
    return [f"Căn cứ {b}{'.' if i == len(bases) - 1 else ';'}" for i, b in enumerate(bases)]


def _subject(appendix: str) -> str:
    """What an appendix's norms are for, capitalised: "Chuẩn đo lường quốc gia Quả cân ..."."""
    from ..dataset import dataset

    text = _UPKEEP_PREFIX.sub("", _text(dataset().by_id[appendix].article1_name))
    return text[:1].upper() + text[1:]


def _short(subject: str) -> str:
    """The summary table's name: up to the first comma, colon or semicolon, "…" if cut.

    Section II and each standard's heading carry the full name; the summary stays a table.
    """
    head = re.split(r"[,:;]", subject, maxsplit=1)[0].strip()
    return head if head == subject else f"{head} …"


def _lab_class(variant: str) -> str:
    number = re.fullmatch(r"PTN\s*(\d+)", variant)
    return f"phòng thí nghiệm loại {number.group(1)} ({variant})" if number else variant


def _standard(no: int, a: AppendixEstimate) -> dict[str, Any]:
    from ..dataset import dataset

    full = _text(dataset().by_id[a.appendix].article1_name)
    lab = f"; áp dụng định mức cho {_lab_class(a.variant)}" if a.variant else ""
    subject = _subject(a.appendix)
    return {
        "no": str(no),
        "appendix": a.appendix,
        "subject": subject,
        "short_subject": _short(subject),
        "description": f"Phụ lục {a.appendix}: {full[:1].upper()}{full[1:]}{lab}.",
        "heading": f"Phụ lục {a.appendix} - {subject}"
                   + (f" ({_lab_class(a.variant)})" if a.variant else ""),
        "labour": _rows([*((x.lines, x) for x in a.labour), *_gaps(a, "labour")], a),
        "equipment": _rows([*((x.lines, x) for x in a.equipment), *_gaps(a, "equipment")], a),
        "materials": _rows([*((x.lines, x) for x in a.materials), *_gaps(a, "material")], a),
        "cong_direct": format_number(a.cong_direct),
        "cong_indirect": format_number(a.cong_indirect),
        "labour_direct": _subtotal(a.labour_direct),
        "labour_indirect": _subtotal(a.labour_indirect),
        "labour_total": _subtotal(a.labour_total),
        "equipment_total": _subtotal(a.equipment_total),
        "materials_total": _subtotal(a.materials_total),
        "total": _subtotal(a.total),
        "caveat": _caveat(a.total, len(a.missing_prices), len(a.gaps_left_out),
                          f"Tổng Phụ lục {a.appendix}"),
    }


def _gaps(a: AppendixEstimate, component: str):
    return ((g.lines, g) for g in a.not_in_source if g.component == component)


def _rows(entries: list, a: AppendixEstimate) -> list[dict[str, str]]:
    """Table rows in the source's order (priced lines and gaps mixed by source line)."""
    entries.sort(key=lambda e: min(e[0], default=0))
    return [{key: _text(value) for key, value in _row(str(n), line, a).items()}
            for n, (_, line) in enumerate(entries, 1)]


def _row(no: str, line: LabourCost | CostLine | NotInSourceLine,
         a: AppendixEstimate) -> dict[str, str]:
    if isinstance(line, NotInSourceLine):
        what = f"{line.item}{_spec(line.spec)}" if line.item else _gap_scope(line, a)
        if line.item or line.work or not line.count:  # not a truncated appendix's busiest work
            what += _times(line.count)  # a work not done: shown, it leaves nothing out
        return {"no": no, "work": _work(line.work), "unit": line.unit,
                "text": f"{what}: không có định mức trong nguồn ({_gap_note(line, a)})",
                "quantity": "—", "price": "—", "amount": NO_NORM}
    if isinstance(line, LabourCost):
        grade = line.rate.grade
        rank = f"{line.rank} {line.rank_code}" if line.rank_code else line.rank
        scale = "" if line.rank_code else f", bảng {grade.scale}"
        text = (f"{rank}, bậc {grade.label}{scale}, hệ số {format_number(grade.coefficient)}"
                f"{_times(line.count)}")
        return {"no": no, "work": _work(line.work), "text": text, "unit": "công",
                "quantity": format_number(line.cong_total), "price": _money(line.rate.value),
                "amount": _money(line.amount)}
    return {"no": no, "work": _work(line.work), "unit": line.unit,
            "text": f"{line.item}{_spec(line.spec)}{_times(line.count)}",
            "quantity": format_number(line.quantity_total),
            "price": MISSING_PRICE if line.price is None else _money(line.price),
            "amount": MISSING_PRICE if line.amount is None else _money(line.amount)}


def _spec(spec: str) -> str:
    return f" ({_text(spec)})" if spec else ""


def _work(work: str) -> str:
    return work or "chung"


def _work_name(work: str) -> str:
    if not work:
        return "toàn bộ quy trình"
    return f"công việc {work.replace('+', ' và ')}"


def _times(count: int) -> str:
    if count == 1:
        return ""
    return " (không thực hiện trong năm)" if count == 0 else f" (× {count} lần)"


def _gap_scope(gap: NotInSourceLine, a: AppendixEstimate) -> str:
    """What a gap without an item covers: a work, a whole section, or the rest of one."""
    if gap.work:
        return f"Công việc {gap.work}"
    lines = {"labour": a.labour, "equipment": a.equipment, "material": a.materials}
    return "Phần còn lại của mục" if lines[gap.component] else "Toàn bộ mục"


def _gap_note(gap: NotInSourceLine, a: AppendixEstimate) -> str:
    """The gap's reason in Vietnamese: the source's own note, or what the engine found."""
    if not gap.item and not gap.work:  # the appendix is cut off in the source
        line = f" ở dòng {gap.lines[0]}" if gap.lines else ""
        lines = {"labour": a.labour, "equipment": a.equipment, "material": a.materials}
        what = ("không có mục này" if not lines[gap.component]
                else "các công việc liệt kê có thể chưa đủ")
        return f"văn bản nguồn của phụ lục bị cắt{line}: {what}"
    if not gap.item:
        return "công việc có trong danh mục nhưng nguồn không ghi nhân công và số công"
    if gap.note == NO_QUANTITY:
        return "nguồn ghi tên nhưng không ghi số lượng"
    return rendered(gap.note, "vi")  # the source's words; a Text's str would be English


def _gap_sentence(gap: NotInSourceLine, a: AppendixEstimate) -> str:
    where = f"Phụ lục {gap.appendix}" + (f", {_work_name(gap.work)}" if gap.work else "")
    item = f" {gap.item}{_spec(gap.spec)}" if gap.item else ""
    return _text(f"{where} - {COMPONENT_NAMES[gap.component]}{item}: {_gap_note(gap, a)}.")


def _caveat(total: Subtotal, missing: int, gaps: int, what: str) -> str:
    """What an incomplete total leaves out ("" when it is complete)."""
    if total.complete:
        return ""
    parts = []
    if missing:
        parts.append(f"các khoản chưa có giá ({missing} khoản)")
    if gaps:
        parts.append(f"các khoản không có định mức trong nguồn ({gaps} khoản)")
    return (f"({INCOMPLETE}) {what} chưa đầy đủ: chưa bao gồm {' và '.join(parts)}; "
            "xem mục IV.")


def _missing_prices(estimate: Estimate) -> list[str]:
    seen = set()
    out = []
    for m in estimate.missing_prices:
        if (m.appendix, m.key) in seen:
            continue
        seen.add((m.appendix, m.key))
        out.append(_text(f"Phụ lục {m.appendix} - {COMPONENT_NAMES[m.component]} {m.item}"
                         f"{_spec(m.spec)}, đơn vị tính {m.unit or '?'}."))
    return out


# ---- assumptions ------------------------------------------------------------------------------

def _labour_rate_sentences(wages: Any, estimate: Estimate | None = None) -> list[str]:
    """The daily rate's formula in words, its parts with their figures and bases, and which
    employer contributions are included (the document's fixed language, Vietnamese)."""
    from ..wage_parts import CONTRIBUTIONS, allowance_basis

    days = format_number(wages.working_days_per_month)
    out = [f"Đơn giá ngày công = (tiền lương tháng + phụ cấp + các khoản đóng góp của đơn vị + "
           f"chi phí khác theo lương) ÷ {days} ngày làm việc/tháng; tiền lương tháng = hệ số "
           "lương theo bậc của từng chức danh (Nghị định số 204/2004/NĐ-CP) × mức lương cơ sở; "
           "phụ cấp = tiền lương tháng × tỷ lệ phụ cấp; các khoản đóng góp = (tiền lương tháng + "
           "phụ cấp tính đóng bảo hiểm xã hội) × tổng tỷ lệ đóng góp."]
    # the document states the basis; it does not instruct (the workbook's notes do)
    basis = wages.working_days_basis or (
        "giả định của đơn vị lập dự toán, chưa có văn bản quy định số ngày làm việc trong tháng "
        "cho các định mức này" if wages.working_days_per_month == 22 else
        "do đơn vị xác định, chưa có văn bản quy định số ngày làm việc trong tháng cho các định "
        "mức này")
    out.append(f"Số ngày làm việc {days} ngày/tháng: {basis}.")
    in_base = format_number(wages.allowances_in_base_percent)
    other = format_number(wages.allowances_other_percent)
    every = (wages.allowances_in_base_percent, wages.allowances_other_percent)
    own = {}  # the grades paid with allowances of their own (a rank's, or typed on Prices)
    for part in (estimate.appendices if estimate is not None else ()):
        for x in part.labour:
            rate = x.rate
            figures = (rate.allowances_in_base_percent, rate.allowances_other_percent)
            if figures != every:
                own.setdefault(f"{x.rank} bậc {x.grade}", figures)
    out.append(f"Phụ cấp tính đóng bảo hiểm xã hội {in_base}%, phụ cấp khác {other}% tiền lương "
               f"tháng ({allowance_basis().render('vi')})"
               + "".join(f"; riêng {who}: {format_number(a)}% và {format_number(b)}%"
                         for who, (a, b) in own.items()) + ".")
    included = [c for c in CONTRIBUTIONS if wages.contributions[c.key]]
    left = [c for c in CONTRIBUTIONS if not wages.contributions[c.key]]
    if included:
        out.append("Các khoản đóng góp của đơn vị được tính: " + "; ".join(
            f"{c.label.render('vi')} {format_number(wages.contributions[c.key])}% "
            f"({c.basis.render('vi')})" for c in included)
            + f"; tổng {format_number(wages.contributions_percent)}%.")
    if left:
        out.append("Không tính vào đơn giá ngày công: " + "; ".join(
            c.label.render("vi") for c in left) + ".")
    if wages.on_costs_percent:
        out.append(f"Chi phí khác theo lương: {format_number(wages.on_costs_percent)}% tiền "
                   "lương tháng.")
    return out


def _other_costs(estimate: Estimate, first: int) -> list[dict[str, str]]:
    """The cost lines beyond the norms, as rows of the summary table, with their bases."""
    rows = []
    for n, o in enumerate(estimate.other_costs, first):
        line = o.line
        if line.kind == "fixed":
            how = "khoản cố định"
        else:
            base = "chi phí trực tiếp" if line.kind == "direct_percent" else "chi phí nhân công"
            how = (f"{format_number(line.value * 100)}% {base} của phụ lục "
                   f"{', '.join(o.appendices)}: {_money(o.base or Decimal(0))} đồng")
        rows.append({"no": str(n), "name": _text(line.name), "how": _text(how),
                     "basis": _text(line.basis),
                     "amount": _money(o.amount) + ("" if o.base_complete else INCOMPLETE)})
    return rows


def _assumptions(estimate: Estimate, prices_source: str = "") -> list[str]:
    from ..wages import wage_data
    from .source_notes import vietnamese

    request, wages = estimate.request, estimate.wages
    out = [f"Phụ lục {a.appendix}: áp dụng định mức cho {_lab_class(a.variant)}."
           for a in estimate.appendices if a.variant]
    if prices_source:
        out.append(f"Nguồn đơn giá thiết bị và vật liệu: {prices_source}.")
    changed = [f"Phụ lục {a}, {_work_name(w)}: "
               + ("không thực hiện" if n == 0 else f"{n} lần")
               for (a, w), n in request.counts.items() if n != 1]
    out.append("Mỗi công việc được tính một lần như định mức quy định (công việc hằng năm tính "
               "cho cả năm, công việc theo lần đánh giá tính một lần, công việc theo quy trình "
               "tính một quy trình)" + (f"; riêng {'; '.join(changed)}" if changed else "") + ".")
    out += _base_salary_sentences(estimate)
    out += _data_sentences(estimate)
    out += _labour_rate_sentences(wages, estimate)
    out.append(f"Nhân công gián tiếp (quản lý, phục vụ) bằng "
               f"{format_number(estimate.indirect_share * 100)}% nhân công trực tiếp "
               f"(Điều 5 khoản 1 điểm a2 {CIRCULAR}).")
    if any(not x.rank_code for a in estimate.appendices for x in a.labour):
        scale = wages.general_scale
        rank = wage_data().grades[(scale, 1)].rank
        out.append(f"Lao động phổ thông được tính theo bảng lương {rank[:1].lower()}{rank[1:]} "
                   f"({scale}, Nghị định số 204/2004/NĐ-CP): đây là giả định, vì Thông tư không "
                   "quy định bảng lương của lao động phổ thông.")
    out.append(f"Chi phí vật liệu tính theo mức tiêu hao (Điều 5 khoản 1 điểm c {CIRCULAR}); "
               "số lượng sử dụng chỉ để tham khảo, không tính tiền.")
    depreciation = any(x.price_basis == "depreciation"
                       for a in estimate.appendices for x in a.equipment)
    out.append("Chi phí thiết bị = số ca sử dụng × đơn giá một ca"
               + ("; đơn giá ca của thiết bị tính theo khấu hao = nguyên giá × tỷ lệ khấu hao "
                  "năm ÷ số ca sử dụng trong năm" if depreciation else "") + ".")
    out.append("Số tiền được làm tròn đến đồng khi trình bày (từ 0,5 đồng làm tròn lên); các "
               "khoản cộng và tổng cộng được tính từ giá trị chưa làm tròn rồi mới làm tròn, "
               "nên có thể chênh lệch vài đồng so với tổng các số đã làm tròn.")
    out += [vietnamese(i) for a in estimate.appendices for i in a.source_notes]
    from .review_notes import flag_notes
    from .review_notes import vietnamese as flag_vietnamese

    out += list(dict.fromkeys(flag_vietnamese(n) for a in estimate.appendices
                              for n in flag_notes(a)))  # two checks, one item: said once
    if not estimate.complete:
        out.append(f"Dấu {INCOMPLETE} sau một số tiền: khoản cộng chưa đầy đủ, chưa bao gồm các "
                   "khoản chưa có giá hoặc không có định mức trong nguồn (liệt kê dưới đây).")
    return out


def _base_salary_sentences(estimate: Estimate) -> list[str]:
    salary = estimate.base_salary
    if salary.user_set:
        return [f"Mức lương cơ sở: {_money(salary.amount)} đồng/tháng, do đơn vị xác định."]
    terms = " + ".join(f"{p.months} × {_money(p.amount)}" for p in salary.periods)
    if len(salary.periods) > 1:
        terms = f"({terms})"
    out = [f"Mức lương cơ sở năm {salary.year} tính bình quân theo số tháng áp dụng từng mức: "
           f"{terms} ÷ 12 = {_money(salary.amount)} đồng/tháng."]
    beyond = salary.beyond  # the terminal's and the workbook's warning, said for a reader
    if beyond:
        act, checked = beyond.act, beyond.checked_through
        local = ", do đơn vị bổ sung" if act.added_locally else ""
        out.append(f"Dữ liệu về lương cơ sở kèm theo Normbook được kiểm tra đến ngày "
                   f"{_day(checked)}; mức lương cơ sở {_money(act.amount)} đồng/tháng theo "
                   f"Nghị định số {act.decree} (áp dụng từ ngày {_day(act.effective_from)}"
                   f"{local}) được giả định tiếp tục áp dụng đến hết năm {salary.year}. Nếu đã "
                   "có văn bản mới quy định mức lương cơ sở, cần bổ sung văn bản đó bằng lệnh "
                   "“normbook data add wages FILE.csv” và lập lại dự toán.")
    return out


def _day(day) -> str:
    """A date as the justification writes it: 07/12/2026."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _data_sentences(estimate: Estimate) -> list[str]:
    """Which data the figures come from: the shipped edition, and every act added locally."""
    from ..userdata.provenance import shipped, version

    out = [f"Dữ liệu sử dụng: Normbook {version()}; định mức (Thông tư 04/2022/TT-BKHCN) và "
           "dữ liệu tiền lương kèm theo Normbook (mã kiểm tra sha256 "
           f"{shipped('norms').sha256[:12]} và {shipped('wages').sha256[:12]})."]
    for p in estimate.base_salary.local_periods:
        o = p.origin
        try:
            added = dt.date.fromisoformat(o.added_at[:10])
        except ValueError:  # a record edited by hand: the date is left out, not guessed
            added = None
        when = f", ngày {added.day:02d}/{added.month:02d}/{added.year}" if added else ""
        out.append(f"Mức lương cơ sở {_money(p.amount)} đồng/tháng (Nghị định số {p.decree}) "
                   f"do người dùng bổ sung vào dữ liệu tại máy ({o.path}, người bổ sung: "
                   f"{o.added_by or 'không rõ'}{when}; sha256 {o.sha256[:12]}), không thuộc "
                   "dữ liệu kèm theo Normbook.")
    return out


# ---- rendering --------------------------------------------------------------------------------

def _environment():
    from jinja2 import StrictUndefined

    from ..template_limits import GuardedEnvironment

    # The forms' sandbox, with its limits of size and time (a template may be passed in).
    return GuardedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_justification(context: dict[str, Any], template: bytes | None = None) -> bytes:
    """Fill the template (the shipped one when None) with a context; the .docx as bytes.

    Raises:
        JustificationTemplateError: the template uses a variable the context lacks, or fails
            otherwise (a template bug: rebuild it with templates/build_justification.py).
    """
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from .._resources import templates_dir

    data = template if template is not None else \
        templates_dir().joinpath(TEMPLATE).read_bytes()
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.render(context, jinja_env=_environment())
    except TemplateError as exc:
        raise JustificationTemplateError(
            f"{TEMPLATE}: {exc}; the template and the context disagree: rebuild it with "
            "python templates/build_justification.py") from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_justification(estimate: Estimate, output: Path | str, *, institute: str,
                        force: bool = False, date: dt.date | None = None,
                        governing_body: str = "", place: str = "",
                        prices_source: str = "") -> Path:
    """Write the thuyết minh dự toán of an estimate to ``output`` (.docx), atomically.

    Args:
        estimate: what :func:`normbook.estimate.estimate` returned.
        output: the .docx file to write.
        institute: the institute's name (the heading and the text).
        force: replace an existing file.
        date, governing_body, place, prices_source: see :func:`justification_context`.

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
        BadArgument: the name is empty, or ``output`` does not end in .docx.
    """
    context = justification_context(estimate, institute=institute, date=date,
                                    governing_body=governing_body, place=place,
                                    prices_source=prices_source)

    def write(path: str) -> None:
        Path(path).write_bytes(render_justification(context))

    return save_atomic(write, output, suffix=".docx", force=force)
