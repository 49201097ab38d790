"""Dates as people type them: ISO, `today`, `yesterday`, `tomorrow`, `-3d`, `+2w`, `1m`, `+1y`.

Days and weeks count days; months and years are calendar ones (+1m from 31 Jan is 28 or 29 Feb, +1y from
29 Feb is 28 Feb), so `+12m` and `+1y` are the same day next year."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

_RELATIVE = re.compile(r"^([+-]?)(\d{1,4})([dwmy])$")
_UNIT_DAYS = {"d": 1, "w": 7}
_UNIT_MONTHS = {"m": 1, "y": 12}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), on the month's last day when it is shorter.
    Raises OverflowError outside years 1 to 9999."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def parse_date(text: str, today: date) -> date:
    """Parse a date as typed by a person; raise ValueError with a readable message."""
    value = text.strip().lower()
    if value in ("today", "now", "t"):
        return today
    if value in ("yesterday", "y"):
        return today - timedelta(days=1)
    if value == "tomorrow":
        return today + timedelta(days=1)
    match = _RELATIVE.match(value)
    if match:
        sign, amount, unit = match.groups()
        count = -int(amount) if sign == "-" else int(amount)
        try:
            if unit in _UNIT_MONTHS:
                return add_months(today, count * _UNIT_MONTHS[unit])
            return today + timedelta(days=count * _UNIT_DAYS[unit])
        except OverflowError:
            raise ValueError(f"date out of range: {text!r} (years 1 to 9999)") from None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"not a date: {text!r} (use YYYY-MM-DD, today, yesterday, -3d, +2w)"
        ) from None
