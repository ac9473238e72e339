"""The LEARNWITH_AI rewrite of a Timeback envelope (what that platform's endpoint accepts).

LEARNWITH_AI receives standard Caliper types: TimebackProfile becomes AggregationProfile, a
TimebackUser becomes a Person, a TimebackActivityContext becomes an AssignableDigitalResource,
metrics become `{metricType, metricValue}` items, times are UTC milliseconds, and a missing
session asks the platform to attach one. Unlike the vendor client, metric item ids are
derived from the collection's id (uuid5), so a resent envelope is byte for byte the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from timeback_caliper._core.timestamps import format_timestamp, parse_rfc3339
from timeback_caliper._core.vocabulary import CALIPER_CONTEXT

SESSION_AUTO_ATTACH = "urn:tag:auto-attach"
_RESOURCE_EVENTS = frozenset({"ActivityEvent", "TimeSpentEvent", "AssignableEvent", "ViewEvent"})
_COLLECTIONS = {
    "ActivityEvent": ("ActivityMetricsCollection", "ActivityMetric"),
    "TimeSpentEvent": ("TimeSpentMetricsCollection", "TimeSpentMetric"),
}


def rewrite_envelope(envelope: Mapping[str, Any]) -> dict[str, Any]:
    rewritten = dict(envelope)
    rewritten["sendTime"] = _utc_ms(envelope.get("sendTime"))
    rewritten["data"] = [
        _rewrite_event(e) if isinstance(e, Mapping) else e for e in envelope.get("data", [])
    ]
    return rewritten


def _utc_ms(value: Any) -> Any:
    moment = parse_rfc3339(value)
    return value if moment is None else format_timestamp(moment)


def _rewrite_event(event: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(event)
    out.setdefault("@context", CALIPER_CONTEXT)
    kind = out.get("type")
    if out.get("profile") == "TimebackProfile":
        out["profile"] = "AggregationProfile"
    actor = out.get("actor")
    if isinstance(actor, Mapping) and actor.get("type") == "TimebackUser":
        out["actor"] = {"type": "Person", "id": actor.get("id")}
    obj = out.get("object")
    if (
        isinstance(obj, Mapping)
        and obj.get("type") == "TimebackActivityContext"
        and kind in _RESOURCE_EVENTS
    ):
        out["object"] = _resource(obj)
    generated = out.get("generated")
    if isinstance(generated, Mapping) and isinstance(kind, str) and kind in _COLLECTIONS:
        out["generated"] = _metrics(generated, *_COLLECTIONS[kind])
    if "eventTime" in out:
        out["eventTime"] = _utc_ms(out["eventTime"])
    if not out.get("session"):
        out["session"] = SESSION_AUTO_ATTACH
    return out


def _resource(context: Mapping[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {"type": "AssignableDigitalResource", "id": context.get("id")}
    activity = context.get("activity")
    name = context.get("name") or (activity.get("name") if isinstance(activity, Mapping) else None)
    if name:
        resource["name"] = name
    course = context.get("course")
    if isinstance(course, Mapping):
        part_of: dict[str, Any] = {"type": "CourseOffering", "id": course.get("id")}
        if course.get("name"):
            part_of["name"] = course["name"]
        resource["isPartOf"] = part_of
    app = context.get("app")
    if isinstance(app, Mapping):
        resource["extensions"] = {
            "app": {"name": app.get("name"), "type": app.get("type", "SoftwareApplication")}
        }
    return resource


def _metrics(collection: Mapping[str, Any], kind: str, item_type: str) -> dict[str, Any]:
    collection_id = str(collection.get("id", ""))
    out: dict[str, Any] = {"id": collection_id, "type": kind}
    items = collection.get("items")
    if isinstance(items, list):
        out["items"] = [
            {
                "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{collection_id}#{index}')}",
                "type": item_type,
                "metricType": _pascal(item.get("type", "")) if isinstance(item, Mapping) else "",
                "metricValue": item.get("value") if isinstance(item, Mapping) else None,
            }
            for index, item in enumerate(items)
        ]
    for key, value in collection.items():
        if key not in ("id", "type", "items"):
            out[key] = value
    return out


def _pascal(name: object) -> str:
    """`xpEarned` -> `XpEarned`, `anti-pattern` -> `AntiPattern`."""
    parts = str(name).replace("_", "-").split("-")
    return "".join(part[:1].upper() + part[1:] for part in parts)
