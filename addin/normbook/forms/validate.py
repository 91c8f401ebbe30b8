"""Checks before a form is written: formats, eligibility and the guide's registration rules.

Each rule cites the section of the Zhejiang guide (浙江省计量专业项目考核指南) it comes from.
Errors reject the applicant (no form); warnings are reported and do not block.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from ..i18n import Domain, Message, listed
from .applicant import APPLICANT_FIELDS, Applicant, Problem, Project, describe
from .exam_facts import ExamFacts, exam_facts, exam_year, regulation_codes
from .text import clean, masked_id, unwritable

_ = Domain(__name__)

#: The year of the shipped example applicants (the demo's form). A form's year defaults to
#: the exam year of today's date (:func:`normbook.forms.exam_facts.exam_year`).
SAMPLE_YEAR = 2024
#: Longer values are warned about: the form's cells hold a line or two.
LONG_TEXT = 200

# GB 11643-1999 citizen identity number: 6-digit address code, 8-digit birth date,
# 3-digit sequence, check character (ISO 7064 MOD 11-2).
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# First two digits of the address code (GB/T 2260): provinces, autonomous regions,
# municipalities, Taiwan (71), Hong Kong (81), Macao (82).
PROVINCE_CODES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
                            41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
                            71, 81, 82})

#: No applicant was born before this year: an ID number saying so is mistyped.
EARLIEST_BIRTH_YEAR = 1900
#: The youngest possible applicant. The guide (三.2.3) asks for at least a year of work in
#: metrology, and the Labour Law of the PRC (art. 15) forbids employing anyone under 16, so
#: nobody under 16 can qualify: a younger birth date is a mistyped ID number.
MINIMUM_AGE = 16

_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:0\d{2,3}-?|[(（]0\d{2,3}[)）])[2-9]\d{6,7}"
                       r"(?:(?:-|转|ext\.?|x)\d{1,6})?", re.IGNORECASE)
_POSTCODE = re.compile(r"\d{6}")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.IGNORECASE)

#: Employer types (rule 三.2.1: staff of statutory or authorised verification institutions).
EMPLOYER_TYPES = {
    "statutory-provincial": "省级法定计量检定机构",
    "statutory-municipal": "市级法定计量检定机构",
    "statutory-county": "县级法定计量检定机构",
    "authorized": "授权计量检定机构",
}
_STATUTORY = re.compile(r"(省|市|县)级?法定计量检定(机构|所|院)?")
_AUTHORIZED = re.compile(r"(省级|市级|县级)?(依法)?授权(的)?计量检定机构")

#: Education at or above 中专（含高中） (rule 三.2.2), as people write it. Compared after
#: :func:`education_level` (so 本科学历, 大专毕业 and 中专(含高中) are found). 大学 alone is
#: not here: it may mean 大学本科 or 大学专科, and the form should say which.
EDUCATION_OK = frozenset({
    "中专", "中技", "技校", "职高", "职业高中", "中等专业学校", "高中", "中专（含高中）",
    "大专", "专科", "大学专科", "高职", "本科", "大学本科", "学士", "硕士", "硕士研究生",
    "研究生", "博士", "博士研究生",
})
EDUCATION_BELOW = frozenset({"初中", "小学", "无", "文盲"})

_CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                    "九": 9, "十": 10}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of validating one applicant.

    ``applicant`` is the cleaned one to print: characters a .docx cannot hold removed, the
    ID number's check character upper-cased.
    """

    applicant: Applicant
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors


def id_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_number_problem(value: str, today: dt.date | None = None) -> str | None:
    """Why ``value`` is not a valid 18-character ID number, or None if it is (in the current
    language; :func:`id_number_message` keeps it to render later).

    Lower-case ``x`` is accepted as the check character (the caller prints it upper-case).
    """
    message = id_number_message(value, today)
    return None if message is None else str(message)


def id_number_message(value: str, today: dt.date | None = None) -> Message | None:
    """:func:`id_number_problem`, rendered where it is shown."""
    value = value.strip().upper()
    if _SCIENTIFIC.fullmatch(value):
        return _.later("{value} is a number in scientific notation: the cell held the ID as "
                       "a number and Excel keeps only 15 digits. Format the column as Text "
                       "and type it again", value=masked_id(value))
    if len(value) != 18:
        return _.later("has {length} characters; an ID number has 18 (17 digits and a check "
                       "character 0-9 or X)", length=len(value))
    if not value[:17].isascii() or not value[:17].isdigit():
        return _.later("the first 17 characters must be digits")
    if value[17] not in "0123456789X":
        return _.later("the last character {last} must be a digit or X",
                       last=repr(value[17]))
    if int(value[:2]) not in PROVINCE_CODES:
        return _.later("starts with {digits}, which is no province code (GB/T 2260)",
                       digits=value[:2])
    birth = value[6:14]
    try:
        born = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return _.later("the birth date {digits} (characters 7-14) does not exist",
                       digits=birth)
    today = today or dt.date.today()
    if born > today:
        return _.later("the birth date {born:date} is in the future", born=born)
    if born.year < EARLIEST_BIRTH_YEAR:
        return _.later("says born {born:date}, before {earliest}: the birth date (characters "
                       "7-14) is probably mistyped", born=born, earliest=EARLIEST_BIRTH_YEAR)
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < MINIMUM_AGE:
        return _.later("says born {born:date}, {age} years old on {today:date}; an applicant "
                       "must be at least {minimum} (12 months of work in metrology, 三.2.3, and "
                       "no work before 16): the birth date is probably mistyped", born=born,
                       age=age, today=today, minimum=MINIMUM_AGE)
    expected = id_check_character(value[:17])
    if value[17] != expected:
        if _through_a_float(value):
            return _.later("the check character is {last}, but the first 17 digits give "
                           "{expected} (GB 11643): a digit is probably mistyped; or the cell "
                           "held the ID as a number and lost its last digits: format the "
                           "column as Text and type it again", last=value[17],
                           expected=expected)
        return _.later("the check character is {last}, but the first 17 digits give "
                       "{expected} (GB 11643): a digit is probably mistyped", last=value[17],
                       expected=expected)
    return None


def _through_a_float(value: str) -> bool:
    """Whether ``value`` looks like an ID number that went through a float.

    An ID number held in a number cell is rounded to a float (Excel keeps 15 digits);
    read back, its digits are those of an exactly representable float. A real ID number is
    one in 64 times, so the hint only ever accompanies a failed check.
    """
    return value.isdigit() and float(value) == int(value)


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a mainland mobile or landline number, or None (in the current
    language; :func:`phone_message` keeps it to render later)."""
    message = phone_message(value)
    return None if message is None else str(message)


def phone_message(value: str) -> Message | None:
    """:func:`phone_problem`, rendered where it is shown."""
    compact = re.sub(r"\s+", "", value)
    if _MOBILE.fullmatch(compact.replace("-", "")) or _LANDLINE.fullmatch(compact):
        return None
    # a landline typed into a number cell loses its 0: 0571... -> 571..., 010... -> 10...
    # (the only area code starting 01 is Beijing's 010)
    lost_zero = (compact.isdigit() and (compact[0] in "23456789" or compact.startswith("10"))
                 and _LANDLINE.fullmatch("0" + compact))
    if lost_zero:
        return _.later("not a phone number: give a mobile (11 digits, 1[3-9]…) or a landline "
                       "with area code, e.g. 0571-85382339 (was a leading 0 lost in a number "
                       "cell? format the column as Text)")
    return _.later("not a phone number: give a mobile (11 digits, 1[3-9]…) or a landline with "
                   "area code, e.g. 0571-85382339")


def employer_kind(value: str) -> str | None:
    """The EMPLOYER_TYPES key of ``value`` (English key or Chinese label), or None."""
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    if key in EMPLOYER_TYPES:
        return key
    text = re.sub(r"\s+", "", value)
    if (m := _STATUTORY.fullmatch(text)) is not None:
        return {"省": "statutory-provincial", "市": "statutory-municipal",
                "县": "statutory-county"}[m.group(1)]
    if _AUTHORIZED.fullmatch(text):
        return "authorized"
    return None


def period_number(value: str) -> int | None:
    """2 from ``2``, ``第2期``, ``第二期``, ``二``; None if unreadable."""
    text = re.sub(r"\s+", "", value)
    text = text.removeprefix("第").removesuffix("期")
    if text.isascii() and text.isdigit():
        return int(text)
    return _CHINESE_NUMBERS.get(text)


def education_level(value: str) -> str:
    """Education as compared with the lists: NFKC (fullwidth brackets and letters made
    ASCII), no spaces, without a trailing 学历 or 毕业 (``本科学历`` -> ``本科``)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    for suffix in ("学历", "毕业"):
        text = text.removesuffix(suffix)
    return text


_EDUCATION_OK = frozenset(education_level(v) for v in EDUCATION_OK)


def _place(name: str) -> str:
    """A site or region without the 考点 / 市 suffixes, for comparison."""
    return re.sub(r"\s+", "", name).removesuffix("考点").removesuffix("市")


def _city_part(region: str) -> str:
    """A region without spaces and a leading province (``浙江省杭州市`` -> ``杭州市``)."""
    return re.sub(r"^[^省市区]{2,3}省", "", re.sub(r"\s+", "", region))


def same_city(site_region: str, region: str) -> bool:
    """Whether the applicant's ``region`` lies in the city ``site_region`` (``杭州市``).

    The city's name without 市 must start the region once a province is removed:
    ``杭州市``, ``杭州市西湖区``, ``浙江省杭州市`` and ``杭州`` are all in 杭州市. (A county-level
    city such as 义乌市 is not recognised as part of 金华市: that would need the
    administrative divisions.)
    """
    city = _place(site_region)
    return bool(city) and _city_part(region).startswith(city)


def site_name(value: str, facts: ExamFacts) -> str | None:
    """The timetable's name of the site ``value`` (``杭州考点`` -> ``杭州``), or None."""
    wanted = _place(value)
    return next((site for site in facts.sites if _place(site) == wanted), None)


def validate(applicant: Applicant, *, year: int | None = None,
             today: dt.date | None = None) -> Verdict:
    """Check one applicant; every problem is reported, none raised.

    Args:
        applicant: as read from a file or roster.
        year: the timetable year that the period and site refer to (None: the exam year of
            today's date, :func:`normbook.forms.exam_facts.exam_year`).
        today: for the birth date check and the registration window (defaults to today, as
            :func:`normbook.forms.exam_facts.today` tells it).

    Raises:
        NormError: ``year`` has no timetable (a usage error, not the applicant's); with no
            ``year``, the message points to ``normbook data add exams``.
    """
    today = today or _today()
    facts = exam_facts(exam_year(year, today))
    problems: list[Problem] = list(applicant.problems)
    first_row = applicant.rows[0] if applicant.rows else None

    def add(field_name: str, reason: Message, *, row: int | None = first_row,
            severity: str = "error") -> None:
        problems.append(Problem(field_name, reason, row=row, id_number=applicant.id_number,
                                severity=severity))

    applicant = _without_duplicate_projects(_cleaned(applicant, add), add)
    values = applicant.values()
    for key in APPLICANT_FIELDS:
        if not values[key]:
            add(key, _.later("required; the field is empty"))
    _check_formats(values, today, add)
    _check_eligibility(values, add)
    _check_registration(applicant, values, facts, add, today)
    return Verdict(applicant, tuple(problems))


def _today() -> dt.date:
    from . import exam_facts  # looked up when called: a test may have replaced today()

    return exam_facts.today()


def _cleaned(applicant: Applicant, add) -> Applicant:
    """Remove characters a .docx cannot hold (with a warning naming them); text in NFC.

    NFC (composed characters: ``ë`` one code point, not ``e`` and a combining diaeresis) so
    that text that looks the same compares the same (a repeated project row typed once each
    way is a repeat) and prints the same.
    """
    def tidy(key: str, text: str, row: int | None) -> str:
        bad = unwritable(text)
        if bad:
            shown = listed(sorted(set(bad))[:5])
            add(key, _.many_later(
                "removed {n} control or text-direction character a form must not hold "
                "({shown})", "removed {n} control or text-direction characters a form must "
                "not hold ({shown})", len(bad), shown=shown), row=row, severity="warning")
        text = unicodedata.normalize("NFC", clean(text))
        if len(text) > LONG_TEXT:
            add(key, _.later("{length} characters: far more than the form's cell holds; the "
                             "printed form will run over several pages", length=len(text)),
                row=row, severity="warning")
        return text

    first_row = applicant.rows[0] if applicant.rows else None
    values = {key: tidy(key, text, first_row) for key, text in applicant.values().items()}
    values["id_number"] = values["id_number"].upper()
    projects = tuple(
        replace(p, **{key: tidy(key, text, p.row) for key, text in p.values().items()})
        for p in applicant.projects
    )
    return replace(applicant, **values, projects=projects)


def _without_duplicate_projects(applicant: Applicant, add) -> Applicant:
    """The applicant with each project once: an exact repeat (spaces aside) of an earlier
    project row is dropped with a warning naming both, so it is neither printed twice nor
    counted twice against the per-period limit."""
    kept: list[Project] = []
    seen: dict[tuple[str, ...], tuple[int, Project]] = {}
    for number, project in enumerate(applicant.projects, start=1):
        key = tuple(re.sub(r"\s+", "", v) for v in project.values().values())
        if key not in seen:
            seen[key] = (number, project)
            kept.append(project)
            continue
        first_number, first = seen[key]
        what = project.project or project.regulation
        if project.row is not None and first.row is not None:
            message = _.later("row {this} repeats row {that} ({what}); the form shows it once",
                              this=project.row, that=first.row, what=what)
        else:
            message = _.later("project {this} repeats project {that} ({what}); the form shows "
                              "it once", this=number, that=first_number, what=what)
        add("project", message, row=project.row, severity="warning")
    return replace(applicant, projects=tuple(kept))


def _check_formats(values: dict[str, str], today: dt.date | None, add) -> None:
    if values["id_number"] and (why := id_number_message(values["id_number"], today)):
        add("id_number", why)
    if values["phone"] and (why := phone_message(values["phone"])):
        add("phone", why)
    if values["postcode"] and not _POSTCODE.fullmatch(values["postcode"]):
        given = repr(values["postcode"])
        if values["postcode"].isdigit() and len(values["postcode"]) < 6:
            add("postcode", _.later("{given} is not a postcode: six digits, e.g. 310012 (was a "
                                    "leading 0 lost in a number cell? format the column as "
                                    "Text)", given=given))
        else:
            add("postcode", _.later("{given} is not a postcode: six digits, e.g. 310012",
                                    given=given))


def _check_eligibility(values: dict[str, str], add) -> None:
    education = education_level(values["education"])
    if education in EDUCATION_BELOW:
        add("education", _.later("{education}: the guide (三.2.2) requires 中专（含高中） or "
                                 "above", education=education))
    elif education and education not in _EDUCATION_OK:
        add("education", _.later("unknown level {education}; write one of {levels}",
                                 education=repr(education),
                                 levels=listed(sorted(EDUCATION_OK))))
    employer_type = values["employer_type"]
    if employer_type and employer_kind(employer_type) is None:
        accepted = listed(f"{k} ({v})" for k, v in EMPLOYER_TYPES.items())
        if "法定" in employer_type:
            add("employer_type", _.later("{given}: give its level: 省级/市级/县级法定计量检定机构; "
                                         "accepted: {accepted}", given=repr(employer_type),
                                         accepted=accepted))
        else:
            add("employer_type", _.later(
                "{given}: only staff of statutory or authorised verification institutions may "
                "apply (三.2.1); accepted: {accepted}", given=repr(employer_type),
                accepted=accepted))


def _check_registration(applicant: Applicant, values: dict[str, str], facts: ExamFacts,
                        add, today: dt.date) -> None:
    period = period_number(values["period"]) if values["period"] else None
    if values["period"] and period not in facts.periods:
        known = listed(f"{n} ({label})" for n, label in facts.periods.items())
        add("period", _.later("{given} is not a regular period of {year}; its periods are "
                              "{known}", given=repr(values["period"]), year=facts.year,
                              known=known))
        period = None
    if period is not None:
        _check_window(period, facts, today, add)
    site = site_name(values["site"], facts) if values["site"] else None
    if values["site"] and site is None:
        add("site", _.later("{given} is not an exam site of {year}; the sites are {sites} "
                            "(三.4.1)", given=repr(values["site"]), year=facts.year,
                            sites=listed(facts.sites)))
    _check_projects(applicant.projects, period, facts, add)
    region = facts.sites.get(site) if site else None
    if (region and values["region"] and employer_kind(values["employer_type"])
            == "statutory-municipal" and same_city(region, values["region"])):
        add("site", _.later("the site {site} is in the applicant's own region {region}: staff "
                            "of municipal statutory institutions take the practical exam at a "
                            "site outside their region (cross-site rule, 三.4.2)", site=site,
                            region=values["region"]), severity="warning")


def _check_window(period: int, facts: ExamFacts, today: dt.date, add) -> None:
    """A warning when the period's registration has closed (四.1: forms are handed in while it
    is open); a period whose registration has not opened yet is what forms are made ahead for."""
    _start, end = facts.registration.get(period, (None, None))
    if end is None or today <= end:
        return
    add("period", _.later(
        "registration for period {period} ({label}) of {year} closed on {end:date}; today is "
        "{today:date}: check the period and the year the form is for", period=period,
        label=facts.periods[period], year=facts.year, end=end, today=today),
        severity="warning")


def _check_projects(projects: tuple[Project, ...], period: int | None, facts: ExamFacts,
                    add) -> None:
    if not projects:
        add("projects", _.later("no project: give at least one row of 计量专业类别/项目/子项目/"
                                "计量技术规范名称及编号"))
        return
    limit = facts.max_projects_per_period
    if len(projects) > limit:
        add("projects", _.later("{count} projects in one period; the guide allows at most "
                                "{limit} per period (三.4.1)", count=len(projects),
                                limit=limit))
    for number, project in enumerate(projects, start=1):
        at = project.row
        for key in ("category", "project", "regulation"):
            if not getattr(project, key):
                add(key, _.later("required; {what} is empty", what=describe(key))
                    if at is not None else
                    _.later("project {number}: required; {what} is empty", number=number,
                            what=describe(key)), row=at)
        if project.regulation and not regulation_codes(project.regulation):
            add("regulation", _.later("no regulation number found (e.g. JJG 744-2004); the "
                                      "form asks for the name and the number")
                if at is not None else
                _.later("project {number}: no regulation number found (e.g. JJG 744-2004); "
                        "the form asks for the name and the number", number=number),
                row=at, severity="warning")
        special = facts.special_project(project.project, project.regulation)
        if special and period is not None and period not in special.periods:
            add("project", _special_elsewhere(special, period, facts.year,
                                              None if at is not None else number), row=at)


def _special_elsewhere(special, period: int, year: int, number: int | None) -> Message:
    """A special project applied for in a period that does not examine it."""
    name = f"{special.name} ({special.code})" if special.code else special.name
    numbers = [str(n) for n in special.periods]
    where = numbers[0] if len(numbers) == 1 else _.later(
        "{items} and {last}", items=listed(numbers[:-1]), last=numbers[-1] if numbers else "")
    if number is not None:
        return _.many_later(
            "project {number}: {name} is a special project, examined in period {where} of "
            "{year} only; this application is for period {period}",
            "project {number}: {name} is a special project, examined in periods {where} of "
            "{year} only; this application is for period {period}", len(special.periods),
            number=number, name=name, where=where, year=year, period=period)
    return _.many_later(
        "{name} is a special project, examined in period {where} of {year} only; this "
        "application is for period {period}",
        "{name} is a special project, examined in periods {where} of {year} only; this "
        "application is for period {period}", len(special.periods), name=name, where=where,
        year=year, period=period)


#: The package exports the function under this name: ``normbook.forms.validate`` is this
#: module once anything has imported it, so a function of that name would be shadowed.
validate_applicant = validate
