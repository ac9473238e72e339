"""ErrorBody: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.error_issue import ErrorIssue


class ErrorBody(Model):
    """Every API error.

    Attributes:
        status (wire `status`, required)
        message (wire `message`, required)
        errors (wire `errors`)
    """

    _schema: ClassVar[str] = "ErrorBody"
    _fields: ClassVar[Fields] = (
        ("status", "status", "str", True, "", "error"),
        ("message", "message", "str", True, "", None),
        ("errors", "errors", "list:model", False, "ErrorIssue", None),
    )
    status: str
    message: str
    errors: list[ErrorIssue] | None

    def __init__(
        self,
        *,
        status: str | None = "error",
        message: str | None = None,
        errors: Sequence[ErrorIssue | Mapping[str, Any]] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "status": status,
                "message": message,
                "errors": errors,
            },
            extra,
            raw,
        )
