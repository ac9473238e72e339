from enum import StrEnum
from typing import Any


class Subject(StrEnum):
    FASTMATH = "FastMath"
    LANGUAGE = "Language"
    MATH = "Math"
    NONE = "None"
    OTHER = "Other"
    READING = "Reading"
    SCIENCE = "Science"
    SOCIAL_STUDIES = "Social Studies"
    VOCABULARY = "Vocabulary"
    WRITING = "Writing"

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
