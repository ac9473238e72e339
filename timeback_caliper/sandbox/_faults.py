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
ahead), `latency` (parameter: seconds added before the reply), `drop`
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
from collections.abc import Iterable, Mapping
from email.utils import formatdate
from typing import Any

from attrs import frozen

ROUTES = ("token", "send", "validate", "list", "get", "job", "lwai")
STATUS_KINDS = {"429": 429, "500": 500, "502": 502, "503": 503, "504": 504}
KINDS = (*STATUS_KINDS, "latency", "drop", "drop-after", "revoke", "expire", "fail", "delayed")
_DEFAULT_RETRY_AFTER = 1.0


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
        if value < 0:
            raise ValueError(f"the parameter of {kind} must be seconds >= 0, got {param!r}")
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
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"probability must be between 0 and 1, got {probability}")
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

    def configure(self, config: Mapping[str, Any]) -> None:
        """Replace everything with a JSON configuration (see the module docstring)."""
        unknown = set(config) - {"seed", "rules", "plans"}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        rules = [_rule_from_json(r) for r in config.get("rules", [])]
        given = config.get("plans", {})
        plans = (
            [parse_plan(str(text)) for text in given]  # ["send:503,ok"], as --fault-plan
            if isinstance(given, list)
            else [
                (route, [Fault.parse(str(f), allow_ok=True) for f in faults])
                for route, faults in dict(given).items()
            ]
        )
        for route, _ in plans:
            _check_route(route)
        with self._lock:
            self._rules = rules
            self._plans = {route: deque(faults) for route, faults in plans}
            if "seed" in config:
                self._seed = config["seed"]
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


def _rule_from_json(rule: object) -> FaultRule:
    if isinstance(rule, str):
        return FaultRule.parse(rule)
    if isinstance(rule, Mapping):
        fault = str(rule["kind"])
        if rule.get("param") is not None:
            fault = f"{fault}:{rule['param']}"
        match = rule.get("match")
        return FaultRule.of(
            str(rule.get("route", "*")),
            fault,
            float(rule.get("probability", 1)),
            None if match is None else str(match),
        )
    raise ValueError(f"a fault rule is a string or an object, got {rule!r}")
