"""The app's start-up, without Textual: the cached due list first, then the workspace and the first due list,
and the caches written once that list is on screen. The app runs it in its load worker and is told what to
show through a small interface (`Shown`), so the order of things is readable, and testable, in one place."""

from __future__ import annotations

import threading
from typing import Any, Protocol

from koop_tui.errors import KoopError
from koop_tui.gcpause import start_up_over
from koop_tui.index import writes_later

PREVIEW_WAIT = 2.0  # seconds the load waits at most for the cached due list to be painted


class Quitting(Exception):
    """Raised in the load worker to end a load the quitting app no longer needs."""


class Shown(Protocol):
    """What the start-up needs of the app (each called from the load worker)."""

    @property
    def closing(self) -> bool: ...

    def frame_awaited(self) -> threading.Event:
        """An event set once the list a message brings is on screen, or when the app closes."""

    def show_preview(self, painted: threading.Event) -> None:
        """Put the backend's preview (the due list before the workspace) on screen."""

    def show_loaded(self, due: list | None, painted: threading.Event | None, error: str = "") -> None:
        """The workspace is loaded (or failed with `error`), with the first due list ("mine")."""

    def load_progress(self, done: int, total: int) -> None:
        """Partner files read so far; raises Quitting when the app is closing."""


def start(backend: Any, app: Shown) -> None:
    """The preview if the due cache has one, the workspace, the first due list; the cache writes queued meanwhile
    run once that list is on screen (or the app has closed), then the due items the first frame left encoded are
    decoded."""
    with writes_later() as writes:
        try:
            try:
                if backend.preview():
                    _preview(app)
            finally:
                start_up_over()  # the first list is on screen, or comes after the load, which pauses it anyway
            backend.load_progress = app.load_progress
            backend.open()
            due = _first_due(backend)
        except KoopError as exc:
            app.show_loaded(None, None, str(exc))
            return
        except Quitting:  # the caches computed so far still spare the next start the work
            due = None
    if not app.closing:
        painted = app.frame_awaited()
        app.show_loaded(due, painted)
        painted.wait(PREVIEW_WAIT)
    for write in writes:
        write()
    if not app.closing:
        backend.decode_rest()


def _preview(app: Shown) -> None:
    """Show the preview and wait until it is painted: loading hogs the GIL, the preview reaches the screen
    first. When the app closes meanwhile, the load stops here."""
    painted = app.frame_awaited()
    app.show_preview(painted)
    painted.wait(PREVIEW_WAIT)
    if app.closing:
        raise Quitting


def _first_due(backend: Any) -> list | None:
    try:
        return backend.due(mine=True)
    except Exception:  # noqa: BLE001 - the home screen computes it again and reports the error
        return None
