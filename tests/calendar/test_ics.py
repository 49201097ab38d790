"""The calendar document: properties, dates, UIDs, stability, folding, pinning, filters."""

from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar

from koop_tui import ics
from koop_tui.model import DueItem
from koop_tui.settings import default_settings

TODAY = date(2026, 11, 23)


def build(items, settings=None, today=TODAY, **options):
    settings = settings or default_settings()
    return ics.build_calendar(items, settings, "ws-1", today, options=ics.Options(**options))


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def event_blocks(data: bytes) -> dict[str, bytes]:
    """Raw bytes of each VEVENT by UID, to compare what changed between two exports."""
    blocks = data.split(b"BEGIN:VEVENT\r\n")[1:]
    out = {}
    for block in blocks:
        uid_line = next(line for line in block.split(b"\r\n") if line.startswith(b"UID:"))
        out[uid_line[4:].decode()] = block
    return out


def test_calendar_properties_are_exact_lines(item):
    data = build([item()])
    lines = data.split(b"\r\n")
    assert lines[:8] == [
        b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//koop//koop calendar//EN", b"CALSCALE:GREGORIAN",
        b"NAME:koop", b"X-WR-CALNAME:koop", b"REFRESH-INTERVAL;VALUE=DURATION:PT6H", b"X-PUBLISHED-TTL:PT6H",
    ]
    assert b"METHOD" not in data
    assert data.endswith(b"END:VCALENDAR\r\n")


def test_refresh_of_a_day_is_a_valid_duration():
    settings = default_settings()
    settings.feed.refresh_hours = 24
    settings.feed.name = "Anna's koop"
    lines = build([], settings).split(b"\r\n")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in lines
    assert b"X-PUBLISHED-TTL:P1D" in lines
    assert b"X-WR-CALNAME:Anna's koop" in lines


def test_overdue_contact_event_on_today(item):
    (event,) = events(build([item()])).values()
    assert event["SUMMARY"] == "Call Jana Weber (Muster GmbH) — overdue"
    assert event.decoded("DTSTART") == TODAY
    assert event.decoded("DTEND") == date(2026, 11, 24)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event["DESCRIPTION"] == (
        "last: call 41 d ago (Jana Weber); cadence 30 d from stage active; ratio 1.37 → due\n"
        "Due since 2026-11-02.\npartners/acme.toml"
    )
    assert event["CATEGORIES"].cats == ["contact", "overdue", "active", "agency", "seo"]
    assert event["TRANSP"] == "TRANSPARENT"
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 23, tzinfo=timezone.utc)
    assert event.decoded("LAST-MODIFIED") == datetime(2026, 11, 23, tzinfo=timezone.utc)


def test_overdue_kept_on_due_date_without_pinning(item):
    (event,) = events(build([item()], pin_overdue=False)).values()
    assert event.decoded("DTSTART") == date(2026, 11, 2)
    assert "Due since" not in event["DESCRIPTION"]
    assert event.decoded("DTSTAMP") == datetime(2026, 10, 1, tzinfo=timezone.utc)


def test_summaries_by_kind(item):
    followup = item("followup:acme/b12c", kind="followup", title="Send offer", status="soon", due=date(2026, 11, 30))
    partner_only = item("contact:nord", partner="nord", partner_name="Nord Design", contact=None,
                        contact_name=None, status="due", due=TODAY)
    campaign = item("campaign:xmas/acme", kind="campaign", title="Christmas cards", contact=None,
                    contact_name=None, status="soon", due=date(2026, 12, 20))
    got = {str(e["SUMMARY"]) for e in events(build([followup, partner_only, campaign])).values()}
    assert got == {
        "Send offer (Jana Weber, Muster GmbH)", "Call Nord Design — due", "Christmas cards (Muster GmbH)",
    }


def test_uid_is_stable_and_scoped_to_the_workspace(item):
    key = "followup:acme/b12c"
    assert ics.uid(key, "ws-1") == ics.uid(key, "ws-1")
    assert ics.uid(key, "ws-1") != ics.uid(key, "ws-2")
    assert ics.uid(key, "ws-1") != ics.uid("followup:acme/b12d", "ws-1")
    assert ics.uid(key, "ws-1").endswith("@koop") and len(ics.uid(key, "ws-1")) == 45
    (uid,) = events(build([item()]))
    assert uid == ics.uid("contact:acme/jana", "ws-1")


def test_workspace_id_comes_from_feed_id_else_the_name():
    settings = default_settings()
    settings.name = "Größe & Co"
    assert ics.workspace_id(settings) == "groesse-co"
    settings.feed.id = "anna-koop"
    assert ics.workspace_id(settings) == "anna-koop"


def test_output_is_byte_identical_and_independent_of_input_order(item):
    items = [item(), item("followup:acme/b12c", kind="followup", title="Send offer", due=date(2026, 12, 1))]
    first = build(items)
    assert build(items) == first
    assert build(list(reversed(items))) == first


def test_one_changed_item_changes_only_its_event(item):
    other = item("followup:acme/b12c", kind="followup", title="Send offer", status="soon", due=date(2026, 12, 1))
    before = event_blocks(build([item(), other]))
    touched = item(status="ok", due=date(2026, 12, 22), changed=TODAY)
    after = event_blocks(build([touched, other]))
    changed = {u for u in before if before[u] != after[u]}
    assert changed == {ics.uid("contact:acme/jana", "ws-1")}


def test_sequence_grows_when_the_date_moves(item):
    def sequence(i: DueItem, today=TODAY) -> int:
        (event,) = events(build([i], today=today)).values()
        return int(event["SEQUENCE"])

    later = item(status="soon", due=date(2026, 12, 10))
    assert sequence(later) < sequence(item(status="soon", due=date(2026, 12, 11)))
    assert sequence(item()) < sequence(item(), today=date(2026, 11, 24))
    assert sequence(later) == (date(2026, 12, 10) - date(2000, 1, 1)).days


def test_horizon_and_kind_filters(item):
    items = [
        item(),
        item("followup:acme/b12c", kind="followup", title="Send offer", status="soon", due=date(2026, 12, 1)),
        item("contact:acme/tom", contact="tom", contact_name="Tom Berg", status="soon", due=date(2027, 3, 1)),
    ]
    assert len(events(build(items))) == 2
    assert len(events(build(items, horizon_days=120))) == 3
    only = events(build(items, include=("followup",)))
    assert [str(e["SUMMARY"]) for e in only.values()] == ["Send offer (Jana Weber, Muster GmbH)"]
    assert len(events(build(items, exclude=("followup",)))) == 1


def test_duplicate_keys_yield_one_event(item):
    assert len(events(build([item(), item()]))) == 1


def test_crlf_line_ends_everywhere(item):
    data = build([item(explanation="line one\nline two")])
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\\nline two" in data


def test_long_german_summary_is_folded_at_75_octets_without_splitting_characters(item):
    name = "Jürgen Müller-Lüdenscheidt"
    partner = "Größenwahn Übersetzungs- und Dolmetscherbüro für Äthiopisch und Ölbranche GmbH & Co. KG"
    data = build([item(contact_name=name, partner_name=partner)])
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")
    (event,) = events(data).values()
    assert event["SUMMARY"] == f"Call {name} ({partner}) — overdue"


def test_folding_keeps_escapes_and_characters_whole():
    for text in ("a" * 73 + "\\n" + "b" * 80, "ä" * 100, "x" * 72 + "\\\\" + "\\;" + "y" * 90):
        folded = ics.fold("DESCRIPTION:" + text).encode()
        parts = folded.split(b"\r\n ")
        assert all(len(p) <= 75 for p in parts) and all(len(p) <= 74 for p in parts[1:])
        assert b"".join(parts) == ("DESCRIPTION:" + text).encode()
        for part in parts:
            part.decode("utf-8")
            run = len(part) - len(part.rstrip(b"\\"))
            assert run % 2 == 0


def test_text_values_are_escaped_and_parse_back(item):
    tricky = item(title="Offer; v2, final\\draft", kind="followup", explanation="a;b,c\\d\ne")
    (event,) = events(build([tricky])).values()
    assert event["SUMMARY"] == "Offer; v2, final\\draft (Jana Weber, Muster GmbH) — overdue"
    assert event["DESCRIPTION"].startswith("a;b,c\\d\ne\n")
    assert b"SUMMARY:Offer\\; v2\\, final\\\\draft" in build([tricky])
