"""The transport every operation goes through: requests built by the generated endpoint
modules, sent with auth, retries and one deadline per operation, errors mapped.

`_async/transport.py` is the single source of both flavours: scripts/unasync.py generates
`_sync/transport.py` from it. The decisions (when to retry, how long to wait, what an error
reply means) are made in `_core`; this module only performs them.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from timeback_caliper._config import ClientConfig
from timeback_caliper._core import envelope as envelopes
from timeback_caliper._core.errors import api_error, error_message, parse_body
from timeback_caliper._core.lwai import rewrite_envelope
from timeback_caliper._core.retry import Attempts, GiveUp, parse_retry_after
from timeback_caliper._core.timestamps import TimeInput, format_timestamp, normalize_time_input
from timeback_caliper._core.validation import Issue, json_issues
from timeback_caliper._core.vocabulary import DATA_VERSION
from timeback_caliper._http import (
    CURRENT_CALL,
    AsyncHTTPClient,
    CallContext,
    HTTPError,
    TimeoutException,
)
from timeback_caliper._io import asleep
from timeback_caliper.events import new_request_id
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
from timeback_caliper_api import Client as ApiClient
from timeback_caliper_api.api.events import send_events
from timeback_caliper_api.api.learnwithai import send_events_learn_with_ai
from timeback_caliper_api.models.envelope import Envelope
from timeback_caliper_api.models.send_result import SendResult as SendResultModel
from timeback_caliper_api.types import Response

__all__ = ["AsyncApiTransport", "send_time"]

logger = logging.getLogger("timeback_caliper")
M = TypeVar("M")


class AsyncApiTransport:
    """One client's way to the API: its settings, its httpx client, and the retry loop."""

    def __init__(self, config: ClientConfig, http: AsyncHTTPClient) -> None:
        self.config = config
        self.http = http
        self.closed = False
        self._api = ApiClient(base_url=config.base_url).set_async_httpx_client(http)

    def require(self, operation: str) -> None:
        """Refuse, before any I/O, an operation the platform does not offer."""
        if self.config.platform != "BEYOND_AI":
            raise UnsupportedOperationError(
                f"{operation}() is not offered on {self.config.platform}, which is send-only"
            )

    async def call(
        self, operation: str, endpoint: Any, *, deadline: float | None = None, **kwargs: Any
    ) -> tuple[Response[Any], str]:
        """One operation: attempts, retries and waits under one deadline, errors mapped.

        Returns the 2xx response and the operation's request id; raises the mapped error.
        """
        request_id = new_request_id()
        end = time.monotonic() + self.config.timeout
        if deadline is not None:
            end = min(end, deadline)
        if self.closed or self.http.is_closed:
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
            try:
                response = await endpoint.asyncio_detailed(client=self._api, **kwargs)
            except (RateLimitError, ServerError) as exc:  # from the token endpoint
                failure: CaliperError = exc
                status: int | None = exc.status_code
                retry_after = exc.retry_after if isinstance(exc, RateLimitError) else None
            except TimeoutException as exc:  # every request's timeout ends at the deadline
                raise CaliperTimeoutError(
                    f"{operation} did not finish within its deadline ({str(exc) or 'timed out'})",
                    last_status_code=attempts.last_status,
                    request_id=request_id,
                ) from None
            except HTTPError as exc:
                failure = TransportError(
                    f"{operation}: {type(exc).__name__}: {exc}", request_id=request_id
                )
                status = None
            except (TypeError, ValueError) as exc:  # httpx could not encode the body
                body = kwargs.get("body")
                issues = json_issues(body.to_dict()) if isinstance(body, Envelope) else []
                if not issues:
                    raise
                raise InputValidationError("Not JSON", issues) from exc
            else:
                status = int(response.status_code)
                if 200 <= status < 300:
                    return response, request_id
                retry_after = parse_retry_after(
                    response.headers.get("retry-after"), now_epoch=time.time()
                )
                failure = api_error(
                    status, response.content, request_id=request_id, retry_after=retry_after
                )
            finally:
                CURRENT_CALL.reset(reset)
            decision = attempts.failed(
                status=status, retry_after=retry_after, now=time.monotonic(), rand=random.random()
            )
            if isinstance(decision, GiveUp):
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
            await asleep(decision.delay)

    async def fetch(
        self,
        operation: str,
        endpoint: Any,
        model: type[M],
        *,
        deadline: float | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The JSON of a 2xx reply that parses as the generated `model`; else an ApiError."""
        response, request_id = await self.call(operation, endpoint, deadline=deadline, **kwargs)
        parsed = response.parsed
        if isinstance(parsed, model):
            body: dict[str, Any] = parsed.to_dict()  # type: ignore[attr-defined]
            return body
        raise ApiError(
            f"unexpected response body for status {int(response.status_code)}",
            status_code=int(response.status_code),
            body=response.content[:2000].decode("utf-8", "replace"),
            request_id=request_id,
        )

    # -- sending --------------------------------------------------------------------------

    async def send_envelope(self, envelope: dict[str, Any]) -> SendResult:
        """POST a checked envelope to the platform's send endpoint."""
        if self.config.platform == "LEARNWITH_AI":
            payload = Envelope.from_dict(rewrite_envelope(envelope))
            response, request_id = await self.call("send", send_events_learn_with_ai, body=payload)
        else:
            payload = Envelope.from_dict(envelope)
            response, request_id = await self.call("send", send_events, body=payload)
        return self._result(response, request_id)

    async def send_encoded(self, sensor: str, events: Sequence[str]) -> SendResult:
        """Send events that were validated and written as JSON already (batches, the
        background sender): their bytes go out as they are."""
        if self.config.platform == "LEARNWITH_AI":  # the rewrite needs the objects
            import json

            data = [json.loads(text) for text in events]
            return await self.send_envelope(envelopes.build_envelope(sensor, data, send_time()))
        body = envelopes.encoded_envelope(sensor, send_time(), events)
        response, request_id = await self.call("send", _EncodedSend, body=body)
        return self._result(response, request_id)

    def _result(self, response: Response[Any], request_id: str) -> SendResult:
        if isinstance(response.parsed, SendResultModel):
            body: dict[str, Any] = response.parsed.to_dict()
        else:  # a 2xx body the spec does not describe: keep what can be read of it
            parsed = parse_body(response.content)
            body = parsed if isinstance(parsed, dict) else {}
        if body.get("status") == "error":  # a 2xx that says it failed
            raise ApiError(
                error_message(body, int(response.status_code)),
                status_code=int(response.status_code),
                body=body,
                request_id=request_id,
            )
        result = SendResult.from_wire(body, request_id=request_id)
        if result.job_id is None and self.config.platform == "BEYOND_AI":
            logger.warning(
                "send answered %d without a jobId [request id %s]",
                int(response.status_code),
                request_id,
            )
        return result


class _EncodedSend:
    """The generated send operation, given an envelope already written as JSON.

    The request is the generated one (`_get_kwargs`) with the bytes as its content, and the
    reply goes through the generated parsing (`_build_response`).
    """

    _SHAPE = Envelope.from_dict(
        {"sensor": "-", "sendTime": "-", "dataVersion": DATA_VERSION, "data": []}
    )

    @staticmethod
    async def asyncio_detailed(*, client: ApiClient, body: bytes) -> Response[Any]:
        kwargs = send_events._get_kwargs(body=_EncodedSend._SHAPE)
        del kwargs["json"]
        kwargs["content"] = body
        response = await client.get_async_httpx_client().request(**kwargs)
        return send_events._build_response(client=client, response=response)


def send_time(value: TimeInput | None = None) -> str:
    """An envelope's `sendTime`: now, or the caller's time checked and normalised."""
    if value is None:
        return format_timestamp(datetime.now(UTC))
    try:
        return normalize_time_input(value)
    except (TypeError, ValueError) as exc:
        raise InputValidationError(
            "Invalid send_time", [Issue("send_time", str(exc), code="date-time")]
        ) from None
