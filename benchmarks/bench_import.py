"""Import time: `python -c "import timeback_caliper"`, ours against the vendor client's.

Median of 15 fresh interpreters each, after one warm-up run that writes the bytecode
caches (as `pip install` does). Also `from timeback_caliper import CaliperClient`,
which loads httpx and the generated package. Target: the plain import in at most half the
vendor's time.
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

VENDOR = pathlib.Path(__file__).resolve().parents[1] / ".venv-vendor" / "bin" / "python"
RUNS = 15


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


def main() -> None:
    bare = _median(sys.executable, "pass")
    ours = _median(sys.executable, "import timeback_caliper")
    ours_client = _median(sys.executable, "from timeback_caliper import CaliperClient")
    report("interpreter start, nothing imported", bare * 1000, "ms")
    if VENDOR.exists():
        vendor = _median(str(VENDOR), "import timeback_caliper")
        vendor_client = _median(str(VENDOR), "from timeback_caliper import CaliperClient")
        report("vendor: import timeback_caliper (baseline)", vendor * 1000, "ms")
        report(
            "ours:   import timeback_caliper",
            ours * 1000,
            "ms",
            baseline=vendor * 1000,
            note="target <= 0.5",
        )
        report("vendor: from timeback_caliper import CaliperClient", vendor_client * 1000, "ms")
        report(
            "ours:   from timeback_caliper import CaliperClient",
            ours_client * 1000,
            "ms",
            baseline=vendor_client * 1000,
        )
    else:
        report(
            "ours: import timeback_caliper", ours * 1000, "ms", note="vendor client not installed"
        )
        report("ours: from timeback_caliper import CaliperClient", ours_client * 1000, "ms")
