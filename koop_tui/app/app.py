"""The koop app: title, stylesheet, keymap, modes; every disk and git operation runs in a worker."""

from __future__ import annotations

import importlib
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from koop_tui import identity
from koop_tui.app.actions import bindings
from koop_tui.app.data import Backend
from koop_tui.app.editor import EditorMixin
from koop_tui.app.frames import after_shown_frame
from koop_tui.app.keymap import load_keymap
from koop_tui.app.messages import (
    Change,
    DataChanged,
    DuePreview,
    LoadProgress,
    ShowPreview,
    ShowProgress,
    WorkspaceLoaded,
)
from koop_tui.app.providers import ActionsProvider, Palette
from koop_tui.app.screens.base import KoopScreen, Reloads
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.startup import Quitting, start
from koop_tui.app.sync_status import SyncMixin
from koop_tui.app.type_ahead import TypeAhead
from koop_tui.app.user_theme import UserThemeMixin, load_theme
from koop_tui.app.textual_private import breakpoint_classes, mark_styled
from koop_tui.errors import FieldConflict, KoopError
from koop_tui.i18n import N_, _, day, ngettext, translated
from koop_tui.text import some
from koop_tui.words import plural


HERE = Path(__file__).parent
HOME_CSS = ["app.tcss", "screens/due.tcss"]
"""What the first frame is styled with. The other .tcss files are read in one go once the workspace is loaded
(KoopApp._read_other_css): with all of them at start, every node of the first frame was matched against their
rules too."""
STYLESHEETS = sorted(str(p.relative_to(HERE)) for p in HERE.glob("*/*.tcss"))


def styled(screen_cls: type[Screen]) -> Screen:
    """A mode's screen, marked as up to date with the stylesheet and given its size classes before it mounts.

    Textual re-parses all CSS and restyles the whole app twice for each new mode screen, and restyles the new
    screen again when its first Resize adds the breakpoint classes (`-tall`); the screen's .tcss is read already
    (HOME_CSS, then _read_other_css) and the size is known, so both only repeated work (a third of the home
    screen's first paint). A screen shown before the other .tcss files are read has Textual read its own.
    """
    screen = screen_cls()
    app = screen.app
    mark_styled(screen, app)
    width, height = app.size
    for breakpoints, size in ((app.HORIZONTAL_BREAKPOINTS, width), (app.VERTICAL_BREAKPOINTS, height)):
        names = {name for _, name in breakpoints or []}
        wanted = breakpoint_classes(screen, size, breakpoints) if breakpoints else set()
        screen.update_classes({name: name in wanted for name in names}, update=False)
    return screen


PROGRESS_EVERY = 0.2
"""Seconds between two progress bar updates while loading: each frame the UI draws takes the GIL from the load
(the loader reports every 50 files, ~40 times a second on a cold start at 5,000 partners)."""
HOME_WAIT = 0.4
"""Seconds the home screen waits for the workspace: a quick load paints once, with rows, instead of twice."""


def _mode(module: str, name: str) -> Screen:
    """A mode other than the home screen, imported when first shown: the first paint needs only the home."""
    return styled(getattr(importlib.import_module(f"koop_tui.app.screens.{module}"), name))


REFUSED = {"undo": (N_("Nothing undone"), "warning"), "redo": (N_("Nothing redone"), "warning")}
"""How a refused undo or redo is said: nothing was lost (nothing to undo, a record changed since), not an error."""


class KoopApp(TypeAhead, EditorMixin, SyncMixin, UserThemeMixin, App[None]):
    """A thin view over the engine: screens compute in workers, the store writes in workers."""

    CSS_PATH = HOME_CSS
    MODES = {"due": lambda: styled(DueScreen), "partners": lambda: _mode("partners", "PartnersScreen"),
             "campaigns": lambda: _mode("campaigns", "CampaignsScreen"),
             "report": lambda: _mode("report", "ReportScreen"),
             "captured": lambda: _mode("captured", "CapturedScreen")}
    BINDINGS = bindings("show-due", "show-partners", "show-campaigns", "show-report", "show-captured", "who", "search",
                        "problems", "sync", "help", "undo", "redo", "quit")
    COMMANDS = App.COMMANDS | {ActionsProvider}
    # Screens get `-short` below 18 rows: their .tcss trims borders and explanations so lists keep the room.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

    def __init__(self, backend: Backend, watch_interval: float | None = 1.5,
                 keymap: dict[str, str] | None = None, keymap_warnings: list[str] | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.revision = 0
        self.loaded = False
        self.watch_interval = watch_interval
        self.user_keymap = dict(keymap or {})
        self._keymap_warnings = list(keymap_warnings or [])
        self._after_save: dict[Worker, tuple] = {}
        self._home_shown = False
        self.saved_revision = -1
        self.fresh: dict[Any, Any] = {}  # screen -> what it computed during a save (see DueScreen.after_save)
        self.first_due: list | None = None
        self._painted: threading.Event | None = None  # set when the due list is shown (see list_shown)
        self._quitting = False  # set as the app unmounts (Textual keeps its own `_closing`: not shared)
        self._awaited: list[threading.Event] = []  # what the load worker waits for (see frame_awaited)
        self.load_state: tuple[int, int] | None = None  # (partner files read, of total) while loading
        self._progress_at = -PROGRESS_EVERY  # when the last LoadProgress was posted (time.monotonic)
        self._queued: tuple[Screen, str | None, Callable[[], None]] | None = None  # see when_loaded
        self._after_load: list[Callable[[], None]] | None = []  # None once the load is over (see after_load)

    def on_mount(self) -> None:
        self.title = "koop"
        self.set_keymap(self.user_keymap)
        self.use_user_theme()
        for warning in self._keymap_warnings:
            self.notify(warning, severity="warning", timeout=8)
        self._load()
        self.set_timer(HOME_WAIT, self._show_home)
        self.after_load(self._read_other_css)

    def _read_other_css(self) -> None:
        """Every other .tcss, read and applied in one go (a screen bringing new CSS re-parses the stylesheet and
        restyles the whole app as it is first shown: once here instead of per screen)."""
        unread = [HERE / name for name in STYLESHEETS if not self.stylesheet.has_source(str(HERE / name))]
        if unread:
            self.stylesheet.read_all(unread)
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def _show_home(self) -> None:
        if not self._home_shown:
            self._home_shown = True
            self.switch_mode("due")

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        """Notifications are plain text: they carry names and notes from files ("[/b]" is a name, not markup)."""
        super().notify(message, markup=False, **kwargs)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        start(self.backend, self)

    # -- what the start-up (startup.py) needs of the app, called from the load worker ----------------------

    @property
    def closing(self) -> bool:
        return self._quitting

    def show_preview(self, painted: threading.Event) -> None:
        self.post_message(DuePreview(painted))

    def show_loaded(self, due: list | None, painted: threading.Event | None, error: str = "") -> None:
        self.post_message(WorkspaceLoaded(error, due=due, painted=painted))

    def frame_awaited(self) -> threading.Event:
        """An event set once the list a message brings is on screen, or when the app closes: a message posted
        while it closes is never handled (load worker)."""
        event = threading.Event()
        self._awaited.append(event)
        if self._quitting:
            event.set()
        return event

    def load_progress(self, done: int, total: int) -> None:
        """Called by the loader every 50 files (worker thread); stops the load when the app is quitting, since
        the process exits only once this thread has ended."""
        if self._quitting:
            raise Quitting
        now = time.monotonic()
        if done < total and now - self._progress_at < PROGRESS_EVERY:
            return
        self._progress_at = now
        self.post_message(LoadProgress(done, total))

    def on_unmount(self) -> None:
        self._quitting = True
        for event in list(self._awaited):  # the load worker waits for a frame that will not come
            event.set()

    def on_load_progress(self, message: LoadProgress) -> None:
        self.load_state = (message.done, message.total)
        for screen in self.screen_stack:
            screen.post_message(ShowProgress(message.done, message.total))

    def on_due_preview(self, message: DuePreview) -> None:
        self._painted = message.painted
        if not self._home_shown:
            self._show_home()  # the home screen shows the preview as it mounts
            return
        if isinstance(self.screen, KoopScreen):
            self.screen.post_message(ShowPreview())  # it calls list_shown, at once or once the list is drawn
        else:
            self.list_shown()

    def list_shown(self) -> None:
        """The due list (cached or loaded) is on the screen: the load worker, waiting for that frame to reach
        the terminal, goes on (it holds the GIL and would slow the frame)."""
        if self._painted is not None:
            after_shown_frame(self, self._set_painted, self._painted)

    def _set_painted(self, event: threading.Event) -> None:
        event.set()
        if self._painted is event:
            self._painted = None

    def on_workspace_loaded(self, message: WorkspaceLoaded) -> None:
        self._load_over()
        if message.error:
            self._show_home()
            self.notify(message.error, title=_("Could not open the workspace"), severity="error", timeout=15)
            return
        self.loaded = True
        self.first_due = message.due
        self._painted = message.painted
        self.title = self.backend.workspace.settings.name
        broken = len(self.backend.new_broken())
        if broken:
            self.notify(plural(broken, "{n} file could not be read: press ! to see them",
                               "{n} files could not be read: press ! to see them"), severity="warning", timeout=8)
        self._tell_settings()
        if self._home_shown:
            self.post_message(DataChanged())
            if not isinstance(self.screen, DueScreen):
                self.list_shown()  # another screen is on top: no due list will be shown for the worker to wait for
        else:
            self.revision += 1
            self._show_home()
        self.update_sync_status()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._watch, name="watch")

    def _load_over(self) -> None:
        after, self._after_load = self._after_load, None
        for callback in after:
            callback()

    def after_load(self, callback: Callable[[], None]) -> None:
        """Call back once the load is over (at once if it is): a long list adds its rest then, since the UI
        thread and the load share the GIL and the load is what actions wait for."""
        if self._after_load is None or self._quitting:
            callback()
        else:
            self._after_load.append(callback)

    def when_loaded(self, screen: Screen, run: Callable[[], None]) -> None:
        """An action pressed while the workspace loads (the list on screen may be the cached one) runs once it is
        loaded and `screen` has shown it, if the screen is still on top on the same partner; the last one only."""
        selection = screen.selection()
        self._queued = (screen, selection and selection.slug, run)
        self.notify(_("Still loading the workspace: this follows as soon as it is loaded"), timeout=3)

    def run_queued(self, screen: Screen) -> None:
        """`screen` shows the loaded workspace: run the action pressed on it during the load, if any."""
        if self._queued is None or self._queued[0] is not screen or not self.loaded:
            return
        _, slug, run = self._queued
        self._queued = None
        selection = screen.selection()
        if self.screen is screen and (selection and selection.slug) == slug:
            run()

    def take_first_due(self, mine: bool | str) -> list | None:
        """The due list computed with the load (for "mine"), once: the home screen shows it without recomputing."""
        items, self.first_due = self.first_due, None
        return items if mine is True else None

    def on_data_changed(self, message: DataChanged) -> None:
        self.revision += 1
        if message.saved:
            self.saved_revision = self.revision
        for screen in self.screen_stack:
            if isinstance(screen, Reloads):
                screen.reload(message.slugs)

    def _watch(self) -> None:
        if not any(w.group in ("watch", "save") and w.is_running for w in self.workers):
            self._refresh_from_disk()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _refresh_from_disk(self) -> None:
        changed = self.backend.refresh()
        if changed:
            self.post_message(DataChanged(changed))
            if broken := self.backend.new_broken():
                names = some(broken, 3)
                text = ngettext("{names} has problems: nothing is computed from it until it is fixed; press ! to "
                                "see why", "{names} have problems: nothing is computed from them until they are "
                                "fixed; press ! to see why", len(broken))
                self.call_from_thread(self.notify, text.format(names=names), title=_("File problems"),
                                      severity="warning", timeout=10)
            self.call_from_thread(self._tell_settings)
            self.call_from_thread(self.update_sync_status)  # a file edited by hand: "sync: clean" no longer is

    def _tell_settings(self) -> None:
        """koop.toml with errors: every list is computed with the shipped defaults standing in for what is broken;
        said once when found, and marked in the header while it lasts (sync_status, run after every change)."""
        if self.backend.settings_newly_broken():
            self.notify(_("koop.toml has problems: the shipped defaults stand in for what is broken; press ! to see "
                          "why"), title=_("File problems"), severity="warning", timeout=15)

    def save(self, change: Change, on_ok: Callable[[Any], None] | None = None,
             on_error: Callable[[str], None] | None = None,
             on_conflict: Callable[[FieldConflict], None] | None = None) -> None:
        """Apply one store change in a worker; then `on_ok(result)`, or notify and `on_error(text)`; fields changed
        on disk meanwhile go to `on_conflict` when given (a form asks mine / theirs / edit)."""
        worker = self.run_worker(lambda: self._apply(change), thread=True, group="save", exit_on_error=False)
        self._after_save[worker] = (change, on_ok, on_error, on_conflict)

    def _apply(self, change: Change) -> tuple[Any, str, set[str], dict]:
        result = self.backend.change(change.method, *change.args, **change.kwargs)
        text = change.done(result) if change.done else ""
        if change.slug and change.method == "log_touch":
            when = self.backend.next_due(change.slug, change.contact)
            if when is not None:
                from koop_tui.engine.common import late

                text += _(" · next due {day} ({late})").format(day=day(when),
                                                                late=late((self.backend.today - when).days))
        slugs = ({change.slug} if change.slug else {getattr(result, "slug", "")}) - {""}
        # lists that can, recompute here, so the form closes onto the new rows (one paint, no second worker)
        fresh = {screen: after for screen in list(self.screen_stack)
                 if isinstance(screen, KoopScreen) and (after := screen.after_save(slugs)) is not None}
        return result, text, slugs, fresh

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        entry = self._after_save.get(event.worker)
        if entry is None or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        del self._after_save[event.worker]
        change, on_ok, on_error, on_conflict = entry
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, FieldConflict) and on_conflict is not None:
                on_conflict(error)
                return
            text = str(error) if isinstance(error, (KoopError, OSError, ValueError)) else repr(error)
            title, severity = REFUSED.get(change.method, (N_("Not saved"), "error"))
            self.notify(text, title=translated(title), severity=severity, timeout=10)
            if on_error is not None:
                on_error(text)
            return
        result, text, slugs, self.fresh = event.worker.result
        self.on_data_changed(DataChanged(slugs, saved=True))  # now: not queued behind the form closing
        self.fresh = {}
        if on_ok is not None:
            on_ok(result)
        if text:
            self.notify(text, timeout=6)
        self.update_sync_status()

    def action_switch(self, mode: str) -> None:
        """`1`/`2`/`3`/`4` show the mode's own list, also when a partner (or help, problems…) was opened on it."""
        self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen_stack[0], KoopScreen):
            self.screen_stack[0].entered()

    def action_help_quit(self) -> None:
        """Ctrl+C says how to quit, in plain words (notifications here are plain text, see notify)."""
        self.notify(_("Press ctrl+q (or q outside a text box) to quit koop"), title=_("Do you want to quit?"))

    def show_campaign(self, campaign_id: str) -> None:
        """The Campaigns screen on one campaign (from the due list's campaign row)."""
        self.action_switch("campaigns")
        self.screen_stack[0].select(campaign_id)

    def action_undo(self) -> None:
        """`u`: reverse koop's last change with a new one (store.journal); the toast names it."""
        self._replay("undo", N_("Undid: {change}"))

    def action_redo(self) -> None:
        self._replay("redo", N_("Redid: {change}"))

    def _replay(self, method: str, done: str) -> None:
        """`done` names the change in the user's language, as `koop undo` does (the journal keeps it in English)."""
        if not self.loaded:
            self.notify(_("Still loading the workspace"), timeout=3)
            return
        self.save(Change(method, done=lambda unit: translated(done).format(change=unit.phrase)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the user's language; its key panel is left out: `?` lists every
        key, translated and as rebound."""
        yield SystemCommand(_("Theme"), _("Change the colours"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Quit koop"), self.action_quit)
        if screen.maximized is not None:
            yield SystemCommand(_("Minimize"), _("Show the widget at its normal size again"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximize"), _("Show the focused widget on the whole screen"),
                                screen.action_maximize)
        yield SystemCommand(_("Screenshot"), _("Save an SVG picture of the screen"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))

    def action_help(self) -> None:
        from koop_tui.app.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_problems(self) -> None:
        from koop_tui.app.screens.problems import ProblemsScreen

        self.push_screen(ProblemsScreen())

    def action_who(self) -> None:
        from koop_tui.app.screens.who import WhoScreen

        self.push_screen(WhoScreen())

    def open_partner(self, slug: str, at: str = "") -> None:
        """The partner's page; `at`: a record id (contact, touchpoint, follow-up, …) its cursor starts on."""
        from koop_tui.app.screens.partner import PartnerScreen

        self.push_screen(PartnerScreen(slug, at))

    def action_search(self) -> None:
        from koop_tui.app.screens.search import SearchScreen

        self.push_screen(SearchScreen())


def make_app(root: Path, today: date | None = None, *, me: str | None = None, store: Any = None,
             watch_interval: float | None = 1.5, keymap: dict[str, str] | None = None) -> KoopApp:
    """Build the app for a workspace; shared by `koop`, `koop demo`, the tests and the benchmarks."""
    warnings: list[str] = []
    theme = None
    if keymap is None:  # the user's config.toml: keys and theme
        keymap, warnings = load_keymap()
        theme = load_theme()
    from koop_tui.cli.common import AutoCommit

    root = Path(root)
    backend = Backend(root, today or date.today(), me if me is not None else identity.me(), store,
                      on_change=AutoCommit(root))
    app = KoopApp(backend, watch_interval, keymap, warnings)
    app.user_theme = theme
    return app
