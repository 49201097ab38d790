"""One partner: header, contacts with their own staleness, follow-ups, timeline, projects, agreements."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Label, Static
from textual.widgets.data_table import RowDoesNotExist

from koop_tui.app.actions import ACTIONS, bindings
from koop_tui.app.data import PartnerSnapshot, Unreadable
from koop_tui.app.screens.base import ITEM_ACTIONS, KoopScreen, Selection, waits_for_load
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.partner_header import PartnerHeader
from koop_tui.app.widgets.status import DIRECTION_MARKS, snoozed, status_text
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.engine.common import late
from koop_tui.engine.conflicts import shown
from koop_tui.i18n import N_, _, day, ngettext, number, translated
from koop_tui.model import Partner, kind_shown

TITLES = {"conflicts": N_("⚠ Merge conflicts: keep ours, theirs or a typed value (Resolve)"),
          "contacts": N_("Contacts"), "followups": N_("Follow-ups"), "timeline": N_("Timeline (newest first)"),
          "projects": N_("Projects"), "agreements": N_("Agreements")}
SECTIONS = {
    "conflicts": (N_("Field"), N_("Ours"), N_("Theirs"), N_("Before")),
    # as the due list: status and due first, the free text last (cut with … on a narrow screen, not the due day,
    # nor a column behind the text scrolled off to the right)
    "contacts": (N_("Status"), N_("Due"), N_("Contact"), N_("Role"), N_("Cadence")),
    "followups": (N_("Due"), N_("Done"), N_("Contact"), N_("Follow-up")),
    "timeline": (N_("Date"), N_("Dir"), N_("Kind"), N_("With"), N_("By"), N_("Note")),
    "projects": (N_("Project"), N_("Start"), N_("End"), N_("Our contact"), N_("Note")),
    "agreements": (N_("Agreement"), N_("Signed"), N_("Review"), N_("Text")),
}
TIMELINE_LEAST = 12  # the header and 11 rows, also without room left: the page scrolls to them (as at 80×24)
TABLES = {"contacts": "contacts", "timeline": "touchpoints", "followups": "followups", "projects": "projects",
          "agreements": "agreements"}  # table widget -> the partner's records it lists
PARTNER_ACTIONS = ("edit-partner", "edit-contact", "delete-record", "vetting", "change-stage", "contact-left",
                   "add-project", "end-project", "add-agreement", "resolve-conflict")
# what a read-only partner (its file has errors) does not offer: every change but editing the file
WRITES = {ACTIONS[a].action for a in (*ITEM_ACTIONS, *PARTNER_ACTIONS)} - {"back", "edit_file", "resolve_conflict"}


class PartnerScreen(KoopScreen):
    """Everything about one partner; the focused table decides what `l`, `x`, `s`, `c` act on."""

    CSS_PATH = "partner.tcss"
    BINDINGS = bindings(*ITEM_ACTIONS, *PARTNER_ACTIONS)

    def __init__(self, slug: str, at: str = "") -> None:
        super().__init__()
        self.slug = slug
        self.at = at  # a record to put the cursor on once shown (a search hit)
        self.snap: PartnerSnapshot | None = None
        self.unreadable = False  # its file broke or went away: nothing of it is shown, only `e` is offered

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            banner = Static("", id="read-only", markup=False)
            banner.display = False  # shown while the file has errors
            yield banner
            yield PartnerHeader(_("Loading…"), id="head")
            for name, columns in SECTIONS.items():
                yield Label(translated(TITLES[name]), classes="section", id=f"{name}-label")
                yield StatusTable(id=name, classes="section-table", fit_last=name != "conflicts")
                if name == "contacts":
                    yield Static("", id="contact-explain", markup=False)
                    yield Label(_("History: touches per month (24 months)"), classes="section", id="history-label")
                    yield Static("", id="history", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        for name, columns in SECTIONS.items():
            self.query_one(f"#{name}", StatusTable).add_columns(*columns)
        # now, not after the next message: a record found (_go_to) takes the focus after it; the page stays at its top
        self.set_focus(self.query_one("#contacts", StatusTable), scroll_visible=False)

    def reload(self, slugs: set[str] | None = None) -> None:
        if not slugs or self.slug in slugs:
            super().reload(slugs)

    def compute(self) -> PartnerSnapshot | Unreadable:
        return self.app.backend.snapshot(self.slug)

    def show(self, snap: PartnerSnapshot | Unreadable) -> None:
        if isinstance(snap, Unreadable):
            self._show_unreadable(snap)
            return
        self.snap, self.unreadable = snap, False
        p, today = snap.partner, self.app.backend.today
        self.query_one(PartnerHeader).show(p, snap.view, today, snap.unread)
        self._show_read_only(snap.errors if snap.broken else ())
        self._fill("conflicts", [(c.id, (c.field, shown(c.ours), shown(c.theirs), shown(c.base)))
                                 for c in p.conflicts])
        self.refresh_bindings()
        self._fill("contacts", self._contact_rows(snap))
        self._explain()
        self._show_history(snap)
        self._fill("followups", [(f.id, (
            day(f.due), day(f.done) if f.done else _("open"), self.contact_name(p, f.contact), f.text,
        )) for f in sorted(p.followups, key=lambda f: (f.done is not None, f.due, f.id))])
        kinds = self.app.backend.workspace.settings.kinds  # a kind as the language says it, as the log form takes it
        self._fill("timeline", [(t.id, (
            day(t.date), DIRECTION_MARKS.get(t.direction, "?"), kind_shown(t.kind, kinds),
            ", ".join(self.contact_name(p, c) for c in t.contacts) or _("everyone"), t.by, t.note,
        )) for t in sorted(p.touchpoints, key=lambda t: (t.date, t.id), reverse=True)])
        self._fill("projects", [(pr.id, (
            pr.name, day(pr.start), day(pr.end) if pr.end else _("planned") if pr.start > today else _("running"),
            pr.our_contact, pr.note,
        )) for pr in sorted(p.projects, key=lambda pr: (pr.end is None, pr.start), reverse=True)])
        self._fill("agreements", [(a.id, (
            a.what, day(a.signed) if a.signed else "—", day(a.review) if a.review else "—", a.text,
        )) for a in p.agreements])
        if self.at:
            self._go_to(self.at)
            self.at = ""

    def _go_to(self, rid: str) -> None:
        """The cursor on the record's row, in its table, focused and scrolled into sight."""
        for name in TABLES:
            table = self.query_one(f"#{name}", StatusTable)
            try:
                row = table.get_row_index(rid)
            except RowDoesNotExist:
                continue
            self.set_focus(table)
            table.move_cursor(row=row)
            self.call_after_refresh(table.scroll_visible, animate=False)
            return

    def _show_unreadable(self, snap: Unreadable) -> None:
        """A file that broke so it cannot be read, or went away: what was shown of it goes (it would be computed
        from what the file no longer says); the banner names its first problem, and only `e` is offered."""
        self.snap, self.unreadable = None, True
        gone = _("{slug}: this partner is gone (file removed or broken)").format(slug=self.slug)
        self.query_one(PartnerHeader).update(f"partners/{self.slug}.toml" if snap.errors else gone)
        self._show_read_only(snap.errors)
        for name in SECTIONS:
            table = self.query_one(f"#{name}", StatusTable)
            table.replace_rows([], None)
            table.display = self.query_one(f"#{name}-label", Label).display = False
        self.query_one("#contact-explain", Static).update("")
        self._show_history(None)
        self.refresh_bindings()

    def _show_read_only(self, errors: tuple) -> None:
        banner = self.query_one("#read-only", Static)
        banner.display = bool(errors)
        if errors:
            n, first = len(errors), errors[0]
            banner.update(ngettext("⚠ Read-only: {n} problem in this file: {first}",
                                   "⚠ Read-only: {n} problems in this file, first {first}", n).format(
                                       n=number(n), first=first)
                          + "\n" + _("Nothing is computed from it until it is fixed: press e to edit the file"))

    def _show_history(self, snap: PartnerSnapshot | None) -> None:
        from koop_tui.charts import history_lines

        lines = history_lines(snap.history) if snap and snap.history else []  # none from a file with errors
        self.query_one("#history", Static).update("\n".join(lines))
        self.query_one("#history", Static).display = self.query_one("#history-label").display = bool(lines)

    def _contact_rows(self, snap: PartnerSnapshot) -> list[tuple[str, tuple]]:
        """Each contact with its own staleness from the engine; people who left show their successor."""
        table = self.query_one("#contacts", StatusTable)
        today = self.app.backend.today
        states = {s.contact.id: s for s in (snap.view.contacts if snap.view else ()) if s.contact}
        rows = []
        for c in snap.partner.contacts:
            state = states.get(c.id)
            if c.left and c.left <= today:
                after = f" → {self.contact_name(snap.partner, c.successor)}" if c.successor else ""
                cells = ("—", "", c.name, c.role, _("left {day}").format(day=day(c.left)) + after)
            elif state is None or state.status is None:
                reason = state.cadence.source if state else ""
                cells = ("—", "", c.name, c.role, reason)
            elif state.snoozed_until is not None:
                cadence = _("{days} d · {source}").format(days=state.cadence.days, source=state.cadence.source)
                cells = (status_text(table, "ok", snoozed()), _("until {day}").format(day=day(state.snoozed_until)),
                         c.name, c.role, cadence)
            else:
                cadence = _("{days} d · {source}").format(days=state.cadence.days, source=state.cadence.source)
                nxt = late((today - state.due).days) if state.due else ""
                cells = (status_text(table, state.status), nxt, c.name, c.role, cadence)
            rows.append((c.id, cells))
        return rows

    @staticmethod
    def contact_name(p: Partner, contact_id: str | None) -> str:
        if not contact_id:
            return ""
        contact = p.contact(contact_id)
        return contact.name if contact else contact_id

    def _fill(self, name: str, rows: list[tuple[str, tuple]]) -> None:
        table = self.query_one(f"#{name}", StatusTable)
        table.replace_rows(rows, table.current_key)
        table.display = bool(rows) or name in ("contacts", "timeline")
        if name == "timeline":  # 1fr high (partner.tcss): the room the other sections leave, up to its rows
            table.styles.max_height = len(rows) + 1
            table.styles.min_height = min(len(rows) + 1, TIMELINE_LEAST)
        self.query_one(f"#{name}-label", Label).display = table.display

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "contacts":
            self._explain()

    def _explain(self) -> None:
        key = self.query_one("#contacts", StatusTable).current_key
        states = self.snap.view.contacts if self.snap and self.snap.view else ()
        state = next((s for s in states if s.contact and s.contact.id == key), None)
        self.query_one("#contact-explain", Static).update(state.explanation if state else "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a row edits its record (a merge conflict: resolve it)."""
        event.stop()
        self.action_edit_record()

    def _focused_record(self) -> tuple[str, Any] | None:
        """(table, record) of the focused table's selected row."""
        if not self.snap:
            return None
        for name, table in TABLES.items():
            key = self._focused_key(name)
            if key is not None:
                return table, next((r for r in getattr(self.snap.partner, table) if r.id == key), None)
        return None

    @waits_for_load
    def action_edit_record(self) -> None:
        from koop_tui.app.dialogs.agreement_form import AgreementForm
        from koop_tui.app.dialogs.followup import FollowUpDialog
        from koop_tui.app.dialogs.log_touch import LogTouchDialog
        from koop_tui.app.dialogs.project_form import ProjectForm

        if self._focused_key("conflicts"):
            self.action_resolve_conflict()
            return
        if not self._ready():
            return
        found = self._focused_record()
        if found is None or found[1] is None:
            return
        table, record = found
        partner = self.snap.partner
        if table == "contacts":
            self.action_edit_contact()
        elif table == "touchpoints":
            self.app.push_screen(LogTouchDialog(self.slug, record=record))
        elif table == "followups":
            self.app.push_screen(FollowUpDialog(self.slug, record=record))
        elif table == "projects":
            self.app.push_screen(ProjectForm(partner, record))
        else:
            self.app.push_screen(AgreementForm(self.slug, record))

    @waits_for_load
    def action_delete_record(self) -> None:
        """`d`: asks, naming the record; a contact other records name asks where they go."""
        from koop_tui.app.dialogs.confirm import ConfirmDialog
        from koop_tui.store.changes import record_label

        if not self._ready():
            return
        found = self._focused_record()
        if found is None or found[1] is None:
            self.notify(_("Select a contact, touchpoint, follow-up, project or agreement first (tab moves)"),
                        severity="warning", timeout=3)
            return
        table, record = found
        partner = self.snap.partner
        label = record_label(partner, table, record)
        if table == "contacts" and self.app.backend.store.contact_uses(partner, record.id):
            self._ask_heir(partner, record, label)
            return
        self.app.push_screen(ConfirmDialog(_("Delete {record}?").format(record=label),
                                           _("from {partner}; u undoes it").format(partner=partner.name)),
                             lambda yes: yes and self._delete(table, record.id, label))

    def _ask_heir(self, partner: Partner, contact: Any, label: str) -> None:
        """A contact with touchpoints, follow-ups or projects: they stay for the whole partner, or another contact
        takes them over (keys 1-9)."""
        from koop_tui.app.dialogs.choice import ChoiceDialog

        others = [c for c in partner.contacts if c.id != contact.id][:9]
        answers = [("k", _("Keep for everyone"), "keep")] + [
            (str(n), _("To {name}").format(name=c.name), c.id) for n, c in enumerate(others, 1)]
        uses = self.app.backend.store.contact_uses(partner, contact.id)
        detail = ngettext("{name} is named in {n} touchpoint, follow-up or project. Keep it for the whole "
                          "partner, or move it to another contact? (esc: nothing is deleted)",
                          "{name} is named in {n} touchpoints, follow-ups or projects. Keep them for the whole "
                          "partner, or move them to another contact? (esc: nothing is deleted)", uses).format(
                              name=contact.name, n=number(uses))
        self.app.push_screen(ChoiceDialog(_("Delete {record}?").format(record=label), detail, answers),
                             lambda heir: heir and self._delete("contacts", contact.id, label, heir))

    def _delete(self, table: str, rid: str, label: str, heir: str | None = None) -> None:
        from koop_tui.app.messages import Change

        name = self.snap.partner.name if self.snap else self.slug
        self.app.save(Change("remove", (self.slug, table, rid, heir), slug=self.slug,
                             done=lambda _r: _("Deleted {record} ({partner})").format(record=label, partner=name)))

    def _focused_key(self, name: str) -> str | None:
        table = self.query_one(f"#{name}", StatusTable)
        return table.current_key if table.has_focus else None

    def selection(self) -> Selection:
        return Selection(self.slug, self._focused_key("contacts"), self._followup())

    def _focused_followup(self) -> Any:
        key = self._focused_key("followups")
        return next((f for f in self.snap.partner.followups if f.id == key), None) if key and self.snap else None

    def action_followup_done(self) -> None:
        """`x` on a follow-up marks it done; on an agreement, it was reviewed (asks for the next review)."""
        from koop_tui.app.dialogs.clear import ReviewedDialog

        key = self._focused_key("agreements")
        agreement = next((a for a in self.snap.partner.agreements if a.id == key), None) if key and self.snap else None
        if agreement is not None and self._ready():
            self.app.push_screen(ReviewedDialog(self.slug, agreement))
            return
        super().action_followup_done()

    @waits_for_load
    def action_vetting(self) -> None:
        from koop_tui.app.dialogs.clear import VettingForm

        if self._ready() and self.snap:
            self.app.push_screen(VettingForm(self.snap.partner))

    def done_followup(self) -> Any:
        found = self._focused_followup()
        return found if found and found.done is not None else None

    def _followup(self) -> str | None:
        found = self._focused_followup()
        return found.id if found and found.done is None else None

    def _ready(self, writable: bool = True) -> bool:
        """Loaded, the partner still there and its file without errors or merge conflicts: every action here
        refuses otherwise (but `e`, which edits the file, and resolving merge conflicts: `writable` False)."""
        return super()._ready() and self._exists(self.slug, writable)

    def action_edit_file(self) -> None:
        """Also while the file is broken: the editor is where it gets fixed."""
        if (self.app.backend.root / "partners" / f"{self.slug}.toml").exists():
            self.app.edit_file(self.slug)
        else:
            self._exists(self.slug)

    @waits_for_load
    def action_new(self) -> None:
        from koop_tui.app.dialogs.contact_form import ContactForm

        if self._ready():
            self.app.push_screen(ContactForm(self.slug, None))

    def action_open(self) -> None:
        """Already here; `enter` on a row does nothing more."""

    @waits_for_load
    def action_edit_partner(self) -> None:
        from koop_tui.app.dialogs.partner_form import PartnerForm

        if self._ready() and self.snap:
            self.app.push_screen(PartnerForm(self.snap.partner))

    @waits_for_load
    def action_edit_contact(self) -> None:
        from koop_tui.app.dialogs.contact_form import ContactForm

        contact = self._selected_contact()
        if contact is not None:
            self.app.push_screen(ContactForm(self.slug, contact))

    @waits_for_load
    def action_contact_left(self) -> None:
        from koop_tui.app.dialogs.contact_left import ContactLeftDialog

        contact = self._selected_contact()
        if contact is not None and self.snap is not None:
            self.app.push_screen(ContactLeftDialog(self.snap.partner, contact))

    def _selected_contact(self):
        if not self._ready():
            return None
        key = self._focused_key("contacts")
        contact = self.snap.partner.contact(key) if (self.snap and key) else None
        if contact is None:
            self.notify(_("Select a contact first (tab to the contacts table)"), severity="warning", timeout=3)
        return contact

    @waits_for_load
    def action_change_stage(self) -> None:
        from koop_tui.app.dialogs.stage_change import StageChangeDialog

        if self._ready() and self.snap:
            self.app.push_screen(StageChangeDialog(self.snap.partner))

    @waits_for_load
    def action_add_project(self) -> None:
        from koop_tui.app.dialogs.project_form import ProjectForm

        if self._ready() and self.snap:
            self.app.push_screen(ProjectForm(self.snap.partner))

    @waits_for_load
    def action_end_project(self) -> None:
        from koop_tui.app.dialogs.end_project import EndProjectDialog

        if not self._ready():
            return
        key = self._focused_key("projects")
        project = next((pr for pr in self.snap.partner.projects if pr.id == key), None) if self.snap else None
        if project is None or project.end is not None:
            self.notify(_("Select a running project first"), severity="warning", timeout=3)
            return
        self.app.push_screen(EndProjectDialog(self.slug, project))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`r` (resolve) is offered only while the partner has merge conflicts."""
        if action == "resolve_conflict":
            return bool(self.snap and self.snap.partner.conflicts)
        if self.unreadable or (self.snap is not None and self.snap.read_only):
            return action not in WRITES
        return True

    @waits_for_load
    def action_resolve_conflict(self) -> None:
        from koop_tui.app.dialogs.resolve_conflict import ResolveConflictDialog

        if not self._ready(writable=False):
            return
        conflicts = self.snap.partner.conflicts if self.snap else []
        if not conflicts:
            self.notify(_("No merge conflicts here"), timeout=3)
            return
        key = self.query_one("#conflicts", StatusTable).current_key
        conflict = next((c for c in conflicts if c.id == key), conflicts[0])
        self.app.push_screen(ResolveConflictDialog(self.slug, self.snap.partner.name, conflict))

    @waits_for_load
    def action_add_agreement(self) -> None:
        from koop_tui.app.dialogs.agreement_form import AgreementForm

        if self._ready():
            self.app.push_screen(AgreementForm(self.slug))
