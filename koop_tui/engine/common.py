"""Small shared rules of the engine: status from a ratio or from days late, dates of yearly occasions."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from koop_tui import i18n
from koop_tui.engine.clearing import with_way_out
from koop_tui.i18n import _
from koop_tui.model import DueItem, Partner, Settings
from koop_tui.words import plural

STATUS_RANK = {"overdue": 0, "due": 1, "soon": 2, "ok": 3}
# Reminders (handover, vetting, debrief, warm-up) turn overdue when left alone this long.
REMINDER_OVERDUE_DAYS = 14


def status_from_ratio(ratio: float, settings: Settings) -> str:
    if ratio >= settings.overdue_ratio:
        return "overdue"
    if ratio >= 1:
        return "due"
    if ratio >= settings.soon_ratio:
        return "soon"
    return "ok"


def dated_status(due: date, today: date, overdue_after: int | None) -> str:
    """`soon` before the due date, `due` from it, `overdue` once `overdue_after` days late (None: never)."""
    late = (today - due).days
    if late < 0:
        return "soon"
    if overdue_after is not None and late >= overdue_after:
        return "overdue"
    return "due"


def yearly(month: int, day: int, year: int) -> date:
    """The date of a yearly occasion in `year`; Feb 29 falls on Feb 28 in non-leap years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


def next_yearly(month: int, day: int, today: date) -> date:
    """The next occurrence on or after today."""
    occ = yearly(month, day, today.year)
    return occ if occ >= today else yearly(month, day, today.year + 1)


def ago(days: int) -> str:
    if days == 0:
        return _("today")
    if days < 0:
        return plural(-days, "in {n} d", "in {n} d")
    return plural(days, "{n} d ago", "{n} d ago")


def late(days: int) -> str:
    """How a due date stands, `days` after it: "today", "in 21 d" (before it) or "9 d late"."""
    if days == 0:
        return _("today")
    return plural(-days, "in {n} d", "in {n} d") if days < 0 else plural(days, "{n} d late", "{n} d late")


def due_words(item: DueItem, today: date) -> str:
    """What the Due column says, in the CLI and the app alike: "9 d late", "in 21 d", "today"; a window (a
    campaign, fair or agreement review, open from `due`) "by 12-20" until its deadline, then days late; a warm-up
    (a chance, with no deadline) "ready 9 d" since it opened."""
    if item.by is not None:
        if today <= item.by:
            by = i18n.month_day(item.by) if (item.by - today).days < 300 else i18n.day(item.by)
            return _("by {date}").format(date=by)
        return late((today - item.by).days)
    if item.kind == "warmup" and item.due < today:
        return plural((today - item.due).days, "ready {n} d", "ready {n} d")
    return late((today - item.due).days)


def fmt_num(value: float) -> str:
    """Days and weights without noise: 41, 16.4, 0.6 (German 16,4)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else i18n.decimal(value)


def latest(*dates: date | None) -> date | None:
    found = [d for d in dates if d is not None]
    return max(found) if found else None


def make_item(partner: Partner, key: str, kind: str, title: str, status: str, due: date,
              explanation: str, **extra) -> DueItem:
    """A DueItem with the partner's fields filled in; its explanation ends with how it is cleared (`way`: the
    fields that text needs, e.g. a campaign's kind; None when the explanation says it already)."""
    extra.setdefault("owner", partner.owner)
    way = extra.pop("way", {})
    if way is not None:  # None: the explanation says how already (a "may have left" check)
        explanation = with_way_out(explanation, kind, key, **way)
    values = {**_FIELDS, "key": key, "kind": kind, "partner": partner.slug, "partner_name": partner.name,
              "title": title, "status": status, "due": due, "explanation": explanation, "stage": partner.stage,
              "tags": tuple(partner.tags), **extra}
    if len(values) != len(_FIELDS):
        raise TypeError(f"not a DueItem field: {', '.join(values.keys() - _FIELDS.keys())}")
    item = _new(DueItem)  # DueItem is frozen: its __init__ sets each field through object.__setattr__, 7x slower
    item.__dict__.update(values)  # in field order, as its __init__ leaves them (index/bodies.py encodes them so)
    return item


_FIELDS = {f.name: f.default for f in fields(DueItem)}  # the required ones are always given
_new = object.__new__
