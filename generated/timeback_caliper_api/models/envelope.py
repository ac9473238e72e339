"""Envelope: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class Envelope(Model):
    """A Caliper 1.2 envelope. `data` holds one or more Events (see `Event` and the Timeback
    event schemas) and/or Entities (`Entity`); they are typed loosely here so that every
    valid Caliper event travels unchanged. The envelope takes no other properties.

    Attributes:
        sensor (wire `sensor`, required): An IRI identifying the sending sensor, such as the app's URL.
        send_time (wire `sendTime`, required): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        data_version (wire `dataVersion`, required)
        data (wire `data`, required): Events (`Event` and its Timeback forms) or Entities (`Entity`).
    """

    _schema: ClassVar[str] = "Envelope"
    _fields: ClassVar[Fields] = (
        ("sensor", "sensor", "str", True, "", None),
        ("send_time", "sendTime", "str", True, "", None),
        (
            "data_version",
            "dataVersion",
            "str",
            True,
            "",
            "http://purl.imsglobal.org/ctx/caliper/v1p2",
        ),
        ("data", "data", "list:any", True, "", None),
    )
    sensor: str
    send_time: str
    data_version: str
    data: list[Any]

    def __init__(
        self,
        *,
        sensor: str | None = None,
        send_time: str | None = None,
        data_version: str | None = "http://purl.imsglobal.org/ctx/caliper/v1p2",
        data: list[Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "sensor": sensor,
                "send_time": send_time,
                "data_version": data_version,
                "data": data,
            },
            extra,
            raw,
        )
