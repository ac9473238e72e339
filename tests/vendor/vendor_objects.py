"""Runs in `.venv-vendor` (Python 3.12): builds the vendor's own model objects with its
package (pydantic models: inputs, entities, an event from its factory, an envelope), then
imports *our* package in the same process (the vendor's modules dropped from
`sys.modules`; ours from the checkout, with the pure-Python packages it needs and the
vendor's venv lacks from our venv) and passes those objects into our calls, against the
sandbox named by TIMEBACK_API_*. Prints one JSON object; tests/test_vendor_compat.py
checks it.

    python vendor_objects.py CHECKOUT OUR_SITE_PACKAGES

Not collected by pytest (no test_ prefix).
"""

import asyncio
import json
import sys

ROOT, OUR_SITE = sys.argv[1], sys.argv[2]
SENSOR = "https://myapp.example.com/sensors/vendor-objects"

import timeback_caliper as vendor  # noqa: E402

user = vendor.TimebackUser(id="https://api.example.com/users/123", email="student@example.edu")
context = vendor.TimebackActivityContext(
    id="https://myapp.example.com/activities/456",
    subject="Math",
    app=vendor.TimebackApp(name="My Learning App"),
)
activity = vendor.ActivityCompletedInput(
    actor=user,
    object=context,
    metrics=[vendor.TimebackActivityMetric(type="xpEarned", value=150)],
    attempt=2,
)
spent = vendor.TimeSpentInput(
    actor=user, object=context, metrics=[vendor.TimeSpentMetric(type="active", value=60)]
)
event = vendor.create_activity_event(input=activity)
envelope = vendor.CaliperEnvelope(
    sensor=SENSOR,
    sendTime="2025-07-28T15:15:21.000Z",
    dataVersion=vendor.CALIPER_DATA_VERSION,
    data=[vendor.create_activity_event(input=activity).model_dump(by_alias=True)],
)
vendor_types = sorted({type(o).__module__ for o in (user, activity, event, envelope)})

for name in [m for m in sys.modules if m.split(".")[0] == "timeback_caliper"]:
    del sys.modules[name]
sys.path[:0] = [ROOT, f"{ROOT}/generated"]
sys.path.append(OUR_SITE)  # attrs, python-dateutil: only what the vendor's venv lacks

import timeback_caliper as ours  # noqa: E402


async def main() -> dict:
    assert ours.__file__.startswith(ROOT), ours.__file__
    async with ours.CaliperClient() as client:  # settings from TIMEBACK_API_*
        sent = [
            await client.events.send_activity(SENSOR, activity),
            await client.events.send_time_spent(SENSOR, spent),
            await client.events.send(SENSOR, [event]),
            await client.events.send_envelope(envelope),
        ]
        verdict = await client.events.validate(envelope)
        states = [
            (await client.jobs.wait_for_completion(r.job_id, poll_interval=0.05)).state
            for r in sent
        ]
    built = ours.create_activity_event(input=activity)
    return {
        "vendor_types": vendor_types,
        "states": states,
        "valid": verdict.ok,
        "built_actor": built["actor"],
        "built_generated": built["generated"]["items"],
        "attempt": built["generated"]["attempt"],
        "user": ours.TimebackUser.model_validate(user).to_dict(),
        "event_id_kept": [event.id],
    }


print(json.dumps(asyncio.run(main())))
