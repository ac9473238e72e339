"""`client.jobs`: follow the asynchronous processing of sent envelopes.

`_async/jobs.py` is the single source of both flavours: scripts/unasync.py generates
`_sync/jobs.py` from it. When to poll and when to give up is decided by
`_core/jobs.JobWaiter`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence

from timeback_caliper._async.transport import AsyncApiTransport
from timeback_caliper._core import jobs as job_rules
from timeback_caliper._core import params as checks
from timeback_caliper._core.validation import Issue
from timeback_caliper._io import amap_bounded, asleep
from timeback_caliper.exceptions import (
    CaliperError,
    CaliperTimeoutError,
    InputValidationError,
    JobFailedError,
    JobTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
)
from timeback_caliper.types import JobStatus
from timeback_caliper_api.api.jobs import AsyncJobsOperations

__all__ = ["AsyncJobs"]

logger = logging.getLogger("timeback_caliper")


class AsyncJobs(AsyncJobsOperations):
    """`client.jobs`: the asynchronous processing of sent envelopes; and every operation of
    the spec's `jobs` tag by its operation id (`get_job_status`), generated."""

    def __init__(self, transport: AsyncApiTransport) -> None:
        super().__init__(transport)
        self._transport = transport

    async def get_status(self, job_id: str) -> JobStatus:
        """The job's current state (and its results once completed)."""
        self._transport.require("get_status")
        return await self._status(checks.identifier("job_id", job_id), deadline=None)

    async def _status(self, job_id: str, *, deadline: float | None) -> JobStatus:
        import timeback_caliper._operations as ops

        body = await self._transport.fetch(
            "get_job_status", ops.get_job_status.build_request(job_id=job_id), deadline=deadline
        )
        return JobStatus.from_wire(body)

    async def wait_for_completion(
        self, job_id: str, *, timeout: float = 30.0, poll_interval: float = 1.0
    ) -> JobStatus:
        """Poll until the job completes; returns its final status.

        The deadline is monotonic and counts the polls' own time; the interval grows
        (x1.5, up to 5 s); one last poll happens at the deadline. Unknown states are polled
        through (and logged). Raises JobFailedError (with the reason) or JobTimeoutError
        (with the last status).
        """
        self._transport.require("wait_for_completion")
        job_id = checks.identifier("job_id", job_id)
        timeout, interval = checks.wait_params(timeout, poll_interval)
        waiter = job_rules.JobWaiter(time.monotonic() + timeout, interval)
        last: JobStatus | None = None
        while True:
            try:
                last = await self._status(job_id, deadline=waiter.poll_deadline())
            except CaliperTimeoutError as exc:
                raise JobTimeoutError(
                    f"job {job_id} still {last.state if last else 'unknown'} after {timeout:g} s",
                    job_id=job_id,
                    last_status=last,
                ) from exc
            except (ServerError, RateLimitError, TransportError) as exc:
                # The client's retries are spent, but the job is not lost: poll on.
                logger.warning("polling job %s failed (%s); polling on", job_id, exc)
                delay = waiter.after_failed_poll(time.monotonic())
                if delay is None:
                    raise JobTimeoutError(
                        f"job {job_id} could not be polled before its deadline",
                        job_id=job_id,
                        last_status=last,
                    ) from exc
                await asleep(delay)
                continue
            outcome = job_rules.outcome(last.state)
            if outcome == "completed":
                return last
            if outcome == "failed":
                raise JobFailedError(job_id, last.failed_reason, last)
            if waiter.first_sight_of_unknown(last.state):
                logger.warning(
                    "job %s is in state %r, unknown to this client; still waiting",
                    job_id,
                    last.state,
                )
            delay = waiter.after_pending(time.monotonic())
            if delay is None:
                raise JobTimeoutError(
                    f"job {job_id} still {last.state} after {timeout:g} s",
                    job_id=job_id,
                    last_status=last,
                )
            await asleep(delay)

    async def wait_for_all(
        self,
        job_ids: Sequence[str],
        *,
        timeout: float = 60.0,
        poll_interval: float = 1.0,
        max_concurrency: int = 8,
        return_exceptions: bool = False,
    ) -> list[JobStatus | CaliperError]:
        """Wait for many jobs at once, under one deadline; statuses in the order given.

        With `return_exceptions=True` a failed or timed-out job gives its error in the list
        instead of raising it.
        """
        self._transport.require("wait_for_all")
        if isinstance(job_ids, (str, bytes, Mapping)) or not isinstance(job_ids, Iterable):
            raise InputValidationError(
                "Invalid wait_for_all parameters",
                [Issue("job_ids", "must be a list of job ids", code="type")],
            )
        ids = [checks.identifier(f"job_ids[{i}]", j) for i, j in enumerate(job_ids)]
        checks.wait_params(timeout, poll_interval)
        checks.count("max_concurrency", max_concurrency)
        deadline = time.monotonic() + timeout

        async def wait_one(job_id: str) -> JobStatus | CaliperError:
            try:
                remaining = max(deadline - time.monotonic(), 0.001)
                return await self.wait_for_completion(
                    job_id, timeout=remaining, poll_interval=poll_interval
                )
            except CaliperError as exc:
                if return_exceptions:
                    return exc
                raise

        return [result async for result in amap_bounded(wait_one, ids, max_concurrency)]
