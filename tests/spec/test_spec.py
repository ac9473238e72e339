"""The OpenAPI document: valid, complete, and in agreement with the generated package."""

from __future__ import annotations

import importlib
import re
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openapi_spec_validator import validate

from tests.spec_tools import load_spec, operations, resolve, validator_for
from timeback_caliper._core.timestamps import parse_time_input
from timeback_caliper_api import Client
from timeback_caliper_api.api.events import list_events
from timeback_caliper_api.api.jobs import get_job_status
from timeback_caliper_api.models import Job, Pagination, TimebackRole, TimebackUser, TimeSpentMetric
from timeback_caliper_api.models.time_spent_metric_type import TimeSpentMetricType

ERRORS_EVERY_OPERATION_DOCUMENTS = {"400", "401", "403", "429", "500", "502", "503", "504"}
ERRORS_OF_BODIES = {"413", "415", "422"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _schemas() -> dict[str, dict[str, Any]]:
    schemas: dict[str, dict[str, Any]] = load_spec()["components"]["schemas"]
    return schemas


def test_spec_is_valid_openapi_3_1() -> None:
    """The document passes an OpenAPI 3.1 validator."""
    spec = load_spec()

    validate(spec)

    assert spec["openapi"].startswith("3.1")


def test_operations_have_stable_ids_and_tags() -> None:
    """The five BEYOND_AI operations of the contract and LEARNWITH_AI's send, with ids and tags."""
    found = {(m.upper(), p): (op["operationId"], op["tags"]) for p, m, op in operations()}

    assert {
        ("POST", "/caliper/event"): ("sendEvents", ["events"]),
        ("POST", "/caliper/event/validate"): ("validateEvents", ["events"]),
        ("GET", "/caliper/events"): ("listEvents", ["events"]),
        ("GET", "/caliper/events/{externalId}"): ("getEvent", ["events"]),
        ("GET", "/jobs/{jobId}/status"): ("getJobStatus", ["jobs"]),
        ("POST", "/caliper/v1p2"): ("sendEventsLearnWithAi", ["learnwithai"]),
    } == found


@pytest.mark.parametrize(
    ("path", "method", "op"),
    operations(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_operation_has_its_generated_module(
    path: str, method: str, op: dict[str, Any]
) -> None:
    """Each operation is generated as api/<tag>/<operation_id>.py with sync and async calls."""
    module = importlib.import_module(
        f"timeback_caliper_api.api.{op['tags'][0]}.{_snake(op['operationId'])}"
    )

    kwargs = module._get_kwargs(**_dummy_path_args(op))

    assert method == kwargs["method"]
    for name in ("sync_detailed", "asyncio_detailed", "sync", "asyncio"):
        assert callable(getattr(module, name)), name


def _dummy_path_args(op: dict[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for param in map(resolve, op.get("parameters", [])):
        if param["in"] == "path":
            args[_snake(param["name"])] = "x"
    if "requestBody" in op:
        from timeback_caliper_api.models import Envelope

        example = _schemas()["Envelope"]["examples"][0]
        args["body"] = Envelope.from_dict(example)
    return args


@pytest.mark.parametrize(
    ("path", "method", "op"),
    operations(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_operation_documents_its_errors_with_examples(
    path: str, method: str, op: dict[str, Any]
) -> None:
    """Every operation documents the shared error statuses, each with a JSON example."""
    responses = op["responses"]
    expected = set(ERRORS_EVERY_OPERATION_DOCUMENTS)
    if "requestBody" in op:
        expected |= ERRORS_OF_BODIES
    if "{" in path:
        expected.add("404")

    assert expected <= set(responses)
    for status, response in responses.items():
        content = resolve(response)["content"]["application/json"]
        if status != "200" or "example" in content:
            validator_for(content["schema"]["$ref"].removeprefix("#")).validate(content["example"])


@pytest.mark.parametrize("name", ["TooManyRequests", "ServiceUnavailable"])
def test_retryable_statuses_declare_retry_after(name: str) -> None:
    """429 and 503 carry a Retry-After header in the contract."""
    response = load_spec()["components"]["responses"][name]

    assert "Retry-After" in response["headers"]


def test_list_parameters_have_types_defaults_and_bounds() -> None:
    """`limit` defaults to 100 and is capped at 1000; `offset` starts at 0; filters are strings."""
    (op,) = [op for p, m, op in operations() if op["operationId"] == "listEvents"]
    query = [p for p in map(resolve, op["parameters"]) if p["in"] == "query"]
    params = {p["name"]: resolve(p["schema"]) for p in query}

    assert {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100} == params["limit"]
    assert {"type": "integer", "minimum": 0, "default": 0} == params["offset"]
    assert [
        "actorEmail",
        "actorId",
        "endDate",
        "limit",
        "offset",
        "sensor",
        "startDate",
    ] == sorted(params)
    for name in ("sensor", "actorId", "actorEmail", "startDate", "endDate"):
        assert "string" == params[name]["type"], name


@pytest.mark.parametrize(
    "decision",
    [
        "Send reply",
        "Duplicate event ids",
        "List order",
        "Date filters",
        "Maximum `limit`",
        "Failed jobs",
    ],
)
def test_every_decided_guess_is_written_in_the_spec(decision: str) -> None:
    """The spec says what we assumed where the contract is silent."""
    assert f"**{decision}**" in load_spec()["info"]["description"]


SCHEMAS_WITH_EXAMPLES = sorted(n for n, s in _schemas().items() if s.get("examples"))


def test_every_schema_has_an_example() -> None:
    """No schema is left without an example to test it with."""
    assert sorted(_schemas()) == SCHEMAS_WITH_EXAMPLES


@pytest.mark.parametrize("name", SCHEMAS_WITH_EXAMPLES)
def test_schema_examples_are_valid(name: str) -> None:
    """Every example conforms to its own schema."""
    validator = validator_for(f"/components/schemas/{name}")

    for example in _schemas()[name]["examples"]:
        validator.validate(example)


@pytest.mark.parametrize("name", SCHEMAS_WITH_EXAMPLES)
def test_schema_examples_round_trip_through_generated_models(name: str) -> None:
    """Every example parses into its generated model and serialises to the same JSON."""
    models = importlib.import_module("timeback_caliper_api.models")
    model = getattr(models, name, None)
    if model is None:
        # Scalar and union schemas are inlined by the generator; their examples travel as is.
        assert _schemas()[name].get("type") != "object", f"no generated model for {name}"
        return

    for example in _schemas()[name]["examples"]:
        if hasattr(model, "from_dict"):
            assert example == model.from_dict(example).to_dict()
        else:
            assert example == model(example).value


def test_camel_case_survives_on_the_wire() -> None:
    """Time-spent metrics keep subType/startDate/endDate (the vendor client sent snake_case)."""
    metric = TimeSpentMetric(
        type=TimeSpentMetricType.INACTIVE,
        value=300,
        sub_type="eating",
        start_date="2025-07-28T15:00:00.000Z",
        end_date="2025-07-28T15:05:00.000Z",
    )

    assert {
        "type": "inactive",
        "value": 300,
        "subType": "eating",
        "startDate": "2025-07-28T15:00:00.000Z",
        "endDate": "2025-07-28T15:05:00.000Z",
    } == metric.to_dict()


def test_list_query_parameters_are_camel_case() -> None:
    """The list operation sends startDate/endDate/actorId/actorEmail."""
    kwargs = list_events._get_kwargs(
        start_date="2025-01-01",
        end_date="2025-02-01",
        actor_id="u",
        actor_email="a@b.c",
    )

    assert {
        "limit": 100,
        "offset": 0,
        "startDate": "2025-01-01",
        "endDate": "2025-02-01",
        "actorId": "u",
        "actorEmail": "a@b.c",
    } == kwargs["params"]


def test_unknown_enum_value_is_kept_instead_of_raising() -> None:
    """A role the spec does not list yet is kept as it came (every enum is open); the
    listed values are still there, for code that compares with them."""
    user = TimebackUser.from_dict(
        {"id": "https://x.example/u", "type": "TimebackUser", "email": "a@b.c", "role": "parent"}
    )

    assert "parent" == user.role
    assert TimebackRole.STUDENT == TimebackRole("student") == "student"


def test_the_job_state_is_an_open_string() -> None:
    """A job state is kept as the server sent it, whatever it is (an open vocabulary)."""
    job = Job.from_dict({"id": "1", "state": "delayed", "returnValue": None, "processedOn": None})

    assert "delayed" == job.state


def _client(handler: Any) -> Client:
    return Client(
        base_url="http://caliper.test",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def test_non_iana_status_code_is_kept_as_an_int() -> None:
    """A 499 from a proxy is reported, not a crash."""
    with _client(lambda request: httpx.Response(499, text="client closed")) as client:
        response = get_job_status.sync_detailed("6", client=client)

    assert 499 == response.status_code
    assert response.parsed is None


def test_non_json_error_body_leaves_parsed_empty() -> None:
    """An HTML 500 from a load balancer keeps its raw content instead of raising."""
    html = b"<html><body>Bad gateway</body></html>"
    with _client(lambda request: httpx.Response(500, content=html)) as client:
        response = get_job_status.sync_detailed("6", client=client)

    assert (500, html, None) == (
        response.status_code,
        response.content,
        response.parsed,
    )


def test_path_parameters_are_percent_encoded() -> None:
    """`urn:uuid:a/b` travels as one path segment."""
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path)
        return httpx.Response(
            404, json={"status": "error", "message": "Job not found", "errors": None}
        )

    with _client(handler) as client:
        get_job_status.sync_detailed("urn:uuid:a/b", client=client)

    assert [b"/jobs/urn%3Auuid%3Aa%2Fb/status"] == seen


def test_a_model_repr_shows_every_field() -> None:
    """Reprs of models read from partial replies stay readable: None where nothing came."""
    assert "Pagination(total=1, total_pages=None, current_page=None, limit=None)" == repr(
        Pagination.from_dict({"total": 1})
    )


@pytest.mark.parametrize(
    ("path", "method", "op"),
    operations(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_operation_documents_the_request_id_header(
    path: str, method: str, op: dict[str, Any]
) -> None:
    """The X-Request-ID the client sends on every call is part of each operation's contract."""
    headers = [p for p in map(resolve, op.get("parameters", [])) if p["in"] == "header"]

    assert ["X-Request-ID"] == [p["name"] for p in headers]
    assert headers[0].get("required", False) is False


def test_the_send_scopes_and_the_context_extensions_are_described() -> None:
    """Tokens name their scopes, and a context may carry `extensions`."""
    spec = load_spec()
    schemes = spec["components"]["securitySchemes"]
    lwai = schemes["OAuth2LearnWithAi"]["flows"]["clientCredentials"]["scopes"]

    assert "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write" in lwai
    assert all(s["flows"]["clientCredentials"]["scopes"] for s in schemes.values())
    assert "extensions" in spec["components"]["schemas"]["TimebackActivityContext"]["properties"]


def test_job_needs_the_documented_fields() -> None:
    """The vendor's documents make every job field required; the generated model says so."""
    job = Job.from_dict({"id": "1", "state": "waiting", "returnValue": None, "processedOn": None})

    assert ("1", "waiting") == (job.id, job.state)


@given(
    st.from_regex(load_spec()["components"]["schemas"]["DateOrDateTime"]["pattern"], fullmatch=True)
)
def test_every_date_the_spec_admits_is_one_the_sandbox_reads(value: str) -> None:
    """A schema-valid `startDate`/`endDate` is never a 400: the pattern is no wider than the
    reader behind the sandbox's date filters."""
    assert parse_time_input(value).tzinfo is not None


@pytest.mark.parametrize("value", ["2025-02-29", "1900-02-29", "2025-13-01", "2025-01-01T24:00"])
def test_the_date_pattern_refuses_impossible_dates(value: str) -> None:
    """The pattern is no wider than real calendar dates and clock times."""
    pattern = load_spec()["components"]["schemas"]["DateOrDateTime"]["pattern"]

    assert re.fullmatch(pattern, value) is None
