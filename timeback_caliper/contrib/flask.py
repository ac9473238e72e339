"""Flask: `caliper = Caliper(app)` (or `caliper.init_app(app)` in a factory), settings in
the app's config as `TIMEBACK_CALIPER_<KEY>` (`TIMEBACK_CALIPER_SENSOR`, `..._SPOOL`, ...:
the sender's keywords in upper case), and `caliper.sender.enqueue(...)` in views.

Each app gets its sender, made on first use; it is flushed at exit and on SIGTERM.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from timeback_caliper.contrib._settings import LazySender, problems, sender_kwargs
from timeback_caliper.exceptions import ConfigurationError

__all__ = ["PREFIX", "Caliper"]

PREFIX = "TIMEBACK_CALIPER_"
EXTENSION = "timeback_caliper"


def app_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The sender's keywords from an app's config (its TIMEBACK_CALIPER_* keys)."""
    found = {k[len(PREFIX) :]: v for k, v in config.items() if k.startswith(PREFIX)}
    return sender_kwargs(found, f"app.config[{PREFIX}*]")


class Caliper:
    """The extension. `sender` is the current app's (made on first use)."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Check the settings now (ConfigurationError for an invalid one; missing
        credentials are only logged at first use) and register the app's sender."""
        kwargs = app_settings(app.config)
        errors, _ = problems(kwargs)
        if errors:
            raise ConfigurationError("; ".join(errors))
        lazy = LazySender(lambda: app_settings(app.config))
        lazy.install_sigterm_flush()
        app.extensions[EXTENSION] = lazy

    @property
    def sender(self) -> LazySender:
        lazy: LazySender = current_app.extensions[EXTENSION]
        return lazy
