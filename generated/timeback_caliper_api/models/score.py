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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.caliper_context_type_0_item_type_1 import CaliperContextType0ItemType1
    from ..models.entity_ref_type_1 import EntityRefType1
    from ..models.extensions import Extensions


T = TypeVar("T", bound="Score")


@_attrs_define
class Score:
    """The grade given to an attempt.

    Attributes:
        id (str):
        type_ (Literal['Score']):
        score_given (float):
        context (list[CaliperContextType0ItemType1 | str] | str | Unset): The JSON-LD context. As a string it must be
            the Caliper 1.2 context; as a list the
            Caliper 1.2 context must come last, after the contexts (IRIs or objects) that extend
            it with terms of their own (Caliper 1.2, 4.1: they may not redefine Caliper's).
        attempt (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
            `type`.
        scored_by (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
            `type`.
        max_score (float | Unset):
        comment (str | Unset):
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["Score"]
    score_given: float
    context: list[CaliperContextType0ItemType1 | str] | str | Unset = UNSET
    attempt: EntityRefType1 | str | Unset = UNSET
    scored_by: EntityRefType1 | str | Unset = UNSET
    max_score: float | Unset = UNSET
    comment: str | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.entity_ref_type_1 import EntityRefType1

        id = self.id

        type_ = self.type_

        score_given = self.score_given

        context: list[dict[str, Any] | str] | str | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, list):
            context = []
            for componentsschemas_caliper_context_type_0_item_data in self.context:
                componentsschemas_caliper_context_type_0_item: dict[str, Any] | str
                if isinstance(
                    componentsschemas_caliper_context_type_0_item_data,
                    CaliperContextType0ItemType1,
                ):
                    componentsschemas_caliper_context_type_0_item = (
                        componentsschemas_caliper_context_type_0_item_data.to_dict()
                    )
                else:
                    componentsschemas_caliper_context_type_0_item = (
                        componentsschemas_caliper_context_type_0_item_data
                    )
                context.append(componentsschemas_caliper_context_type_0_item)

        else:
            context = self.context

        attempt: dict[str, Any] | str | Unset
        if isinstance(self.attempt, Unset):
            attempt = UNSET
        elif isinstance(self.attempt, EntityRefType1):
            attempt = self.attempt.to_dict()
        else:
            attempt = self.attempt

        scored_by: dict[str, Any] | str | Unset
        if isinstance(self.scored_by, Unset):
            scored_by = UNSET
        elif isinstance(self.scored_by, EntityRefType1):
            scored_by = self.scored_by.to_dict()
        else:
            scored_by = self.scored_by

        max_score = self.max_score

        comment = self.comment

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "scoreGiven": score_given,
            }
        )
        if context is not UNSET:
            field_dict["@context"] = context
        if attempt is not UNSET:
            field_dict["attempt"] = attempt
        if scored_by is not UNSET:
            field_dict["scoredBy"] = scored_by
        if max_score is not UNSET:
            field_dict["maxScore"] = max_score
        if comment is not UNSET:
            field_dict["comment"] = comment
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.entity_ref_type_1 import EntityRefType1
        from ..models.extensions import Extensions

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["Score"], d.pop("type"))
        if type_ != "Score":
            raise ValueError(f"type must match const 'Score', got '{type_}'")

        score_given = d.pop("scoreGiven")

        def _parse_context(
            data: object,
        ) -> list[CaliperContextType0ItemType1 | str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_caliper_context_type_0 = []
                _componentsschemas_caliper_context_type_0 = data
                for (
                    componentsschemas_caliper_context_type_0_item_data
                ) in _componentsschemas_caliper_context_type_0:

                    def _parse_componentsschemas_caliper_context_type_0_item(
                        data: object,
                    ) -> CaliperContextType0ItemType1 | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_caliper_context_type_0_item_type_1 = (
                                CaliperContextType0ItemType1.from_dict(data)
                            )

                            return componentsschemas_caliper_context_type_0_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(CaliperContextType0ItemType1 | str, data)

                    componentsschemas_caliper_context_type_0_item = (
                        _parse_componentsschemas_caliper_context_type_0_item(
                            componentsschemas_caliper_context_type_0_item_data
                        )
                    )

                    componentsschemas_caliper_context_type_0.append(
                        componentsschemas_caliper_context_type_0_item
                    )

                return componentsschemas_caliper_context_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CaliperContextType0ItemType1 | str] | str | Unset, data)

        context = _parse_context(d.pop("@context", UNSET))

        def _parse_attempt(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        attempt = _parse_attempt(d.pop("attempt", UNSET))

        def _parse_scored_by(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        scored_by = _parse_scored_by(d.pop("scoredBy", UNSET))

        max_score = d.pop("maxScore", UNSET)

        comment = d.pop("comment", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        score = cls(
            id=id,
            type_=type_,
            score_given=score_given,
            context=context,
            attempt=attempt,
            scored_by=scored_by,
            max_score=max_score,
            comment=comment,
            extensions=extensions,
        )

        score.additional_properties = d
        return score

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
