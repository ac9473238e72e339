"""scripts/unasync.py: the sync twins are generated, complete, and checked byte for byte."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.spec_tools import ROOT

TREES = ["timeback_caliper/_async", "timeback_caliper/_sync", "tests/_async", "tests/_sync"]


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the script and of the async and sync trees."""
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "unasync.py", tmp_path / "scripts" / "unasync.py")
    for name in TREES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _check(tree: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(tree / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_committed_twins_are_up_to_date(tree: pathlib.Path) -> None:
    """--check passes on the tree as committed."""
    result = _check(tree)

    assert 0 == result.returncode, result.stderr


@pytest.mark.parametrize("damage", ["edit", "append", "orphan", "missing"])
def test_check_catches_every_kind_of_drift(tree: pathlib.Path, damage: str) -> None:
    """A hand edit, a line added at the end, an orphan and a missing twin all fail --check."""
    twin = tree / "timeback_caliper" / "_sync" / "client.py"
    if damage == "edit":
        twin.write_text(twin.read_text().replace("def close", "def shut", 1))
    elif damage == "append":
        twin.write_text(twin.read_text() + "# an extra line\n")
    elif damage == "orphan":
        (tree / "tests" / "_sync" / "test_orphan.py").write_text("X = 1\n")
    else:
        twin.unlink()

    result = _check(tree)

    assert 1 == result.returncode
    assert "client.py" in result.stderr or "test_orphan.py" in result.stderr


def test_twins_keep_line_numbers(tree: pathlib.Path) -> None:
    """The sync file has the async file's lines, plus one header line."""
    for source in (tree / "timeback_caliper" / "_async").glob("*.py"):
        twin = tree / "timeback_caliper" / "_sync" / source.name
        assert len(source.read_text().splitlines()) + 1 == len(twin.read_text().splitlines())


def test_no_async_names_survive_in_the_sync_client() -> None:
    """The generated sync client has no await, async or Async* left."""
    text = (ROOT / "timeback_caliper" / "_sync" / "client.py").read_text().split("\n", 1)[1]

    assert [] == [w for w in ("await ", "async ", "Async", "aclose", "asleep") if w in text]
