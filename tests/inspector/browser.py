"""The headless Chromium of the inspector's tests and of its screenshots in the docs
(scripts/inspector_screenshots.py): Debian's, never one Playwright downloads."""

from __future__ import annotations

import os
import shutil

from playwright.sync_api import Browser, Playwright

# What the machine's closed network allows: no first-run, sync, update or metrics traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """The Chromium to drive: $TIMEBACK_CHROMIUM, else `chromium` on PATH."""
    path = os.environ.get("TIMEBACK_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise FileNotFoundError(
            "no Chromium for the inspector's browser tests: run `make system-packages` (as"
            " root: apt-get install chromium), or set TIMEBACK_CHROMIUM to a Chromium binary"
        )
    return path


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
