"""The app's own load: a progress bar while partner files are read, then the same workspace a plain load gives,
also when the helper process parses on the second core from the app's load worker."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from textual.widgets import ProgressBar, Static

from koop_tui import i18n, index
from koop_tui.app.data import Backend
from koop_tui.app.messages import LoadProgress, WorkspaceLoaded
from koop_tui.engine import due_items
from koop_tui.index import parallel, warm
from koop_tui.index import workspace as load_workspace
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.workspace import TODAY
from tests.store.conftest import use_helper

SIZE = (120, 40)


def loading_app(root):
    """The app as `koop` opens it: it loads the workspace itself, in its worker."""
    from koop_tui.app.app import make_app

    return make_app(root, TODAY, me="anna", watch_interval=None, keymap={})


@pytest.mark.parametrize("language, loading, working", [
    ("en", "Loading 10 partners…", "10 partners read, working out who is due…"),
    ("de", "Lade 10 Partner…", "10 Partner gelesen, ermittle, wer fällig ist…"),
])
async def test_the_due_screen_shows_load_progress_then_the_due_list(root, monkeypatch, language, loading, working):
    i18n.use(language)
    opened, release, read, computed = (threading.Event() for _ in range(4))
    real = index.open_for_day

    def slow_open(root, today, on_change=None, progress=None, known=None):
        progress(3, 10)
        opened.set()
        release.wait(10)
        progress(10, 10)  # all files read: the due list is worked out next
        read.set()
        computed.wait(10)
        return real(root, today, on_change, progress, known)

    monkeypatch.setattr(index, "open_for_day", slow_open)
    monkeypatch.setattr(Backend, "preview", lambda self: False)  # a cold start: no cached due list to show
    app = loading_app(root)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.01)
            bars = app.screen.query(ProgressBar)
            if opened.is_set() and bars and bars.first().progress == 3:
                break
        bar = app.screen.query_one("#loading", ProgressBar)
        assert (bar.progress, bar.total) == (3, 10)
        assert str(app.screen.query_one("#counts", Static).render()) == loading
        release.set()
        assert read.wait(10)
        for _ in range(100):
            await pilot.pause(0.01)
            if bar.progress == 10:
                break
        assert str(app.screen.query_one("#counts", Static).render()) == working
        computed.set()
        await settle(pilot, app)
        assert not app.screen.query("#loading")
        assert app.screen.query_one(StatusTable).row_count > 0
        assert app.backend.workspace.partners == load_workspace(root).partners


async def test_the_app_loads_on_two_cores_and_gets_the_same_workspace(root, monkeypatch):
    """The helper parses files from the app's load worker (a fresh interpreter); the app's workspace and list
    are a plain load's all the same."""
    monkeypatch.setenv("KOOP_NO_POOL", "1")
    expected = load_workspace(root)
    monkeypatch.setenv("KOOP_CACHE_DIR", str(root.parent / "cold"))  # the app finds no load cache
    use_helper(monkeypatch, 1)
    helpers, seen = [], []
    real_helper, slow = parallel.Helper, warm.parse_file
    monkeypatch.setattr(parallel, "Helper", lambda *a: helpers.append(real_helper(*a)) or helpers[-1])
    monkeypatch.setattr(warm, "parse_file", lambda *a: time.sleep(0.2) or slow(*a))  # the helper surely helps
    monkeypatch.setattr(Backend, "preview", lambda self: False)  # a cold start: the loaded list is computed
    app = loading_app(root)

    def hook(message) -> None:
        if isinstance(message, LoadProgress):
            seen.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot, app)
        assert app.loaded
        workspace = app.backend.workspace
        assert (workspace.partners, workspace.problems, workspace.broken) == (
            expected.partners, expected.problems, expected.broken)
        assert app.backend.due(False) == app.backend._app_rows(
            due_items(workspace, TODAY), workspace.settings)
    assert len(helpers) == 1 and helpers[0].proc.returncode is not None and helpers[0].delivered
    assert seen and (seen[-1].done, seen[-1].total) == (len(expected.partners), len(expected.partners))


async def test_quitting_as_a_cold_start_shows_its_list_keeps_the_caches(root, monkeypatch):
    """ctrl+q just as the list appears: the caches are still written, so the next start is a warm one."""
    from koop_tui.app.app import KoopApp
    from koop_tui.index.cache import cache_path
    from koop_tui.index.warm import load

    monkeypatch.setenv("KOOP_CACHE_DIR", str(root.parent / "cold"))
    use_helper(monkeypatch, 1)
    slow = warm.parse_file
    monkeypatch.setattr(warm, "parse_file", lambda *a: time.sleep(0.2) or slow(*a))  # the helper surely helps
    monkeypatch.setattr(Backend, "preview", lambda self: False)  # a cold start: the loaded list is computed
    monkeypatch.setattr(KoopApp, "list_shown", lambda self: None)  # the worker waits for the list until the exit
    app, quit = loading_app(root), []

    def hook(message) -> None:
        if isinstance(message, WorkspaceLoaded):
            quit.append(app.exit())

    async with app.run_test(size=SIZE, message_hook=hook):
        for _ in range(1000):
            if quit:
                break  # leaving closes the app
            await asyncio.sleep(0.01)
    for _ in range(1000):  # the load worker writes the caches after the app has gone
        if cache_path(root, "load").exists() and cache_path(root, "due").exists():
            break
        time.sleep(0.01)
    parsed = []
    monkeypatch.setattr(warm, "parse_file", lambda *a: parsed.append(a) or slow(*a))
    assert load(root).workspace.partners == load_workspace(root).partners and parsed == []


def test_load_progress_reaches_the_screen_a_few_times_a_second(root, monkeypatch):
    """Each progress frame takes the GIL from the load: the loader's reports (every 50 files) are thinned out
    to one per PROGRESS_EVERY, and the last one (all files read) always goes through."""
    from koop_tui.app import app as app_mod

    app = loading_app(root)
    posted, clock = [], [100.0]
    monkeypatch.setattr(app, "post_message", posted.append)
    monkeypatch.setattr(app_mod.time, "monotonic", lambda: clock[0])
    for done in range(0, 1001, 50):  # 21 reports, 1/16 s apart
        app.load_progress(done, 1000)
        clock[0] += 0.0625
    assert [(m.done, m.total) for m in posted] == [(0, 1000), (200, 1000), (400, 1000), (600, 1000),
                                                    (800, 1000), (1000, 1000)]
