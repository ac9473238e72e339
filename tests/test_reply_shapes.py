"""Whatever the API answers, only our documented exceptions escape (property-based).

Every operation of both clients meets random replies: JSON of any shape (and the shapes
of our results with wrong types inside), text, bytes that are not UTF-8, empty bodies, any
status from 200 to 599, odd `Retry-After` headers. The replies come from an
`httpx.MockTransport` (a real server cannot be made to answer this wildly); the same
operations against the sandbox are the rest of the suite. Each operation must return a
value whose repr works, or raise a `CaliperError`; nothing else, and never a crash after
the server may have accepted the events.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import payloads
from timeback_caliper import AsyncCaliperClient, CaliperError, RetryPolicy, SyncCaliperClient

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)
# Our results' keys, holding anything: the shapes a tolerant reader must survive.
KEYS = [
    "jobId",
    "status",
    "message",
    "errors",
    "events",
    "pagination",
    "event",
    "job",
    "state",
    "returnValue",
    "results",
    "allocatedId",
    "externalId",
    "id",
    "total",
    "access_token",
    "expires_in",
]
SHAPED = st.recursive(
    st.dictionaries(st.sampled_from(KEYS), JSON, max_size=5),
    lambda children: st.dictionaries(
        st.sampled_from(KEYS), children | JSON | st.lists(children, max_size=2), max_size=4
    ),
    max_leaves=8,
)
# The documented top-level shapes, each key present or not, holding anything.
ANY = JSON | SHAPED
RESULTS = st.fixed_dictionaries(
    {},
    optional={
        "events": st.lists(ANY, max_size=3) | ANY,
        "pagination": ANY,
        "event": ANY,
        "job": ANY,
        "jobId": ANY,
        "errors": st.lists(ANY, max_size=3) | ANY,
        "status": st.sampled_from(["success", "error"]) | ANY,
        "message": ANY,
    },
)
BODY = st.one_of(
    RESULTS.map(lambda v: json.dumps(v).encode()),
    RESULTS.map(lambda v: json.dumps(v).encode()),
    SHAPED.map(lambda v: json.dumps(v).encode()),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.text(max_size=30).map(str.encode),
    st.binary(max_size=30),
    st.just(b""),
    st.just(b'{"jobId": NaN, "total": Infinity}'),
    st.just(b"[" * 5000 + b"]" * 5000),
    st.just(b'{"id": 1' + b"0" * 5000 + b"}"),
)
STATUS = st.just(200) | st.sampled_from(
    [200, 201, 202, 204, 299, 302, 304, 400, 401, 403, 404, 409, 413, 422, 429, 499, 500, 503, 599]
)
HEADERS = st.dictionaries(
    st.sampled_from(["retry-after", "content-type"]),
    st.sampled_from(["0", "-1", "nan", "1e999", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", ""]),
    max_size=2,
)
# What the token endpoint may answer: usually a token; sometimes anything.
TOKEN = st.one_of(
    st.just((200, b'{"access_token": "t0k3n", "expires_in": 3600}', {})),
    st.tuples(STATUS, BODY, HEADERS),
    st.just((200, b'{"access_token": "t0k3n\\n", "expires_in": "soon"}', {})),
    st.just((200, b'{"access_token": "bad token\\u0000", "expires_in": 10}', {})),
)

FAST = RetryPolicy(max_retries=1, backoff=0.0, max_backoff=0.0, max_retry_after=0.0)
EVENT = payloads.activity_event()
ENVELOPE = payloads.envelope(EVENT)
SENSOR = payloads.SENSOR

Operation = Callable[[Any], Any]
OPERATIONS: dict[str, Operation] = {
    "send": lambda c: c.events.send(SENSOR, [EVENT]),
    "send_envelope": lambda c: c.events.send_envelope(ENVELOPE),
    "send_batches": lambda c: c.events.send_batches(SENSOR, [EVENT, EVENT], batch_size=1),
    "validate": lambda c: c.events.validate(ENVELOPE),
    "list": lambda c: c.events.list(),
    "get": lambda c: c.events.get("urn:uuid:x"),
    "stream": lambda c: c.events.stream(max_items=3).to_list(),
    "first_page": lambda c: c.events.stream().first_page(),
    "get_status": lambda c: c.jobs.get_status("1"),
    "wait_for_completion": lambda c: c.jobs.wait_for_completion(
        "1", timeout=0.02, poll_interval=0.005
    ),
    "wait_for_all": lambda c: c.jobs.wait_for_all(
        ["1", "2"], timeout=0.02, poll_interval=0.005, return_exceptions=True
    ),
    "check_auth": lambda c: c.check_auth(),
    "request": lambda c: c.request("GET", "/caliper/anything"),
}


def _handler(token: tuple[int, bytes, dict[str, str]], reply: tuple[int, bytes, dict[str, str]]):
    def handle(request: httpx.Request) -> httpx.Response:
        status, body, headers = token if request.url.path == "/oauth2/token" else reply
        return httpx.Response(status, content=body, headers=headers)

    return handle


def _settings(transport: httpx.BaseTransport | httpx.AsyncBaseTransport) -> dict[str, Any]:
    return {
        "base_url": "https://api.example.com",
        "auth_url": "https://api.example.com/oauth2/token",
        "client_id": "id",
        "client_secret": "secret",
        "retry": FAST,
        "timeout": 5,
        "transport": transport,
    }


def _survives(result: object) -> None:
    """A returned value is a value of ours: it can be shown."""
    repr(result)


Reply = tuple[int, bytes, dict[str, str]]
GOOD_TOKEN: Reply = (200, b'{"access_token": "t0k3n", "expires_in": 3600}', {})


def _run_sync(token: Any, reply: Any, operation: str) -> None:
    with SyncCaliperClient(**_settings(httpx.MockTransport(_handler(token, reply)))) as client:
        try:
            _survives(OPERATIONS[operation](client))
        except CaliperError as exc:
            str(exc)


def _run_async(token: Any, reply: Any, operation: str) -> None:
    async def run() -> None:
        transport = httpx.MockTransport(_handler(token, reply))
        async with AsyncCaliperClient(**_settings(transport)) as client:
            try:
                _survives(await OPERATIONS[operation](client))
            except CaliperError as exc:
                str(exc)

    asyncio.run(run())


RUNNERS = {"sync": _run_sync, "async": _run_async}


@pytest.mark.parametrize("flavour", sorted(RUNNERS))
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@settings(max_examples=40)
@given(reply=st.tuples(STATUS, BODY, HEADERS))
def test_only_our_errors_escape_whatever_the_api_answers(
    flavour: str, operation: str, reply: tuple[int, bytes, dict[str, str]]
) -> None:
    """Every operation of both clients returns a value or raises a CaliperError."""
    RUNNERS[flavour](GOOD_TOKEN, reply, operation)


@pytest.mark.parametrize("flavour", sorted(RUNNERS))
@settings(max_examples=60)
@given(token=TOKEN, operation=st.sampled_from(sorted(OPERATIONS)))
def test_only_our_errors_escape_whatever_the_token_endpoint_answers(
    flavour: str, token: tuple[int, bytes, dict[str, str]], operation: str
) -> None:
    """The token endpoint's replies, of any shape, give a token or a CaliperError."""
    RUNNERS[flavour](token, (200, b'{"jobId": "1", "events": [], "job": {}}', {}), operation)


def test_a_token_is_never_shown_when_it_cannot_be_sent() -> None:
    """A token with a newline or a NUL is refused with an error that does not hold it."""
    token: Reply = (200, b'{"access_token": "sekr3t\\u0000x", "expires_in": 10}', {})
    reply: Reply = (200, b'{"jobId": "1"}', {})
    with SyncCaliperClient(**_settings(httpx.MockTransport(_handler(token, reply)))) as client:
        try:
            client.events.send(SENSOR, [EVENT])
        except CaliperError as exc:
            shown = f"{exc} {exc!r} {getattr(exc, 'body', '')}"
        else:
            raise AssertionError("a token with a NUL was sent")

    assert "sekr3t" not in shown
    assert "Authorization header" in shown
