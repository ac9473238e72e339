"""Job: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.job_return_value import JobReturnValue


class Job(Model):
    """Always sent with all four of `id`, `state`, `returnValue` and `processedOn` (the
    vendor's documents say so; a failed job adds `failedReason`). Clients keep what they get
    (the vendor client also accepts the job object without the `job` wrapper).

    Attributes:
        id (wire `id`, required)
        state (wire `state`, required): An open vocabulary. Known: `waiting` → `active` → `completed` or `failed`; the
            queue behind the API is BullMQ-like and BullMQ also knows `delayed`,
            `prioritized`, `waiting-children` and `unknown`. Clients treat any state but
            `completed` and `failed` as still pending. The sandbox sends the four known ones
            (and `delayed` when that fault is injected).
        return_value (wire `returnValue`, required): Null until the job has completed, and on failure.
        processed_on (wire `processedOn`, required): When processing started (RFC 3339), or null while waiting.
        failed_reason (wire `failedReason`): **[decided]** Why a `failed` job failed.
    """

    _schema: ClassVar[str] = "Job"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("state", "state", "str", True, "", None),
        ("return_value", "returnValue", "model", False, "JobReturnValue", None),
        ("processed_on", "processedOn", "str", False, "", None),
        ("failed_reason", "failedReason", "str", False, "", None),
    )
    id: str
    state: str
    return_value: JobReturnValue | None
    processed_on: str | None
    failed_reason: str | None

    def __init__(
        self,
        *,
        id: str | None = None,
        state: str | None = None,
        return_value: JobReturnValue | Mapping[str, Any] | None = None,
        processed_on: str | None = None,
        failed_reason: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "state": state,
                "return_value": return_value,
                "processed_on": processed_on,
                "failed_reason": failed_reason,
            },
            extra,
            raw,
        )
