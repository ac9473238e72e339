"""Property-based conformance: schemathesis drives the running sandbox from the spec.

Bounded: a fixed number of generated requests per operation, no shrinking deadline. Every
response must have a documented status, content type, headers and body schema; no request
may cause a 5xx; and a request without the bearer token must be refused.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from tests.spec_tools import SPEC_PATH
from timeback_caliper.sandbox import Sandbox

schema = schemathesis.openapi.from_path(SPEC_PATH)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.ignored_auth,
]


@pytest.fixture(scope="module")
def authorized(caliper_sandbox_session: Sandbox) -> tuple[str, dict[str, str]]:
    """The sandbox's URL and a bearer header for it."""
    sandbox = caliper_sandbox_session
    token = httpx.post(
        sandbox.auth_url,
        auth=(sandbox.client_id, sandbox.client_secret),
        data={"grant_type": "client_credentials"},
    ).json()["access_token"]
    return sandbox.base_url, {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_response_conforms_to_the_spec(
    case: schemathesis.Case,  # type: ignore[type-arg]
    authorized: tuple[str, dict[str, str]],
) -> None:
    """Generated requests get documented, schema-valid responses and never a 5xx."""
    base_url, headers = authorized

    case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)
