"""Import time, ours against the vendor client's, each in a venv holding only what it needs
at run time (no dev tools: in the dev venv httpx also imports `rich` because it is there).

Ours: this checkout installed (`pip install .`, no extras) into a fresh venv on Python 3.11.
The vendor's: `.venv-vendor` (its package and its dependencies only, Python 3.12). Median of
15 fresh interpreters each, after one warm-up run that writes the bytecode caches (as
`pip install` does). Targets: `import timeback_caliper` in at most half the vendor's time;
`from timeback_caliper import CaliperClient` plus constructing a client in at most half the
time the vendor takes to import its client.
"""

from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks._support import report

ROOT = pathlib.Path(__file__).resolve().parents[1]
VENDOR = ROOT / ".venv-vendor" / "bin" / "python"
RUNS = 15
CONSTRUCT = (
    "from timeback_caliper import CaliperClient;"
    "CaliperClient(base_url='https://api.example.com', auth_url='https://auth.example.com/t',"
    " client_id='id', client_secret='secret')"
)

# As after `pip install`, which compiles bytecode: let the warm-up run write .pyc files
# even where PYTHONDONTWRITEBYTECODE is set (as on this workplace's machines).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _median(python: str, code: str) -> float:
    # Outside the checkout: the vendor's package has our package's import name.
    subprocess.run([python, "-c", code], check=True, cwd=tempfile.gettempdir(), env=ENV)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, cwd=tempfile.gettempdir(), env=ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _runtime_venv(where: str) -> str:
    """A venv with this checkout and its run-time dependencies only; its python."""
    subprocess.run([sys.executable, "-m", "venv", where], check=True)
    python = os.path.join(where, "bin", "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return python


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours = _runtime_venv(os.path.join(tmp, "runtime"))
        bare = _median(ours, "pass")
        plain = _median(ours, "import timeback_caliper")
        client = _median(ours, CONSTRUCT)
    report("interpreter start, nothing imported", bare * 1000, "ms")
    if not VENDOR.exists():
        report("ours: import timeback_caliper", plain * 1000, "ms", note="no vendor venv")
        report("ours: import + construct CaliperClient", client * 1000, "ms")
        return
    vendor = _median(str(VENDOR), "import timeback_caliper")
    vendor_client = _median(str(VENDOR), "from timeback_caliper import CaliperClient")
    report("vendor: import timeback_caliper (baseline)", vendor * 1000, "ms")
    report(
        "ours:   import timeback_caliper",
        plain * 1000,
        "ms",
        baseline=vendor * 1000,
        note="target <= 0.5",
    )
    report("vendor: from timeback_caliper import CaliperClient", vendor_client * 1000, "ms")
    report(
        "ours:   the same, and a client constructed",
        client * 1000,
        "ms",
        baseline=vendor_client * 1000,
        note="target <= 0.5",
    )
