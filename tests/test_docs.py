"""The README and the documentation: the site builds without a warning, and every Python
and command-line block runs against the sandbox as a reader would run it."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import subprocess
import sys

import pytest

from tests import payloads
from tests.docs_runner import blocks, commands, run_console
from tests.postgres import PostgresServer
from tests.spec_tools import ROOT
from timeback_caliper.sandbox import Sandbox

PAGES = sorted(
    str(p.relative_to(ROOT))
    for p in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    if any(lang in ("python", "console") for lang, _, _ in blocks(p.read_text("utf-8")))
)
BIN = os.path.dirname(sys.executable)


def _backfill_files(folder: pathlib.Path) -> None:
    """The files the backfill guide's tour names."""
    events = []
    for i in range(2500):
        event = payloads.activity_event()
        event["actor"]["email"] = f"s{i % 40}@school.edu"
        events.append(event)
    with gzip.open(folder / "events.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(e) + "\n" for e in events)
    first, second, third = (payloads.navigation_event() for _ in range(3))
    broken = dict(second)
    del broken["eventTime"]
    broken["actor"] = {"id": "https://example.edu/u/1", "type": "Person", "email": "nope"}
    lines = [json.dumps(first), json.dumps(second), json.dumps(third), '{"id": "x" "type"}']
    (folder / "bad.jsonl").write_text("\n".join([*lines, json.dumps(broken)]) + "\n")


SETUP = {"docs/guides/backfill.md": _backfill_files}


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_code_runs(
    page: str, caliper_sandbox: Sandbox, tmp_path: pathlib.Path, request: pytest.FixtureRequest
) -> None:
    if page in SETUP:
        SETUP[page](tmp_path)
    extra = {}
    if "TIMEBACK_OUTBOX_URL" in (ROOT / page).read_text("utf-8"):  # a database of its own
        postgres: PostgresServer = request.getfixturevalue("postgres")
        extra["TIMEBACK_OUTBOX_URL"] = postgres.new_database(migrated=False)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TIMEBACK", "CALIPER"))}
    env = {
        **clean,
        **caliper_sandbox.env,
        # the quick start reads these two itself
        "CALIPER_CLIENT_ID": caliper_sandbox.client_id,
        "CALIPER_CLIENT_SECRET": caliper_sandbox.client_secret,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "NO_MKDOCS_2_WARNING": "1",
        **extra,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.docs_runner", str(ROOT / page)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert 0 == done.returncode, done.stdout + done.stderr
    ran = [line for line in done.stdout.splitlines() if line.startswith("ran ")]
    expected = [
        b for b in blocks((ROOT / page).read_text("utf-8")) if b[0] in ("python", "console")
    ]
    assert len(expected) == len(ran)


def test_the_runner_runs_continued_commands_as_one() -> None:
    """A guard on the runner itself: it must not skip what it claims to run."""
    block = "$ echo one \\\n    two\noutput line\n$ false || true\n"

    assert ["echo one \\\n    two", "false || true"] == commands(block)
    with pytest.raises(SystemExit, match="exit 1 from: false"):
        run_console("$ true\n$ false\n$ true\n", "here")
    run_console("$ false  # exits 1\n", "here")


def test_the_site_builds_in_strict_mode(tmp_path: pathlib.Path) -> None:
    """A broken link, a reference to a name that does not exist or a docstring the
    reference cannot read fails the build."""
    done = subprocess.run(
        [f"{BIN}/mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert 0 == done.returncode, done.stderr
    assert "WARNING" not in done.stderr
    assert (tmp_path / "site" / "reference" / "clients" / "index.html").exists()
