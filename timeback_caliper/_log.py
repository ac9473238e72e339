"""The library's logger, and the validation warnings it reports once each.

A warning (an unknown subject, a non-canonical UUID, ...) does not stop a send; it is
logged at WARNING the first time its rule and message are met in this process, then at
DEBUG, so a bulk send of 100,000 events with one odd subject logs one line, not 100,000.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Mapping

from timeback_caliper._core.validation import Issue

logger = logging.getLogger("timeback_caliper")

_SEEN: set[tuple[str, str]] = set()
_SEEN_LOCK = threading.Lock()
_MAX_SEEN = 1000  # distinct warnings remembered; past this, each is logged at DEBUG
LOG_VAR = "TIMEBACK_CALIPER_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_HANDLER_NAME = "timeback_caliper:" + LOG_VAR


def configure_from_environ(environ: Mapping[str, str] | None = None) -> None:
    """`TIMEBACK_CALIPER_LOG=debug|info|warning`: the library's log at that level on
    stderr, without touching the application's logging setup (as httpx's HTTPX_LOG_LEVEL)."""
    value = (os.environ if environ is None else environ).get(LOG_VAR, "").strip().lower()
    level = _LEVELS.get(value)
    if level is None:
        if value:
            logger.warning("%s=%r: not one of debug, info, warning; ignored", LOG_VAR, value)
        return
    if not any(h.get_name() == _HANDLER_NAME for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(name)s] %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


_ANNOUNCED: set[tuple[str, str]] = set()


def announce_urls(base_url: str, auth_url: str, sources: Mapping[str, str]) -> None:
    """Say once per process, at INFO, which API a client talks to and what chose it."""
    key = (base_url, auth_url)
    with _SEEN_LOCK:
        if key in _ANNOUNCED:
            return
        _ANNOUNCED.add(key)
    logger.info(
        "API %s (from %s), tokens from %s (from %s)",
        base_url,
        sources.get("base_url", "?"),
        auth_url,
        sources.get("auth_url", "?"),
    )


def report_warnings(issues: Iterable[Issue], operation: str) -> None:
    """Log validation warnings: each kind once at WARNING, again only at DEBUG."""
    for issue in issues:
        key = (issue.code, issue.message)
        with _SEEN_LOCK:
            first = key not in _SEEN and len(_SEEN) < _MAX_SEEN
            if first:
                _SEEN.add(key)
        level = logging.WARNING if first else logging.DEBUG
        if logger.isEnabledFor(level):
            logger.log(
                level,
                "%s: %s (sent anyway: a warning at validation='basic', an error at 'strict'%s)",
                operation,
                issue,
                "; shown once" if first else "",
            )
