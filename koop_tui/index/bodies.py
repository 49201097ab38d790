"""A partner file's due body: what the due cache keeps of it for one day, computed by the engine.

A body is (items encoded as tuples with dates as ordinals, the owner or None when the file is broken, its
future-dated touchpoint warnings, its problem count); due.py keeps them per file and as one sorted list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date

from koop_tui.engine.due import partner_items
from koop_tui.engine.facts import partner_facts
from koop_tui.engine.problems import file_items
from koop_tui.model import DueItem, Partner, Problem, Settings, errors_of
from koop_tui.store.codec import encode_problems

_ITEM_FIELDS = tuple(f.name for f in fields(DueItem))
_DUE, _TAGS, _CHANGED, _BY = (_ITEM_FIELDS.index(name) for name in ("due", "tags", "changed", "by"))


def encode_item(item: DueItem) -> tuple:
    """Its field values, dates as ordinals. A DueItem's __dict__ holds its fields in field order (filled by its
    __init__ or by _decode_items): 3x faster than a getattr per field."""
    values = list(item.__dict__.values())
    for i in (_DUE, _CHANGED, _BY):
        if values[i] is not None:
            values[i] = values[i].toordinal()
    return tuple(values)


def decode_items(encoded: Iterable[tuple], days: dict | None = None, new=object.__new__,
                  day=date.fromordinal) -> list[DueItem]:
    """DueItem is frozen: filling __dict__ directly skips its per-field __setattr__ (same objects, 5x faster).
    Items on the same day share its date (`days`, ordinal -> date, may be shared by several calls): ~17,000
    items fall on ~1,200 days at team scale."""
    days = {None: None} if days is None else days
    items = []
    for v in encoded:
        item = new(DueItem)
        values = item.__dict__
        values.update(zip(_ITEM_FIELDS, v))
        due, changed, by = v[_DUE], v[_CHANGED], v[_BY]
        values["due"] = days[due] if due in days else days.setdefault(due, day(due))
        values["changed"] = days[changed] if changed in days else days.setdefault(changed, day(changed))
        values["by"] = days[by] if by in days else days.setdefault(by, day(by))
        values["tags"] = tuple(v[_TAGS])
        items.append(item)
    return items


def due_body(rel: str, partner: Partner | None, problems: list[Problem], settings: Settings, today: date,
             weights: dict, within: int) -> tuple[tuple, list[DueItem]]:
    """One file's cached result (items encoded, owner or None when broken, future warnings, problem count),
    and its items. A file with errors has only its problem row (engine/problems.py)."""
    errors = errors_of(problems)
    if errors:
        items = file_items(rel, errors, partner, today)
        return (tuple(encode_item(i) for i in items), partner and partner.owner, (), len(problems)), items
    if partner is None:
        return ((), None, (), len(problems)), []
    facts = partner_facts(partner, settings, today, weights)
    items = partner_items(facts, within)
    return (tuple(encode_item(i) for i in items), partner.owner, encode_problems(facts.warnings), len(problems)), items
