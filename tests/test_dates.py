"""Dates as people type them (koop_tui.dates): the CLI and the app's forms both read them this way."""

from __future__ import annotations

from datetime import date

import pytest

from koop_tui.dates import BIRTHDAY_FORMS, month_first, parse_birthday, parse_date
from koop_tui.model import Birthday

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text, expected", [
    ("2026-02-28", date(2026, 2, 28)), (" Today ", TODAY), ("yesterday", date(2026, 11, 22)),
    ("tomorrow", date(2026, 11, 24)), ("-3d", date(2026, 11, 20)), ("+2w", date(2026, 12, 7)),
    ("1m", date(2026, 12, 23)), ("+12m", date(2027, 11, 23)), ("+1y", date(2027, 11, 23)),
    ("-1y", date(2025, 11, 23)), ("-11m", date(2025, 12, 23)), ("+3m", date(2027, 2, 23)),
])
def test_dates_as_typed(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text, expected, past", [
    ("heute", TODAY, None), ("Gestern", date(2026, 11, 22), None), ("morgen", date(2026, 11, 24), None),
    ("-3t", date(2026, 11, 20), None), ("+1j", date(2027, 11, 23), None), ("+2w", date(2026, 12, 7), None),
    ("fr", date(2026, 11, 27), date(2026, 11, 20)), ("Freitag", date(2026, 11, 27), date(2026, 11, 20)),
    ("mo", date(2026, 11, 30), date(2026, 11, 16)), ("so", date(2026, 11, 29), date(2026, 11, 22)),
])
def test_german_date_words_are_read_whatever_the_language(text, expected, past):
    """The German forms and hints offer heute, fr, -3t, +1j: the parser reads them, in either language."""
    assert parse_date(text, TODAY) == expected
    assert parse_date(text, TODAY, past=True) == (past or expected)


def test_the_forms_a_date_may_take_are_listed_in_the_language():
    from koop_tui import i18n

    i18n.use("de")
    with pytest.raises(ValueError) as caught:
        parse_date("bald", TODAY, slashes=False)
    assert str(caught.value).endswith("heute, gestern, morgen, mo…so, +2w, -3t, +1m)")
    for word in ("heute", "gestern", "morgen", "mo", "so", "+2w", "-3t", "+1m"):
        parse_date(word, TODAY)  # every form the German message lists is read


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


@pytest.mark.parametrize("text, past, expected", [
    ("mon", False, date(2026, 11, 30)), ("Monday", False, date(2026, 11, 30)), ("tue", False, date(2026, 11, 24)),
    ("sun", False, date(2026, 11, 29)), ("fri", True, date(2026, 11, 20)), ("mon", True, date(2026, 11, 16)),
    ("wednesday", True, date(2026, 11, 18)), ("31.12.", False, date(2026, 12, 31)),
    ("1.3.", False, date(2027, 3, 1)), ("1.3.", True, date(2026, 3, 1)), ("23.11.", True, TODAY),
    ("31.12.", True, date(2025, 12, 31)), ("31.12.2026", False, date(2026, 12, 31)),
    ("29.2.", False, date(2028, 2, 29)), ("29.2.", True, date(2024, 2, 29)), ("2026-12-31", True, date(2026, 12, 31)),
])
def test_weekdays_and_days_without_a_year_are_the_next_ones_or_the_last_ones_for_the_past(text, past, expected):
    assert parse_date(text, TODAY, past=past, slashes=False) == expected


def test_slashes_are_read_month_first_only_where_the_locale_writes_them():
    assert parse_date("12/31", TODAY, slashes=True) == date(2026, 12, 31)
    assert parse_date("2/1/2027", TODAY, slashes=True) == date(2027, 2, 1)
    with pytest.raises(ValueError, match=r"^not a date: '12/31' \(use 2026-12-31, 31\.12\.2026, 31\.12\., today,"):
        parse_date("12/31", TODAY, slashes=False)
    assert month_first({"LANG": "en_US.UTF-8"}) and month_first({"LC_ALL": "en_PH", "LANG": "de_DE"})
    assert not month_first({"LANG": "de_DE.UTF-8"}) and not month_first({"LC_TIME": "en_GB.UTF-8", "LANG": "en_US"})
    assert not month_first({})


def test_one_error_message_lists_every_form():
    with pytest.raises(ValueError) as caught:
        parse_date("soon", TODAY, slashes=True)
    assert str(caught.value) == ("not a date: 'soon' (use 2026-12-31, 31.12.2026, 31.12., 12/31, today, yesterday, "
                                 "tomorrow, mon…sun, +2w, -3d, +1m)")
    for bad in ("32.1.", "29.2.2027", "m", "20261231", "13/1", "+3x"):
        with pytest.raises(ValueError, match="^not a date"):
            parse_date(bad, TODAY, slashes=True)


@pytest.mark.parametrize("text, expected", [
    ("02-29", Birthday(2, 29)), ("--02-29", Birthday(2, 29)), ("12-31", Birthday(12, 31)),
    ("1980-02-29", Birthday(2, 29, 1980)), ("31.12.", Birthday(12, 31)), ("3.4.1975", Birthday(4, 3, 1975)),
])
def test_birthdays_as_typed(text, expected):
    assert parse_birthday(text, TODAY) == expected


@pytest.mark.parametrize("text", ["02-30", "1981-02-29", "tomorrow", "1980", "--2-29x"])
def test_a_wrong_birthday_names_the_forms(text):
    with pytest.raises(ValueError) as caught:
        parse_birthday(text, TODAY)
    assert str(caught.value) == f"not a birthday: {text!r} (use {BIRTHDAY_FORMS})"


@pytest.mark.parametrize("text, error", [
    ("2026-11-24", "2026-11-24 is after today; check the year"),
    ("9999-12-31", "9999-12-31 is after today; check the year"),
    ("24.11.2026", "24.11.2026 is after today; check the year"),
    ("1925-11-22", "1925-11-22 is more than 100 years back; check the year"),
])
def test_a_birthday_year_that_cannot_be_is_refused(text, error):
    with pytest.raises(ValueError) as caught:
        parse_birthday(text, TODAY)
    assert str(caught.value) == error
    assert parse_birthday("1926-11-23", TODAY) == Birthday(11, 23, 1926)  # a hundred years back: still a person
    assert parse_birthday("2026-11-23", TODAY) == Birthday(11, 23, 2026)  # born today


@pytest.mark.parametrize("text", ["0001-01-01", "0206-12-01", "9999-12-31", "1.1.1926", "2126-11-24", "+101y", "-1201m"])
def test_a_date_a_century_away_is_a_typo(text):
    """A mistyped year (0206 for 2026) is refused, not stored as a touchpoint 2,000 years ago."""
    with pytest.raises(ValueError, match=r"is more than 100 years from today; check the year$"):
        parse_date(text, TODAY)
    assert parse_date(text, TODAY, near=False).year in (1, 206, 9999, 1926, 2126, 2127)


def test_dates_a_century_away_are_still_read():
    assert parse_date("1926-11-23", TODAY) == date(1926, 11, 23)
    assert parse_date("2126-11-23", TODAY) == date(2126, 11, 23)
    assert parse_date("+100y", TODAY) == date(2126, 11, 23)
