"""Campaigns such as Christmas cards: done or missing per partner; `x` logs the campaign's first kind (for the
partners marked with `space`, or the selected one)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from koop_tui.app.actions import bindings
from koop_tui.app.messages import Change
from koop_tui.app.screens.base import ITEM_ACTIONS, KoopScreen, Selection
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.status import status_cells
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.i18n import N_, NP_, Said, _, day, ngettext, number
from koop_tui.words import stage_word
from koop_tui.model import Touchpoint, kind_shown, kind_word

COLUMNS = (N_("Status"), N_("Partner"), NP_("column", "Owner"), N_("Stage"), N_("Done on"))
MINE_COLUMNS = (N_("Status"), N_("Partner"), N_("Stage"), N_("Done on"))


class CampaignsScreen(KoopScreen):
    """One campaign at a time (`tab` cycles); missing partners first."""

    CSS_PATH = "campaigns.tcss"
    BINDINGS = bindings("campaign-done", "campaign-mark", "next-campaign", *ITEM_ACTIONS, "toggle-mine",
                        quiet=("add-followup", "snooze"))

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.rows: dict[str, Any] = {}
        self.mine = True  # as on the due list: my partners and unowned ones, `m` for everyone's
        self.shown_columns: tuple[str, ...] = ()
        self.marked: set[str] = set()  # missing partners `x` marks done together

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="campaign", markup=False)
        yield StatusTable(id="campaign-rows")
        yield KoopFooter()

    def _owner(self) -> str | None:
        """Whose partners are listed, by the due list's rule (Backend.due): me, unless partners have no owners."""
        backend = self.app.backend
        return backend.me if self.mine and backend.me and backend.has_owners else None

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.reload()

    @property
    def campaign(self):
        campaigns = self.app.backend.workspace.settings.campaigns
        return campaigns[self.index % len(campaigns)] if campaigns else None

    def select(self, campaign_id: str) -> None:
        """Show the campaign with this id (the due list's campaign row opens it)."""
        ids = [c.id for c in self.app.backend.workspace.settings.campaigns]
        if campaign_id in ids and ids.index(campaign_id) != self.index:
            self.index = ids.index(campaign_id)
            if self.is_mounted:
                self.reload()

    def compute(self) -> list[Any]:
        campaign = self.campaign
        return self.app.backend.campaign_rows(campaign.id) if campaign else []

    def show(self, rows: list[Any]) -> None:
        from koop_tui.engine.campaigns import campaign_window

        campaign = self.campaign
        head = self.query_one("#campaign", Static)
        if campaign is None:
            head.update(_("No campaigns in koop.toml ([[campaigns]], e.g. Christmas cards)."))
            return
        start, end = campaign_window(campaign, self.app.backend.today)
        owner, backend = self._owner(), self.app.backend
        owners = {r.slug: getattr(backend.partner(r.slug), "owner", "") for r in rows}
        rows = [r for r in rows if owner is None or owners[r.slug] in (owner, "")]
        done = sum(1 for r in rows if r.done)
        scope = _("mine ({me})").format(me=owner) if owner else _("all owners") if backend.has_owners else \
            _("everyone")
        head.update(_("{campaign}: {done} of {total} done, {missing} missing · {scope} · window {start} – {end} · "
                      "done = a {kinds} in the window").format(
                          campaign=campaign.name, done=number(done), total=number(len(rows)),
                          missing=number(len(rows) - done), scope=scope, start=day(start), end=day(end),
                          kinds=" / ".join(kind_shown(k, backend.workspace.settings.kinds)
                                           for k in campaign.kinds)))
        table = self.query_one(StatusTable)
        columns = MINE_COLUMNS if owner or not backend.has_owners else COLUMNS
        if columns != self.shown_columns:
            self.shown_columns = columns
            table.clear(columns=True).add_columns(*columns)
        # after `x` here the cursor keeps its line (the next partner to do); after an outside change, its partner
        keep = None if self.app.saved_revision == self.revision else table.current_key
        self.rows = {r.slug: r for r in rows}
        self.marked &= {r.slug for r in rows if not r.done}
        cell = status_cells(table)
        done_label, missing_label = "✓ " + _("done"), "✗ " + _("missing")
        table.replace_rows([(r.slug, (
            cell("ok", done_label) if r.done else cell("due", missing_label),
            ("▶ " if r.slug in self.marked else "") + r.name, *([owners[r.slug]] if columns is COLUMNS else []),
            stage_word(r.stage), day(r.done) if r.done else "",
        )) for r in rows], keep)

    def selection(self) -> Selection | None:
        key = self.query_one(StatusTable).current_key
        return Selection(key) if key else None

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_next_campaign(self) -> None:
        self.index += 1
        self.marked = set()
        self.reload()

    def action_campaign_mark(self) -> None:
        """`space`: mark (or unmark) the selected missing partner, and go to the next row."""
        sel = self.selection()
        if sel is None or self.rows[sel.slug].done:
            return
        self.toggle_mark(sel.slug)

    def action_campaign_done(self) -> None:
        if not self._ready():
            return
        sel, campaign = self.selection(), self.campaign
        if sel is None or campaign is None or not campaign.kinds:
            return
        if self.marked:
            self._mark_done(campaign, sorted(self.marked))
            return
        row = self.rows[sel.slug]
        if row.done:
            self.notify(_("{partner}: already done on {day}").format(partner=row.name, day=day(row.done)), timeout=3)
            return
        backend = self.app.backend
        touch = Touchpoint("", backend.today, campaign.kinds[0],
                           backend.workspace.settings.kinds[campaign.kinds[0]].direction,
                           note=campaign.name, by=backend.me)
        self.app.save(Change("log_touch", (sel.slug, touch), slug=sel.slug,
                             done=lambda _t: _("{campaign}: {partner} done").format(campaign=campaign.name,
                                                                                    partner=row.name)))

    def _mark_done(self, campaign: Any, slugs: list[str]) -> None:
        """Log the campaign's first kind for each marked partner (one change per partner file)."""
        backend = self.app.backend
        kind = campaign.kinds[0]
        touches = [(slug, Touchpoint("", backend.today, kind, backend.workspace.settings.kinds[kind].direction,
                                     note=campaign.name, by=backend.me)) for slug in slugs]
        self.marked = set()
        n = len(touches)
        message = Said.plural(n, "Log {kind} with {n} partner ({campaign})",
                              "Log {kind} with {n} partners ({campaign})",
                              kind=kind_word(kind, backend.workspace.settings.kinds), campaign=campaign.name)
        self.app.save(Change("log_touches", (touches, message),
                             done=lambda done: ngettext("{campaign}: {n} partner done", "{campaign}: {n} partners done",
                                                        len(done)).format(campaign=campaign.name,
                                                                          n=number(len(done)))))
