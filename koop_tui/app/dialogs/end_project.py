"""End a running joint project; after the last one the partner is "between projects"."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError
from koop_tui.app.messages import Change
from koop_tui.model import Project


class EndProjectDialog(FormDialog):
    """`E` on a running project."""

    def __init__(self, slug: str, project: Project) -> None:
        super().__init__()
        self.slug = slug
        self.project = project

    @property
    def form_title(self) -> str:
        return f"End project · {self.project.name}"

    def fields(self) -> list[Field]:
        return [Field("end", "Ended on", "today", "today, -3d, 2026-11-20")]

    def change(self, values: dict[str, str]) -> Change:
        end = self.date_of(values["end"], "Ended on", past=True)
        if end < self.project.start:
            raise FormError(f"Ended on: before the start ({self.project.start.isoformat()})")
        name = self.project.name
        return Change("end_project", (self.slug, self.project.id, end), slug=self.slug,
                      done=lambda _r: f"Project {name} ended {end.isoformat()}")
