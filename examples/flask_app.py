"""A Flask app that records a finished lesson without waiting on the Caliper API.

    flask --app examples.flask_app run      (with TIMEBACK_API_* set, e.g. from the sandbox)

The sender is made by the app factory and kept in `app.extensions`; it flushes (bounded) at
interpreter exit, and with CALIPER_SPOOL set it keeps what it could not send in that file.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, jsonify, request

from examples.lesson import SENSOR, activity_input, time_spent_input
from timeback_caliper import InputValidationError, Sender


def create_app(**sender_settings: Any) -> Flask:
    app = Flask(__name__)
    sender = Sender(sensor=SENSOR, spool=os.environ.get("CALIPER_SPOOL"), **sender_settings)
    app.extensions["caliper_sender"] = sender

    @app.post("/lessons/<lesson>/complete")
    def lesson_completed(lesson: str) -> Any:
        body = request.get_json(force=True)
        try:
            sender.enqueue_activity(activity_input(lesson, body))
            sender.enqueue_time_spent(time_spent_input(lesson, body))
        except InputValidationError as exc:
            return jsonify(error=str(exc)), 400
        return jsonify(queued=True), 202

    return app
