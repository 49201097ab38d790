"""Search the workspace (ctrl+f): names, contacts, emails, notes and skills, ranked, with the matched text."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Input, Static

from koop_tui.app.actions import bindings
from koop_tui.app.screens.base import KoopScreen, Selection
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.app.widgets.text_box import TextBox
from koop_tui.i18n import N_, _
from koop_tui.words import field_word, plural

COLUMNS = (N_("Partner"), N_("Where"), N_("Found"))


class SearchScreen(KoopScreen):
    """Type words: the results follow each key (every word must occur, the last may be the start of one); Down
    moves into them, Enter opens the partner."""

    CSS_PATH = "search.tcss"
    BINDINGS = bindings("back", "log-touch", "filter", "filter-to-list")

    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextBox(placeholder=_("search names, contacts, emails, notes, skills…"), id="words")
        yield StatusTable(id="found", fit_last=True)  # the text found, cut with … where the screen ends
        yield Static(_("Type to search the whole workspace."), id="said", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one(StatusTable).add_columns(*COLUMNS)
        self.query_one("#words", Input).focus()

    def reload(self, slugs: set[str] | None = None) -> None:
        if self.text:
            super().reload(slugs)

    def compute(self) -> list[Any]:
        return self.app.backend.search(self.text)

    def show(self, hits: list[Any]) -> None:
        rows = [(f"{h.slug}/{h.record}", (h.name, f"{field_word(h.field)} {h.record}".rstrip(), h.snippet))
                for h in hits]
        table = self.query_one(StatusTable)
        keep = table.current_key
        table.clear(columns=True).add_columns(*COLUMNS)  # widths of these results, not of the widest so far
        table.replace_rows(rows, keep)
        said = plural(len(hits), "{n} found; Down, then Enter opens the partner",
                      "{n} found; Down, then Enter opens the partner") if hits else \
            _("Nothing matches '{text}'.").format(text=self.text)
        self.query_one("#said", Static).update(said)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.text = event.value.strip()
        if self.text:
            self.reload()
        else:
            self.query_one(StatusTable).replace_rows([], None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_list()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def selection(self) -> Selection | None:
        key = self.query_one(StatusTable).current_key
        return Selection(key.split("/", 1)[0]) if key else None

    def action_filter(self) -> None:
        self.query_one("#words", Input).focus()

    def action_to_list(self) -> None:
        self.query_one(StatusTable).focus()
