"""Code written for the vendor's client (timeback-caliper 0.4.0) runs here: its module
paths, and where each of its names lives in ours. One table, read by the import system, by
`tests/test_vendor_compat.py` and by the migration guide.

The vendor's docstrings tell users to import from `timeback_caliper.types.timeback`,
`.resources.events`, `.lib.pagination`, ... Those modules are made on first import from
`MODULES` (a finder on `sys.meta_path`, installed by `timeback_caliper/__init__.py`):
each name resolves, when first read, to our object of that name (`OURS` renames the few
that differ). Nothing here is imported until such an import happens.
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

# Vendor module -> the public names it has (those we serve).
_TIMEBACK = [
    "ActivityCompletedEvent",
    "ActivityCompletedInput",
    "AssessmentItemEvent",
    "QuestionAnsweredInput",
    "QuestionGradeEvent",
    "QuestionGradedInput",
    "QuestionObjectInput",
    "QuestionSeenInput",
    "ResponseGeneratedInput",
    "ScoreGeneratedInput",
    "TimeSpentEvent",
    "TimeSpentInput",
    "TimeSpentMetric",
    "TimebackActivity",
    "TimebackActivityContext",
    "TimebackActivityMetric",
    "TimebackActivityMetricsCollection",
    "TimebackApp",
    "TimebackCourse",
    "TimebackTimeSpentMetricsCollection",
    "TimebackUser",
]
_API = [
    "CaliperEnvelope",
    "EventResult",
    "JobReturnValue",
    "JobStatus",
    "ListEventsResult",
    "Pagination",
    "SendEventsResult",
    "StoredEvent",
    "ValidationResult",
]
_CLIENT_TYPES = ["Environment"]
_FACTORIES = [
    "create_activity_event",
    "create_question_answered_event",
    "create_question_graded_event",
    "create_question_seen_event",
    "create_time_spent_event",
]
MODULES: dict[str, list[str]] = {
    "timeback_caliper.client": ["CaliperClient", "EventsResource", "JobsResource"],
    "timeback_caliper.constants": ["CALIPER_DATA_VERSION", "QUESTION_RESULT_SCORE_TYPE"],
    "timeback_caliper.event_factories": _FACTORIES,
    "timeback_caliper.lib": ["PageResult", "Paginator"],
    "timeback_caliper.lib.pagination": ["PageResult", "Paginator"],
    "timeback_caliper.lib.transport": [],
    "timeback_caliper.resources": [],
    "timeback_caliper.resources.events": [
        "CaliperEnvelope",
        "EventsResource",
        "ListEventsResult",
        "Pagination",
        "Paginator",
        "SendEventsResult",
        "StoredEvent",
        "UnsupportedOperationError",
        "ValidationResult",
        *_FACTORIES,
    ],
    "timeback_caliper.resources.jobs": [
        "JobFailedError",
        "JobStatus",
        "JobsResource",
        "UnsupportedOperationError",
    ],
    "timeback_caliper.types.timeback": _TIMEBACK,
    "timeback_caliper.types.api": _API,
    "timeback_caliper.types.client": _CLIENT_TYPES,
}
# Packages among them (they hold the others).
PACKAGES = frozenset({"timeback_caliper.lib", "timeback_caliper.resources"})
# Our modules that are also vendor modules, and the vendor names they answer besides
# their own: read through their module `__getattr__`.
SHARED: dict[str, list[str]] = {
    "timeback_caliper.types": [
        *_TIMEBACK,
        *_API,
        *_CLIENT_TYPES,
        "ActivityMetricType",
        "TimeSpentMetricType",
        "TimebackEvent",
        "TimebackSubject",
        "TimebackUserRole",
    ],
    "timeback_caliper.exceptions": ["APIError", "TimebackError", "ValidationIssue"],
}
# Vendor name -> "module:name" of ours, where it is not the top-level name itself: the
# vendor's names of our classes, then the vendor's classes and where they live here.
OURS = {
    "APIError": "timeback_caliper.exceptions:ApiError",
    "TimebackError": "timeback_caliper.exceptions:CaliperError",
    "ValidationIssue": "timeback_caliper._core.validation:Issue",
    "SendEventsResult": "timeback_caliper.types:SendResult",
    "EventResult": "timeback_caliper.types:AllocatedEvent",
    "ListEventsResult": "timeback_caliper.types:EventsPage",
    "EventsResource": "timeback_caliper._async.events:AsyncEvents",
    "JobsResource": "timeback_caliper._async.jobs:AsyncJobs",
    "Paginator": "timeback_caliper._async.events:AsyncEventStream",
    "PageResult": "timeback_caliper.types:EventsPage",
    "Environment": "timeback_caliper._config:Environment",
}


# Where what is served here behaves otherwise, on purpose, and why (with NOT_SERVED: the
# migration guide's table of differences).
DIFFERENT = {
    "errors": "8-character X-Request-ID there; a full uuid4 here (or the caller's own, given "
    "as x_request_id=)",
    "validate": "a 400 is a ValidationResult with the server's issues, not an error; an "
    "envelope the client's own checks refuse is answered without a request",
    "wait_for_completion": "a job state it does not know is polled through, not a crash; "
    "one deadline counts the polls' own time",
    "undeclared fields": "every entity here keeps the keywords its schema does not declare, "
    "in extra, and sends them (the vendor's TimebackApp, TimebackCourse, TimebackActivity and "
    "metrics drop them); the schemas allow other properties",
    "TimeSpentMetric.wire": "subType, startDate and endDate go out in camelCase (the vendor's "
    "snake_case was dropped by the server)",
    "question entities": "the AssessmentItem, Response and Score carry @context, the Score "
    "scoredBy, and no scoreType (a LEARNWITH_AI field the BEYOND_AI Score does not define)",
    "ValidationResult.errors": "each issue is an ErrorIssue (issue.path, issue.message), "
    "which also reads as the vendor's dict does (issue['path'], issue['message'])",
}

# What of the vendor's package is not served here, on purpose, and why (the migration
# guide's table of differences is written from it; tests/test_vendor_compat.py holds both).
NOT_SERVED = {
    "timeback_caliper.lib.testing": "the vendor's own test helpers: they need a package it "
    "does not publish, and fail to import there too",
    "timeback_caliper.resources.event_transformers": "its LEARNWITH_AI payload rewriting; here "
    "a LEARNWITH_AI client rewrites what it sends itself, with no hook to replace",
    "resolve_event_transformer": "the same rewriting's lookup",
    "CaliperTransportLike": "the typing protocol of its transport; ours is `client.transport`",
    "PaginatedTransportProtocol": "the same, for paging",
    "PaginatedResponse": "its transport's page type; pages here are `EventsPage`",
    "Transport": "its HTTP layer; ours is `client.transport`, and `client.request()` sends "
    "any request with the client's auth, retries and deadline",
    "EnvAuth": "a part of `CaliperClientConfig`",
    "ExplicitAuth": "a part of `CaliperClientConfig`",
    "CaliperClientConfig": "its settings model; here settings are the client's keywords "
    "(the same names), resolved into `ClientConfig`",
    "EventsResource.__init__": "made by the client (`client.events`), from its transport",
    "Paginator.__init__": "made by `client.events.stream()`, from its transport",
    "CaliperClient.provider": "a `TimebackProvider`, the shared-auth object its unified "
    "client (timeback-core) makes; that client depends on the vendor's distribution "
    "timeback-caliper, which pip would install over ours. Pass the same settings as keywords",
}


def lookup(module: str, name: str) -> Any:
    """`module.name` as the vendor's code reads it; AttributeError as any module's."""
    names = MODULES.get(module) or SHARED.get(module, [])
    if name not in names:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    where, _, attribute = OURS.get(name, f"timeback_caliper:{name}").partition(":")
    return getattr(importlib.import_module(where), attribute)


class _VendorModules:
    """A meta path finder and loader for the vendor module paths we do not have as files."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        if fullname not in MODULES:
            return None
        return ModuleSpec(fullname, self, is_package=fullname in PACKAGES)  # type: ignore[arg-type]

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        name = module.__name__
        module.__all__ = list(MODULES[name])  # type: ignore[attr-defined]
        module.__getattr__ = lambda attribute: lookup(name, attribute)  # type: ignore[method-assign]
        module.__dir__ = lambda: list(MODULES[name])  # type: ignore[method-assign]
        if name in PACKAGES:
            module.__path__ = []


FINDER = _VendorModules()


def install() -> None:
    """Make the vendor module paths importable (once per process)."""
    if FINDER not in sys.meta_path:
        sys.meta_path.append(FINDER)
