"""The transport every operation goes through: requests built by the generated endpoint
modules (`build_request`, `build_encoded_request`), sent with auth, retries and one
deadline per operation; each reply's body decoded once; errors mapped.

The connections (the httpx client and the auth) are opened on first use, and with them
httpx and the generated package are imported: constructing a client costs next to nothing.

`_async/transport.py` is the single source of both flavours: scripts/unasync.py generates
`_sync/transport.py` from it. The decisions (when to retry, how long to wait, what an error
reply means) are made in `_core`; this module only performs them.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from timeback_caliper import _telemetry as telemetry
from timeback_caliper._call import CURRENT_CALL, CallContext
from timeback_caliper._config import ClientConfig
from timeback_caliper._core import envelope as envelopes
from timeback_caliper._core.errors import error_for, error_message, parse_body
from timeback_caliper._core.lwai import rewrite_envelope
from timeback_caliper._core.retry import AMBIGUOUS_STATUSES, Attempts, GiveUp, parse_retry_after
from timeback_caliper._core.timestamps import TimeInput, normalize_time_input
from timeback_caliper._core.validation import Issue, json_issues
from timeback_caliper._io import asleep
from timeback_caliper.events import new_request_id, now_stamp
from timeback_caliper.exceptions import (
    ApiError,
    CaliperError,
    CaliperTimeoutError,
    InputValidationError,
    RateLimitError,
    ServerError,
    TransportError,
    UnsupportedOperationError,
)
from timeback_caliper.types import SendResult

if TYPE_CHECKING:
    from timeback_caliper._http import AsyncConnections, AsyncHTTPClient, AsyncTransport

__all__ = ["AsyncApiTransport", "encode", "send_time"]

logger = logging.getLogger("timeback_caliper")


class AsyncApiTransport:
    """One client's way to the API: its settings, its connections, and the retry loop."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        http_client: AsyncHTTPClient | None = None,
        transport: AsyncTransport | None = None,
    ) -> None:
        self.config = config
        self.closed = False
        self.headers: Mapping[str, str] = {}
        self._injected = (http_client, transport)
        self._connections: AsyncConnections | None = None
        self._opening = threading.Lock()
        self._owner: AsyncApiTransport | None = None  # with_options: whose connections

    def with_config(self, config: ClientConfig, headers: Mapping[str, str]) -> AsyncApiTransport:
        """Another way to the same connections and token, with other timeout, retries and
        extra headers (`client.with_options`); the first transport keeps owning them."""
        other = AsyncApiTransport(config)
        other.headers = {**self.headers, **headers}
        other._owner = self._owner or self
        return other

    def open(self) -> AsyncConnections:
        """The connections, opened on first use (thread-safe); httpx loads then."""
        if self._owner is not None:
            return self._owner.open()
        connections = self._connections
        if connections is None:
            with self._opening:
                if self._connections is None:
                    import timeback_caliper._http as http

                    self._connections = http.aconnect(self.config, *self._injected)
                connections = self._connections
        return connections

    @property
    def is_closed(self) -> bool:
        return self.closed or (self._owner is not None and self._owner.is_closed)

    async def aclose(self) -> None:
        """Close the connections (not those of an `http_client` the caller passed in); a
        transport of `with_options` leaves them to the client it came from."""
        self.closed = True
        connections = self._connections
        if connections is not None and connections.owned and self._owner is None:
            await connections.http.aclose()

    def require(self, operation: str) -> None:
        """Refuse, before any I/O, an operation the platform does not offer."""
        if self.config.platform != "BEYOND_AI":
            raise UnsupportedOperationError(operation, self.config.platform)

    async def call(
        self,
        operation: str,
        request: Mapping[str, Any],
        *,
        deadline: float | None = None,
        idempotent: bool = True,
        events: int | None = None,
    ) -> tuple[int, object, str]:
        """One operation: attempts, retries and waits under one deadline, errors mapped.

        `request` is what a generated `build_request` returns. Returns the 2xx reply's
        status, its body decoded once (JSON; else its text; None when empty) and the
        operation's request id; raises the mapped error. A request that is not
        `idempotent` (a send) is resent after a failure that may have been carried out only
        if the retry policy says so (`retry_ambiguous`). With OpenTelemetry installed, the
        operation is one span (`events`: how many events it sends).
        """
        given = request.get("headers", {}).get("X-Request-ID")  # a caller's own id
        request_id = given if isinstance(given, str) and given else new_request_id()
        method = str(request.get("method", "GET")).upper()
        with telemetry.operation(operation, method, self.config.base_url, request_id) as span:
            span.set("timeback_caliper.events", events)
            status, data = await self._attempts(
                operation, request, request_id, span, deadline=deadline, idempotent=idempotent
            )
            if isinstance(data, dict) and isinstance(data.get("jobId"), str | int):
                span.set("timeback_caliper.job_id", str(data["jobId"]))
        return status, data, request_id

    async def _attempts(
        self,
        operation: str,
        request: Mapping[str, Any],
        request_id: str,
        span: telemetry.Span,
        *,
        deadline: float | None,
        idempotent: bool,
    ) -> tuple[int, object]:
        headers = {**self.headers, **request.get("headers", {}), "X-Request-ID": request_id}
        request = {**request, "headers": headers}
        end = time.monotonic() + self.config.timeout
        if deadline is not None:
            end = min(end, deadline)
        import timeback_caliper._http as http  # loaded by open(): a lookup from then on

        connections = self._connections or self.open()
        if self.is_closed or connections.http.is_closed:
            raise CaliperError(f"{operation}: the client is closed")
        attempts = Attempts(self.config.retry, end)
        while True:
            if attempts.expired(time.monotonic()):
                raise CaliperTimeoutError(
                    f"{operation} did not finish within its deadline",
                    last_status_code=attempts.last_status,
                    request_id=request_id,
                )
            reset = CURRENT_CALL.set(CallContext(request_id, end))
            retry_after: float | None = None
            ambiguous = False
            try:
                url = connections.url(request["url"])  # joined once per path, not per request
                response = await connections.http.request(**{**request, "url": url})
            except (http.InvalidURL, UnicodeError) as exc:  # raised before anything is sent
                raise InputValidationError(
                    f"Invalid request for {operation}", [Issue("url", f"{exc}", code="type")]
                ) from None
            except (RateLimitError, ServerError) as exc:  # from the token endpoint
                failure: CaliperError = exc
                status: int | None = exc.status_code
                retry_after = exc.retry_after if isinstance(exc, RateLimitError) else None
            except TransportError as exc:  # another call's token request got no reply
                failure, status = exc, None
            except http.TimeoutException as exc:  # every request's timeout ends at the deadline
                raise CaliperTimeoutError(
                    f"{operation} did not finish within its deadline ({str(exc) or 'timed out'})",
                    last_status_code=attempts.last_status,
                    request_id=request_id,
                ) from None
            except http.HTTPError as exc:
                ambiguous = not idempotent and http.may_have_arrived(exc)
                failure = TransportError(
                    f"{operation}: {type(exc).__name__}: {exc}{http.where(exc)}",
                    request_id=request_id,
                )  # `ambiguous` is said below, only if it is why the send is not resent
                status = None
            else:
                status = int(response.status_code)
                span.set("http.response.status_code", status)
                data = parse_body(response.content)
                if 200 <= status < 300:
                    return status, data
                retry_after = parse_retry_after(
                    response.headers.get("retry-after"), now_epoch=time.time()
                )
                failure = error_for(status, data, request_id=request_id, retry_after=retry_after)
                ambiguous = not idempotent and status in AMBIGUOUS_STATUSES
            finally:
                CURRENT_CALL.reset(reset)
            decision = attempts.failed(
                status=status,
                retry_after=retry_after,
                now=time.monotonic(),
                rand=random.random(),
                ambiguous=ambiguous,
            )
            if isinstance(decision, GiveUp):
                if decision.reason == "ambiguous":
                    failure.ambiguous = True  # type: ignore[attr-defined]
                    logger.warning(
                        "%s failed (%s) and may have been carried out: not resent "
                        "(retry_ambiguous=False) [request id %s]",
                        operation,
                        status if status is not None else "connection lost",
                        request_id,
                    )
                if decision.reason == "deadline":
                    raise CaliperTimeoutError(
                        f"{operation} did not finish within its deadline ({failure})",
                        last_status_code=attempts.last_status,
                        request_id=request_id,
                    ) from failure
                raise failure
            logger.info(
                "%s failed (%s); retry %d of %d in %.2f s [request id %s]",
                operation,
                status if status is not None else "no response",
                attempts.retries,
                self.config.retry.max_retries,
                decision.delay,
                request_id,
            )
            span.set("http.request.resend_count", attempts.retries)
            await asleep(decision.delay)

    async def operation(self, name: str, request: dict[str, Any], *, idempotent: bool) -> Any:
        """One generated operation (`timeback_caliper_api`'s caller): the 2xx reply's JSON,
        None when it has no body. What the platform does not offer is refused first."""
        if name != "send_events_learn_with_ai":
            self.require(name)
        _, data, _ = await self.call(name, request, idempotent=idempotent)
        return data

    async def fetch(
        self, operation: str, request: Mapping[str, Any], *, deadline: float | None = None
    ) -> dict[str, Any]:
        """The JSON object of a 2xx reply; an ApiError if the reply is not one."""
        status, data, request_id = await self.call(operation, request, deadline=deadline)
        if isinstance(data, dict):
            return data
        raise ApiError(
            f"unexpected response body for status {status}",
            status_code=status,
            body=data,
            request_id=request_id,
        )

    # -- sending --------------------------------------------------------------------------

    async def send_envelope(self, envelope: dict[str, Any]) -> SendResult:
        """POST a checked envelope to the platform's send endpoint, encoded once."""
        import timeback_caliper._operations as ops

        if self.config.platform == "LEARNWITH_AI":
            body = encode(rewrite_envelope(envelope))
            name, request = (
                "send_events_learn_with_ai",
                ops.send_events_learn_with_ai.build_encoded_request(body),
            )
        else:
            name, request = "send_events", ops.send_events.build_encoded_request(encode(envelope))
        data = envelope.get("data")
        count = len(data) if isinstance(data, list) else None
        return self._result(*await self.call(name, request, idempotent=False, events=count))

    async def send_encoded(self, sensor: str, events: Sequence[str]) -> SendResult:
        """Send events that were validated and written as JSON already (batches, the
        background sender): their bytes go out as they are."""
        if self.config.platform == "LEARNWITH_AI":  # the rewrite needs the objects
            data = [json.loads(text) for text in events]
            return await self.send_envelope(envelopes.build_envelope(sensor, data, send_time()))
        import timeback_caliper._operations as ops

        body = envelopes.encoded_envelope(sensor, send_time(), events)
        request = ops.send_events.build_encoded_request(body)
        sent = await self.call("send_events", request, idempotent=False, events=len(events))
        return self._result(*sent)

    def _result(self, status: int, data: object, request_id: str) -> SendResult:
        body = data if isinstance(data, dict) else {}  # a 2xx the spec does not describe
        if body.get("status") == "error":  # a 2xx that says it failed
            raise ApiError(
                error_message(body, status), status_code=status, body=body, request_id=request_id
            )
        result = SendResult.from_wire(body, request_id=request_id)
        if result.job_id is None and self.config.platform == "BEYOND_AI":
            logger.warning("send answered %d without a jobId [request id %s]", status, request_id)
        return result


def encode(envelope: object) -> bytes:
    """An envelope as the bytes of its JSON, once; InputValidationError if it is not JSON."""
    try:
        return envelopes.encode_json(envelope).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        raise InputValidationError("Not JSON", json_issues(envelope)) from None


def send_time(value: TimeInput | None = None) -> str:
    """An envelope's `sendTime`: now, or the caller's time checked and normalised."""
    if value is None:
        return now_stamp()
    try:
        return normalize_time_input(value)
    except (TypeError, ValueError) as exc:
        raise InputValidationError(
            "Invalid send_time", [Issue("send_time", str(exc), code="date-time")]
        ) from None
