"""Imported partners not sorted yet: one item each, shown as one row for the whole lot.

`koop import` creates partners in the stage `imported` (docs/format.md): an address book holds colleagues,
friends and suppliers besides partners, so nothing about them is due until someone gives each a stage (or a
cadence), or archives it as not a partner (stage `ended`). Until then a partner in `imported` yields only this
item (and its open follow-ups); the app and `koop due` show all of them as one row ("480 imported partners to
sort: give them a stage or archive them") that leads to the triage list. `koop due --json` and the calendar keep
one item per partner, as for campaigns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from koop_tui.engine.common import REMINDER_OVERDUE_DAYS, dated_status, make_item
from koop_tui import i18n
from koop_tui.engine.facts import Facts
from koop_tui.i18n import N_, Said, _
from koop_tui.model import STAGES, DueItem, Partner, Workspace
from koop_tui.words import STAGE_WORDS, plural

TRIAGE = "triage"  # the kind of the item and of the row
IMPORTED = "imported"  # the stage of a partner that came in by import and is not sorted yet
SORTED = tuple(s for s in STAGES if s not in (IMPORTED, "ended"))  # what sorting gives; `ended`: not a partner


def waiting(workspace: Workspace) -> list[Partner]:
    """The partners still in the stage `imported`, oldest import first, then by name (files with errors left out:
    their stage could not be read for sure)."""
    found = [p for p in workspace.sound().values() if p.stage == IMPORTED]
    return sorted(found, key=lambda p: (p.imported is None, p.imported, p.name.casefold(), p.slug))


def sort_message(count: int, changes: dict) -> tuple[Said, str]:
    """(commit message, what was done) of sorting `count` partners: "Sort 3 imported partners: stage active,
    cadence 30", "Sorted 3 imported partners: …"; archiving says "archived (not a partner)". The commit
    message is English (the team's shared history), and undo and history say it in the user's language."""
    return (Said.plural(count, "Sort {n} imported partner: {what}", "Sort {n} imported partners: {what}",
                        what=_what(changes)),
            plural(count, "Sorted {n} imported partner: {what}", "Sorted {n} imported partners: {what}",
                   what=sort_what(changes)))


def _what(changes: dict) -> Said:
    if changes.get("stage") == "ended":
        return Said(N_("archived (not a partner)"))
    said = None
    for key, value in changes.items():
        if key == "stage":
            part = Said(N_("stage {stage}"), stage=Said(STAGE_WORDS[value]) if value in STAGE_WORDS else value)
        elif key == "cadence":
            part = Said(N_("cadence {days}"), days=value)
        else:
            part = Said(N_("owner {name}"), name=value)
        said = part if said is None else Said(N_("{first}, {then}"), first=said, then=part)
    return said


def sort_what(changes: dict) -> str:
    """What sorting does, as shown: "stage active, cadence 30" (German "Phase aktiv, Rhythmus 30")."""
    return _what(changes).shown()


def contacts_text(partner: Partner) -> str:
    """"Jana Weber <jana@muster.example> and 2 more", or "no contact"."""
    first = partner.contacts[0] if partner.contacts else None
    if first is None:
        return _("no contact")
    more = len(partner.contacts) - 1
    return first.name + (f" <{first.email}>" if first.email else "") + (plural(more, " and {n} more", " and {n} more")
                                                                        if more else "")


def triage_items(facts: Facts) -> list[DueItem]:
    """The one item of an imported, unsorted partner: due from its import day (today when it has none)."""
    partner, today = facts.partner, facts.today
    since = partner.imported if partner.imported is not None and partner.imported <= today else today
    count = len(partner.contacts)
    if count:
        why = plural(count, "imported {date} with {n} contact, not sorted yet: a stage (or a cadence) starts its "
                            "cadence from the import day; not a partner: archive it",
                     "imported {date} with {n} contacts, not sorted yet: a stage (or a cadence) starts its cadence "
                     "from the import day; not a partner: archive it", date=i18n.day(since))
    else:
        why = _("imported {date} with no contact, not sorted yet: a stage (or a cadence) starts its cadence from "
                "the import day; not a partner: archive it").format(date=i18n.day(since))
    return [make_item(partner, f"{TRIAGE}:{partner.slug}", TRIAGE, _("Sort {name}").format(name=partner.name),
                      dated_status(since, today, REMINDER_OVERDUE_DAYS), since, why, changed=since)]


@dataclass(frozen=True)
class TriageGroup(DueItem):
    """One due row standing for every imported partner still to sort; `members` are their items."""

    members: tuple[DueItem, ...] = field(default=(), repr=False, compare=False)


def group_triage(items: list[DueItem]) -> list[DueItem]:
    """One TriageGroup in place of every triage item, at the place of the most urgent one."""
    members = [item for item in items if item.kind == TRIAGE]
    if not members:
        return items
    first, count = members[0], len(members)
    why = plural(count, "{n} imported partner to sort, the oldest since {date}; nothing else is due for them until "
                        "they have a stage; to clear: enter opens the triage list, or koop triage",
                 "{n} imported partners to sort, the oldest since {date}; nothing else is due for them until they "
                 "have a stage; to clear: enter opens the triage list, or koop triage",
                 date=i18n.day(min(m.due for m in members)))
    row = TriageGroup(
        key=TRIAGE, kind=TRIAGE, partner="", partner_name="",
        title=plural(count, "{n} imported partner to sort: give them a stage or archive them",
                     "{n} imported partners to sort: give them a stage or archive them"), status=first.status,
        due=first.due, explanation=why,
        changed=max((m.changed for m in members if m.changed), default=None), members=tuple(members),
    )
    return [row if item is first else item for item in items if item.kind != TRIAGE or item is first]
