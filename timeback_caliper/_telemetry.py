"""OpenTelemetry, when it is installed (`pip install caliper-timeback-client[otel]`): a span
per API operation and the background senders' counters as metrics. Without it, or with
the API but no SDK (no tracer provider set: nothing would record the span), each operation
costs one cached lookup and a shared no-op context manager.

Span: named for the operation ("send", "validate", "list", "get", "get_status", or
`client.request`'s "METHOD /path"), kind CLIENT, with the HTTP
semantic conventions' `http.request.method`, `server.address`, `server.port`,
`http.response.status_code`, `http.request.resend_count` (retries) and `error.type`, and
ours under `timeback_caliper.*`: the request id and, for sends, the event count and job id.

Metrics (meter "timeback_caliper"), read from every live sender when the SDK collects:
`timeback_caliper.sender.events` (counter, `{event}`, attribute `outcome`: sent, failed,
dropped with `reason`), `timeback_caliper.sender.batches.retried` (counter, `{batch}`),
`timeback_caliper.sender.queue.size` and `...in_flight` (up-down counters, `{event}`).
"""

from __future__ import annotations

import contextlib
import functools
import threading
import urllib.parse
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from timeback_caliper._version import __version__

NAME = "timeback_caliper"
_UNSET: Any = object()
_tracer: Any = _UNSET
_lock = threading.Lock()


def _get_tracer() -> Any:
    """OpenTelemetry's tracer for this library, or None when the API is not installed."""
    global _tracer
    if _tracer is _UNSET:
        try:
            from opentelemetry import trace
        except ImportError:
            _tracer = None
        else:
            _tracer = trace.get_tracer(NAME, __version__)
    return _tracer


def load() -> None:
    """Import now what a span needs (the sender calls this from the thread that makes it:
    a worker thread must never be the first to import a module, see `_load_lazy_modules`)."""
    if _get_tracer() is not None:
        import opentelemetry.trace  # noqa: F401


class Span:
    """What an operation records on its span (nothing, without OpenTelemetry)."""

    __slots__ = ("_span",)

    def __init__(self, span: Any) -> None:
        self._span = span

    def set(self, key: str, value: str | int | None) -> None:
        if self._span is not None and value is not None:
            self._span.set_attribute(key, value)


_NO_SPAN = Span(None)


class _NoOperation:
    """The context of an operation nothing records: no span, no work."""

    def __enter__(self) -> Span:
        return _NO_SPAN

    def __exit__(self, *exc: object) -> None:
        return None


_NO_OPERATION = _NoOperation()


def operation(
    name: str, method: str, base_url: str, request_id: str
) -> contextlib.AbstractContextManager[Span]:
    """The span of one API operation, all its attempts included; an exception that ends
    it marks it as an error, with `error.type` its class name. Without a tracer provider
    (OpenTelemetry absent, or its API without an SDK) there is no span to make."""
    tracer = _get_tracer()
    if tracer is None or not _recording():
        return _NO_OPERATION
    return _span(tracer, name, method, base_url, request_id)


def _recording() -> bool:
    """Whether a tracer provider is set: the API's own (proxy or no-op) records nothing. Asked
    at each operation, so that a provider set after the first one is used from then on."""
    from opentelemetry import trace

    provider = trace.get_tracer_provider()
    return not isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider)


@functools.lru_cache(maxsize=16)
def _server(base_url: str) -> tuple[str, int]:
    url = urllib.parse.urlsplit(base_url)
    return url.hostname or "", url.port or (443 if url.scheme == "https" else 80)


@contextlib.contextmanager
def _span(tracer: Any, name: str, method: str, base_url: str, request_id: str) -> Iterator[Span]:
    from opentelemetry.trace import SpanKind, Status, StatusCode

    address, port = _server(base_url)
    attributes = {
        "http.request.method": method,
        "server.address": address,
        "server.port": port,
        "timeback_caliper.request_id": request_id,
    }
    with tracer.start_as_current_span(
        name,
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield Span(span)
        except BaseException as exc:
            span.set_attribute("error.type", type(exc).__name__)
            span.set_status(Status(StatusCode.ERROR, str(exc)[:200]))
            raise


# -- metrics --------------------------------------------------------------------------------

_SENDERS: weakref.WeakSet[Any] = weakref.WeakSet()  # both flavours' senders
_instruments = False
_retired: dict[str, Any] = {"sent": 0, "failed": 0, "retried_batches": 0, "dropped": {}}


def retire(sender: Any, stats: Any) -> None:
    """A sender closed: its last counts stay in the totals (a counter never goes down)."""
    with _lock:
        _SENDERS.discard(sender)
        for name in ("sent", "failed", "retried_batches"):
            _retired[name] += getattr(stats, name)
        for reason, count in stats.dropped.items():
            _retired["dropped"][reason] = _retired["dropped"].get(reason, 0) + count


def watch(sender: Any) -> None:
    """Report this sender's counters (its `stats()`) in the metrics; the instruments are
    made once per process, when the OpenTelemetry API is installed."""
    global _instruments
    _SENDERS.add(sender)
    with _lock:
        if _instruments:
            return
        _instruments = True
        try:
            from opentelemetry import metrics
        except ImportError:
            return
        meter = metrics.get_meter(NAME, __version__)
        meter.create_observable_counter(
            "timeback_caliper.sender.events",
            callbacks=[_events],
            unit="{event}",
            description="Events the background senders delivered, failed for good or dropped",
        )
        meter.create_observable_counter(
            "timeback_caliper.sender.batches.retried",
            callbacks=[_retried],
            unit="{batch}",
            description="Batches the background senders sent again after a failure",
        )
        meter.create_observable_up_down_counter(
            "timeback_caliper.sender.queue.size",
            callbacks=[_gauge("queued")],
            unit="{event}",
            description="Events queued (in memory or in the spool), not yet sent",
        )
        meter.create_observable_up_down_counter(
            "timeback_caliper.sender.in_flight",
            callbacks=[_gauge("in_flight")],
            unit="{event}",
            description="Events being sent now",
        )


def _all_stats() -> list[Any]:
    with _lock:
        senders = list(_SENDERS)
    return [sender.stats() for sender in senders]


def _total(stats: list[Any], name: str) -> int:
    with _lock:
        retired: int = _retired[name]
    return retired + sum(int(getattr(s, name)) for s in stats)


def _events(options: Any) -> Iterator[Any]:
    from opentelemetry.metrics import Observation

    stats = _all_stats()
    yield Observation(_total(stats, "sent"), {"outcome": "sent"})
    yield Observation(_total(stats, "failed"), {"outcome": "failed"})
    with _lock:
        reasons: dict[str, int] = dict(_retired["dropped"])
    for s in stats:
        for reason, count in s.dropped.items():
            reasons[reason] = reasons.get(reason, 0) + count
    for reason, count in sorted(reasons.items()):
        yield Observation(count, {"outcome": "dropped", "reason": reason})


def _retried(options: Any) -> Iterator[Any]:
    from opentelemetry.metrics import Observation

    yield Observation(_total(_all_stats(), "retried_batches"))


def _gauge(name: str) -> Callable[[Any], Iterator[Any]]:
    def observe(options: Any) -> Iterator[Any]:
        from opentelemetry.metrics import Observation

        yield Observation(sum(getattr(s, name) for s in _all_stats()))

    return observe
