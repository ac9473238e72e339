"""Whatever a caller passes, only our documented exceptions escape (property-based).

Every public entry point of both clients, of the factories and of both senders meets
hostile values in each of its parameters: deep nesting, huge and non-finite numbers, lone
surrogates, control characters, strings of 100,000 characters, URLs that do not parse,
and values of the wrong type. The calls go to the sandbox over loopback, so a value our
checks let through meets the real HTTP path. Each call returns, or raises a
`CaliperError` whose message is short enough to read and never holds the token or secret.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import payloads
from timeback_caliper import (
    AsyncCaliperClient,
    AsyncSender,
    CaliperError,
    ConfigurationError,
    InputValidationError,
    RetryPolicy,
    Sender,
    SyncCaliperClient,
    create_activity_event,
    create_question_answered_event,
    create_question_graded_event,
    create_question_seen_event,
    create_time_spent_event,
)
from timeback_caliper.sandbox import Sandbox


def _nested(depth: int, leaf: object = 1) -> object:
    value = leaf
    for i in range(depth):
        value = {"a": value} if i % 2 else [value]
    return value


SURROGATES = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1)
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**5000, -(10**5000), 2**63, -1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    SURROGATES,
    SURROGATES.map(lambda s: f"urn:uuid:{s}"),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\nb",
            "x" * 100_000,
            "http://[::1",
            "http://host:99999",
            "ftp://x",
            "://",
            "\u202e",
            "😀",
            "2025-02-30",
            "urn:uuid:" + "f" * 100_000,
        ]
    ),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from([_nested(990), _nested(10_000), _nested(50)]),
    st.builds(object),
    st.just(datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)),
    st.just(datetime.date.max),
)

SECRET = "hostile-secret-value"
EVENT = payloads.activity_event()
ENVELOPE = payloads.envelope(EVENT)
SENSOR = payloads.SENSOR
FAST = RetryPolicy(max_retries=0, backoff=0.0, max_backoff=0.0, max_retry_after=0.0)


def _with(base: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**base, key: value}


# name -> call(client, hostile value): one parameter hostile, the others valid.
Call = Callable[[Any, Any], Any]
CLIENT_CALLS: dict[str, Call] = {
    "send.sensor_id": lambda c, v: c.events.send(v, [EVENT]),
    "send.events": lambda c, v: c.events.send(SENSOR, v),
    "send.event": lambda c, v: c.events.send(SENSOR, [v]),
    "send.extensions": lambda c, v: c.events.send(SENSOR, [_with(EVENT, "extensions", v)]),
    "send.id": lambda c, v: c.events.send(SENSOR, [_with(EVENT, "id", v)]),
    "send.validation": lambda c, v: c.events.send(SENSOR, [EVENT], validation=v),
    "send_envelope": lambda c, v: c.events.send_envelope(v),
    "send_envelope.sensor": lambda c, v: c.events.send_envelope(_with(ENVELOPE, "sensor", v)),
    "send_envelope.sendTime": lambda c, v: c.events.send_envelope(_with(ENVELOPE, "sendTime", v)),
    "send_batches.events": lambda c, v: c.events.send_batches(SENSOR, v),
    "send_batches.batch_size": lambda c, v: c.events.send_batches(SENSOR, [EVENT], batch_size=v),
    "validate": lambda c, v: c.events.validate(v),
    "validate.remote": lambda c, v: c.events.validate(v, check_locally=False),
    "send_activity": lambda c, v: c.events.send_activity(SENSOR, v),
    "send_time_spent": lambda c, v: c.events.send_time_spent(SENSOR, v),
    "send_question_seen": lambda c, v: c.events.send_question_seen(SENSOR, v),
    "list.limit": lambda c, v: c.events.list(limit=v),
    "list.offset": lambda c, v: c.events.list(offset=v),
    "list.sensor": lambda c, v: c.events.list(sensor=v),
    "list.actor_id": lambda c, v: c.events.list(actor_id=v),
    "list.actor_email": lambda c, v: c.events.list(actor_email=v),
    "list.start_date": lambda c, v: c.events.list(start_date=v),
    "list.end_date": lambda c, v: c.events.list(end_date=v),
    "list.extra_params": lambda c, v: c.events.list(extra_params=v),
    "list.extra_param": lambda c, v: c.events.list(extra_params={"eventType": v}),
    "get": lambda c, v: c.events.get(v),
    "stream.max_items": lambda c, v: c.events.stream(max_items=v).first_page(),
    "stream.actor_email": lambda c, v: c.events.stream(actor_email=v).first_page(),
    "get_status": lambda c, v: c.jobs.get_status(v),
    "wait_for_completion": lambda c, v: c.jobs.wait_for_completion(v, timeout=0.05),
    "wait_for_completion.timeout": lambda c, v: c.jobs.wait_for_completion("1", timeout=v),
    "wait_for_completion.poll_interval": lambda c, v: c.jobs.wait_for_completion(
        "1", timeout=0.05, poll_interval=v
    ),
    "wait_for_all": lambda c, v: c.jobs.wait_for_all(v, timeout=0.05),
    "request.method": lambda c, v: c.request(v, "/caliper/events"),
    "request.path": lambda c, v: c.request("GET", v),
    "request.params": lambda c, v: c.request("GET", "/caliper/events", params=v),
    "request.param": lambda c, v: c.request("GET", "/caliper/events", params={"limit": v}),
    "request.json": lambda c, v: c.request("POST", "/caliper/event/validate", json=v),
    "request.headers": lambda c, v: c.request("GET", "/caliper/events", headers=v),
    "request.header": lambda c, v: c.request("GET", "/caliper/events", headers={"X-A": v}),
}
FACTORIES: dict[str, Callable[[Any], Any]] = {
    "create_activity_event": create_activity_event,
    "create_time_spent_event": create_time_spent_event,
    "create_question_seen_event": create_question_seen_event,
    "create_question_answered_event": create_question_answered_event,
    "create_question_graded_event": create_question_graded_event,
}
SETTINGS = ["base_url", "auth_url", "client_id", "client_secret", "timeout", "max_retries"]


def _check(error: CaliperError, token: str) -> None:
    """Our error, readable, naming the problem, never a secret."""
    shown = f"{error} {error!r}"
    assert SECRET not in shown
    assert not token or token not in shown
    assert len(str(error)) < 5000, str(error)[:300]


def _kwargs(sandbox: Sandbox) -> dict[str, Any]:
    return {
        **sandbox.client_kwargs(),
        "client_id": "hostile-test",
        "client_secret": SECRET,
        "retry": FAST,
        "timeout": 5,
    }


@pytest.fixture(scope="module")
def hostile_sandbox(caliper_sandbox_session: Sandbox) -> Sandbox:
    caliper_sandbox_session.app.credentials["hostile-test"] = SECRET
    return caliper_sandbox_session


def _sync_call(sandbox: Sandbox, name: str, value: Any) -> None:
    with SyncCaliperClient(**_kwargs(sandbox)) as client:
        try:
            repr(CLIENT_CALLS[name](client, value))
        except CaliperError as exc:
            held = client.transport.open().auth.token
            _check(exc, held.value if held else "")


def _async_call(sandbox: Sandbox, name: str, value: Any) -> None:
    async def run() -> None:
        async with AsyncCaliperClient(**_kwargs(sandbox)) as client:
            try:
                repr(await CLIENT_CALLS[name](client, value))
            except CaliperError as exc:
                held = client.transport.open().auth.token
                _check(exc, held.value if held else "")

    asyncio.run(run())


BOUNDED = settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("name", sorted(CLIENT_CALLS))
@BOUNDED
@given(value=HOSTILE)
def test_every_client_call_raises_only_our_errors(
    hostile_sandbox: Sandbox, flavour: str, name: str, value: Any
) -> None:
    (_sync_call if flavour == "sync" else _async_call)(hostile_sandbox, name, value)


@pytest.mark.parametrize("name", sorted(FACTORIES))
@BOUNDED
@given(value=HOSTILE, field=st.sampled_from(["actor", "object", "event_time", "id", "x"]))
def test_every_factory_raises_only_our_errors(name: str, value: Any, field: str) -> None:
    for argument in (value, {field: value}):
        try:
            repr(FACTORIES[name](argument))
        except CaliperError as exc:
            _check(exc, "")


@pytest.mark.parametrize("setting", SETTINGS)
@BOUNDED
@given(value=HOSTILE)
def test_client_settings_raise_only_our_errors(
    hostile_sandbox: Sandbox, setting: str, value: Any
) -> None:
    """A bad setting is a ConfigurationError at construction (or at first use, our error),
    never an httpx or Python error."""
    try:
        with SyncCaliperClient(**_with(_kwargs(hostile_sandbox), setting, value)) as client:
            client.events.list(limit=1)
    except CaliperError as exc:
        _check(exc, "")


@pytest.mark.parametrize("kind", ["thread", "task"])
@BOUNDED
@given(value=HOSTILE, where=st.sampled_from(["event", "extensions", "nested", "sensor", "setting"]))
def test_senders_raise_only_our_errors(
    hostile_sandbox: Sandbox, kind: str, value: Any, where: str
) -> None:
    """enqueue() and the constructor of both senders: our errors, before any I/O."""
    settings_ = {"max_batch_events": value} if where == "setting" else {}
    inside = {"note": value} if where == "nested" else value
    event = value if where == "event" else _with(EVENT, "extensions", inside)
    sensor = value if where == "sensor" else None

    if kind == "thread":
        try:
            with Sender(sensor=SENSOR, **_kwargs(hostile_sandbox), **settings_) as sender:
                sender.enqueue(event, sensor=sensor)
        except CaliperError as exc:
            _check(exc, "")
        return

    async def run() -> None:
        try:
            async with AsyncSender(
                sensor=SENSOR, **_kwargs(hostile_sandbox), **settings_
            ) as sender:
                await sender.enqueue(event, sensor=sensor)
        except CaliperError as exc:
            _check(exc, "")

    asyncio.run(run())


# -- every argument of the senders, the outbox, RetryPolicy and the callbacks ---------------

SENDER_SETTINGS = [
    "spool",
    "fsync",
    "on_error",
    "track_jobs",
    "validation",
    "max_spool_bytes",
    "flush_on_sigterm",
    "disabled",
    "sync_mode",
    "max_batch_events",
    "max_batch_bytes",
    "max_delay",
    "max_queue",
    "overflow",
    "block_timeout",
    "max_in_flight",
    "exit_timeout",
    "job_poll_interval",
    "max_attempts",
]
# Values that are right for a setting: a hostile draw equal to one of these proves nothing.
_ACCEPTABLE: dict[str, Callable[[Any], bool]] = {
    "spool": lambda v: v is None,
    "on_error": lambda v: v is None,
    "validation": lambda v: v is None or v in ("off", "basic", "strict"),
    "max_spool_bytes": lambda v: v is None,
    "max_queue": lambda v: v is None,
}


@pytest.mark.parametrize("setting", SENDER_SETTINGS)
@BOUNDED
@given(value=HOSTILE)
def test_every_sender_setting_raises_only_our_errors_naming_it(
    hostile_sandbox: Sandbox, setting: str, value: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A sender made with one hostile setting: made, or InputValidationError naming it."""
    if setting == "spool" and isinstance(value, str) and value:
        value = f"{tmp_path_factory.mktemp('spool')}/s{value}"  # hostile, but in a scratch dir
    kwargs = {"sensor": SENSOR, **_kwargs(hostile_sandbox), setting: value}
    error: CaliperError | None = None
    try:
        Sender(**kwargs).close(0)
    except CaliperError as exc:
        error = exc
    if error is None:
        return
    _check(error, "")
    issues = getattr(error, "issues", None)
    if issues is not None and not _ACCEPTABLE.get(setting, lambda v: False)(value):
        assert setting in {i.path for i in issues}, (setting, str(error))


@pytest.mark.parametrize("field_name", ["max_retries", "backoff", "max_backoff", "max_retry_after"])
@BOUNDED
@given(value=HOSTILE)
def test_retry_policy_raises_only_configuration_errors_naming_the_field(
    field_name: str, value: Any
) -> None:
    error: ConfigurationError | None = None
    try:
        RetryPolicy(**{field_name: value})
    except ConfigurationError as exc:
        error = exc
    if error is not None:
        _check(error, "")
        assert str(error).startswith(field_name), str(error)


CALLBACKS = ["on_sent", "on_error", "new_id", "now"]
NOT_CALLABLE = st.one_of(HOSTILE.filter(lambda v: not callable(v) and v is not None))


@pytest.mark.parametrize("name", CALLBACKS)
@BOUNDED
@given(value=NOT_CALLABLE)
def test_a_bad_callback_is_refused_before_anything_is_sent(
    hostile_sandbox: Sandbox, name: str, value: Any
) -> None:
    """`on_sent` (send_batches), `on_error` (senders), `new_id` and `now` (factories): an
    InputValidationError naming the argument, and the sandbox saw no request."""
    if name == "now" and isinstance(value, datetime.datetime):
        value = datetime.datetime.max.replace(
            tzinfo=datetime.timezone(-datetime.timedelta(hours=1))
        )
    time_spent = {
        "actor": payloads.actor(),
        "object": payloads.activity_context(),
        "metrics": [{"type": "active", "value": 60}],
    }
    calls: dict[str, Callable[[], Any]] = {
        "on_sent": lambda: SyncCaliperClient(**_kwargs(hostile_sandbox)).events.send_batches(
            SENSOR, [payloads.activity_event()], on_sent=value
        ),
        "on_error": lambda: Sender(sensor=SENSOR, **_kwargs(hostile_sandbox), on_error=value),
        "new_id": lambda: create_time_spent_event(time_spent, new_id=value),
        "now": lambda: create_time_spent_event(time_spent, now=value),
    }
    before = hostile_sandbox.count_events()
    with pytest.raises(InputValidationError) as caught:
        calls[name]()
    assert name in {issue.path for issue in caught.value.issues}
    _check(caught.value, "")
    assert hostile_sandbox.count_events() == before


class _RecordingDb:
    """A database handle that records what would have been written."""

    def __init__(self) -> None:
        self.executed: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, params: tuple[Any, ...]) -> None:
        self.executed.append((sql, params))


@pytest.mark.parametrize(
    "where", ["event", "extensions", "nested", "sensor", "validation", "schema", "size"]
)
@BOUNDED
@given(value=HOSTILE)
def test_outbox_enqueue_raises_only_our_errors_before_writing(where: str, value: Any) -> None:
    """outbox.enqueue: written, or our error with nothing written."""
    from timeback_caliper import outbox

    db = _RecordingDb()
    kwargs: dict[str, Any] = {"sensor": value if where == "sensor" else SENSOR}
    if where in ("validation", "schema"):
        kwargs[where] = value
    if where == "size":
        kwargs["max_batch_bytes"] = value
    event = value if where == "event" else EVENT
    if where in ("extensions", "nested"):
        event = _with(EVENT, "extensions", {"note": value} if where == "nested" else value)
    try:
        outbox.enqueue(db, event, **kwargs)
    except CaliperError as exc:
        _check(exc, "")
        assert db.executed == []
        return
    assert len(db.executed) == 1


@pytest.mark.parametrize("kind", ["thread", "task"])
@BOUNDED
@given(value=HOSTILE, where=st.sampled_from(["flush", "close"]))
def test_sender_waits_raise_only_our_errors(
    hostile_sandbox: Sandbox, kind: str, value: Any, where: str
) -> None:
    """flush(timeout) and close(timeout) of both senders: a bad timeout is our error."""
    if kind == "thread":
        sender = Sender(sensor=SENSOR, **_kwargs(hostile_sandbox))
        try:
            (sender.flush if where == "flush" else sender.close)(value)
        except CaliperError as exc:
            _check(exc, "")
        finally:
            sender.close(0)
        return

    async def run() -> None:
        sender = AsyncSender(sensor=SENSOR, **_kwargs(hostile_sandbox))
        try:
            await (sender.flush if where == "flush" else sender.aclose)(value)
        except CaliperError as exc:
            _check(exc, "")
        finally:
            await sender.aclose(0)

    asyncio.run(run())
