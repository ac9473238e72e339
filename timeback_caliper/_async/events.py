"""`client.events`: send, validate, list, get and stream Caliper events.

`_async/events.py` is the single source of both flavours: scripts/unasync.py generates
`_sync/events.py` from it.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from typing import Any, cast

from timeback_caliper._async.transport import AsyncApiTransport, encode
from timeback_caliper._async.transport import send_time as _send_time
from timeback_caliper._core import envelope as envelopes
from timeback_caliper._core import params as checks
from timeback_caliper._core.errors import ISSUE_STATUSES
from timeback_caliper._core.limits import DEFAULT_LIMIT
from timeback_caliper._core.paging import OffsetPager
from timeback_caliper._core.timestamps import TimeInput
from timeback_caliper._core.validation import (
    Issue,
    Level,
    errors_of,
    level_of,
    validate_envelope,
)
from timeback_caliper._io import amap_bounded
from timeback_caliper._log import report_warnings
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
)
from timeback_caliper.exceptions import (
    ApiError,
    BatchSendError,
    CaliperError,
    InputValidationError,
)
from timeback_caliper.types import (
    CaliperEnvelope,
    ErrorIssue,
    EventsPage,
    SendResult,
    StoredEvent,
    ValidationResult,
)
from timeback_caliper_api.api.events import AsyncEventsOperations

__all__ = ["AsyncEventStream", "AsyncEvents"]

# The keywords of the spec's list operation that `list()` and `stream()` pass on as filters.
_LIST_FILTERS = frozenset(inspect.signature(AsyncEventsOperations.list_events).parameters) - {
    "self",
    "extra_params",
}


class AsyncEvents(AsyncEventsOperations):
    """`client.events`: send, validate, list, get and stream Caliper events; and every
    operation of the spec's `events` tag by its operation id (`list_events`, `get_event`,
    ...), generated with the spec's parameters."""

    def __init__(self, transport: AsyncApiTransport) -> None:
        super().__init__(transport)
        self._transport = transport

    def _level(self, validation: str | None) -> Level:
        """A call's validation level: its own, or the client's."""
        if validation is None:
            return self._transport.config.validation
        try:
            return level_of(validation)
        except ValueError as exc:
            raise InputValidationError(
                "Invalid validation", [Issue("validation", str(exc), code="enum")]
            ) from None

    # -- sending --------------------------------------------------------------------------

    async def send(
        self,
        sensor_id: str,
        events: Iterable[Any],
        *,
        send_time: TimeInput | None = None,
        validation: str | None = None,
    ) -> SendResult:
        """Send events (dicts, or factory output) in one envelope; returns the job to follow.

        `validation` ("off", "basic", "strict") overrides the client's level for this call.
        """
        envelope, warnings = envelopes.checked_envelope(
            sensor_id, events, send_time=_send_time(send_time), level=self._level(validation)
        )
        if warnings:
            report_warnings(warnings, "send")
        return await self._transport.send_envelope(envelope)

    async def send_envelope(
        self, envelope: Mapping[str, Any] | CaliperEnvelope, *, validation: str | None = None
    ) -> SendResult:
        """Send a complete Caliper envelope as given (after the same checks as `send`): a
        JSON object or a `CaliperEnvelope`."""
        given: Any = envelopes.as_event(envelope)
        warnings = envelopes.check_envelope(given, level=self._level(validation))
        if warnings:
            report_warnings(warnings, "send_envelope")
        return await self._transport.send_envelope(dict(given))

    async def send_activity(
        self,
        sensor_id: str,
        input: ActivityCompletedInput | Mapping[str, Any],
        *,
        validation: str | None = None,
    ) -> SendResult:
        """Send one Timeback ActivityEvent/Completed built from `input`."""
        return await self.send(
            sensor_id, [create_activity_event(input, validation="off")], validation=validation
        )

    async def send_time_spent(
        self,
        sensor_id: str,
        input: TimeSpentInput | Mapping[str, Any],
        *,
        validation: str | None = None,
    ) -> SendResult:
        """Send one Timeback TimeSpentEvent/SpentTime built from `input`."""
        return await self.send(
            sensor_id, [create_time_spent_event(input, validation="off")], validation=validation
        )

    async def send_question_seen(
        self,
        sensor_id: str,
        input: QuestionSeenInput | Mapping[str, Any],
        *,
        validation: str | None = None,
    ) -> SendResult:
        """Send one AssessmentItemEvent/Started."""
        return await self.send(
            sensor_id, [create_question_seen_event(input, validation="off")], validation=validation
        )

    async def send_question_skipped(
        self,
        sensor_id: str,
        input: QuestionSeenInput | Mapping[str, Any],
        *,
        validation: str | None = None,
    ) -> SendResult:
        """Send one AssessmentItemEvent/Skipped."""
        return await self.send(
            sensor_id,
            [create_question_skipped_event(input, validation="off")],
            validation=validation,
        )

    async def send_question_answered(
        self,
        sensor_id: str,
        input: QuestionAnsweredInput | Mapping[str, Any],
        *,
        validation: str | None = None,
    ) -> SendResult:
        """Send one AssessmentItemEvent/Completed."""
        return await self.send(
            sensor_id,
            [create_question_answered_event(input, validation="off")],
            validation=validation,
        )

    async def send_question_graded(
        self,
        sensor_id: str,
        input: QuestionGradedInput | Mapping[str, Any],
        *,
        validation: str | None = None,
    ) -> SendResult:
        """Send one GradeEvent/Graded."""
        return await self.send(
            sensor_id,
            [create_question_graded_event(input, validation="off")],
            validation=validation,
        )

    async def send_batches(
        self,
        sensor_id: str,
        events: Iterable[Any],
        *,
        batch_size: int = envelopes.DEFAULT_BATCH_EVENTS,
        max_batch_bytes: int = envelopes.DEFAULT_BATCH_BYTES,
        max_concurrency: int = 4,
        on_sent: Callable[[SendResult, list[Any]], object] | None = None,
        validation: str | None = None,
    ) -> list[SendResult]:
        """Send any number of events in envelopes of at most `batch_size` events and
        `max_batch_bytes` bytes, up to `max_concurrency` requests at once.

        Returns one result per envelope, in order. Events are read lazily: a generator is
        never held in memory beyond the batches in flight. Each batch is checked before it
        is sent. On the first failure no new batch starts, the batches already in flight
        finish, and `BatchSendError` holds the replies of every accepted batch.
        `on_sent(result, events)` is called as each batch is accepted (progress, checkpoints).
        `validation` overrides the client's level; "off" skips the checks, for events checked
        already (the command line's `send` checks whole files first).
        """
        issues = envelopes.sensor_issues(sensor_id)
        if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
            issues.append(Issue("events", "must be an iterable of events", code="type"))
        limits = {
            "batch_size": batch_size,
            "max_batch_bytes": max_batch_bytes,
            "max_concurrency": max_concurrency,
        }
        for name, value in limits.items():
            checks.positive_int(issues, name, value)
        checks.callback(issues, "on_sent", on_sent)
        if issues:
            raise InputValidationError("Invalid send_batches parameters", issues)
        level = self._level(validation)
        sensor = sensor_id.strip()
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
                overhead=envelopes.envelope_overhead(sensor, _send_time()),
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
                envelope = envelopes.build_envelope(sensor, data, _send_time())
                found = validate_envelope(envelope, level=level)
                if found:
                    errors = errors_of(found)
                    if errors:
                        error = InputValidationError("Invalid envelope", errors)
                        raise envelopes.reindex(error, start)
                    report_warnings(envelopes.reindex_issues(found, start), "send_batches")
                result = await self._transport.send_encoded(sensor, texts)
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
        self, envelope: Mapping[str, Any] | CaliperEnvelope, *, check_locally: bool = True
    ) -> ValidationResult:
        """Ask the API whether an envelope is valid, storing nothing.

        A 400 is an answer, not an error: the result has status "error" and the server's
        issues. An envelope that fails this library's own checks (the sandbox's rules) is
        answered without a request, with the same shape of result, unless `check_locally`
        is False: then the API always judges (to compare its verdict with ours).
        """
        transport = self._transport
        transport.require("validate")
        envelope = envelopes.as_event(envelope)
        if not isinstance(envelope, Mapping):
            raise InputValidationError(
                "Invalid envelope",
                [Issue("envelope", "must be a JSON object (a Caliper envelope)", code="type")],
            )
        local = (
            validate_envelope(envelope, level=transport.config.validation) if check_locally else []
        )
        if local and errors_of(local):
            return ValidationResult(
                status="error",
                message="Invalid envelope (checked by the client)",
                errors=[
                    ErrorIssue(path=i.path, message=i.message, code=i.code)
                    for i in errors_of(local)
                ],
            )
        import timeback_caliper._operations as ops

        try:
            body = await transport.fetch(
                "validate_events",
                ops.validate_events.build_encoded_request(encode(dict(envelope))),
            )
        except ApiError as exc:
            if exc.status_code in ISSUE_STATUSES and isinstance(exc.body, Mapping):
                return ValidationResult.from_wire(exc.body)
            raise
        return ValidationResult.from_wire(body)

    # -- reading --------------------------------------------------------------------------

    async def list(
        self,
        *,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        sensor: str | None = None,
        actor_id: str | None = None,
        actor_email: str | None = None,
        start_date: TimeInput | None = None,
        end_date: TimeInput | None = None,
        extra_params: Mapping[str, str | int | float | bool] | None = None,
        **filters: Any,
    ) -> EventsPage:
        """One page of stored events (newest `eventTime` first, in the sandbox).

        Date strings are sent as given; `date` and `datetime` objects are written for the
        wire (naive means UTC). The server owns the bounds (the largest `limit`) and the
        date semantics; it answers with an error of its own. `filters`: any other filter
        of `list_events` (the spec's, by Python name: one the spec adds is taken here with
        no change to this method). `extra_params` adds query parameters the spec does not
        name, by their wire names (one the spec names later keeps working).
        """
        self._transport.require("list")
        params = checks.list_params(
            limit=limit,
            offset=offset,
            sensor=sensor,
            actor_id=actor_id,
            actor_email=actor_email,
            start_date=start_date,
            end_date=end_date,
        )
        params, extra = self._query(limit, offset, params, extra_params, filters)
        return await self._page(limit, offset, params, extra)

    def _query(
        self,
        limit: int,
        offset: int,
        params: dict[str, Any],
        extra_params: object,
        filters: Mapping[str, Any],
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """`list_events`' keywords and the extra query parameters, checked before any I/O:
        a filter must be one of the spec's, an extra parameter may not repeat one given."""
        unknown = [name for name in filters if name not in _LIST_FILTERS]
        if unknown:
            issues = [Issue(n, "is not a filter of list_events", code="type") for n in unknown]
            raise InputValidationError("Invalid list parameters", issues)
        params = {**params, **{k: v for k, v in filters.items() if v is not None}}
        import timeback_caliper._operations as ops

        sent = ops.list_events.build_request(limit=limit, offset=offset, **params)["params"]
        return params, checks.extra_params(extra_params, taken=sent)

    async def _page(
        self, limit: int, offset: int, params: Mapping[str, Any], extra: Mapping[str, str]
    ) -> EventsPage:
        page = await self.list_events(limit=limit, offset=offset, extra_params=extra, **params)
        return cast(EventsPage, page).placed(offset)

    async def get(self, external_id: str) -> StoredEvent:
        """One stored event by its Caliper `id` (`urn:uuid:...`); NotFoundError if unknown."""
        transport = self._transport
        transport.require("get")
        external_id = checks.identifier("external_id", external_id)
        reply = await self.get_event(external_id)
        if reply.event is None:
            raise ApiError(
                "unexpected response body: no event object", status_code=200, body=reply.raw
            )
        return cast(StoredEvent, reply.event)

    def stream(
        self,
        *,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        sensor: str | None = None,
        actor_id: str | None = None,
        actor_email: str | None = None,
        start_date: TimeInput | None = None,
        end_date: TimeInput | None = None,
        max_items: int | None = None,
        extra_params: Mapping[str, str | int | float | bool] | None = None,
        **filters: Any,
    ) -> AsyncEventStream:
        """Every matching event, page by page, one page held at a time: iterate it with `for`
        (SyncCaliperClient) or `async for` (CaliperClient). The filters are those of
        `list()`."""
        self._transport.require("stream")
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
        params, extra = self._query(limit, offset, params, extra_params, filters)
        return AsyncEventStream(
            self,
            params,
            extra,
            limit=limit,
            offset=offset,
            max_items=max_items,
        )


class AsyncEventStream:
    """The events of `stream()`: iterate it, or take `to_list()`, `first()`, `first_page()`."""

    def __init__(
        self,
        events: AsyncEvents,
        params: Mapping[str, Any],
        extra: Mapping[str, str],
        *,
        limit: int,
        offset: int,
        max_items: int | None,
    ) -> None:
        self._events = events
        self._params = params
        self._extra = extra
        self._limit, self._offset, self._max_items = limit, offset, max_items
        self.total: int | None = None  # what the last page read said (vendor client)

    def __aiter__(self) -> AsyncIterator[StoredEvent]:
        return self._iterate()

    def reset(self) -> None:
        """Nothing to do: each iteration starts from the first page (vendor client)."""

    async def _iterate(self) -> AsyncIterator[StoredEvent]:
        pager = OffsetPager(self._limit, self._offset, self._max_items)
        while (request := pager.next_request()) is not None:
            limit, offset = request
            page = await self._events._page(limit, offset, self._params, self._extra)
            self.total = total = page.pagination.total if page.pagination else None
            for event in pager.accept(page.events, total):
                yield event

    async def to_list(self) -> list[StoredEvent]:
        """All the events (at most `max_items`) in one list."""
        return [event async for event in self]

    async def to_array(self, *, max_items: int | None = 10_000) -> list[StoredEvent]:
        """All the events, refusing to hold more than `max_items` (the vendor's guard; None:
        no guard)."""
        if max_items is not None:
            checks.count("max_items", max_items)
        events: list[StoredEvent] = []
        async for event in self:
            if max_items is not None and len(events) >= max_items:
                raise InputValidationError(
                    "Too many events",
                    [Issue("max_items", f"more than {max_items} events match", code="range")],
                )
            events.append(event)
        return events

    async def first(self) -> StoredEvent | None:
        """The first event, fetched with `limit=1`, or None."""
        page = await self._events._page(1, self._offset, self._params, self._extra)
        return page.events[0] if page.events else None

    async def first_page(self) -> EventsPage:
        """The first page, with `next_offset` to continue from (None at the end)."""
        limit = self._limit if self._max_items is None else min(self._limit, self._max_items)
        return await self._events._page(limit, self._offset, self._params, self._extra)
