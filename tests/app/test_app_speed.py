"""What keeps the app fast, asserted by outcome: the due list computed once at start, one paint with rows."""

from __future__ import annotations

import threading

from textual.widgets._footer import FooterKey

import koop_tui.app.app as app_module
from koop_tui.app.data import Backend
from koop_tui.app.screens.base import KoopScreen
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys

FIRST_ROWS = ["contact:lingua-team/eva", "contact:muster-gmbh/jana"]  # 110 d late, then 34 d


def rows_at_mount(monkeypatch) -> list[int]:
    """How many rows the due table holds when the home screen has mounted, before its first paint."""
    counts: list[int] = []
    original = KoopScreen.on_mount

    def on_mount(self):
        original(self)
        if isinstance(self, DueScreen):
            counts.append(self.query_one(StatusTable).row_count)

    monkeypatch.setattr(KoopScreen, "on_mount", on_mount)
    return counts


def count_due_calls(monkeypatch) -> list[bool]:
    calls: list[bool] = []
    original = Backend.due

    def due(self, mine):
        calls.append(mine)
        return original(self, mine)

    monkeypatch.setattr(Backend, "due", due)
    return calls


async def test_a_quick_load_paints_the_home_screen_once_with_its_rows(make, monkeypatch):
    calls, mounted = count_due_calls(monkeypatch), rows_at_mount(monkeypatch)
    monkeypatch.setattr(app_module, "HOME_WAIT", 30)  # loaded long before: the home screen comes with the rows
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert row_keys(app.screen.query_one(StatusTable))[:2] == FIRST_ROWS
    assert calls == [True] and mounted == [7]


def held_load(monkeypatch) -> threading.Event:
    """The workspace load held until the returned event is set; the home screen waits for no cached list."""
    release = threading.Event()
    original_open = Backend.open

    def slow_open(self):
        release.wait(5)
        original_open(self)

    monkeypatch.setattr(Backend, "open", slow_open)
    monkeypatch.setattr(app_module, "HOME_WAIT", 0.01)
    return release


async def test_a_slow_load_shows_loading_first_and_still_computes_the_list_once(make, monkeypatch):
    calls, mounted = count_due_calls(monkeypatch), rows_at_mount(monkeypatch)
    release = held_load(monkeypatch)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, DueScreen) or not app.screen.query("#counts"):
            await pilot.pause(0.01)
        await pilot.pause(0.05)
        assert str(app.screen.query_one("#counts").render()) == "Loading…"
        release.set()
        await settle(pilot, app)
        assert row_keys(app.screen.query_one(StatusTable))[:2] == FIRST_ROWS
    assert calls == [True] and mounted == [0]


async def test_the_first_frame_is_styled_with_the_home_css_and_the_rest_is_read_once_loaded(make, monkeypatch):
    release = held_load(monkeypatch)
    app = make()

    def read() -> set[str]:
        return {name for name in app_module.STYLESHEETS if app.stylesheet.has_source(str(app_module.HERE / name))}

    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, DueScreen) or not app.screen.query("#counts"):
            await pilot.pause(0.01)
        assert read() == {"screens/due.tcss"}
        release.set()
        await settle(pilot, app)
        assert read() == set(app_module.STYLESHEETS)


async def test_logging_keeps_the_cursor_on_the_same_line(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        before = row_keys(table)
        await pilot.press("down", "down")
        assert table.current_key == before[2]
        await pilot.press("l", *"call", "enter")
        await settle(pilot, app)
        after = row_keys(table)
        assert after == [before[0], *before[2:]]  # the follow-up's contact, Jana (second: 34 d late), is no longer due
        assert table.cursor_row == 2 and table.current_key == before[3]


async def test_a_save_from_the_due_list_recomputes_it_in_the_save_not_in_a_second_worker(make, monkeypatch):
    computed: list[bool] = []
    original = DueScreen.compute
    monkeypatch.setattr(DueScreen, "compute", lambda self: computed.append(True) or original(self))
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert table.current_key == FIRST_ROWS[0]
        await pilot.press("l", *"call", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen) and FIRST_ROWS[0] not in row_keys(table)
        assert app.screen.revision == app.revision and computed == []


async def test_the_footer_rebuilds_only_when_the_keys_it_shows_change(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        footer = app.screen.query_one(KoopFooter)
        keys = list(footer.query(FooterKey))
        assert [k.description for k in keys][:3] == ["Log", "Follow-up", "Snooze"]
        app.screen.bindings_updated_signal.publish(app.screen)  # what every focus change announces
        await settle(pilot, app)
        assert list(footer.query(FooterKey)) == keys
        app.set_keymap({"log-touch": "L"})
        await settle(pilot, app)
        shown = {k.description: k.key_display for k in footer.query(FooterKey)}
        assert shown["Log"] == "L" and shown["Snooze"] == "s"


async def test_the_home_screen_draws_each_cell_once_at_start(make, monkeypatch):
    drawn: list[tuple[int, int]] = []
    original = StatusTable._render_cell

    def render_cell(self, row_index, column_index, *args, **kwargs):
        drawn.append((row_index, column_index))
        return original(self, row_index, column_index, *args, **kwargs)

    monkeypatch.setattr(StatusTable, "_render_cell", render_cell)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        cells = (table.row_count + 1) * len(table.columns)
    assert len(drawn) == len(set(drawn)) == cells
