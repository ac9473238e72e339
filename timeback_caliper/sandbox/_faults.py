"""Fault injection: which fault, if any, a request to a route meets.

Faults are configured per route, as probabilities drawn from a seeded generator and/or as a
plan (a fixed sequence consumed one request at a time, then falling back to the
probabilities). The same configuration is written three ways, all parsed here:

- flags and strings: `send:503@0.2`, `send:429:0@0.1` (Retry-After 0), `*:latency:0.2@0.5`,
  and plans such as `send:503,429:0,ok,drop`;
- JSON (admin endpoint, `--faults-file`): `{"seed": 7, "rules": ["send:503@0.2"],
  "plans": {"send": ["503", "ok"]}}` (or `"plans": ["send:503,ok"]`);
- Python: `sandbox.faults.add("send", "503", 0.2)`, `sandbox.faults.plan("send", ["503"])`.

A rule may apply only to requests whose body contains a text: `send:500~poison` (Python:
`add("send", "500", match="poison")`), an API that always fails on one bad event: the
poison batch a sender must get around. Such rules take error replies only.

Kinds: `429`, `500`, `502`, `503`, `504` (an error reply; the parameter of 429 and 503 is
the Retry-After in seconds, or with a `d` suffix (`429:2d`) as an HTTP date that far
ahead), `latency` (parameter: seconds added before the reply; every parameter is at most
MAX_SECONDS, a day), `drop`
(the request is read but not handled; the reply's headers go out, then the connection is
closed in order before the body: every time, the client sees an incomplete reply, which
httpx raises as `RemoteProtocolError`), `drop-after` (handled, stored, then dropped the
same way: the client cannot know it succeeded), `revoke` and `expire` (the request's
bearer token is revoked or expires early: 401), `fail` (the send is accepted but its job
fails), `delayed` (a job status reply shows the BullMQ state `delayed`, which the API's
documents do not list), and `ok` (plans only).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from email.utils import formatdate
from typing import Any, TypeVar

from attrs import frozen

from timeback_caliper._core.show import show
from timeback_caliper._core.validation import Issue

ROUTES = ("token", "send", "validate", "list", "get", "job", "lwai")
STATUS_KINDS = {"429": 429, "500": 500, "502": 502, "503": 503, "504": 504}
KINDS = (*STATUS_KINDS, "latency", "drop", "drop-after", "revoke", "expire", "fail", "delayed")
_DEFAULT_RETRY_AFTER = 1.0
# **[decided]** A latency or a Retry-After is at most a day: no fault may hold a request
# for ever (`latency:inf`), nor ask for a date no clock can write (`429:1e308d`).
MAX_SECONDS = 86_400


@frozen
class Fault:
    kind: str
    param: float | None = None
    http_date: bool = False  # Retry-After as an HTTP date (`429:2d`) instead of seconds

    @classmethod
    def parse(cls, text: str, *, allow_ok: bool = False) -> Fault:
        kind, _, param = text.strip().partition(":")
        if kind not in KINDS and not (allow_ok and kind == "ok"):
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
        if not param:
            if kind == "latency":
                raise ValueError("latency needs seconds, as in latency:0.5")
            return cls(kind)
        if kind not in ("latency", "429", "503"):
            raise ValueError(f"fault {kind!r} takes no parameter")
        http_date = kind != "latency" and param.endswith("d")
        try:
            value = float(param.removesuffix("d") if http_date else param)
        except ValueError:
            value = -1.0
        if not 0 <= value <= MAX_SECONDS:  # NaN and inf included
            raise ValueError(
                f"the parameter of {kind} must be seconds from 0 to {MAX_SECONDS:,},"
                f" got {show(param)}"
            )
        return cls(kind, value, http_date)

    @property
    def status(self) -> int | None:
        return STATUS_KINDS.get(self.kind)

    @property
    def retry_after(self) -> str | None:
        if self.kind not in ("429", "503"):
            return None
        seconds = _DEFAULT_RETRY_AFTER if self.param is None else self.param
        if self.http_date:
            return formatdate(time.time() + seconds, usegmt=True)
        return str(int(seconds)) if float(seconds).is_integer() else str(seconds)

    def __str__(self) -> str:
        if self.param is None:
            return self.kind
        value = int(self.param) if self.param.is_integer() else self.param
        return f"{self.kind}:{value}{'d' if self.http_date else ''}"


@frozen
class FaultRule:
    route: str  # a route name or "*"
    fault: Fault
    probability: float
    match: str | None = None  # only requests whose body contains this text

    @classmethod
    def parse(cls, text: str) -> FaultRule:
        """`ROUTE:KIND[:PARAM][@PROBABILITY][~TEXT]`; the probability defaults to 1."""
        text, tilde, match = text.strip().partition("~")
        spec, _, probability = text.partition("@")
        route, _, fault = spec.partition(":")
        try:
            share = float(probability) if probability else 1.0
        except ValueError:
            raise ValueError(f"the probability must be a number, got {probability!r}") from None
        return cls.of(route, fault, share, match=match if tilde else None)

    @classmethod
    def of(
        cls, route: str, fault: str | Fault, probability: float = 1.0, match: str | None = None
    ) -> FaultRule:
        _check_route(route)
        if (
            isinstance(probability, bool)
            or not isinstance(probability, (int, float))
            or not 0.0 <= probability <= 1.0
        ):
            raise ValueError(f"probability must be between 0 and 1, got {show(probability)}")
        parsed = fault if isinstance(fault, Fault) else Fault.parse(fault)
        if match is not None and (not match or parsed.status is None):
            raise ValueError("a rule with ~TEXT needs a text and an error reply (500, 503, ...)")
        return cls(route, parsed, probability, match)

    def __str__(self) -> str:
        text = f"{self.route}:{self.fault}@{self.probability:g}"
        return text if self.match is None else f"{text}~{self.match}"


def _check_route(route: str) -> None:
    if route != "*" and route not in ROUTES:
        raise ValueError(f"unknown route {route!r}; routes: {', '.join(ROUTES)} or *")


def parse_plan(text: str) -> tuple[str, list[Fault]]:
    """`ROUTE:KIND[:PARAM],KIND[:PARAM],...` (the form of the --fault-plan flag)."""
    route, _, rest = text.strip().partition(":")
    _check_route(route)
    return route, [Fault.parse(part, allow_ok=True) for part in rest.split(",") if part.strip()]


@frozen
class Decision:
    """What to do to one request."""

    latency: float = 0.0
    fault: Fault | None = None  # a reply-changing fault: status, drop, drop-after, revoke, expire
    fail_job: bool = False

    def describe(self, matched: Fault | None = None) -> str | None:
        """The faults this request met, as the request log shows them (`send:503`'s
        `503`, `latency:0.2`, `fail`; `500~` for a body-matching rule's)."""
        parts = [f"latency:{self.latency:g}"] if self.latency else []
        if self.fault is not None:
            parts.append(str(self.fault))
        if self.fail_job:
            parts.append("fail")
        if matched is not None:
            parts.append(f"{matched}~")
        return " ".join(parts) or None


NO_FAULT = Decision()


class FaultInjector:
    """The faults in force; thread-safe, because tests change them while the server runs."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self._rules: list[FaultRule] = []
        self._plans: dict[str, deque[Fault]] = {}
        self._rngs: dict[str, random.Random] = {}
        self.injected: Counter[str] = Counter()

    # -- configuration --------------------------------------------------------------------

    def add(
        self,
        route: str,
        fault: str | Fault,
        probability: float = 1.0,
        *,
        match: str | None = None,
    ) -> None:
        """Inject `fault` into a share `probability` of the requests to `route` ("*": all),
        or only of those whose body contains `match`."""
        rule = FaultRule.of(route, fault, probability, match)
        with self._lock:
            self._rules.append(rule)

    def plan(self, route: str, faults: Iterable[str | Fault]) -> None:
        """The next requests to `route` meet these faults, in order ("ok" for none)."""
        _check_route(route)
        parsed = [f if isinstance(f, Fault) else Fault.parse(f, allow_ok=True) for f in faults]
        with self._lock:
            self._plans.setdefault(route, deque()).extend(parsed)

    def clear(self) -> None:
        """No more faults (the counters of injected faults are kept)."""
        with self._lock:
            self._rules.clear()
            self._plans.clear()

    def reseed(self, seed: int | None) -> None:
        with self._lock:
            self._seed = seed
            self._rngs.clear()

    def configure(self, config: object) -> None:
        """Replace everything with a JSON configuration (see the module docstring);
        `SettingError` naming the field at fault otherwise, and nothing changed."""
        if not isinstance(config, Mapping):
            raise SettingError("", "must be a JSON object (seed, rules, plans)")
        unknown = set(config) - {"seed", "rules", "plans"}
        if unknown:
            shown = ", ".join(show(k) for k in sorted(map(str, unknown)))
            raise SettingError("", f"unknown fault settings: {shown}")
        given_rules = config.get("rules", [])
        if not isinstance(given_rules, list):
            raise SettingError("rules", "must be a list")
        rules = [_field(f"rules[{i}]", _rule_from_json, r) for i, r in enumerate(given_rules)]
        given = config.get("plans", {})
        if isinstance(given, list):  # ["send:503,ok"], as --fault-plan
            plans = [_field(f"plans[{i}]", _plan_from_json, t) for i, t in enumerate(given)]
        elif isinstance(given, Mapping):
            plans = []
            for route, faults in given.items():
                _field(f"plans.{route}", _check_route, route)
                if not isinstance(faults, list):
                    raise SettingError(f"plans.{route}", "must be a list of faults")
                parsed = [
                    _field(f"plans.{route}[{j}]", _plan_step, f) for j, f in enumerate(faults)
                ]
                plans.append((route, parsed))
        else:
            raise SettingError("plans", "must be an object or a list")
        seed = config.get("seed")
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int) or not -(2**63) <= seed < 2**63
        ):
            raise SettingError("seed", f"must be a 64-bit whole number, got {show(seed)}")
        with self._lock:
            self._rules = rules
            self._plans = {route: deque(faults) for route, faults in plans}
            if "seed" in config:
                self._seed = seed
                self._rngs.clear()

    def snapshot(self) -> dict[str, Any]:
        """The configuration in force, as JSON (plans show what is left of them)."""
        with self._lock:
            return {
                "seed": self._seed,
                "rules": [str(r) for r in self._rules],
                "plans": {r: [str(f) for f in p] for r, p in self._plans.items() if p},
                "injected": dict(self.injected),
            }

    # -- decisions ------------------------------------------------------------------------

    def decide(self, route: str) -> Decision:
        """Draw the faults for one request to `route`."""
        with self._lock:
            plan = self._plans.get(route) or self._plans.get("*")
            if plan:
                chosen: list[Fault] = [plan.popleft()]
            else:
                chosen = []
                rng = self._rngs.get(route)
                if rng is None:
                    rng = self._rngs[route] = random.Random(f"{self._seed}:{route}")
                for rule in self._rules:
                    if (
                        rule.match is None
                        and rule.route in (route, "*")
                        and rng.random() < rule.probability
                    ):
                        chosen.append(rule.fault)
            latency, fault, fail_job = 0.0, None, False
            for f in chosen:
                if f.kind == "ok":
                    continue
                self.injected[f"{route}:{f.kind}"] += 1
                if f.kind == "latency":
                    latency += f.param or 0.0
                elif f.kind == "fail":
                    fail_job = True
                elif fault is None:
                    fault = f
            if not (latency or fault or fail_job):
                return NO_FAULT
            return Decision(latency, fault, fail_job)

    def matching(self, route: str, body: bytes) -> Fault | None:
        """The error reply a body-matching rule gives this request (read once its body is
        in), if any."""
        with self._lock:
            rules = [r for r in self._rules if r.match is not None and r.route in (route, "*")]
            if not rules:
                return None
            rng = self._rngs.setdefault(f"~{route}", random.Random(f"{self._seed}:~{route}"))
            for rule in rules:
                assert rule.match is not None
                if rule.match.encode() in body and rng.random() < rule.probability:
                    self.injected[f"{route}:{rule.fault.kind}~"] += 1
                    return rule.fault
            return None


class SettingError(ValueError):
    """A setting refused: `issue` names the field at fault (its path, "" for the whole)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.issue = Issue(path, message, code="setting")


T = TypeVar("T")


def _field(path: str, parse: Callable[[Any], T], value: object) -> T:
    """`parse(value)`, its ValueError or TypeError a `SettingError` at `path`."""
    try:
        return parse(value)
    except (ValueError, TypeError) as exc:
        raise SettingError(path, str(exc)) from None


def _plan_from_json(text: object) -> tuple[str, list[Fault]]:
    if not isinstance(text, str):
        raise TypeError(f"a plan is a text such as send:503,ok, got {show(text)}")
    return parse_plan(text)


def _plan_step(fault: object) -> Fault:
    if not isinstance(fault, str):
        raise TypeError(f"a fault is a text such as 503 or latency:0.5, got {show(fault)}")
    return Fault.parse(fault, allow_ok=True)


def _rule_from_json(rule: object) -> FaultRule:
    if isinstance(rule, str):
        return FaultRule.parse(rule)
    if isinstance(rule, Mapping):
        unknown = set(rule) - {"route", "kind", "param", "probability", "match"}
        if unknown or not isinstance(rule.get("kind"), str):
            raise ValueError(
                "a fault rule object takes a text kind, and route, param, probability, match"
            )
        fault = rule["kind"]
        param = rule.get("param")
        if param is not None:
            if isinstance(param, bool) or not isinstance(param, (int, float, str)):
                raise TypeError(f"param must be a number of seconds, got {show(param)}")
            fault = f"{fault}:{param}"
        route, match = rule.get("route", "*"), rule.get("match")
        if not isinstance(route, str) or not (match is None or isinstance(match, str)):
            raise TypeError("route and match must be texts")
        return FaultRule.of(route, fault, rule.get("probability", 1), match)
    raise TypeError(f"a fault rule is a string or an object, got {show(rule)}")
