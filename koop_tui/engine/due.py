"""The due list: every item of every partner, filtered and in one total, deterministic order."""

from __future__ import annotations

from datetime import date, timedelta

from koop_tui.engine.common import STATUS_RANK, make_item
from koop_tui.engine.facts import Facts, partner_facts, weights_of
from koop_tui.engine.occasions import OCCASIONS, birthday_items
from koop_tui.engine.problems import PROBLEM, ROW_KINDS, file_items, picker, problem_items
from koop_tui.engine.reminders import REMINDERS, followup_items
from koop_tui.engine.staleness import ContactState, contact_states, explain
from koop_tui.engine.triage import IMPORTED, TRIAGE, triage_items
from koop_tui.gcpause import paused_gc
from koop_tui.i18n import _, number
from koop_tui.model import DUE_KINDS, DueItem, Problem, Workspace
from koop_tui.words import status_word

ALL_KINDS = DUE_KINDS


def _contact_title(state: ContactState, facts: Facts) -> str:
    c = state.contact
    name = c.name if c is not None else facts.partner.name
    if state.never_contacted:
        return _("Reach out to {name}").format(name=name)
    if c is not None and c.phone:
        return _("Call {name}").format(name=name)
    if c is not None and c.email:
        return _("Write to {name}").format(name=name)
    return _("Get in touch with {name}").format(name=name)


def contact_items(facts: Facts, states: list[ContactState], within: int) -> list[DueItem]:
    """Contacts that are soon/due/overdue, or reach due within `within` days; snoozed ones stay hidden."""
    horizon = facts.today + timedelta(days=within)
    out = []
    for s in states:
        if s.cadence.days is None or s.snoozed_until is not None:
            continue
        if s.status == "ok" and s.due > horizon:
            continue
        c = s.contact
        key = f"contact:{facts.partner.slug}" + (f"/{c.id}" if c is not None else "")
        out.append(make_item(
            facts.partner, key, "contact", _contact_title(s, facts), s.status, s.due, explain(s, facts),
            contact=c.id if c else None, contact_name=c.name if c else None,
            ratio=round(s.ratio, 4) if s.ratio is not None else None, owing=facts.owing,
            changed=s.last_date or facts.partner.since or s.due,
        ))
    return out


def partner_items(facts: Facts, within: int = 0) -> list[DueItem]:
    """Everything due for one partner. Ended partners keep only their follow-ups; a snoozed partner too."""
    items = followup_items(facts, within)
    partner, today = facts.partner, facts.today
    if partner.stage == "ended" or partner.snoozed_on(today):
        return items
    if partner.stage == IMPORTED:
        return items + triage_items(facts)  # nothing else until someone sorts it
    items.extend(contact_items(facts, contact_states(facts), within))
    for rule in REMINDERS + OCCASIONS:
        found = rule(facts, within)
        if rule is birthday_items:
            found = [i for i in found if not _contact_snoozed(facts, i.contact)]
        items.extend(found)
    return items


def _contact_snoozed(facts: Facts, contact_id: str | None) -> bool:
    c = facts.partner.contact(contact_id) if contact_id else None
    return c is not None and c.snoozed_on(facts.today)


def sort_key(item: DueItem, today: date) -> tuple:
    """Status, then days late, most first (a window such as a campaign counts from its deadline, `by`, so the
    ones closing soonest come first), then owing first, then key: the order the Due column reads."""
    late = (today - item.due).days
    tier = STATUS_RANK[item.status]
    if item.kind == "followup" and late >= 0:
        tier = 0
    elif item.kind == PROBLEM:
        tier = -1  # nothing about this partner is known until its file is fixed: first
    if item.by is not None:
        late = (today - item.by).days
    return (tier, -late, not item.owing, item.key)


def sort_items(items: list[DueItem], today: date) -> list[DueItem]:
    return sorted(items, key=lambda i: sort_key(i, today))


COUNTED = ("overdue", "due", "soon", "ok")


def due_counts(items) -> dict[str, int]:
    """Items per status: the one count of "what is due", shared by the app's header, `koop due` and `koop report`.
    A campaign row (campaigns.group_campaigns) counts each partner it stands for; the imported partners to sort
    count once, as the one row they are shown as (triage.group_triage), grouped or not."""
    counts = dict.fromkeys(COUNTED, 0)
    sorting = False
    for row in items:
        if row.kind == TRIAGE:
            if not sorting:  # the first is the most urgent: the list is in due order
                counts[row.status] += 1
            sorting = True
            continue
        for item in getattr(row, "members", None) or (row,):
            counts[item.status] += 1
    return counts


def counts_text(counts: dict[str, int], marks: dict[str, str] | None = None, sep: str = ", ") -> str:
    """"6 overdue, 37 due, 4 soon" (statuses with none left out), optionally with their marks; "" if none."""
    return sep.join(f"{marks[s] + ' ' if marks else ''}{number(n)} {status_word(s)}" for s, n in counts.items() if n)


def _mine(item: DueItem, owner: str | None) -> bool:
    return owner is None or item.owner in (owner, "")


def select(items: list[DueItem], *, owner: str | None = None, tags=(), stages=(), kinds=None) -> list[DueItem]:
    """The items due_items would give with these filters, taken from an unfiltered list (order kept)."""
    keep = picker(owner=owner, tags=tags, stages=stages, kinds=kinds)
    return [i for i in items if keep(i.owner, i.kind, i.stage, i.tags)]


def due_items(workspace: Workspace, today: date, *, within: int = 0, owner: str | None = None,
              tags=(), stages=(), kinds=None) -> list[DueItem]:
    """The due list of the workspace: items due by today + within, for owner (None: everyone) or unowned.

    `tags` and `stages` keep partners having any of them; `kinds` keeps only those item kinds. A partner file
    with errors gives one problem (or conflict) row instead of its items, whatever the filters (problems.py).
    """
    with paused_gc():
        return _due_items(workspace, today, within, owner, set(tags), set(stages), kinds)


def _due_items(workspace, today, within, owner, tags, stages, kinds) -> list[DueItem]:
    settings = workspace.settings
    out = [i for i in problem_items(workspace, today) if _mine(i, owner)]
    weights = weights_of(settings)
    for partner in workspace.sound().values():
        if stages and partner.stage not in stages:
            continue
        if tags and not tags.intersection(partner.tags):
            continue
        if owner is not None and partner.owner not in (owner, "") \
                and not any(f.owner == owner for f in partner.followups):
            continue  # someone else's partner: only a follow-up of ours could be listed
        out.extend(partner_items(partner_facts(partner, settings, today, weights), within))
    if owner is not None or kinds is not None:
        out = [i for i in out if i.kind in ROW_KINDS or (_mine(i, owner) and (kinds is None or i.kind in kinds))]
    return sort_items(out, today)


def due_items_for_partner(workspace: Workspace, slug: str, today: date, *, within: int = 0) -> list[DueItem]:
    """One partner's items (sorted), for recomputing only what a save changed."""
    rel = f"partners/{slug}.toml"
    errors = workspace.file_errors().get(rel)
    if errors:
        return file_items(rel, errors, workspace.partners.get(slug), today)
    partner = workspace.partners.get(slug)
    if partner is None:
        return []
    return sort_items(partner_items(partner_facts(partner, workspace.settings, today), within), today)


def warnings(workspace: Workspace, today: date) -> list[Problem]:
    """Touchpoints dated in the future (one warning per partner file); the engine ignores them until then."""
    out, sound = [], workspace.sound()
    for slug in sorted(sound):
        partner = sound[slug]
        if any(t.date > today for t in partner.touchpoints):
            out.extend(partner_facts(partner, workspace.settings, today).warnings)
    return out
