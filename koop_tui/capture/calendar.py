"""Calendar events as capture sees them: a past meeting with its attendees and organizer is one touchpoint.

Parsed with icalendar. Skipped with a reason: cancelled events, events the user declined, events in the future,
and events with more than max_people people. A recurring event counts on the day of its first occurrence and on
each occurrence written out (RECURRENCE-ID); its rule is not expanded.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from koop_tui.capture.mail import EARLIEST, text_of
from koop_tui.capture.seen import Seen


class BadCalendar(ValueError):
    """Text that is not iCalendar: the source ends with one line, nothing from it is used."""


def _address(value: object) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower() if "@" in text and " " not in text.strip() else ""


def _day(value: object) -> date | None:
    when = getattr(value, "dt", None)
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        try:
            return when.astimezone().date()
        except (OverflowError, ValueError, OSError):
            return None
    return when if isinstance(when, date) else None


def _params(prop: object) -> dict:
    return getattr(prop, "params", {}) or {}


def parse_events(data: bytes, today: date, max_people: int, me: frozenset[str]) -> list[Seen]:
    """Every VEVENT of an iCalendar text (one calendar or several concatenated); BadCalendar when it is not one."""
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # noqa: BLE001 - icalendar raises ValueError, KeyError, IndexError on broken text
        raise BadCalendar(f"not a readable iCalendar file ({' '.join(str(exc).split())[:80]})") from None
    if not calendars or b"END:VCALENDAR" not in data.upper():
        raise BadCalendar("not a readable iCalendar file (no complete BEGIN:VCALENDAR ... END:VCALENDAR)")
    out = []
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            try:
                out.append(_event(event, today, max_people, me))
            except (ValueError, TypeError, AttributeError, KeyError):
                continue  # an event too broken to read: the others still count
    return out


def _event(event, today: date, max_people: int, me: frozenset[str]) -> Seen:
    uid = str(event.get("UID", "")).strip()
    day = _day(event.get("DTSTART"))
    recurrence = _day(event.get("RECURRENCE-ID"))
    source = f"cal:{uid}" + (f"/{recurrence.isoformat()}" if recurrence else "")
    organizer = _address(event.get("ORGANIZER"))
    people: list[tuple[str, str]] = []
    if organizer:
        people.append((organizer, text_of(_params(event.get("ORGANIZER")).get("CN", ""))))
    attendees = event.get("ATTENDEE", [])
    declined = False
    for prop in attendees if isinstance(attendees, list) else [attendees]:
        address = _address(prop)
        if not address:
            continue
        params = _params(prop)
        if address in me and str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            declined = True
        if address not in {a for a, _ in people}:
            people.append((address, text_of(params.get("CN", ""))))
    others = [a for a, _ in people if a not in me]
    skip = ""
    if not uid:
        skip = "no-uid"
    elif str(event.get("STATUS", "")).upper() == "CANCELLED":
        skip = "cancelled"
    elif declined:
        skip = "declined"
    elif day is None or day < EARLIEST:
        skip = "undated"
    elif day > today:
        skip = "future"
    elif len(others) > max_people:
        skip = "crowd"
    return Seen(source=source, kind="meeting", thread=source, day=day, sender=organizer, people=people,
                subject=text_of(event.get("SUMMARY")), skip=skip)
