"""Every key, grouped by where it works; read from the action table, so rebound keys show correctly."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from koop_tui.app.actions import ACTIONS, bindings, key_label
from koop_tui.i18n import _, translated


def help_table(keymap: dict[str, str]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column()
    scope = None
    for action in ACTIONS.values():
        if action.scope != scope:
            scope = action.scope
            table.add_row("", "")
            table.add_row(f"[u]{translated(scope)}[/u]", "")
        table.add_row(key_label(keymap.get(action.id, action.key)), translated(action.help))
    table.add_row("", "")
    table.add_row("ctrl+p", _("Command palette: every action by name"))
    return table


class HelpScreen(ModalScreen):
    """`?`: the keys; `esc` closes."""

    CSS_PATH = "help.tcss"
    BINDINGS = bindings("back")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(_("koop · keys  (rebind in config.toml [keys], e.g. log-touch = \"L\")\n"
                           "In a text box every printable key types: Enter, Down or Esc leaves it, then these keys "
                           "work again."), id="help-title", markup=False)
            yield Static(help_table(self.app.user_keymap))

    def action_back(self) -> None:
        self.dismiss()
