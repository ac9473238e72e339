"""The client, the handwritten facade over the generated `timeback_caliper_api`.

`_async/client.py` (`AsyncCaliperClient`) is the single source of both clients:
scripts/unasync.py generates `_sync/client.py` (`CaliperClient`) from it. Decisions live in
`_core`; what differs between threads and tasks lives in `_io.py` and `_http.py`.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from timeback_caliper._config import ClientConfig
from timeback_caliper._core import envelope as envelopes
from timeback_caliper._core import jobs as job_rules
from timeback_caliper._core import params as checks
from timeback_caliper._core.errors import api_error, error_message, parse_body
from timeback_caliper._core.lwai import rewrite_envelope
from timeback_caliper._core.paging import OffsetPager
from timeback_caliper._core.retry import GiveUp, RetryPolicy, decide, parse_retry_after
from timeback_caliper._core.timestamps import TimeInput, format_timestamp, normalize_time_input
from timeback_caliper._core.vocabulary import DATA_VERSION
from timeback_caliper._http import (
    CURRENT_CALL,
    AsyncHTTPClient,
    AsyncTransport,
    CaliperAuth,
    CallContext,
    HTTPError,
    TimeoutException,
    adopt_http_client,
    aopen_http_client,
)
from timeback_caliper._io import amap_bounded, asleep
from timeback_caliper.events import (
    ActivityCompletedInput,
    QuestionAnsweredInput,
    QuestionGradedInput,
    QuestionSeenInput,
    TimeSpentInput,
    create_activity_event,
    create_question_answered_event,
    create_question_graded_event,
    create_question_seen_event,
    create_question_skipped_event,
    create_time_spent_event,
    new_request_id,
)
from timeback_caliper.exceptions import (
    ApiError,
    BatchSendError,
    CaliperError,
    CaliperTimeoutError,
    ConfigurationError,
    InputValidationError,
    JobFailedError,
    JobTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
    UnsupportedOperationError,
)
from timeback_caliper.types import (
    EventsPage,
    JobStatus,
    Pagination,
    SendResult,
    StoredEvent,
    TokenInfo,
    ValidationResult,
)
from timeback_caliper.validation import Issue, json_issues, validate_envelope
from timeback_caliper_api import Client as ApiClient
from timeback_caliper_api.api.events import get_event, list_events, send_events, validate_events
from timeback_caliper_api.api.jobs import get_job_status
from timeback_caliper_api.api.learnwithai import send_events_learn_with_ai
from timeback_caliper_api.models.envelope import Envelope
from timeback_caliper_api.models.event_response import EventResponse
from timeback_caliper_api.models.events_page import EventsPage as EventsPageModel
from timeback_caliper_api.models.job_status_response import JobStatusResponse
from timeback_caliper_api.models.send_result import SendResult as SendResultModel
from timeback_caliper_api.models.validation_result import ValidationResult as ValidationResultModel
from timeback_caliper_api.types import Response

__all__ = ["AsyncCaliperClient", "AsyncEventStream", "AsyncEvents", "AsyncJobs"]

logger = logging.getLogger("timeback_caliper")
M = TypeVar("M")


class AsyncCaliperClient:
    """The Timeback Caliper API client. Both flavours have the same methods and behaviour.

    Settings resolve as: explicit arguments, then `env`'s URLs, then the environment
    variables `TIMEBACK_API_*`, `TIMEBACK_*` and `CALIPER_*` (see the README).

    Args:
        env: "staging" or "production": the platform's URLs for that environment.
        platform: "BEYOND_AI" (default) or "LEARNWITH_AI" (send-only).
        base_url, auth_url, client_id, client_secret: explicit settings; they win.
        timeout: seconds one operation may take, all attempts, waits and token fetch included.
        max_retries: retries after the first attempt (default 3); 0 turns retries off.
        retry: a full `RetryPolicy` (backoff and `Retry-After` caps).
        strict_validation: check events with the strict Caliper rules before sending.
        http_client: an httpx client to use (its pool and settings); you keep closing it.
        transport: an httpx transport for the client this object creates (tests, proxies).
    """

    def __init__(
        self,
        *,
        env: str | None = None,
        platform: str = "BEYOND_AI",
        base_url: str | None = None,
        auth_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        timeout: float = 30.0,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        strict_validation: bool = False,
        http_client: AsyncHTTPClient | None = None,
        transport: AsyncTransport | None = None,
    ) -> None:
        self._config = ClientConfig.resolve(
            env=env,
            platform=platform,
            base_url=base_url,
            auth_url=auth_url,
            client_id=client_id,
            client_secret=client_secret,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            strict=strict_validation,
        )
        config = self._config
        if http_client is not None and transport is not None:
            raise ConfigurationError("give http_client or transport, not both")
        for name, value, kind in (
            ("http_client", http_client, AsyncHTTPClient),
            ("transport", transport, AsyncTransport),
        ):
            if value is not None and not isinstance(value, kind):
                raise ConfigurationError(f"{name} must be an {kind.__module__}.{kind.__name__}")
        self._auth = CaliperAuth(
            token_url=config.auth_url,
            client_id=config.client_id,
            client_secret=config.client_secret,
            scope=config.token_scope,
        )
        self._owns_http = http_client is None
        if http_client is None:
            http_client = aopen_http_client(config.base_url, self._auth, config.timeout, transport)
        else:
            adopt_http_client(http_client, config.base_url, self._auth)
        self._http = http_client
        self._closed = False
        self._api = ApiClient(base_url=config.base_url).set_async_httpx_client(http_client)
        self.events = AsyncEvents(self)
        self.jobs = AsyncJobs(self)

    @property
    def config(self) -> ClientConfig:
        return self._config

    def copy(self) -> Self:
        """A new client with the same settings and its own connections (after a fork)."""
        c = self._config
        return type(self)(
            platform=c.platform,
            base_url=c.base_url,
            auth_url=c.auth_url,
            client_id=c.client_id,
            client_secret=c.client_secret,
            timeout=c.timeout,
            retry=c.retry,
            strict_validation=c.strict,
        )

    def __repr__(self) -> str:
        c = self._config
        return (
            f"<{type(self).__name__} platform={c.platform} base_url={c.base_url!r}"
            f" client_id={c.client_id!r}>"
        )

    async def aclose(self) -> None:
        """Close the connections (not those of an `http_client` you passed in)."""
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:  # unasync: remove
        """The vendor client's name for `aclose()`."""  # unasync: remove
        await self.aclose()  # unasync: remove

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def check_auth(self) -> TokenInfo:
        """Fetch a new token now: proves the credentials and the token URL work.

        Raises AuthenticationError (with the server's reason) if they do not.
        """
        call = CallContext(new_request_id(), time.monotonic() + self._config.timeout)
        try:
            response = await self._http.send(self._auth.token_request(call), auth=None)
            await response.aread()
        except HTTPError as exc:
            raise TransportError(
                f"check_auth: {type(exc).__name__}: {exc}", request_id=call.request_id
            ) from None
        token = self._auth.accept(response, call)
        return TokenInfo(max(0.0, token.expires_at - time.monotonic()), token.scope, token.value)

    def _require(self, operation: str) -> None:
        if self._config.platform != "BEYOND_AI":
            raise UnsupportedOperationError(
                f"{operation}() is not offered on {self._config.platform}, which is send-only"
            )

    async def _call(
        self, operation: str, endpoint: Any, *, deadline: float | None = None, **kwargs: Any
    ) -> tuple[Response[Any], str]:
        """One operation: attempts, retries and waits under one deadline, errors mapped.

        Returns the 2xx response and the operation's request id; raises the mapped error.
        """
        request_id = new_request_id()
        end = time.monotonic() + self._config.timeout
        if deadline is not None:
            end = min(end, deadline)
        if self._closed or self._http.is_closed:
            raise CaliperError(f"{operation}: the client is closed")
        retries = 0
        last_status: int | None = None
        while True:
            if end - time.monotonic() <= 0:
                raise CaliperTimeoutError(
                    f"{operation} did not finish within its deadline",
                    last_status_code=last_status,
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
                    last_status_code=last_status,
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
            last_status = status if status is not None else last_status
            decision = decide(
                self._config.retry,
                retries_done=retries,
                status=status,
                retry_after=retry_after,
                remaining=end - time.monotonic(),
                rand=random.random(),
            )
            if isinstance(decision, GiveUp):
                if decision.reason == "deadline":
                    raise CaliperTimeoutError(
                        f"{operation} did not finish within its deadline ({failure})",
                        last_status_code=last_status,
                        request_id=request_id,
                    ) from failure
                raise failure
            logger.info(
                "%s failed (%s); retry %d of %d in %.2f s [request id %s]",
                operation,
                status if status is not None else "no response",
                retries + 1,
                self._config.retry.max_retries,
                decision.delay,
                request_id,
            )
            await asleep(decision.delay)
            retries += 1

    async def _fetch(
        self,
        operation: str,
        endpoint: Any,
        model: type[M],
        *,
        deadline: float | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The JSON of a 2xx reply that parses as the generated `model`; else an ApiError."""
        response, request_id = await self._call(operation, endpoint, deadline=deadline, **kwargs)
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


class _EncodedSend:
    """The generated send operation, given an envelope already written as JSON.

    Batch sends and the background sender encode each event once (to measure it, or to keep
    it); this sends those bytes as they are instead of decoding and encoding them again.
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


class AsyncEvents:
    """`client.events`: send, validate, list, get and stream Caliper events."""

    def __init__(self, client: AsyncCaliperClient) -> None:
        self._client = client

    # -- sending --------------------------------------------------------------------------

    async def send(
        self, sensor: str, events: Iterable[Any], *, send_time: TimeInput | None = None
    ) -> SendResult:
        """Send events (dicts, or factory output) in one envelope; returns the job to follow."""
        config = self._client.config
        envelope = envelopes.checked_envelope(
            sensor, events, send_time=_send_time(send_time), strict=config.strict
        )
        return await self._post(envelope)

    async def send_envelope(self, envelope: Mapping[str, Any]) -> SendResult:
        """Send a complete Caliper envelope as given (after the same checks as `send`)."""
        envelopes.check_envelope(envelope, strict=self._client.config.strict)
        return await self._post(dict(envelope))

    async def _post_encoded(self, sensor: str, events: Sequence[str]) -> SendResult:
        """Send events that were validated and written as JSON already."""
        client = self._client
        if client.config.platform == "LEARNWITH_AI":  # the rewrite needs the objects
            data = [json.loads(text) for text in events]
            return await self._post(envelopes.build_envelope(sensor, data, _send_time(None)))
        body = envelopes.encoded_envelope(sensor, _send_time(None), events)
        response, request_id = await client._call("send", _EncodedSend, body=body)
        return self._result(response, request_id)

    async def _post(self, envelope: dict[str, Any]) -> SendResult:
        client = self._client
        if client.config.platform == "LEARNWITH_AI":
            payload = Envelope.from_dict(rewrite_envelope(envelope))
            response, request_id = await client._call(
                "send", send_events_learn_with_ai, body=payload
            )
        else:
            payload = Envelope.from_dict(envelope)
            response, request_id = await client._call("send", send_events, body=payload)
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
        if result.job_id is None and self._client.config.platform == "BEYOND_AI":
            logger.warning(
                "send answered %d without a jobId [request id %s]",
                int(response.status_code),
                request_id,
            )
        return result

    async def send_activity(
        self, sensor: str, input: ActivityCompletedInput | Mapping[str, Any]
    ) -> SendResult:
        """Send one Timeback ActivityEvent/Completed built from `input`."""
        return await self.send(sensor, [create_activity_event(input, validate=False)])

    async def send_time_spent(
        self, sensor: str, input: TimeSpentInput | Mapping[str, Any]
    ) -> SendResult:
        """Send one Timeback TimeSpentEvent/SpentTime built from `input`."""
        return await self.send(sensor, [create_time_spent_event(input, validate=False)])

    async def send_question_seen(
        self, sensor: str, input: QuestionSeenInput | Mapping[str, Any]
    ) -> SendResult:
        """Send one AssessmentItemEvent/Started."""
        return await self.send(sensor, [create_question_seen_event(input, validate=False)])

    async def send_question_skipped(
        self, sensor: str, input: QuestionSeenInput | Mapping[str, Any]
    ) -> SendResult:
        """Send one AssessmentItemEvent/Skipped."""
        return await self.send(sensor, [create_question_skipped_event(input, validate=False)])

    async def send_question_answered(
        self, sensor: str, input: QuestionAnsweredInput | Mapping[str, Any]
    ) -> SendResult:
        """Send one AssessmentItemEvent/Completed."""
        return await self.send(sensor, [create_question_answered_event(input, validate=False)])

    async def send_question_graded(
        self, sensor: str, input: QuestionGradedInput | Mapping[str, Any]
    ) -> SendResult:
        """Send one GradeEvent/Graded."""
        return await self.send(sensor, [create_question_graded_event(input, validate=False)])

    async def send_batches(
        self,
        sensor: str,
        events: Iterable[Any],
        *,
        batch_size: int = envelopes.DEFAULT_BATCH_EVENTS,
        max_batch_bytes: int = envelopes.DEFAULT_BATCH_BYTES,
        max_concurrency: int = 4,
        on_sent: Callable[[SendResult, list[Any]], object] | None = None,
        validate: bool = True,
    ) -> list[SendResult]:
        """Send any number of events in envelopes of at most `batch_size` events and
        `max_batch_bytes` bytes, up to `max_concurrency` requests at once.

        Returns one result per envelope, in order. Events are read lazily: a generator is
        never held in memory beyond the batches in flight. Each batch is checked before it
        is sent. On the first failure no new batch starts, the batches already in flight
        finish, and `BatchSendError` holds the replies of every accepted batch.
        `on_sent(result, events)` is called as each batch is accepted (progress, checkpoints).
        `validate=False` skips the checks, for events checked already (the command line's
        `send` checks whole files first).
        """
        issues = envelopes.sensor_issues(sensor)
        if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
            issues.append(Issue("events", "must be an iterable of events", code="type"))
        limits = {
            "batch_size": batch_size,
            "max_batch_bytes": max_batch_bytes,
            "max_concurrency": max_concurrency,
        }
        for name, value in limits.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                issues.append(
                    Issue(name, f"must be a whole number >= 1, got {value!r}", code="type")
                )
        if issues:
            raise InputValidationError("Invalid send_batches parameters", issues)
        sensor = sensor.strip()
        strict = self._client.config.strict
        failures: list[tuple[int, CaliperError]] = []

        read = 0

        def counted() -> Iterator[Any]:
            nonlocal read
            for event in events:
                read += 1
                yield envelopes.as_event(event)

        def until_failure() -> Iterator[tuple[int, list[Any], list[str]]]:
            batches = envelopes.split_batches(
                counted(),
                max_events=batch_size,
                max_bytes=max_batch_bytes,
                overhead=envelopes.envelope_overhead(sensor, _send_time(None)),
            )
            try:
                for batch in batches:
                    if failures:
                        return
                    yield batch
            except InputValidationError as exc:  # an event too large, or not JSON
                failures.append((read - 1, exc))  # its batch starts with it: none went

        async def send_one(
            batch: tuple[int, list[Any], list[str]],
        ) -> tuple[int, SendResult | None]:
            start, data, texts = batch
            try:
                envelope = envelopes.build_envelope(sensor, data, _send_time(None))
                found = validate_envelope(envelope, strict=strict) if validate else []
                if found:
                    raise envelopes.reindex(InputValidationError("Invalid envelope", found), start)
                result = await self._post_encoded(sensor, texts)
                if on_sent is not None:
                    on_sent(result, data)
                return start, result
            except CaliperError as exc:
                failures.append((start, exc))
                return start, None

        done = [item async for item in amap_bounded(send_one, until_failure(), max_concurrency)]
        results = [result for _, result in done if result is not None]
        if failures:
            start, error = min(failures, key=lambda f: f[0])
            raise BatchSendError(
                f"the batch starting at event {start} failed: {error}",
                results=results,
                failed_index=start,
            ) from error
        return results

    # -- checking -------------------------------------------------------------------------

    async def validate(
        self, envelope: Mapping[str, Any], *, check_locally: bool = True
    ) -> ValidationResult:
        """Ask the API whether an envelope is valid, storing nothing.

        A 400 is an answer, not an error: the result has status "error" and the server's
        issues. An envelope that fails this library's own checks (the sandbox's rules) is
        answered without a request, with the same shape of result, unless `check_locally`
        is False: then the API always judges (to compare its verdict with ours).
        """
        client = self._client
        client._require("validate")
        if not isinstance(envelope, Mapping):
            raise InputValidationError(
                "Invalid envelope",
                [Issue("envelope", "must be a JSON object (a Caliper envelope)", code="type")],
            )
        local = validate_envelope(envelope, strict=client.config.strict) if check_locally else []
        if local:
            return ValidationResult("error", "Invalid envelope (checked by the client)", local)
        try:
            body = await client._fetch(
                "validate",
                validate_events,
                ValidationResultModel,
                body=Envelope.from_dict(dict(envelope)),
            )
        except ApiError as exc:
            if exc.status_code in (400, 422) and isinstance(exc.body, Mapping):
                return ValidationResult.from_wire(exc.body)
            raise
        return ValidationResult.from_wire(body)

    # -- reading --------------------------------------------------------------------------

    async def list(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        sensor: str | None = None,
        actor_id: str | None = None,
        actor_email: str | None = None,
        start_date: TimeInput | None = None,
        end_date: TimeInput | None = None,
    ) -> EventsPage:
        """One page of stored events, newest `eventTime` first.

        `start_date` is inclusive and `end_date` exclusive; both take datetimes (naive means
        UTC), dates, or ISO 8601 strings.
        """
        self._client._require("list")
        params = checks.list_params(
            limit=limit,
            offset=offset,
            sensor=sensor,
            actor_id=actor_id,
            actor_email=actor_email,
            start_date=start_date,
            end_date=end_date,
        )
        return await self._page(limit, offset, params)

    async def _page(self, limit: int, offset: int, params: Mapping[str, Any]) -> EventsPage:
        body = await self._client._fetch(
            "list", list_events, EventsPageModel, limit=limit, offset=offset, **params
        )
        events = [StoredEvent.from_wire(e) for e in body.get("events", [])]
        pagination = Pagination.from_wire(body.get("pagination"))
        total = pagination.total if pagination else None
        more = total is not None and bool(events) and offset + len(events) < total
        return EventsPage(events, pagination, offset, offset + len(events) if more else None)

    async def get(self, external_id: str) -> StoredEvent:
        """One stored event by its Caliper `id` (`urn:uuid:...`); NotFoundError if unknown."""
        client = self._client
        client._require("get")
        external_id = checks.identifier("external_id", external_id)
        body = await client._fetch("get", get_event, EventResponse, external_id=external_id)
        return StoredEvent.from_wire(body["event"])

    def stream(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        sensor: str | None = None,
        actor_id: str | None = None,
        actor_email: str | None = None,
        start_date: TimeInput | None = None,
        end_date: TimeInput | None = None,
        max_items: int | None = None,
    ) -> AsyncEventStream:
        """Every matching event, page by page (`for`, or `async for`), one page held at a time."""
        self._client._require("stream")
        params = checks.list_params(
            limit=limit,
            offset=offset,
            sensor=sensor,
            actor_id=actor_id,
            actor_email=actor_email,
            start_date=start_date,
            end_date=end_date,
            max_items=max_items,
        )
        return AsyncEventStream(self, params, limit=limit, offset=offset, max_items=max_items)


class AsyncEventStream:
    """The events of `stream()`: iterate it, or take `to_list()`, `first()`, `first_page()`."""

    def __init__(
        self,
        events: AsyncEvents,
        params: Mapping[str, Any],
        *,
        limit: int,
        offset: int,
        max_items: int | None,
    ) -> None:
        self._events = events
        self._params = params
        self._limit, self._offset, self._max_items = limit, offset, max_items

    def __aiter__(self) -> AsyncIterator[StoredEvent]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[StoredEvent]:
        pager = OffsetPager(self._limit, self._offset, self._max_items)
        while (request := pager.next_request()) is not None:
            limit, offset = request
            page = await self._events._page(limit, offset, self._params)
            total = page.pagination.total if page.pagination else None
            for event in pager.accept(page.events, total):
                yield event

    async def to_list(self) -> list[StoredEvent]:
        """All the events (at most `max_items`) in one list."""
        return [event async for event in self]

    async def to_array(self, max_items: int = 10_000) -> list[StoredEvent]:
        """All the events, refusing to hold more than `max_items` (the vendor's guard)."""
        checks.count("max_items", max_items)
        events: list[StoredEvent] = []
        async for event in self:
            if len(events) >= max_items:
                raise InputValidationError(
                    "Too many events",
                    [Issue("max_items", f"more than {max_items} events match", code="range")],
                )
            events.append(event)
        return events

    async def first(self) -> StoredEvent | None:
        """The first event, fetched with `limit=1`, or None."""
        page = await self._events._page(1, self._offset, self._params)
        return page.events[0] if page.events else None

    async def first_page(self) -> EventsPage:
        """The first page, with `next_offset` to continue from (None at the end)."""
        limit = self._limit if self._max_items is None else min(self._limit, self._max_items)
        return await self._events._page(limit, self._offset, self._params)


class AsyncJobs:
    """`client.jobs`: the asynchronous processing of sent envelopes."""

    def __init__(self, client: AsyncCaliperClient) -> None:
        self._client = client

    async def get_status(self, job_id: str, *, _deadline: float | None = None) -> JobStatus:
        """The job's current state (and its results once completed)."""
        client = self._client
        client._require("get_status")
        job_id = checks.identifier("job_id", job_id)
        body = await client._fetch(
            "get_status", get_job_status, JobStatusResponse, deadline=_deadline, job_id=job_id
        )
        return JobStatus.from_wire(body)

    async def wait_for_completion(
        self, job_id: str, *, timeout: float = 30.0, poll_interval: float = 1.0
    ) -> JobStatus:
        """Poll until the job completes; returns its final status.

        The deadline is monotonic and counts the polls' own time; the interval grows
        (x1.5, up to 5 s); one last poll happens at the deadline. Unknown states are polled
        through (and logged). Raises JobFailedError (with the reason) or JobTimeoutError
        (with the last status).
        """
        self._client._require("wait_for_completion")
        job_id = checks.identifier("job_id", job_id)
        timeout, interval = checks.wait_params(timeout, poll_interval)
        deadline = time.monotonic() + timeout
        last: JobStatus | None = None
        warned: set[str] = set()
        final = False
        while True:
            poll_deadline = deadline + (job_rules.FINAL_POLL_GRACE if final else 0.0)
            try:
                last = await self.get_status(job_id, _deadline=poll_deadline)
            except CaliperTimeoutError as exc:
                raise JobTimeoutError(
                    f"job {job_id} still {last.state if last else 'unknown'} after {timeout:g} s",
                    job_id=job_id,
                    last_status=last,
                ) from exc
            except (ServerError, RateLimitError, TransportError) as exc:
                # The client's retries are spent, but the job is not lost: poll on.
                logger.warning("polling job %s failed (%s); polling on", job_id, exc)
                if final:
                    raise JobTimeoutError(
                        f"job {job_id} could not be polled before its deadline",
                        job_id=job_id,
                        last_status=last,
                    ) from exc
                remaining = deadline - time.monotonic()
                final = remaining <= interval
                await asleep(max(0.0, min(interval, remaining)))
                interval = job_rules.grow(interval)
                continue
            outcome = job_rules.outcome(last.state)
            if outcome == "completed":
                return last
            if outcome == "failed":
                raise JobFailedError(job_id, last.failed_reason, last)
            if not last.known_state and last.state not in warned:
                warned.add(last.state)
                logger.warning(
                    "job %s is in state %r, unknown to this client; still waiting",
                    job_id,
                    last.state,
                )
            remaining = deadline - time.monotonic()
            delay = None if final else job_rules.next_poll(remaining, interval)
            if delay is None:
                raise JobTimeoutError(
                    f"job {job_id} still {last.state} after {timeout:g} s",
                    job_id=job_id,
                    last_status=last,
                )
            final = delay >= remaining
            await asleep(delay)
            interval = job_rules.grow(interval)

    async def wait_for_all(
        self,
        job_ids: Sequence[str],
        *,
        timeout: float = 60.0,
        poll_interval: float = 1.0,
        max_concurrency: int = 8,
        return_exceptions: bool = False,
    ) -> list[JobStatus | CaliperError]:
        """Wait for many jobs at once, under one deadline; statuses in the order given.

        With `return_exceptions=True` a failed or timed-out job gives its error in the list
        instead of raising it.
        """
        self._client._require("wait_for_all")
        if isinstance(job_ids, (str, bytes, Mapping)) or not isinstance(job_ids, Iterable):
            raise InputValidationError(
                "Invalid wait_for_all parameters",
                [Issue("job_ids", "must be a list of job ids", code="type")],
            )
        ids = [checks.identifier(f"job_ids[{i}]", j) for i, j in enumerate(job_ids)]
        checks.wait_params(timeout, poll_interval)
        checks.count("max_concurrency", max_concurrency)
        deadline = time.monotonic() + timeout

        async def wait_one(job_id: str) -> JobStatus | CaliperError:
            try:
                remaining = max(deadline - time.monotonic(), 0.001)
                return await self.wait_for_completion(
                    job_id, timeout=remaining, poll_interval=poll_interval
                )
            except CaliperError as exc:
                if return_exceptions:
                    return exc
                raise

        return [result async for result in amap_bounded(wait_one, ids, max_concurrency)]


def _send_time(value: TimeInput | None) -> str:
    if value is None:
        return format_timestamp(datetime.now(UTC))
    try:
        return normalize_time_input(value)
    except (TypeError, ValueError) as exc:
        raise InputValidationError(
            "Invalid send_time", [Issue("send_time", str(exc), code="date-time")]
        ) from None
