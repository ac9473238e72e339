"""Runs inside the vendor's venv (timeback-caliper 0.4.0, Python >= 3.12): describes the
vendor client's public surface and runs the calls of tests/vendor/samples.py on it. Prints
one JSON object; tests/test_vendor_compat.py makes the same calls on ours and compares.

Not collected by pytest (no test_ prefix).
"""

import importlib
import inspect
import json
import pathlib
import pkgutil
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import samples  # noqa: E402
import timeback_caliper as vendor  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from timeback_caliper.lib.pagination import PageResult, Paginator  # noqa: E402
from timeback_caliper.resources.events import EventsResource  # noqa: E402
from timeback_caliper.resources.jobs import JobsResource  # noqa: E402


def params(fn, skip_self=True):
    found = list(inspect.signature(fn).parameters.values())
    return [
        {"name": p.name, "kind": str(p.kind), "required": p.default is inspect.Parameter.empty}
        for p in (found[1:] if skip_self else found)
    ]


def methods(cls):
    return {
        name: params(member)
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and inspect.isfunction(member)
    }


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


surface = {"all": sorted(vendor.__all__), "models": {}, "functions": {}, "constants": {}}
for name in vendor.__all__:
    obj = getattr(vendor, name)
    if inspect.isclass(obj) and issubclass(obj, BaseModel):
        surface["models"][name] = {
            field: {"alias": info.validation_alias or info.alias, "required": info.is_required()}
            for field, info in obj.model_fields.items()
        }
    elif inspect.isfunction(obj):
        surface["functions"][name] = params(obj, skip_self=False)
    elif isinstance(obj, str):
        surface["constants"][name] = obj

surface["client"] = {
    "init": params(vendor.CaliperClient.__init__),
    "methods": methods(vendor.CaliperClient),
    "events": methods(EventsResource),
    "jobs": methods(JobsResource),
    "stream": methods(Paginator),
    "page": sorted(PageResult.__dataclass_fields__),
}

surface["built"] = {name: dump(getattr(vendor, name)(**kw)) for name, kw in samples.MODELS.items()}
surface["events"] = {}
for factory, (input_name, kwargs) in samples.FACTORIES.items():
    given = getattr(vendor, input_name)(**kwargs)
    surface["events"][factory] = dump(getattr(vendor, factory)(input=given))

surface["replies"] = {}
for name, reply in samples.REPLIES.items():
    model = getattr(vendor, name)(**reply)
    surface["replies"][name] = {
        field: value
        for field, value in model.model_dump(mode="json").items()
        if not isinstance(value, (dict, list))
    }

surface["errors"] = []
for name, args, kwargs in samples.ERRORS:
    error = getattr(vendor, name)(*args, **kwargs)
    surface["errors"].append(
        {
            "class": name,
            "message": getattr(error, "message", None),
            "status_code": getattr(error, "status_code", None),
            "response": getattr(error, "response", None),
            "retry_after": getattr(error, "retry_after", None),
            "job_id": getattr(error, "job_id", None),
        }
    )

# Every public module, and in it every public class (constructor keywords, methods and
# their parameters) and function: what code written for the vendor's package may import.
surface["modules"] = {}
PYDANTIC = set(dir(BaseModel))
PYDANTIC_CALLED = {"model_dump", "model_dump_json", "model_validate", "model_copy"}
for info in pkgutil.walk_packages(vendor.__path__, "timeback_caliper."):
    try:
        module = importlib.import_module(info.name)
    except ImportError as exc:  # its own test helpers need a package it does not ship
        surface["modules"][info.name] = {"unimportable": str(exc)}
        continue
    names = getattr(module, "__all__", None) or [
        n
        for n, o in vars(module).items()
        if not n.startswith("_") and getattr(o, "__module__", "").startswith("timeback_caliper")
    ]
    described = {}
    for name in names:
        obj = getattr(module, name)
        if inspect.isclass(obj):
            init = params(obj.__init__) if "__init__" in vars(obj) else []
            if issubclass(obj, BaseModel):
                init = [
                    {"name": f, "kind": "KEYWORD_ONLY", "required": i.is_required()}
                    for f, i in obj.model_fields.items()
                ]
            own = methods(obj)
            if issubclass(obj, BaseModel):  # of pydantic's own, the ones code calls
                own = {m: ps for m, ps in own.items() if m in PYDANTIC_CALLED or m not in PYDANTIC}
            bases = [b.__name__ for b in obj.__mro__[1:] if b.__module__.startswith("timeback_")]
            described[name] = {"kind": "class", "init": init, "methods": own, "bases": bases}
        elif inspect.isfunction(obj):
            described[name] = {"kind": "function", "params": params(obj, skip_self=False)}
        else:
            described[name] = {"kind": "value"}
    surface["modules"][info.name] = described

print(json.dumps(surface))
