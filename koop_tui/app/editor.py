"""`e`: open a partner file in the person's editor, then re-read and re-validate it."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import threading
from contextlib import contextmanager

from textual import work
from textual.app import SuspendNotSupported

from koop_tui.app.messages import DataChanged
from koop_tui.i18n import _
from koop_tui.text import some

FALLBACK_EDITORS = ("sensible-editor", "nano", "vi")


def find_editor() -> list[str] | None:
    """$VISUAL, $EDITOR, else the first fallback installed; as an argv prefix."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    return None


@contextmanager
def _ctrl_c_for_the_child():
    """Ctrl+C in the editor interrupts the editor, not koop (the terminal sends SIGINT to both).

    A handler that does nothing rather than SIG_IGN: a handler is reset by exec, so the editor gets the
    default and can use Ctrl+C; an ignored signal would stay ignored in it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class EditorMixin:
    """Suspends the app around the editor; problems in the edited file show as a notification."""

    def edit_file(self, slug: str) -> None:
        self.edit_path(f"partners/{slug}.toml")

    def edit_path(self, rel: str) -> None:
        """Any workspace file by its path (koop.toml from the problems screen too)."""
        path = self.backend.root / rel
        editor = find_editor()
        if editor is None:
            self.notify(_("No editor found: set $EDITOR (e.g. export EDITOR=nano)"), severity="error", timeout=10)
            return
        try:
            with self.suspend():
                code = self._run_editor(editor, path)
        except SuspendNotSupported:
            code = self._run_editor(editor, path)
        if code != 0:
            reason = code if isinstance(code, str) else _("exited with status {code}").format(code=code)
            self.notify(f"{editor[0]}: {reason}", severity="warning")
        self._revalidate(rel)

    @staticmethod
    def _run_editor(editor: list[str], path) -> int | str:
        try:
            with _ctrl_c_for_the_child():
                return subprocess.run([*editor, str(path)]).returncode
        except OSError as exc:
            return _("could not start ({reason})").format(reason=exc.strerror)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _revalidate(self, rel: str) -> None:
        changed = self.backend.refresh()
        self.backend.new_broken()  # told below, with the reasons: the watch need not repeat it
        problems = [str(p) for p in self.backend.workspace.problems if p.path == rel]
        if problems:
            text = some(problems, 3, "\n")
            self.call_from_thread(self.notify, text, title=_("Problems in the file"), severity="error", timeout=15)
        self.post_message(DataChanged(changed))
        self.call_from_thread(self._tell_settings)  # koop.toml fixed (or not)
        self.call_from_thread(self.update_sync_status)  # the file edited: changed, and the koop.toml mark
