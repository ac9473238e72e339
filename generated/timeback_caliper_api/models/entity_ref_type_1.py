"""EntityRefType1: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class EntityRefType1(Model):
    """EntityRefType1"""

    _schema: ClassVar[str] = "EntityRefType1"
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
