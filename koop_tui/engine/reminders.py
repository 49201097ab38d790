"""Dated to-dos and reminders of a partner: follow-ups, handover, vetting, debrief, agreement review, warm-up."""

from __future__ import annotations

from datetime import date, timedelta

from koop_tui.engine.common import REMINDER_OVERDUE_DAYS, ago, dated_status, late, latest, make_item
from koop_tui.engine.facts import Facts
from koop_tui.engine.warmup import warmup
from koop_tui import i18n
from koop_tui.i18n import N_, NP_, _, translated
from koop_tui.model import DueItem
from koop_tui.words import plural, stage_word, vetting_missing

AGREEMENT_LABELS = {
    "referral-commission": N_("referral commission"),
    "shared-offer": N_("shared offer"),
    "exclusivity": N_("exclusivity"),
    "other": NP_("agreement", "other"),
}


def agreement_word(what: str) -> str:
    """An agreement's kind as shown ("shared offer"); the file keeps "shared-offer", and a kind koop does not
    know is shown as written."""
    return translated(AGREEMENT_LABELS[what]) if what in AGREEMENT_LABELS else what


def _shows(due: date, facts: Facts, within: int) -> bool:
    return due <= facts.today + timedelta(days=within)


def _when(due: date, today: date) -> str:
    late = (today - due).days
    if late == 0:
        return _("due today")
    if late > 0:
        return plural(late, "{n} d late (due {date})", "{n} d late (due {date})", date=i18n.day(due))
    return plural(-late, "due in {n} d ({date})", "due in {n} d ({date})", date=i18n.day(due))


def _reminder(facts: Facts, key: str, kind: str, title: str, due: date, why: str, changed: date | None,
              overdue_after: int | None = REMINDER_OVERDUE_DAYS, **extra) -> DueItem:
    status = dated_status(due, facts.today, overdue_after)
    return make_item(facts.partner, key, kind, title, status, due, why,
                     owing=facts.owing, changed=latest(changed) or due, **extra)


def followup_items(facts: Facts, within: int) -> list[DueItem]:
    """Open follow-ups up to today + within; one day late is overdue."""
    partner, out = facts.partner, []
    for fu in partner.followups:
        if fu.done is not None or not _shows(fu.due, facts, within):
            continue
        contact = partner.contact(fu.contact) if fu.contact else None
        if contact is not None:
            why = _("follow-up {when} with {name}").format(when=_when(fu.due, facts.today), name=contact.name)
        else:
            why = _("follow-up {when}").format(when=_when(fu.due, facts.today))
        departure = contact is not None and contact.left is None and fu.checks_departure()
        if departure:
            why = _("confirm: koop set {slug}/{contact} left=DATE successor=ID (in the app: x); "
                    "still there: koop done {slug}/{id}").format(slug=partner.slug, contact=contact.id, id=fu.id)
        if facts.owing:
            why += "; " + _("they gave last — you owe them")
        out.append(_reminder(
            facts, f"followup:{partner.slug}/{fu.id}", "followup", fu.text, fu.due, why, fu.due, 1,
            contact=fu.contact, contact_name=contact.name if contact else None,
            owner=fu.owner or partner.owner, way=None if departure else {},
        ))
    return out


def handover_items(facts: Facts, within: int) -> list[DueItem]:
    """A partner whose contacts all left: the cooperation must not die with the person."""
    partner, today = facts.partner, facts.today
    if not partner.contacts or any(c.active_on(today) for c in partner.contacts):
        return []
    gone = sorted(partner.contacts, key=lambda c: (c.left, c.id))
    due = gone[-1].left
    left = ", ".join(_("{name} on {date}").format(name=c.name, date=i18n.day(c.left)) for c in gone[-3:])
    why = _("handover needed: every contact left ({left}); find and add their successor").format(left=left)
    return [_reminder(facts, f"handover:{partner.slug}", "handover",
                      _("Find a new contact at {name}").format(name=partner.name), due, why, due)]


def vetting_items(facts: Facts, within: int) -> list[DueItem]:
    """Prospects older than vetting_after_days (from `since` or the first touch) with open vetting parts."""
    partner = facts.partner
    if partner.stage not in ("prospect", "vetting"):
        return []
    missing = partner.vetting.missing()
    start = partner.since or (facts.touches[0].date if facts.touches else None)
    if not missing or start is None or start > facts.today:
        return []
    due = start + timedelta(days=facts.settings.vetting_after_days)
    if not _shows(due, facts, within):
        return []
    days = plural((facts.today - start).days, "{n} d", "{n} d")
    why = plural(facts.settings.vetting_after_days,
                 "missing: {missing}; {stage} since {date} ({days}, vetting expected within {n} d)",
                 "missing: {missing}; {stage} since {date} ({days}, vetting expected within {n} d)",
                 missing=vetting_missing(missing), stage=stage_word(partner.stage),
                 date=i18n.day(start), days=days)
    return [_reminder(facts, f"vetting:{partner.slug}", "vetting",
                      _("Complete vetting of {name}").format(name=partner.name), due, why, start)]


def debrief_items(facts: Facts, within: int) -> list[DueItem]:
    """After the last joint project ended: debrief and stay in touch, until a touch after its end."""
    project = facts.phase.last_ended
    if facts.phase.state != "between" or project is None:
        return []
    if any(t.date > project.end for t in facts.touches):
        return []
    due = project.end + timedelta(days=facts.settings.debrief_after_days)
    if not _shows(due, facts, within):
        return []
    why = _("project {name} ended {ago} — debrief and stay in touch (recalculation, lessons, next idea)").format(
        name=project.name, ago=ago((facts.today - project.end).days))
    return [_reminder(facts, f"debrief:{facts.partner.slug}/{project.id}", "debrief",
                      _("Debrief {project} with {name}").format(project=project.name, name=facts.partner.name),
                      due, why, project.end)]


def agreement_items(facts: Facts, within: int) -> list[DueItem]:
    """Agreements with a review date: due agreement_lead_days before it, overdue from the date on."""
    partner, lead, out = facts.partner, facts.settings.agreement_lead_days, []
    for a in partner.agreements:
        if a.review is None:
            continue
        due = a.review - timedelta(days=lead)
        if not _shows(due, facts, within):
            continue
        what = agreement_word(a.what)
        why = _("review of {what} on {date} ({late})").format(what=what, date=i18n.day(a.review),
                                                              late=late((facts.today - a.review).days))
        if a.text:
            why += f": {a.text if len(a.text) <= 60 else a.text[:59] + '…'}"
        out.append(_reminder(facts, f"agreement:{partner.slug}/{a.id}", "agreement",
                             _("Review agreement with {name}: {what}").format(name=partner.name, what=what), due, why,
                             latest(a.signed, due), overdue_after=lead, by=a.review))
    return out


def warmup_items(facts: Facts, within: int) -> list[DueItem]:
    """A prospect that gave back after our gives: time to propose the cooperation."""
    partner = facts.partner
    if partner.stage != "prospect":
        return []
    w = warmup(facts.touches)
    if w.state != "ready":
        return []
    why = plural(len(w.gives),
                 "they gave back {ago} after your {n} give since {date} — ready to propose a cooperation",
                 "they gave back {ago} after your {n} gives since {date} — ready to propose a cooperation",
                 ago=ago((facts.today - w.reciprocated).days), date=i18n.day(w.first_give))
    return [_reminder(facts, f"warmup:{partner.slug}", "warmup",
                      _("Propose a cooperation to {name}").format(name=partner.name), w.reciprocated, why,
                      w.reciprocated)]


REMINDERS = (handover_items, vetting_items, debrief_items, agreement_items, warmup_items)
