"""Shared fixtures: where the repository's data package and its primary sources live.

The sources are in the repository (``norms/sources/``), so no test skips for want of them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# The Office.js path of xlwings (NOTES.md): set before anything imports xlwings.
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
# Never the developer's own user data folder: an empty one for the session (tests that add
# data use the user_data fixture).
os.environ["NORMBOOK_DATA"] = tempfile.mkdtemp(prefix="normbook-test-data-")

# Tests of English wording run in English, as `--lang en` would; the tests of each part's
# Vietnamese or Chinese defaults and of the locale rules take the choice away
# (the `no_language_choice` fixture).
os.environ["NORMBOOK_LANG"] = "en"
# Today is 1 January 2024 for the forms (subprocesses too): their year defaults to today's,
# 2024 is the shipped timetable's, and no registration of 2024 has closed yet. Tests of the
# default and of closed registrations set their own day. The wages checks keep the real date.
os.environ["NORMBOOK_TODAY"] = "2024-01-01"

REPO = Path(__file__).parents[1]
NORMS_DIR = REPO / "norms"
SOURCES = NORMS_DIR / "sources"
SEED = SOURCES / "vn-circular-04-2022-TT-BKHCN.txt"

# The first query loads the data package; a deadline would make that example flaky.
settings.register_profile("normbook", deadline=None, max_examples=100)
settings.load_profile("normbook")


@pytest.fixture(scope="session")
def norms_dir() -> Path:
    """The committed data package (norms/ in the repository)."""
    return NORMS_DIR


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The circular's text as a list of lines; ``seed_lines[n - 1]`` is source line n."""
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(autouse=True, scope="session")
def _catalogs_of_the_checkout():
    """The catalog tools read the checkout's .po files and code: the installed package (a
    wheel in CI) carries only the compiled .mo (test_i18n checks those are the same)."""
    from normbook.i18n import catalogs

    patch = pytest.MonkeyPatch()
    patch.setattr(catalogs, "PACKAGE", REPO / "addin" / "normbook")
    patch.setattr(catalogs, "LOCALE", REPO / "addin" / "normbook" / "locale")
    yield
    patch.undo()


@pytest.fixture()
def no_language_choice(monkeypatch):
    """No --lang, no NORMBOOK_LANG and a C locale: every default as a new user meets it."""
    from normbook import i18n

    monkeypatch.delenv("NORMBOOK_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.use(None)
    yield
    i18n.use(None)


@pytest.fixture()
def user_data(tmp_path, monkeypatch) -> Path:
    """An empty user data folder of this test's own, named by NORMBOOK_DATA."""
    folder = tmp_path / "normbook-data"
    monkeypatch.setenv("NORMBOOK_DATA", str(folder))
    return folder


#: The last year chinese-calendar 1.11.0 knows. Tests that add a year of holidays (2027) pin
#: the package to what 1.11.0 knows, so a release that covers 2027 does not change them.
CALENDAR_LAST_YEAR = 2026


@pytest.fixture()
def calendar_through_2026(monkeypatch):
    """chinese-calendar as 1.11.0 knows it: a later year raises as the package does."""
    import chinese_calendar

    from normbook.exams import workdays

    real = chinese_calendar.is_workday

    def is_workday(day):
        if day.year > CALENDAR_LAST_YEAR:
            raise NotImplementedError(f"no schedule for {day.year} (test: as of 1.11.0)")
        return real(day)

    monkeypatch.setattr(chinese_calendar, "is_workday", is_workday)
    years = tuple(y for y in workdays.package_years() if y <= CALENDAR_LAST_YEAR)
    monkeypatch.setattr(workdays, "package_years", lambda: years)
