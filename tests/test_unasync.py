"""scripts/unasync.py: the sync twins are generated, complete, and checked byte for byte."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tokenize

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


def _code_words(path: pathlib.Path) -> set[str]:
    """The names and keywords of a file's code (not its strings or comments)."""
    with path.open(encoding="utf-8") as f:
        return {t.string for t in tokenize.generate_tokens(f.readline) if t.type == tokenize.NAME}


@pytest.mark.parametrize(
    "name", ["client.py", "sender.py", "auth.py", "transport.py", "events.py", "jobs.py"]
)
def test_no_async_names_survive_in_the_sync_code(name: str) -> None:
    """The generated sync modules have no await, async, Async* or a* twin names left."""
    words = _code_words(ROOT / "timeback_caliper" / "_sync" / name)
    twins = {"aclose", "asleep", "alock", "aread", "aauth_flow", "amap_bounded"}

    assert set() == {w for w in words if w in {"await", "async"} | twins or w.startswith("Async")}


def test_prose_is_copied_as_written(tree: pathlib.Path) -> None:
    """Strings, docstrings and comments are not rewritten; the code around them is."""
    source = tree / "timeback_caliper" / "_async" / "prose.py"
    source.write_text(
        '"""AsyncThing: awaits `aclose()`."""\n'
        "async def aclose(x: AsyncThing) -> None:  # async only, AsyncThing\n"
        '    await asleep("async with AsyncThing")\n'
    )

    subprocess.run([sys.executable, str(tree / "scripts" / "unasync.py")], check=True)

    assert [
        '"""AsyncThing: awaits `aclose()`."""',
        "def close(x: Thing) -> None:  # async only, AsyncThing",
        '    sleep("async with AsyncThing")',
    ] == (tree / "timeback_caliper" / "_sync" / "prose.py").read_text().splitlines()[1:]
