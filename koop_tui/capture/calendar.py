"""Calendar events as capture sees them: a past meeting with its attendees and organizer is one touchpoint.

Parsed with icalendar. Skipped with a reason: cancelled events, events the user declined, events in the future,
and events with more than max_people people. A recurring event (RRULE, RDATE) counts once per past
occurrence within LOOKBACK days, exceptions and moved instances included (recurring-ical-events).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from koop_tui.capture.mail import EARLIEST, text_of
from koop_tui.capture.seen import Seen
from koop_tui.i18n import _


LOOKBACK = 365  # days: how far back a recurring event's occurrences count, and a CalDAV first run reads


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


def parse_events(data: bytes, today: date, max_people: int, me: frozenset[str],
                 since: date | None = None) -> list[Seen]:
    """Every VEVENT of an iCalendar text (one calendar or several concatenated), recurring ones as their
    occurrences from `since` (default LOOKBACK days ago) to today; BadCalendar when it is not iCalendar."""
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # noqa: BLE001 - icalendar raises ValueError, KeyError, IndexError on broken text
        raise BadCalendar(_("not a readable iCalendar file ({reason})").format(
            reason=" ".join(str(exc).split())[:80])) from None
    if not calendars or b"END:VCALENDAR" not in data.upper():
        raise BadCalendar(_("not a readable iCalendar file ({reason})").format(
            reason=_("no complete BEGIN:VCALENDAR ... END:VCALENDAR")))
    out = []
    for calendar in calendars:
        for series in [e for e in calendar.walk("VEVENT") if _more_than_daily(e)]:
            calendar.subcomponents.remove(series)  # never expanded (a hostile rule would run for hours)
            try:
                out.append(replace(_event(series, today, max_people, me, {}), skip="frequent"))
            except (ValueError, TypeError, AttributeError, KeyError):
                continue
        recurring = {str(e.get("UID", "")).strip(): _day(e.get("DTSTART")) for e in calendar.walk("VEVENT")
                     if ("RRULE" in e or "RDATE" in e) and "RECURRENCE-ID" not in e}
        events = [e for e in calendar.walk("VEVENT") if str(e.get("UID", "")).strip() not in recurring]
        if recurring:
            events += _occurrences(calendar, since or today - timedelta(days=LOOKBACK), today)
        for event in events:
            try:
                out.append(_event(event, today, max_people, me, recurring))
            except (ValueError, TypeError, AttributeError, KeyError):
                continue  # an event too broken to read: the others still count
    return out


def _more_than_daily(event) -> bool:
    """A series recurring more than once a day (FREQ=HOURLY or finer, or several BYHOUR/BYMINUTE/BYSECOND): no
    meeting cadence, and a rule like FREQ=SECONDLY makes the expansion run for hours; it is skipped."""
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        try:
            freq = str(rule.get("FREQ", [""])[0]).upper()
            per_day = len(rule.get("BYHOUR", [0])) * len(rule.get("BYMINUTE", [0])) * len(rule.get("BYSECOND", [0]))
        except (AttributeError, TypeError, IndexError):
            continue  # a rule too broken to read: the expansion says so
        if freq in ("SECONDLY", "MINUTELY", "HOURLY") or per_day > 1:
            return True
    return False


def _occurrences(calendar, since: date, today: date) -> list:
    """The occurrences of the calendar's recurring events from `since` to today, with their exceptions (EXDATE)
    and moved or changed instances (RECURRENCE-ID) as recurring-ical-events works them out."""
    import recurring_ical_events

    try:
        found = recurring_ical_events.of(calendar).between(since, today + timedelta(days=1))
    except Exception as exc:  # noqa: BLE001 - a rule it cannot follow: the calendar is not read
        raise BadCalendar(_("a recurring event cannot be expanded ({reason})").format(
            reason=" ".join(str(exc).split())[:80])) from None
    return [e for e in found if "RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e]


def _event(event, today: date, max_people: int, me: frozenset[str], firsts: dict[str, date | None]) -> Seen:
    """One event or occurrence; an occurrence is `cal:<UID>/<day>`, except the first of its series, which
    keeps `cal:<UID>` as it had before rules were expanded (so nothing is logged twice)."""
    uid = str(event.get("UID", "")).strip()
    day = _day(event.get("DTSTART"))
    recurrence = _day(event.get("RECURRENCE-ID"))
    first = recurrence is not None and uid in firsts and firsts[uid] == recurrence
    source = f"cal:{uid}" + (f"/{recurrence.isoformat()}" if recurrence and not first else "")
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
