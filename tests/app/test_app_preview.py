"""A warm start shows the due list from the due cache while the workspace is still loading."""

from __future__ import annotations

import gc
import threading

import pytest

from koop_tui import gcpause
from koop_tui.index import due as duecache
from koop_tui.app.app import KoopApp
from koop_tui.app.data import Backend
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.widgets.tables import FIRST_ROWS, StatusTable
from koop_tui.index.due import due_summary
from koop_tui.engine import due_items
from koop_tui.engine.campaigns import group_campaigns
from koop_tui.gcpause import hold_for_start_up
from koop_tui.index import workspace as load_workspace
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys
from tests.app.workspace import TODAY


@pytest.fixture
def gated(monkeypatch):
    """Backend.open waits for the gate, then runs `before_load` (if set) and the real load."""
    gate, hooks = threading.Event(), []
    real = Backend.open

    def slow_open(self):
        assert gate.wait(20)
        for hook in hooks:
            hook()
        real(self)

    monkeypatch.setattr(Backend, "open", slow_open)
    return gate, hooks


def expected(root) -> list[str]:
    ws = load_workspace(root)
    names = {c.id: c.name for c in ws.settings.campaigns}
    return [i.key for i in group_campaigns(due_items(ws, TODAY, owner="anna"), names)]


async def home_table(pilot, app) -> StatusTable:
    """The due table, once the home screen is up (it waits briefly for the preview or the load)."""
    for _ in range(500):
        if isinstance(app.screen, DueScreen) and app.screen.query(StatusTable):
            return app.screen.query_one(StatusTable)
        await pilot.pause(0.01)
    raise AssertionError("the home screen did not come up")


async def until_rows(pilot, table) -> None:
    for _ in range(500):
        if table.row_count:
            return
        await pilot.pause(0.01)


async def cached_rows(pilot, app) -> StatusTable:
    """The due table once it shows rows: the cached list, while a gated load waits."""
    table = await home_table(pilot, app)
    await until_rows(pilot, table)
    return table


async def test_rows_come_from_the_cache_before_the_load_and_stay(root, make, gated):
    gate, _ = gated
    due_summary(root, TODAY)  # what a previous run left behind
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        table = await cached_rows(pilot, app)
        assert not app.loaded
        assert row_keys(table) == expected(root)
        assert "· mine (anna)" in str(app.screen.query_one("#counts").render())
        gate.set()
        await settle(pilot, app)
        assert app.loaded and row_keys(table) == expected(root)


@pytest.mark.parametrize("cached", [True, False])
async def test_the_collector_held_at_start_up_resumes_before_the_load(root, make, gated, cached):
    """`koop` starts with the collector held (gcpause.hold_for_start_up): the app resumes it once the cached list
    is on screen, or at once without one; the load pauses it by itself."""
    gate, hooks = gated
    if cached:
        due_summary(root, TODAY)
    hooks.append(lambda: seen.append(gc.isenabled()))
    seen: list[bool] = []
    hold_for_start_up()
    try:
        app = make(store=None)
        async with app.run_test(size=SIZE) as pilot:
            table = await home_table(pilot, app)
            if cached:
                await until_rows(pilot, table)
            for _ in range(100):
                if gc.isenabled():
                    break
                await pilot.pause(0.01)
            assert gc.isenabled() and gc.get_freeze_count() > 0 and not app.loaded
            gate.set()
            await settle(pilot, app)
            assert app.loaded and seen == [True] and gc.isenabled()
    finally:
        gcpause._held = False
        gc.enable()
        gc.unfreeze()


@pytest.fixture(params=["listed", "by file"])
def way(request, monkeypatch, root):
    """How the preview reads the due cache: its whole sorted list, or entry by entry (no list; files written a
    moment ago are checked by content). Call it after the due cache is made."""
    def make_way() -> None:
        if request.param == "by file":
            duecache.cache_path(root, duecache.LIST).unlink()
    return make_way


async def test_a_cached_list_the_load_confirms_is_not_computed_again(root, make, gated, monkeypatch, way):
    gate, _ = gated
    due_summary(root, TODAY)
    way()
    computed, real = [], duecache.build_due
    monkeypatch.setattr(duecache, "build_due", lambda *a, **k: computed.append(1) or real(*a, **k))
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        table = await cached_rows(pilot, app)
        assert not app.loaded and row_keys(table) == expected(root)
        gate.set()
        await settle(pilot, app)
        assert app.loaded and row_keys(table) == expected(root) and computed == []


async def test_a_file_changed_during_the_load_replaces_the_preview(root, make, gated, way):
    gate, hooks = gated
    due_summary(root, TODAY)
    way()
    path = root / "partners" / "muster-gmbh.toml"
    hooks.append(lambda: path.write_text(path.read_text(encoding="utf-8").replace('stage = "active"', 'stage = "ended"'),
                                         encoding="utf-8"))
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        table = await cached_rows(pilot, app)
        before = row_keys(table)
        assert any(key.endswith("muster-gmbh") or "muster-gmbh/" in key for key in before)
        gate.set()
        await settle(pilot, app)
        assert row_keys(table) == expected(root) != before


async def test_without_a_due_cache_the_app_simply_loads(root, make):
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.loaded and row_keys(app.screen.query_one(StatusTable)) == expected(root)


async def test_the_load_starts_after_a_frame_that_reached_the_terminal(root, make):
    """A frame drawn inside a batch update (a screen mounting) is not written out: the load must wait on."""
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        painted = threading.Event()
        with app.batch_update():
            app._painted = painted
            app.list_shown()
            for _ in range(5):
                app.screen.refresh()
                await pilot.pause(0.02)
            assert not painted.is_set()
        app.screen.refresh()
        for _ in range(100):
            if painted.is_set():
                break
            await pilot.pause(0.01)
        assert painted.is_set()


async def test_a_cold_start_writes_its_caches_after_the_list_is_shown(root, make, monkeypatch):
    """Writing the load cache (0.4 s at team scale) waits until the first due list is on the screen."""
    from koop_tui.index.cache import LoadCache, cache_path

    rows_at_write: dict[str, int] = {}
    write = LoadCache._write

    def watched(cache) -> None:
        tables = app.screen.query(StatusTable) if isinstance(app.screen, DueScreen) else []
        rows_at_write[cache.path.parent.name] = max((t.row_count for t in tables), default=0)
        write(cache)

    app = make(store=None)
    for name in ("load", "due"):  # a cold start: no cache yet
        cache_path(root, name).unlink(missing_ok=True)
    monkeypatch.setattr(LoadCache, "_write", watched)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.loaded and row_keys(app.screen.query_one(StatusTable)) == expected(root)
    assert set(rows_at_write) == {"load", "due"} and all(rows_at_write.values())
    assert cache_path(root, "load").exists() and cache_path(root, "due").exists()


@pytest.mark.parametrize("keys", ["2", "3", "enter"])
async def test_with_another_screen_on_top_the_load_ends_without_waiting_for_a_due_list(root, make, gated, keys,
                                                                                       monkeypatch):
    """Before it writes the caches, the load worker waits for the loaded due list to be painted; with the
    partners, campaigns or a partner's screen on top no due list is shown, so it must not wait for one."""
    monkeypatch.setattr("koop_tui.app.startup.PREVIEW_WAIT", 60)  # the wait's bound, were it ever reached
    gate, _ = gated
    due_summary(root, TODAY)
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await cached_rows(pilot, app)
        await pilot.press(*keys.split())
        gate.set()
        await until_loaded(pilot, app)
        assert app.loaded and not isinstance(app.screen, DueScreen)
        assert [w.name for w in app.workers if w.group == "load"] == []


def test_cache_writes_wait_inside_writes_later(tmp_path):
    from koop_tui.index.cache import LoadCache, writes_later

    cache = LoadCache(tmp_path, "sha")
    cache.put("partners/a.toml", ((1, 2, 3, 4), "x", 0, None, ()))
    with writes_later() as writes:
        cache.save()
    assert not cache.path.exists() and len(writes) == 1
    writes[0]()
    assert LoadCache(tmp_path, "sha").entries == {"partners/a.toml": ((1, 2, 3, 4), "x", 0, None, ())}
    cache.save()  # nothing changed since: nothing to write


async def test_quitting_during_a_load_ends_the_load(root, make, gated, monkeypatch):
    """The process exits only once the load thread has ended: a quitting app stops its load."""
    from koop_tui.index import warm
    from koop_tui.index.cache import cache_path

    monkeypatch.setattr(warm, "STEP", 1)  # the loader reports after every file
    gate, _ = gated
    finished, gated_open = threading.Event(), Backend.open

    def tracked(self) -> None:
        try:
            gated_open(self)
        finally:
            finished.set()

    def unmount_then_load(app) -> None:  # the load starts as the app quits (a timer raced a slow shutdown)
        closing(app)
        gate.set()

    closing = KoopApp.on_unmount
    monkeypatch.setattr(KoopApp, "on_unmount", unmount_then_load)
    monkeypatch.setattr(Backend, "open", tracked)
    monkeypatch.setattr(Backend, "preview", lambda self: False)  # (quitting at the preview skips the load)
    app = make(store=None)
    cache_path(root, "load").unlink(missing_ok=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
    assert finished.wait(10)
    assert app.backend.store is None and not cache_path(root, "load").exists()


def test_the_load_worker_never_waits_for_a_frame_once_the_app_closes(root, make):
    """A message posted while the app closes is never handled: waiting for its frame would hold up the exit
    (ctrl+q just as a cold start's list appeared took 2.8 s instead of 0.9 s)."""
    app = make(store=None)
    before = app.frame_awaited()
    assert not before.is_set()
    app.on_unmount()
    assert before.is_set() and app.frame_awaited().is_set()


@pytest.mark.parametrize("keys", [
    *"lfxsnemwS", "enter", "2", "3", "exclamation_mark", "question_mark",  # on the due list
    *(f"enter {key}" for key in "lfsnpctdPEAre"),  # on a partner opened from it
    "2 slash", "2 o", "2 enter", "3 x", "3 tab", "w a",  # partners, campaigns, who can
])
async def test_keys_on_the_cached_list_before_the_load_never_crash(root, make, gated, keys, monkeypatch):
    """The list on screen may be the cached one while the workspace loads: a dialog that needs the workspace
    opens once it is loaded, `x` says to wait; nothing fails."""
    monkeypatch.setenv("EDITOR", "true")
    gate, _ = gated
    due_summary(root, TODAY)
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await cached_rows(pilot, app)
        assert not app.loaded
        for key in keys.split():
            await pilot.press(key)
            await pilot.pause(0.1)
        assert app.is_running and app._exception is None
        opens = {"l": "LogTouchDialog", "enter l": "LogTouchDialog", "n": "PartnerForm", "enter p": "PartnerForm"}
        if keys in opens:
            assert [n.message for n in app._notifications] == [WAIT]
        if keys == "x":
            assert [n.message for n in app._notifications] == ["Still loading the workspace: try again in a moment"]
        gate.set()
        await until_loaded(pilot, app)
        assert app.loaded and app._exception is None
        if keys in opens:
            assert type(app.screen).__name__ == opens[keys]


WAIT = "Still loading the workspace: this follows as soon as it is loaded"


async def until_loaded(pilot, app) -> None:
    """Until the workspace is loaded and the screen on top has shown it."""
    for _ in range(500):
        await pilot.pause(0.01)
        if app.loaded:
            break
    await settle(pilot, app)


async def test_a_dialog_key_pressed_during_the_load_acts_on_that_partner_or_not_at_all(root, make, gated):
    """`l` pressed on a row of the cached list opens the log form on that row's partner once the workspace is
    loaded; moved to another partner meanwhile, nothing opens. Only the last such key counts."""
    gate, _ = gated
    due_summary(root, TODAY)
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await cached_rows(pilot, app)
        first = app.screen.selection().slug
        await pilot.press("f", "l")  # the log form replaces the follow-up form
        gate.set()
        await until_loaded(pilot, app)
        assert type(app.screen).__name__ == "LogTouchDialog" and app.screen.slug == first
        assert len(app.screen_stack) == 2  # the due list and the one form

    gate.clear()
    app = make(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await cached_rows(pilot, app)
        await pilot.press("l")
        for _ in range(20):
            await pilot.press("down")
            if app.screen.selection().slug != first:
                break
        gate.set()
        await until_loaded(pilot, app)
        assert type(app.screen).__name__ == "DueScreen" and app._exception is None


async def test_a_long_list_adds_its_rest_once_the_load_is_over(tmp_path, gated, monkeypatch):
    """The rows past the first fill share the GIL with the load: they wait for it, so actions come sooner."""
    from tests.app.test_app_long_list import long_list_app

    gate, _ = gated
    app = long_list_app(tmp_path)
    due_summary(app.backend.root, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        table = await cached_rows(pilot, app)
        for _ in range(10):
            await pilot.pause(0.02)
        assert table.row_count == FIRST_ROWS and not app.loaded
        gate.set()
        await until_loaded(pilot, app)
        assert row_keys(table) == [item.key for item in app.backend.due(app.screen.mine)]
