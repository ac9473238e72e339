"""The distribution: its own name, the extras and command the README's install lines use."""

from __future__ import annotations

import email.parser
import pathlib
import re
import subprocess
import sys
import tomllib
import zipfile

from tests.spec_tools import ROOT
from timeback_caliper import __version__

README = (ROOT / "README.md").read_text(encoding="utf-8")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _install_block() -> str:
    section = README.split("## Install", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match is not None, "README: no sh block under ## Install"
    return match.group(1)


def test_the_distribution_name_is_not_the_vendors() -> None:
    """`timeback-caliper` on the package index is the vendor's client; ours must differ."""
    assert "caliper-timeback-client" == PROJECT["name"]
    assert "timeback-caliper" not in re.findall(r"pip install '?([\w.-]+)", _install_block())


def test_the_readme_install_lines_match_the_wheel_we_build(tmp_path: pathlib.Path) -> None:
    """The wheel the README names is the one `pip wheel` makes, with both extras and the CLI."""
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index"),
            *("--no-build-isolation", "--disable-pip-version-check", "-w", str(tmp_path)),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = f"caliper_timeback_client-{__version__}.dist-info"
        metadata = email.parser.Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        packages = {name.split("/", 1)[0] for name in archive.namelist()}
        names = set(archive.namelist())

    block = _install_block()
    assert f"dist/{wheel.name}[sandbox,cli]" in block
    assert "pip install '.[sandbox,cli]'" in block
    assert PROJECT["name"] == metadata["Name"]
    assert {"sandbox", "cli"} <= set(metadata.get_all("Provides-Extra") or [])
    assert "timeback-caliper = timeback_caliper.cli:main" in entry_points
    assert {"timeback_caliper", "timeback_caliper_api"} <= packages
    inspector = {f"timeback_caliper/sandbox/inspector/{f}" for f in ("index.html",)}
    inspector |= {f"timeback_caliper/sandbox/inspector/inspector.{x}" for x in ("js", "css")}
    assert inspector <= names  # the page ships inside the package
