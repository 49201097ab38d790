"""End a running joint project; after the last one the partner is "between projects"."""

from __future__ import annotations

from datetime import date

from koop_tui.app.dialogs.base import Field, FormDialog, FormError
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day
from koop_tui.model import Project


class EndProjectDialog(FormDialog):
    """`E` on a running project."""

    def __init__(self, slug: str, project: Project) -> None:
        super().__init__()
        self.slug = slug
        self.project = project

    @property
    def form_title(self) -> str:
        return _("End project · {project}").format(project=self.project.name)

    def fields(self) -> list[Field]:
        return [Field("end", _("Ended on"), _("today"),
                      _("today, -3d, {example}").format(example=day(date(2026, 11, 20))))]

    def change(self, values: dict[str, str]) -> Change:
        end = self.date_of(values["end"], self.label("end"), past=True)
        if end < self.project.start:
            raise FormError(_("{field}: before the start ({day})").format(field=self.label("end"),
                                                                         day=day(self.project.start)))
        name = self.project.name
        return Change("end_project", (self.slug, self.project.id, end), slug=self.slug,
                      done=lambda _r: _("Project {project} ended {day}").format(project=name, day=day(end)))
