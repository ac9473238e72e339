"""ErrorIssue: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class ErrorIssue(Model):
    """One problem, located by a JSON path into the request (`data[0].actor.email`).

    Attributes:
        path (wire `path`, required)
        message (wire `message`, required)
    """

    _schema: ClassVar[str] = "ErrorIssue"
    _fields: ClassVar[Fields] = (
        ("path", "path", "str", True, "", None),
        ("message", "message", "str", True, "", None),
    )
    path: str
    message: str

    def __init__(
        self,
        *,
        path: str | None = None,
        message: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "path": path,
                "message": message,
            },
            extra,
            raw,
        )
