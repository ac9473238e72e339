"""Flushing the background senders on SIGTERM, for those that ask (`flush_on_sigterm=True`).

SIGTERM is what `docker stop`, Kubernetes and systemd send. Its default action ends the
process at once, without `atexit`: events still queued in memory are lost, and a spool's
are left for the next start. The handler closes every sender that asked (each flushing
for at most its `exit_timeout`, in a thread of its own: the signal may arrive while the
main thread holds a sender's lock), then does what was there before: the server's own
handler (gunicorn's graceful exit), nothing (SIG_IGN), or exit with status 143 (SIG_DFL),
through SystemExit, so that `finally` blocks and `atexit` run.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import weakref
from collections.abc import Callable
from types import FrameType
from typing import Any

logger = logging.getLogger("timeback_caliper")

_CLOSERS: list[tuple[weakref.WeakMethod[Callable[[float], Any]], float]] = []
_PREVIOUS: dict[int, Any] = {}


def install(close: Callable[[float], Any], timeout: float) -> bool:
    """Call `close(timeout)` (a bound method) on SIGTERM; False (and a warning) when this
    is not the main thread, the only one that may set a signal handler."""
    if threading.current_thread() is not threading.main_thread():
        logger.warning(
            "flush_on_sigterm: not installed, as this is not the main thread; close the "
            "sender from your server's shutdown hook instead"
        )
        return False
    _CLOSERS.append((weakref.WeakMethod(close), timeout))
    if signal.SIGTERM not in _PREVIOUS:
        _PREVIOUS[signal.SIGTERM] = signal.signal(signal.SIGTERM, _on_signal)
    return True


def _on_signal(signum: int, frame: FrameType | None) -> None:
    closers = [(ref(), timeout) for ref, timeout in _CLOSERS]
    live = [(close, timeout) for close, timeout in closers if close is not None]
    logger.info("SIGTERM: flushing %d sender(s) before exit", len(live))
    started = time.monotonic()
    threads = []
    for close, timeout in live:
        thread = threading.Thread(
            target=close, args=(timeout,), name="timeback-caliper-sigterm", daemon=True
        )
        thread.start()
        threads.append((thread, timeout))
    for thread, timeout in threads:
        thread.join(max(0.0, started + timeout + 1.0 - time.monotonic()))
    previous = _PREVIOUS.get(signum, signal.SIG_DFL)
    if callable(previous):
        previous(signum, frame)
    elif previous != signal.SIG_IGN:
        raise SystemExit(128 + signum)
