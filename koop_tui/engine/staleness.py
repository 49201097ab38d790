"""Weighted staleness per contact: `d` grows a day per day, each touch of weight w sets d := d × (1 − w)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from koop_tui.engine.cadence import Cadence, resolve
from koop_tui.engine.common import ago, fmt_num, status_from_ratio
from koop_tui import i18n
from koop_tui.engine.facts import Facts, partner_facts, weight_of, weights_of
from koop_tui.i18n import N_, _, translated
from koop_tui.model import Contact, Touchpoint, Workspace, kind_shown
from koop_tui.words import status_word

GIVE_FIRST = N_("give first: recommend, comment, share, link")
MAX_WEIGHTS_SHOWN = 3


@dataclass(slots=True)
class History:
    """A contact's touches as far back as they still matter, walked newest first.

    `stale` is d today; `keep` the product of (1 − w) of the touches walked so far (0 once a full touch
    reset d); `base` the touch d was last reset at (a weight-1 touch, or the first touch of all);
    `partial` the lighter touches after it, newest first.
    """

    last: Touchpoint
    stale: float
    keep: float
    next_ord: int
    base: Touchpoint | None = None
    partial: list[Touchpoint] = field(default_factory=list)


@dataclass(slots=True)
class ContactState:
    """A contact's staleness today; `contact` is None for a partner without any contact."""

    contact: Contact | None
    cadence: Cadence
    stale_days: float | None = None
    ratio: float | None = None
    status: str | None = None
    due: date | None = None
    history: History | None = None
    predecessor: Contact | None = None
    snoozed_until: date | None = None
    explanation: str = ""  # filled by explain() where shown

    @property
    def never_contacted(self) -> bool:
        return self.history is None

    @property
    def last_date(self) -> date | None:
        return self.history.last.date if self.history else None


def histories(facts: Facts) -> dict[str | None, History]:
    """Walk the past touches newest first, each contact until a full touch closes its history.

    Same result as d := (d + days) × (1 − w) forward from the first touch, but stops early. A partner-only
    touch involves every contact active on its date; a partner without contacts is tracked under None.
    """
    partner, settings = facts.partner, facts.settings
    weights = facts.weights or weights_of(settings)
    contacts = partner.contacts
    wanted: set[str | None] = {c.id for c in contacts} if contacts else {None}
    all_ids = list(wanted)
    leavers = any(c.left is not None for c in contacts)
    today_ord = facts.today.toordinal()
    hist: dict[str | None, History] = {}
    open_count = len(wanted)
    for t in reversed(facts.touches):
        if t.contacts and contacts:
            ids = t.contacts
        elif leavers:
            ids = [c.id for c in contacts if c.left is None or c.left > t.date]
        else:
            ids = all_ids
        keep = 1.0 - weights.get(t.kind, 1.0)
        o = t.date.toordinal()
        for cid in ids:
            h = hist.get(cid)
            if h is None:
                if cid not in wanted:
                    continue
                h = hist[cid] = History(t, float(today_ord - o), keep, o)
            elif h.keep <= 0.0:
                continue
            else:
                h.stale += h.keep * (h.next_ord - o)
                h.keep *= keep
                h.next_ord = o
            if keep <= 0.0:
                h.base = t
                open_count -= 1
            else:
                h.partial.append(t)
        if open_count == 0:
            break
    for h in hist.values():
        if h.base is None:  # reached the very first touch: d started at 0 there
            h.base = h.partial.pop()
    return hist


def _predecessors(contact: Contact, facts: Facts) -> list[Contact]:
    """Contacts who left naming this one (or its predecessors) as successor, nearest first."""
    chain, seen, current = [], {contact.id}, contact
    while True:
        preds = [c for c in facts.partner.contacts
                 if c.successor == current.id and c.left is not None and c.id not in seen]
        if not preds:
            return chain
        current = max(preds, key=lambda c: (c.left, c.id))
        chain.append(current)
        seen.add(current.id)


def _names(t: Touchpoint, facts: Facts) -> str:
    if not t.contacts:
        return _("whole partner")
    names = []
    for cid in t.contacts[:2]:
        c = facts.partner.contact(cid)
        names.append(c.name if c else cid)
    extra = f" +{len(t.contacts) - 2}" if len(t.contacts) > 2 else ""
    return ", ".join(names) + extra


def _history_text(h: History, stale: float, facts: Facts) -> str:
    today, kinds = facts.today, facts.settings.kinds
    text = _("last: {kind} {ago} ({names})").format(kind=kind_shown(h.last.kind, kinds),
                                                    ago=ago((today - h.last.date).days), names=_names(h.last, facts))
    if h.partial:
        weights = [f"{kind_shown(t.kind, kinds)} {fmt_num(weight_of(t.kind, facts.settings))}"
                   for t in reversed(h.partial[:MAX_WEIGHTS_SHOWN])]
        more = "…, " if len(h.partial) > MAX_WEIGHTS_SHOWN else ""
        text += _("; weights {weights} after {kind} {ago} → {stale} d stale").format(
            weights=more + ", ".join(weights), kind=kind_shown(h.base.kind, kinds),
            ago=ago((today - h.base.date).days), stale=fmt_num(stale))
    return text


def hints(facts: Facts) -> list[str]:
    """The owing and give-first hints shared by every explanation of a partner."""
    out = []
    if facts.owing:
        out.append(_("they gave last — you owe them"))
    if facts.partner.stage == "prospect" and facts.last_gave is None:
        out.append(translated(GIVE_FIRST))
    return out


def _imported(contact: Contact | None, facts: Facts) -> date | None:
    """The import day a never-contacted contact's cadence counts from: the contact's own (added by an import to a
    partner that existed), else the partner's."""
    return (contact.imported if contact is not None else None) or facts.partner.imported


def _state(contact: Contact | None, facts: Facts, hist: dict, base: Cadence) -> ContactState:
    """`base` is the partner-level cadence, shared by contacts without their own or a predecessor's."""
    chain = _predecessors(contact, facts) if contact is not None and contact.id in facts.successors else []
    inherited_from = None
    if chain and contact.id not in hist:
        inherited_from = next((p for p in chain if p.id in hist), None)
    if contact is None or (not contact.cadence and not chain and contact.left is None):
        cadence = base
    else:
        cadence = resolve(facts, contact, chain[0] if chain else None)
    today = facts.today
    snoozed = facts.partner.snoozed_until
    if snoozed is not None and snoozed <= today:
        snoozed = None
    if contact is not None and contact.snoozed_on(today):
        snoozed = max(snoozed or contact.snoozed_until, contact.snoozed_until)
    if cadence.days is None:
        return ContactState(contact, cadence, history=hist.get(contact.id if contact else None),
                            snoozed_until=snoozed)
    days = max(cadence.days, 1)
    h = hist.get(inherited_from.id if inherited_from else (contact.id if contact else None))
    imported = _imported(contact, facts)
    if h is None and imported is not None and imported <= today:
        # never contacted since the import: the cadence counts from the import day, not from "never"
        stale = float((today - imported).days)
        ratio = stale / days
        return ContactState(contact, cadence, stale, ratio, status_from_ratio(ratio, facts.settings),
                            imported + timedelta(days=days), None, None, snoozed)
    if h is None:
        since = facts.partner.since
        due = since if since is not None and since <= facts.today else facts.today
        return ContactState(contact, cadence, None, None, "due", due, None, None, snoozed)
    stale = round(h.stale, 6)
    ratio = stale / days
    after_last = stale - (facts.today - h.last.date).days
    due = h.last.date + timedelta(days=max(0, math.ceil(round(days - after_last, 6))))
    return ContactState(contact, cadence, stale, ratio, status_from_ratio(ratio, facts.settings), due, h,
                        inherited_from, snoozed)


def explain(state: ContactState, facts: Facts) -> str:
    """The one-line reason: last touch and weights, cadence and its source, ratio, owing and give-first hints."""
    if state.cadence.days is None:
        c = state.contact
        left = facts.partner.stage != "ended" and c is not None and c.left is not None
        why = _("left {date}").format(date=i18n.day(c.left)) if left else state.cadence.source
        return _("no cadence: {why}").format(why=why)
    parts = []
    if state.history is None:
        imported = _imported(state.contact, facts)
        if state.ratio is not None and imported is not None:
            parts.append(_("never contacted since the import {ago}").format(ago=ago((facts.today - imported).days)))
        else:
            parts.append(_("never contacted"))
    else:
        parts.append(_history_text(state.history, state.stale_days, facts))
        if state.predecessor is not None:
            parts.append(_("history of predecessor {name}").format(name=state.predecessor.name))
    parts.append(state.cadence.describe())
    if state.ratio is not None:
        parts.append(_("ratio {ratio} → {status}").format(ratio=i18n.decimal(state.ratio, 2),
                                                          status=status_word(state.status)))
    parts.extend(hints(facts))
    if state.snoozed_until is not None:
        parts.append(_("snoozed until {date}").format(date=i18n.day(state.snoozed_until)))
    return "; ".join(parts)


def contact_states(facts: Facts) -> list[ContactState]:
    """One state per contact (file order), or one partner-level state when the partner has no contact."""
    hist = histories(facts)
    base = resolve(facts, None)
    if not facts.partner.contacts:
        return [_state(None, facts, hist, base)]
    return [_state(c, facts, hist, base) for c in facts.partner.contacts]


def next_due(workspace: Workspace, slug: str, contact_id: str | None, today: date) -> date | None:
    """When a contact (or, without one, the partner's earliest contact) reaches ratio 1; None: no cadence."""
    partner = workspace.sound().get(slug)
    if partner is None:
        return None
    states = contact_states(partner_facts(partner, workspace.settings, today))
    dues = [s.due for s in states if s.due is not None and s.cadence.days is not None
            and (contact_id is None or (s.contact is not None and s.contact.id == contact_id))]
    return min(dues) if dues else None
