"""SendResult: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.error_issue import ErrorIssue


class SendResult(Model):
    """**[decided]** The reply to a send: the documented envelope plus the `jobId` to poll.
    Clients must accept a reply with only `jobId` (what the vendor's clients expect), and a
    202 like a 200. The sandbox sends all four fields, but no field is `required`: the
    vendor's documents show `{status, message, errors}`, its client reads only `jobId`, and
    the LEARNWITH_AI reply is unknown.

    Attributes:
        status (wire `status`): A reply with only `jobId` was accepted, so clients read a missing status as
            `success`.
        message (wire `message`)
        errors (wire `errors`): Always null on success.
        job_id (wire `jobId`): The processing job; poll `/jobs/{jobId}/status`.
    """

    _schema: ClassVar[str] = "SendResult"
    _fields: ClassVar[Fields] = (
        ("status", "status", "str", False, "", "success"),
        ("message", "message", "str", False, "", None),
        ("errors", "errors", "list:model", False, "ErrorIssue", None),
        ("job_id", "jobId", "str", False, "", None),
    )
    status: str | None
    message: str | None
    errors: list[ErrorIssue] | None
    job_id: str | None

    def __init__(
        self,
        *,
        status: str | None = "success",
        message: str | None = None,
        errors: Sequence[ErrorIssue | Mapping[str, Any]] | None = None,
        job_id: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "status": status,
                "message": message,
                "errors": errors,
                "job_id": job_id,
            },
            extra,
            raw,
        )
