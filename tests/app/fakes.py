"""A stand-in for store.Store while the real one is not available: same methods, whole-file rewrites."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from koop_tui.canonical import dumps_partner
from koop_tui.model import Partner
from koop_tui.store import load_workspace

_ids = (f"x{n:04d}" for n in itertools.count(1))


class FakeStore:
    def __init__(self, root: Path, on_change=None) -> None:
        self.root = Path(root)
        self.workspace = load_workspace(self.root)
        self.settings = self.workspace.settings
        self._texts = {slug: self.path_of(slug).read_text() for slug in self.workspace.partners}

    def path_of(self, slug: str) -> Path:
        return self.root / "partners" / f"{slug}.toml"

    def refresh(self) -> set[str]:
        fresh = load_workspace(self.root)
        changed = {s for s in fresh.partners if self._texts.get(s) != self.path_of(s).read_text()}
        changed |= set(self.workspace.partners) - set(fresh.partners)
        self.workspace = fresh
        self._texts = {slug: self.path_of(slug).read_text() for slug in fresh.partners}
        return changed

    def _save(self, partner: Partner) -> None:
        self.workspace.partners[partner.slug] = partner
        text = dumps_partner(partner, self.settings)
        self.path_of(partner.slug).write_text(text)
        self._texts[partner.slug] = text

    def log_touch(self, slug, touch):
        touch = replace(touch, id=touch.id or next(_ids))
        p = self.workspace.partners[slug]
        p.touchpoints.append(touch)
        self._save(p)
        return touch

    def add_followup(self, slug, followup):
        followup = replace(followup, id=followup.id or next(_ids))
        p = self.workspace.partners[slug]
        p.followups.append(followup)
        self._save(p)
        return followup

    def complete_followup(self, slug, followup_id, day):
        p = self.workspace.partners[slug]
        next(f for f in p.followups if f.id == followup_id).done = day
        self._save(p)

    def snooze(self, slug, contact_id, until):
        p = self.workspace.partners[slug]
        target = p.contact(contact_id) if contact_id else p
        target.snoozed_until = until
        self._save(p)

    def set_fields(self, slug, contact_id, changes):
        p = self.workspace.partners[slug]
        target = p.contact(contact_id) if contact_id else p
        for key, value in changes.items():
            setattr(target, key, value)
        self._save(p)

    def new_partner(self, name, **fields):
        slug = name.lower().replace(" ", "-")
        p = Partner(slug, name, **fields)
        self._save(p)
        return p

    def add_contact(self, slug, contact):
        p = self.workspace.partners[slug]
        p.contacts.append(contact)
        self._save(p)
        return contact

    def add_project(self, slug, project):
        project = replace(project, id=project.id or next(_ids))
        p = self.workspace.partners[slug]
        p.projects.append(project)
        self._save(p)
        return project

    def end_project(self, slug, project_id, day):
        p = self.workspace.partners[slug]
        next(pr for pr in p.projects if pr.id == project_id).end = day
        self._save(p)

    def add_agreement(self, slug, agreement):
        agreement = replace(agreement, id=agreement.id or next(_ids))
        p = self.workspace.partners[slug]
        p.agreements.append(agreement)
        self._save(p)
        return agreement
