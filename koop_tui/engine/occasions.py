"""Yearly and dated occasions: birthdays, partnership anniversaries, campaigns and trade fairs."""

from __future__ import annotations

from datetime import date, timedelta

from koop_tui.engine.common import dated_status, make_item, next_yearly, yearly
from koop_tui import i18n
from koop_tui.engine.facts import Facts
from koop_tui.i18n import _
from koop_tui.model import Contact, DueItem, kind_shown
from koop_tui.words import plural


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
        if b.year is not None and occ.year > b.year:  # a year after today's (a typo) names no age
            title = _("Birthday: {name} (turns {age})").format(name=c.name, age=occ.year - b.year)
        else:
            title = _("Birthday: {name}").format(name=c.name)
        if (b.month, b.day) != (occ.month, occ.day):
            why = _("birthday of {name} on {date} (Feb 29, this year on Feb 28)").format(name=c.name,
                                                                                       date=i18n.day(occ))
        else:
            why = _("birthday of {name} on {date}").format(name=c.name, date=i18n.day(occ))
        out.append(make_item(
            partner, f"birthday:{partner.slug}/{c.id}", "birthday", title,
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
    why = plural(years, "partners since {since}: {n} year on {date}", "partners since {since}: {n} years on {date}",
                 since=i18n.day(since), date=i18n.day(occ))
    title = plural(years, "{n} year with {name}", "{n} years with {name}", name=partner.name)
    return [make_item(partner, f"anniversary:{partner.slug}", "anniversary", title,
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
        kinds = _(" or ").join(kind_shown(k, facts.settings.kinds) for k in c.kinds) if c.kinds \
            else _("any touch")
        why = _("{name} by {date} (window from {start}); log {kinds} when done").format(
            name=c.name, date=i18n.day(occ), start=i18n.day(start), kinds=kinds)
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
        span = i18n.day(f.start) if end == f.start else _("{start} to {end}").format(start=i18n.day(f.start),
                                                                                     end=i18n.day(end))
        place = _(" in {place}").format(place=f.place) if f.place else ""
        why = _("{name} {span}{place}; likely there (tags {tags}): arrange to meet").format(
            name=f.name, span=span, place=place, tags=", ".join(shared))
        title = _("Meet {name} at {fair}").format(name=partner.name, fair=f.name)
        out.append(make_item(partner, f"fair:{f.id}/{partner.slug}", "fair", title,
                             dated_status(start, today, None), start, why, owing=facts.owing,
                             changed=f.start, by=end))
    return out


OCCASIONS = (birthday_items, anniversary_items, campaign_items, fair_items)
