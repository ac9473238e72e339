"""`manage.py check`: the TIMEBACK_CALIPER setting, reported before the first event is."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Warning

from timeback_caliper.contrib._settings import KEYS, problems
from timeback_caliper.exceptions import ConfigurationError

HINT = "TIMEBACK_CALIPER = {'SENSOR': ..., 'ENV': ...}; keys: " + ", ".join(KEYS)


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from timeback_caliper.contrib.django import settings

    try:
        found = settings()
    except ConfigurationError as exc:
        return [Error(str(exc), hint=HINT, id="timeback_caliper.E001")]
    errors, warnings = problems(found)
    return [Error(e, hint=HINT, id="timeback_caliper.E002") for e in errors] + [
        Warning(w, hint="set it in TIMEBACK_CALIPER or the environment", id="timeback_caliper.W001")
        for w in warnings
    ]
