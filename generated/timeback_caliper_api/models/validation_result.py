"""ValidationResult: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.error_issue import ErrorIssue


class ValidationResult(Model):
    """ValidationResult

    Attributes:
        status (wire `status`, required)
        message (wire `message`)
        errors (wire `errors`)
    """

    _schema: ClassVar[str] = "ValidationResult"
    _fields: ClassVar[Fields] = (
        ("status", "status", "str", True, "", None),
        ("message", "message", "str", False, "", None),
        ("errors", "errors", "list:model", False, "ErrorIssue", None),
    )
    status: str
    message: str | None
    errors: list[ErrorIssue] | None

    def __init__(
        self,
        *,
        status: str | None = None,
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
