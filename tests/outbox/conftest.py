"""A fresh database (schema migrated) for each outbox test that wants one (the server is
the session's: `postgres`, in tests/conftest.py), and `timeback-caliper relay` processes
on it (`relays`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.postgres import PostgresServer
from tests.reliability.scenario import SENSOR, event
from tests.spec_tools import ROOT
from timeback_caliper._pg_spool import PostgresSpool
from timeback_caliper.sandbox import Sandbox


def new_database(server: PostgresServer, *, migrated: bool = True) -> str:
    return server.new_database(migrated=migrated)


@pytest.fixture
def outbox_url(postgres: PostgresServer) -> str:
    """A database of its own with the outbox schema."""
    return postgres.new_database()


def rows(url: str, table: str = "outbox") -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM timeback_caliper.{table}").fetchone()
    return int(row[0]) if row else 0


def advisory_locks(url: str) -> int:
    """The advisory locks granted in the database at `url`: one per live process on it."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND objsubid = 1 AND database = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())"
        ).fetchone()
    return int(row[0]) if row else 0


def fill(url: str, prefix: str, count: int) -> set[str]:
    """`count` events (ids from `prefix`) committed to the outbox at `url`; their ids."""
    ids = set()
    with PostgresSpool(url, 10 * count) as spool:
        for i in range(count):
            e = event(prefix, i)
            body = json.dumps(e)
            assert spool.put(SENSOR, body, len(body)) is None
            ids.add(e["id"])
    return ids


class Relays:
    """`timeback-caliper relay` processes on one outbox, each logging to a file of its own."""

    def __init__(self, sandbox: Sandbox, url: str, folder: Path) -> None:
        self.sandbox, self.url, self.folder = sandbox, url, folder
        self.processes: list[subprocess.Popen[str]] = []

    def start(self, *flags: str) -> subprocess.Popen[str]:
        index = len(self.processes)
        log = open(self.folder / f"relay-{index}.log", "w")  # noqa: SIM115 - closed in stop
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "timeback_caliper",
                "relay",
                "--spool",
                self.url,
                "--summary-every",
                "0.5",
                "--stats-file",
                str(self.folder / f"stats-{index}.json"),
                "--max-retries",
                "6",
                *flags,
            ],
            cwd=ROOT,
            env={**os.environ, **self.sandbox.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        log.close()
        self.processes.append(process)
        return process

    def log(self, index: int) -> str:
        return (self.folder / f"relay-{index}.log").read_text()

    def stats(self, index: int) -> dict[str, object]:
        path = self.folder / f"stats-{index}.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def stop(self) -> list[int]:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        return [process.wait(60) for process in self.processes]


@pytest.fixture
def relays(caliper_sandbox: Sandbox, postgres: PostgresServer, tmp_path: Path) -> Iterator[Relays]:
    group = Relays(caliper_sandbox, new_database(postgres), tmp_path)
    yield group
    for process in group.processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def wait_empty(url: str, relays: Relays, timeout: float) -> None:
    """Until the outbox is empty; fails if a relay exits meanwhile (but by SIGKILL)."""
    deadline = time.monotonic() + timeout
    while rows(url):
        for i, process in enumerate(relays.processes):
            assert process.poll() is None or process.returncode == -signal.SIGKILL, relays.log(i)
        assert time.monotonic() < deadline, f"{rows(url)} rows left\n{relays.log(0)}"
        time.sleep(0.2)
