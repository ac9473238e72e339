"""Run the Python snippets of the vendor's documentation page (a copy: vendor-docs-page.md
beside this file), in order, in one namespace and one event loop, as a reader pasting them
into `python -m asyncio` would. Runs on our package (tests/test_vendor_docs.py) and on the
vendor's (in `.venv-vendor`), pointed at the sandbox by TIMEBACK_API_*; prints one JSON
object with what it saw.

The code of each snippet runs as printed. What the page leaves to the reader is filled in,
and only that: `import os` (the quick start uses `os` without importing it), the names it
never defines (`sensor_url`, `activity_data`, `job_id`, `external_id`), and the values of
the `...` placeholder arguments (`limit=...` gets `FILL["limit"]`). On the vendor's client
(DOCS_PAGE_VENDOR=1) the quick start's `env="staging"` is dropped too: with `env=` given it
goes to staging whatever its TIMEBACK_API_* variables say, where ours lets them win.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import pathlib
import re
import sys
import textwrap
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).parents[1]))  # the runner of our docs pages
from docs_runner import run_python  # noqa: E402

PAGE = pathlib.Path(__file__).with_name("vendor-docs-page.md")
BLOCK = re.compile(r"^( *)```python[^\n]*\n(.*?)^\1```", re.DOTALL | re.MULTILINE)
SENSOR = os.environ.get("DOCS_PAGE_SENSOR", "https://myapp.example.com/sensors/docs-page")
VENDOR = os.environ.get("DOCS_PAGE_VENDOR") == "1"

# The `...` arguments of the page's calls, by keyword.
FILL: dict[str, object] = {
    "limit": 10,
    "offset": 0,
    "sensor": SENSOR,
    "actor_id": "https://api.example.com/users/123",
    "start_date": "2020-01-01",
    "end_date": "2999-01-01",
    "max_items": 5,
}
# Before the snippet at this index: the names it uses that the page never defines.
PREFACE = {
    0: "import os",
    1: f"sensor_url = {SENSOR!r}",
    3: (
        "activity_data = ActivityCompletedInput(\n"
        "    actor={'id': 'https://api.example.com/users/123', 'type': 'TimebackUser',"
        " 'email': 'student@example.edu'},\n"
        "    object={'id': 'https://myapp.example.com/activities/lesson-2',"
        " 'type': 'TimebackActivityContext', 'subject': 'Math', 'app': {'name': 'My App'}},\n"
        "    metrics=[{'type': 'xpEarned', 'value': 10}],\n"
        ")\n"
        "job_id = result.job_id"
    ),
    4: "external_id = status.return_value.results[0].external_id",
}


def snippets() -> list[tuple[int, str]]:
    """(line of the fence, code) of each Python block of the page."""
    text = PAGE.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, textwrap.dedent(m[2]))
        for m in BLOCK.finditer(text)
    ]


class _FillPlaceholders(ast.NodeTransformer):
    def visit_keyword(self, node: ast.keyword) -> ast.keyword | None:
        if isinstance(node.value, ast.Constant) and node.value.value is Ellipsis:
            node.value = ast.Constant(FILL[str(node.arg)])
        if VENDOR and node.arg == "env":
            return None
        return node


def _compiled(code: str, where: str) -> Any:
    tree = ast.fix_missing_locations(_FillPlaceholders().visit(ast.parse(code)))
    return compile(tree, where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def main() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__page__"}
    ran: list[int] = []
    with asyncio.Runner() as runner:
        for index, (line, code) in enumerate(snippets()):
            for part, where in ((PREFACE.get(index, ""), "preface"), (code, f"page:{line}")):
                run_python(_compiled(part, where), namespace, runner)
            ran.append(line)
        runner.run(namespace["client"].close())
    status = namespace["status"]
    return {
        "ran": ran,
        "state": str(getattr(status.state, "value", status.state)),
        "stored": len(status.return_value.results),
        "module": namespace["CaliperClient"].__module__,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.exit(0)
