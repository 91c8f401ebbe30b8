"""Ready to publish: ``python -m build`` makes an sdist and a pure-Python wheel of this version
that ``twine check`` passes; the wheel ships the package with its data and templates, the
sdist also the primary sources, the tests, the licence and the changelog.

Both are built once, from a copy of the repository's files (git's tracked and not ignored
ones, so nothing built or cached, and no build/ or egg-info appears in the checkout), with
``--no-isolation``: the build runs offline with the setuptools and wheel of the [test] extra.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import normbook

REPO = Path(__file__).parents[1]
VERSION = normbook.__version__
NOT_SOURCE = (".git", ".venv", "build", "dist", "node_modules", "wheels", "*.egg-info",
              "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis")


def _repository_files() -> list[str] | None:
    """The checkout's files as git sees them (tracked, or new and not ignored); None outside
    a git checkout (tests run from an unpacked sdist)."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], cwd=REPO, capture_output=True,
                              timeout=60, check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return sorted({name for name in done.stdout.decode("utf-8").split("\0") if name})


def _copy_sources(target: Path) -> None:
    names = _repository_files()
    if names is None:
        shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(*NOT_SOURCE))
        return
    for name in names:
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("packaging")
    source, out = root / "source", root / "dist"
    _copy_sources(source)
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                           str(out), str(source)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, (
        f"python -m build failed (pip install -e '.[test]' installs build, setuptools and "
        f"wheel):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def _wheel_names(dists: dict[str, Path]) -> set[str]:
    with zipfile.ZipFile(dists["wheel"]) as archive:
        return set(archive.namelist())


def _sdist_names(dists: dict[str, Path]) -> set[str]:
    prefix = f"normbook-{VERSION}/"
    with tarfile.open(dists["sdist"]) as archive:
        names = archive.getnames()
    assert all(name.startswith(prefix) or name == prefix.rstrip("/") for name in names)
    return {name[len(prefix):] for name in names if name.startswith(prefix)}


def _setup_packages() -> list[str]:
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    return setup["options"]["packages"].split()


# ---- the version ------------------------------------------------------------------------

def test_the_version_is_written_once() -> None:
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    assert setup["metadata"]["version"] == "attr: normbook.__version__"
    requirement = (REPO / "addin" / "requirements-lite.txt").read_text(encoding="utf-8")
    assert f"normbook=={VERSION}" in requirement.splitlines()


def test_the_changelog_has_this_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{VERSION}]" in changelog


# ---- the wheel --------------------------------------------------------------------------

def test_wheel_is_this_version_and_pure_python(dists: dict[str, Path]) -> None:
    assert dists["wheel"].name == f"normbook-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(dists["wheel"]) as archive:
        metadata = archive.read(f"normbook-{VERSION}.dist-info/METADATA").decode("utf-8")
        wheel = archive.read(f"normbook-{VERSION}.dist-info/WHEEL").decode("utf-8")
    assert f"\nVersion: {VERSION}\n" in metadata
    assert "Root-Is-Purelib: true" in wheel and "Tag: py3-none-any" in wheel


def test_wheel_has_every_subpackage(dists: dict[str, Path]) -> None:
    names = _wheel_names(dists)
    packages = _setup_packages()
    for package in packages:
        assert f"{package.replace('.', '/')}/__init__.py" in names, package
    # and setup.cfg lists every package the source tree has
    source = REPO / "addin"
    found = {str(init.parent.relative_to(source)).replace("/", ".").replace("\\", ".")
             for init in source.glob("normbook/**/__init__.py")}
    assert found <= set(packages), f"not in setup.cfg's packages: {sorted(found - set(packages))}"


def test_wheel_has_the_data_and_templates_not_the_sources(dists: dict[str, Path]) -> None:
    names = _wheel_names(dists)
    norms = REPO / "norms"
    expected = [f"normbook/norms/{path.relative_to(norms).as_posix()}"
                for folder in ("", "exams", "wages", "examples")
                for path in sorted((norms / folder).glob("*"))
                if path.suffix in {".csv", ".json"}]
    assert len(expected) > 10
    assert "normbook/norms/labour.csv" in expected
    assert not [name for name in expected if name not in names]
    templates = sorted((REPO / "templates").glob("*.docx"))
    assert templates
    assert not [t.name for t in templates if f"normbook/templates/{t.name}" not in names]
    assert not [name for name in names if name.startswith("normbook/norms/sources/")]
    assert not [name for name in names if name.startswith("tests/")]


def test_wheel_carries_the_licence(dists: dict[str, Path]) -> None:
    names = _wheel_names(dists)
    assert [name for name in names
            if name.startswith(f"normbook-{VERSION}.dist-info/") and name.endswith("LICENSE")]


# ---- the sdist --------------------------------------------------------------------------

def test_sdist_carries_sources_tests_licence_and_changelog(dists: dict[str, Path]) -> None:
    assert dists["sdist"].name == f"normbook-{VERSION}.tar.gz"
    names = _sdist_names(dists)
    sources = sorted((REPO / "norms" / "sources").glob("*.txt"))
    assert sources
    assert not [s.name for s in sources if f"norms/sources/{s.name}" not in names]
    assert {"LICENSE", "CHANGELOG.md", "README.md", "setup.cfg", "pyproject.toml",
            "tests/conftest.py", "tests/test_packaging.py", "addin/normbook/__init__.py"} <= names
    assert not [name for name in names if "node_modules" in name or "__pycache__" in name]


# ---- twine ------------------------------------------------------------------------------

def test_twine_check_passes(dists: dict[str, Path]) -> None:
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                           str(dists["sdist"]), str(dists["wheel"])],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout
