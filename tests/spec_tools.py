"""The checked-in OpenAPI document as test data: loading it and validating JSON against it."""

from __future__ import annotations

import functools
import pathlib
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "openapi" / "caliper.yaml"
SPEC_URI = "urn:timeback-caliper:openapi"


@functools.cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = yaml.safe_load(f)
    return loaded


@functools.cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


@functools.cache
def validator_for(pointer: str) -> jsonschema.protocols.Validator:
    """A JSON Schema validator for the schema at `pointer` (`#/components/...`)."""
    schema = {"$ref": f"{SPEC_URI}#{pointer}"}
    return jsonschema.Draft202012Validator(
        schema,
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the spec."""
    found = []
    for path, item in load_spec()["paths"].items():
        for method, op in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found.append((path, method, op))
    return found


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow one local `$ref`, if `node` is one."""
    ref = node.get("$ref")
    if ref is None:
        return node
    target: Any = load_spec()
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    resolved: dict[str, Any] = target
    return resolved


@functools.cache
def response_validator(path: str, method: str, status: int) -> jsonschema.protocols.Validator:
    """The validator of the JSON body the spec documents for this operation and status."""
    op = load_spec()["paths"][path][method]
    response = resolve(op["responses"][str(status)])
    schema = response["content"]["application/json"]["schema"]
    return validator_for(schema["$ref"].removeprefix("#"))


_TEMPLATES = [
    (("caliper", "event"), "/caliper/event"),
    (("caliper", "event", "validate"), "/caliper/event/validate"),
    (("caliper", "events"), "/caliper/events"),
    (("caliper", "events", "*"), "/caliper/events/{externalId}"),
    (("jobs", "*", "status"), "/jobs/{jobId}/status"),
    (("caliper", "v1p2"), "/caliper/v1p2"),
]


def spec_path(raw_path: str) -> str | None:
    """The spec's path template for a request path, or None if the spec has none."""
    segments = tuple(raw_path.split("?")[0].strip("/").split("/"))
    for pattern, template in _TEMPLATES:
        if len(pattern) == len(segments) and all(
            p in ("*", s) for p, s in zip(pattern, segments, strict=True)
        ):
            return template
    return None


def check_response(method: str, raw_path: str, status: int, body: Any) -> None:
    """Fail unless the spec documents `status` for this request and `body` conforms to it.

    The token endpoint is checked against TokenResponse / OAuthError (or ErrorBody for an
    injected gateway fault).
    """
    if raw_path.rstrip("/").endswith("/token"):
        if status == 200:
            name = "TokenResponse"
        elif "error" in body and "status" not in body:
            name = "OAuthError"
        else:
            name = "ErrorBody"
        validator_for(f"/components/schemas/{name}").validate(body)
        return
    template = spec_path(raw_path)
    assert template is not None, f"{method} {raw_path} is not an operation of the spec"
    responses = load_spec()["paths"][template][method.lower()]["responses"]
    assert str(status) in responses, f"{method} {template} does not document status {status}"
    response_validator(template, method.lower(), status).validate(body)
