from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="Envelope")


@_attrs_define
class Envelope:
    """A Caliper 1.2 envelope. `data` holds one or more Events (see `Event` and the Timeback
    event schemas) and/or Entities (`Entity`); they are typed loosely here so that every
    valid Caliper event travels unchanged. The envelope takes no other properties.

        Attributes:
            sensor (str): An IRI identifying the sending sensor, such as the app's URL.
            send_time (str): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
                (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
                offset. Kept as a string so that it travels byte for byte.
            data_version (Literal['http://purl.imsglobal.org/ctx/caliper/v1p2']):
            data (list[Any]): Events (`Event` and its Timeback forms) or Entities (`Entity`).
    """

    sensor: str
    send_time: str
    data_version: Literal["http://purl.imsglobal.org/ctx/caliper/v1p2"]
    data: list[Any]

    def to_dict(self) -> dict[str, Any]:
        sensor = self.sensor

        send_time = self.send_time

        data_version = self.data_version

        data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sensor": sensor,
                "sendTime": send_time,
                "dataVersion": data_version,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sensor = d.pop("sensor")

        send_time = d.pop("sendTime")

        data_version = cast(
            Literal["http://purl.imsglobal.org/ctx/caliper/v1p2"], d.pop("dataVersion")
        )
        if data_version != "http://purl.imsglobal.org/ctx/caliper/v1p2":
            raise ValueError(
                f"dataVersion must match const 'http://purl.imsglobal.org/ctx/caliper/v1p2', got '{data_version}'"
            )

        data = cast(list[Any], d.pop("data"))

        envelope = cls(
            sensor=sensor,
            send_time=send_time,
            data_version=data_version,
            data=data,
        )

        return envelope
