"""Entity: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class Entity(Model):
    """A Caliper 1.2 entity ("describe"). Open to extra properties.

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        name (wire `name`)
        description (wire `description`)
        date_created (wire `dateCreated`): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        date_modified (wire `dateModified`): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "Entity"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", None),
        ("context", "@context", "any", False, "", None),
        ("name", "name", "str", False, "", None),
        ("description", "description", "str", False, "", None),
        ("date_created", "dateCreated", "str", False, "", None),
        ("date_modified", "dateModified", "str", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    context: Any | None
    name: str | None
    description: str | None
    date_created: str | None
    date_modified: str | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = None,
        context: Any | None = None,
        name: str | None = None,
        description: str | None = None,
        date_created: str | None = None,
        date_modified: str | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "context": context,
                "name": name,
                "description": description,
                "date_created": date_created,
                "date_modified": date_modified,
                "extensions": extensions,
            },
            extra,
            raw,
        )
