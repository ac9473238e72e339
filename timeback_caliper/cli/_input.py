"""Reading events from files: JSON or JSON Lines, gzip or not, a path or `-` for stdin.

A JSON Lines file is read one line at a time, so memory does not grow with the file; a file
whose first character is `[` (a JSON array) or `{` spanning lines (one JSON document) is read
whole. Each line (or array element) is an event, or an envelope whose `data` are events.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, cast

from attrs import frozen

from timeback_caliper.validation import Issue, validate_envelope, validate_event


class InputFileError(Exception):
    """A problem with an input file, located by file and line."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


@frozen
class Record:
    """One event read from a file, with where it came from and the sensor it goes to."""

    file: str
    line: int
    sensor: str | None
    event: Any

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@contextlib.contextmanager
def _open(path: str) -> Iterator[IO[bytes]]:
    """The bytes of a file or of stdin, gunzipped if they start with gzip's magic number."""
    with contextlib.ExitStack() as stack:
        raw: io.BufferedReader = (
            sys.stdin.buffer  # type: ignore[assignment]
            if path == "-"
            else stack.enter_context(open(path, "rb"))
        )
        if raw.peek(2)[:2] == b"\x1f\x8b":
            yield cast(IO[bytes], stack.enter_context(gzip.GzipFile(fileobj=raw)))
        else:
            yield raw


def spool_stdin() -> str:
    """Copy stdin to a temporary file (kept until the process ends), for a second pass."""
    handle = tempfile.NamedTemporaryFile(prefix="timeback-caliper-stdin-", delete=False)  # noqa: SIM115
    with handle, _open("-") as source:
        shutil.copyfileobj(source, handle)
    return handle.name


def _documents(path: str) -> Iterator[tuple[int, Any]]:
    """(line, parsed JSON) for each line of a JSON Lines file, or each element of a JSON
    array / the one JSON document of a JSON file. A JSON Lines line that does not parse
    comes as an `InputFileError` in place of the document."""
    name = "<stdin>" if path == "-" else path
    with _open(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8")
        first = text.readline()
        stripped = first.lstrip()
        if stripped.startswith("["):
            try:
                documents = json.loads(first + text.read())
            except ValueError as exc:
                raise InputFileError(name, _not_json(exc)) from None
            if not isinstance(documents, list):
                raise InputFileError(
                    name, "a JSON file must hold an array, an event or an envelope"
                )
            for index, document in enumerate(documents):
                yield index + 1, document
            return
        line_number = 0
        line = first
        while line:
            line_number += 1
            if line.strip():
                try:
                    yield line_number, json.loads(line)
                except ValueError as exc:
                    if line_number == 1 and stripped.startswith("{"):
                        whole = first + text.read()  # a pretty-printed JSON document
                        try:
                            yield 1, json.loads(whole)
                        except ValueError as whole_exc:
                            raise InputFileError(name, _not_json(whole_exc)) from None
                        return
                    # Lines are independent: the caller decides whether to go on.
                    yield (
                        line_number,
                        InputFileError(f"{name}:{line_number}", _not_json(exc, line=True)),
                    )
            line = text.readline()


def _not_json(exc: ValueError, *, line: bool = False) -> str:
    if not isinstance(exc, json.JSONDecodeError):
        return f"is not valid JSON: {exc}"
    where = f"column {exc.pos + 1}" if line else f"line {exc.lineno}, column {exc.colno}"
    return f"is not valid JSON: {exc.msg} ({where})"


def is_envelope(document: object) -> bool:
    return (
        isinstance(document, Mapping)
        and "data" in document
        and ("dataVersion" in document or "sensor" in document)
    )


def records(paths: list[str], default_sensor: str | None) -> Iterator[Record]:
    """Every event of the files, in order; an envelope gives its events with its sensor."""
    for path in paths:
        name = "<stdin>" if path == "-" else path
        for line, document in _documents(path):
            if isinstance(document, InputFileError):
                raise document
            if is_envelope(document):
                sensor = document.get("sensor")
                for item in document.get("data") or []:
                    yield Record(name, line, sensor if isinstance(sensor, str) else None, item)
            else:
                yield Record(name, line, default_sensor, document)


def check_files(
    paths: list[str],
    default_sensor: str | None,
    report: Callable[[str, Issue], None],
    *,
    strict: bool,
    need_sensor: bool = True,
) -> int:
    """Check every event of the files by the client's offline rules, in one pass; report each
    problem as (file:line, issue); return how many events there are."""
    count = 0
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            for line, document in _documents(path):
                where = f"{name}:{line}"
                if isinstance(document, InputFileError):
                    _report_file_error(document, report)
                    continue
                if is_envelope(document):
                    data = document.get("data")
                    count += len(data) if isinstance(data, list) else 0
                    for issue in validate_envelope(document, strict=strict):
                        report(where, issue)
                    continue
                count += 1
                if need_sensor and default_sensor is None:
                    report(
                        where, Issue("", "is an event, but no --sensor was given", code="sensor")
                    )
                for issue in validate_event(document, strict=strict):
                    report(where, issue)
        except InputFileError as exc:
            _report_file_error(exc, report)
    return count


def _report_file_error(exc: InputFileError, report: Callable[[str, Issue], None]) -> None:
    report(exc.where, Issue("", exc.message, code="json"))
