"""The shipped data package and the query API, checked against what the circular says."""

from __future__ import annotations

import contextlib
import inspect
import math
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from hypothesis import given
from hypothesis import strategies as st

import normbook
from normbook import errors
from normbook.errors import (
    AmbiguousItem,
    BadArgument,
    LabClassRequired,
    NormError,
    NotInSource,
    UnknownAppendix,
    UnknownComponent,
    UnknownItem,
    UnknownVariant,
    UnknownWork,
)

NORMS = Path(__file__).parents[1] / "norms"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV",
         "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI")
TABLES = ("labour", "labour_steps", "equipment", "materials", "works", "irregularities")


# ---- the data package as a whole ---------------------------------------------------------------

def test_datapackage_is_valid_frictionless() -> None:
    report = frictionless.validate(str(NORMS / "datapackage.json"))
    if not report.valid:
        print(report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"]))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:20]
    assert len(report.tasks) == 8  # every table was checked


def test_appendices_are_I_to_XXXI_in_order() -> None:
    apps = normbook.appendices()
    assert tuple(a.id for a in apps) == ROMAN
    assert [a.number for a in apps] == list(range(1, 32))
    lines = [a.line for a in apps]
    assert lines == sorted(lines) and len(set(lines)) == 31


def _spans() -> dict[str, tuple[int, float]]:
    """Appendix id -> (its title line, the next appendix's title line or infinity)."""
    apps = normbook.appendices()
    return {a.id: (a.line, apps[i + 1].line if i + 1 < len(apps) else math.inf)
            for i, a in enumerate(apps)}


@pytest.mark.parametrize("appendix", ROMAN)
def test_every_row_cites_lines_inside_its_appendix(appendix: str) -> None:
    low, high = _spans()[appendix]
    total = 0
    for name in TABLES:
        rows = normbook.table(appendix, name)
        assert isinstance(rows, list)
        for row in rows:
            lines = row["lines"] if "lines" in row else (row["line"],)
            assert lines, (appendix, name, row)
            assert all(isinstance(n, int) and low <= n < high for n in lines), (
                f"{appendix} {name}: lines {lines} outside {low}..{high}: {row}")
        total += len(rows)
    assert total > 0
    assert normbook.table(appendix, "works"), appendix


def test_table_returns_fresh_rows() -> None:
    rows = normbook.table("VI", "labour")
    rows[0]["cong"] = -1
    rows.clear()
    assert normbook.table("VI", "labour")[0]["cong"] > 0
    assert normbook.norm("VI", "labour_direct") == 280


def test_table_frame_matches_table() -> None:
    frame = normbook.table_frame("I", "equipment")
    assert list(frame["name"]) == [r["name"] for r in normbook.table("I", "equipment")]


# ---- labour numbers as the circular gives them -------------------------------------------------

def test_labour_numbers_from_the_text() -> None:
    assert normbook.norm("VI", "labour_direct") == 280
    assert normbook.norm("VI", "labour") == 308
    assert normbook.norm("VI", "labour_indirect") == 28
    assert normbook.norm("I", "labour_direct") == 208.5
    assert normbook.norm_decimal("I", "labour_direct") == Decimal("208.5")
    assert isinstance(normbook.norm("VI"), float)


@pytest.mark.parametrize("alias", ["vi", " VI ", 6, 6.0, "6", "Phụ lục VI"])
def test_appendix_aliases(alias) -> None:
    assert normbook.norm(alias, "labour_direct") == 280
    assert normbook.norm(alias) == normbook.norm("VI") == 308
    assert normbook.norm_decimal(alias) == Decimal(308)


def _defined_labour(appendix: str) -> list[tuple[str | None, Decimal]]:
    """(variant, direct labour) for each way the appendix's total is defined."""
    out = []
    for variant in normbook.lab_classes(appendix) or (None,):
        with contextlib.suppress(NormError):  # XVIII and XIX give no complete total
            out.append((variant, normbook.norm_decimal(appendix, "labour_direct",
                                                       variant=variant)))
    return out


def test_indirect_labour_is_exactly_ten_percent() -> None:
    checked = 0
    for appendix in ROMAN:
        for variant, direct in _defined_labour(appendix):
            indirect = normbook.norm_decimal(appendix, "labour_indirect", variant=variant)
            assert indirect == direct / 10, appendix
            assert normbook.norm_decimal(appendix, "labour", variant=variant) == direct + indirect
            checked += 1
    assert checked >= 28  # all but XVIII and XIX, and XXV twice


def test_direct_labour_is_the_sum_of_labour_rows_not_steps() -> None:
    rows = normbook.table("I", "labour")
    steps = normbook.table("I", "labour_steps")
    row_sum = sum(r["cong"] for r in rows)
    step_sum = sum(s["cong"] for s in steps if s["cong"] is not None)
    assert row_sum == 208.5
    assert step_sum == 52
    assert normbook.norm("I", "labour_direct") == row_sum
    assert normbook.norm("I", "labour_direct") != row_sum + step_sum
    assert normbook.norm("I", "labour_direct", work=5) == 52
    assert {s["work"] for s in steps} == {"5"}
    assert all(s["total"] == 52 for s in steps)


@pytest.mark.parametrize("appendix", ROMAN)
def test_direct_labour_matches_rows_everywhere(appendix: str) -> None:
    for variant, direct in _defined_labour(appendix):
        rows = [r for r in normbook.table(appendix, "labour")
                if r["lab_class"] in ("", variant or "")]
        assert float(direct) == pytest.approx(sum(r["cong"] for r in rows)), appendix


def _leaf_sum(steps: list[dict]) -> Decimal:
    """Sum of the steps that carry công themselves: a '-' step with '+' sub-steps is a heading."""
    total = Decimal(0)
    for i, s in enumerate(steps):
        heading = s["level"] == 1 and i + 1 < len(steps) and steps[i + 1]["level"] == 2
        if s["cong"] is not None and not heading:
            total += Decimal(str(s["cong"]))
    return total


@given(st.sampled_from(ROMAN))
def test_breakdown_steps_add_up_to_their_total(appendix: str) -> None:
    if not _defined_labour(appendix):
        return  # no defined direct labour total (XVIII, XIX)
    by_work: dict[str, list[dict]] = defaultdict(list)
    for s in normbook.table(appendix, "labour_steps"):
        by_work[s["work"]].append(s)
    labour = normbook.table(appendix, "labour")
    for work, steps in by_work.items():
        total = steps[0]["total"]
        assert all(s["total"] == total for s in steps)
        assert [s["seq"] for s in steps] == list(range(1, len(steps) + 1))
        assert _leaf_sum(steps) == Decimal(str(total)), (appendix, work)
        # the total is a labour line of that work, and the steps are not labour lines
        assert total in [r["cong"] for r in labour if r["work"] == work], (appendix, work)


def test_breakdown_step_sums_for_appendix_I_work_5() -> None:
    steps = normbook.table("I", "labour_steps")
    assert [(s["level"], s["label"]) for s in steps][:2] == [
        (1, "Hiệu chuẩn chuẩn"), (2, "Kiểm tra bên ngoài")]
    assert _leaf_sum(steps) == 52


# ---- lab-class alternatives (XXV) ------------------------------------------------------------

def test_lab_class_required() -> None:
    assert normbook.lab_classes("XXV") == ("PTN1", "PTN2")
    assert normbook.lab_classes("VI") == ()
    with pytest.raises(LabClassRequired) as info:
        normbook.norm("XXV", "labour")
    assert info.value.choices == ("PTN1", "PTN2")
    assert "PTN1" in str(info.value) and "PTN2" in str(info.value)
    with pytest.raises(LabClassRequired):
        normbook.norm("XXV", "labour_direct", work=1)


@pytest.mark.parametrize("variant", ["PTN1", 1, "ptn1", 1.0, " PTN1 "])
def test_lab_class_spellings(variant) -> None:
    assert normbook.norm("XXV", "labour", variant=variant) == normbook.norm(
        "XXV", "labour", variant="PTN1")


def test_lab_classes_differ() -> None:
    ptn1 = normbook.norm_decimal("XXV", "labour_direct", variant="PTN1")
    ptn2 = normbook.norm_decimal("XXV", "labour_direct", variant="PTN2")
    assert ptn1 != ptn2
    # work 1: 150 (grade 6/9) for PTN1, 125 (grade 5/9) for PTN2; the rest agree
    assert ptn1 - ptn2 == 25
    assert normbook.norm("XXV", "labour_direct", work=1, variant=1) == 150 + 87.5
    assert normbook.norm("XXV", "labour_direct", work=1, variant=2) == 125 + 87.5
    # work 6 lists 201 công for either class, never both
    assert normbook.norm("XXV", "labour_direct", work=6, variant="PTN1") == 201
    assert normbook.norm("XXV", "labour_direct", work=6, variant="PTN2") == 201
    # a work without alternatives needs no variant
    assert normbook.norm("XXV", "labour_direct", work=2) == 50


def test_unknown_variant() -> None:
    with pytest.raises(UnknownVariant):
        normbook.norm("XXV", "labour", variant="PTN3")
    with pytest.raises(UnknownVariant, match="no lab-class alternatives"):
        normbook.norm("VI", "labour", variant="PTN1")


# ---- irregularities of the source ----------------------------------------------------------------

def _irregular(appendix: str, kind: str) -> list[dict]:
    return [i for i in normbook.table(appendix, "irregularities") if i["kind"] == kind]


def test_XIX_is_truncated() -> None:
    (cut,) = _irregular("XIX", "truncated_appendix")
    assert cut["section"] == "appendix"
    assert normbook.table("XIX", "equipment") == []
    assert normbook.table("XIX", "materials") == []
    with pytest.raises(NotInSource, match="no equipment"):
        normbook.norm("XIX", "equipment", item="Máy tính để bàn")
    with pytest.raises(NotInSource):
        normbook.norm("XIX", "material", item="Điện năng")
    with pytest.raises(NotInSource):
        normbook.norm("XIX", "labour")


def test_note_instead_of_number_is_not_in_source_and_never_zero() -> None:
    note = "Sử dụng khi thực hiện phép đo quan trọng"
    (row,) = [r for r in normbook.table("VI", "equipment") if r["name"] == "Thiết bị lưu điện"]
    assert row["shifts"] is None
    assert row["note"] == note
    (irregular,) = _irregular("VI", "note_instead_of_number")
    assert irregular["line"] in row["lines"]
    for kwargs in ({}, {"work": 2}):
        with pytest.raises(NotInSource) as info:
            normbook.norm("VI", "equipment", item="Thiết bị lưu điện", **kwargs)
        assert note in str(info.value)
        assert info.value.lines == row["lines"]
    with pytest.raises(NotInSource):
        normbook.norm_decimal("VI", "equipment", item="thiet bi luu dien")


def test_VI_serial_mismatch() -> None:
    (mismatch,) = _irregular("VI", "serial_mismatch")
    assert "58748" in mismatch["detail"] and "58784" in mismatch["detail"]
    assert mismatch["line"] == normbook.appendices()[5].line
    assert "58748" in normbook.appendices()[5].standard
    assert "58784" in normbook.appendices()[5].article1_name


def test_joint_work_block_XVII() -> None:
    with pytest.raises(NotInSource, match=r"'2\+3'"):
        normbook.norm("XVII", "equipment", item="Máy tính để bàn", work=2)
    with pytest.raises(NotInSource, match=r"'2\+3'"):
        normbook.norm("XVII", "equipment", item="Máy tính để bàn", work=3)
    assert normbook.norm("XVII", "equipment", item="Máy tính để bàn", work="2+3") == 1
    assert normbook.norm("XVII", "equipment", item="Máy tính để bàn", work="2 và 3") == 1
    (joint,) = _irregular("XVII", "joint_work")
    assert joint["section"] == "equipment"


def test_unknown_work() -> None:
    with pytest.raises(UnknownWork):
        normbook.norm("I", "labour", work=9)
    with pytest.raises(BadArgument):
        normbook.norm("I", "labour", work=[1])


# ---- items -----------------------------------------------------------------------------------

def test_dot_thousands_in_the_data() -> None:
    expected = 50000 + 10000 + 5000 + 10000
    assert normbook.norm("XXV", "material", item="Điện năng") == expected
    assert normbook.norm("XXV", "material", item="dien nang") == expected
    assert normbook.norm("XXV", "material_use", item="Điện năng (nhiên liệu)") == expected
    assert normbook.norm("XXV", "material", item="Điện năng", work=4) == 5000


def test_item_matching() -> None:
    exact = normbook.norm("I", "equipment", item="Điều hòa nhiệt độ")
    assert exact == 1095
    assert normbook.norm("I", "equipment", item="ĐIỀU HÒA NHIỆT ĐỘ") == exact
    assert normbook.norm("I", "equipment", item="dieu hoa nhiet do") == exact
    assert normbook.norm("I", "equipment", item="Điều hòa") == exact  # unique prefix
    # an exact name wins over the longer name it is a prefix of
    assert normbook.norm("XVII", "equipment", item="Máy tính để bàn") == 2  # works 2+3 and 5
    assert normbook.norm("XVII", "equipment", item="Máy tính để bàn bàn") == 1095


def test_ambiguous_item_lists_candidates() -> None:
    with pytest.raises(AmbiguousItem) as info:
        normbook.norm("I", "equipment", item="máy")
    assert set(info.value.candidates) == {
        "Máy hút ẩm", "Máy tính để bàn", "Máy in Laser", "Máy tính xách tay"}
    assert "Máy tính xách tay" in str(info.value)


def test_unknown_item_lists_items() -> None:
    with pytest.raises(UnknownItem) as info:
        normbook.norm("I", "equipment", item="Kính hiển vi")
    assert info.value.known == normbook.items("I", "equipment")
    assert "Điều hòa nhiệt độ" in str(info.value)
    with pytest.raises(BadArgument):
        normbook.norm("I", "equipment")


def test_items_in_source_order() -> None:
    assert normbook.items("I", "equipment")[:3] == ("Điều hòa nhiệt độ", "Máy hút ẩm", "Ổn áp")
    assert normbook.items("XXV", "material")[0] == "Thiết bị chiếu sáng"


# ---- XXXI, the procedure appendix ----------------------------------------------------------------

def test_XXXI_procedure() -> None:
    appendix = normbook.appendices()[-1]
    assert (appendix.id, appendix.kind) == ("XXXI", "procedure")
    works = normbook.table("XXXI", "works")
    labour_works = [w["work"] for w in works if w["section"] == "labour"]
    assert labour_works == [str(n) for n in range(1, 12)]
    assert {w["basis"] for w in works} == {"per_procedure"}
    materials = normbook.table("XXXI", "materials")
    assert materials and {r["work"] for r in materials} == {""}
    equipment_works = {r["work"] for r in normbook.table("XXXI", "equipment")}
    assert equipment_works == {str(n) for n in range(1, 12)}
    assert normbook.norm("XXXI", "labour_direct") == 69


# ---- sources ---------------------------------------------------------------------------------

def test_source_of_a_norm() -> None:
    src = normbook.source("I", "labour", work=5)
    assert src.appendix == "I"
    assert src.lines == (444, 446, 448)
    assert "Phụ lục I," in str(src) and "444" in str(src) and "04/2022/TT-BKHCN" in str(src)


def test_source_lines_hold_the_number(seed_lines: list[str]) -> None:
    assert seed_lines[448 - 1].strip() == "52"
    src = normbook.source("XXV", "material", item="Điện năng", work=1)
    assert "50.000" in [seed_lines[n - 1].strip() for n in src.lines]


# ---- errors ----------------------------------------------------------------------------------

def test_unknown_appendix_message() -> None:
    with pytest.raises(UnknownAppendix) as info:
        normbook.norm("XL")
    assert "I..XXXI" in str(info.value)
    assert "'XL'" in str(info.value)
    for bad in (0, 32, 1.5, "", None, "XXXII"):
        with pytest.raises(UnknownAppendix):
            normbook.norm_decimal(bad)


def test_unknown_component() -> None:
    with pytest.raises(UnknownComponent):
        normbook.norm("VI", "bananas")
    with pytest.raises(UnknownComponent):
        normbook.table("VI", "bananas")


def test_every_error_class_is_a_lookup_or_value_error() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, NormError) and c is not NormError]
    assert len(classes) >= 11
    for cls in classes:
        assert issubclass(cls, (LookupError, ValueError)), cls
        assert cls.excel_code in ("#N/A", "#VALUE!"), cls


@pytest.mark.parametrize(
    "call",
    [
        lambda: normbook.norm("XL"),
        lambda: normbook.norm("VI", "bananas"),
        lambda: normbook.norm("I", "equipment", item="máy"),
        lambda: normbook.norm("I", "equipment", item="Kính hiển vi"),
        lambda: normbook.norm("I", "labour", work=9),
        lambda: normbook.norm("XXV"),
        lambda: normbook.norm("XXV", variant="PTN3"),
        lambda: normbook.norm("XIX", "equipment", item="x"),
        lambda: normbook.norm("I", "equipment"),
    ],
)
def test_raised_errors_are_norm_errors(call) -> None:
    with pytest.raises(NormError) as info:
        call()
    assert isinstance(info.value, (LookupError, ValueError))
    assert str(info.value)


def test_bool_appendix_is_rejected_even_after_a_cached_query() -> None:
    # True == 1 and hash(True) == hash(1): an untyped cache would answer norm(True) with
    # Appendix I's labour once norm(1) had been asked.
    assert normbook.norm(1) == normbook.norm("I")
    with pytest.raises(UnknownAppendix):
        normbook.norm(True)
    assert normbook.norm("XXV", variant=1) == normbook.norm("XXV", variant="PTN1")
    with pytest.raises(UnknownVariant):
        normbook.norm("XXV", variant=True)


_HUGE = 10**400  # larger than any float


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("½",), {}),
        (("٣",), {}),
        ((float("nan"),), {}),
        ((float("inf"),), {}),
        ((b"VI",), {}),
        (([6],), {}),
        (("I",), {"work": float("nan")}),
        (("I",), {"work": "½"}),
        (("XXV",), {"variant": float("nan")}),
        (("I", "equipment"), {"item": 5}),
        (("²",), {}),
        ((_HUGE,), {}),
        (("I",), {"work": _HUGE}),
        (("XXV",), {"variant": _HUGE}),
    ],
    ids=["half", "arabic-indic-3", "nan", "inf", "bytes", "list", "work-nan", "work-half",
         "variant-nan", "item-int", "superscript-2", "huge-appendix", "huge-work", "huge-variant"],
)
def test_odd_arguments_raise_norm_errors_only(args: tuple, kwargs: dict) -> None:
    with pytest.raises(NormError):
        normbook.norm(*args, **kwargs)
