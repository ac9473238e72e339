"""A Starlette (asyncio) service that records a finished lesson without waiting on the API.

    uvicorn examples.starlette_app:app      (with TIMEBACK_API_* set, e.g. from the sandbox)

`caliper_lifespan` opens the AsyncSender with the app and closes it (flushed, bounded) at
shutdown: an asyncio sender cannot flush at interpreter exit, when no event loop runs.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from examples.lesson import SENSOR, activity_input, time_spent_input
from timeback_caliper import InputValidationError
from timeback_caliper.contrib.starlette import caliper_lifespan, get_sender


async def lesson_completed(request: Request) -> JSONResponse:
    sender = get_sender(request)
    lesson = request.path_params["lesson"]
    body = await request.json()
    try:
        await sender.enqueue_activity(activity_input(lesson, body))
        await sender.enqueue_time_spent(time_spent_input(lesson, body))
    except InputValidationError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    return JSONResponse({"queued": True}, status_code=202)


app = Starlette(
    routes=[Route("/lessons/{lesson}/complete", lesson_completed, methods=["POST"])],
    lifespan=caliper_lifespan(sensor=SENSOR, spool=os.environ.get("CALIPER_SPOOL")),
)
