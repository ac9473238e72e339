"""Integrations with web frameworks: a sender configured from the framework's settings,
made on first use, flushed at shutdown.

- `timeback_caliper.contrib.django`: an app for INSTALLED_APPS, settings in TIMEBACK_CALIPER;
- `timeback_caliper.contrib.flask`: the `Caliper` extension (`init_app`);
- `timeback_caliper.contrib.starlette`: a lifespan and a dependency, for Starlette and FastAPI.

Each imports its framework only when it is itself imported.
"""
