"""Who can do…? Rank partners by know-how (engine.who) and log "asked about …" with one key."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Input, Static

from koop_tui.app.actions import bindings
from koop_tui.app.dialogs.partner_form import split_list
from koop_tui.app.messages import Change
from koop_tui.app.screens.base import KoopScreen, Selection
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.app.widgets.text_box import TextBox
from koop_tui.model import Touchpoint
from koop_tui.i18n import N_, _
from koop_tui.words import stage_word

COLUMNS = ("#", N_("Partner"), N_("Stage"), N_("Matches"), N_("Who"))
ASK_KIND = "message"


class WhoScreen(KoopScreen):
    """`w`: type skills (comma or space separated), Enter: the ranking gets the cursor (on its first row), so the
    screen keys (`1`, `2`, `?`, …) work again; `/` types again; `a` logs that I asked the selected partner."""

    CSS_PATH = "who.tcss"
    BINDINGS = bindings("asked", "back", "log-touch", "snooze", "filter", "filter-to-list", quiet=("snooze",))

    def __init__(self) -> None:
        super().__init__()
        self.results: dict[str, Any] = {}
        self.skills: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextBox(placeholder=_("who can do… e.g. seo, translation (enter searches)"), id="skills")
        yield StatusTable(id="who")
        yield Static("", id="why", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one(StatusTable).add_columns(*COLUMNS)
        self.query_one("#skills", Input).focus()

    def reload(self, slugs: set[str] | None = None) -> None:
        if self.skills:
            super().reload(slugs)

    def compute(self) -> list[Any]:
        return self.app.backend.who(self.skills)

    def show(self, results: list[Any]) -> None:
        table = self.query_one(StatusTable)
        self.results = {}
        rows = []
        for rank, r in enumerate(results, 1):
            self.results[r.partner] = r
            rows.append((r.partner, (str(rank), r.partner_name, stage_word(r.stage), ", ".join(r.skills), r.ask)))
        table.replace_rows(rows, table.current_key)
        if rows and self.query_one("#skills", Input).has_focus:
            self.set_focus(table)
        if not rows:
            self.query_one("#why", Static).update(  # and what to do: the app has no skills = [...] to type
                _("Nobody with {skills} yet: add it as know-how on a partner (p on its page) or a contact (c), or "
                  "search every note for it (ctrl+f)").format(skills=", ".join(self.skills)))
        else:
            self._why()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.skills = split_list(event.value.replace(" ", ","))
        self.reload()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._why()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def _why(self) -> None:
        result = self.results.get(self.query_one(StatusTable).current_key or "")
        self.query_one("#why", Static).update(result.explanation if result else "")

    def selection(self) -> Selection | None:
        key = self.query_one(StatusTable).current_key
        return Selection(key) if key else None

    def action_filter(self) -> None:
        self.set_focus(self.query_one("#skills", Input))  # at once: the keys typed behind go into it

    def action_to_list(self) -> None:
        self.set_focus(self.query_one(StatusTable))  # at once: a key typed behind may act on the list

    def action_back(self) -> None:
        """Escape in the box leaves it for the ranking, if there is one; else it closes the screen."""
        table = self.query_one(StatusTable)
        if self.query_one("#skills", Input).has_focus and table.row_count:
            self.set_focus(table)  # at once: a key typed behind acts on the ranking
        else:
            super().action_back()

    def action_asked(self) -> None:
        sel = self.selection()
        if sel is None or not self.skills:
            self.notify(_("Search first, then select a partner"), severity="warning", timeout=3)
            return
        backend = self.app.backend
        kinds = backend.workspace.settings.kinds
        kind = ASK_KIND if ASK_KIND in kinds else next(iter(kinds))
        about = ", ".join(self.skills)
        touch = Touchpoint("", backend.today, kind, kinds[kind].direction, note=_("asked about {skills}").format(skills=about),
                           by=backend.me)
        name = backend.partner(sel.slug).name
        self.app.save(Change("log_touch", (sel.slug, touch), slug=sel.slug,
                             done=lambda _t: _("Logged: asked {partner} about {skills}").format(partner=name,
                                                                                                skills=about)))
