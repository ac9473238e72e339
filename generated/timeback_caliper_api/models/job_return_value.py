"""JobReturnValue: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.job_result_item import JobResultItem


class JobReturnValue(Model):
    """One `results` entry per event of the envelope, in envelope order. **[decided]** An event
    already stored before is reported with its existing `allocatedId`.

    Attributes:
        status (wire `status`, required)
        results (wire `results`, required)
    """

    _schema: ClassVar[str] = "JobReturnValue"
    _fields: ClassVar[Fields] = (
        ("status", "status", "str", True, "", None),
        ("results", "results", "list:model", True, "JobResultItem", None),
    )
    status: str
    results: list[JobResultItem]

    def __init__(
        self,
        *,
        status: str | None = None,
        results: Sequence[JobResultItem | Mapping[str, Any]] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "status": status,
                "results": results,
            },
            extra,
            raw,
        )
