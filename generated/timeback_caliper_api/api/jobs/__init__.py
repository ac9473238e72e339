"""The `jobs` operations: one module each, and the `JobsOperations` classes
(async and sync) that send them; generated from the spec, do not edit."""

from collections.abc import Mapping
from typing import Any, cast

from ...models.error_body import ErrorBody
from ...models.job_status_response import JobStatusResponse
from ...types import UNSET, AsyncCaller, Caller, Unset, read
from . import get_job_status


class AsyncJobsOperations:
    """The spec's `jobs` operations, one method each (named by operation id, with the
    operation's parameters), sent through the caller given."""

    def __init__(self, caller: AsyncCaller) -> None:
        self._caller = caller

    async def get_job_status(
        self,
        job_id: str,
        *,
        x_request_id: str | Unset = UNSET,
    ) -> JobStatusResponse:
        """Status of an asynchronous processing job.

        The current state of the job created by a send, with the stored events' ids once it
        has completed. **[decided]** A failed job has `returnValue: null` and a `failedReason`.

        """
        request = get_job_status.build_request(
            job_id=job_id,
            x_request_id=x_request_id,
        )
        reply = await self._caller.operation("get_job_status", request, idempotent=True)
        return read(JobStatusResponse, reply)


class JobsOperations:
    """The spec's `jobs` operations, one method each (named by operation id, with the
    operation's parameters), sent through the caller given."""

    def __init__(self, caller: Caller) -> None:
        self._caller = caller

    def get_job_status(
        self,
        job_id: str,
        *,
        x_request_id: str | Unset = UNSET,
    ) -> JobStatusResponse:
        """Status of an asynchronous processing job.

        The current state of the job created by a send, with the stored events' ids once it
        has completed. **[decided]** A failed job has `returnValue: null` and a `failedReason`.

        """
        request = get_job_status.build_request(
            job_id=job_id,
            x_request_id=x_request_id,
        )
        reply = self._caller.operation("get_job_status", request, idempotent=True)
        return read(JobStatusResponse, reply)
