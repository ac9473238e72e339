"""A Django site with the integration, for the shutdown tests
(DJANGO_SETTINGS_MODULE=tests.reliability.django_site, gunicorn ...django_site:application)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tests.reliability.scenario import SENSOR, event
from tests.reliability.servers import PREFIX

SECRET_KEY = "tests-only"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
INSTALLED_APPS = ["timeback_caliper.contrib.django"]
TIMEBACK_CALIPER = {"SENSOR": SENSOR, "MAX_DELAY": 3600.0}


def queue(request: HttpRequest) -> HttpResponse:
    from timeback_caliper.contrib.django import sender

    sender.enqueue(event(PREFIX, int(request.GET["i"])))
    return HttpResponse("queued\n")


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n")


urlpatterns = [path("event", queue), path("health", health)]


def application(environ: dict[str, Any], start_response: Any) -> Any:
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()(environ, start_response)
