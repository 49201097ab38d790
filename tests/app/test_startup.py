"""The start-up order, without Textual (koop_tui/app/startup.py): preview, load, first list, then cache writes."""

from __future__ import annotations

import threading

from koop_tui.app import startup
from koop_tui.errors import KoopError


class App:
    closing = False

    def __init__(self, log: list) -> None:
        self.log = log

    def frame_awaited(self) -> threading.Event:
        event = threading.Event()
        event.set()  # painted at once
        return event

    def show_preview(self, painted) -> None:
        self.log.append("preview shown")

    def show_loaded(self, due, painted, error="") -> None:
        self.log.append(f"loaded {due} {error}".strip())

    def load_progress(self, done, total) -> None:
        self.log.append(f"progress {done}/{total}")


class Backend:
    def __init__(self, log: list, preview: bool = True, fail: str = "") -> None:
        self.log, self.has_preview, self.fail = log, preview, fail

    def preview(self) -> bool:
        self.log.append("preview read")
        return self.has_preview

    def open(self) -> None:
        from koop_tui.index.cache import save_later

        self.load_progress(1, 1)
        save_later(lambda: self.log.append("caches written"))
        if self.fail:
            raise KoopError(self.fail)
        self.log.append("opened")

    def due(self, mine: bool) -> list:
        return ["item"]

    def decode_rest(self) -> None:
        self.log.append("rest decoded")


def test_the_preview_comes_first_and_the_caches_after_the_list_is_shown():
    log: list = []
    startup.start(Backend(log), App(log))
    assert log == ["preview read", "preview shown", "progress 1/1", "opened", "loaded ['item']", "caches written",
                   "rest decoded"]


def test_a_cold_start_shows_no_preview_and_a_failed_load_says_why():
    log: list = []
    startup.start(Backend(log, preview=False), App(log))
    assert log[:2] == ["preview read", "progress 1/1"]
    log.clear()
    startup.start(Backend(log, preview=False, fail="koop.toml: broken"), App(log))
    assert log == ["preview read", "progress 1/1", "loaded None koop.toml: broken"]
