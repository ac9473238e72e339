"""A FastAPI service that records a finished lesson without waiting on the API.

uvicorn examples.fastapi_app:app        (with TIMEBACK_API_* set, e.g. from the sandbox)
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException

from examples.lesson import SENSOR, activity_input, time_spent_input
from timeback_caliper import AsyncSender, InputValidationError
from timeback_caliper.contrib.starlette import caliper_lifespan, get_sender

app = FastAPI(lifespan=caliper_lifespan(sensor=SENSOR))


@app.post("/lessons/{lesson}/complete", status_code=202)
async def lesson_completed(
    lesson: str, body: dict[str, Any], sender: Annotated[AsyncSender, Depends(get_sender)]
) -> dict[str, bool]:
    try:
        await sender.enqueue_activity(activity_input(lesson, body))
        await sender.enqueue_time_spent(time_spent_input(lesson, body))
    except InputValidationError as exc:
        raise HTTPException(400, str(exc)) from None
    return {"queued": True}
