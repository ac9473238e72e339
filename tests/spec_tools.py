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


def response_validator(path: str, method: str, status: int) -> jsonschema.protocols.Validator:
    """The validator of the JSON body the spec documents for this operation and status."""
    op = load_spec()["paths"][path][method]
    response = resolve(op["responses"][str(status)])
    schema = response["content"]["application/json"]["schema"]
    return validator_for(schema["$ref"].removeprefix("#"))
