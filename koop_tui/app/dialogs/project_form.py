"""Add a joint project: while it runs, contact happens by itself (project cadence)."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, resolve_contact
from koop_tui.app.dialogs.partner_form import split_list
from koop_tui.app.messages import Change
from koop_tui.model import Partner, Project


class ProjectForm(FormDialog):
    """`P` on a partner; with a `record`, edit that project (`enter` on it)."""

    def __init__(self, partner: Partner, record: Project | None = None) -> None:
        super().__init__()
        self.partner = partner
        self.record = record

    @property
    def form_title(self) -> str:
        return f"{'Edit project' if self.record else 'New joint project'} · {self.partner.name}"

    def fields(self) -> list[Field]:
        p = self.record
        out = [
            Field("name", "Project", p.name if p else "", "Relaunch shop"),
            Field("start", "Start", p.start.isoformat() if p else "today", "today, -2w, 2026-03-01"),
            Field("our_contact", "Our contact", p.our_contact if p else self.app.backend.me, "who of us runs it"),
            Field("contacts", "Their people", self.text_of(p.contacts, "contacts") if p else "",
                  "names, comma-separated"),
            Field("note", "Note", p.note if p else "", ""),
        ]
        if p is not None:
            out.insert(2, Field("end", "Ended on", p.end.isoformat() if p.end else "", "empty: still running"))
        return out

    def change(self, values: dict[str, str]) -> Change:
        if not values["name"]:
            raise FormError("Project: give it a name")
        start = self.date_of(values["start"], "Start")
        label = self.label("contacts")
        contacts = [resolve_contact(self.partner, name, label) for name in split_list(values["contacts"])]
        if self.record is not None:
            end = self.date_of(values["end"], "Ended on", required=False)
            if end and end < start:
                raise FormError("Ended on: before the start")
            changes = self.edits({"name": values["name"], "start": start, "end": end,
                                  "our_contact": values["our_contact"], "contacts": contacts, "note": values["note"]})
            return Change("edit_record", (self.partner.slug, "projects", self.record.id, changes),
                          {"expected": self.expected(changes)}, slug=self.partner.slug,
                          done=lambda _p: f"Saved project {values['name']}")
        project = Project("", values["name"], start, None, values["our_contact"], contacts, values["note"])
        return Change("add_project", (self.partner.slug, project), slug=self.partner.slug,
                      done=lambda _p: f"Project {project.name} started {start.isoformat()}")
