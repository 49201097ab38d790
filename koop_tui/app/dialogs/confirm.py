"""Yes or no, for changes that deserve a second thought."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from koop_tui.app.actions import bindings
from koop_tui.i18n import _


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True on `y`/Yes, False on `n`/`esc`/No."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = bindings("yes", "no", "back")

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question, id="question", markup=False)
            yield Static(self.detail, id="detail", markup=False)
            with Horizontal(id="buttons"):
                yield Button(_("Yes (y)"), id="yes", variant="warning")
                yield Button(_("No (n)"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

    def action_back(self) -> None:
        self.dismiss(False)
