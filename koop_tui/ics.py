"""Due items -> one iCalendar (RFC 5545) document; pure, no I/O, no clock.

The text is written directly (escaping and folding per RFC 5545) rather than through icalendar's object
model, which is 20-30 times slower (measured in docs/calendar.md); the tests parse every export back with
icalendar.

Every value comes from the items and today's date, so an unchanged workspace exports byte-identical bytes.
The choices (UIDs, SEQUENCE, pinning of overdue items) are explained in docs/calendar.md.
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from koop_tui import i18n
from koop_tui.engine import due_items
from koop_tui.engine.problems import ROW_KINDS
from koop_tui.i18n import _
from koop_tui.model import DueItem, Partner, Settings, Workspace
from koop_tui.words import status_word

PRODID = "-//koop//koop calendar//EN"
SEQUENCE_EPOCH = date(2000, 1, 1)
URGENT = ("due", "overdue")


@dataclass(frozen=True)
class Options:
    """What to put in the calendar; None means "as koop.toml's [feed] says"."""

    horizon_days: int | None = None
    pin_overdue: bool | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    name: str | None = None
    mode: str | None = None


def workspace_id(settings: Settings) -> str:
    """The stable part of every UID: `[feed] id` from koop.toml, else the workspace name as a slug."""
    return settings.feed.id.strip() or _slug(settings.name) or "koop"


def _slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def uid(key: str, workspace: str) -> str:
    """Same item, same workspace -> same UID, on every export and every machine."""
    return hashlib.sha1(f"{workspace}\x00{key}".encode()).hexdigest() + "@koop"


def last_of_february(year: int) -> date:
    return date(year, 2, 29 if _calendar.isleap(year) else 28)


def yearly_anchor(item: DueItem, partners: Mapping[str, Partner]) -> tuple[int, int]:
    """(month, day) a recurring item repeats on: the birthday or `since`, else the item's own date."""
    partner = partners.get(item.partner)
    if partner is not None:
        contact = partner.contact(item.contact) if item.contact else None
        if item.kind == "birthday" and contact is not None and contact.birthday is not None:
            return contact.birthday.month, contact.birthday.day
        if item.kind == "anniversary" and partner.since is not None:
            return partner.since.month, partner.since.day
    return item.due.month, item.due.day


def occurrence(anchor: tuple[int, int], year: int) -> date:
    month, day = anchor
    if (month, day) == (2, 29):
        return last_of_february(year)
    return date(year, month, day)


def nearest_occurrence(anchor: tuple[int, int], near: date) -> date:
    """The anchor's date closest to `near` (the engine may place Feb 29 on Feb 28 or Mar 1)."""
    years = (near.year - 1, near.year, near.year + 1)
    return min((occurrence(anchor, y) for y in years), key=lambda d: abs((d - near).days))


def summary(item: DueItem) -> str:
    """A line that reads well on a phone: "Call Jana Weber (Muster GmbH) — overdue"."""
    who = item.contact_name or item.partner_name
    where = f" ({item.partner_name})" if item.contact_name and item.partner_name else ""
    if item.kind == "contact":
        text = _("Call {name}").format(name=who) + where
    elif item.kind == "birthday":
        text = _("Birthday: {name}").format(name=who) + where
    elif item.kind == "anniversary" and item.recurring:
        text = _("Partnership anniversary ({name})").format(name=item.partner_name)
    else:
        title = item.title or item.kind.replace("-", " ").capitalize()
        names = ", ".join(n for n in (item.contact_name, item.partner_name) if n)
        text = f"{title} ({names})" if names and item.partner_name not in title else title
    if item.status in URGENT and not item.recurring:
        text += f" — {status_word(item.status)}"
    return text


def description(item: DueItem, pinned: bool) -> str:
    lines = [item.explanation] if item.explanation else []
    if pinned:
        lines.append(_("Due since {date}.").format(date=i18n.day(item.due)))
    lines.append(f"partners/{item.partner}.toml")
    return "\n".join(lines)


def categories(item: DueItem) -> list[str]:
    status = () if item.recurring else (item.status,)
    seen: dict[str, None] = {}
    for value in (item.kind, *status, item.stage, *item.tags):
        if value:
            seen.setdefault(value, None)
    return list(seen)


@lru_cache(maxsize=4096)
def _ymd(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _duration(hours: int) -> str:
    return f"P{hours // 24}D" if hours % 24 == 0 else f"PT{hours}H"


def _text(value: str) -> str:
    """TEXT escaping of RFC 5545 3.3.11 (backslash, semicolon, comma, newline)."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    return value.replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def fold(line: str) -> str:
    """Folded at 75 octets of UTF-8, never inside a character nor between a backslash and what it escapes."""
    if len(line) <= 75 and line.isascii():
        return line
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:
            end -= 1
        run = 0
        while raw[end - 1 - run] == 0x5C and end - 1 - run > start:
            run += 1
        if run % 2:
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74
    parts.append(raw[start:])
    return b"\r\n ".join(parts).decode()


def _day(item: DueItem, today: date, pin: bool, partners: Mapping[str, Partner]) -> tuple[date, bool]:
    """The day an item shows on, and whether it was pinned there (overdue, moved to today)."""
    if item.recurring:
        return nearest_occurrence(yearly_anchor(item, partners), item.due), False
    pinned = pin and item.due < today
    return (today if pinned else item.due), pinned


def _alarm(at: str, text: str) -> list[str]:
    """A display alarm at `at` ("HH:MM") on the day of an all-day event (relative to its start, midnight)."""
    hours, minutes = (int(x) for x in at.split(":"))
    trigger = f"PT{hours}H{minutes}M" if minutes else f"PT{hours}H"
    return ["BEGIN:VALARM", "ACTION:DISPLAY", fold(f"DESCRIPTION:{_text(text)}"), f"TRIGGER:{trigger}",
            "END:VALARM"]


def _event(item: DueItem, ws: str, today: date, pin: bool, partners: Mapping[str, Partner],
           alarm: str = "") -> list[str]:
    rrule = ""
    start, pinned = _day(item, today, pin, partners)
    if item.recurring:
        anchor = yearly_anchor(item, partners)
        rrule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" if anchor == (2, 29) else "FREQ=YEARLY"
    changed = item.changed or start
    stamp = _ymd(max(changed, today) if pinned else changed) + "T000000Z"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(item.key, ws)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ymd(start)}",
        f"DTEND;VALUE=DATE:{_ymd(start + timedelta(days=1))}",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [
        fold(f"SUMMARY:{_text(summary(item))}"),
        fold(f"DESCRIPTION:{_text(description(item, pinned))}"),
        fold(f"CATEGORIES:{','.join(_text(c) for c in categories(item))}"),
        f"SEQUENCE:{max(0, (max(changed, start) - SEQUENCE_EPOCH).days)}",
        f"LAST-MODIFIED:{stamp}",
        "TRANSP:TRANSPARENT",
    ]
    if alarm and item.kind == "followup":
        lines += _alarm(alarm, summary(item))
    lines.append("END:VEVENT")
    return lines


def _late(item: DueItem) -> bool:
    return item.status == "overdue" and not item.recurring


def digest_summary(group: list[DueItem], owner: str | None) -> str:
    """"koop: 12 due, 3 overdue", and whose when the calendar holds several owners' digests."""
    late = sum(1 for item in group if _late(item))
    parts = [f"{i18n.number(len(group) - late)} {status_word('due')}"] if len(group) > late else []
    parts += [f"{i18n.number(late)} {status_word('overdue')}"] if late else []
    unowned = _("unowned")
    whose = "" if owner is None else f" ({owner or unowned})"
    return f"koop: {', '.join(parts)}{whose}"


def _digest(items: list[DueItem], ws: str, today: date, pin: bool, partners: Mapping[str, Partner],
            alarm: str) -> list[str]:
    """One all-day event per day and owner, its items listed in the description (docs/calendar.md)."""
    groups: dict[tuple[date, str], list[DueItem]] = {}
    for item in items:
        groups.setdefault((_day(item, today, pin, partners)[0], item.owner), []).append(item)
    several = len({owner for _, owner in groups}) > 1
    lines: list[str] = []
    for (day, owner), group in sorted(groups.items()):
        group.sort(key=lambda i: (not _late(i), i.due, i.key))
        changed = max(item.changed or day for item in group)
        stamp = _ymd(max(changed, today) if day == today else changed) + "T000000Z"
        text = "\n".join(f"• {summary(i)}" + (f"\n  {i.explanation}" if i.explanation else "") for i in group)
        title = digest_summary(group, owner if several else None)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(f'digest:{owner}:{day.isoformat()}', ws)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ymd(day)}",
            f"DTEND;VALUE=DATE:{_ymd(day + timedelta(days=1))}",
            fold(f"SUMMARY:{_text(title)}"),
            fold(f"DESCRIPTION:{_text(text)}"),
            "CATEGORIES:koop",
            f"SEQUENCE:{max(0, (max(changed, day) - SEQUENCE_EPOCH).days)}",
            f"LAST-MODIFIED:{stamp}",
            "TRANSP:TRANSPARENT",
        ]
        if alarm and any(item.kind == "followup" for item in group):
            lines += _alarm(alarm, title)
        lines.append("END:VEVENT")
    return lines


def select(items: Iterable[DueItem], today: date, horizon_days: int,
           include: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[DueItem]:
    """Items within the horizon and the kind filters, one per key, ordered by key (stable diffs). The kind
    filters never hide a problem or conflict row: the file behind it has nothing else in the calendar."""
    wanted, unwanted = set(include), set(exclude)
    last = today + timedelta(days=horizon_days)
    chosen: dict[str, DueItem] = {}
    for item in items:
        filtered = item.kind not in ROW_KINDS and ((wanted and item.kind not in wanted) or item.kind in unwanted)
        if item.due > last or filtered:
            continue
        chosen.setdefault(item.key, item)
    return [chosen[k] for k in sorted(chosen)]


def build_calendar(items: list[DueItem], settings: Settings, workspace_id: str, today: date, *,
                   options: Options = Options(), partners: Mapping[str, Partner] | None = None) -> bytes:
    """One VCALENDAR with an all-day VEVENT per item, or per day and owner in digest mode; CRLF line ends,
    lines folded at 75 octets."""
    feed = settings.feed
    horizon = feed.horizon_days if options.horizon_days is None else options.horizon_days
    pin = feed.pin_overdue if options.pin_overdue is None else options.pin_overdue
    include = feed.include if options.include is None else options.include
    exclude = feed.exclude if options.exclude is None else options.exclude
    name = _text(options.name or feed.name or settings.name)
    mode = options.mode or feed.mode
    refresh = _duration(max(1, feed.refresh_hours))
    if mode == "digest":
        about = _("Who is due in {name}, and why: partners, contacts and follow-ups from koop, one event a day "
                  "listing them.")
    else:
        about = _("Who is due in {name}, and why: partners, contacts and follow-ups from koop, an event for each.")
    about = _text(about.format(name=settings.name))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        fold(f"NAME:{name}"),
        fold(f"X-WR-CALNAME:{name}"),
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
        fold(f"X-WR-CALDESC:{about}"),
    ]
    chosen = select(items, today, horizon, include, exclude)
    if mode == "digest":
        lines += _digest(chosen, workspace_id, today, pin, partners or {}, feed.alarm)
    else:
        for item in chosen:
            lines += _event(item, workspace_id, today, pin, partners or {}, feed.alarm)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def calendar_for(workspace: Workspace, today: date, *, owner: str | None = None,
                 options: Options = Options()) -> tuple[bytes, int]:
    """The calendar of a loaded workspace as `koop export` and the feed serve it, with its event count; in the
    workspace's language (`language` in koop.toml, shared by the team), whatever the user's."""
    settings = workspace.settings
    horizon = settings.feed.horizon_days if options.horizon_days is None else options.horizon_days
    with i18n.using(settings.language or i18n.SOURCE):
        items = due_items(workspace, today, within=horizon, owner=owner)
        body = build_calendar(items, settings, workspace_id(settings), today, options=options,
                              partners=workspace.partners)
    return body, body.count(b"\r\nBEGIN:VEVENT\r\n")
