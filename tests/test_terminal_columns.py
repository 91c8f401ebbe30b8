"""Printed tables line up in every language: columns measured in terminal columns (a Chinese
character takes two), headers apart by two spaces at least (Vietnamese headers have spaces)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from normbook.terminal import clipped, padded, width


def test_width_counts_terminal_columns():
    assert width("labour") == 6
    assert width("Số dòng thiết bị") == 16          # precomposed Vietnamese: one each
    assert width("So\u0302\u0301 dòng") == 7           # combining accents take none
    assert width("人工行数") == 8 and width("附录 VI") == 7
    assert padded("附录", 6) == "附录  " and padded("附录", 6, ">") == "  附录"
    assert clipped("计量基准名称", 5) == "计量"         # never half a wide character
    assert clipped("abc", 5) == "abc"


def _check(lang: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "normbook", "--lang", lang, "check"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _right_edges(line: str, cells: int) -> list[int]:
    """Where each of the first ``cells`` space-separated cells ends, in terminal columns."""
    edges = []
    for found in re.finditer(r"\S+(?: \S+)*", line):  # a Vietnamese header has single spaces
        edges.append(width(line[:found.end()]))
        if len(edges) == cells:
            break
    return edges


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_check_header_lines_up_with_its_counts(lang):
    lines = _check(lang)
    header, first = lines[0], lines[1]
    assert "   " not in header.split("  ")[0]  # the first header is one cell
    # the headers are apart (two spaces at least), so each is one cell, and each count ends
    # under the end of its header
    head = [h for h in re.split(r" {2,}", header) if h]
    assert len(head) == 7, head
    counts = first.split()[1:6]
    assert all(c.isdigit() for c in counts), first
    assert _right_edges(header, 6)[1:] == _right_edges(first, 6)[1:]


def test_check_lists_the_kinds_in_one_column_in_chinese():
    lines = _check("zh")
    start = next(i for i, line in enumerate(lines) if line.startswith("从来源文本中记录的原文异常"))
    end = lines.index("", start)  # the counts, then a blank line, then the listing
    rows = lines[start + 1:end]
    assert len(rows) > 10 and all(row.rstrip()[-1].isdigit() for row in rows)
    # each count starts at the same terminal column
    starts = {width(row[:re.search(r"\d+$", row.rstrip()).start()]) for row in rows}
    assert len(starts) == 1, rows
