"""Calendar capture from .ics files and URLs, built with icalendar: past meetings with contacts are logged,
cancelled, declined, future and crowded events are not, and a failing URL ends with one line."""

from __future__ import annotations

import http.server
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar, Event, vCalAddress

from tests.capture.conftest import write_config


def event(uid: str, start, summary: str, attendees=(), organizer="anna@me.example", status="", declined=()):
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(hours=1) if isinstance(start, datetime) else start + timedelta(days=1))
    ev.add("summary", summary)
    ev.add("dtstamp", datetime(2026, 11, 1, tzinfo=timezone.utc))
    org = vCalAddress(f"mailto:{organizer}")
    org.params["cn"] = "Anna"
    ev.add("organizer", org)
    for address in attendees:
        who = vCalAddress(f"mailto:{address}")
        who.params["partstat"] = "DECLINED" if address in declined else "ACCEPTED"
        ev.add("attendee", who, encode=0)
    if status:
        ev.add("status", status)
    return ev


def calendar(*events) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//test//koop//")
    cal.add("version", "2.0")
    for ev in events:
        cal.add_component(ev)
    return cal.to_ical()


def at(d: int, h: int = 10) -> datetime:
    return datetime(2026, 11, 20, h, tzinfo=timezone.utc) - timedelta(days=d)


EVENTS = calendar(
    event("m1@cal", at(3), "Jour fixe", ["jana@muster.example", "anna@me.example"]),
    event("m2@cal", at(2), "Cancelled", ["tom@muster.example"], status="CANCELLED"),
    event("m3@cal", at(2), "Declined", ["tom@muster.example", "anna@me.example"], declined=("anna@me.example",)),
    event("m4@cal", at(-2), "Next week", ["tom@muster.example"]),
    event("m5@cal", at(4), "All hands", ["tom@muster.example"] + [f"p{i}@x.example" for i in range(10)]),
    event("m6@cal", date(2026, 11, 12), "Visit", ["ole@nord.example"], organizer="ole@nord.example"),
)


def test_past_meetings_with_contacts_are_logged_once(ws, tmp_path, koop):
    write_config('[capture]\nme = ["anna@me.example"]\n')
    path = tmp_path / "cal.ics"
    path.write_bytes(EVENTS)
    code, out, err = koop("capture", "--ics", str(path), cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "captured  2026-11-17  meeting with Jana Weber (Muster GmbH)  [cal:m1@cal]",
        "captured  2026-11-12  meeting with Ole Hansen (Nord Design)  [cal:m6@cal]",
        "2 touchpoints captured, 0 to review; Jana Weber, Ole Hansen are no longer due",
        "skipped: 1 with too many people, 1 declined, 1 cancelled, 1 in the future",
    ]
    assert 'kind = "meeting"\ncontacts = ["jana"]\nby = "anna"\nsource = "cal:m1@cal"\n' in (
        ws / "partners" / "muster.toml").read_text()
    assert koop("capture", "--ics", str(path), cwd=ws)[1] == "0 touchpoints captured, 0 to review\n"
    # the next day, the event of next week is still in the future; once it is past it counts
    code, out, _ = koop("capture", "--ics", str(path), cwd=ws, today="2026-11-23")
    assert out.splitlines()[-2:] == ["1 touchpoint captured, 0 to review; Tom Berg is no longer due",
                                     "skipped: 1 with too many people, 1 declined, 1 cancelled"]


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    status = 200

    def do_GET(self):  # noqa: N802 - the http.server API
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_ics_url_is_read_and_a_500_ends_with_one_line(ws, koop, http_server):
    write_config('[capture]\nme = ["anna@me.example"]\n')
    url = f"http://127.0.0.1:{http_server.server_address[1]}/cal.ics"
    _Handler.body, _Handler.status = EVENTS, 200
    code, out, _ = koop("capture", "--ics", url, cwd=ws)
    assert out.splitlines()[-2].startswith("2 touchpoints captured")
    _Handler.body, _Handler.status = b"oops", 500
    code, out, err = koop("capture", "--ics", url, cwd=ws)
    assert (code, err) == (1, f"koop: capture: ics:{url}: {url}: the server answered 500 Internal Server Error\n")
    assert out == "0 touchpoints captured, 0 to review\n"


def test_a_recurring_meeting_counts_once_per_past_occurrence_with_its_exceptions(ws, tmp_path, koop):
    weekly = event("w1@cal", at(28, 9), "Jour fixe", ["jana@muster.example", "anna@me.example"])
    weekly.add("rrule", {"freq": "weekly", "count": 8})  # 10-23 to 12-11; today, 11-20, is the fifth
    weekly.add("exdate", at(21, 9))  # 10-30 did not take place
    moved = event("w1@cal", at(12, 9), "Jour fixe, moved", ["tom@muster.example", "anna@me.example"])
    moved.add("recurrence-id", at(14, 9))  # 11-06 took place on 11-08, with Tom
    path = tmp_path / "cal.ics"
    path.write_bytes(calendar(weekly, moved))
    write_config('[capture]\nme = ["anna@me.example"]\n')
    code, out, err = koop("capture", "--ics", str(path), cwd=ws)
    assert (code, err) == (0, "")
    assert [line.split("  ")[1:] for line in out.splitlines()[:-1]] == [
        ["2026-10-23", "meeting with Jana Weber (Muster GmbH)", "[cal:w1@cal]"],  # the first keeps the UID
        ["2026-11-08", "meeting with Tom Berg (Muster GmbH)", "[cal:w1@cal/2026-11-06]"],
        ["2026-11-13", "meeting with Jana Weber (Muster GmbH)", "[cal:w1@cal/2026-11-13]"],
        ["2026-11-20", "meeting with Jana Weber (Muster GmbH)", "[cal:w1@cal/2026-11-20]"],
    ]
    assert out.splitlines()[-1] == "4 touchpoints captured, 0 to review; Jana Weber, Tom Berg are no longer due"
    code, out, _ = koop("capture", "--ics", str(path), cwd=ws, today="2026-11-28")  # a week later: one more
    assert out.splitlines() == [
        "captured  2026-11-27  meeting with Jana Weber (Muster GmbH)  [cal:w1@cal/2026-11-27]",
        "1 touchpoint captured, 0 to review"]


@pytest.mark.parametrize("rule", [{"freq": "secondly", "count": 100_000_000}, {"freq": "hourly"},
                                  {"freq": "daily", "byhour": list(range(24)), "byminute": [0, 30]}])
def test_a_series_recurring_more_than_daily_is_skipped_not_expanded(ws, tmp_path, koop, rule):
    """FREQ=SECONDLY with a huge COUNT (a hostile or broken calendar) made the expansion run for hours; a series
    more often than daily is no meeting cadence: skipped, while the calendar's other events still count."""
    storm = event("storm@cal", datetime(2001, 1, 1, 9, tzinfo=timezone.utc), "Storm", ["jana@muster.example"])
    storm.add("rrule", rule)
    weekly = event("w1@cal", at(7, 9), "Jour fixe", ["jana@muster.example", "anna@me.example"])
    weekly.add("rrule", {"freq": "weekly", "count": 2})
    path = tmp_path / "cal.ics"
    path.write_bytes(calendar(storm, weekly))
    write_config('[capture]\nme = ["anna@me.example"]\n')
    code, out, err = koop("capture", "--ics", str(path), "--dry-run", cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "would log  2026-11-13  meeting with Jana Weber (Muster GmbH)  [cal:w1@cal]",
        "would log  2026-11-20  meeting with Jana Weber (Muster GmbH)  [cal:w1@cal/2026-11-20]",
        "2 touchpoints captured, 0 to review",
        "skipped: 1 series recurring more than daily",
        "dry run: nothing written"]
