"""Broken files and other problems, as `path:line:col: message`; the rest of the workspace still works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from koop_tui.app.actions import bindings


class ProblemsScreen(ModalScreen):
    """`!`: every problem the loader found; `esc` closes."""

    CSS_PATH = "problems.tcss"
    BINDINGS = bindings("back")

    def compose(self) -> ComposeResult:
        problems = self.app.backend.workspace.problems if self.app.loaded else []
        with VerticalScroll(id="problems"):
            yield Static(f"Problems ({len(problems)})", id="problems-title")
            text = "\n".join(str(p) for p in problems) or "No problems. Every file reads cleanly."
            yield Static(text, id="problems-list", markup=False)

    def action_back(self) -> None:
        self.dismiss()
