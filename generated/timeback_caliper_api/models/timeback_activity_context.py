from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subject import Subject
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extensions import Extensions
    from ..models.timeback_activity import TimebackActivity
    from ..models.timeback_app import TimebackApp
    from ..models.timeback_course import TimebackCourse


T = TypeVar("T", bound="TimebackActivityContext")


@_attrs_define
class TimebackActivityContext:
    """The activity a Timeback event is about.

    Attributes:
        id (str):
        type_ (Literal['TimebackActivityContext']):
        subject (Subject): The subject of a Timeback activity. The server's list has grown over time (5, then
            6, then 9 values); **[decided]** `Other` is known too: the vendor's client lists it
            and its SDK sends it for a course without a subject. A subject missing here is a
            warning at the client's default validation level, refused only at "strict".
        app (TimebackApp):
        course (TimebackCourse | Unset):
        activity (TimebackActivity | Unset):
        process (bool | Unset): When true the event also becomes a OneRoster assessment result.
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["TimebackActivityContext"]
    subject: Subject
    app: TimebackApp
    course: TimebackCourse | Unset = UNSET
    activity: TimebackActivity | Unset = UNSET
    process: bool | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        subject = self.subject.value

        app = self.app.to_dict()

        course: dict[str, Any] | Unset = UNSET
        if not isinstance(self.course, Unset):
            course = self.course.to_dict()

        activity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.activity, Unset):
            activity = self.activity.to_dict()

        process = self.process

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "subject": subject,
                "app": app,
            }
        )
        if course is not UNSET:
            field_dict["course"] = course
        if activity is not UNSET:
            field_dict["activity"] = activity
        if process is not UNSET:
            field_dict["process"] = process
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.extensions import Extensions
        from ..models.timeback_activity import TimebackActivity
        from ..models.timeback_app import TimebackApp
        from ..models.timeback_course import TimebackCourse

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["TimebackActivityContext"], d.pop("type"))
        if type_ != "TimebackActivityContext":
            raise ValueError(
                f"type must match const 'TimebackActivityContext', got '{type_}'"
            )

        subject = Subject(d.pop("subject"))

        app = TimebackApp.from_dict(d.pop("app"))

        _course = d.pop("course", UNSET)
        course: TimebackCourse | Unset
        if isinstance(_course, Unset):
            course = UNSET
        else:
            course = TimebackCourse.from_dict(_course)

        _activity = d.pop("activity", UNSET)
        activity: TimebackActivity | Unset
        if isinstance(_activity, Unset):
            activity = UNSET
        else:
            activity = TimebackActivity.from_dict(_activity)

        process = d.pop("process", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        timeback_activity_context = cls(
            id=id,
            type_=type_,
            subject=subject,
            app=app,
            course=course,
            activity=activity,
            process=process,
            extensions=extensions,
        )

        timeback_activity_context.additional_properties = d
        return timeback_activity_context

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
