"""Importing normbook is cheap: no heavy library, no file read, no data loaded."""

from __future__ import annotations

import json
import subprocess
import sys

#: Heavy libraries, and the message machinery: catalogs are read when a text is shown, never
#: at import (the worksheet functions start as fast as before).
HEAVY = ("pandas", "docxtpl", "openpyxl", "xlwings", "gettext", "babel")
#: What importing the worksheet functions (which need xlwings) must still not import.
MESSAGES = ("gettext", "babel")

PROBE = r"""
import json, sys

opened = []
recording = True


def hook(event, args):
    if recording and event == "open" and isinstance(args[0], str) \
            and not args[0].endswith((".py", ".pyc", ".pth")):
        opened.append(args[0])


sys.addaudithook(hook)
import normbook
recording = False

heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
by_normbook = list(opened)
recording = True
import normbook.udfs
recording = False
udfs = sorted(m for m in sys.modules if m.split(".")[0] in MESSAGES)
catalogs = [name for name in opened if name.endswith((".mo", ".po"))]
import normbook.dataset

before = normbook.dataset.dataset.cache_info().currsize
# the probe can see a load: ask a question and the cache fills
answer = normbook.norm("VI", "labour_direct")
after = normbook.dataset.dataset.cache_info().currsize
print(json.dumps({"heavy": heavy, "opened": by_normbook, "udfs": udfs, "catalogs": catalogs,
                  "before": before, "after": after,
                  "answer": answer}))
"""


def _probe() -> dict:
    code = f"HEAVY = {HEAVY!r}\nMESSAGES = {MESSAGES!r}\n{PROBE}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_is_light_and_reads_no_file() -> None:
    result = _probe()
    assert result["heavy"] == [], f"import normbook imported {result['heavy']}"
    assert result["opened"] == [], f"import normbook opened {result['opened']}"
    assert result["udfs"] == [], f"import normbook.udfs imported {result['udfs']}"
    assert result["catalogs"] == [], f"import normbook.udfs read {result['catalogs']}"
    assert result["before"] == 0, "import normbook loaded the data package"
    # the probe is not blind: a query loads the data once
    assert result["answer"] == 280
    assert result["after"] == 1
