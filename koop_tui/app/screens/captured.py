"""Captured: run capture over the configured mail and calendar sources, and review what it was unsure about.

`c` captures now; the list is the review queue: `space` marks rows, `a` accepts (unknown people become
contacts), `r` rejects for good, `t` assigns a row to one of the partner's contacts.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, ProgressBar, Static

from koop_tui.app.actions import bindings
from koop_tui.app.messages import DataChanged
from koop_tui.app.screens.base import KoopScreen, Selection
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.errors import KoopError
from koop_tui.i18n import N_, _, day, number, translated
from koop_tui.words import plural

COLUMNS = ("✓", N_("Date"), N_("Partner"), N_("Proposal"))
HINT = N_("press c to capture now")


def what(p: Any) -> str:
    """A proposal in a few words: the new contact it would make, or why it waits."""
    if p.new_contact:
        people = ", ".join(f"{name} <{address}>" if name else address for address, name in p.new_people)
        text = _("new contact: {people}?").format(people=people)
    else:
        text = p.why
    return text + (f' · "{p.subject}"' if p.subject else "")


def sources_of(session: Any) -> list[Any]:
    """The configured sources; none is said with what to do here, where the CLI's one-off --maildir, --mbox and
    --ics cannot be typed."""
    from koop_tui.capture.config import config_path

    if not session.config.sources:
        raise KoopError(_("no capture sources configured"),
                        _("add [[capture.sources]] to {path} (a Maildir, an mbox, an IMAP account, a calendar), then "
                          "press c again; one file once: koop capture --mbox FILE").format(path=config_path()))
    return session.sources()


class CapturedScreen(KoopScreen, inherit_bindings=False):
    """The review queue of capture, newest last; the line above it says what the last run did."""

    CSS_PATH = "captured.tcss"
    BINDINGS = bindings("capture-now", "capture-mark", "capture-accept", "capture-reject", "capture-assign", "back",
                        "open")

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Any] = {}
        self.marked: set[str] = set()
        self.said = HINT

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(translated(HINT), id="captured-status", markup=False)
        yield ProgressBar(id="captured-progress", show_eta=False)
        yield StatusTable(id="captured-rows", fit_last=True)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one(StatusTable).add_columns(*COLUMNS)
        super().on_mount()

    def _session(self) -> Any:
        from koop_tui.capture.session import Session

        backend = self.app.backend
        return Session(backend.store, backend.today, backend.me)

    def compute(self) -> list[Any]:
        try:
            return self._session().queue()
        except KoopError as exc:
            self.app.call_from_thread(self._say, str(exc))
            return []

    def show(self, rows: list[Any]) -> None:
        table = self.query_one(StatusTable)
        self.rows = {p.key: p for p in rows}
        self.marked &= set(self.rows)
        table.replace_rows([(p.key, ("✓" if p.key in self.marked else " ", day(p.day), p.partner, what(p)))
                            for p in rows], table.current_key)
        count = plural(len(rows), "{n} to review", "{n} to review") if rows else _("Nothing to review")
        self._say(f"{count} · {translated(self.said)}")

    def _say(self, text: str) -> None:
        self.query_one("#captured-status", Static).update(text)

    def selection(self) -> Selection | None:
        key = self.query_one(StatusTable).current_key
        return Selection(self.rows[key].slug) if key in self.rows else None

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def _chosen(self) -> list[str]:
        """The marked rows, else the row under the cursor."""
        if self.marked:
            return sorted(self.marked)
        key = self.query_one(StatusTable).current_key
        return [key] if key in self.rows else []

    def action_capture_mark(self) -> None:
        key = self.query_one(StatusTable).current_key
        if key not in self.rows:
            return
        self.marked ^= {key}
        table = self.query_one(StatusTable)
        table.update_cell(key, table.ordered_columns[0].key, "✓" if key in self.marked else " ")
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_capture_now(self) -> None:
        if self._ready() and not any(w.group == "capture" and w.is_running for w in self.workers):
            self._say(_("Capturing…"))
            self._capture(lambda session: session.run(sources_of(session), progress=self._progress))

    def action_capture_accept(self) -> None:
        if self._ready() and (keys := self._chosen()):
            self._capture(lambda session: session.accept(keys))

    def action_capture_reject(self) -> None:
        if self._ready() and (keys := self._chosen()):
            self._capture(lambda session: session.reject(keys))

    def action_capture_assign(self) -> None:
        from koop_tui.app.dialogs.assign_contact import AssignContactDialog

        keys = self._chosen()
        if not self._ready() or len(keys) != 1:
            self.notify(_("Assign one row at a time"), severity="warning", timeout=3)
            return
        proposal = self.rows[keys[0]]
        partner = self.app.backend.partner(proposal.slug)
        if partner is None or not partner.contacts:
            self.notify(_("{partner} has no contacts to assign to").format(partner=proposal.partner),
                        severity="warning", timeout=3)
            return

        def chosen(target: str | None) -> None:
            if target:
                self._capture(lambda session: session.assign(keys[0], target))

        self.app.push_screen(AssignContactDialog(partner), chosen)

    def _progress(self, what: str, done: int, total: int) -> None:
        self.app.call_from_thread(self._show_progress, what, done, total)

    def _show_progress(self, what: str, done: int, total: int) -> None:
        """A source read in batches (a large first run): the bar shows how far this one is."""
        self._say(_("Capturing {what}: {done}/{total}").format(what=what, done=number(done), total=number(total)))
        bar = self.query_one("#captured-progress", ProgressBar)
        bar.display = done < total
        bar.update(total=total, progress=done)

    @work(thread=True, exclusive=True, group="capture", exit_on_error=False)
    def _capture(self, step) -> None:
        from koop_tui.capture.run import Outcome, summary

        try:
            result, slugs = self.app.backend.on_store(lambda _store: step(self._session()))
        except KoopError as exc:
            self.app.call_from_thread(self._done, str(exc), set(), "error")
            return
        if isinstance(result, Outcome):
            text = "; ".join(summary(result))
            errors = "\n".join(result.errors)
            self.app.call_from_thread(self._done, text + (f"\n{errors}" if errors else ""), slugs,
                                      "warning" if errors else "information")
        else:
            self.marked.clear()
            self.app.call_from_thread(self._done, "", slugs, "information")

    def _done(self, text: str, slugs: set[str], severity: str) -> None:
        self.query_one("#captured-progress", ProgressBar).display = False
        if text:
            self.said = text.splitlines()[0]
            self.notify(text, title=_("Capture"), severity=severity, timeout=10)
        if slugs:
            self.app.post_message(DataChanged(slugs, saved=True))  # every list recomputes, this one too
        else:
            self.reload()
