"""Birthdays and anniversaries recur yearly; Feb 29 falls on the last day of February."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import icalendar
import recurring_ical_events

from koop_tui import ics
from koop_tui.settings import default_settings

TODAY = date(2026, 11, 23)


def birthday(item, contact, name, due):
    return item(f"birthday:acme/{contact}", kind="birthday", title=name, contact=contact, contact_name=name,
                status="soon", due=due, recurring=True, changed=date(2026, 1, 10), explanation="")


def export(items, partners):
    return ics.build_calendar(items, default_settings(), "ws-1", TODAY,
                              options=ics.Options(horizon_days=400), partners=partners)


def occurrences(data: bytes, start: date, end: date) -> list[tuple[date, str]]:
    cal = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(cal).between(start, end)
    return sorted((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in found)


def test_a_year_of_birthdays_on_known_dates(item, partners):
    items = [birthday(item, "jana", "Jana Weber", date(2027, 2, 28)),
             birthday(item, "tom", "Tom Berg", date(2026, 12, 5))]
    data = export(items, partners)
    assert occurrences(data, date(2027, 1, 1), date(2028, 1, 1)) == [
        (date(2027, 2, 28), "Birthday: Jana Weber (Muster GmbH)"),
        (date(2027, 12, 5), "Birthday: Tom Berg (Muster GmbH)"),
    ]
    assert occurrences(data, date(2028, 1, 1), date(2029, 1, 1)) == [
        (date(2028, 2, 29), "Birthday: Jana Weber (Muster GmbH)"),
        (date(2028, 12, 5), "Birthday: Tom Berg (Muster GmbH)"),
    ]


def test_feb_29_rule_and_plain_yearly_rule_are_exact(item, partners):
    items = [birthday(item, "jana", "Jana Weber", date(2027, 3, 1)),
             birthday(item, "tom", "Tom Berg", date(2026, 12, 5))]
    data = export(items, partners)
    assert data.count(b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n") == 1
    assert data.count(b"RRULE:FREQ=YEARLY\r\n") == 1
    assert b"DTSTART;VALUE=DATE:20270228\r\n" in data
    assert b"DTEND;VALUE=DATE:20270301\r\n" in data


def test_recurring_items_are_never_pinned_nor_marked_overdue(item, partners):
    missed = replace(birthday(item, "eva", "Eva Roth", date(2026, 11, 20)), status="overdue")
    data = export([missed], partners)
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 11, 20)
    assert event["SUMMARY"] == "Birthday: Eva Roth (Muster GmbH)"
    assert "overdue" not in event["CATEGORIES"].cats


def test_anniversary_of_a_feb_29_partnership(item, partners):
    anniversary = item("anniversary:acme", kind="anniversary", title="Partnership anniversary",
                       contact=None, contact_name=None, status="soon", due=date(2027, 2, 28),
                       recurring=True)
    data = export([anniversary], partners)
    assert occurrences(data, date(2029, 1, 1), date(2029, 12, 31)) == [
        (date(2029, 2, 28), "Partnership anniversary (Muster GmbH)"),
    ]
    assert occurrences(data, date(2032, 1, 1), date(2032, 12, 31))[0][0] == date(2032, 2, 29)


def test_without_partner_records_the_item_date_is_the_anchor(item):
    leap = birthday(item, "jana", "Jana Weber", date(2024, 2, 29))
    data = export([leap], {})
    assert b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n" in data
    assert occurrences(data, date(2029, 1, 1), date(2030, 1, 1))[0][0] == date(2029, 2, 28)
