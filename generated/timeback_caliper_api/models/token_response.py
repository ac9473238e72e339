"""TokenResponse: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class TokenResponse(Model):
    """The OAuth2 token endpoint's reply.

    Attributes:
        access_token (wire `access_token`, required)
        expires_in (wire `expires_in`): Lifetime in seconds; 3600 when absent.
        token_type (wire `token_type`)
    """

    _schema: ClassVar[str] = "TokenResponse"
    _fields: ClassVar[Fields] = (
        ("access_token", "access_token", "str", True, "", None),
        ("expires_in", "expires_in", "int", False, "", None),
        ("token_type", "token_type", "str", False, "", None),
    )
    access_token: str
    expires_in: int | None
    token_type: str | None

    def __init__(
        self,
        *,
        access_token: str | None = None,
        expires_in: int | None = None,
        token_type: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "access_token": access_token,
                "expires_in": expires_in,
                "token_type": token_type,
            },
            extra,
            raw,
        )
