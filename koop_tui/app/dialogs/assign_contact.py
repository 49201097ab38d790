"""Pick one of a partner's contacts for a captured mail or meeting (the Captured screen's `t`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from koop_tui.app.actions import bindings
from koop_tui.i18n import _
from koop_tui.model import Partner


class AssignContactDialog(ModalScreen[str | None]):
    """Dismisses with "slug/contact" for the contact chosen with enter, None on `esc`."""

    CSS_PATH = "assign_contact.tcss"
    BINDINGS = bindings("back")

    def __init__(self, partner: Partner) -> None:
        super().__init__()
        self.partner = partner

    def compose(self) -> ComposeResult:
        with Vertical(id="assign"):
            yield Label(_("Assign to a contact of {partner}").format(partner=self.partner.name), id="assign-title",
                        markup=False)
            yield OptionList(*[Option(f"{c.name} ({c.id})" + (f" · {c.email}" if c.email else ""), id=c.id)
                               for c in self.partner.contacts], id="assign-contacts")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(f"{self.partner.slug}/{event.option.id}")

    def action_back(self) -> None:
        self.dismiss(None)
