"""Benchmark: 500 application forms from a roster, against docx-mailmerge2. Measures only.

Run: python bench/bench_forms.py [--applicants 500] [--jobs 2] [--repeat 3]
(docx-mailmerge2 comes with ``pip install ".[bench]"``.)

Contenders, in one run, on the same applicants and the same form:
- normbook forms, serial and on ``--jobs`` processes: the whole batch (read the roster with
  pandas, group, validate, render, write each .docx atomically, write the reports);
- normbook render only: FormTemplate.render per form, in memory (the cost of filling);
- docxtpl as documented: a new DocxTemplate per form, render with the same sandboxed,
  autoescaping environment, save (on a sample: it is slow);
- docx-mailmerge2 filling a MERGEFIELD version of the same template (each ``{{ x }}`` run
  replaced by a MERGEFIELD), one MailMerge per form from the template's bytes in memory,
  written to disk: the peer the issue names. It is given the rows already read.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from normbook.forms.applicant import APPLICANT_FIELDS, PROJECT_FIELDS
from normbook.forms.render import default_template, form_context
from normbook.forms.validate import id_check_character

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华"
PROJECTS = [
    ("热工", "工作用玻璃液体温度计", "", "JJG 130-2011 工作用玻璃液体温度计检定规程"),
    ("力学", "电子天平", "Ⅰ级", "JJG 1036-2022 电子天平检定规程"),
    ("力学", "压力表", "一般压力表", "JJG 52-2013 弹性元件式一般压力表检定规程"),
    ("电磁", "数字多用表", "", "JJG 315-1983 直流数字电压表检定规程"),
    ("长度", "千分尺", "外径千分尺", "JJG 21-2008 千分尺检定规程"),
    ("化学", "pH计", "", "JJG 119-2018 实验室pH（酸度）计检定规程"),
]
SITES = ["杭州", "金华", "台州", "温州", "宁波", "绍兴"]


def roster_rows(applicants: int, seed: int = 2024) -> list[dict[str, str]]:
    """A valid roster: each applicant with 1-3 projects (one row per project)."""
    rng = random.Random(seed)
    rows = []
    for i in range(applicants):
        first17 = f"3301061985{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}"
        site = SITES[i % len(SITES)]
        applicant = {
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "title": rng.choice(["工程师", "助理工程师", "高级工程师"]),
            "id_number": first17 + id_check_character(first17),
            "education": rng.choice(["本科", "大专", "硕士研究生"]),
            "phone": f"138{i:08d}",
            "employer": "浙江省计量科学研究院",
            "employer_address": "浙江省杭州市西湖区学院路60号",
            "postcode": "310012",
            "region": "杭州市",
            "employer_type": "省级法定计量检定机构",
            "period": str(rng.choice([1, 3, 4])),
            "site": site,
        }
        for project in rng.sample(PROJECTS, rng.randint(1, 3)):
            rows.append({**applicant, **dict(zip(PROJECT_FIELDS, project, strict=True))})
    return rows


def write_roster(rows: list[dict[str, str]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    columns = [*APPLICANT_FIELDS, *PROJECT_FIELDS]
    sheet.append(columns)
    for row in rows:
        sheet.append([row[c] for c in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.number_format = "@"
    book.save(path)


def mergefield_template() -> bytes:
    """The shipped template with each ``{{ x }}`` run replaced by a MERGEFIELD field."""
    import zipfile

    from lxml import etree

    from normbook._resources import templates_dir

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    data = templates_dir().joinpath("application_form.docx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    for t in root.iter(f"{{{w}}}t"):
        m = re.fullmatch(r"\{\{ (?:projects\[(\d)\]\.)?(\w+) \}\}", t.text or "")
        if not m:
            continue
        field = f"p{int(m.group(1)) + 1}_{m.group(2)}" if m.group(1) else m.group(2)
        run = t.getparent()
        simple = etree.Element(f"{{{w}}}fldSimple")
        simple.set(f"{{{w}}}instr", f" MERGEFIELD {field} ")
        run.addprevious(simple)
        simple.append(run)
        t.text = f"«{field}»"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/document.xml":
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info.filename, blob)
    return out.getvalue()


def merge_values(context: dict) -> dict[str, str]:
    values = {k: v for k, v in context.items() if k != "projects"}
    for i, row in enumerate(context["projects"], start=1):
        values.update({f"p{i}_{k}": v for k, v in row.items()})
    return values


def contexts(rows: list[dict[str, str]]) -> list[dict]:
    from normbook.forms.roster import RosterRow, group_rows

    grouped = group_rows([RosterRow(i + 2, r) for i, r in enumerate(rows)])
    return [form_context(a) for a in grouped.applicants]


REPEAT = 3


def timed(label: str, forms: int, run) -> float:
    """The best of REPEAT runs (the machine may be busy with something else)."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    total = min(times)
    print(f"{label:48} {total:8.2f} s  {total / forms * 1000:7.2f} ms/form  ({forms} forms, "
          f"best of {REPEAT})")
    return total


def main() -> None:
    global REPEAT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--docxtpl-sample", type=int, default=50,
                        help="forms for the (slow) plain docxtpl contender")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per contender (best)")
    args = parser.parse_args()
    REPEAT = args.repeat
    from normbook.forms.batch import write_forms

    rows = roster_rows(args.applicants)
    work = Path(tempfile.mkdtemp(prefix="normbook-bench-forms-"))
    try:
        roster = work / "roster.xlsx"
        write_roster(rows, roster)
        ctxs = contexts(rows)
        n = len(ctxs)
        print(f"python {sys.version.split()[0]}, {len(rows)} roster rows, {n} applicants")
        default_template()  # parse once, outside the timings (the pool parses its own)

        def batch(jobs: int, out: str):
            def run():
                result = write_forms(roster, work / out, jobs=jobs, force=True)
                assert len(result.forms) == n and not result.rejections, result.summary()
            return run

        timed("normbook forms, serial (whole batch)", n, batch(1, "serial"))
        ours = timed(f"normbook forms, {args.jobs} processes (whole batch)", n,
                     batch(args.jobs, "parallel"))
        tpl = default_template()
        timed("normbook render only, in memory", n, lambda: [tpl.render(c) for c in ctxs])
        _docxtpl(ctxs[:args.docxtpl_sample], work)
        peer = _mailmerge(ctxs, work)
        if peer:
            print(f"per form: normbook {ours / n * 1000:.2f} ms vs docx-mailmerge2 "
                  f"{peer / n * 1000:.2f} ms ({peer / ours:.1f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _docxtpl(ctxs: list[dict], work: Path) -> None:
    from docxtpl import DocxTemplate

    from normbook._resources import templates_dir
    from normbook.forms.render import _environment

    data = templates_dir().joinpath("application_form.docx").read_bytes()
    out = work / "docxtpl"
    out.mkdir(exist_ok=True)

    def run():
        for i, context in enumerate(ctxs):
            doc = DocxTemplate(io.BytesIO(data))
            doc.render(context, _environment(), autoescape=True)
            doc.save(out / f"{i}.docx")

    timed("docxtpl as documented, new DocxTemplate per form", len(ctxs), run)


def _mailmerge(ctxs: list[dict], work: Path) -> float | None:
    try:
        from mailmerge import MailMerge
    except ImportError:
        print("docx-mailmerge2 is not installed (pip install '.[bench]'): peer skipped")
        return None
    data = mergefield_template()
    out = work / "mailmerge"
    out.mkdir(exist_ok=True)
    values = [merge_values(c) for c in ctxs]

    def run():
        for i, v in enumerate(values):
            with MailMerge(io.BytesIO(data)) as doc:
                doc.merge(**v)
                doc.write(str(out / f"{i}.docx"))

    total = timed("docx-mailmerge2, MERGEFIELD template, serial", len(values), run)
    from docx import Document  # the peer really filled the form: check one

    text = "".join(c.text for c in Document(str(out / "0.docx")).tables[0].rows[0].cells)
    assert values[0]["name"] in text and values[0]["id_number"] in text, text
    return total


if __name__ == "__main__":
    main()
