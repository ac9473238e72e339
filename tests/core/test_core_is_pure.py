"""The rules of timeback_caliper/_core (no I/O, no clock, no httpx), checked on its source."""

from __future__ import annotations

import ast
import pathlib

import pytest

import timeback_caliper._core

CORE = pathlib.Path(timeback_caliper._core.__file__).parent
PURE_FILES = sorted(CORE.glob("*.py"))
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


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: p.name)
def test_core_imports_nothing_of_ours_above_it(path: pathlib.Path) -> None:
    """Decisions are at the bottom: _core imports only _core and the exceptions it raises
    (a leaf module with no imports of ours at run time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("timeback_caliper")
        and not _type_only(tree, node)
    ]

    assert [] == [
        m for m in ours if not m.startswith("timeback_caliper._core") and m != ALLOWED_LEAF
    ]


ALLOWED_LEAF = "timeback_caliper.exceptions"


def _type_only(tree: ast.Module, node: ast.ImportFrom) -> bool:
    """True when `node` sits under `if TYPE_CHECKING:`."""
    for block in ast.walk(tree):
        if (
            isinstance(block, ast.If)
            and _dotted(block.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
            and any(node is child for stmt in block.body for child in ast.walk(stmt))
        ):
            return True
    return False


def test_the_exceptions_module_is_a_leaf() -> None:
    """timeback_caliper.exceptions imports nothing of ours at run time, so _core may use it
    (but `_vendor`, itself a leaf, for the vendor's names read from it)."""
    path = CORE.parent / "exceptions.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))

    assert [] == [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("timeback_caliper")
        and node.module != "timeback_caliper._vendor"
        and not _type_only(tree, node)
    ]
    vendor = ast.parse((CORE.parent / "_vendor.py").read_text(encoding="utf-8"))
    assert [] == [
        node.module
        for node in vendor.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("timeback_caliper")
    ]
