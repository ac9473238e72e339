"""A Django view that records a finished lesson without waiting on the Caliper API.

One module is settings, URLs and views, to keep the example short. Run it against the
sandbox (`eval "$(python -m timeback_caliper.sandbox --port 8787 | head -4)"` in another
shell, or any TIMEBACK_API_* settings):

    DJANGO_SETTINGS_MODULE=examples.django_app django-admin runserver

The integration (`timeback_caliper.contrib.django`) makes the sender on first use, one per
process, from the TIMEBACK_CALIPER setting; `manage.py check` reports its problems; it is
flushed at exit and on SIGTERM. Set CALIPER_SPOOL to a file path to keep events across
crashes and restarts; workers may share it.
"""

from __future__ import annotations

import json
import os

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from examples.lesson import SENSOR, activity_input, time_spent_input
from timeback_caliper import InputValidationError
from timeback_caliper.contrib.django import sender

# -- settings ---------------------------------------------------------------------------
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
INSTALLED_APPS = ["timeback_caliper.contrib.django"]
MIDDLEWARE: list[str] = []
# The sender's settings; credentials and URLs from TIMEBACK_API_* (or CLIENT_ID, ... here).
TIMEBACK_CALIPER = {"SENSOR": SENSOR, "SPOOL": os.environ.get("CALIPER_SPOOL")}


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


def application(environ: dict[str, object], start_response: object) -> object:
    """The WSGI entry point (`gunicorn examples.django_app:application`)."""
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()(environ, start_response)
