"""Dated to-dos and reminders of a partner: follow-ups, handover, vetting, debrief, agreement review, warm-up."""

from __future__ import annotations

from datetime import date, timedelta

from koop_tui.engine.common import REMINDER_OVERDUE_DAYS, ago, dated_status, late, latest, make_item
from koop_tui.engine.facts import Facts
from koop_tui.engine.warmup import warmup
from koop_tui.i18n import _
from koop_tui.model import DueItem

AGREEMENT_LABELS = {
    "referral-commission": "referral commission",
    "shared-offer": "shared offer",
    "exclusivity": "exclusivity",
}


def _shows(due: date, facts: Facts, within: int) -> bool:
    return due <= facts.today + timedelta(days=within)


def _when(due: date, today: date) -> str:
    late = (today - due).days
    if late == 0:
        return "due today"
    return f"{late} d late (due {due.isoformat()})" if late > 0 else f"due in {-late} d ({due.isoformat()})"


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
        why = "follow-up " + _when(fu.due, facts.today)
        if contact is not None:
            why += f" with {contact.name}"
        departure = contact is not None and contact.left is None and fu.checks_departure()
        if departure:
            why = _("confirm: koop set {slug}/{contact} left=DATE successor=ID (in the app: x); "
                    "still there: koop done {slug}/{id}").format(slug=partner.slug, contact=contact.id, id=fu.id)
        if facts.owing:
            why += "; they gave last — you owe them"
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
    left = ", ".join(f"{c.name} on {c.left.isoformat()}" for c in gone[-3:])
    why = f"handover needed: every contact left ({left}); find and add their successor"
    return [_reminder(facts, f"handover:{partner.slug}", "handover", f"Find a new contact at {partner.name}",
                      due, why, due)]


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
    why = (f"missing: {', '.join(missing)}; {partner.stage} since {start.isoformat()} "
           f"({(facts.today - start).days} d, vetting expected within {facts.settings.vetting_after_days} d)")
    return [_reminder(facts, f"vetting:{partner.slug}", "vetting", f"Complete vetting of {partner.name}",
                      due, why, start)]


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
    why = (f"project {project.name} ended {ago((facts.today - project.end).days)} "
           "— debrief and stay in touch (recalculation, lessons, next idea)")
    return [_reminder(facts, f"debrief:{facts.partner.slug}/{project.id}", "debrief",
                      f"Debrief {project.name} with {facts.partner.name}", due, why, project.end)]


def agreement_items(facts: Facts, within: int) -> list[DueItem]:
    """Agreements with a review date: due agreement_lead_days before it, overdue from the date on."""
    partner, lead, out = facts.partner, facts.settings.agreement_lead_days, []
    for a in partner.agreements:
        if a.review is None:
            continue
        due = a.review - timedelta(days=lead)
        if not _shows(due, facts, within):
            continue
        what = AGREEMENT_LABELS.get(a.what, a.what)
        why = f"review of {what} on {a.review.isoformat()} ({late((facts.today - a.review).days)})"
        if a.text:
            why += f": {a.text if len(a.text) <= 60 else a.text[:59] + '…'}"
        out.append(_reminder(facts, f"agreement:{partner.slug}/{a.id}", "agreement",
                             f"Review agreement with {partner.name}: {what}", due, why,
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
    gives = f"{len(w.gives)} give{'s' if len(w.gives) != 1 else ''}"
    why = (f"they gave back {ago((facts.today - w.reciprocated).days)} after your {gives} since "
           f"{w.first_give.isoformat()} — ready to propose a cooperation")
    return [_reminder(facts, f"warmup:{partner.slug}", "warmup", f"Propose a cooperation to {partner.name}",
                      w.reciprocated, why, w.reciprocated)]


REMINDERS = (handover_items, vetting_items, debrief_items, agreement_items, warmup_items)
