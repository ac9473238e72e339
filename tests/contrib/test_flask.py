"""The Flask extension, with Flask itself: config keys, per-app senders, test modes."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests import payloads
from timeback_caliper import ConfigurationError
from timeback_caliper.contrib.flask import Caliper
from timeback_caliper.sandbox import Sandbox


def _app(sandbox: Sandbox, **config: Any) -> tuple[Flask, Caliper]:
    app = Flask(__name__)
    app.config["TIMEBACK_CALIPER_SENSOR"] = payloads.SENSOR
    app.config.update(
        {f"TIMEBACK_CALIPER_{k.upper()}": v for k, v in sandbox.client_kwargs().items()}
    )
    app.config.update(config)
    caliper = Caliper()
    caliper.init_app(app)

    @app.post("/done")
    def done() -> Any:
        return {"delivered": caliper.sender.enqueue(payloads.activity_event())}, 202

    return app, caliper


def test_an_unknown_config_key_is_refused_at_init_app(caliper_sandbox: Sandbox) -> None:
    with pytest.raises(ConfigurationError, match="unknown setting 'SENSER'"):
        _app(caliper_sandbox, TIMEBACK_CALIPER_SENSER="x")


def test_an_invalid_value_is_refused_at_init_app(caliper_sandbox: Sandbox) -> None:
    with pytest.raises(ConfigurationError, match="max_batch_events"):
        _app(caliper_sandbox, TIMEBACK_CALIPER_MAX_BATCH_EVENTS=0)


def test_sync_mode_delivers_in_the_request(caliper_sandbox: Sandbox) -> None:
    app, caliper = _app(caliper_sandbox, TIMEBACK_CALIPER_SYNC_MODE=True)

    reply = app.test_client().post("/done")
    stored = len(caliper_sandbox.events())
    with app.app_context():
        caliper.sender.close()

    assert (202, {"delivered": True}, 1) == (reply.status_code, reply.json, stored)


def test_each_app_has_its_own_sender(caliper_sandbox: Sandbox) -> None:
    first, caliper_one = _app(caliper_sandbox, TIMEBACK_CALIPER_DISABLED=True)
    second, caliper_two = _app(caliper_sandbox)

    with first.app_context():
        one = caliper_one.sender.sender
    with second.app_context():
        two = caliper_two.sender.sender
        two.close()
    one.close()

    assert one is not two
    assert "disabled" in repr(one)
    assert "disabled" not in repr(two)
