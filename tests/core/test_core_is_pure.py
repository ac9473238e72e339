"""The rules of timeback_caliper/_core (no I/O, no clock, no httpx), checked on its source."""

from __future__ import annotations

import ast
import pathlib

import pytest

import timeback_caliper._core
import timeback_caliper.validation

CORE = pathlib.Path(timeback_caliper._core.__file__).parent
PURE_FILES = [*sorted(CORE.glob("*.py")), pathlib.Path(timeback_caliper.validation.__file__)]
BANNED_MODULES = {
    "httpx",
    "asyncio",
    "anyio",
    "socket",
    "sqlite3",
    "threading",
    "random",
    "os",
    "subprocess",
}
BANNED_CALLS = {
    "time.time",
    "time.monotonic",
    "time.sleep",
    "time.perf_counter",
    "datetime.now",
    "datetime.utcnow",
    "date.today",
    "uuid.uuid4",
    "open",
    "print",
}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: p.name)
def test_core_module_does_no_io_and_reads_no_clock(path: pathlib.Path) -> None:
    """No banned import and no call that reads a clock, draws randomness or does I/O."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in BANNED_MODULES]
        elif (
            isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in BANNED_MODULES
        ):
            found.append(node.module or "")
        elif isinstance(node, ast.Call) and _dotted(node.func) in BANNED_CALLS:
            found.append(_dotted(node.func))

    assert [] == found
