"""The public surface: what `timeback_caliper` exports, and the parity of the two clients."""

from __future__ import annotations

import inspect
import subprocess
import sys
from typing import Any

import pytest

import timeback_caliper
from timeback_caliper import AsyncCaliperClient, SyncCaliperClient
from timeback_caliper._async.client import AsyncEvents, AsyncEventStream, AsyncJobs
from timeback_caliper._sync.client import Events, EventStream, Jobs


def test_all_is_sorted_and_every_name_resolves() -> None:
    """__all__ lists every lazily loaded name once (its order is ruff's RUF022), and each
    name can be imported."""
    names = timeback_caliper.__all__

    assert len(set(names)) == len(names)
    assert {*timeback_caliper._WHERE, "__version__"} == set(names)
    for name in names:
        assert getattr(timeback_caliper, name) is not None


def test_unknown_names_raise_attribute_error() -> None:
    """A typo is an AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="no attribute 'CaliperClinet'"):
        timeback_caliper.CaliperClinet  # noqa: B018


@pytest.mark.parametrize(
    ("sync_cls", "async_cls"),
    [
        (SyncCaliperClient, AsyncCaliperClient),
        (Events, AsyncEvents),
        (Jobs, AsyncJobs),
        (EventStream, AsyncEventStream),
    ],
)
def test_sync_and_async_have_the_same_methods_and_parameters(
    sync_cls: type, async_cls: type
) -> None:
    """Every public method exists on both, with the same parameter names, kinds and defaults."""

    def surface(cls: type) -> dict[str, list[tuple[str, Any, Any]]]:
        found = {}
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_") and name not in ("__init__",):
                continue
            name = {"aclose": "close"}.get(name, name)
            params = inspect.signature(member).parameters.values()
            found[name] = [(p.name, p.kind, p.default) for p in params]
        return found

    assert surface(sync_cls) == surface(async_cls)


def test_vendor_surface_is_there() -> None:
    """The names of the vendor's client exist on both flavours."""
    for client in (SyncCaliperClient, AsyncCaliperClient):
        events = {
            "send",
            "send_envelope",
            "validate",
            "send_activity",
            "send_time_spent",
            "list",
            "get",
            "stream",
        }
        events |= {"send_question_seen", "send_question_answered", "send_question_graded"}
        events_cls = Events if client is SyncCaliperClient else AsyncEvents
        jobs_cls = Jobs if client is SyncCaliperClient else AsyncJobs
        assert events <= set(dir(events_cls))
        assert {"get_status", "wait_for_completion"} <= set(dir(jobs_cls))


def test_import_loads_neither_httpx_nor_the_sandbox_nor_the_cli() -> None:
    """`import timeback_caliper` stays light; a client pulls in what it needs, not the extras."""
    heavy = ("httpx", "attrs", "dateutil", "timeback_caliper_api")
    extras = ("timeback_caliper.sandbox", "uvicorn", "tqdm", "timeback_caliper.cli")
    code = (
        "import sys, timeback_caliper;"
        f"light = [m for m in {heavy!r} if m in sys.modules];"
        "timeback_caliper.CaliperClient;"
        f"extras = [m for m in sys.modules if m.startswith({extras!r})];"
        "print(light, extras)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert "[] []" == result.stdout.strip()


@pytest.mark.parametrize("name", ["SyncCaliperClient", "AsyncCaliperClient"])
def test_help_shows_the_events_and_jobs_apis(name: str) -> None:
    """`help(SyncCaliperClient)` lists `events` and `jobs`, with what they hold."""
    import pydoc

    plain = pydoc.plaintext  # type: ignore[attr-defined]  # (not in typeshed)
    text = pydoc.render_doc(getattr(timeback_caliper, name), renderer=plain)
    lines = [line.strip(" |") for line in text.splitlines()]

    assert "The events API: `send`, `send_envelope`," in lines[lines.index("events") + 1]
    assert "The jobs API: `get_status`," in lines[lines.index("jobs") + 1]


@pytest.mark.parametrize(
    ("sender", "client", "message"),
    [
        (
            "Sender",
            "CaliperClient",
            "must be a SyncCaliperClient (got AsyncCaliperClient: use AsyncSender with it)",
        ),
        (
            "AsyncSender",
            "SyncCaliperClient",
            "must be an AsyncCaliperClient (got SyncCaliperClient: use Sender with it)",
        ),
        ("Sender", "ClientConfig", "must be a SyncCaliperClient (got ClientConfig)"),
    ],
)
def test_a_sender_refuses_the_other_flavour_of_client_naming_the_right_class(
    sender: str, client: str, message: str
) -> None:
    """`Sender(CaliperClient(...))` fails when the sender is made, not at the first send."""
    settings: dict[str, Any] = {"base_url": "http://127.0.0.1:9", "client_id": "i"}
    settings |= {"auth_url": "http://127.0.0.1:9/t", "client_secret": "s"}
    given = (
        timeback_caliper.ClientConfig.resolve(**settings)
        if client == "ClientConfig"
        else getattr(timeback_caliper, client)(**settings)
    )

    with pytest.raises(timeback_caliper.InputValidationError) as caught:
        getattr(timeback_caliper, sender)(given, sensor="https://app.example.com/s")

    assert [("client", message)] == [(i.path, i.message) for i in caught.value.issues]
