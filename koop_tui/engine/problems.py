"""A partner file with errors yields no computed items: one row saying where the problem is, nothing invented.

A value that could not be read falls back to its default in the model (store.validate), so computing from such
a partner would make up results ("Complete vetting" for a stage typed "activ", "never contacted" for a
touchpoint with an impossible date). Instead every partner file with an error, loaded or not, gives exactly one
row: a merge conflict row when all its errors are unresolved `[[conflicts]]` (the app resolves them with `r`),
else a problem row naming the file and the line of its first error.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from koop_tui.engine.clearing import with_way_out
from koop_tui.engine.conflicts import conflict_items
from koop_tui.i18n import _
from koop_tui.model import DueItem, Partner, Problem, Workspace
from koop_tui.words import plural

PROBLEM = "problem"  # the kind of a problem row
ROW_KINDS = (PROBLEM, "conflict")  # rows about a file, not about people: no filter by kind, stage or tag hides them


def picker(*, owner: str | None = None, tags=(), stages=(), kinds=None) -> Callable[[str, str, str, tuple], bool]:
    """keep(owner, kind, stage, tags of an item): whether due.select keeps it (index/due.py asks it of items it
    keeps encoded).
    Problem and conflict rows pass every filter but the owner: their stage or tags may be what is broken."""
    tags, stages = set(tags), set(stages)

    def keep(item_owner: str, kind: str, stage: str, item_tags: tuple) -> bool:
        return (owner is None or item_owner in (owner, "")) and (kind in ROW_KINDS or (
            (kinds is None or kind in kinds) and (not stages or stage in stages)
            and (not tags or not tags.isdisjoint(item_tags))))

    return keep


def slug_of(rel: str) -> str:
    return rel.removeprefix("partners/").removesuffix(".toml")


def problem_title(name: str, errors: list[Problem]) -> str:
    """"Muster GmbH: 1 problem in partners/muster-gmbh.toml:4"."""
    first, count = errors[0], len(errors)
    where = first.path + (f":{first.line}" if first.line is not None else "")
    return plural(count, "{name}: {n} problem in {where}", "{name}: {n} problems in {where}", name=name,
                                                                                                  where=where)


def conflicts_only(errors: list[Problem] | tuple, partner: Partner | None) -> bool:
    """A file's errors are its merge conflict records alone: it reads, and its conflicts are resolved in place."""
    return partner is not None and bool(partner.conflicts) and len(errors) == len(partner.conflicts)


def file_items(rel: str, errors: list[Problem], partner: Partner | None, today: date) -> list[DueItem]:
    """The one row of a partner file with errors (`partner` None when the file could not be loaded)."""
    if conflicts_only(errors, partner):
        return conflict_items(partner, today)
    first = errors[0]
    why = first.message + (f" ({first.hint})" if first.hint else "")
    if len(errors) > 1:
        why += plural(len(errors) - 1, "; and {n} more", "; and {n} more")
    why += "; " + _("nothing is computed from this partner until the file is fixed")
    slug = slug_of(rel)
    why = with_way_out(why, PROBLEM, f"{PROBLEM}:{slug}")
    name, owner = (partner.name, partner.owner) if partner is not None else (slug, "")
    # stage and tags stay empty: they may be the very values that could not be read
    return [DueItem(f"{PROBLEM}:{slug}", PROBLEM, slug, name, problem_title(name, errors), "due", today, why,
                    owner=owner, changed=today)]


def problem_items(workspace: Workspace, today: date) -> list[DueItem]:
    """One row per partner file with errors, in file order."""
    out = []
    for rel, errors in workspace.file_errors().items():
        out.extend(file_items(rel, errors, workspace.partners.get(slug_of(rel)), today))
    return out
