"""User templates against resource exhaustion (issue "Hostile input and faults", part 8, and the
DOCTYPE item of part 7).

Every hostile template is the shipped form with its title replaced by the hostile Jinja text
(or with a hostile zip member or XML part), run through the real command in a fresh process
under a 2 GiB address-space cap. Each must be refused with one line and exit 2, write nothing,
and stop within seconds using a fraction of the cap: a limit that only holds because the cap
kills the process is no limit.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from docx import Document
from hostile_support import Outcome, run_capped
from test_forms_support import DATA, docx_template, make_applicant, roster_row

from normbook.forms.applicant import APPLICANT_FIELDS, PROJECT_FIELDS
from normbook.forms.errors import TemplateProblem, UnsafeTemplate
from normbook.forms.render import FormTemplate, form_context
from normbook.template_limits import limits  # the module whose MAX_SECONDS Budget reads

REPO = Path(__file__).parents[1]
SHIPPED = REPO / "templates" / "application_form.docx"
APPLICANT = DATA / "applicant.json"
BODY = "word/document.xml"
TITLE = "<w:t>计量专业项目考核申请表</w:t>"  # the first run of the shipped form
#: What "quickly" and "a fraction of the cap" mean here (the cap is 2 GiB).
SECONDS = 15
PEAK_MB = 400
#: Generous: a case that runs into it has already failed (it would have run away).
TIMEOUT = 90


def hostile_template(path: Path, jinja: str | None = None, *, document=None, part=None,
                     extra=None) -> Path:
    """The shipped form with its title run holding ``jinja`` (XML-escaped, as Word would
    store it); ``document`` rewrites word/document.xml, ``part`` is (name, function) to
    rewrite another member, ``extra(zip)`` adds members."""
    with zipfile.ZipFile(SHIPPED) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == BODY:
                xml = data.decode("utf-8")
                if jinja is not None:
                    assert TITLE in xml
                    xml = xml.replace(TITLE, f"<w:t>{escape(jinja)}</w:t>", 1)
                if document is not None:
                    xml = document(xml)
                data = xml.encode("utf-8")
            if part is not None and info.filename == part[0]:
                data = part[1](data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data)
        if extra is not None:
            extra(out)
    return path


MEASURED: dict[str, Outcome] = {}


def refused(request, tmp_path: Path, template: Path, *words: str,
            command: str = "form") -> Outcome:
    """Run ``normbook form`` (or ``forms``) with the template and check the refusal."""
    if command == "form":
        out = tmp_path / "form.docx"
        args = ["form", str(APPLICANT), "--template", str(template), "-o", str(out)]
    else:
        out = tmp_path / "forms"
        a = make_applicant(1)
        roster = tmp_path / "roster.csv"
        with roster.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[*APPLICANT_FIELDS, *PROJECT_FIELDS])
            writer.writeheader()
            writer.writerow(roster_row(a, a.projects[0]))
        args = ["forms", str(roster), "--template", str(template), "-o", str(out)]
    outcome = run_capped(args, timeout=TIMEOUT)
    MEASURED[request.node.name] = outcome
    print(f"\n{request.node.name}: exit {outcome.code}, {outcome.seconds:.2f} s, "
          f"peak {outcome.peak_mb:.0f} MiB: {outcome.err.strip()[:300]}")
    assert not outcome.timed_out, f"still running after {TIMEOUT} s"
    assert outcome.one_line_error(), outcome.err[-2000:]
    # Refused by a limit, not because the cap made one allocation fail.
    assert "MemoryError" not in outcome.err
    assert not out.exists() or (out.is_dir() and not any(out.glob("*.docx")))
    assert outcome.seconds < SECONDS
    assert outcome.peak_mb < PEAK_MB
    assert str(template.name) in outcome.err
    for word in words:
        assert word in outcome.err
    return outcome


# ---- strings and lists built by the template ----------------------------------------------

BIG = [
    # printf-style formatting: width, precision, * width, mapping keys
    pytest.param("{{ '%0999999999d' % 1 }}", id="percent-width"),
    pytest.param("{{ '%.999999999f' % 1.5 }}", id="percent-precision"),
    pytest.param("{{ '%*d' % (999999999, 1) }}", id="percent-star"),
    pytest.param("{{ '%(a)0999999999d' % {'a': 1} }}", id="percent-mapping"),
    pytest.param("{{ '%0999999999d'|format(1) }}", id="format-filter"),
    pytest.param("{{ ('%s' * 30000) % (('x' * 100000,) * 30000) }}", id="percent-many-fields"),
    # str.format, reached through the sandbox's formatter
    pytest.param("{{ '{:0999999999}'.format(1) }}", id="format-method-width"),
    pytest.param("{{ '{:{}}'.format(1, 999999999) }}", id="format-method-nested"),
    pytest.param("{{ ('{0}' * 20).format('x' * 100000) }}", id="format-method-repeat"),
    # ~ and + doubling a string or a list
    pytest.param("{% set ns = namespace(s='x' * 1000) %}{% for i in range(30) %}"
                 "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}", id="tilde-doubling"),
    pytest.param("{% set ns = namespace(s='x' * 1000) %}{% for i in range(30) %}"
                 "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}", id="plus-doubling"),
    pytest.param("{% set ns = namespace(l=[0]) %}{% for i in range(40) %}"
                 "{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l|length }}",
                 id="list-doubling"),
    pytest.param("{% set ns = namespace(l=[0]) %}{% for i in range(40) %}"
                 "{{ ns.l.extend(ns.l) }}{% endfor %}{{ ns.l|length }}", id="list-extend"),
    # filters and methods with a width or a repeated argument
    pytest.param("{{ 'x'|center(999999999) }}", id="center"),
    pytest.param("{{ ('x\\n' * 50000)|indent(100000) }}", id="indent"),
    pytest.param("{{ ('x\\n' * 50000)|indent('y' * 100000) }}", id="indent-string"),
    pytest.param("{{ ('x ' * 50000)|wordwrap(1, wrapstring='y' * 100000) }}", id="wordwrap"),
    pytest.param("{{ (['x' * 100000] * 100000)|join }}", id="join"),
    pytest.param("{{ ('x' * 100000)|replace('x', 'y' * 100000) }}", id="replace"),
    pytest.param("{{ (['x' * 100000] * 100000)|string }}", id="string"),
    pytest.param("{{ ['x' * 100000] * 100000 }}", id="list-shown"),
    pytest.param("{{ ([1]|batch(999999999, 'x')|list)[0]|length }}", id="batch-fill"),
    pytest.param("{{ ([1]|slice(999999999)|list)|length }}", id="slice"),
    pytest.param("{{ name.ljust(999999999) }}", id="ljust"),
    pytest.param("{{ name.zfill(999999999) }}", id="zfill"),
    pytest.param("{{ ('\\t' * 100000).expandtabs(100000) }}", id="expandtabs"),
    pytest.param("{{ ''.join(['x' * 100000] * 100000) }}", id="join-method"),
    pytest.param("{{ ('x' * 100000).replace('x', 'y' * 100000) }}", id="replace-method"),
    pytest.param("{{ ('x' * 100000).translate({120: 'y' * 100000}) }}", id="translate"),
    pytest.param("{{ (1).to_bytes(999999999, 'big')|length }}", id="to-bytes"),
    pytest.param("{{ 'x'.encode() * 999999999 }}", id="bytes-repeat"),
    pytest.param("{{ [999999999, 1].sort(key='x'.center) }}", id="sort-key"),
    pytest.param("{{ lipsum(1000000) }}", id="lipsum"),
    pytest.param("{{ [[[[[[1, 2]]]]]]|tojson(indent=999999999) }}", id="tojson-indent"),
    pytest.param("{% set ns = namespace(d=0) %}{% for i in range(100) %}"  # lined up by keys
                 "{% set ns.d = {('k' * 1000) ~ i: ns.d, 'z': 0} %}{% endfor %}"
                 "{{ ns.d|pprint }}", id="pprint-nested"),
    # what template code builds without any operator: macro output, block output, the page
    pytest.param("{% macro f(n) %}{% set s = f(n - 1) if n else 'x' %}{{ s }}{{ s }}"
                 "{% endmacro %}{{ f(40) }}", id="macro-doubling"),
    pytest.param("{% macro f(s) %}{% for i in range(100000) %}{{ s }}{% endfor %}"
                 "{% endmacro %}{{ f('x' * 100000)|length }}", id="macro-buffer"),
    pytest.param("{% set s = 'x' * 100000 %}{% for i in range(100000) %}{{ s }}{% endfor %}",
                 id="page-output"),
    pytest.param("{% set s = 'x' * 100000 %}{% for i in range(100000) %}"
                 "{{ s[1:] ~ i }}{% endfor %}", id="page-output-distinct"),
    pytest.param("{{ ([[1]] * 100000)|sum(start=[]) }}", id="sum-quadratic"),
]


@pytest.mark.parametrize("jinja", BIG)
def test_big_values_are_refused(request, tmp_path: Path, jinja: str) -> None:
    refused(request, tmp_path, hostile_template(tmp_path / "hostile.docx", jinja))


# ---- loops: time and memory ----------------------------------------------------------------

LOOPS = [
    pytest.param("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                 "{% endfor %}", id="nested-ranges"),
    pytest.param("{% set r = range(100000) %}{% for i in r %}{% for j in r %}{% endfor %}"
                 "{% endfor %}", id="nested-shared-range"),
    pytest.param("{% set s = 'x' * 100000 %}{% for i in s %}{% for j in s %}{% endfor %}"
                 "{% endfor %}", id="nested-string"),
    pytest.param("{% set ns = namespace(l=none) %}{% set r = range(100000) %}{% for i in r %}"
                 "{% for j in r %}{% set ns.l = [ns.l, i, j] %}{% endfor %}{% endfor %}",
                 id="linked-list"),
    pytest.param("{% set ns = namespace(l=[]) %}{% set r = range(100000) %}{% for i in r %}"
                 "{% for j in r %}{{ ns.l.append(j) }}{% endfor %}{% endfor %}", id="append"),
    pytest.param("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}"
                 "{% endmacro %}{{ f(60) }}", id="macro-calls"),
    pytest.param("{% set s = 'x' * 100000 %}{% for i in range(100000) %}"
                 "{% for j in range(100000) %}{% if s.count('y') %}{% endif %}{% endfor %}"
                 "{% endfor %}", id="busy-calls"),
]


@pytest.mark.parametrize("jinja", LOOPS)
def test_runaway_loops_are_stopped(request, tmp_path: Path, jinja: str) -> None:
    refused(request, tmp_path, hostile_template(tmp_path / "hostile.docx", jinja))


def test_the_batch_command_refuses_too(request, tmp_path: Path) -> None:
    template = hostile_template(tmp_path / "hostile.docx", "{{ '%0999999999d' % 1 }}")
    refused(request, tmp_path, template, command="forms")


# ---- template source: what Jinja reads before anything renders -----------------------------

@pytest.mark.parametrize("jinja", [
    pytest.param("{{ " + "9" * 5000 + " }}", id="long-integer-literal"),
    pytest.param("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", id="deep-nesting"),
    pytest.param("{{ " + " ~ ".join(["'x'|center(900000)"] * 2000) + " }}",
                 id="folded-constants"),
    # compiling takes time and memory by the tag and token: 200,000 tags took 107 s and 4 GB
    pytest.param("{{ name }}{% if title %}x{% endif %}" * 100000, id="many-tags"),
    pytest.param("{{ [" + "1, " * 100000 + "1] }}", id="many-tokens"),
])
def test_template_source_is_refused_cleanly(request, tmp_path: Path, jinja: str) -> None:
    refused(request, tmp_path, hostile_template(tmp_path / "hostile.docx", jinja))


# ---- the .docx file: zip members and XML ---------------------------------------------------

def zeros_member(size: int):
    def add(out: zipfile.ZipFile) -> None:
        out.compresslevel = 1  # zeros: 2 GiB deflate to 9 MB in a few seconds
        with out.open("word/media/zeros.bin", "w", force_zip64=True) as handle:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                handle.write(chunk)
    return add


@pytest.fixture(scope="module")
def two_gib_member(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("zip") / "two-gib-member.docx"
    return hostile_template(path, extra=zeros_member(2 << 30))


def test_a_two_gib_member_is_refused_before_it_is_read(request, tmp_path: Path,
                                                       two_gib_member: Path) -> None:
    assert two_gib_member.stat().st_size < 16 << 20
    refused(request, tmp_path, two_gib_member, "word/media/zeros.bin")


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with the central directory's uncompressed size of ``name`` set to ``size``."""
    data = bytearray(data)
    entry = data.index(b"PK\x01\x02")  # the first directory entry
    while True:
        length = int.from_bytes(data[entry + 28:entry + 30], "little")
        if data[entry + 46:entry + 46 + length] == name.encode():
            data[entry + 24:entry + 28] = size.to_bytes(4, "little")
            return bytes(data)
        extra = int.from_bytes(data[entry + 30:entry + 32], "little")
        comment = int.from_bytes(data[entry + 32:entry + 34], "little")
        entry += 46 + length + extra + comment


def test_a_member_bigger_than_it_says_is_refused(request, tmp_path: Path) -> None:
    """The central directory claims 1,000 bytes; the data inflates to 64 MiB."""
    honest = hostile_template(tmp_path / "honest.docx", extra=zeros_member(64 << 20))
    lying = tmp_path / "lying.docx"
    lying.write_bytes(declare_size(honest.read_bytes(), "word/media/zeros.bin", 1000))
    with zipfile.ZipFile(lying) as archive:
        assert archive.getinfo("word/media/zeros.bin").file_size == 1000
    refused(request, tmp_path, lying)


def test_too_many_members_are_refused(request, tmp_path: Path) -> None:
    def many(out: zipfile.ZipFile) -> None:
        for i in range(20000):
            out.writestr(f"customXml/item{i}.bin", b"")
    refused(request, tmp_path, hostile_template(tmp_path / "many.docx", extra=many),
            "members")


def test_an_oversized_file_is_refused_before_it_is_read(request, tmp_path: Path) -> None:
    """A zip may carry anything before its first member: this one is a valid .docx."""
    template = tmp_path / "huge.docx"
    template.write_bytes(bytes(limits.MAX_TEMPLATE_FILE) + hostile_template(
        tmp_path / "small.docx").read_bytes())
    with zipfile.ZipFile(template) as archive:
        assert archive.testzip() is None
    refused(request, tmp_path, template)


LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>')


@pytest.mark.parametrize(("part", "rewrite", "word"), [
    pytest.param(BODY, lambda xml: xml.replace("?>", "?>" + LAUGHS, 1).replace(
        TITLE, "<w:t>&d;</w:t>"), "DOCTYPE", id="entities-in-document"),
    pytest.param(BODY, lambda xml: xml.replace(
        "?>", '?><!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd">', 1),
        "DOCTYPE", id="external-dtd-in-document"),
    pytest.param("word/styles.xml", lambda xml: xml.replace(
        "?>", '?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1),
        "DOCTYPE", id="doctype-in-styles"),
    pytest.param("[Content_Types].xml", lambda xml: xml.replace(
        "?>", "?><!DOCTYPE Types>", 1), "DOCTYPE", id="doctype-in-content-types"),
    pytest.param(BODY, lambda xml: xml.replace("encoding='UTF-8'", "encoding='UTF-16'", 1),
                 "UTF-8", id="declared-not-utf8"),
])
def test_a_doctype_is_refused_naming_the_part(request, tmp_path: Path, part: str, rewrite,
                                              word: str) -> None:
    if part == BODY:
        template = hostile_template(tmp_path / "dtd.docx", document=rewrite)
    else:
        template = hostile_template(tmp_path / "dtd.docx", part=(part, rewrite))
    refused(request, tmp_path, template, part, word)


def test_a_doctype_made_by_the_template_is_refused(tmp_path: Path) -> None:
    """The check of the file cannot see a DOCTYPE the template writes; the result's can.
    (A comment before the root element is well-formed; the template closes it early.)"""
    def prolog(xml: str) -> str:
        return xml.replace("?>", "?><!--{{ ('\\x2d\\x2d><!DOC' ~ 'TYPE cp:coreProperties "
                                 "[<!ENT' ~ 'ITY a \"b\">]><!\\x2d\\x2d')|safe }}-->", 1)

    path = hostile_template(tmp_path / "t.docx", part=("docProps/core.xml", prolog))
    template = FormTemplate(path.read_bytes(), source="t.docx")
    with pytest.raises(TemplateProblem, match=r"t\.docx: docProps/core\.xml.*DOCTYPE"):
        template.render(form_context(make_applicant()))


# ---- in process: what still works, and the clock --------------------------------------------

@pytest.mark.parametrize(("payload", "text"), [
    ("{{ '%5d|%-4s|%.2f|%x' % (42, 'ab', 3.14159, 255) }}", "   42|ab  |3.14|ff"),
    ("{{ '%(a)s-%(b)03d' % {'a': name, 'b': 7} }}", "王丽华-007"),
    ("{{ '%s'|format(title) }}", "工程师"),
    ("{{ '{:>6}|{:.1f}|{}'.format('ab', 2.25, [1]) }}", "    ab|2.2|[1]"),
    ("{{ 'x'|center(5) }}|{{ 'a\\nb'|indent(2) }}|{{ 'a b c'|wordwrap(1) }}",
     "  x  |a\n  b|a\nb\nc"),
    ("{{ projects|map(attribute='project')|select|join(', ') }}", "电子天平, 玻璃液体温度计"),
    ("{{ name ~ '/' ~ title ~ 1 }}|{{ 'ab'|replace('a', 'xy') }}|{{ [1, 2] + [3] }}",
     "王丽华/工程师1|xyb|[1, 2, 3]"),
    ("{% set ns = namespace(s='') %}{% for i in range(3) %}{% set ns.s = ns.s ~ i %}"
     "{% endfor %}{{ ns.s }}|{{ range(5)|sum }}|{{ [[1], [2]]|sum(start=[]) }}",
     "012|10|[1, 2]"),
    ("{% macro cell(x) %}<{{ x }}>{% endmacro %}{{ cell(name) }}{{ cell(1) }}",
     "<王丽华><1>"),
    ("{{ [3, 1, 2]|sort|list }}|{{ ['b', 'a'].index('a') }}|{{ 'a-b'.split('-') }}",
     "[1, 2, 3]|1|['a', 'b']"),
])
def test_ordinary_templates_still_work(tmp_path: Path, payload: str, text: str) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", payload))
    data = template.render(form_context(make_applicant()))
    assert Document(io.BytesIO(data)).paragraphs[0].text == text


def test_the_clock_stops_a_slow_render(tmp_path: Path, monkeypatch) -> None:
    """Loops whose work costs little memory still end: at the deadline (shortened here)."""
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.3)
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", (
        "{% set s = 'x' * 100000 %}{% for i in range(100000) %}{% if s.count('y') %}"
        "{% endif %}{% endfor %}")))
    with pytest.raises(UnsafeTemplate, match=r"t\.docx: .*longer than 0\.3 s"):
        template.render(form_context(make_applicant()))


def test_limits_apply_to_each_form_not_to_the_process(tmp_path: Path) -> None:
    """A template near the budget renders any number of forms: each has its own."""
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", (
        "{% for i in range(800) %}{{ ('x' * 100000)|length }}{% endfor %}")))
    for _ in range(3):
        template.render(form_context(make_applicant()))


def test_one_budget_for_all_the_parts_of_a_form(tmp_path: Path) -> None:
    """The body and the header each fit the budget; the form, which has both, does not."""
    half = "{% for i in range(700) %}{{ ('x' * 100000)|length }}{% endfor %}"
    FormTemplate.from_path(docx_template(tmp_path / "body.docx", half)).render(
        form_context(make_applicant()))
    template = FormTemplate.from_path(docx_template(tmp_path / "both.docx", half, header=half))
    with pytest.raises(UnsafeTemplate, match=r"both\.docx: .*too much"):
        template.render(form_context(make_applicant()))
