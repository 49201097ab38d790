"""Merge conflicts as due rows: a partner whose file holds `[[conflicts]]` needs a decision.

A conflict is an error of the file, so this row stands in for everything else of the partner (problems.py):
in the app, `koop due` and the calendar.
"""

from __future__ import annotations

from datetime import date

from koop_tui.engine.common import make_item
from koop_tui.i18n import _
from koop_tui.model import Conflict, DueItem, Partner
from koop_tui.words import plural

MISSING_TEXT = "(removed)"


def shown(value: object) -> str:
    """A conflict side as people read it; a side that removed the value has none."""
    if value is None:
        return MISSING_TEXT
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def describe(conflict: Conflict) -> str:
    return _("{field}: ours {ours}, theirs {theirs}").format(field=conflict.field, ours=shown(conflict.ours),
                                                             theirs=shown(conflict.theirs))


def conflict_items(partner: Partner, today: date) -> list[DueItem]:
    """One row per partner with unresolved conflicts, due today, naming the conflicted fields."""
    conflicts = partner.conflicts
    if not conflicts:
        return []
    count = len(conflicts)
    fields = ", ".join(c.field for c in conflicts)
    why = _("merged with different values on both sides: {conflicts}").format(
        conflicts="; ".join(describe(c) for c in conflicts))
    title = plural(count, "Resolve merge conflict: {fields}", "Resolve merge conflicts: {fields}", fields=fields)
    return [make_item(partner, f"conflict:{partner.slug}", "conflict", title,
                      "due", today, why, changed=today)]
