"""Read a labour section (A. Định mức lao động) into labour lines and breakdown steps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import skip_column_header
from .notation import parse_number
from .raw import Cell, Irregularity, LabourLine, Step, Work

WORK = re.compile(r"Công việc (\d+)(?: và (\d+))?\s*[:.]?\s*(.*)", re.DOTALL)
_SUB_CONTENT = re.compile(r"Nội dung (\d+)\s*[:.]\s*(.*)")
_STT = re.compile(r"[IVXL]+|[a-z]|\d{1,2}")
_SPECIALIST = "Định mức công lao động có chuyên môn"
_GENERAL = "Định mức công lao động phổ thông"
_RANK = re.compile(r"(?:Hoặc\s+)?Trình (độ|đô)\s*:\s*(.*?)\s*(?:Mã số\s*[:.]\s*(V\.[\d.]+\d))?\s*$")
_GRADE = re.compile(
    r"Bậc\s*:?\s*(?P<k>\d+)\s*(?:(?P<slash>/+)\s*(?P<n>\d+))?\s*"
    r"(?:\(PTN loại (?P<cls>\d)\))?\s*(?P<rest>.*)$"
)
_CLASS_NOTE = re.compile(r"Cho PTN loại (\d)")
_INDIRECT = "Định mức lao động gián tiếp"
GENERAL_RANK = "Lao động phổ thông"


@dataclass
class _Pending:
    category: str
    rank: str
    rank_code: str
    grade: str
    grade_as_written: str
    lab_class: str
    lines: list[int]


@dataclass
class LabourResult:
    works: list[Work] = field(default_factory=list)
    lines: list[LabourLine] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    irregularities: list[Irregularity] = field(default_factory=list)


def read_labour(appendix: str, cells: list[Cell]) -> LabourResult:
    """Labour lines, breakdown steps and irregularities of one appendix's labour section."""
    reader = _LabourReader(appendix)
    body = skip_column_header(cells)
    for i, cell in enumerate(body):
        following = body[i + 1].text if i + 1 < len(body) else ""
        if cell.text == "B" and following.startswith(_INDIRECT):
            break
        reader.feed(cell, following)
    reader.finish()
    return reader.result


class _LabourReader:
    def __init__(self, appendix: str):
        self.appendix = appendix
        self.result = LabourResult()
        self.work: str | None = None
        self.category = ""
        self.rank = ""
        self.rank_code = ""
        self.rank_line = 0
        self.sub_item = ""
        self.pending: list[_Pending] = []
        self.last_emitted: list[LabourLine] = []
        self.open_step: Step | None = None
        self.seq = 0

    def irregular(self, kind: str, line: int, detail: str) -> None:
        self.result.irregularities.append(
            Irregularity(self.appendix, "labour", kind, line, detail)
        )

    def feed(self, cell: Cell, following: str) -> None:
        text = cell.text
        if m := WORK.fullmatch(text):
            self.start_work(cell, m)
        elif self.work is None:
            return  # "A", "Lao động trực tiếp", the STT of the first work
        elif text == _SPECIALIST:
            self.category, self.rank, self.rank_code = "chuyen_mon", "", ""
        elif text == _GENERAL:
            self.category, self.rank, self.rank_code = "pho_thong", GENERAL_RANK, ""
            self.rank_line = cell.line
        elif m := _SUB_CONTENT.fullmatch(text):
            self.sub_item = f"Nội dung {m.group(1)}: {m.group(2)}"
        elif _RANK.match(text):
            self.set_rank(cell, text)
        elif text.startswith("Bậc"):
            self.add_grade(cell)
        elif m := _CLASS_NOTE.fullmatch(text):
            self.mark_class(cell, f"PTN{m.group(1)}")
        elif (value := parse_number(text)) is not None:
            self.add_value(cell, value, following)
        elif _STT.fullmatch(text):
            return  # a row number: "II", "a", "b", "1"
        else:
            self.add_step(cell)

    def start_work(self, cell: Cell, m: re.Match[str]) -> None:
        self.close_work()
        number = m.group(1) if not m.group(2) else f"{m.group(1)}+{m.group(2)}"
        self.work = number
        self.category = self.rank = self.rank_code = self.sub_item = ""
        self.pending, self.last_emitted, self.open_step = [], [], None
        self.result.works.append(Work(self.appendix, "labour", number, m.group(3), cell.line))

    def close_work(self) -> None:
        if self.work is None:
            return
        if self.pending:
            p = self.pending[0]
            self.irregular("missing_value", p.lines[-1],
                           f"work {self.work}: grade {p.grade_as_written!r} has no công")
        if not any(x.work == self.work for x in self.result.lines):
            title = self.result.works[-1]
            self.irregular("missing_value", title.line,
                           f"work {self.work} is listed without any labour line or công")

    def finish(self) -> None:
        self.close_work()

    def set_rank(self, cell: Cell, text: str) -> None:
        m = _RANK.match(text)
        if m.group(1) == "đô":
            self.irregular("malformed_label", cell.line, f"'Trình đô' for 'Trình độ' in {text!r}")
        self.rank = m.group(2).strip()
        self.rank_code = m.group(3) or ""
        self.rank_line = cell.line
        if not self.category:
            self.category = "chuyen_mon"

    def add_grade(self, cell: Cell) -> None:
        m = _GRADE.match(cell.text)
        if not m:
            self.irregular("unreadable_cell", cell.line, f"grade cell {cell.text!r} not understood")
            return
        rest = m.group("rest").strip()
        if rest:
            if _RANK.match(rest):
                # "Bậc: 1/8 Trình độ: Kỹ sư chính (hạng II) ...": the rank in the same cell
                self.set_rank(cell, rest)
            else:
                self.irregular("unreadable_cell", cell.line, f"text after the grade: {rest!r}")
        k, n = m.group("k"), m.group("n")
        if m.group("slash") and len(m.group("slash")) > 1:
            self.irregular("malformed_grade", cell.line, f"{cell.text!r} read as {k}/{n}")
        if n is None:
            self.irregular("grade_without_scale", cell.line,
                           f"{cell.text!r} gives grade {k} without its scale (k/n)")
        grade = f"{k}/{n}" if n else k
        lines = [cell.line] if self.rank_line == 0 else [self.rank_line, cell.line]
        self.pending.append(_Pending(
            self.category or "chuyen_mon", self.rank, self.rank_code, grade, cell.text,
            f"PTN{m.group('cls')}" if m.group("cls") else "", lines,
        ))

    def add_value(self, cell: Cell, value, following: str) -> None:
        if self.pending:
            emitted = []
            for p in self.pending:
                self.seq += 1
                line = LabourLine(
                    self.appendix, self.work, self.seq, p.category, p.rank, p.rank_code, p.grade,
                    p.grade_as_written, p.lab_class, value, cell.text, self.sub_item,
                    sorted({*p.lines, cell.line}),
                )
                self.result.lines.append(line)
                emitted.append(line)
            self.pending, self.last_emitted = [], emitted
            return
        if self.open_step is not None and self.open_step.cong is None:
            self.open_step.cong, self.open_step.cong_as_written = value, cell.text
            return
        if WORK.match(following) or _SUB_CONTENT.match(following):
            return  # an arabic row number before the next work or content
        self.irregular("stray_cell", cell.line, f"number {cell.text!r} belongs to no grade or step")

    def mark_class(self, cell: Cell, lab_class: str) -> None:
        if not self.last_emitted:
            self.irregular("stray_cell", cell.line, f"{cell.text!r} follows no labour line")
            return
        for line in self.last_emitted:
            if line.lab_class and line.lab_class != lab_class:
                self.irregular("conflicting_class", cell.line,
                               f"line already marked {line.lab_class}, note says {lab_class}")
            line.lab_class = lab_class
            line.lines = sorted({*line.lines, cell.line})

    def add_step(self, cell: Cell) -> None:
        if not self.last_emitted:
            self.irregular("unreadable_cell", cell.line, f"{cell.text!r} before any labour line")
            return
        text = cell.text
        level = 2 if text.startswith("+") else 1
        label = text.lstrip("-+ ").strip()
        work_steps = [s for s in self.result.steps if s.work == self.work]
        step = Step(self.appendix, self.work, len(work_steps) + 1, level, label, None, "",
                    self.last_emitted[0].cong, cell.line)
        self.result.steps.append(step)
        self.open_step = step
