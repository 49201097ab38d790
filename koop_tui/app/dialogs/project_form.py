"""Add a joint project: while it runs, contact happens by itself (project cadence)."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, resolve_contact
from koop_tui.app.dialogs.partner_form import split_list
from koop_tui.app.messages import Change
from koop_tui.model import Partner, Project


class ProjectForm(FormDialog):
    """`P` on a partner."""

    def __init__(self, partner: Partner) -> None:
        super().__init__()
        self.partner = partner

    @property
    def form_title(self) -> str:
        return f"New joint project · {self.partner.name}"

    def fields(self) -> list[Field]:
        return [
            Field("name", "Project", "", "Relaunch shop"),
            Field("start", "Start", "today", "today, -2w, 2026-03-01"),
            Field("our_contact", "Our contact", self.app.backend.me, "who of us runs it"),
            Field("contacts", "Their people", "", "names, comma-separated"),
            Field("note", "Note", "", ""),
        ]

    def change(self, values: dict[str, str]) -> Change:
        if not values["name"]:
            raise FormError("Project: give it a name")
        start = self.date_of(values["start"], "Start")
        label = self.label("contacts")
        contacts = [resolve_contact(self.partner, name, label) for name in split_list(values["contacts"])]
        project = Project("", values["name"], start, None, values["our_contact"], contacts, values["note"])
        return Change("add_project", (self.partner.slug, project), slug=self.partner.slug,
                      done=lambda _p: f"Project {project.name} started {start.isoformat()}")
