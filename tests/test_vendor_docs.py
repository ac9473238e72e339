"""The Python snippets of the vendor's documentation page run unchanged against the
sandbox, on our package and, the same way, on the vendor's (so the harness in
tests/vendor/docs_page.py asks nothing of the page that the vendor's own client does not
do).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from typing import Any

import pytest

from tests.spec_tools import ROOT
from tests.vendor import docs_page
from timeback_caliper.sandbox import Sandbox

VENDOR_PYTHON = ROOT / ".venv-vendor" / "bin" / "python"
SCRIPT = ROOT / "tests" / "vendor" / "docs_page.py"


def _run(python: str, sandbox: Sandbox, sensor: str, cwd: pathlib.Path) -> dict[str, Any]:
    vendor = python == str(VENDOR_PYTHON)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TIMEBACK", "CALIPER"))}
    env = {
        **clean,
        **sandbox.env,  # TIMEBACK_API_*: they win over env="staging"
        "CALIPER_CLIENT_ID": sandbox.client_id,  # what the page's reader sets
        "CALIPER_CLIENT_SECRET": sandbox.client_secret,
        "DOCS_PAGE_SENSOR": sensor,
        "DOCS_PAGE_VENDOR": "1" if vendor else "0",
    }
    done = subprocess.run(
        [python, str(SCRIPT)], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert 0 == done.returncode, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout)
    return seen


def test_the_page_has_the_five_python_snippets_the_harness_fills() -> None:
    """A guard on the harness: the page's snippets are all found, each `...` argument has
    its value."""
    found = docs_page.snippets()

    assert 5 == len(found)
    for _, code in found:
        docs_page._compiled(code, "page")  # every `...` keyword is in FILL


@pytest.mark.parametrize("whose", ["ours", "vendor"])
def test_every_python_snippet_of_the_vendor_page_runs_against_the_sandbox(
    whose: str, caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """`CaliperClient(env="staging", ...)`, `await client.events.send_activity(...)`,
    `send_time_spent`, `jobs.get_status`, `wait_for_completion`, `list`, `get`, `stream`."""
    if whose == "vendor":
        assert VENDOR_PYTHON.exists(), f"no vendor client in {VENDOR_PYTHON}: run make test-fast"
        python, cwd = str(VENDOR_PYTHON), tmp_path  # outside the checkout: its own package
        module = "timeback_caliper.client"
    else:
        python, cwd = sys.executable, ROOT
        module = "timeback_caliper._async.client"
    sensor = f"https://myapp.example.com/sensors/{whose}"

    seen = _run(python, caliper_sandbox, sensor, cwd)
    stored = [e for e in caliper_sandbox.events() if e["sensor"] == sensor]

    assert [line for line, _ in docs_page.snippets()] == seen["ran"]
    assert module == seen["module"]
    assert ("completed", 1) == (seen["state"], seen["stored"])
    assert 3 == len(stored)  # the activity, the time spent, the job monitoring's send
