"""OpenTelemetry: a span per API operation and the senders' counters as metrics, read with
the SDK's in-memory exporters; nothing at all when OpenTelemetry is not installed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from tests import payloads
from tests._async.conftest import FAST_RETRY
from tests.spec_tools import ROOT
from timeback_caliper import NotFoundError, Sender, SyncCaliperClient
from timeback_caliper import _telemetry as telemetry
from timeback_caliper.sandbox import Sandbox

_EXPORTER = InMemorySpanExporter()
_READER = InMemoryMetricReader()


@pytest.fixture(scope="module")
def providers() -> Iterator[None]:
    """The SDK's providers, set once for the process (OpenTelemetry allows one each). After
    these tests the library is told to make no more spans (a shut-down SDK would log a
    warning for each span of the rest of the suite: 500 threads' worth slowed the token
    test past its deadline), and the providers are shut down."""
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
    meters = MeterProvider(metric_readers=[_READER])
    trace.set_tracer_provider(provider)
    metrics.set_meter_provider(meters)
    yield
    telemetry._tracer = None  # as if OpenTelemetry were not installed, from now on
    provider.shutdown()
    meters.shutdown()
    _EXPORTER.clear()


@pytest.fixture
def spans(providers: None) -> InMemorySpanExporter:
    _EXPORTER.clear()
    return _EXPORTER


def _client(sandbox: Sandbox) -> SyncCaliperClient:
    return SyncCaliperClient(**sandbox.client_kwargs(), retry=FAST_RETRY)


def test_a_send_is_one_client_span_with_its_retries_status_and_events(
    spans: InMemorySpanExporter, caliper_sandbox: Sandbox
) -> None:
    caliper_sandbox.faults.plan("send", ["503:0"])
    with _client(caliper_sandbox) as client:
        result = client.events.send(payloads.SENSOR, [payloads.activity_event()] * 1)

    [span] = [s for s in spans.get_finished_spans() if s.name == "send_events"]
    attributes = dict(span.attributes or {})
    assert SpanKind.CLIENT == span.kind
    assert {
        "http.request.method": "POST",
        "server.address": "127.0.0.1",
        "server.port": caliper_sandbox.port,
        "http.response.status_code": 200,
        "http.request.resend_count": 1,
        "timeback_caliper.events": 1,
        "timeback_caliper.job_id": result.job_id,
        "timeback_caliper.request_id": result.request_id,
    } == attributes
    assert StatusCode.UNSET == span.status.status_code


def test_a_failed_operation_is_an_error_span_with_its_error_type(
    spans: InMemorySpanExporter, caliper_sandbox: Sandbox
) -> None:
    with _client(caliper_sandbox) as client, pytest.raises(NotFoundError):
        client.events.get("urn:uuid:00000000-0000-4000-8000-000000000000")

    [span] = [s for s in spans.get_finished_spans() if s.name == "get_event"]
    assert StatusCode.ERROR == span.status.status_code
    assert "NotFoundError" == (span.attributes or {})["error.type"]
    assert 404 == (span.attributes or {})["http.response.status_code"]


def _sender_points() -> dict[tuple[str, tuple[tuple[str, Any], ...]], float]:
    data = _READER.get_metrics_data()
    points: dict[tuple[str, tuple[tuple[str, Any], ...]], float] = {}
    for resource in data.resource_metrics if data else []:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                for point in metric.data.data_points:
                    key = (metric.name, tuple(sorted((point.attributes or {}).items())))
                    points[key] = point.value  # type: ignore[union-attr]
    return points


def test_the_senders_counters_are_metrics_that_never_go_down(
    providers: None, caliper_sandbox: Sandbox
) -> None:
    sent = ("timeback_caliper.sender.events", (("outcome", "sent"),))
    before = _sender_points().get(sent, 0)
    with Sender(
        sensor=payloads.SENSOR, retry=FAST_RETRY, **caliper_sandbox.client_kwargs()
    ) as sender:
        for _ in range(3):
            sender.enqueue(payloads.activity_event())
        assert sender.flush(10)
        during = _sender_points()
    after = _sender_points()  # closed: its counts stay

    assert 3 == during[sent] - before
    assert 3 == after[sent] - before
    assert 0 == during[("timeback_caliper.sender.queue.size", ())]


def _printed_by(code: str) -> str:
    """What `code` prints in a process of its own (OpenTelemetry's globals are per process);
    it must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert 0 == done.returncode, done.stderr
    return done.stdout.strip()


def test_without_opentelemetry_nothing_is_imported_and_calls_work(
    caliper_sandbox: Sandbox,
) -> None:
    code = (
        "import sys\n"
        "sys.modules['opentelemetry'] = None  # as if it were not installed\n"
        "from timeback_caliper import SyncCaliperClient, Sender\n"
        f"kwargs = {caliper_sandbox.client_kwargs()!r}\n"
        "with SyncCaliperClient(**kwargs) as client:\n"
        "    client.events.list(limit=1)\n"
        f"with Sender(sensor={payloads.SENSOR!r}, **kwargs) as sender:\n"
        "    assert sender.flush(5)\n"
        "print(sorted(m for m in sys.modules if m.startswith('opentelemetry.')))\n"
    )
    assert "[]" == _printed_by(code)


def test_spans_start_once_a_tracer_provider_is_set_after_the_first_operation(
    caliper_sandbox: Sandbox,
) -> None:
    """Its own process: a tracer provider can be set once per process."""
    code = (
        "from opentelemetry import trace\n"
        "from opentelemetry.sdk.trace import TracerProvider\n"
        "from opentelemetry.sdk.trace.export import SimpleSpanProcessor\n"
        "from opentelemetry.sdk.trace.export.in_memory_span_exporter import"
        " InMemorySpanExporter\n"
        "from timeback_caliper import SyncCaliperClient\n"
        f"kwargs = {caliper_sandbox.client_kwargs()!r}\n"
        "exporter = InMemorySpanExporter()\n"
        "with SyncCaliperClient(**kwargs) as client:\n"
        "    client.events.list(limit=1)  # no provider yet: no span\n"
        "    provider = TracerProvider()\n"
        "    provider.add_span_processor(SimpleSpanProcessor(exporter))\n"
        "    trace.set_tracer_provider(provider)\n"
        "    client.events.list(limit=1)\n"
        "print([s.name for s in exporter.get_finished_spans()])\n"
    )
    assert "['list_events']" == _printed_by(code)
