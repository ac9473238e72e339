"""Every operation of the spec reaches users, read from the code's call sites (not from the
words it contains): each generated operation module is called, with every parameter of its
request, by the method of its tag's generated operations class, and those classes are what
`client.events` and `client.jobs` are in both flavours.
"""

from __future__ import annotations

import ast
import inspect

import pytest

from tests.spec_tools import ROOT
from timeback_caliper import SyncCaliperClient
from timeback_caliper._async.events import AsyncEvents
from timeback_caliper._async.jobs import AsyncJobs
from timeback_caliper._sync.events import Events
from timeback_caliper._sync.jobs import Jobs
from timeback_caliper_api.api import events as events_api
from timeback_caliper_api.api import jobs as jobs_api

API = ROOT / "generated" / "timeback_caliper_api" / "api"
# The tags whose operations are methods of a client attribute, both flavours.
SERVED = {
    "events": (events_api, AsyncEvents, Events),
    "jobs": (jobs_api, AsyncJobs, Jobs),
}
# Tags with no client attribute, and why.
NOT_SERVED = {
    "learnwithai": "the platform's only operation: `events.send()` of a LEARNWITH_AI client "
    "sends to it, so it needs no method of its own",
}


def _request_parameters(module: ast.Module) -> list[str]:
    """The parameters of an operation module's request (`_get_kwargs`)."""
    (kwargs,) = [
        n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "_get_kwargs"
    ]
    return [a.arg for a in kwargs.args.args + kwargs.args.kwonlyargs]


def _operations() -> list[tuple[str, str, list[str]]]:
    """(tag, operation, request parameters) of every generated operation module."""
    return [
        (path.parent.name, path.stem, _request_parameters(ast.parse(path.read_text("utf-8"))))
        for path in sorted(API.glob("*/*.py"))
        if path.name != "__init__.py"
    ]


def _calls(tag: str) -> dict[tuple[str, str], list[str]]:
    """(class, method) -> the keywords each method of the tag's operations classes passes
    to `<operation>.build_request`, read from the generated source."""
    tree = ast.parse((API / tag / "__init__.py").read_text("utf-8"))
    found = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for method in (
            n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ):
            for call in (n for n in ast.walk(method) if isinstance(n, ast.Call)):
                target = call.func
                if isinstance(target, ast.Attribute) and target.attr == "build_request":
                    assert isinstance(target.value, ast.Name)
                    assert target.value.id == method.name, f"{method.name} builds another request"
                    found[(cls.name, method.name)] = [str(k.arg) for k in call.keywords]
    return found


OPERATIONS = _operations()


def test_the_scan_finds_the_operations() -> None:
    """A guard on the scan itself: an empty one would pass everything below."""
    names = {op for _, op, _ in OPERATIONS}

    assert {"send_events", "list_events", "get_event", "get_job_status"} <= names
    assert "actor_email" in {op: p for _, op, p in OPERATIONS}["list_events"]
    assert set(SERVED) | set(NOT_SERVED) == {tag for tag, _, _ in OPERATIONS}


@pytest.mark.parametrize(
    ("tag", "operation", "parameters"),
    [o for o in OPERATIONS if o[0] in SERVED],
    ids=[o[1] for o in OPERATIONS if o[0] in SERVED],
)
def test_every_operation_is_called_with_every_parameter_by_both_flavours(
    tag: str, operation: str, parameters: list[str]
) -> None:
    """The async and the sync operations class each call the operation's request builder
    with all of its parameters, and the client's attribute for the tag is that class."""
    module, async_cls, sync_cls = SERVED[tag]
    calls = _calls(tag)
    pascal = tag.capitalize()

    for cls in (f"Async{pascal}Operations", f"{pascal}Operations"):
        assert sorted(parameters) == sorted(calls[(cls, operation)]), cls
    assert issubclass(async_cls, getattr(module, f"Async{pascal}Operations"))
    assert issubclass(sync_cls, getattr(module, f"{pascal}Operations"))
    method = getattr(sync_cls, operation)
    assert set(parameters) <= set(inspect.signature(method).parameters)


def test_a_client_attribute_holds_the_operations() -> None:
    """`client.events.list_events` is the generated operation, reachable from a client."""
    client = SyncCaliperClient(
        base_url="http://127.0.0.1:9",
        auth_url="http://127.0.0.1:9/t",
        client_id="i",
        client_secret="s",
    )

    assert callable(client.events.list_events)
    assert callable(client.jobs.get_job_status)
    assert isinstance(client.events, events_api.EventsOperations)
