"""`make demo`: the README's first command runs, ends with where to look, and keeps what
it sent for the inspector (`make inspect`)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import httpx

from timeback_caliper.sandbox import Sandbox

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _demo(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "timeback_caliper.demo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert 0 == done.returncode, done.stderr
    return done.stdout.splitlines()


def test_the_demo_sends_reads_back_and_ends_with_the_inspector(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "demo" / "sandbox.db"
    _demo("--db", str(db))
    lines = _demo("--db", str(db))  # a second run starts from an empty sandbox

    assert any(line.startswith("listed    2 events for student@example.edu") for line in lines)
    assert "http://127.0.0.1:8787/_sandbox/" == lines[-1].strip()
    assert "`make inspect`" in lines[-2]
    with Sandbox(db=db) as sandbox:
        sends = httpx.get(f"{sandbox.base_url}/_sandbox/requests?route=send").json()
        assert 2 == sandbox.count_events()
    assert [200, 200] == [r["status"] for r in sends["requests"]]


def test_without_a_database_the_demo_keeps_nothing() -> None:
    lines = _demo()

    assert "sandbox   stopped" == lines[-1]
