"""Extensions: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class Extensions(Model):
    """Custom data. Caliper 1.2 allows custom properties only here."""

    _schema: ClassVar[str] = "Extensions"
    _fields: ClassVar[Fields] = ()

    def __init__(
        self,
        *,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {},
            extra,
            raw,
        )
