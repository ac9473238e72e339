"""The vendor's published client (timeback-caliper 0.4.0, Python >= 3.12) against the sandbox.

`make test` creates `.venv-vendor` with it (from Python 3.12, which `make test` needs
anyway); without it this test fails and says how to make it.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

from tests.spec_tools import ROOT
from timeback_caliper.sandbox import Sandbox

VENDOR_PYTHON = ROOT / ".venv-vendor" / "bin" / "python"
SCRIPT = pathlib.Path(__file__).parents[1] / "vendor" / "vendor_quickstart.py"


def test_vendor_client_works_end_to_end(caliper_sandbox: Sandbox) -> None:
    """send_activity, send_time_spent, wait_for_completion, list with filters, get, stream."""
    assert VENDOR_PYTHON.exists(), f"no vendor client in {VENDOR_PYTHON}: run make test-fast"
    result = subprocess.run(
        [str(VENDOR_PYTHON), str(SCRIPT)],
        env={**os.environ, **caliper_sandbox.env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    seen = json.loads(result.stdout)
    stored = [e["externalId"] for e in caliper_sandbox.events()]

    assert ["completed", "completed"] == seen["job_states"]
    assert [[stored[0]], [stored[1]]] == seen["results"]
    assert ([stored[1], stored[0]], 2) == (seen["listed"], seen["total"])
    assert stored[1] == seen["got"]
    assert [stored[1], stored[0]] == seen["streamed"]
