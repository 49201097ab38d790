"""Dates as people type them: the one parser behind every date field of the CLI and the app's forms.

Forms: ISO `2026-12-31`; `31.12.2026` and `31.12.` (the nearest such day); `12/31` where the locale writes the
month first; `today`, `yesterday`, `tomorrow`; `mon`…`sun` or `monday`…`sunday` (the next such day, or the last one
for a date in the past such as a touchpoint's); `-3d`, `+2w`, `1m`, `+1y`. The German words are read too, whatever
the language: `heute`, `gestern`, `morgen`, `mo`…`so` or `montag`…`sonntag`, `-3t` (Tage), `+1j` (Jahre). Days
and weeks count days; months and years are calendar ones (+1m from 31 Jan is 28 or 29 Feb, +1y from 29 Feb is
28 Feb), so `+12m` and `+1y` are the same day next year. Birthdays: `MM-DD`, `--MM-DD` (year unknown), `YYYY-MM-DD`
or `31.12.[1980]`, 29 February included."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from koop_tui import i18n
from koop_tui.i18n import N_, _, translated
from koop_tui.model import Birthday

CENTURY = 100  # years a typed date may lie from today, and a typed birthday back (parse_date, parse_birthday)
_RELATIVE = re.compile(r"^([+-]?)(\d{1,4})([dtwmyj])$")
_UNIT_DAYS = {"d": 1, "t": 1, "w": 7}  # German: t(age), w(ochen)
_UNIT_MONTHS = {"m": 1, "y": 12, "j": 12}  # German: m(onate), j(ahre)
_DAYS = {"today": 0, "now": 0, "t": 0, "heute": 0, "jetzt": 0, "yesterday": -1, "y": -1, "gestern": -1,
         "tomorrow": 1, "morgen": 1}
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WOCHENTAGE = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
# Territories whose people write the month before the day (12/31): the United States and the places that follow it.
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI", "BZ"})


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), on the month's last day when it is shorter.
    Raises OverflowError outside years 1 to 9999."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month + 1, min(day.day, _month_days(year, month + 1)))


def _month_days(year: int, month: int) -> int:
    """calendar.monthrange's day count, without importing calendar (and locale) into every write."""
    return 31 if month == 12 else (date(year, month + 1, 1) - date(year, month, 1)).days


def month_first(environ=os.environ) -> bool:
    """Whether the user's locale (LC_ALL, LC_TIME, LANG, as the C library reads them) writes 12/31."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = environ.get(name, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2]
            return territory.upper() in _MONTH_FIRST
    return False


def date_forms(slashes: bool) -> str:
    """The forms a date may take, for help texts and error messages."""
    return ("2026-12-31, 31.12.2026, 31.12., " + ("12/31, " if slashes else "")
            + _("today, yesterday, tomorrow, mon…sun, +2w, -3d, +1m"))


def parse_date(text: str, today: date, *, past: bool = False, slashes: bool | None = None, side: str = "",
               near: bool = True) -> date:
    """Parse a date as typed by a person; raise ValueError with a readable message listing the forms.

    `past`: the date is of something that happened, so a weekday is the last such day before today and a day
    without a year the last one up to today, instead of the next ones. `slashes`: read `12/31` (default: when the
    locale writes it). `side` "done" or "ahead": the side of today the date must lie on (_on_its_side). `near`:
    refuse a day more than a century from today, a mistyped year (`0206` for `2026`) rather than a record."""
    if slashes is None:
        slashes = month_first()
    value = text.strip().lower()
    try:
        found = _parse(value, today, past, slashes)
    except OverflowError:
        raise ValueError(_("date out of range: {text} (years 1 to 9999)").format(text=repr(text))) from None
    if found is None:
        raise ValueError(_("not a date: {text} (use {forms})").format(text=repr(text), forms=date_forms(slashes)))
    if near and not _within_a_century(found, today):
        raise ValueError(_("{date} is more than {years} years from today; check the year").format(
            date=i18n.day(found), years=CENTURY))
    return _on_its_side(found, today, side) if side else found


def _within_a_century(day: date, today: date) -> bool:
    moved = (day.month, day.day)
    return (day.year - CENTURY, *moved) <= (today.year, today.month, today.day) <= (day.year + CENTURY, *moved)


def _on_its_side(when: date, today: date, side: str) -> date:
    """`when`, which must lie on its side of today: "done" (when something happened: today at the latest) or
    "ahead" (a day to wait for: after today). Raises ValueError saying which way it is wrong."""
    if side == "done" and when > today:
        raise ValueError(_("{date} is in the future; it says when something happened").format(date=i18n.day(when)))
    if side == "ahead" and when <= today:
        raise ValueError(_("{date} is not after today; pick a later day").format(date=i18n.day(when)))
    return when


def _parse(value: str, today: date, past: bool, slashes: bool) -> date | None:
    if value in _DAYS:
        return today + timedelta(days=_DAYS[value])
    weekday = _weekday(value)
    if weekday is not None:
        ahead = (weekday - today.weekday()) % 7
        return today - timedelta(days=(7 - ahead) % 7 or 7) if past else today + timedelta(days=ahead or 7)
    match = _RELATIVE.match(value)
    if match:
        sign, amount, unit = match.groups()
        count = -int(amount) if sign == "-" else int(amount)
        if unit in _UNIT_MONTHS:
            return add_months(today, count * _UNIT_MONTHS[unit])
        return today + timedelta(days=count * _UNIT_DAYS[unit])
    match = _DOTTED.match(value)
    if match:
        return _day_of(int(match[1]), int(match[2]), match[3], today, past)
    match = _SLASHED.match(value) if slashes else None
    if match:
        return _day_of(int(match[2]), int(match[1]), match[3], today, past)
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _weekday(value: str) -> int | None:
    """0 for `mon`/`monday` (any prefix of at least three letters) or `mo`/`montag` (of two, as German writes
    them) ... 6 for Sunday."""
    for names, least in ((_WEEKDAYS, 3), (_WOCHENTAGE, 2)):
        if len(value) >= least:
            for index, name in enumerate(names):
                if name.startswith(value):
                    return index
    return None


def _day_of(day: int, month: int, year: str | None, today: date, past: bool) -> date | None:
    """The day in the given year, else the nearest such day: on or after today, or on or before it when `past`.
    29 February without a year is the nearest one that exists."""
    try:
        if year is not None:
            return date(int(year), month, day)
        date(2000, month, day)  # validates; 2000 is a leap year
    except ValueError:
        return None
    step = -1 if past else 1
    candidate_year = today.year
    while True:
        if (month, day) != (2, 29) or _leap(candidate_year):
            found = date(candidate_year, month, day)
            if (found <= today) if past else (found >= today):
                return found
        candidate_year += step
        if not 1 <= candidate_year <= 9999:
            raise OverflowError("date out of range")


def _leap(year: int) -> bool:
    return 1 <= year <= 9999 and _month_days(year, 2) == 29


DATE_HELP = "2026-12-31, 31.12., fri, tomorrow, +2w, -3d, ..."
BIRTHDAY_FORMS = N_("MM-DD, --MM-DD (year unknown), YYYY-MM-DD or 31.12.[1980]")  # translated() where shown


def parse_birthday(text: str, today: date) -> Birthday:
    """A birthday as typed: `MM-DD`, `--MM-DD`, `YYYY-MM-DD`, `DD.MM.` or `DD.MM.YYYY`; 29 February included.
    Raise ValueError with a message listing the forms, or saying why its year cannot be (after today, or more
    than a century back)."""
    value = text.strip()
    match = _MONTH_DAY.match(value)
    dotted = _DOTTED.match(value)
    try:
        if match:
            month, day, year = int(match[1]), int(match[2]), None
        elif dotted:
            month, day, year = int(dotted[2]), int(dotted[1]), int(dotted[3]) if dotted[3] else None
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            found = date.fromisoformat(value)
            month, day, year = found.month, found.day, found.year
        else:
            raise ValueError
        date(2000 if year is None else year, month, day)  # validates; 2000 lets 02-29 through
    except ValueError:
        raise ValueError(_("not a birthday: {text} (use {forms})").format(text=repr(text),
                                                                            forms=translated(BIRTHDAY_FORMS))) from None
    if year is not None and date(year, month, day) > today:
        raise ValueError(_("{text} is after today; check the year").format(text=value))
    if year is not None and today.year - year > CENTURY:
        raise ValueError(_("{text} is more than {years} years back; check the year").format(
            text=value, years=CENTURY))
    return Birthday(month, day, year)
