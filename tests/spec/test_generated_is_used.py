"""Regeneration stays honest: every generated operation and query parameter is used by the
handwritten layer, or is on the allow-list below with the reason it is not.

After an API change adds an operation or a parameter, this test names it until someone
wires it into the client (or says here why not), so a regeneration cannot silently leave
new API surface out of reach.
"""

from __future__ import annotations

import ast
import io
import tokenize

import pytest

from tests.spec_tools import ROOT

API = ROOT / "generated" / "timeback_caliper_api" / "api"
HANDWRITTEN = ROOT / "timeback_caliper"
# The sandbox and the command line are not clients of the generated package (the sandbox
# even has handlers named like the operations): only the client's own code counts.
NOT_CLIENT = {"_sync", "sandbox", "cli"}

# "operation" or "operation.parameter" -> why no handwritten code uses it. Keep it short.
# X-Request-ID is documented on every operation, but the transport stamps it on every
# request itself (one id per logical call, kept across retries).
_STAMPED = "the transport sets X-Request-ID on every request"
ALLOWED_UNUSED: dict[str, str] = {
    "get_event.x_request_id": _STAMPED,
    "list_events.x_request_id": _STAMPED,
    "send_events.x_request_id": _STAMPED,
    "validate_events.x_request_id": _STAMPED,
    "get_job_status.x_request_id": _STAMPED,
    "send_events_learn_with_ai.x_request_id": _STAMPED,
}


def _operations() -> dict[str, list[str]]:
    """Each generated endpoint module, with the keyword parameters of its request."""
    found = {}
    for module in sorted(API.glob("*/*.py")):
        if module.name == "__init__.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        (kwargs,) = [
            n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_get_kwargs"
        ]
        found[module.stem] = [a.arg for a in kwargs.args.kwonlyargs if a.arg != "body"]
    return found


def _handwritten_words() -> set[str]:
    """Every name and every string's words in the client's handwritten code (not the sync
    twins, generated from the async sources; not the sandbox or the command line)."""
    words: set[str] = set()
    for path in HANDWRITTEN.rglob("*.py"):
        if NOT_CLIENT & set(path.relative_to(HANDWRITTEN).parts):
            continue
        text = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                words.add(token.string)
            elif token.type == tokenize.STRING:
                words.update(w.strip("\"'") for w in token.string.split())
    return words


OPERATIONS = _operations()
WORDS = _handwritten_words()


def test_the_generated_api_has_operations() -> None:
    """The scan finds the operations (an empty scan would pass everything below)."""
    assert {"send_events", "list_events", "get_job_status"} <= set(OPERATIONS)
    assert "actor_email" in OPERATIONS["list_events"]


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_generated_operation_is_used(operation: str) -> None:
    """An operation no handwritten module imports must be on ALLOWED_UNUSED, with why."""
    assert operation in WORDS or operation in ALLOWED_UNUSED, (
        f"generated operation {operation} is used by no handwritten code: wire it into the "
        "client, or add it to ALLOWED_UNUSED with the reason"
    )


@pytest.mark.parametrize(
    ("operation", "parameter"),
    [(op, p) for op, params in sorted(OPERATIONS.items()) for p in params],
)
def test_every_generated_query_parameter_is_used(operation: str, parameter: str) -> None:
    """A request parameter no handwritten code names must be on ALLOWED_UNUSED, with why."""
    key = f"{operation}.{parameter}"
    assert parameter in WORDS or key in ALLOWED_UNUSED, (
        f"parameter {parameter} of {operation} is used by no handwritten code: wire it into "
        f"the client, or add {key!r} to ALLOWED_UNUSED with the reason"
    )


def test_the_allow_list_holds_only_what_is_unused() -> None:
    """An allow-list entry that is used (or no longer generated) is stale: remove it."""
    stale = []
    for key in ALLOWED_UNUSED:
        operation, _, parameter = key.partition(".")
        if operation not in OPERATIONS or (parameter and parameter not in OPERATIONS[operation]):
            stale.append(f"{key}: not generated")
        elif (parameter or operation) in WORDS:
            stale.append(f"{key}: used")

    assert [] == stale
