"""What every list screen shares: recompute in a worker, and the actions on the selected partner."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable

from textual import events, work
from textual.screen import Screen
from textual.widgets import DataTable, Input
from textual.worker import Worker, WorkerState

from koop_tui.app.actions import bindings
from koop_tui.app.messages import ShowPreview
from koop_tui.i18n import _, day

ITEM_ACTIONS = ("back", "log-touch", "add-followup", "followup-done", "snooze", "new", "edit-file")


@dataclass(frozen=True)
class Selection:
    """What the cursor points at: a partner, maybe one of its contacts or follow-ups."""

    slug: str
    contact: str | None = None
    followup: str | None = None


def waits_for_load(action: Callable[[Any], None]) -> Callable[[Any], None]:
    """For an action that opens a dialog on the workspace: pressed while the workspace loads (the list on screen
    may be the cached one), it runs once the screen shows the loaded workspace (App.when_loaded). Actions that
    save at once (`x`) are refused then instead: they must act on exactly the row the key was pressed on."""

    @wraps(action)
    def run(self: KoopScreen) -> None:
        if self.app.loaded:
            action(self)
        else:
            self.app.when_loaded(self, lambda: action(self))

    return run


class TypesOn:
    """A screen with a text box over a list: a printable key no action is bound to, typed in the list, goes on in
    the box, and so do the keys typed after it until the box has the cursor (fast typing, a paste without
    bracketed paste mode): "pixel" arrives whole, its `x` does not mark anything done. `BOX`: the box's id.

    A bound key runs its action once it has reached the app (type_ahead.py); the keys typed right behind it
    follow it there instead of going into the box before it acted, and come back here (came_back): `fixe` opens
    the follow-up form with "ixe" in it, as typed one by one."""

    BOX = ""
    typing = False  # a key typed in the list went to the box, which does not have the cursor yet
    bound: events.Key | None = None  # a bound key on its way to the app
    behind: list[events.Key] = []  # the keys typed behind it, sent after it

    def on_key(self, event: events.Key) -> None:
        """Typing in the list goes on in the box, unless the key is bound (l, f, s, … keep working)."""
        if self.app.screen is not self:  # typed behind a key that opened a form: the app hands it on (type_ahead)
            return
        if not (event.is_printable and event.character) or not self.query_one(DataTable).has_focus:
            return
        if self.bound is not None:
            self.behind = [*self.behind, event]
            return
        if event.key in self.active_bindings and not self.typing:
            self.bound, self.behind = event, []
            return
        event.stop()
        event.prevent_default()
        self._type(event.character)

    def came_back(self, event: events.Key) -> bool:
        """A key let through here has reached the app: True for one typed behind a bound key (the app hands it
        back to be typed again, on whatever screen its action left on top), False for the others."""
        if event is self.bound:
            self.bound = None
            return False
        if any(key is event for key in self.behind):
            self.behind = [key for key in self.behind if key is not event]
            return True
        return False

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted while the list has the cursor goes to the box, whole."""
        if self.query_one(DataTable).has_focus and event.text:
            event.stop()
            self._type(" ".join(event.text.split()))

    def _type(self, text: str) -> None:
        self.typing = True
        box = self.query_one(f"#{self.BOX}", Input)
        self.set_focus(box)
        box.cursor_position = len(box.value)
        box.insert_text_at_cursor(text)

    def on_descendant_focus(self, event) -> None:
        self.typing = False

    def on_screen_resume(self) -> None:
        self.bound, self.behind = None, []  # what is in flight when a form opens comes back while it is on top


class Reloads:
    """A screen the app tells at once when partner files changed (the app's DataChanged): it shows them anew.
    A direct call, not a message, so a list recomputed by a save (`after_save`) is drawn before the form that
    saved closes: one paint."""

    def reload(self, slugs: set[str] | None = None) -> None:
        raise NotImplementedError


class KoopScreen(Reloads, Screen):
    """A screen showing engine results: `compute()` runs in a thread, `show(result)` on the UI.

    The app tells it what happens through messages (ShowProgress, ShowPreview) and the calls it declares:
    `reload`, `after_save` (in the save's worker) and `entered`."""

    BINDINGS = bindings(*ITEM_ACTIONS)
    revision = -1
    changed: frozenset[str] = frozenset()
    full = True

    def compute(self) -> Any:
        raise NotImplementedError

    def show(self, result: Any) -> None:
        raise NotImplementedError

    def selection(self) -> Selection | None:
        return None

    def show_loaded(self, result: Any) -> None:
        """Show what was computed from the loaded workspace; then a key pressed during the load may act."""
        self.show(result)
        self.app.run_queued(self)

    def on_mount(self) -> None:
        if self.app.loaded:
            self.reload()

    def on_show_preview(self, message: ShowPreview) -> None:
        self.app.list_shown()  # no due list here: the load need not wait for one

    def after_save(self, slugs: set[str]) -> Any:
        """What this screen will show after a save changed `slugs`, computed in the save's worker (None: it
        computes it itself on `reload`)."""
        return None

    def entered(self) -> None:
        """Shown by its mode's key."""

    def on_screen_resume(self) -> None:
        if self.app.loaded and self.revision != self.app.revision:
            self.reload()

    def reload(self, slugs: set[str] | None = None) -> None:
        if not self.app.loaded:
            return
        if slugs and self.revision == self.app.revision - 1:
            self.changed |= slugs
        else:
            self.full = True
        self.revision = self.app.revision
        self._compute()

    @work(thread=True, exclusive=True, group="compute", exit_on_error=False)
    def _compute(self) -> Any:
        return self.compute()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "compute":
            return
        if event.state == WorkerState.SUCCESS:
            self.changed, self.full = frozenset(), False
            self.show_loaded(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.notify(_("Could not compute this view: {error!r}").format(error=event.worker.error), severity="error")

    def toggle_mark(self, key: str) -> None:
        """`space` on a list that acts on several rows at once (`self.marked`, rows in `self.rows`): mark or
        unmark the row, draw the list again, and go to the next row."""
        from koop_tui.app.widgets.tables import StatusTable

        self.marked ^= {key}
        table = self.query_one(StatusTable)
        row = table.cursor_row
        self.show(list(self.rows.values()))
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def _ready(self) -> bool:
        """Whether the workspace is loaded; says to wait if not (the list on screen may be the cached one)."""
        if not self.app.loaded:
            self.notify(_("Still loading the workspace: try again in a moment"), severity="warning", timeout=3)
        return self.app.loaded

    def _need(self) -> Selection | None:
        if not self._ready():
            return None
        sel = self.selection()
        if sel is None:
            self.notify(_("Nothing selected"), severity="warning", timeout=3)
            return None
        return sel if self._exists(sel.slug) else None

    def _exists(self, slug: str, writable: bool = True) -> bool:
        """Whether the partner is loaded and (`writable`) its file takes changes; says why not if its file went
        away or broke, or holds merge conflicts: a form opened then could only end in "nothing was written"."""
        backend = self.app.backend
        if backend.partner(slug) is None:
            self.notify(_("{slug}: this partner is gone or its file has problems; fix them first (press ! to see "
                          "why)").format(slug=slug), severity="warning", timeout=5)
            return False
        if writable and (why := backend.why_read_only(slug)):
            self.notify(why, severity="warning", timeout=5)
            return False
        return True

    @waits_for_load
    def action_log_touch(self) -> None:
        from koop_tui.app.dialogs.log_touch import LogTouchDialog

        if sel := self._need():
            self.app.push_screen(LogTouchDialog(sel.slug, sel.contact))

    @waits_for_load
    def action_add_followup(self) -> None:
        from koop_tui.app.dialogs.followup import FollowUpDialog

        if sel := self._need():
            self.app.push_screen(FollowUpDialog(sel.slug, sel.contact))

    def done_followup(self) -> Any:
        """The selected follow-up when it is done already (screens that list follow-ups say so)."""
        return None

    def action_followup_done(self) -> None:
        from koop_tui.app.messages import Change

        if not self._ready():
            return
        sel = self.selection()
        if sel is None or sel.followup is None:
            done = self.done_followup()
            self.notify(_("That follow-up is done already (on {day})").format(day=day(done.done)) if done
                        else _("Select a follow-up to mark it done"), severity="warning", timeout=3)
            return
        backend = self.app.backend
        done = Change("complete_followup", (sel.slug, sel.followup, backend.today), slug=sel.slug,
                      done=lambda _r: _("Follow-up done"))
        partner = backend.partner(sel.slug)
        followup = next((f for f in partner.followups if f.id == sel.followup), None) if partner else None
        contact = partner.contact(followup.contact) if followup is not None and followup.contact else None
        if contact is None or contact.left is not None or not followup.checks_departure():
            self.app.save(done)
            return
        self._confirm_departure(partner, contact, done)

    def _confirm_departure(self, partner: Any, contact: Any, done: Any) -> None:
        """A "may have left" check: left runs the contact-left form (which marks the check done), still there
        marks it done."""
        from koop_tui.app.dialogs.choice import ChoiceDialog
        from koop_tui.app.dialogs.contact_left import ContactLeftDialog

        def chosen(answer: str | None) -> None:
            if answer == "left":
                self.app.push_screen(ContactLeftDialog(partner, contact))
            elif answer == "here":
                self.app.save(done)

        detail = _("Left: the contact-left form, with the day and a successor. Still there: the check is done.")
        answers = [("l", _("Left"), "left"), ("s", _("Still there"), "here")]
        self.app.push_screen(ChoiceDialog(_("Has {name} left {partner}?").format(name=contact.name,
                                                                                 partner=partner.name),
                                          detail, answers), chosen)

    @waits_for_load
    def action_snooze(self) -> None:
        from koop_tui.app.dialogs.snooze import SnoozeDialog

        if sel := self._need():
            self.app.push_screen(SnoozeDialog(sel.slug, sel.contact))

    @waits_for_load
    def action_new(self) -> None:
        from koop_tui.app.dialogs.partner_form import PartnerForm

        if self._ready():
            self.app.push_screen(PartnerForm(None), self._opened_new)

    def _opened_new(self, slug: str | None) -> None:
        if slug:
            self.open_partner(slug)

    @waits_for_load
    def action_edit_file(self) -> None:
        """Also when the file has problems (a problem row): the editor is where they get fixed."""
        if not self._ready():
            return
        sel = self.selection()
        if sel is not None and (self.app.backend.root / "partners" / f"{sel.slug}.toml").is_file():
            self.app.edit_file(sel.slug)
        elif sel := self._need():  # says why not
            self.app.edit_file(sel.slug)

    def action_open(self) -> None:
        if sel := self.selection():
            self.open_partner(sel.slug)

    def open_partner(self, slug: str, at: str = "") -> None:
        self.app.open_partner(slug, at)  # the app imports the partner screen, which builds on this module

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
