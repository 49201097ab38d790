"""One question with a few answers, each on a button with its key (mine / theirs / edit, keep / move…)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from koop_tui.app.actions import bindings


class ChoiceDialog(ModalScreen):
    """Dismisses with the value of the answer chosen by its key or button; `esc` dismisses with None."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = bindings("back")

    def __init__(self, question: str, detail: str, answers: list[tuple[str, str, str]]) -> None:
        """`answers`: (key, label, value) each; the key is pressed alone, e.g. ("m", "Mine", "mine")."""
        super().__init__()
        self.question = question
        self.detail = detail
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question, id="question", markup=False)
            yield Static(self.detail, id="detail", markup=False)
            # more than two answers (a contact's records moving to one of the others) do not fit side by side at
            # 80 columns, the longer German labels still less: one compact button per line, the names whole
            many = len(self.answers) > 2
            with (Vertical if many else Horizontal)(id="buttons", classes="-many" if many else ""):
                for key, label, value in self.answers:
                    yield Button(f"{label} ({key})", id=f"answer-{value}", variant="primary", compact=many)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def on_key(self, event: events.Key) -> None:
        for key, _label, value in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    def action_back(self) -> None:
        self.dismiss(None)
