"""The app Django finds in INSTALLED_APPS: registers the checks and the SIGTERM flush."""

from __future__ import annotations

import contextlib

from django.apps import AppConfig


class TimebackCaliperConfig(AppConfig):  # type: ignore[misc]
    name = "timeback_caliper.contrib.django"
    label = "timeback_caliper"
    verbose_name = "Timeback Caliper"

    def ready(self) -> None:
        from django.core import checks

        from timeback_caliper.contrib.django import sender
        from timeback_caliper.contrib.django.checks import check_settings
        from timeback_caliper.exceptions import ConfigurationError

        checks.register(check_settings, "timeback_caliper")
        with contextlib.suppress(ConfigurationError):  # the checks report it
            sender.install_sigterm_flush()
