from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.spec_tools import check_response
from timeback_caliper.sandbox import Sandbox


class Api:
    """Raw HTTP to a sandbox, with a token; every API response is checked against the spec."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.http = httpx.Client(
            base_url=sandbox.base_url,
            timeout=10,
            event_hooks={"response": [self._conform]},
        )
        self.token = self.fetch_token()

    def _conform(self, response: httpx.Response) -> None:
        path = response.request.url.raw_path.decode("ascii")
        if path.startswith("/_sandbox") or response.request.extensions.get("unchecked"):
            return
        response.read()
        check_response(response.request.method, path, response.status_code, response.json())

    def fetch_token(self, **form: str) -> str:
        response = self.http.post(
            "/oauth2/token",
            auth=(self.sandbox.client_id, self.sandbox.client_secret),
            data={"grant_type": "client_credentials", **form},
        )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def send(self, envelope: Any, **kwargs: Any) -> httpx.Response:
        return self.http.post("/caliper/event", json=envelope, headers=self.auth, **kwargs)

    def validate(self, envelope: Any) -> httpx.Response:
        return self.http.post("/caliper/event/validate", json=envelope, headers=self.auth)

    def list(self, **params: Any) -> httpx.Response:
        return self.http.get("/caliper/events", params=params, headers=self.auth)

    def get(self, raw_id: str) -> httpx.Response:
        return self.http.get(f"/caliper/events/{raw_id}", headers=self.auth)

    def job(self, job_id: str) -> httpx.Response:
        return self.http.get(f"/jobs/{job_id}/status", headers=self.auth)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def api(caliper_sandbox: Sandbox) -> Iterator[Api]:
    """Raw HTTP access to a fresh sandbox, with a bearer token."""
    client = Api(caliper_sandbox)
    yield client
    client.close()
