"""TimebackUser: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class TimebackUser(Model):
    """The learner (or staff member) of a Timeback event.

    Attributes:
        id (wire `id`, required): Ideally the OneRoster user URL `…/ims/oneroster/rostering/v1p2/users/<id>`.
        type (wire `type`, required)
        email (wire `email`, required)
        name (wire `name`)
        role (wire `role`)
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimebackUser"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "TimebackUser"),
        ("email", "email", "str", True, "", None),
        ("name", "name", "str", False, "", None),
        ("role", "role", "str", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    email: str
    name: str | None
    role: str | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "TimebackUser",
        email: str | None = None,
        name: str | None = None,
        role: str | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "email": email,
                "name": name,
                "role": role,
                "extensions": extensions,
            },
            extra,
            raw,
        )
