"""Django: add `"timeback_caliper.contrib.django"` to INSTALLED_APPS, put the settings in
`TIMEBACK_CALIPER = {"SENSOR": ..., ...}` (keys: the sender's keywords in upper case), and
queue events with `from timeback_caliper.contrib.django import sender`.

The sender is made on first use, from the settings then, and made again when they change
(`override_settings` in tests: Django's `setting_changed`); `manage.py check` reports
missing or invalid settings (ids `timeback_caliper.E001`... and `W001`), and it is flushed
at exit and on SIGTERM. `"SYNC_MODE": True` (tests: each enqueue returns once delivered)
and `"DISABLED": True` (nothing sent) are the settings tests and builds want.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.signals import setting_changed

from timeback_caliper.contrib._settings import LazySender, sender_kwargs

__all__ = ["sender", "settings"]

SETTING = "TIMEBACK_CALIPER"


def settings() -> Mapping[str, Any]:
    """The sender's keywords from Django's TIMEBACK_CALIPER setting."""
    from django.conf import settings as django_settings

    return sender_kwargs(getattr(django_settings, SETTING, {}), SETTING)


sender = LazySender(settings)


def _setting_changed(*, setting: str, **kwargs: Any) -> None:
    """TIMEBACK_CALIPER changed (a test's `override_settings`, entered or left): the
    sender made from the old value is closed, delivering what it accepted first, and the
    next use makes one from the new value."""
    if setting == SETTING:
        sender.close()


setting_changed.connect(_setting_changed, dispatch_uid="timeback_caliper.setting_changed")
