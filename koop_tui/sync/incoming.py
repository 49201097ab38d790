"""What a sync brought in: records counted by parsing both versions of every changed file."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from koop_tui.sync import git
from koop_tui.sync.fs import PARTNER_FILE


@dataclass
class Incoming:
    """New and changed records between the commit before a sync and the one after it."""

    new_partners: list[str] = field(default_factory=list)
    removed_partners: list[str] = field(default_factory=list)
    changed_partners: list[str] = field(default_factory=list)
    touchpoints: Counter = field(default_factory=Counter)  # by -> count ("" when nobody is named)
    followups: int = 0
    contacts: int = 0
    conflicts: list[str] = field(default_factory=list)  # "acme: stage"
    settings_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (self.new_partners or self.removed_partners or self.changed_partners
                    or self.settings_changed or sum(self.touchpoints.values()))

    def text(self) -> str:
        """"3 touchpoints from tom, 1 new partner (Nord Design), 2 changed partners"."""
        parts = []
        for by, n in sorted(self.touchpoints.items(), key=lambda kv: (-kv[1], kv[0])):
            parts.append(_n(n, "touchpoint") + (f" from {by}" if by else ""))
        if self.followups:
            parts.append(_n(self.followups, "follow-up"))
        if self.contacts:
            parts.append(_n(self.contacts, "new contact"))
        if self.new_partners:
            parts.append(f"{_n(len(self.new_partners), 'new partner')} ({', '.join(self.new_partners)})")
        if self.changed_partners:
            parts.append(_n(len(self.changed_partners), "changed partner"))
        if self.removed_partners:
            parts.append(f"{_n(len(self.removed_partners), 'removed partner')} ({', '.join(self.removed_partners)})")
        if self.settings_changed:
            parts.append("changed settings (koop.toml)")
        return ", ".join(parts) or "nothing new"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _parse(data: bytes | None) -> dict:
    if data is None:
        return {}
    try:
        return tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return {}


def _ids(doc: dict, table: str) -> dict[str, dict]:
    records = doc.get(table, [])
    if not isinstance(records, list):
        return {}
    return {str(r.get("id")): r for r in records if isinstance(r, dict)}


def summarize(root: Path, old: str | None, new: str) -> Incoming:
    """Compare `old` (None: empty history) with `new` for partner files and koop.toml."""
    changes = [(s, p) for s, p in git.name_status(root, old, new, "partners", "koop.toml")
               if p == "koop.toml" or PARTNER_FILE.match(p)]
    specs = [f"{rev}:{p}" for _, p in changes for rev in (old, new) if rev]
    blobs = git.read_blobs(root, specs)
    inc = Incoming()
    for status, path in changes:
        if path == "koop.toml":
            inc.settings_changed = True
            continue
        before = _parse(blobs.get(f"{old}:{path}")) if old else {}
        after = _parse(blobs.get(f"{new}:{path}"))
        slug = path[len("partners/"):-len(".toml")]
        if status == "D":
            inc.removed_partners.append(str(before.get("name", slug)))
            continue
        name = str(after.get("name", slug))
        (inc.new_partners if status == "A" else inc.changed_partners).append(name)
        old_touches = _ids(before, "touchpoints")
        for tid, touch in _ids(after, "touchpoints").items():
            if tid not in old_touches:
                inc.touchpoints[str(touch.get("by", ""))] += 1
        inc.followups += len(_ids(after, "followups").keys() - _ids(before, "followups").keys())
        if status != "A":
            inc.contacts += len(_ids(after, "contacts").keys() - _ids(before, "contacts").keys())
        for cid, conflict in _ids(after, "conflicts").items():
            if cid not in _ids(before, "conflicts"):
                inc.conflicts.append(f"{slug}: {conflict.get('field', '?')}")
    return inc
