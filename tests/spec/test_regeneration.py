"""An API change reaches users of both clients by `./codegen.sh` alone, with no handwritten
line: in a scratch copy of the project, the spec gets (a) a new optional field in the stored
event, (b) a new query parameter of the list operation, (c) a new operation that answers
204; after regeneration the handwritten package is byte for byte what it was, lint and
`mypy --strict` pass, and a script drives each change through `SyncCaliperClient` and
`CaliperClient` against a recording transport.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.spec_tools import ROOT

BIN = Path(sys.executable).parent
COPIED = ["openapi", "templates", "scripts", "timeback_caliper", "tests/_async", "tests/_sync"]
COPIED_FILES = ["codegen.sh", "pyproject.toml"]

# Runs in the scratch copy: each change, through both clients.
DRIVE = r"""
import asyncio, json
import httpx
from timeback_caliper import CaliperClient, SyncCaliperClient

EVENT = {"id": 7, "externalId": "urn:uuid:1", "sensor": "s", "type": "NavigationEvent",
         "action": "NavigatedTo", "eventTime": "t", "sendTime": "t", "created_at": "t",
         "labels": ["new", "field"]}
seen = []

def handler(request):
    if request.url.path.endswith("/token"):
        return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
    seen.append([request.method, request.url.path, dict(request.url.params)])
    if request.method == "DELETE":
        return httpx.Response(204)
    if request.url.path == "/caliper/events":
        return httpx.Response(200, json={"events": [EVENT], "pagination": {"total": 1}})
    return httpx.Response(200, json={"event": EVENT})

settings = {"base_url": "http://api.test", "auth_url": "http://api.test/token",
            "client_id": "i", "client_secret": "s"}
out = {}
with SyncCaliperClient(**settings, transport=httpx.MockTransport(handler)) as client:
    out["sync"] = [
        client.events.get("urn:uuid:1").labels,
        [e.labels for e in client.events.list(label="x").events],
        client.events.list_events(label="y").events[0].labels,
        client.events.delete_event("urn:uuid:1"),
    ]

async def main():
    async with CaliperClient(**settings, transport=httpx.MockTransport(handler)) as client:
        got = await client.events.get("urn:uuid:1")
        page = await client.events.list(label="x")
        return [
            got.labels,
            [e.labels for e in page.events],
            (await client.events.list_events(label="y")).events[0].labels,
            await client.events.delete_event("urn:uuid:1"),
        ]

out["async"] = asyncio.run(main())
out["requests"] = seen
print(json.dumps(out))
"""


def _changed_spec(path: Path) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    schemas["StoredEvent"]["properties"]["labels"] = {"type": "array", "items": {"type": "string"}}
    listing = spec["paths"]["/caliper/events"]["get"]
    listing["parameters"].append(
        {"name": "label", "in": "query", "schema": {"type": "string", "minLength": 1}}
    )
    one = spec["paths"]["/caliper/events/{externalId}"]
    one["delete"] = {
        "operationId": "deleteEvent",
        "tags": ["events"],
        "summary": "Delete one stored event",
        "parameters": list(one["get"]["parameters"]),
        "responses": {"204": {"description": "Deleted."}},
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _run(args: list[str], cwd: Path, **env: str) -> str:
    done = subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == done.returncode, done.stdout + done.stderr
    return done.stdout


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ, or are only on one side (caches left out)."""
    compared = filecmp.dircmp(a, b, ignore=["__pycache__", ".mypy_cache", ".ruff_cache"])
    found = [*compared.left_only, *compared.right_only, *compared.diff_files]
    for name in compared.subdirs:
        found += [f"{name}/{f}" for f in _same_tree(a / name, b / name)]
    return found


def test_three_api_changes_reach_both_clients_with_no_handwritten_line(tmp_path: Path) -> None:
    scratch = tmp_path / "project"
    for folder in COPIED:
        shutil.copytree(
            ROOT / folder, scratch / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in COPIED_FILES:
        shutil.copy2(ROOT / name, scratch / name)
    _changed_spec(scratch / "openapi" / "caliper.yaml")

    _run(["./codegen.sh"], scratch, VENV=str(BIN.parent))

    assert [] == _same_tree(ROOT / "timeback_caliper", scratch / "timeback_caliper")
    _run([str(BIN / "ruff"), "check", "timeback_caliper"], scratch)
    _run([str(BIN / "mypy"), "--strict", "generated/timeback_caliper_api"], scratch)
    _run([str(BIN / "mypy"), "timeback_caliper"], scratch, MYPYPATH="generated")
    paths = os.pathsep.join([str(scratch), str(scratch / "generated")])
    seen = json.loads(_run([sys.executable, "-c", DRIVE], tmp_path, PYTHONPATH=paths))

    labels = ["new", "field"]
    for flavour in ("sync", "async"):
        assert [labels, [labels], labels, None] == seen[flavour], flavour
    assert [
        ["GET", "/caliper/events/urn:uuid:1", {}],
        ["GET", "/caliper/events", {"limit": "100", "offset": "0", "label": "x"}],
        ["GET", "/caliper/events", {"limit": "100", "offset": "0", "label": "y"}],
        ["DELETE", "/caliper/events/urn:uuid:1", {}],
    ] * 2 == seen["requests"]
