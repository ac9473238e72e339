"""The settings of a framework integration, one rule for all of them: upper-case keys that
name the sender's and the client's keywords (`SENSOR`, `SPOOL`, `ENV`, `CLIENT_ID`, ...)."""

from __future__ import annotations

import inspect
import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

from timeback_caliper import _signals
from timeback_caliper._config import ClientConfig, MissingSetting
from timeback_caliper._pg_spool import is_postgres_url
from timeback_caliper._spool import check_spool_file
from timeback_caliper._sync.sender import Sender
from timeback_caliper.exceptions import CaliperError, ConfigurationError, InputValidationError

_CLIENT_KEYS = frozenset(inspect.signature(ClientConfig.resolve).parameters) - {"environ"}
_SENDER_KEYS = frozenset(inspect.signature(Sender.__init__).parameters) - {
    "self",
    "client",
    "client_kwargs",
}
KEYS = sorted(k.upper() for k in _CLIENT_KEYS | _SENDER_KEYS)


def sender_kwargs(settings: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The sender's keywords from `settings`; ConfigurationError naming an unknown key."""
    if not isinstance(settings, Mapping):
        raise ConfigurationError(f"{where} must be a dict, got {type(settings).__name__}")
    kwargs: dict[str, Any] = {}
    for key, value in settings.items():
        name = key.lower() if isinstance(key, str) else None
        if name not in _CLIENT_KEYS | _SENDER_KEYS or not key.isupper():
            raise ConfigurationError(f"{where}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        kwargs[name] = value
    return kwargs


def problems(kwargs: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(errors, warnings) of these settings, found without any I/O beyond looking for the
    spool's directory: what the framework's checks report."""
    errors: list[str] = []
    warnings: list[str] = []
    if "sensor" not in kwargs:
        errors.append("SENSOR is missing: the sensor IRI of your app's events")
        return errors, warnings
    try:  # a disabled sender checks every setting and opens nothing
        Sender(**{**kwargs, "disabled": True, "flush_on_sigterm": False}).close()
    except (InputValidationError, ConfigurationError) as exc:
        errors.append(str(exc))
    if kwargs.get("disabled"):
        return errors, warnings
    client = {k: v for k, v in kwargs.items() if k in _CLIENT_KEYS and k != "validation"}
    try:
        ClientConfig.resolve(**client)
    except MissingSetting as exc:
        warnings.append(f"{exc}: no event can be sent until it is set")
    except ConfigurationError as exc:
        errors.append(str(exc))
    spool = kwargs.get("spool")
    if isinstance(spool, str | os.PathLike) and not is_postgres_url(spool):
        try:
            check_spool_file(os.fspath(spool))
        except CaliperError as exc:
            errors.append(str(exc))
    return errors, warnings


class LazySender:
    """A `Sender` made on first use (thread-safe), from settings read then: importing the
    app, its checks and management commands never need credentials or a spool.

    `FLUSH_ON_SIGTERM` (here on by default: web processes are stopped by SIGTERM) is
    installed by the integration at start-up, from the main thread, where a handler may
    be set; the sender, made later in a request's thread, does not install it again.
    """

    def __init__(self, settings: Callable[[], Mapping[str, Any]]) -> None:
        self._settings = settings
        self._sender: Sender | None = None
        self._lock = threading.Lock()

    def install_sigterm_flush(self) -> None:
        kwargs = self._settings()
        if kwargs.get("flush_on_sigterm", True) and not kwargs.get("disabled"):
            _signals.install(self.close, float(kwargs.get("exit_timeout", 2.0)))

    @property
    def sender(self) -> Sender:
        sender = self._sender
        if sender is None:
            with self._lock:
                if self._sender is None:
                    self._sender = Sender(**{**self._settings(), "flush_on_sigterm": False})
                sender = self._sender
        return sender

    @property
    def started(self) -> bool:
        return self._sender is not None

    def __getattr__(self, name: str) -> Any:  # enqueue, flush, stats, ... of the sender
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.sender, name)

    def close(self, timeout: float | None = None) -> bool:
        """Close the sender if it was made (flushing for at most `timeout` seconds); the
        next use makes a new one."""
        with self._lock:
            sender, self._sender = self._sender, None
        return True if sender is None else sender.close(timeout)

    def __repr__(self) -> str:
        return f"<LazySender {self._sender!r}>" if self._sender else "<LazySender (not made yet)>"
