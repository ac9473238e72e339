"""TimebackActivityContext: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions
    from ..models.timeback_activity import TimebackActivity
    from ..models.timeback_app import TimebackApp
    from ..models.timeback_course import TimebackCourse


class TimebackActivityContext(Model):
    """The activity a Timeback event is about.

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        subject (wire `subject`, required): The subject of a Timeback activity. The server's list has grown over time (5,
            then 6, then 9 values); **[decided]** `Other` is known too: the vendor's client
            lists it and its SDK sends it for a course without a subject. A subject missing
            here is a warning at the client's default validation level, refused only at
            "strict".
        app (wire `app`, required)
        course (wire `course`)
        activity (wire `activity`)
        process (wire `process`): When true the event also becomes a OneRoster assessment result.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimebackActivityContext"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "TimebackActivityContext"),
        ("subject", "subject", "str", True, "", None),
        ("app", "app", "model", False, "TimebackApp", None),
        ("course", "course", "model", False, "TimebackCourse", None),
        ("activity", "activity", "model", False, "TimebackActivity", None),
        ("process", "process", "bool", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    subject: str
    app: TimebackApp | None
    course: TimebackCourse | None
    activity: TimebackActivity | None
    process: bool | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "TimebackActivityContext",
        subject: str | None = None,
        app: TimebackApp | Mapping[str, Any] | None = None,
        course: TimebackCourse | Mapping[str, Any] | None = None,
        activity: TimebackActivity | Mapping[str, Any] | None = None,
        process: bool | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "subject": subject,
                "app": app,
                "course": course,
                "activity": activity,
                "process": process,
                "extensions": extensions,
            },
            extra,
            raw,
        )
