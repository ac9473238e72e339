"""The Django, Flask, Starlette and FastAPI examples, each driven by its test client, against the
sandbox: the request returns at once, the events arrive, bad input is a 400."""

from __future__ import annotations

import importlib
import sys

import httpx
import pytest

from timeback_caliper.sandbox import Sandbox

LESSON = {
    "student": "s1",
    "email": "s1@example.edu",
    "total": 10,
    "correct": 8,
    "xp": 80,
    "seconds": 600,
}


@pytest.fixture
def sandbox_env(caliper_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The sandbox's TIMEBACK_API_* in the environment, as a deployment would set them."""
    for name, value in caliper_sandbox.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CALIPER_SPOOL", raising=False)
    return caliper_sandbox


def _stored_types(sandbox: Sandbox) -> list[str]:
    return sorted(e["type"] for e in sandbox.events())


def test_django_view(sandbox_env: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """POST to the Django view: 202, then an ActivityEvent and a TimeSpentEvent are stored."""
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "examples.django_app")
    sys.modules.pop("examples.django_app", None)
    import django
    from django.test import Client

    django.setup()
    module = importlib.import_module("examples.django_app")
    client = Client()

    ok = client.post("/lessons/l1/complete", LESSON, content_type="application/json")
    bad = client.post(
        "/lessons/l1/complete", {**LESSON, "email": 42}, content_type="application/json"
    )
    assert module.sender.flush(10)
    module.sender.close()

    assert (202, 400) == (ok.status_code, bad.status_code)
    assert "actor.email" in bad.json()["error"]
    assert ["ActivityEvent", "TimeSpentEvent"] == _stored_types(sandbox_env)


def test_flask_app(sandbox_env: Sandbox) -> None:
    """POST to the Flask app: 202, then both events are stored."""
    from examples.flask_app import create_app

    app = create_app()
    sender = app.extensions["timeback_caliper"]

    ok = app.test_client().post("/lessons/l2/complete", json=LESSON)
    bad = app.test_client().post("/lessons/l2/complete", json={**LESSON, "xp": "lots"})
    assert sender.flush(10)
    sender.close()

    assert (202, 400) == (ok.status_code, bad.status_code)
    assert ["ActivityEvent", "TimeSpentEvent"] == _stored_types(sandbox_env)


@pytest.mark.anyio
async def test_starlette_service(sandbox_env: Sandbox) -> None:
    """POST to the Starlette service: 202; its lifespan flushes at shutdown; both are stored."""
    from examples.starlette_app import app

    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://service") as client,
    ):
        ok = await client.post("/lessons/l3/complete", json=LESSON)
        bad = await client.post("/lessons/l3/complete", json={**LESSON, "total": None})

    assert (202, 400) == (ok.status_code, bad.status_code)
    assert ["ActivityEvent", "TimeSpentEvent"] == _stored_types(sandbox_env)


@pytest.mark.anyio
async def test_fastapi_service(sandbox_env: Sandbox) -> None:
    """POST to the FastAPI service (the sender comes by Depends): 202, 400, both stored."""
    from examples.fastapi_app import app

    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://service") as client,
    ):
        ok = await client.post("/lessons/l4/complete", json=LESSON)
        bad = await client.post("/lessons/l4/complete", json={**LESSON, "email": 42})

    assert (202, 400) == (ok.status_code, bad.status_code)
    assert "actor.email" in bad.json()["detail"]
    assert ["ActivityEvent", "TimeSpentEvent"] == _stored_types(sandbox_env)
