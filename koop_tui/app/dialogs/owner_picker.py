"""Whose due list to show: me, everyone, or one owner, each with the counts its list would show."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from koop_tui.app.actions import bindings
from koop_tui.app.widgets.status import MARKS
from koop_tui.i18n import _

Scope = bool | str  # True: mine, False: everyone, a name: that owner (and nobody's)


def shown(counts: dict[str, int]) -> str:
    """The counts as the due list's header writes them (engine.due_counts, counts_text)."""
    from koop_tui.engine.due import counts_text

    return counts_text({s: n for s, n in counts.items() if s != "ok"}, MARKS, "  ") or _("nothing due")


class OwnerPicker(ModalScreen[Scope | None]):
    """`O` on the due list: enter shows the highlighted owner's list; esc keeps the list as it is."""

    CSS_PATH = "owner_picker.tcss"
    BINDINGS = bindings("back")

    def __init__(self, choices: list[tuple[str, Scope, dict[str, int]]], current: Scope) -> None:
        super().__init__()
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        width = max((len(label) for label, _, _ in self.choices), default=0)
        with Vertical(id="owners"):
            yield Label(_("Show the due list of…"), id="owners-title")
            yield OptionList(*(Option(f"{label:<{width}}  {shown(counts)}", id=str(i))
                               for i, (label, _, counts) in enumerate(self.choices)), id="owner-list")
            yield Label(_("enter shows it · esc cancels"), id="owners-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next((i for i, (_, scope, _) in enumerate(self.choices) if scope == self.current), 0)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id)][1])

    def action_back(self) -> None:
        self.dismiss(None)
