"""The library's logger, and the validation warnings it reports once each.

A warning (an unknown subject, a non-canonical UUID, ...) does not stop a send; it is
logged at WARNING the first time its rule and message are met in this process, then at
DEBUG, so a bulk send of 100,000 events with one odd subject logs one line, not 100,000.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from timeback_caliper._core.validation import Issue

logger = logging.getLogger("timeback_caliper")

_SEEN: set[tuple[str, str]] = set()
_SEEN_LOCK = threading.Lock()
_MAX_SEEN = 1000  # distinct warnings remembered; past this, each is logged at DEBUG


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
