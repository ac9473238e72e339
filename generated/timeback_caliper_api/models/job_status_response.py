"""JobStatusResponse: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.job import Job


class JobStatusResponse(Model):
    """JobStatusResponse

    Attributes:
        job (wire `job`, required): Always sent with all four of `id`, `state`, `returnValue` and `processedOn` (the
            vendor's documents say so; a failed job adds `failedReason`). Clients keep what
            they get (the vendor client also accepts the job object without the `job`
            wrapper).
    """

    _schema: ClassVar[str] = "JobStatusResponse"
    _fields: ClassVar[Fields] = (("job", "job", "model", False, "Job", None),)
    job: Job | None

    def __init__(
        self,
        *,
        job: Job | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "job": job,
            },
            extra,
            raw,
        )
