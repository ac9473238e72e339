"""The `learnwithai` operations: one module each, and the `LearnwithaiOperations` classes
(async and sync) that send them; generated from the spec, do not edit."""

from collections.abc import Mapping
from typing import Any, cast

from ...models.envelope import Envelope
from ...models.error_body import ErrorBody
from ...models.send_result import SendResult
from ...types import UNSET, AsyncCaller, Caller, Unset, read
from . import send_events_learn_with_ai


class AsyncLearnwithaiOperations:
    """The spec's `learnwithai` operations, one method each (named by operation id, with the
    operation's parameters), sent through the caller given."""

    def __init__(self, caller: AsyncCaller) -> None:
        self._caller = caller

    async def send_events_learn_with_ai(
        self,
        *,
        body: Envelope,
        x_request_id: str | Unset = UNSET,
    ) -> SendResult:
        """Send a Caliper envelope to the LEARNWITH_AI platform (send-only).

        LEARNWITH_AI offers only this operation. Its events are standard Caliper: the client
        rewrites Timeback events (AggregationProfile, Person, AssignableDigitalResource,
        `metricType`/`metricValue` items). The token must carry
        the `events.write` scope, or the reply is 403.
        **[decided]** The reply is 200 `{status, message, errors}` without a `jobId`: the
        platform has no job endpoint, and no source shows its real reply.

        """
        request = send_events_learn_with_ai.build_request(
            body=body,
            x_request_id=x_request_id,
        )
        reply = await self._caller.operation(
            "send_events_learn_with_ai", request, idempotent=False
        )
        return read(SendResult, reply)


class LearnwithaiOperations:
    """The spec's `learnwithai` operations, one method each (named by operation id, with the
    operation's parameters), sent through the caller given."""

    def __init__(self, caller: Caller) -> None:
        self._caller = caller

    def send_events_learn_with_ai(
        self,
        *,
        body: Envelope,
        x_request_id: str | Unset = UNSET,
    ) -> SendResult:
        """Send a Caliper envelope to the LEARNWITH_AI platform (send-only).

        LEARNWITH_AI offers only this operation. Its events are standard Caliper: the client
        rewrites Timeback events (AggregationProfile, Person, AssignableDigitalResource,
        `metricType`/`metricValue` items). The token must carry
        the `events.write` scope, or the reply is 403.
        **[decided]** The reply is 200 `{status, message, errors}` without a `jobId`: the
        platform has no job endpoint, and no source shows its real reply.

        """
        request = send_events_learn_with_ai.build_request(
            body=body,
            x_request_id=x_request_id,
        )
        reply = self._caller.operation(
            "send_events_learn_with_ai", request, idempotent=False
        )
        return read(SendResult, reply)
