"""Merge conflicts as due rows: a partner whose file holds `[[conflicts]]` needs a decision.

A conflict is an error of the file, so this row stands in for everything else of the partner (problems.py):
in the app, `koop due` and the calendar.
"""

from __future__ import annotations

from datetime import date

from koop_tui.engine.common import make_item
from koop_tui.model import Conflict, DueItem, Partner

MISSING_TEXT = "(removed)"


def shown(value: object) -> str:
    """A conflict side as people read it; a side that removed the value has none."""
    if value is None:
        return MISSING_TEXT
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def describe(conflict: Conflict) -> str:
    return f"{conflict.field}: ours {shown(conflict.ours)}, theirs {shown(conflict.theirs)}"


def conflict_items(partner: Partner, today: date) -> list[DueItem]:
    """One row per partner with unresolved conflicts, due today, naming the conflicted fields."""
    conflicts = partner.conflicts
    if not conflicts:
        return []
    count = len(conflicts)
    noun = "conflict" if count == 1 else "conflicts"
    fields = ", ".join(c.field for c in conflicts)
    why = "merged with different values on both sides: " + "; ".join(describe(c) for c in conflicts)
    return [make_item(partner, f"conflict:{partner.slug}", "conflict", f"Resolve merge {noun}: {fields}",
                      "due", today, why, changed=today)]
