"""Run the code blocks of one Markdown page, in order, as a reader would (used by
tests/test_docs.py: `python -m tests.docs_runner PAGE`, in a scratch directory, with the
sandbox's TIMEBACK_API_* in the environment).

```python blocks share one namespace and one event loop (top-level `await` allowed: an async
client made in one block is used in the next, as in `python -m asyncio`); ```console blocks run
their `$ ` commands in one bash script: each must exit 0 (or 1 where its comment says
"exits 1") and print no traceback; background jobs are stopped at the end of the block.
```sh blocks (installs, make targets) are not run.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

BLOCK = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(text: str) -> list[tuple[str, str, int]]:
    """(language, code, line of the fence) for each fenced block."""
    return [(m[1], m[2], text.count("\n", 0, m.start()) + 1) for m in BLOCK.finditer(text)]


def commands(console: str) -> list[str]:
    """The `$ ` commands of a console block, continuation lines joined."""
    found: list[str] = []
    joining = False
    for line in console.splitlines():
        if joining:
            found[-1] += "\n" + line
        elif line.startswith("$ "):
            found.append(line[2:])
        else:
            continue
        joining = line.rstrip().endswith("\\")
    return found


def run_console(console: str, where: str) -> None:
    script = ["trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT"]
    for command in commands(console):
        quoted = command.replace("'", "'\\''")
        allowed = 1 if "# exits 1" in command else 0
        script.append(
            f"{command}\nrc=$?; if [ $rc -ne {allowed} ] && [ $rc -ne 0 ]; then "
            f"echo 'exit '$rc' from: {quoted}' >&2; exit 99; fi"
        )
    done = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True, text=True)
    output = done.stdout + done.stderr
    if done.returncode != 0 or "Traceback" in output:
        raise SystemExit(f"{where}: console block failed ({done.returncode}):\n{output}")


def run_python(compiled: Any, namespace: dict[str, Any], runner: asyncio.Runner) -> None:
    """One compiled block (`ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`): awaited in the page's loop
    when it awaits, else executed."""
    if compiled.co_flags & inspect.CO_COROUTINE:
        runner.run(eval(compiled, namespace))
    else:
        exec(compiled, namespace)


def main(page: str) -> None:
    text = Path(page).read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    with asyncio.Runner() as runner:
        for language, code, line in blocks(text):
            where = f"{page}:{line}"
            if language == "python":
                compiled = compile(code, where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
                run_python(compiled, namespace, runner)
            elif language == "console":
                run_console(code, where)
            else:
                continue
            print(f"ran {language} block at {where}")


if __name__ == "__main__":
    main(sys.argv[1])
