"""One type for a note a person reads (i18n.Text): its str is the English text programs and
tests read; every place that shows it renders it in that place's language (a workbook in
the workbook's, the terminal in the terminal's, a message's fact in the message's)."""

from __future__ import annotations

import openpyxl
import pytest
from test_userdata import run
from test_wages_beyond import WARNING_2030

from normbook import i18n, wages
from normbook.estimate import EstimateRequest, estimate
from normbook.estimate.workbook import build_estimate_workbook
from normbook.i18n import Domain, Text, rendered

_ = Domain("normbook.estimate.compute")

#: Appendices whose notes are of every kind: the base salary (a catalog message with a
#: message as a fact), the counts, the source's irregularities (texts written per language).
APPENDICES = ("III", "XIX")


def test_a_text_is_its_english_and_renders_when_asked():
    note = Text(_.later("base salary {year}: {formula}", year=2024,
                        formula=wages.base_salary(2024).formula_message()))
    fixed = Text("the source stops", vi="nguồn dừng lại", zh="来源中断")
    for lang in i18n.LANGUAGES:
        with i18n.speaking(lang):  # str, format and == never follow the language
            assert str(note) == f"{note}" == "base salary 2024: (6 × 1,800,000 + 6 × 2,340,000) " \
                "÷ 12 = 2,070,000"
            assert str(fixed) == "the source stops" and fixed == "the source stops"
            assert rendered(fixed) == {"en": "the source stops", "vi": "nguồn dừng lại",
                                       "zh": "来源中断"}[lang]
    assert note.render("vi") == "Mức lương cơ sở năm 2024: (6 × 1.800.000 + 6 × 2.340.000) ÷ 12 " \
        "= 2.070.000"
    assert note.render("zh") == "2024年度基本工资：(6 × 1,800,000 + 6 × 2,340,000) ÷ 12 = 2,070,000"
    assert Text(note) is note and rendered("plain") == "plain"
    assert Text("only English", vi="chỉ tiếng Việt").render("zh") == "chỉ tiếng Việt"


def test_a_text_given_as_a_fact_is_said_in_the_messages_language():
    note = Text("the source stops", vi="nguồn dừng lại", zh="来源中断")
    message = _.later("{what}: {note}", what="XIX", note=note)
    assert message.render("vi") == "XIX: nguồn dừng lại"
    assert message.render("zh").endswith("来源中断")
    with i18n.speaking("vi"):
        assert _("{what}: {note}", what="XIX", note=note) == "XIX: nguồn dừng lại"


def _texts(book) -> list[str]:
    return [c.value for row in book.worksheets[0].iter_rows() for c in row
            if isinstance(c.value, str)]


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_notes_read_in_the_workbooks_language(lang):
    result = estimate(EstimateRequest(APPENDICES, 2030))
    notes = (*result.notes, *result.warnings)
    assert all(isinstance(n, Text) for n in notes)
    assert any(n.render(lang) != n for n in notes)  # something to tell apart
    with i18n.speaking("en"):  # whatever the language around, the workbook says its own
        texts = _texts(build_estimate_workbook(result, lang=lang))
    for note in notes:
        assert note.render(lang) in texts, note
        if note.render(lang) != note:
            assert note not in texts, note  # never the English beside it
    salary = next(t for t in texts if "12 = 2" in t)  # the base salary's row: its warning too
    assert WARNING_2030[lang] in salary


def test_an_english_terminal_beside_a_vietnamese_workbook(no_language_choice, monkeypatch,
                                                          capsys, tmp_path):
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the terminal English, the documents their own
    code, _out, err = run(capsys, "estimate", "--appendix", "III", "--year", "2030",
                          "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert WARNING_2030["en"] in err and WARNING_2030["vi"] not in err
    texts = _texts(openpyxl.load_workbook(tmp_path / "out" / "estimate.xlsx"))
    assert WARNING_2030["vi"] in texts and WARNING_2030["en"] not in texts
