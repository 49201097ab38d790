"""Imported partners to sort (the due list's "… imported partners to sort" row): `space` marks several, `t` gives
them a stage and a cadence, `x` archives them as not a partner; Enter opens one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from koop_tui.app.actions import bindings
from koop_tui.app.screens.base import KoopScreen, Selection
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.i18n import N_, _, day
from koop_tui.text import some
from koop_tui.words import plural

# the free text last: a long name or address is cut there with "…", never the import day off the screen's edge
COLUMNS = (N_("Partner"), N_("Imported"), N_("Contacts"))


class TriageScreen(KoopScreen):
    """Every partner still in the stage `imported`, oldest import first."""

    CSS_PATH = "triage.tcss"
    BINDINGS = bindings("triage-mark", "triage-sort", "triage-archive", "back", "edit-file", "add-followup", "snooze",
                        quiet=("add-followup", "snooze"))

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Any] = {}
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="triage-head", markup=False)
        yield StatusTable(id="triage-rows", fit_last=True)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one(StatusTable).add_columns(*COLUMNS)
        super().on_mount()

    def compute(self) -> list[Any]:
        return self.app.backend.triage_rows()

    def show(self, rows: list[Any]) -> None:
        from koop_tui.engine.triage import contacts_text

        self.rows = {p.slug: p for p in rows}
        self.marked &= set(self.rows)
        if not rows:
            head = _("Nothing to sort: every imported partner has a stage.")
        elif self.marked:
            head = _("{n} to sort · {marked} marked: t stage and cadence · x not a partner").format(
                n=len(rows), marked=len(self.marked))
        else:
            head = _("{n} to sort · space marks several · t stage and cadence · x not a partner").format(n=len(rows))
        self.query_one("#triage-head", Static).update(head)
        table = self.query_one(StatusTable)
        # after `t` or `x` the cursor keeps its line (the next partner to sort); after an outside change, its partner
        keep = None if self.app.saved_revision == self.revision else table.current_key
        table.replace_rows([(p.slug, (
            ("▶ " if p.slug in self.marked else "") + p.name, day(p.imported) if p.imported else "—",
            contacts_text(p),
        )) for p in rows], keep)

    def selection(self) -> Selection | None:
        key = self.query_one(StatusTable).current_key
        return Selection(key) if key in self.rows else None

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def _chosen(self) -> list[str]:
        """The marked partners, else the selected one."""
        if self.marked:
            return sorted(self.marked)
        sel = self.selection()
        return [sel.slug] if sel else []

    def action_triage_mark(self) -> None:
        """`space`: mark (or unmark) the selected partner, and go to the next row."""
        sel = self.selection()
        if sel is None:
            return
        self.toggle_mark(sel.slug)

    def action_triage_sort(self) -> None:
        from koop_tui.app.dialogs.triage import SortForm

        if self._ready() and (slugs := self._chosen()):
            self.app.push_screen(SortForm(slugs, [self.rows[s].name for s in slugs]), self._sorted)

    def action_triage_archive(self) -> None:
        from koop_tui.app.dialogs.confirm import ConfirmDialog

        if not self._ready() or not (slugs := self._chosen()):
            return
        names = [self.rows[s].name for s in slugs]
        question = _("Archive {partner} as not a partner?").format(partner=names[0]) if len(names) == 1 else \
            plural(len(names), "Archive {n} imported partner as not a partner?",
                   "Archive {n} imported partners as not partners?")
        detail = _("Stage ended: kept (a new import will not bring them back), never due.")
        if len(names) > 1:  # one is named in the question
            detail += " " + some(names, 5)
        self.app.push_screen(ConfirmDialog(question, detail), lambda yes: self._archive(yes, slugs))

    def _archive(self, yes: bool | None, slugs: list[str]) -> None:
        from koop_tui.app.dialogs.triage import sort_change

        if yes:
            self.app.save(sort_change(slugs, {"stage": "ended"}))
            self._sorted(True)

    def _sorted(self, saved: Any) -> None:
        if saved:
            self.marked = set()
