"""Dates as people type them: ISO, `today`, `yesterday`, `tomorrow`, `-3d`, `+2w`, `1m`."""

from __future__ import annotations

import re
from datetime import date, timedelta

_RELATIVE = re.compile(r"^([+-]?)(\d{1,4})([dwmy])$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


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
        days = int(amount) * _UNIT_DAYS[unit]
        try:
            return today - timedelta(days=days) if sign == "-" else today + timedelta(days=days)
        except OverflowError:
            raise ValueError(f"date out of range: {text!r} (years 1 to 9999)") from None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"not a date: {text!r} (use YYYY-MM-DD, today, yesterday, -3d, +2w)"
        ) from None
