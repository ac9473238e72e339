"""Jobs: status, waiting with a real deadline, failures, unknown states, many jobs at once."""

from __future__ import annotations

import logging
import time

import pytest

from tests import payloads
from timeback_caliper import (
    AsyncCaliperClient,
    InputValidationError,
    JobFailedError,
    JobStatus,
    JobTimeoutError,
    NotFoundError,
)
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio


async def _send(client: AsyncCaliperClient) -> str:
    result = await client.events.send(payloads.SENSOR, [payloads.activity_event()])
    assert result.job_id is not None
    return result.job_id


async def test_get_status_reads_the_job(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """waiting first (polls timing), with no return value yet."""
    caliper_sandbox.set_job_timing("polls:3")
    job_id = await _send(client)

    status = await client.jobs.get_status(job_id)

    assert (job_id, "waiting", None, True) == (
        status.id,
        status.state,
        status.return_value,
        status.known_state,
    )


async def test_wait_polls_until_completed(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """A job that needs four polls completes; its results name the stored event."""
    caliper_sandbox.set_job_timing("polls:3")
    job_id = await _send(client)

    status = await client.jobs.wait_for_completion(job_id, timeout=10, poll_interval=0.01)

    assert "completed" == status.state
    assert [caliper_sandbox.events()[0]["externalId"]] == [
        r.external_id
        for r in status.return_value.results  # type: ignore[union-attr]
    ]
    assert 4 == caliper_sandbox.stats()["stats"]["requests job"]


async def test_wait_for_a_slow_job_in_seconds(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """A job that takes 0.3 s completes within a 5 s wait."""
    caliper_sandbox.set_job_timing("seconds:0.3")
    job_id = await _send(client)

    status = await client.jobs.wait_for_completion(job_id, timeout=5, poll_interval=0.05)

    assert status.is_completed


async def test_failed_job_raises_with_its_reason(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """JobFailedError carries the server's failedReason and the last status."""
    caliper_sandbox.faults.plan("send", ["fail"])
    job_id = await _send(client)

    with pytest.raises(JobFailedError) as caught:
        await client.jobs.wait_for_completion(job_id, poll_interval=0.01)

    status = caught.value.status
    assert "failed" in (caught.value.reason or "")
    assert status is not None
    assert (job_id, "failed") == (caught.value.job_id, status.state)


async def test_timeout_raises_with_the_last_status_after_a_final_poll(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """The wait ends at its deadline, after one last poll, with the last status seen."""
    caliper_sandbox.set_job_timing("seconds:60")
    job_id = await _send(client)

    started = time.monotonic()
    with pytest.raises(JobTimeoutError) as caught:
        await client.jobs.wait_for_completion(job_id, timeout=0.5, poll_interval=0.2)
    elapsed = time.monotonic() - started

    assert 0.5 <= elapsed < 1.5
    assert "waiting" == (caught.value.last_status.state if caught.value.last_status else None)
    polls = caliper_sandbox.stats()["stats"]["requests job"]
    assert polls >= 3  # at 0, ~0.2, ~0.5 (the final poll at the deadline)


async def test_the_deadline_counts_slow_polls(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """Polls that take long themselves do not stretch the wait past its timeout."""
    caliper_sandbox.set_job_timing("seconds:60")
    job_id = await _send(client)
    caliper_sandbox.faults.add("job", "latency:0.4", 1.0)

    started = time.monotonic()
    with pytest.raises(JobTimeoutError):
        await client.jobs.wait_for_completion(job_id, timeout=1.0, poll_interval=0.01)

    assert time.monotonic() - started < 2.0


async def test_unknown_states_are_polled_through_and_reported(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A `delayed` state (BullMQ) is neither an error nor the end; it is logged once."""
    job_id = await _send(client)
    caliper_sandbox.faults.plan("job", ["delayed", "delayed"])

    with caplog.at_level(logging.WARNING, logger="timeback_caliper"):
        status = await client.jobs.wait_for_completion(job_id, poll_interval=0.01)

    assert "completed" == status.state
    assert 1 == sum("'delayed'" in r.getMessage() for r in caplog.records)


async def test_get_status_of_an_unknown_job(client: AsyncCaliperClient) -> None:
    """404 is NotFoundError."""
    with pytest.raises(NotFoundError):
        await client.jobs.get_status("424242")


@pytest.mark.parametrize(
    ("kwargs", "paths"),
    [
        ({"timeout": 0}, ["timeout"]),
        ({"timeout": -1, "poll_interval": "1"}, ["timeout", "poll_interval"]),
    ],
)
async def test_bad_wait_parameters(
    client: AsyncCaliperClient, kwargs: dict[str, object], paths: list[str]
) -> None:
    """Timeouts and intervals must be positive numbers."""
    with pytest.raises(InputValidationError) as caught:
        await client.jobs.wait_for_completion("1", **kwargs)  # type: ignore[arg-type]

    assert paths == [i.path for i in caught.value.issues]


async def test_wait_for_all_in_order_with_failures_returned(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """Many jobs share one deadline; return_exceptions gives failures in their place."""
    caliper_sandbox.set_job_timing("polls:2")
    caliper_sandbox.faults.plan("send", ["ok", "fail", "ok"])
    ids = [await _send(client) for _ in range(3)]

    results = await client.jobs.wait_for_all(
        ids, timeout=10, poll_interval=0.01, return_exceptions=True
    )

    assert [JobStatus, JobFailedError, JobStatus] == [type(r) for r in results]
    assert [ids[0], ids[2]] == [r.id for r in results if isinstance(r, JobStatus)]


async def test_wait_for_all_raises_the_first_failure(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """Without return_exceptions a failed job raises."""
    caliper_sandbox.faults.plan("send", ["fail"])
    ids = [await _send(client)]

    with pytest.raises(JobFailedError):
        await client.jobs.wait_for_all(ids, poll_interval=0.01)
