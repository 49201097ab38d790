"""Digest mode: one all-day event per day and owner listing the items, instead of an event per item; the
checks every export passes hold in both modes, read back with icalendar and recurring-ical-events."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import httpx
import icalendar
import pytest
import recurring_ical_events

from koop_tui import ics
from koop_tui.settings import default_settings
from tests.calendar.test_serve_process import Server

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)


def digest(items, today=TODAY, alarm="", **options):
    settings = default_settings()
    settings.feed.alarm = alarm
    return ics.build_calendar(items, settings, "ws-1", today, options=ics.Options(mode="digest", **options))


def events_on(data: bytes, day: date) -> list:
    cal = icalendar.Calendar.from_ical(data)
    return recurring_ical_events.of(cal).between(day, day + timedelta(days=1))


@pytest.fixture
def items(item):
    return [
        item(),  # overdue since Nov 2: pinned to today
        item("followup:acme/f1", kind="followup", title="Send offer", status="due", due=TODAY,
             explanation="follow-up due today", changed=date(2026, 11, 20)),
        item("contact:nord/tom", partner="nord", partner_name="Nord Design", contact="tom", contact_name="Tom Berg",
             status="soon", due=TODAY + timedelta(days=3), explanation="last: call 27 d ago"),
        item("contact:acme/ida", contact="ida", contact_name="Ida Braun", status="soon",
             due=TODAY + timedelta(days=3), explanation="last: mail 25 d ago"),
        item("birthday:acme/jana", kind="birthday", status="soon", due=TODAY + timedelta(days=3), recurring=True,
             explanation="birthday on 11-26"),
    ]


def test_one_event_a_day_listing_its_items(items):
    data = digest(items)
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert [e["SUMMARY"] for e in events] == ["koop: 1 due, 1 overdue", "koop: 3 due"]
    today, later = events
    assert today.decoded("DTSTART") == TODAY and today.decoded("DTEND") == TODAY + timedelta(days=1)
    assert str(today["DESCRIPTION"]) == (
        "• Call Jana Weber (Muster GmbH) — overdue\n"
        "  last: call 41 d ago (Jana Weber); cadence 30 d from stage active; ratio 1.37 → due\n"
        "• Send offer (Jana Weber, Muster GmbH) — due\n"
        "  follow-up due today")
    assert str(later["DESCRIPTION"]).splitlines()[::2] == [
        "• Birthday: Jana Weber (Muster GmbH)", "• Call Ida Braun (Muster GmbH)", "• Call Tom Berg (Nord Design)"]
    assert "RRULE" not in later and later["TRANSP"] == "TRANSPARENT"
    assert [str(e["SUMMARY"]) for e in events_on(data, TODAY + timedelta(days=3))] == ["koop: 3 due"]
    assert events_on(data, TODAY + timedelta(days=1)) == []


def test_one_digest_per_owner_named_when_there_are_several(items):
    owned = [items[0], items[1].__class__(**{**items[1].__dict__, "owner": "ben"})]
    summaries = sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(digest(owned)).walk("VEVENT"))
    assert summaries == ["koop: 1 due (ben)", "koop: 1 overdue (unowned)"]


def test_uids_are_stable_per_day_and_owner_and_bytes_repeat(items):
    first, again = digest(items), digest(list(reversed(items)))
    assert first == again
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert uids == [ics.uid(f"digest::{TODAY}", "ws-1"), ics.uid(f"digest::{TODAY + timedelta(days=3)}", "ws-1")]


def test_alarm_for_follow_ups_in_both_modes(items):
    for data in (digest(items, alarm="09:30"), build_items(items, alarm="09:30")):
        cal = icalendar.Calendar.from_ical(data)
        alarms = [(str(e["SUMMARY"]), a) for e in cal.walk("VEVENT") for a in e.walk("VALARM")]
        assert len(alarms) == 1
        summary, alarm = alarms[0]
        assert "due" in summary and alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(hours=9, minutes=30)
    assert b"VALARM" not in digest(items) and b"VALARM" not in build_items(items)


def build_items(items, alarm=""):
    settings = default_settings()
    settings.feed.alarm = alarm
    return ics.build_calendar(items, settings, "ws-1", TODAY)


@pytest.mark.parametrize("mode", ["items", "digest"])
def test_every_export_is_valid_in_both_modes(workspace, mode):
    """The checks a subscriber's parser makes, on a real export of a workspace."""
    env = {**os.environ, "KOOP_TODAY": "2026-11-23", "PYTHONPATH": str(REPO)}
    ran = subprocess.run([sys.executable, "-m", "koop_tui", "export", "--all", "--mode", mode, "-o", "-"],
                         cwd=workspace, env=env, capture_output=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    data = ran.stdout
    assert_valid(data)
    cal = icalendar.Calendar.from_ical(data)
    assert "Who is due in Anna's cooperations" in str(cal["X-WR-CALDESC"])
    year = recurring_ical_events.of(cal).between(date(2026, 11, 23), date(2027, 11, 23))
    if mode == "digest":
        assert all(str(e["SUMMARY"]).startswith("koop: ") for e in year)
        days = [e.decoded("DTSTART") for e in year]
        assert len(days) == len(set(days)), "one digest a day (one owner here)"
    else:
        assert any(str(e["SUMMARY"]).startswith("Birthday: ") for e in year)


def assert_valid(data: bytes) -> None:
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    data.decode("utf-8")
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event in events:
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert key in event
        assert isinstance(event.decoded("DTSTART"), date)
        assert event.decoded("DTEND") == event.decoded("DTSTART") + timedelta(days=1)


def test_a_subscriber_reads_the_digest_feed_and_the_public_links(workspace):
    with (workspace / "koop.toml").open("a") as f:
        f.write('mode = "digest"\n')  # the file ends inside [feed]
    server = Server(workspace, "--all", "--public-url", "https://koop.example.com/team/")
    try:
        server.read_until("webcal://koop.example.com")
        assert f"  https://koop.example.com/team/{server.token}/koop.ics\n" in server.stdout
        assert f"  webcal://koop.example.com/team/{server.token}/koop.ics\n" in server.stdout
        body = httpx.get(server.url, timeout=10).content
    finally:
        code, stderr = server.stop()
    assert code == 0, stderr
    assert_valid(body)
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert summaries and all(s.startswith("koop: ") for s in summaries)


def test_mode_and_alarm_are_checked_in_koop_toml(workspace):
    with (workspace / "koop.toml").open("a") as f:
        f.write('mode = "daily"\nalarm = "9 am"\n')
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ran = subprocess.run([sys.executable, "-m", "koop_tui", "check"], cwd=workspace, env=env, capture_output=True,
                         text=True, timeout=60)
    assert ran.returncode == 1
    assert "unknown feed mode 'daily' (known: items, digest)" in ran.stdout
    assert "[feed]: alarm is not a time of day: '9 am'" in ran.stdout
