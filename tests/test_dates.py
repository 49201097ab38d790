"""Dates as people type them (koop_tui.dates): the CLI and the app's forms both read them this way."""

from __future__ import annotations

from datetime import date

import pytest

from koop_tui.dates import parse_date

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text, expected", [
    ("2026-02-28", date(2026, 2, 28)), (" Today ", TODAY), ("yesterday", date(2026, 11, 22)),
    ("tomorrow", date(2026, 11, 24)), ("-3d", date(2026, 11, 20)), ("+2w", date(2026, 12, 7)),
    ("1m", date(2026, 12, 23)), ("+12m", date(2027, 11, 23)), ("+1y", date(2027, 11, 23)),
    ("-1y", date(2025, 11, 23)), ("-11m", date(2025, 12, 23)), ("+3m", date(2027, 2, 23)),
])
def test_dates_as_typed(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("today, text, expected", [
    (date(2026, 1, 31), "+1m", date(2026, 2, 28)),  # months are calendar months: the last day when shorter
    (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
    (date(2024, 2, 29), "+1y", date(2025, 2, 28)),
    (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
    (date(2026, 12, 31), "+2m", date(2027, 2, 28)),
])
def test_months_and_years_keep_the_day_where_the_month_has_it(today, text, expected):
    assert parse_date(text, today) == expected


@pytest.mark.parametrize("text, message", [
    ("+9999y", "date out of range: '+9999y' (years 1 to 9999)"),
    ("-2100y", "date out of range: '-2100y' (years 1 to 9999)"),
    ("+9999d", None), ("2026-02-30", "not a date: '2026-02-30'"), ("soon", "not a date: 'soon'"),
])
def test_out_of_range_and_unknown_dates_are_readable_errors(text, message):
    if message is None:
        assert parse_date(text, TODAY) == date(2054, 4, 9)
        return
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        parse_date(text, TODAY)
