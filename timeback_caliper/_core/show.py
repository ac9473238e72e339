"""How a caller's value appears in an error message: short, and safe whatever it is.

`repr()` of a hostile value can fail (an integer of more than 4,300 digits raises
ValueError, a structure nested a thousand levels deep raises RecursionError) or run to
megabytes (a string of 100,000 characters). Every message that quotes a value the caller
gave quotes it through `show()`.
"""

from __future__ import annotations

import reprlib
from typing import Any

_BIG_INT_BITS = 256  # beyond this, an integer is described, not written out


class _Short(reprlib.Repr):
    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = 60
        self.maxother = 60
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 5

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > _BIG_INT_BITS:
            return f"<an integer of about {int(x.bit_length() * 0.30103) + 1} digits>"
        return super().repr_int(x, level)


_SHORT = _Short()


def show(value: Any) -> str:
    """A readable, bounded `repr` of `value` (never raises)."""
    try:
        return _SHORT.repr(value)
    except Exception:  # a __repr__ of the caller's that fails, or worse
        return f"<a {type(value).__name__}>"


def wire_text_problem(value: str, *, max_length: int) -> str | None:
    """Why a string cannot go into a URL or a header as given (None: it can)."""
    if len(value) > max_length:
        return f"is {len(value)} characters long; at most {max_length} are accepted"
    return unicode_problem(value)


def unicode_problem(value: str) -> str | None:
    """Why a string cannot be written as UTF-8 (a lone surrogate), or None."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds a lone surrogate (U+{ord(value[exc.start]):04X}), which is not Unicode text"
    return None
