"""Add a joint project: while it runs, contact happens by itself (project cadence)."""

from __future__ import annotations

from datetime import date

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, resolve_contact
from koop_tui.app.dialogs.partner_form import split_list
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day
from koop_tui.model import Partner, Project


class ProjectForm(FormDialog):
    """`P` on a partner; with a `record`, edit that project (`enter` on it)."""

    def __init__(self, partner: Partner, record: Project | None = None) -> None:
        super().__init__()
        self.partner = partner
        self.record = record

    @property
    def form_title(self) -> str:
        title = _("Edit project · {partner}") if self.record else _("New joint project · {partner}")
        return title.format(partner=self.partner.name)

    def fields(self) -> list[Field]:
        p = self.record
        out = [
            Field("name", _("Project"), p.name if p else "", _("Relaunch shop")),
            Field("start", _("Start"), self.text_of(p.start) if p else _("today"),
                  _("today, -2w, {example}").format(example=day(date(2026, 3, 1)))),
            Field("our_contact", _("Our contact"), p.our_contact if p else self.app.backend.me,
                  _("who of us runs it")),
            Field("contacts", _("Their people"), self.text_of(p.contacts, "contacts") if p else "",
                  _("names, comma-separated")),
            Field("note", _("Note"), p.note if p else "", ""),
        ]
        if p is not None:
            out.insert(2, Field("end", _("Ended on"), self.text_of(p.end), _("empty: still running")))
        return out

    def change(self, values: dict[str, str]) -> Change:
        if not values["name"]:
            raise FormError(_("{field}: give it a name").format(field=self.label("name")))
        start = self.date_of(values["start"], self.label("start"))
        label = self.label("contacts")
        contacts = [resolve_contact(self.partner, name, label) for name in split_list(values["contacts"])]
        if self.record is not None:
            end = self.date_of(values["end"], self.label("end"), required=False)
            if end and end < start:
                raise FormError(_("{field}: before the start").format(field=self.label("end")))
            changes = self.edits({"name": values["name"], "start": start, "end": end,
                                  "our_contact": values["our_contact"], "contacts": contacts, "note": values["note"]})
            return Change("edit_record", (self.partner.slug, "projects", self.record.id, changes),
                          {"expected": self.expected(changes)}, slug=self.partner.slug,
                          done=lambda _p: _("Saved project {name}").format(name=values["name"]))
        project = Project("", values["name"], start, None, values["our_contact"], contacts, values["note"])
        return Change("add_project", (self.partner.slug, project), slug=self.partner.slug,
                      done=lambda _p: (_("Project {project} starts {day}") if start > self.today else
                                       _("Project {project} started {day}")).format(project=project.name,
                                                                                    day=day(start)))
