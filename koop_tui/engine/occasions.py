"""Yearly and dated occasions: birthdays, partnership anniversaries, campaigns and trade fairs."""

from __future__ import annotations

from datetime import date, timedelta

from koop_tui.engine.common import dated_status, make_item, next_yearly, yearly
from koop_tui.engine.facts import Facts
from koop_tui.model import Contact, DueItem


def _involves(t, contact: Contact) -> bool:
    return contact.id in t.contacts if t.contacts else contact.active_on(t.date)


def _touched_on(facts: Facts, day: date, contact: Contact | None = None) -> bool:
    return any(t.date == day and (contact is None or _involves(t, contact)) for t in reversed(facts.touches))


def _touched_between(facts: Facts, start: date, end: date, kinds) -> bool:
    """A touch (of one of `kinds`, or any) dated in [start, end]; touches are sorted, so walk back from the end."""
    for t in reversed(facts.touches):
        if t.date < start:
            return False
        if t.date <= end and (not kinds or t.kind in kinds):
            return True
    return False


def birthday_items(facts: Facts, within: int) -> list[DueItem]:
    """Birthdays from `within` days ahead until the day; done by any touch with the person on the day."""
    partner, today, out = facts.partner, facts.today, []
    for c in partner.contacts:
        b = c.birthday
        if b is None or not c.active_on(today):
            continue
        occ = next_yearly(b.month, b.day, today)
        if (occ - today).days > within or _touched_on(facts, occ, c):
            continue
        age = f" (turns {occ.year - b.year})" if b.year is not None else ""
        moved = " (Feb 29, this year on Feb 28)" if (b.month, b.day) != (occ.month, occ.day) else ""
        why = f"birthday of {c.name} on {occ.isoformat()}{moved}"
        out.append(make_item(
            partner, f"birthday:{partner.slug}/{c.id}", "birthday", f"Birthday: {c.name}{age}",
            dated_status(occ, today, None), occ, why, contact=c.id, contact_name=c.name,
            owing=facts.owing, recurring=True,
            changed=yearly(b.month, b.day, b.year) if b.year else occ,
        ))
    return out


def anniversary_items(facts: Facts, within: int) -> list[DueItem]:
    """Whole years since `since`, from `within` days ahead until the day."""
    partner, today = facts.partner, facts.today
    since = partner.since
    if since is None:
        return []
    occ = next_yearly(since.month, since.day, today)
    years = occ.year - since.year
    if years < 1 or (occ - today).days > within or _touched_on(facts, occ):
        return []
    noun = "year" if years == 1 else "years"
    why = f"partners since {since.isoformat()}: {years} {noun} on {occ.isoformat()}"
    return [make_item(partner, f"anniversary:{partner.slug}", "anniversary", f"{years} {noun} with {partner.name}",
                      dated_status(occ, today, None), occ, why, owing=facts.owing, recurring=True,
                      changed=since)]


def campaign_items(facts: Facts, within: int) -> list[DueItem]:
    """Each campaign's window [date − lead_days, date] (across New Year too); done by a campaign-kind touch in it."""
    partner, today, out = facts.partner, facts.today, []
    for c in facts.settings.campaigns:
        if (c.stages and partner.stage not in c.stages) or (c.tags and not set(c.tags) & set(partner.tags)):
            continue
        occ = next_yearly(c.month, c.day, today)
        start = occ - timedelta(days=c.lead_days)
        if today < start - timedelta(days=within):
            continue
        if _touched_between(facts, start, occ, c.kinds):
            continue
        kinds = " or ".join(c.kinds) if c.kinds else "any touch"
        why = f"{c.name} by {occ.isoformat()} (window from {start.isoformat()}); log {kinds} when done"
        out.append(make_item(partner, f"campaign:{c.id}/{partner.slug}", "campaign", f"{c.name}: {partner.name}",
                             dated_status(start, today, None), start, why, owing=facts.owing,
                             changed=start, by=occ, way={"touch": c.kinds[0] if c.kinds else "KIND"}))
    return out


def fair_items(facts: Facts, within: int) -> list[DueItem]:
    """Fairs whose tags a partner shares: from lead_days before the start until the end; done by a touch then."""
    partner, today, out = facts.partner, facts.today, []
    for f in facts.settings.fairs:
        shared = [t for t in partner.tags if t in f.tags]
        end = f.end or f.start
        if not shared or today > end:
            continue
        start = f.start - timedelta(days=f.lead_days)
        if today < start - timedelta(days=within):
            continue
        if _touched_between(facts, start, end, ()):
            continue
        span = f.start.isoformat() + (f" to {end.isoformat()}" if end != f.start else "")
        place = f" in {f.place}" if f.place else ""
        why = f"{f.name} {span}{place}; likely there (tags {', '.join(shared)}): arrange to meet"
        out.append(make_item(partner, f"fair:{f.id}/{partner.slug}", "fair", f"Meet {partner.name} at {f.name}",
                             dated_status(start, today, None), start, why, owing=facts.owing,
                             changed=f.start, by=end))
    return out


OCCASIONS = (birthday_items, anniversary_items, campaign_items, fair_items)
