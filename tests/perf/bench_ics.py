"""Time the calendar for a team-sized due list: `python tests/perf/bench_ics.py [N]` prints the figures.

Beside koop's writer it times the same events built with icalendar's object model (`with_icalendar`), in the
same run, so docs/calendar.md can say which one is faster and by how much.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from koop_tui import ics
from koop_tui.model import DueItem
from koop_tui.settings import default_settings


def items(n: int, today: date) -> list[DueItem]:
    kinds = ("contact", "followup", "birthday", "campaign")
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        out.append(DueItem(
            key=f"{kind}:partner-{i}/c{i}", kind=kind, partner=f"partner-{i}", partner_name=f"Partner Nr. {i} GmbH",
            title="Angebot für die Überarbeitung schicken", status=("overdue", "due", "soon")[i % 3],
            due=today + timedelta(days=i % 90 - 30),
            explanation=f"last: call {i % 90} d ago (Jürgen Müller); cadence 30 d from stage active; ratio 1.37 → due",
            contact=f"c{i}", contact_name=f"Kontakt {i}", stage="active", tags=("agency", "seo"),
            changed=today - timedelta(days=i % 40), recurring=kind == "birthday",
        ))
    return out


def with_icalendar(items: list[DueItem], settings, workspace_id: str, today: date, horizon_days: int,
                   partners=None) -> bytes:
    """The events of ics.build_calendar, property for property, through icalendar's object model."""
    from datetime import datetime, timezone

    from icalendar import Calendar, Event

    feed = settings.feed
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", ics.PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("name", feed.name or settings.name)
    cal.add("x-wr-calname", feed.name or settings.name)
    cal.add("refresh-interval", timedelta(hours=max(1, feed.refresh_hours)), parameters={"VALUE": "DURATION"})
    for item in ics.select(items, today, horizon_days, feed.include, feed.exclude):
        pinned = feed.pin_overdue and not item.recurring and item.due < today
        start = today if pinned else item.due
        event = Event()
        if item.recurring:
            anchor = ics.yearly_anchor(item, partners or {})
            start = ics.nearest_occurrence(anchor, item.due)
            event.add("rrule", {"freq": "yearly", **({"bymonth": 2, "bymonthday": -1} if anchor == (2, 29) else {})})
        changed = item.changed or start
        stamp_day = max(changed, today) if pinned else changed
        stamp = datetime(stamp_day.year, stamp_day.month, stamp_day.day, tzinfo=timezone.utc)
        event.add("uid", ics.uid(item.key, workspace_id))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        event.add("summary", ics.summary(item))
        event.add("description", ics.description(item, pinned))
        event.add("categories", ics.categories(item))
        event.add("sequence", max(0, (max(changed, start) - ics.SEQUENCE_EPOCH).days))
        event.add("last-modified", stamp)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def main(n: int = 5000) -> None:
    today = date(2026, 11, 23)
    data = items(n, today)
    settings = default_settings()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        body = ics.build_calendar(data, settings, "bench", today, options=ics.Options(horizon_days=365))
        best = min(best, time.perf_counter() - start)
    print(f"build_calendar: {n} items -> {body.count(b'BEGIN:VEVENT')} events, {len(body) / 1e6:.2f} MB "
          f"in {best * 1000:.0f} ms (best of 3)")
    best_ical = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        other = with_icalendar(data, settings, "bench", today, 365)
        best_ical = min(best_ical, time.perf_counter() - start)
    print(f"icalendar:      {n} items -> {other.count(b'BEGIN:VEVENT')} events, {len(other) / 1e6:.2f} MB "
          f"in {best_ical * 1000:.0f} ms (best of 3), {best_ical / best:.0f}x koop's writer")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
