"""Caliper 1.2 and Timeback profile validation: one rule set for the client, the sender, the
command line and the sandbox, at three levels ("off", "basic", "strict"). The rules live in
`timeback_caliper._core.validation`."""

from timeback_caliper._core.validation import (
    DEFAULT_LEVEL,
    LEVELS,
    Issue,
    Level,
    errors_of,
    json_issues,
    validate_envelope,
    validate_event,
    warnings_of,
)

__all__ = [
    "DEFAULT_LEVEL",
    "LEVELS",
    "Issue",
    "Level",
    "errors_of",
    "json_issues",
    "validate_envelope",
    "validate_event",
    "warnings_of",
]
