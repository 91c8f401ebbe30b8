"""Validation: ID numbers (GB 11643), phones, eligibility, and the guide's registration rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_forms_support import DATA, make_applicant, valid_id

from normbook.errors import NormError
from normbook.forms.applicant import Project, load_applicant
from normbook.forms.errors import FormInputError
from normbook.forms.validate import (
    employer_kind,
    id_check_character,
    id_number_problem,
    period_number,
    phone_problem,
    validate,
)

TODAY = dt.date(2024, 6, 1)
XRAY = Project("电离辐射", "医用诊断X射线辐射源", "",
               "JJG 744-2004 医用诊断X射线辐射源检定规程")


def problems(applicant, severity: str = "error") -> dict[str, str]:
    """field -> reason of the problems of one severity (the last one per field)."""
    verdict = validate(applicant, today=TODAY)
    return {p.field: p.reason for p in verdict.problems if p.severity == severity}


# ---- ID numbers --------------------------------------------------------------------------------

def test_check_character_of_the_standards_example() -> None:
    assert id_check_character("11010519491231002") == "X"  # GB 11643-1999's own example
    assert id_check_character("44052418800101001") == "4"


@pytest.mark.parametrize("value", [
    "11010519491231002X", "11010519491231002x", "440524188001010014",
    valid_id("33010619850312123"), valid_id("33100219920229008"),  # 29 Feb of a leap year
])
def test_valid_id_numbers(value: str) -> None:
    assert id_number_problem(value, TODAY) is None


@pytest.mark.parametrize(("value", "reason"), [
    ("11010519491231002", "has 17 characters"),
    ("11010519491231002X1", "has 19 characters"),
    ("110105194912310021", "check character is 1, but the first 17 digits give X"),
    (valid_id("33010619900231123")[:17] + "0", "birth date 19900231"),  # no 31 February
    (valid_id("33010619900231123"), "birth date 19900231 (characters 7-14) does not exist"),
    (valid_id("33010619930229123"), "birth date 19930229"),  # 1993 is no leap year
    (valid_id("33010620990101123"), "in the future"),
    ("1101051949123100ZX", "first 17 characters must be digits"),
    ("11010519491231002Y", "must be a digit or X"),
    (valid_id("99010619850312123"), "no province code"),
    ("３３０１０６１９８５０３１２１２３１", "must be digits"),  # full-width digits
    ("3.30106198503121E+17", "scientific notation"),
    ("3.301061985031212e+17", "Excel keeps only 15 digits"),
])
def test_invalid_id_numbers(value: str, reason: str) -> None:
    assert reason in (id_number_problem(value, TODAY) or "")


def test_lower_case_x_is_printed_upper_case() -> None:
    verdict = validate(make_applicant(id_number="11010519491231002x"), today=TODAY)
    assert verdict.ok and verdict.applicant.id_number == "11010519491231002X"


# ---- phones, postcode, vocabularies -----------------------------------------------------------

@pytest.mark.parametrize("value", ["13857112345", "138-5711-2345", "138 5711 2345",
                                   "+8613857112345", "0571-85382339", "057185382339",
                                   "(0571)85382339", "（0571）85382339", "010-62345678",
                                   "0571-85382339-8001", "0571-85382339转8001"])
def test_valid_phones(value: str) -> None:
    assert phone_problem(value) is None


@pytest.mark.parametrize("value", ["12345678901", "1385711234", "85382339", "0571-853",
                                   "010-12345678",
                                   "phone", "138571123456"])
def test_invalid_phones(value: str) -> None:
    assert "not a phone number" in phone_problem(value)


def test_landline_that_lost_its_zero_gets_a_hint() -> None:
    assert "leading 0 lost" in phone_problem("57185382339")


@pytest.mark.parametrize(("value", "kind"), [
    ("市级法定计量检定机构", "statutory-municipal"),
    ("省级法定计量检定机构", "statutory-provincial"),
    ("县级法定计量检定机构", "statutory-county"), ("statutory_municipal", "statutory-municipal"),
    ("Statutory Provincial", "statutory-provincial"), ("授权计量检定机构", "authorized"),
    ("依法授权的计量检定机构", "authorized"), ("市级授权计量检定机构", "authorized"),
    ("法定计量检定机构", None), ("企业", None), ("", None),
])
def test_employer_kinds(value: str, kind: str | None) -> None:
    assert employer_kind(value) == kind


def test_employer_without_a_level_is_told_to_give_one() -> None:
    assert "give its level" in problems(make_applicant(employer_type="法定计量检定机构"))[
        "employer_type"]


def test_other_employers_are_not_eligible() -> None:
    assert "三.2.1" in problems(make_applicant(employer_type="某某检测有限公司"))["employer_type"]


@pytest.mark.parametrize("level", ["中专", "高中", "大专", "本科", "硕士研究生", "博士"])
def test_education_at_or_above_secondary(level: str) -> None:
    assert "education" not in problems(make_applicant(education=level))


def test_education_below_secondary_is_rejected() -> None:
    assert "三.2.2" in problems(make_applicant(education="初中"))["education"]
    assert "unknown level" in problems(make_applicant(education="幼儿园"))["education"]


def test_postcode_is_six_digits() -> None:
    assert "six digits" in problems(make_applicant(postcode="31001"))["postcode"]
    assert "leading 0 lost" in problems(make_applicant(postcode="10000"))["postcode"]
    assert "postcode" not in problems(make_applicant(postcode="010000"))


# ---- required fields ---------------------------------------------------------------------------

def test_every_empty_field_is_reported() -> None:
    from normbook.forms.applicant import APPLICANT_FIELDS, Applicant

    found = problems(Applicant())
    assert set(APPLICANT_FIELDS) <= set(found)
    assert "projects" in found


def test_project_cells_required_except_subproject() -> None:
    found = problems(make_applicant(projects=[Project("", "", "", "")]))
    assert {"category", "project", "regulation"} <= set(found)
    assert "subproject" not in found


# ---- registration rules ------------------------------------------------------------------------

def test_at_most_three_projects_per_period() -> None:
    assert validate(make_applicant(projects=3), today=TODAY).ok
    four = [*make_applicant(projects=3).projects, Project("化学", "pH计", "", "JJG 119-2018")]
    assert "at most 3 per period (三.4.1)" in problems(make_applicant(projects=four))["projects"]


@pytest.mark.parametrize("period", ["1", "第三期", "4"])
def test_special_project_outside_its_periods(period: str) -> None:
    reason = problems(make_applicant(projects=[XRAY], period=period))["project"]
    assert "special project" in reason and "2 and 5" in reason


@pytest.mark.parametrize("period", ["2", "第五期"])
def test_special_project_in_its_periods(period: str) -> None:
    assert validate(make_applicant(projects=[XRAY], period=period), today=TODAY).ok


def test_special_project_found_by_name_without_a_code() -> None:
    flowmeter = Project("流量", "差压式流量计", "", "差压式流量计检定规程")
    assert "special project" in problems(make_applicant(projects=[flowmeter], period="1"))[
        "project"]
    # ... and by its number written in lower case without a space
    ecg = Project("医学", "心电图机", "", "jjg543-2008")
    assert "JJG 543-2008" in problems(make_applicant(projects=[ecg], period="3"))["project"]


def test_an_ordinary_project_is_not_special() -> None:
    # "心电图机" is a special project's name, but the code says which regulation it is
    other = Project("医学", "心电图机", "", "JJG 1-2000 某规程")
    assert validate(make_applicant(projects=[other], period="1"), today=TODAY).ok


def test_period_and_site_must_exist() -> None:
    found = problems(make_applicant(period="6", site="丽水"))
    assert "periods are 1 (第一期)" in found["period"]
    assert "杭州" in found["site"]


@pytest.mark.parametrize(("text", "number"), [("2", 2), ("第2期", 2), ("第二期", 2), ("五", 5),
                                              ("x", None)])
def test_period_numbers(text: str, number: int | None) -> None:
    assert period_number(text) == number


def test_cross_site_rule_warns_municipal_staff_in_their_own_region() -> None:
    a = make_applicant(employer_type="市级法定计量检定机构", region="杭州市", site="杭州考点")
    verdict = validate(a, today=TODAY)
    assert verdict.ok  # a warning, not a rejection
    (warning,) = [p for p in verdict.warnings if p.field == "site"]
    assert "三.4.2" in warning.reason


@pytest.mark.parametrize("changes", [
    {"employer_type": "市级法定计量检定机构", "region": "金华市", "site": "杭州"},
    {"employer_type": "省级法定计量检定机构", "region": "杭州市", "site": "杭州"},
    {"employer_type": "市级法定计量检定机构", "region": "杭州市", "site": "国网浙江"},
])
def test_no_cross_site_warning_otherwise(changes: dict) -> None:
    assert "site" not in problems(make_applicant(**changes), "warning")


def test_unknown_year_is_a_usage_error() -> None:
    with pytest.raises(NormError, match="2031"):
        validate(make_applicant(), year=2031)


def test_control_characters_are_removed_with_a_warning() -> None:
    verdict = validate(make_applicant(name="王\x07丽华\u202e"), today=TODAY)
    assert verdict.ok and verdict.applicant.name == "王丽华"
    assert "U+0007" in problems(make_applicant(name="王\x07丽华"), "warning")["name"]


def test_long_text_is_warned_about() -> None:
    assert "10000 characters" in problems(make_applicant(employer="长" * 10_000),
                                          "warning")["employer"]


# ---- applicant files ---------------------------------------------------------------------------

def test_sample_files_are_valid() -> None:
    for name in ("applicant.json", "applicant.yaml"):
        verdict = validate(load_applicant(DATA / name), today=TODAY)
        assert verdict.ok, verdict.problems


def test_yaml_keeps_values_as_written(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("postcode: 010000\nperiod: 2\nname: no\nphone: 0571-85382339\n"
                    "id_number: 330106198503121231\n", encoding="utf-8")
    a = load_applicant(path)
    assert (a.postcode, a.period, a.name, a.id_number) == ("010000", "2", "no",
                                                          "330106198503121231")


def test_json_numbers_become_text(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id_number": 330106198503121231, "period": 2,
                                "phone": 13857112345}), encoding="utf-8")
    a = load_applicant(path)
    assert (a.id_number, a.period, a.phone) == ("330106198503121231", "2", "13857112345")


def test_unknown_keys_and_wrong_types_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"nmae": "x", "title": ["a"], "projects": [
        {"category": "c", "colour": "red"}, "not a mapping"]}), encoding="utf-8")
    found = {p.field: p.reason for p in load_applicant(path).problems}
    assert "unknown field" in found["nmae"]
    assert "expected text, found list" in found["title"]
    assert "project 1: unknown field" in found["colour"]
    assert "project 2" in found["projects"]


@pytest.mark.parametrize(("name", "text", "match"), [
    ("a.json", '{"name": "x",\n "title": }', "not valid JSON: .* line 2"),
    ("a.yaml", "name: [unclosed\n", "not valid YAML at line"),
    ("a.json", "[1, 2]", "expected a mapping"),
    ("a.json", '{"projects": "电子天平"}', "projects must be a list"),
    ("a.txt", "name: x", "give a .json, .yaml or .yml"),
])
def test_unreadable_applicant_files(tmp_path: Path, name: str, text: str, match: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormInputError, match=match):
        load_applicant(path)
