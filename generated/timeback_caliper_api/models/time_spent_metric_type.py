from enum import StrEnum
from typing import Any


class TimeSpentMetricType(StrEnum):
    ACTIVE = "active"
    ANTI_PATTERN = "anti-pattern"
    INACTIVE = "inactive"
    UNKNOWN = "unknown"
    WASTE = "waste"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
