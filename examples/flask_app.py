"""A Flask app that records a finished lesson without waiting on the Caliper API.

    flask --app examples.flask_app run      (with TIMEBACK_API_* set, e.g. from the sandbox)

The extension (`timeback_caliper.contrib.flask`) reads TIMEBACK_CALIPER_* from the app's
config and makes the app's sender on first use; it is flushed at exit and on SIGTERM. With
CALIPER_SPOOL set, what could not be sent is kept in that file.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, jsonify, request

from examples.lesson import SENSOR, activity_input, time_spent_input
from timeback_caliper import InputValidationError
from timeback_caliper.contrib.flask import Caliper

caliper = Caliper()


def create_app(**config: Any) -> Flask:
    app = Flask(__name__)
    app.config["TIMEBACK_CALIPER_SENSOR"] = SENSOR
    app.config["TIMEBACK_CALIPER_SPOOL"] = os.environ.get("CALIPER_SPOOL")
    app.config.update(config)
    caliper.init_app(app)

    @app.post("/lessons/<lesson>/complete")
    def lesson_completed(lesson: str) -> Any:
        body = request.get_json(force=True)
        try:
            caliper.sender.enqueue_activity(activity_input(lesson, body))
            caliper.sender.enqueue_time_spent(time_spent_input(lesson, body))
        except InputValidationError as exc:
            return jsonify(error=str(exc)), 400
        return jsonify(queued=True), 202

    return app
