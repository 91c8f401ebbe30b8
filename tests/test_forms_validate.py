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
#: Before period 1's registration opens: no registration of 2024 has closed yet.
BEFORE_REGISTRATION = dt.date(2024, 1, 1)
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
    "11010519491231002X", "11010519491231002x", valid_id("44052419000101001"),
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
    ("440524188001010014", "born 1880-01-01, before 1900"),  # GB 11643's own example
    (valid_id("33010600010101123"), "before 1900"),
    (valid_id("33010618500101123"), "before 1900"),
    (valid_id("33010620240531123"), "0 years old on 2024-06-01; an applicant must be at "
                                    "least 16"),
    (valid_id("33010620080602123"), "15 years old"),
    ("1101051949123100ZX", "first 17 characters must be digits"),
    ("11010519491231002Y", "must be a digit or X"),
    (valid_id("99010619850312123"), "no province code"),
    ("３３０１０６１９８５０３１２１２３１", "must be digits"),  # full-width digits
    ("3.30106198503121E+17", "scientific notation"),
    ("3.301061985031212e+17", "Excel keeps only 15 digits"),
])
def test_invalid_id_numbers(value: str, reason: str) -> None:
    assert reason in (id_number_problem(value, TODAY) or "")


def test_sixteen_years_old_is_old_enough() -> None:
    assert id_number_problem(valid_id("33010620080601123"), TODAY) is None
    assert id_number_problem(valid_id("33010619000101123"), TODAY) is None


def test_an_implausible_birth_date_rejects_the_applicant() -> None:
    reason = problems(make_applicant(id_number=valid_id("33010620240531123")))["id_number"]
    assert "三.2.3" in reason and "16" in reason


def test_lower_case_x_is_printed_upper_case() -> None:
    verdict = validate(make_applicant(id_number="11010519491231002x"), today=BEFORE_REGISTRATION)
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


@pytest.mark.parametrize("value", ["57185382339", "1062345678", "2162345678"])
def test_landline_that_lost_its_zero_gets_a_hint(value: str) -> None:
    assert "leading 0 lost" in phone_problem(value)


def test_no_zero_hint_for_what_a_zero_would_not_fix() -> None:
    assert "leading 0" not in phone_problem("12345678901")


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


@pytest.mark.parametrize("level", ["本科学历", "中专(含高中)", "中专（含高中）", "大专毕业",
                                   "高中毕业", "本 科", "研究生学历", "硕士研究生毕业"])
def test_education_as_people_write_it(level: str) -> None:
    assert "education" not in problems(make_applicant(education=level))


def test_education_below_secondary_is_rejected() -> None:
    assert "三.2.2" in problems(make_applicant(education="初中"))["education"]
    assert "三.2.2" in problems(make_applicant(education="初中毕业"))["education"]
    assert "unknown level" in problems(make_applicant(education="幼儿园"))["education"]


def test_ambiguous_education_lists_the_accepted_values() -> None:
    reason = problems(make_applicant(education="大学"))["education"]
    assert "unknown level '大学'" in reason and "大学本科" in reason and "大学专科" in reason


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
    assert validate(make_applicant(projects=3), today=BEFORE_REGISTRATION).ok
    four = [*make_applicant(projects=3).projects, Project("化学", "pH计", "", "JJG 119-2018")]
    assert "at most 3 per period (三.4.1)" in problems(make_applicant(projects=four))["projects"]


@pytest.mark.parametrize("period", ["1", "第三期", "4"])
def test_special_project_outside_its_periods(period: str) -> None:
    reason = problems(make_applicant(projects=[XRAY], period=period))["project"]
    assert "special project" in reason and "2 and 5" in reason


@pytest.mark.parametrize("period", ["2", "第五期"])
def test_special_project_in_its_periods(period: str) -> None:
    assert validate(make_applicant(projects=[XRAY], period=period), today=BEFORE_REGISTRATION).ok


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
    assert validate(make_applicant(projects=[other], period="1"), today=BEFORE_REGISTRATION).ok


# ---- duplicates and special projects ---------------------------------------------------------

def test_duplicate_projects_are_merged_with_a_warning() -> None:
    first, second, third = make_applicant(projects=3).projects
    a = make_applicant(projects=[first, second, first, third])
    verdict = validate(a, today=BEFORE_REGISTRATION)
    assert verdict.ok  # four rows, three projects: within the limit of three
    assert verdict.applicant.projects == (first, second, third)
    (warning,) = verdict.warnings
    assert warning.field == "project"
    assert "project 3" in warning.reason and "project 1" in warning.reason


def test_duplicates_in_a_roster_name_both_rows() -> None:
    p = make_applicant(projects=1).projects[0]
    rows = (Project(*p.values().values(), row=2), Project(*p.values().values(), row=5))
    a = make_applicant(projects=list(rows)).with_values(rows=(2, 5))
    verdict = validate(a, today=BEFORE_REGISTRATION)
    assert [x.row for x in verdict.applicant.projects] == [2]
    (warning,) = verdict.warnings
    assert warning.row == 5 and "row 2" in warning.reason


def test_different_projects_are_not_merged() -> None:
    p = make_applicant(projects=1).projects[0]
    other = Project(p.category, p.project, "Ⅱ级", p.regulation)
    verdict = validate(make_applicant(projects=[p, other]), today=BEFORE_REGISTRATION)
    assert len(verdict.applicant.projects) == 2 and not verdict.warnings


def special(project: str, regulation: str):
    from normbook.forms.exam_facts import exam_facts

    found = exam_facts(2024).special_project(project, regulation)
    return found and (found.name, found.code)


@pytest.mark.parametrize(("project", "regulation", "expected"), [
    # numbers written with fullwidth characters (a Chinese input method) are numbers
    ("医用诊断X射线辐射源", "JJG 744－2004 医用诊断X射线辐射源检定规程", "JJG 744-2004"),
    ("X射线", "ＪＪＧ７４４－２００４", "JJG 744-2004"),
    ("心电图机", "JJG 543—2008", "JJG 543-2008"),
    ("X射线", "医用诊断X射线辐射源检定规程JJG744-2004", "JJG 744-2004"),
    # by name: the whole name, with or without 检定规程, never a part of a longer name
    ("数字心电图机", "数字心电图机检定规程", "JJG 1041-2008"),
    ("心电图机", "心电图机检定规程", "JJG 543-2008"),
    ("心电图机", "", "JJG 543-2008"),
    ("差压式流量计", "", "JJG 640-2016"),
    ("医用数字摄影(CR、DR)系统X射线辐射源", "", "JJG 1078-2012"),  # ASCII brackets
    ("某设备", "《低频信号发生器检定规程》", "JJG 602-2014"),
])
def test_special_projects_found(project: str, regulation: str, expected: str) -> None:
    assert special(project, regulation)[1] == expected


@pytest.mark.parametrize(("project", "regulation"), [
    ("超低频信号发生器", "超低频信号发生器检定规程"),
    ("心电图机检定仪", "心电图机检定仪检定规程"),
    ("信号发生器", "低频信号发生器检定规程的补充说明"),
    ("心电图机", "JJG 1-2000 某规程"),  # the number decides
    ("化学分析仪器", "化学分析仪器检定规程"),
    ("pH计", "JJG 119-2018 实验室pH（酸度）计检定规程"),
    ("水质监测", "水污染源自动监控设备检定规程"),
])
def test_not_special_projects(project: str, regulation: str) -> None:
    assert special(project, regulation) is None


@pytest.mark.parametrize(("project", "regulation"), [
    ("污染源自动监控设备", ""),
    ("烟气监测", "污染源自动监控设备检定规程"),
    ("烟气监测", "JJG 9999-2023 污染源自动监控设备(烟气)检定规程"),
    ("污染源自动监控设备（COD）", "JJG 975-2002"),
])
def test_the_pollution_monitor_category_is_matched_by_its_prefix(project: str,
                                                                 regulation: str) -> None:
    assert special(project, regulation) == ("污染源自动监控设备及部分化学分析仪器", None)


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
    verdict = validate(a, today=BEFORE_REGISTRATION)
    assert verdict.ok  # a warning, not a rejection
    (warning,) = [p for p in verdict.warnings if p.field == "site"]
    assert "三.4.2" in warning.reason


@pytest.mark.parametrize("region", ["杭州市西湖区", "浙江省杭州市", "浙江省 杭州市 西湖区",
                                    "杭州"])
def test_cross_site_rule_compares_the_city_part_of_the_region(region: str) -> None:
    a = make_applicant(employer_type="市级法定计量检定机构", region=region, site="杭州")
    assert "三.4.2" in problems(a, "warning")["site"]


@pytest.mark.parametrize("changes", [
    {"employer_type": "市级法定计量检定机构", "region": "金华市", "site": "杭州"},
    {"employer_type": "市级法定计量检定机构", "region": "浙江省金华市婺城区", "site": "杭州"},
    {"employer_type": "省级法定计量检定机构", "region": "杭州市", "site": "杭州"},
    {"employer_type": "市级法定计量检定机构", "region": "杭州市", "site": "国网浙江"},
])
def test_no_cross_site_warning_otherwise(changes: dict) -> None:
    assert "site" not in problems(make_applicant(**changes), "warning")


def test_unknown_year_is_a_usage_error() -> None:
    with pytest.raises(NormError, match="2031"):
        validate(make_applicant(), year=2031)


def test_control_characters_are_removed_with_a_warning() -> None:
    verdict = validate(make_applicant(name="王\x07丽华\u202e"), today=BEFORE_REGISTRATION)
    assert verdict.ok and verdict.applicant.name == "王丽华"
    assert "U+0007" in problems(make_applicant(name="王\x07丽华"), "warning")["name"]


def test_long_text_is_warned_about() -> None:
    assert "10000 characters" in problems(make_applicant(employer="长" * 10_000),
                                          "warning")["employer"]


# ---- applicant files ---------------------------------------------------------------------------

def test_sample_files_are_valid() -> None:
    for name in ("applicant.json", "applicant.yaml"):
        verdict = validate(load_applicant(DATA / name), today=BEFORE_REGISTRATION)
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


def test_missing_applicant_file(tmp_path: Path) -> None:
    with pytest.raises(FormInputError, match=r"nosuch\.json: no such applicant file"):
        load_applicant(tmp_path / "nosuch.json")


@pytest.mark.parametrize(("name", "data", "match"), [
    ("enc.json", b"\xff\xfe{}", r"enc\.json: not UTF-8.*UTF-16"),
    ("gbk.json", '{"name": "王丽华"}'.encode("gbk"), r"gbk\.json: not UTF-8.*byte 0x"),
    ("gbk.yaml", "name: 王丽华\n".encode("gbk"), r"gbk\.yaml: not UTF-8.*save it as UTF-8"),
])
def test_applicant_files_must_be_utf8(tmp_path: Path, name: str, data: bytes,
                                      match: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FormInputError, match=match):
        load_applicant(path)


def test_utf8_with_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes('{"name": "王丽华"}'.encode("utf-8-sig"))
    assert load_applicant(path).name == "王丽华"


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
