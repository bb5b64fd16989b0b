import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

import peerpair.cli

# Tests always pass a fixed today (SPEC 8): a command's default --today, which reads the
# clock, is a day before every test roster's year, so nothing in them is yet the past.
BEFORE_EVERY_TEST_YEAR = date(2025, 8, 1)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(peerpair.cli, "clock", lambda: BEFORE_EVERY_TEST_YEAR)


# A quick default for working on the code; CI runs the thorough profile (.ci/run).
settings.register_profile(
    "default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# CI is derandomised: the same examples every run, so a red CI is reproducible and never
# a roll of the dice. Exploring new examples is what the default profile is for.
settings.register_profile(
    "ci",
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
