"""Caliper 1.2 and Timeback profile validation: one rule set for the client, the sender, the
command line and the sandbox. The rules live in `timeback_caliper._core.validation`."""

from timeback_caliper._core.validation import Issue, json_issues, validate_envelope, validate_event

__all__ = ["Issue", "json_issues", "validate_envelope", "validate_event"]
