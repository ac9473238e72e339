"""The sandbox's OAuth2 token endpoint (client credentials)."""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.sandbox.conftest import Api
from tests.spec_tools import check_response
from timeback_caliper.sandbox import Sandbox

GRANT = {"grant_type": "client_credentials"}


def _post(sandbox: Sandbox, **kwargs: object) -> httpx.Response:
    response = httpx.post(sandbox.auth_url, **kwargs)  # type: ignore[arg-type]
    check_response("POST", "/oauth2/token", response.status_code, response.json())
    return response


def test_basic_credentials_get_a_bearer_token(caliper_sandbox: Sandbox) -> None:
    """client_secret_basic, as the vendor client sends it."""
    response = _post(
        caliper_sandbox,
        auth=(caliper_sandbox.client_id, caliper_sandbox.client_secret),
        data={"grant_type": "client_credentials"},
    )

    body = response.json()
    assert (200, 3600, "Bearer") == (response.status_code, body["expires_in"], body["token_type"])
    assert body["access_token"]


def test_form_credentials_get_a_bearer_token(caliper_sandbox: Sandbox) -> None:
    """client_secret_post, as the vendor docs show it."""
    response = _post(
        caliper_sandbox,
        data={
            "grant_type": "client_credentials",
            "client_id": caliper_sandbox.client_id,
            "client_secret": caliper_sandbox.client_secret,
        },
    )

    assert 200 == response.status_code


@pytest.mark.parametrize(
    ("user", "secret"), [("sandbox-client", "wrong"), ("nobody", "sandbox-secret"), ("", "")]
)
def test_wrong_credentials_are_invalid_client(
    caliper_sandbox: Sandbox, user: str, secret: str
) -> None:
    """Wrong credentials give 401 {"error": "invalid_client"}."""
    response = _post(
        caliper_sandbox, auth=(user, secret), data={"grant_type": "client_credentials"}
    )

    assert (401, "invalid_client") == (response.status_code, response.json()["error"])


def test_malformed_basic_header_is_invalid_client(caliper_sandbox: Sandbox) -> None:
    """A Basic header that is not base64 is treated as no credentials."""
    response = _post(
        caliper_sandbox,
        headers={"Authorization": "Basic %%%"},
        data={"grant_type": "client_credentials"},
    )

    assert 401 == response.status_code


def test_other_grant_types_are_refused(caliper_sandbox: Sandbox) -> None:
    """Only client_credentials is supported."""
    response = _post(
        caliper_sandbox,
        auth=(caliper_sandbox.client_id, caliper_sandbox.client_secret),
        data={"grant_type": "password"},
    )

    assert (400, "unsupported_grant_type") == (response.status_code, response.json()["error"])


def test_scope_is_granted_and_echoed(caliper_sandbox: Sandbox) -> None:
    """The LEARNWITH_AI scope is granted when asked for; unknown scopes are refused."""
    creds = base64.b64encode(b"sandbox-client:sandbox-secret").decode()
    scope = "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"
    good = _post(
        caliper_sandbox,
        headers={"Authorization": f"Basic {creds}"},
        data={"grant_type": "client_credentials", "scope": scope},
    )
    bad = _post(
        caliper_sandbox,
        headers={"Authorization": f"Basic {creds}"},
        data={"grant_type": "client_credentials", "scope": "root"},
    )

    assert scope == good.json()["scope"]
    assert (400, "invalid_scope") == (bad.status_code, bad.json()["error"])


def test_token_endpoint_wants_a_form(caliper_sandbox: Sandbox) -> None:
    """A JSON body is not an OAuth2 token request."""
    response = _post(caliper_sandbox, json={"grant_type": "client_credentials"})

    assert (400, "invalid_request") == (response.status_code, response.json()["error"])


def test_expires_in_is_configurable() -> None:
    """token_ttl sets expires_in, and a token past it gets 401 "jwt expired"."""
    with Sandbox(token_ttl=0.2) as sandbox:
        api = Api(sandbox)
        first = api.list()
        sandbox.app.clock = lambda: 10**12  # far in the future
        expired = api.list()
        api.close()

    assert 200 == first.status_code
    assert (401, "jwt expired") == (expired.status_code, expired.json()["message"])


def test_reset_gives_tokens_their_configured_lifetime_again() -> None:
    """A test that shortens token lives does not leak that into the next one."""
    with Sandbox(token_ttl=600) as sandbox:
        sandbox.set_token_ttl(5)
        short = _post(sandbox, auth=(sandbox.client_id, sandbox.client_secret), data=GRANT)
        sandbox.reset()
        after = _post(sandbox, auth=(sandbox.client_id, sandbox.client_secret), data=GRANT)

    assert (5, 600) == (short.json()["expires_in"], after.json()["expires_in"])


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Missing bearer token"),
        ("Bearer", "Missing bearer token"),
        ("Basic abc", "Missing bearer token"),
        ("Bearer not-a-token", "Invalid token"),
    ],
)
def test_api_needs_a_valid_bearer_token(api: Api, header: str | None, message: str) -> None:
    """Every API route answers 401 with a JSON body without a valid token."""
    headers = {} if header is None else {"Authorization": header}
    for response in (
        api.http.get("/caliper/events", headers=headers),
        api.http.get("/jobs/1/status", headers=headers),
        api.http.post("/caliper/event", json={}, headers=headers),
    ):
        assert (401, message) == (response.status_code, response.json()["message"])
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_revoked_tokens_stop_working(api: Api) -> None:
    """Revoking tokens from the test makes the next call 401."""
    api.sandbox.revoke_tokens()

    assert 401 == api.list().status_code
