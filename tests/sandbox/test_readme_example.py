"""The testing guide's pytest examples run, as a user would run them, with the installed
plugin."""

from __future__ import annotations

import re

import pytest

from tests.spec_tools import ROOT


def _readme_example(name: str) -> str:
    guide = (ROOT / "docs" / "guides" / "testing.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- example: {name} -->\n```python\n(.*?)```", guide, re.DOTALL)
    assert match is not None, f"the testing guide has no example {name!r}"
    return match.group(1)


def test_readme_sandbox_example_passes(pytester: pytest.Pytester) -> None:
    """The example test file passes in a fresh pytest run that only has the plugin."""
    pytester.makepyfile(test_example=_readme_example("sandbox-pytest"))

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)


def test_guide_async_example_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_example=_readme_example("sandbox-pytest-async"))

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)


def test_fixture_resets_state_between_tests(pytester: pytest.Pytester) -> None:
    """Each test sees an empty, fault-free sandbox, whatever the test before it did."""
    pytester.makepyfile(
        test_two="""
        def test_first(caliper_sandbox):
            caliper_sandbox.faults.add("*", "500", 1.0)
            caliper_sandbox.set_job_timing("polls:5")

        def test_second(caliper_sandbox):
            stats = caliper_sandbox.stats()
            assert stats["faults"]["rules"] == []
            assert stats["jobTiming"] == "immediate"
            assert caliper_sandbox.count_events() == 0
        """
    )

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2)
