"""`timeback-caliper relay` processes deliver an outbox: several at once through faults,
one SIGKILLed mid-batch, and SIGTERM within its bound."""

from __future__ import annotations

import signal
import time

import pytest

from tests.outbox.conftest import Relays, fill, rows, wait_empty
from timeback_caliper._pg_spool import PostgresSpool
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.scale


def test_four_relays_deliver_twenty_thousand_events_once_through_faults(
    relays: Relays, caliper_sandbox: Sandbox
) -> None:
    ids = fill(relays.url, "relay-four", 20_000)
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

    wait_empty(relays.url, relays, timeout=240)
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
    ids = fill(relays.url, "relay-kill", 500)
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

    wait_empty(relays.url, relays, timeout=120)
    codes = relays.stop()

    stored = [e["externalId"] for e in caliper_sandbox.events() if e["externalId"] in ids]
    assert [-signal.SIGKILL, 0] == codes
    assert 500 == len(stored) == len(set(stored))


def test_sigterm_stops_a_relay_within_its_bound(relays: Relays, caliper_sandbox: Sandbox) -> None:
    fill(relays.url, "relay-term", 5000)
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
