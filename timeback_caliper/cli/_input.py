"""Reading events from files: JSON or JSON Lines, gzip or not, a path or `-` for stdin.

A JSON Lines file is read one line at a time, so memory does not grow with the file, and a
line that is not JSON does not stop the lines after it from being read. A file whose first
non-blank character is `[` (a JSON array), or whose first line is the start of one JSON
document spread over several lines, is read whole. Each line (or array element) is an
event, or an envelope whose `data` are events. Line numbers are those of the file, also for
the elements of a pretty-printed array.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from operator import itemgetter
from typing import IO, Any, TypeVar, cast

from attrs import frozen

from timeback_caliper._core.vocabulary import DATA_VERSION
from timeback_caliper.types import StoredEvent, is_stored_event
from timeback_caliper.validation import Issue, Level, validate_envelope, validate_event

T = TypeVar("T")


class InputFileError(Exception):
    """A problem with an input file, located by file and line."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


@frozen
class Source:
    """A file to read, and the name messages give it (`<stdin>` for `-`)."""

    path: str
    name: str


@frozen
class Record:
    """One event read from a file, with where it came from and the sensor it goes to."""

    where: str
    sensor: str | None
    event: Any


@contextlib.contextmanager
def open_sources(paths: list[str], *, two_passes: bool) -> Iterator[list[Source]]:
    """The files to read, checked to exist. Stdin read twice (check, then send) is copied
    to a temporary file first, removed when the context ends."""
    with contextlib.ExitStack() as stack:
        sources = []
        for path in paths:
            if path != "-":
                if os.path.isdir(path):
                    raise InputFileError(path, "is a directory")
                if not os.path.exists(path):
                    raise InputFileError(path, "does not exist")
                sources.append(Source(path, path))
            elif two_passes:
                sources.append(Source(stack.enter_context(_stdin_copy()), "<stdin>"))
            else:
                sources.append(Source("-", "<stdin>"))
        yield sources


@contextlib.contextmanager
def _stdin_copy() -> Iterator[str]:
    handle = tempfile.NamedTemporaryFile(prefix="timeback-caliper-stdin-", delete=False)  # noqa: SIM115
    try:
        with handle, _open("-") as source:
            shutil.copyfileobj(source, handle)
        yield handle.name
    finally:
        os.unlink(handle.name)


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


# -- parsing ----------------------------------------------------------------------------------


def documents(source: Source) -> Iterator[tuple[int, Any]]:
    """(line, parsed JSON) for each line of a JSON Lines file, each element of a JSON array,
    or the one JSON document of a JSON file. A JSON Lines line that does not parse comes
    as an `InputFileError` in place of the document; a file that cannot be read raises.
    A line of `events export` (a stored event) comes as the envelope it was sent in."""
    try:
        with _open(source.path) as stream:
            for line, document in _parse(stream, source.name):
                yield line, _as_sent(document) if is_stored_event(document) else document
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, truncated or corrupt gzip
        raise InputFileError(source.name, f"cannot be read: {exc}") from None


def _finite(text: str) -> float:
    """A JSON number as a float; one too large for a float (1e400) is refused here, as
    the client, the senders and the sandbox refuse it, instead of read as infinity."""
    value = float(text)
    if value in (_INF, -_INF):
        raise ValueError(f"the number {text[:40]} is too large for JSON readers (not finite)")
    return value


def _no_constant(text: str) -> float:
    raise ValueError(f"{text} is not a JSON number")


_INF = float("inf")
_DECODER = json.JSONDecoder(parse_float=_finite, parse_constant=_no_constant)


def _loads(data: bytes | str) -> Any:
    """`json.loads`, with numbers that must be finite (see `_finite`)."""
    if isinstance(data, bytes):  # as json.loads reads bytes
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    return _DECODER.decode(data)


def _parse(stream: IO[bytes], name: str) -> Iterator[tuple[int, Any]]:
    number = 0
    for first in stream:
        number += 1
        if not first.isspace():
            break
    else:
        return  # no events
    head = first.lstrip().removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"["):
        yield from _array(first + stream.read(), name, number)
        return
    try:
        yield number, _loads(first)
    except ValueError as exc:
        if not head.startswith(b"{"):
            yield number, _bad_line(name, number, exc)
        else:
            rest = stream.read()
            try:
                yield number, _loads(first + rest)  # one document over several lines
                return
            except ValueError:
                yield number, _bad_line(name, number, exc)  # JSON Lines, first line broken
                yield from _lines(io.BytesIO(rest), name, number + 1)
        return
    yield from _lines(stream, name, number + 1)


def _lines(stream: Iterable[bytes], name: str, number: int) -> Iterator[tuple[int, Any]]:
    loads = _loads
    for line in stream:
        if not line.isspace():  # (not strip(): that copies every line)
            try:
                yield number, loads(line)
            except ValueError as exc:
                yield number, _bad_line(name, number, exc)
        number += 1


def _bad_line(name: str, number: int, exc: ValueError) -> InputFileError:
    return InputFileError(f"{name}:{number}", _not_json(exc, line=True))


def _not_json(exc: ValueError, *, line: bool = False) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"is not UTF-8 text (byte {exc.object[exc.start]:#04x} at column {exc.start + 1})"
    if not isinstance(exc, json.JSONDecodeError):
        return f"is not valid JSON: {exc}"
    where = f"column {exc.pos + 1}" if line else f"line {exc.lineno}, column {exc.colno}"
    return f"is not valid JSON: {exc.msg} ({where})"


_SPACE = re.compile(r"\s*")


def _array(data: bytes, name: str, first_line: int) -> Iterator[tuple[int, Any]]:
    """The elements of a JSON array, each with the file line it starts on."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(name, _not_json(exc)) from None
    decoder = _DECODER
    counted, line = 0, first_line

    def line_at(pos: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, pos)
        counted = pos
        return line

    pos = _SPACE.match(text, text.index("[") + 1).end()  # type: ignore[union-attr]
    closed = text.startswith("]", pos)
    while not closed:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputFileError(f"{name}:{line_at(exc.pos)}", _not_json(exc, line=True)) from None
        yield line_at(pos), value
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        elif text.startswith("]", pos):
            closed = True
        else:
            raise InputFileError(f"{name}:{line_at(pos)}", "is not valid JSON: expected , or ]")
    if text[pos + 1 :].strip():
        raise InputFileError(f"{name}:{line_at(pos)}", "is not valid JSON: text after the array")


def _as_sent(record: Mapping[str, Any]) -> dict[str, Any]:
    stored = StoredEvent.from_dict(record)
    return {
        "sensor": stored.sensor,
        "sendTime": stored.send_time,
        "dataVersion": DATA_VERSION,
        "data": [stored.to_caliper()],
    }


def is_envelope(document: object) -> bool:
    return (
        isinstance(document, Mapping)
        and "data" in document
        and ("dataVersion" in document or "sensor" in document)
    )


# -- events -----------------------------------------------------------------------------------


def records(sources: list[Source], default_sensor: str | None) -> Iterator[Record]:
    """Every event of the files, in order; an envelope gives its events with its sensor.
    The first line that is not JSON raises its `InputFileError`."""
    for source in sources:
        for line, document in documents(source):
            if isinstance(document, InputFileError):
                raise document
            where = f"{source.name}:{line}"
            if is_envelope(document):
                sensor = document.get("sensor")
                for item in document.get("data") or []:
                    yield Record(where, sensor if isinstance(sensor, str) else None, item)
            else:
                yield Record(where, default_sensor, document)


class SeenIds:
    """The event ids met so far, to send each once: kept exactly, in a private temporary
    SQLite database that spills to disk, so memory stays flat however long the input."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -8000"):
            self._db.execute(f"PRAGMA {pragma}")  # scratch data: speed, 8 MB of cache at most
        self._db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, at TEXT) WITHOUT ROWID")
        self.repeats = 0
        self.first_repeat: str | None = None  # "FILE:LINE repeats the id of FILE:LINE"

    def unique(
        self,
        items: Iterator[T],
        event: Callable[[T], Any],
        where: Callable[[T], str],
        *,
        keep_repeats: bool = False,
    ) -> Iterator[T]:
        """The items whose event's id was not met before (read ahead in chunks of 500);
        with `keep_repeats`, every item, the repeats only counted."""
        while chunk := list(islice(items, 500)):
            ids = [_id(event(item)) for item in chunk]
            wanted = [i for i in ids if i is not None]
            marks = ",".join("?" * len(wanted))
            query = f"SELECT id, at FROM seen WHERE id IN ({marks})"  # placeholders only
            known = dict(self._db.execute(query, wanted).fetchall())
            new: list[tuple[str, str]] = []
            for item, event_id in zip(chunk, ids, strict=True):
                if event_id is None:
                    yield item
                elif event_id in known:
                    self.repeats += 1
                    if self.first_repeat is None:
                        self.first_repeat = f"{where(item)} repeats the id of {known[event_id]}"
                    if keep_repeats:
                        yield item
                else:
                    known[event_id] = where(item)
                    new.append((event_id, known[event_id]))
                    yield item
            self._db.executemany("INSERT INTO seen VALUES (?, ?)", new)

    def close(self) -> None:
        self._db.close()


def _id(event: Any) -> str | None:
    event_id = event.get("id") if isinstance(event, dict) else None
    return event_id if isinstance(event_id, str) else None


Report = Callable[[str, Issue], None]


@frozen
class Checked:
    events: int
    repeats: int
    first_repeat: str | None


def check_files(
    sources: list[Source],
    default_sensor: str | None,
    report: Report,
    *,
    level: Level,
    need_sensor: bool = True,
) -> Checked:
    """Check every event of the files by the client's offline rules, in one pass; report each
    problem as (file:line, issue); count the events and those whose id repeats."""

    unsensored, first_unsensored = 0, ""  # events without a sensor; where the first is

    def events() -> Iterator[tuple[str, Any]]:
        nonlocal unsensored, first_unsensored
        for where, document in located(sources, report):
            if is_envelope(document):
                for issue in validate_envelope(document, level=level):
                    report(where, issue)
                data = document.get("data")
                for event in data if isinstance(data, list) else []:
                    yield where, event
            else:
                if need_sensor and default_sensor is None:
                    first_unsensored = first_unsensored or where
                    unsensored += 1
                for issue in validate_event(document, level=level):
                    report(where, issue)
                yield where, document

    seen = SeenIds()
    try:
        count = sum(1 for _ in seen.unique(events(), itemgetter(1), itemgetter(0)))
    finally:
        seen.close()
    if unsensored:  # one line for them all, not one per event
        report(first_unsensored, Issue("", no_sensor_message(unsensored), code="sensor"))
    return Checked(count + seen.repeats, seen.repeats, seen.first_repeat)


def no_sensor_message(events: int) -> str:
    many = "is an event" if events == 1 else f"and {events - 1:,} more are events"
    return (
        f"{many} without an envelope, and no --sensor was given: pass --sensor IRI (the IRI "
        "of the app that produced them), or give envelopes, which carry their sensor"
    )


def located(sources: list[Source], report: Report) -> Iterator[tuple[str, Any]]:
    """(file:line, document) from every file; what cannot be read is reported and skipped."""
    for source in sources:
        try:
            for line, document in documents(source):
                if isinstance(document, InputFileError):
                    _report_file_error(document, report)
                else:
                    yield f"{source.name}:{line}", document
        except InputFileError as exc:
            _report_file_error(exc, report)


def _report_file_error(exc: InputFileError, report: Report) -> None:
    report(exc.where, Issue("", exc.message, code="json"))
