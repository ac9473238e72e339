"""codegen.sh: deterministic output and a --check that catches every kind of drift."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.spec_tools import ROOT

# What codegen.sh reads and writes; copied so that the test never touches the checkout.
INPUTS = ["codegen.sh", "pyproject.toml", "openapi", "templates", "generated"]  # no scripts/:
# the unasync half of codegen.sh has its own tests (tests/test_unasync.py).


@pytest.fixture
def checkout(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the codegen inputs and outputs in a temporary folder."""
    for name in INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, tmp_path / name)
    return tmp_path


def _codegen(checkout: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENV": sys.prefix}
    return subprocess.run(
        ["bash", str(checkout / "codegen.sh"), *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_passes_on_the_committed_tree(checkout: pathlib.Path) -> None:
    """The committed generated/ is exactly what the spec gives."""
    result = _codegen(checkout, "--check")

    assert 0 == result.returncode, result.stdout + result.stderr


def test_regenerating_twice_changes_nothing(checkout: pathlib.Path) -> None:
    """Two runs in a row give byte-identical trees."""
    _codegen(checkout)
    first = {
        p.relative_to(checkout): p.read_bytes()
        for p in (checkout / "generated").rglob("*")
        if p.is_file()
    }

    _codegen(checkout)
    second = {
        p.relative_to(checkout): p.read_bytes()
        for p in (checkout / "generated").rglob("*")
        if p.is_file()
    }

    assert first == second


def test_a_new_enum_value_fails_the_check_until_regenerated(
    checkout: pathlib.Path,
) -> None:
    """Adding `parent` to TimebackRole makes --check fail; regenerating makes it pass again."""
    spec = checkout / "openapi" / "caliper.yaml"
    text = spec.read_text()
    old = "enum: [student, teacher, admin, guide]"
    assert old in text
    spec.write_text(text.replace(old, "enum: [student, teacher, admin, guide, parent]"))

    failed = _codegen(checkout, "--check")
    _codegen(checkout)
    passed = _codegen(checkout, "--check")

    assert 1 == failed.returncode
    assert "timeback_role.py" in failed.stdout
    assert 0 == passed.returncode, passed.stdout + passed.stderr
    assert (
        'PARENT = "parent"'
        in (checkout / "generated/timeback_caliper_api/models/timeback_role.py").read_text()
    )


@pytest.mark.parametrize("damage", ["edit", "extra", "missing"])
def test_check_fails_on_hand_edits_extra_and_missing_files(
    checkout: pathlib.Path, damage: str
) -> None:
    """Any change to generated/ by hand is caught: changed, extra and missing files."""
    package = checkout / "generated" / "timeback_caliper_api"
    if damage == "edit":
        target = package / "types.py"
        target.write_text(target.read_text() + "\n# hand edit\n")
    elif damage == "extra":
        (package / "models" / "handwritten.py").write_text("X = 1\n")
    else:
        (package / "py.typed").unlink()

    result = _codegen(checkout, "--check")

    assert 1 == result.returncode
