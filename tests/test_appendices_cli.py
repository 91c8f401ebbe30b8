"""`normbook appendices` prints each standard's name whole; a column before it is cut with …"""

from __future__ import annotations

from normbook.cli import _print_table, main
from normbook.query import appendices


def test_every_standard_name_is_printed_whole(capsys) -> None:
    assert main(["appendices"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    standards = [a.standard for a in appendices()]
    assert len(lines) == len(standards) == 31
    assert max(len(s) for s in standards) > 48  # the names the old 48-column cut broke
    for line, standard in zip(lines, standards, strict=True):
        assert line.endswith(standard.replace("\n", " / ")), line


def test_a_long_cell_before_the_last_column_is_cut_with_an_ellipsis(capsys) -> None:
    _print_table([{"a": "x" * 60, "b": "end"}, {"a": "short", "b": "end"}], ["a", "b"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "x" * 47 + "…  end"
    assert lines[2] == "short" + " " * 43 + "  end"
