"""What a sync brought in: records counted by parsing both versions of every changed file."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from koop_tui.canonical import TABLE_KEYS
from koop_tui.i18n import _
from koop_tui.sync import git
from koop_tui.sync.blocks import BlockParser
from koop_tui.sync.fs import PARTNER_FILE
from koop_tui.words import plural


@dataclass
class Incoming:
    """New and changed records between the commit before a sync and the one after it."""

    new_partners: list[str] = field(default_factory=list)
    renamed_partners: list[str] = field(default_factory=list)  # "Acme GmbH → Acme AG"
    removed_partners: list[str] = field(default_factory=list)
    changed_partners: list[str] = field(default_factory=list)
    touchpoints: Counter = field(default_factory=Counter)  # by -> count ("" when nobody is named)
    followups: int = 0
    contacts: int = 0
    conflicts: list[str] = field(default_factory=list)  # "acme: stage"
    settings_changed: bool = False
    touched_by: dict[str, set[str]] = field(default_factory=dict)  # by -> names of partners with new touchpoints
    conflicted: dict[str, list[str]] = field(default_factory=dict)  # partner name -> fields in new conflicts

    @property
    def empty(self) -> bool:
        return not (self.new_partners or self.renamed_partners or self.removed_partners or self.changed_partners
                    or self.settings_changed or sum(self.touchpoints.values()))

    def text(self) -> str:
        """"3 touchpoints from tom, 1 new partner (Nord Design), 2 changed partners"."""
        parts = []
        for by, n in sorted(self.touchpoints.items(), key=lambda kv: (-kv[1], kv[0])):
            parts.append(plural(n, "{n} touchpoint from {by}", "{n} touchpoints from {by}", by=by) if by
                         else plural(n, "{n} touchpoint", "{n} touchpoints"))
        if self.followups:
            parts.append(plural(self.followups, "{n} follow-up", "{n} follow-ups"))
        if self.contacts:
            parts.append(plural(self.contacts, "{n} new contact", "{n} new contacts"))
        if self.new_partners:
            parts.append(plural(len(self.new_partners), "{n} new partner ({names})", "{n} new partners ({names})",
                                names=", ".join(self.new_partners)))
        if self.renamed_partners:
            parts.append(plural(len(self.renamed_partners), "{n} renamed partner ({names})",
                                "{n} renamed partners ({names})", names=", ".join(self.renamed_partners)))
        if self.changed_partners:
            parts.append(plural(len(self.changed_partners), "{n} changed partner", "{n} changed partners"))
        if self.removed_partners:
            parts.append(plural(len(self.removed_partners), "{n} removed partner ({names})",
                                "{n} removed partners ({names})", names=", ".join(self.removed_partners)))
        if self.settings_changed:
            parts.append(_("changed settings (koop.toml)"))
        return ", ".join(parts) or _("nothing new")

    def partners_text(self) -> str:
        """Per partner: "12 partners changed: 3 with new touchpoints from ben, 1 conflict in Muster GmbH
        (stage)"; "" when no partner changed."""
        changed = len(self.new_partners) + len(self.renamed_partners) + len(self.changed_partners)
        if not changed:
            return ""
        parts = [plural(len(names), "{n} with new touchpoints from {by}", "{n} with new touchpoints from {by}",
                        by=by) if by else
                 plural(len(names), "{n} with new touchpoints", "{n} with new touchpoints")
                 for by, names in sorted(self.touched_by.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        shown = sorted(self.conflicted.items())
        parts += [plural(len(fields), "{n} conflict in {partner} ({fields})", "{n} conflicts in {partner} ({fields})",
                         partner=name, fields=", ".join(fields)) for name, fields in shown[:5]]
        if len(shown) > 5:
            parts.append(plural(len(shown) - 5, "conflicts in {n} more", "conflicts in {n} more"))
        if not parts:
            return plural(changed, "{n} partner changed", "{n} partners changed")
        return plural(changed, "{n} partner changed: {what}", "{n} partners changed: {what}", what=", ".join(parts))

    def add(self, more: Incoming) -> Incoming:
        """This and what a later merge of the same sync brought in."""
        self.new_partners += more.new_partners
        self.renamed_partners += more.renamed_partners
        self.removed_partners += more.removed_partners
        self.changed_partners += [p for p in more.changed_partners if p not in self.changed_partners]
        self.touchpoints.update(more.touchpoints)
        self.followups += more.followups
        self.contacts += more.contacts
        self.conflicts += more.conflicts
        self.settings_changed |= more.settings_changed
        for by, names in more.touched_by.items():
            self.touched_by.setdefault(by, set()).update(names)
        for name, fields in more.conflicted.items():
            self.conflicted.setdefault(name, []).extend(fields)
        return self


def _parse(data: bytes | None, parser: BlockParser) -> dict:
    """One version, parsed (pruned) block by block: the two versions of a file share most blocks."""
    if data is None:
        return {}
    try:
        return parser.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return {}


def _ids(doc: dict, table: str) -> dict[str, dict]:
    records = doc.get(table, [])
    if not isinstance(records, list):
        return {}
    return {str(r.get("id")): r for r in records if isinstance(r, dict)}


def record_ids(doc: dict) -> set[str]:
    """validate.record_ids of a parsed partner file."""
    return {r["id"] for table in TABLE_KEYS if table != "contacts" and isinstance(doc.get(table), list)
            for r in doc[table] if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _renames(parsed: list[tuple[str, str, dict, dict]]) -> dict[str, str]:
    """Added path -> removed path, for the added files that are one partner with exactly one removed file."""
    from koop_tui.store.validate import one_partner

    removed = {path: record_ids(before) for status, path, before, _after in parsed if status == "D"}
    out = {}
    for status, path, _before, after in parsed:
        ids = record_ids(after) if status == "A" and removed else set()
        found = [old for old, old_ids in removed.items() if one_partner(ids, old_ids)]
        if len(found) == 1 and found[0] not in out.values():
            out[path] = found[0]
    return out


def summarize(root: Path, old: str | None, new: str, known: dict[str, tuple[dict, dict]] | None = None) -> Incoming:
    """Compare `old` (None: empty history) with `new` for partner files and koop.toml. `known`: path ->
    (data in old, data in new), parsed already (the files sync merged itself), not read again."""
    known = known or {}
    changes = [(s, p) for s, p in git.name_status(root, old, new, "partners", "koop.toml")
               if p == "koop.toml" or PARTNER_FILE.match(p)]
    specs = [f"{rev}:{p}" for _, p in changes if p not in known for rev in (old, new) if rev]
    blobs = git.read_blobs(root, specs)
    from koop_tui.sync.merge import prune

    inc = Incoming()
    parser = BlockParser(prune)
    parsed = []
    for status, path in changes:
        if path == "koop.toml":
            inc.settings_changed = True
        elif path in known:
            parsed.append((status, path, *known[path]))
        else:
            parsed.append((status, path, _parse(blobs.get(f"{old}:{path}"), parser) if old else {},
                           _parse(blobs.get(f"{new}:{path}"), parser)))
    renames = _renames(parsed)
    removed = {path: before for status, path, before, _after in parsed if status == "D"}
    for status, path, before, after in parsed:
        slug = path[len("partners/"):-len(".toml")]
        if status == "D":
            if path not in renames.values():
                inc.removed_partners.append(str(before.get("name", slug)))
            continue
        name = str(after.get("name", slug))
        if path in renames:  # renamed: compared with the file it was
            status, before = "R", removed[renames[path]]
            inc.renamed_partners.append(f"{before.get('name', renames[path])} → {name}")
        elif status == "A":
            inc.new_partners.append(name)
        else:
            inc.changed_partners.append(name)
        old_touches = _ids(before, "touchpoints")
        for tid, touch in _ids(after, "touchpoints").items():
            if tid not in old_touches:
                by = str(touch.get("by", ""))
                inc.touchpoints[by] += 1
                inc.touched_by.setdefault(by, set()).add(name)
        inc.followups += len(_ids(after, "followups").keys() - _ids(before, "followups").keys())
        if status != "A":
            inc.contacts += len(_ids(after, "contacts").keys() - _ids(before, "contacts").keys())
        for cid, conflict in _ids(after, "conflicts").items():
            if cid not in _ids(before, "conflicts"):
                inc.conflicts.append(f"{slug}: {conflict.get('field', '?')}")
                inc.conflicted.setdefault(name, []).append(str(conflict.get("field", "?")))
    return inc
