"""OAuthError: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class OAuthError(Model):
    """An OAuth2 error (RFC 6749 §5.2) from the token endpoint.

    Attributes:
        error (wire `error`, required)
        error_description (wire `error_description`)
    """

    _schema: ClassVar[str] = "OAuthError"
    _fields: ClassVar[Fields] = (
        ("error", "error", "str", True, "", None),
        ("error_description", "error_description", "str", False, "", None),
    )
    error: str
    error_description: str | None

    def __init__(
        self,
        *,
        error: str | None = None,
        error_description: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "error": error,
                "error_description": error_description,
            },
            extra,
            raw,
        )
