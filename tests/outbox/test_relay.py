"""`timeback-caliper relay` processes deliver an outbox: several at once through faults,
one SIGKILLed mid-batch, and SIGTERM within its bound."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.outbox.conftest import new_database, rows
from tests.postgres import PostgresServer
from tests.reliability.scenario import SENSOR, event
from tests.spec_tools import ROOT
from timeback_caliper._pg_spool import PostgresSpool
from timeback_caliper.sandbox import Sandbox


def _fill(url: str, prefix: str, count: int) -> set[str]:
    ids = set()
    with PostgresSpool(url, 10 * count) as spool:
        for i in range(count):
            e = event(prefix, i)
            body = json.dumps(e)
            assert spool.put(SENSOR, body, len(body)) is None
            ids.add(e["id"])
    return ids


class Relays:
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


def _wait_empty(url: str, relays: Relays, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while rows(url):
        for i, process in enumerate(relays.processes):
            assert process.poll() is None or process.returncode == -signal.SIGKILL, relays.log(i)
        assert time.monotonic() < deadline, f"{rows(url)} rows left\n{relays.log(0)}"
        time.sleep(0.2)


def test_four_relays_deliver_twenty_thousand_events_once_through_faults(
    relays: Relays, caliper_sandbox: Sandbox
) -> None:
    ids = _fill(relays.url, "relay-four", 20_000)
    caliper_sandbox.faults.configure(
        {
            "seed": 14,
            "rules": [
                "send:429:0@0.05",
                "send:503:0@0.05",
                "send:drop@0.02",
                "send:drop-after@0.02",
            ],
        }
    )
    for _ in range(4):
        relays.start()

    _wait_empty(relays.url, relays, timeout=240)
    codes = relays.stop()

    stored = [e["externalId"] for e in caliper_sandbox.events() if e["externalId"] in ids]
    assert [0, 0, 0, 0] == codes, relays.log(0)
    assert 20_000 == len(stored) == len(set(stored))
    sent = [int(relays.stats(i)["sent"]) for i in range(4)]  # type: ignore[call-overload]
    assert sum(sent) >= 20_000
    assert all(n > 0 for n in sent)  # each relay took its share
    assert sum(caliper_sandbox.faults.snapshot()["injected"].values()) > 0


def test_a_relay_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    relays: Relays, caliper_sandbox: Sandbox
) -> None:
    ids = _fill(relays.url, "relay-kill", 500)
    # The first sends hang for a while: the relay is killed while they are under way.
    caliper_sandbox.faults.plan("send", ["latency:5", "latency:5", "latency:5", "latency:5"])
    doomed = relays.start("--batch-size", "50")
    deadline = time.monotonic() + 30
    with PostgresSpool(relays.url, 1000) as spool:
        while not spool.status()["being_sent"]:
            assert time.monotonic() < deadline, relays.log(0)
            time.sleep(0.05)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(30)
    relays.start("--batch-size", "50")

    _wait_empty(relays.url, relays, timeout=120)
    codes = relays.stop()

    stored = [e["externalId"] for e in caliper_sandbox.events() if e["externalId"] in ids]
    assert [-signal.SIGKILL, 0] == codes
    assert 500 == len(stored) == len(set(stored))


def test_sigterm_stops_a_relay_within_its_bound(relays: Relays, caliper_sandbox: Sandbox) -> None:
    _fill(relays.url, "relay-term", 5000)
    caliper_sandbox.faults.add("send", "latency:2")
    relay = relays.start("--exit-timeout", "2")
    deadline = time.monotonic() + 30
    while not relays.stats(0).get("sent"):
        assert time.monotonic() < deadline, relays.log(0)
        time.sleep(0.05)

    started = time.monotonic()
    relay.send_signal(signal.SIGTERM)
    code = relay.wait(30)
    took = time.monotonic() - started

    assert 0 == code, relays.log(0)
    assert took < 2 + 5  # the bound, and the in-flight request's end
    assert "relay: stopped in" in relays.log(0)
    assert rows(relays.url) > 0  # what was not sent stays in the outbox
