"""Reviewer-grade checks: each on data made to trip it and data made not to, and on the
real circular (the flags a reviewer of the shipped norms would raise)."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from normbook.cli import main
from normbook.review import (
    SEVERITIES,
    Flag,
    alternatives,
    full_year,
    introduction,
    names,
    review,
    slipped,
    units,
)
from normbook.review.flags import CHANGES, MAY_CHANGE, WORDING


def item(appendix, work, name, quantity, unit="Ca", table="equipment", line=100):
    values = (Decimal(quantity) if quantity is not None else None,)
    if table == "materials":
        values = (values[0], values[0])
    return SimpleNamespace(table=table, appendix=appendix, work=str(work), name=name, unit=unit,
                           values=values, values_as_written=tuple(str(v) for v in values),
                           lines=(line,))


def work(appendix, number, basis, title="Công việc", section="equipment"):
    return SimpleNamespace(appendix=appendix, section=section, work=str(number), basis=basis,
                           title=title)


def data(equipment=(), materials=(), works=()):
    def group(rows):
        out = {}
        for r in rows:
            out.setdefault(r.appendix, []).append(r)
        return out
    return SimpleNamespace(equipment=group(equipment), materials=group(materials),
                           works=group(works), labour={})


# ---- check 1: units ------------------------------------------------------------------------

def test_units_trip_on_equipment_not_in_shifts_and_on_mixed_units():
    flags = units.check(data(
        equipment=[item("A", 1, "Máy tính", 132, unit="chiếc"), item("A", 2, "Máy tính", 5)],
        materials=[item("A", 1, "Điện năng", 10, unit="kW", table="materials"),
                   item("A", 2, "Điện năng", 10, unit="kWh", table="materials"),
                   item("A", 1, "Găng tay", 2, unit="Đôi", table="materials"),
                   item("A", 2, "Găng tay", 2, unit="đôi", table="materials")]))
    got = {(f.severity, f.items) for f in flags}
    assert (CHANGES, ("Máy tính",)) in got  # 'chiếc' costed as shifts
    assert (MAY_CHANGE, ("Điện năng",)) in got  # kW and kWh added together
    assert (WORDING, ("Găng tay",)) in got  # the same unit written two ways


def test_units_pass_shifts_and_one_unit():
    assert units.check(data(
        equipment=[item("A", 1, "Máy", 10), item("A", 2, "Máy", 20)],
        materials=[item("A", 1, "Giấy", 1, unit="gram", table="materials"),
                   item("A", 2, "Giấy", 3, unit="gram", table="materials")])) == []


# ---- check 2: full-year figures in per-evaluation works -------------------------------------

def test_full_year_trips_on_a_year_of_shifts_or_the_yearly_figure_per_evaluation():
    works = [work("A", 1, "per_year"), work("A", 5, "per_evaluation")]
    flags = full_year.check(data(equipment=[
        item("A", 1, "Tủ", 1095), item("A", 5, "Tủ", 1095),
        item("A", 1, "Máy", 400), item("A", 5, "Máy", 400)], works=works))
    assert sorted(f.items[0] for f in flags) == ["Máy", "Tủ"]
    assert all(f.works == ("5",) and f.severity == MAY_CHANGE for f in flags)


def test_full_year_passes_per_year_works_and_small_figures():
    works = [work("A", 1, "per_year"), work("A", 5, "per_evaluation")]
    assert full_year.check(data(equipment=[
        item("A", 1, "Tủ", 1095), item("A", 5, "Tủ", 30),
        item("A", 1, "Máy", 2), item("A", 5, "Máy", 2)], works=works)) == []


# ---- check 3: a slipped zero or comma --------------------------------------------------------

def test_slipped_digit_trips_against_an_agreeing_majority():
    works = [work(a, 6, "per_evaluation", "Đánh giá") for a in ("A", "B", "C", "D")]
    flags = slipped.check(data(equipment=[
        item("A", 6, "Máy in", "12.5"), item("B", 6, "Máy in", "12.5"),
        item("C", 6, "Máy in", "12.5"), item("D", 6, "Máy in", 125),
        item("E", 1, "Máy", 3), item("E", 2, "Máy", 3), item("E", 3, "Máy", 30)],
        works=works))
    assert sorted((f.appendix, f.works) for f in flags) == [("D", ("6",)), ("E", ("3",))]


def test_slipped_digit_passes_different_works_without_a_majority():
    assert slipped.check(data(materials=[
        item("A", 1, "Điện", 50000, unit="kW", table="materials"),
        item("A", 4, "Điện", 5000, unit="kW", table="materials"),
        item("B", 1, "Điện", 40, unit="kW", table="materials"),
        item("B", 2, "Điện", 400, unit="kW", table="materials"),
        item("B", 3, "Điện", 4000, unit="kW", table="materials")])) == []


# ---- check 4: unlabelled alternatives --------------------------------------------------------

def labour(appendix, work, rank_code, grade, cong, lab_class=""):
    rank = {"V.05.02.07": "Kỹ sư (hạng III)", "V.05.02.06": "Kỹ sư chính (hạng II)"}[rank_code]
    return SimpleNamespace(appendix=appendix, work=str(work), rank=rank, rank_code=rank_code,
                           grade=grade, cong=Decimal(cong), lab_class=lab_class, lines=(10,))


def with_labour(*lines):
    found = data()
    for line in lines:
        found.labour.setdefault(line.appendix, []).append(line)
    return found


def test_alternatives_trip_on_the_labelled_shape_without_a_label():
    flags = alternatives.check(with_labour(labour("A", 3, "V.05.02.07", "5/9", 5),
                                           labour("A", 3, "V.05.02.06", "1/8", 5)))
    assert [f.works for f in flags] == [("3",)]
    assert "would be 5 công lower" in flags[0].detail


def test_alternatives_pass_labelled_lines_and_unequal_cong():
    assert alternatives.check(with_labour(
        labour("A", 3, "V.05.02.07", "5/9", 5, "PTN2"), labour("A", 3, "V.05.02.06", "1/8", 5,
                                                               "PTN1"),
        labour("B", 3, "V.05.02.07", "5/9", 5), labour("B", 3, "V.05.02.06", "1/8", 6))) == []


# ---- check 5: the introduction against the tables ---------------------------------------------

def with_introduction(listed, titles):
    found = data(works=[SimpleNamespace(appendix="A", section="labour", work=str(n), title=t,
                                        basis="per_year", line=100 + n)
                        for n, t in enumerate(titles, 1)])
    found.introduction = {"A": [SimpleNamespace(appendix="A", seq=i, text=t, line=10 + i)
                                for i, t in enumerate(listed, 1)]}
    return found


def test_introduction_trips_on_a_listed_work_without_a_table_and_a_work_not_listed():
    flags = introduction.check(with_introduction(
        ["Kiểm soát điều kiện môi trường và các điều kiện kỹ thuật khác để duy trì chuẩn.",
         "Kiểm tra, duy trì hệ thống đảm bảo an toàn, phòng chống cháy nổ."],
        ["Kiểm soát điều kiện môi trường và các điều kiện kỹ thuật khác",
         "Các công tác kiểm tra, kiểm soát thường xuyên"]))
    assert sorted((f.section, f.lines) for f in flags) == [("appendix", (12,)),
                                                          ("labour", (102,))]


def test_introduction_passes_abbreviated_titles_of_listed_works():
    assert introduction.check(with_introduction(
        ["Liên kết chuẩn hoặc so sánh chuẩn quốc gia với chuẩn quốc tế để dẫn suất độ chính "
         "xác."], ["Liên kết chuẩn hoặc so sánh chuẩn quốc gia với chuẩn quốc tế hoặc..."])) == []


# ---- check 6: names that split one item ------------------------------------------------------

def test_split_names_trip_on_stray_punctuation_doubled_words_and_near_twins():
    flags = names.check(data(equipment=[
        item("A", 1, "Máy tính để bàn", 1), item("A", 2, "Máy tính để bàn bàn", 1)],
        materials=[item("B", 1, "Dung dịch chuẩn:", 1, unit="lọ", table="materials"),
                   item("B", 2, "Dung dịch chuẩn", 1, unit="lọ", table="materials")]))
    got = {(f.appendix, f.severity, f.items) for f in flags}
    assert ("A", MAY_CHANGE, ("Máy tính để bàn", "Máy tính để bàn bàn")) in got
    assert ("A", WORDING, ("Máy tính để bàn bàn",)) in got
    assert ("B", MAY_CHANGE, ("Dung dịch chuẩn", "Dung dịch chuẩn:")) in got
    assert ("B", WORDING, ("Dung dịch chuẩn:",)) in got


def test_split_names_pass_distinct_names():
    assert names.check(data(equipment=[item("A", 1, "Máy in", 1), item("A", 2, "Máy in màu", 1),
                                       item("A", 3, "Nhiệt kế (0 ~ 50) °C", 1)])) == []


# ---- the real circular ---------------------------------------------------------------------

def test_the_real_circular():
    flags = review()
    assert all(isinstance(f, Flag) and f.severity in SEVERITIES and f.lines for f in flags)
    keys = {(f.check, f.appendix, f.items) for f in flags}
    assert ("slipped_digit", "XXV", ("Máy in Laser",)) in keys  # 125 where sisters give 12.5
    assert ("split_name", "XVI", ("Máy tính để bàn", "Máy tính để bàn bàn")) in keys
    assert ("units", "XXII", ("Máy tính để bàn",)) in keys  # 'chiếc' costed as shifts
    assert ("full_year", "I", ("Tủ bảo quản mẫu",)) in keys  # 1095 shifts per evaluation
    assert {f.works for f in flags if f.check == "alternatives" and f.appendix == "XXVII"} == {
        ("3",), ("4",), ("5",)}  # XXV labels the same shape PTN1/PTN2
    assert {f.appendix for f in flags if f.check == "introduction" and f.section == "labour"
            and f.works == ("5",)} >= {"XXV", "XXX"}  # kiểm tra thường xuyên: not listed
    assert len(flags) <= 60  # a flood of false alarms is a defect too
    order = [SEVERITIES.index(f.severity) for f in flags]
    assert order == sorted(order)


def test_check_groups_flags_by_severity_and_gives_json(capsys):
    import json

    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Flags a reviewer would raise" in out
    assert out.index("changes an amount") < out.index("may change an amount") < \
        out.index("wording only")
    assert main(["check", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["flags"]) == len(review()) and report["irregularities"]
    assert set(report["flags"][0]) == {"check", "severity", "appendix", "section", "works",
                                       "items", "lines", "detail"}


def test_a_flag_needs_a_known_severity():
    with pytest.raises(ValueError):
        Flag("units", "serious", "I", "equipment", (), (), (1,), "x")


def test_norm_source_mentions_the_flags_on_its_lines():
    import normbook

    flagged = str(normbook.source("XXVII", "labour"))
    assert "3 reviewer flags: alternatives (may change an amount, line 13927)" in flagged
    assert str(normbook.source("VI", "equipment", item="Máy hút ẩm")) == (
        "Circular 04/2022/TT-BKHCN, Phụ lục VI, lines 3290, 3292, 3294, 3296")
    from normbook.udfs import norm_source

    assert re.search("reviewer flags?: split_name", norm_source("XVI", "equipment", None,
                                                           "Máy tính để bàn bàn", None))


def test_an_estimate_names_the_flags_on_its_costed_lines_with_the_amount_at_stake():
    from normbook.estimate import EstimateRequest, estimate
    from normbook.estimate.justification import justification_context
    from normbook.estimate.review_notes import flag_notes

    result = estimate(EstimateRequest(["XXVII", "VI"], 2026))
    xxvii, vi = result.appendix("XXVII"), result.appendix("VI")
    assert flag_notes(vi) == ()
    notes = flag_notes(xxvii)
    assert {n.flag.works for n in notes} == {("3",), ("4",), ("5",)}
    work4 = next(n for n in notes if n.flag.works == ("4",))
    lines = [x for x in xxvii.labour if x.work == "4"]
    assert sorted(work4.amounts) == sorted(x.amount for x in lines)  # the two lines, no more
    low = f"{int(min(work4.amounts).quantize(1)):,}"
    assert any(f"labour would be lower by one of the two lines: {low}" in n
               for n in result.notes)
    context = justification_context(result, institute="Viện Đo lường Việt Nam")
    said = " ".join(context["assumptions"])
    assert "Lưu ý khi thẩm định, Phụ lục XXVII (dòng 13947 của Thông tư)" in said
    assert "Dự toán giữ nguyên định mức như Thông tư." in said
    assert result.appendix("XXVII").total.amount == estimate(
        EstimateRequest(["XXVII"], 2026)).total.amount  # a flag changes no amount
