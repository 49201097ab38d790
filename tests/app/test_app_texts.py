"""Texts the app builds from the model, without a screen."""

from __future__ import annotations

from datetime import date

import pytest

from koop_tui.engine.page import header_lines
from koop_tui.model import Partner

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("since, age", [
    (date(2026, 11, 20), "new"), (date(2026, 10, 24), "1 mo"), (date(2025, 12, 1), "11 mo"),
    (date(2025, 11, 23), "1 y"), (date(2021, 3, 1), "5 y"),
])
def test_the_partnership_age_reads_in_months_until_a_year(since, age):
    partner = Partner("acme", "Acme", "active", "anna", since=since)
    assert header_lines(partner, None, TODAY)[0] == f"active · owner anna · since {since.isoformat()} ({age})"
