"""The `events` operations: one module each, and the `EventsOperations` classes
(async and sync) that send them; generated from the spec, do not edit."""

from collections.abc import Mapping
from typing import Any, cast

from ...models.envelope import Envelope
from ...models.error_body import ErrorBody
from ...models.event_response import EventResponse
from ...models.events_page import EventsPage
from ...models.send_result import SendResult
from ...models.validation_result import ValidationResult
from ...types import UNSET, AsyncCaller, Caller, Unset, read
from . import get_event, list_events, send_events, validate_events


class AsyncEventsOperations:
    """The spec's `events` operations, one method each (named by operation id, with the
    operation's parameters), sent through the caller given."""

    def __init__(self, caller: AsyncCaller) -> None:
        self._caller = caller

    async def send_events(
        self,
        *,
        body: Envelope,
        x_request_id: str | Unset = UNSET,
    ) -> SendResult:
        """Send a Caliper envelope.

        Validates the envelope synchronously and queues its events for asynchronous storage.
        **[decided]** The reply carries both the documented `{status, message, errors}` and the
        `jobId` the vendor's clients expect. Poll `/jobs/{jobId}/status` for the outcome.
        **[decided]** Events whose `id` is already stored are not stored again.

        """
        request = send_events.build_request(
            body=body,
            x_request_id=x_request_id,
        )
        reply = await self._caller.operation("send_events", request, idempotent=False)
        return read(SendResult, reply)

    async def validate_events(
        self,
        *,
        body: Envelope,
        x_request_id: str | Unset = UNSET,
    ) -> ValidationResult:
        """Validate a Caliper envelope without storing it.

        Runs the same checks as `POST /caliper/event` and stores nothing. An invalid envelope
        is a 400 whose `errors` name every problem.

        """
        request = validate_events.build_request(
            body=body,
            x_request_id=x_request_id,
        )
        reply = await self._caller.operation(
            "validate_events", request, idempotent=False
        )
        return read(ValidationResult, reply)

    async def list_events(
        self,
        *,
        limit: int | Unset = 100,
        offset: int | Unset = 0,
        sensor: str | Unset = UNSET,
        start_date: str | Unset = UNSET,
        end_date: str | Unset = UNSET,
        actor_id: str | Unset = UNSET,
        actor_email: str | Unset = UNSET,
        x_request_id: str | Unset = UNSET,
        extra_params: Mapping[str, str] | None = None,
    ) -> EventsPage:
        """List stored events.

        `extra_params`: query parameters the spec does not name, sent as given.

        One page of stored events matching every given filter.
        **[decided]** Order: `eventTime` descending, then `id` descending.
        **[decided]** `startDate` is inclusive and `endDate` exclusive, both compared with
        `eventTime`.

        """
        request = list_events.build_request(
            limit=limit,
            offset=offset,
            sensor=sensor,
            start_date=start_date,
            end_date=end_date,
            actor_id=actor_id,
            actor_email=actor_email,
            x_request_id=x_request_id,
        )
        if extra_params:  # query parameters the spec does not name (yet): they win
            request["params"] = {**request["params"], **extra_params}
        reply = await self._caller.operation("list_events", request, idempotent=True)
        return read(EventsPage, reply)

    async def get_event(
        self,
        external_id: str,
        *,
        x_request_id: str | Unset = UNSET,
    ) -> EventResponse:
        """Get one stored event by its Caliper id."""
        request = get_event.build_request(
            external_id=external_id,
            x_request_id=x_request_id,
        )
        reply = await self._caller.operation("get_event", request, idempotent=True)
        return read(EventResponse, reply)


class EventsOperations:
    """The spec's `events` operations, one method each (named by operation id, with the
    operation's parameters), sent through the caller given."""

    def __init__(self, caller: Caller) -> None:
        self._caller = caller

    def send_events(
        self,
        *,
        body: Envelope,
        x_request_id: str | Unset = UNSET,
    ) -> SendResult:
        """Send a Caliper envelope.

        Validates the envelope synchronously and queues its events for asynchronous storage.
        **[decided]** The reply carries both the documented `{status, message, errors}` and the
        `jobId` the vendor's clients expect. Poll `/jobs/{jobId}/status` for the outcome.
        **[decided]** Events whose `id` is already stored are not stored again.

        """
        request = send_events.build_request(
            body=body,
            x_request_id=x_request_id,
        )
        reply = self._caller.operation("send_events", request, idempotent=False)
        return read(SendResult, reply)

    def validate_events(
        self,
        *,
        body: Envelope,
        x_request_id: str | Unset = UNSET,
    ) -> ValidationResult:
        """Validate a Caliper envelope without storing it.

        Runs the same checks as `POST /caliper/event` and stores nothing. An invalid envelope
        is a 400 whose `errors` name every problem.

        """
        request = validate_events.build_request(
            body=body,
            x_request_id=x_request_id,
        )
        reply = self._caller.operation("validate_events", request, idempotent=False)
        return read(ValidationResult, reply)

    def list_events(
        self,
        *,
        limit: int | Unset = 100,
        offset: int | Unset = 0,
        sensor: str | Unset = UNSET,
        start_date: str | Unset = UNSET,
        end_date: str | Unset = UNSET,
        actor_id: str | Unset = UNSET,
        actor_email: str | Unset = UNSET,
        x_request_id: str | Unset = UNSET,
        extra_params: Mapping[str, str] | None = None,
    ) -> EventsPage:
        """List stored events.

        `extra_params`: query parameters the spec does not name, sent as given.

        One page of stored events matching every given filter.
        **[decided]** Order: `eventTime` descending, then `id` descending.
        **[decided]** `startDate` is inclusive and `endDate` exclusive, both compared with
        `eventTime`.

        """
        request = list_events.build_request(
            limit=limit,
            offset=offset,
            sensor=sensor,
            start_date=start_date,
            end_date=end_date,
            actor_id=actor_id,
            actor_email=actor_email,
            x_request_id=x_request_id,
        )
        if extra_params:  # query parameters the spec does not name (yet): they win
            request["params"] = {**request["params"], **extra_params}
        reply = self._caller.operation("list_events", request, idempotent=True)
        return read(EventsPage, reply)

    def get_event(
        self,
        external_id: str,
        *,
        x_request_id: str | Unset = UNSET,
    ) -> EventResponse:
        """Get one stored event by its Caliper id."""
        request = get_event.build_request(
            external_id=external_id,
            x_request_id=x_request_id,
        )
        reply = self._caller.operation("get_event", request, idempotent=True)
        return read(EventResponse, reply)
