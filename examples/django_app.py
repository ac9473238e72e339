"""A Django view that records a finished lesson without waiting on the Caliper API.

One module is settings, URLs and views, to keep the example short. Run it against the
sandbox (`eval "$(python -m timeback_caliper.sandbox --port 8787 | head -4)"` in another
shell, or any TIMEBACK_API_* settings):

    DJANGO_SETTINGS_MODULE=examples.django_app django-admin runserver

The sender lives at module level, one per process: under gunicorn `--preload` each worker
gets its own after the fork (the parent's queued events stay with the parent). Set
CALIPER_SPOOL to a file path to keep events across crashes and restarts; workers may share it.
"""

from __future__ import annotations

import json
import os

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from examples.lesson import SENSOR, activity_input, time_spent_input
from timeback_caliper import InputValidationError, Sender

# -- settings ---------------------------------------------------------------------------
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []

# -- the sender: credentials from TIMEBACK_API_* ------------------------------------------
sender = Sender(sensor=SENSOR, spool=os.environ.get("CALIPER_SPOOL"))


# -- views ------------------------------------------------------------------------------
def lesson_completed(request: HttpRequest, lesson: str) -> HttpResponse:
    """POST {student, email, total, correct, xp, seconds}: queue two events, answer at once."""
    if request.method != "POST":
        return JsonResponse({"error": "POST only"}, status=405)
    body = json.loads(request.body)
    try:
        sender.enqueue_activity(activity_input(lesson, body))
        sender.enqueue_time_spent(time_spent_input(lesson, body))
    except InputValidationError as exc:  # bad input is the caller's error, named by path
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"queued": True}, status=202)


urlpatterns = [path("lessons/<str:lesson>/complete", lesson_completed)]
