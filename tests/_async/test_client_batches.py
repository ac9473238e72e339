"""Large batches: bounded envelopes, order of job ids, lazy input, partial failure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests import payloads
from timeback_caliper import AsyncCaliperClient, BatchSendError, InputValidationError
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio


async def test_events_go_in_envelopes_of_at_most_batch_size(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """1,050 events in batches of 100: 11 envelopes, job ids in order, every event stored once."""
    events = [payloads.navigation_event() for _ in range(1050)]

    results = await client.events.send_batches(payloads.SENSOR, events, batch_size=100)

    assert 11 == len(results)
    for index, result in enumerate(results):
        job = await client.jobs.get_status(result.job_id or "")
        batch = [e["id"] for e in events[index * 100 : (index + 1) * 100]]
        assert batch == [r.external_id for r in job.return_value.results]  # type: ignore[union-attr]
    assert (1050, 1050) == (caliper_sandbox.count_events(), caliper_sandbox.count_distinct_events())
    assert 11 == caliper_sandbox.stats()["stats"]["requests send"]


async def test_envelopes_are_bounded_by_bytes_too(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """With a 10 KB bound, no envelope is larger, and nothing is lost."""
    events = [payloads.activity_event() for _ in range(60)]
    size = len(json.dumps(events[0]))

    results = await client.events.send_batches(
        payloads.SENSOR, events, batch_size=1000, max_batch_bytes=10_000
    )

    assert len(results) >= 60 * size // 10_000
    assert 60 == caliper_sandbox.count_events()


async def test_a_generator_is_read_lazily(client: AsyncCaliperClient) -> None:
    """Events are pulled as batches are sent, not all at once."""
    pulled: list[int] = []

    def events() -> Iterator[dict[str, Any]]:
        for i in range(250):
            pulled.append(i)
            yield payloads.navigation_event()

    results = await client.events.send_batches(
        payloads.SENSOR, events(), batch_size=50, max_concurrency=1
    )

    assert (5, 250) == (len(results), len(pulled))


async def test_a_bad_event_stops_the_batches_and_says_what_was_sent(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """The batch holding event 230 is refused before sending; earlier batches are accepted."""
    events = [payloads.navigation_event() for _ in range(300)]
    events[230]["action"] = 42  # not a string: an error at every level

    with pytest.raises(BatchSendError) as caught:
        await client.events.send_batches(payloads.SENSOR, events, batch_size=100, max_concurrency=1)

    cause = caught.value.__cause__
    assert isinstance(cause, InputValidationError)
    assert ["events[230].action"] == [i.path for i in cause.issues]
    assert (2, 200) == (len(caught.value.results), caught.value.failed_index)
    assert 200 == caliper_sandbox.count_events()


async def test_an_event_too_large_for_a_batch_is_named_by_its_position(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """Event 130 cannot fit in any batch: the 130 before it go, and failed_index is 130."""
    events = [payloads.navigation_event() for _ in range(200)]
    events[130]["extensions"] = {"blob": "x" * 5000}

    with pytest.raises(BatchSendError) as caught:
        await client.events.send_batches(
            payloads.SENSOR, events, batch_size=100, max_batch_bytes=4000, max_concurrency=1
        )

    assert "the batch starting at event 130 failed" in str(caught.value)
    assert 130 == caught.value.failed_index
    assert 130 == caliper_sandbox.count_events()


async def test_batches_survive_faults(client: AsyncCaliperClient, caliper_sandbox: Sandbox) -> None:
    """Retries inside a batch send: 503s and drops, yet every event is stored exactly once.

    One batch at a time: the seeded faults then meet the requests in a fixed order, so the
    run is the same every time (with batches in parallel, the order of arrival decides
    which batch draws which fault, and now and then one draws four in a row).
    """
    caliper_sandbox.faults.reseed(3)  # 10 503s and 6 dropped replies, none four in a row
    caliper_sandbox.faults.add("send", "503:0", 0.3)
    caliper_sandbox.faults.add("send", "drop-after", 0.1)
    events = [payloads.navigation_event() for _ in range(500)]

    results = await client.events.send_batches(
        payloads.SENSOR, events, batch_size=50, max_concurrency=1
    )

    injected = caliper_sandbox.stats()["faults"]["injected"]
    assert 10 == len(results)
    assert (500, 500) == (caliper_sandbox.count_events(), caliper_sandbox.count_distinct_events())
    assert injected["send:503"] > 0
    assert injected["send:drop-after"] > 0


@pytest.mark.parametrize(
    ("kwargs", "paths"),
    [
        ({"batch_size": 0}, ["batch_size"]),
        ({"max_concurrency": 0, "max_batch_bytes": -1}, ["max_batch_bytes", "max_concurrency"]),
    ],
)
async def test_bad_batch_parameters(
    client: AsyncCaliperClient, kwargs: dict[str, Any], paths: list[str]
) -> None:
    """Bounds must be whole numbers >= 1."""
    with pytest.raises(InputValidationError) as caught:
        await client.events.send_batches(payloads.SENSOR, [], **kwargs)

    assert paths == [i.path for i in caught.value.issues]
