"""Broken files and other problems, as `path:line:col: message`; the rest of the workspace still works.

Enter on a problem opens its partner (a merge conflict is resolved there); `e` opens the file in $EDITOR,
also when the file is too broken to load.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from koop_tui.app.actions import bindings
from koop_tui.app.screens.base import Reloads
from koop_tui.i18n import _, number
from koop_tui.model import Problem


def partner_slug(problem: Problem) -> str | None:
    """The partner a problem is about (`partners/<slug>.toml`), else None (koop.toml)."""
    path = problem.path
    if path.startswith("partners/") and path.endswith(".toml"):
        return path.removeprefix("partners/").removesuffix(".toml")
    return None


class ProblemsScreen(Reloads, ModalScreen):
    """`!`: every problem the loader found; enter opens the partner, `e` edits the file, `esc` closes."""

    CSS_PATH = "problems.tcss"
    BINDINGS = bindings("open", "edit-file", "back")

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="problems"):
            yield Static(_("Problems"), id="problems-title")
            yield OptionList(id="problems-list")
            yield Static(_("enter opens the partner · e edits the file · esc closes"), id="problems-hint")

    def on_mount(self) -> None:
        self.reload()

    def reload(self, _slugs: set[str] | None = None) -> None:
        """Called on every data change too, so a fixed file leaves the list at once."""
        self.problems = list(self.app.backend.workspace.problems) if self.app.loaded else []
        box = self.query_one(OptionList)
        keep = box.highlighted
        box.clear_options()
        if self.problems:
            box.add_options([Option(Text(str(p)), id=str(i)) for i, p in enumerate(self.problems)])
            box.highlighted = min(keep or 0, len(self.problems) - 1)
        else:
            box.add_option(Option(_("No problems. Every file reads cleanly."), disabled=True))
        self.query_one("#problems-title", Static).update(_("Problems ({n})").format(n=number(len(self.problems))))

    def _selected(self) -> Problem | None:
        index = self.query_one(OptionList).highlighted
        return self.problems[index] if index is not None and index < len(self.problems) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        problem = self._selected()
        slug = partner_slug(problem) if problem else None
        if slug is None or slug not in self.app.backend.workspace.partners:
            what = problem.path if problem else _("this")
            self.notify(_("{file} cannot be opened as a partner: press e to fix it in the editor").format(file=what),
                        severity="warning", timeout=5)
            return
        self.dismiss()
        from koop_tui.app.screens.partner import PartnerScreen

        self.app.push_screen(PartnerScreen(slug))

    def action_edit_file(self) -> None:
        """The problem's file in the editor: a partner file, and koop.toml, whose errors are fixed there too."""
        problem = self._selected()
        slug = partner_slug(problem) if problem else None
        if slug is not None:
            self.app.edit_file(slug)
        elif problem is not None and (self.app.backend.root / problem.path).is_file():
            self.app.edit_path(problem.path)
        else:
            self.notify(_("Nothing to edit here"), severity="warning", timeout=3)

    def action_back(self) -> None:
        self.dismiss()
