"""Event factories: build and serialize 10,000 activity events, ours against the vendor's.

Ours: `create_activity_event` (validation included) then `json.dumps`. The vendor's
(timeback-caliper 0.4.0, pydantic, in .venv-vendor on Python 3.12): its
`create_activity_event` then `model_dump(mode="json", by_alias=True)` and `json.dumps`.
Both in the same run; target: ours at least 1.5x as fast.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import tempfile
import time

from benchmarks._support import report
from timeback_caliper import create_activity_event

N = 10_000
VENDOR = pathlib.Path(__file__).resolve().parents[1] / ".venv-vendor" / "bin" / "python"
INPUT = {
    "actor": {
        "id": "https://api.example.com/users/1",
        "type": "TimebackUser",
        "email": "s@example.edu",
    },
    "object": {
        "id": "https://app.example.com/activities/1",
        "type": "TimebackActivityContext",
        "subject": "Math",
        "app": {"name": "Bench"},
    },
    "metrics": [
        {"type": "totalQuestions", "value": 10},
        {"type": "correctQuestions", "value": 8},
        {"type": "xpEarned", "value": 150},
    ],
    "attempt": 2,
    "generated_extensions": {"pctCompleteApp": 67},
}

VENDOR_SCRIPT = f"""
import json, time
from timeback_caliper import create_activity_event, ActivityCompletedInput
data = {INPUT!r}
def run():
    for _ in range({N}):
        event = create_activity_event(ActivityCompletedInput(**data))
        json.dumps(event.model_dump(mode="json", by_alias=True, exclude_none=True))
run()  # warm up
best = min(__import__("timeit").repeat(run, number=1, repeat=3))
print(best)
"""


def _ours() -> float:
    def run() -> None:
        for _ in range(N):
            json.dumps(create_activity_event(INPUT))

    run()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    ours = _ours()
    if not VENDOR.exists():
        report(
            "timeback_caliper factories",
            N / ours,
            "events/s",
            note="vendor client not installed: absolute only",
        )
        return
    # Outside the checkout: the vendor's package has our package's import name.
    vendor = float(
        subprocess.run(
            [str(VENDOR), "-c", VENDOR_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            cwd=tempfile.gettempdir(),
        ).stdout
    )
    report("vendor timeback-caliper 0.4.0 (baseline)", N / vendor, "events/s")
    report("timeback_caliper", N / ours, "events/s", baseline=N / vendor, note="target >= 1.5")
