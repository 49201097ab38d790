"""App tests: a small fixed workspace, today 2026-11-23, user "anna", no background watching."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable
from textual.worker import WorkerState

from tests.app.workspace import TODAY, write_workspace


def _store(root):
    from koop_tui.store import Store

    return Store(root)


@pytest.fixture
def root(tmp_path):
    return write_workspace(tmp_path / "ws")


@pytest.fixture
def make(root):
    from koop_tui.app.app import make_app

    def build(**kwargs):
        kwargs.setdefault("me", "anna")
        kwargs.setdefault("watch_interval", None)
        kwargs.setdefault("keymap", {})
        kwargs.setdefault("store", _store(root))
        return make_app(root, TODAY, **kwargs)

    return build


def _busy(app) -> bool:
    """Work is still to come: a worker pending or running, a message waiting in a queue, the screen shown with
    layout, drawing or callbacks to do, or a table with rows still to add or whose column widths it has not measured.

    DataTable measures new rows in its Idle handler; a picture taken before that (likely under load) shows
    headers and rows at their old widths. Tables of the screens below a dialog count too: they are drawn
    behind it.
    """
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return True
    screen = app.screen  # a screen below it lays out and draws once it is shown again: not waited for
    if (screen._layout_required or screen._scroll_required or screen._repaint_required or screen._callbacks
            or screen._dirty_widgets):
        return True
    if any(not pump._message_queue.empty() for pump in (app, *screen.walk_children(with_self=True))):
        return True
    return any(t._require_update_dimensions or t._new_rows or t._updated_cells or getattr(t, "_rest", None) is not None
               for screen in app.screen_stack for t in screen.query(DataTable))


async def settle(pilot, app) -> None:
    """Wait until, three checks running, nothing is left to do (see _busy): a condition, not a time.

    Three quiet checks in a row, because a finished worker often posts a message that starts the next one.
    """
    quiet = 0
    for _ in range(500):
        await pilot.pause()
        quiet = 0 if _busy(app) else quiet + 1
        if quiet == 3:
            return


@pytest.fixture
def partner_page(make):
    """The app opened on a partner's page: `async with partner_page("muster-gmbh") as (pilot, app, screen):`."""
    from contextlib import asynccontextmanager

    from tests.app.test_app_flows import SIZE, open_partner

    @asynccontextmanager
    async def opened(slug: str, **kwargs):
        app = make(**kwargs)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            yield pilot, app, await open_partner(pilot, app, slug)

    return opened


async def press(pilot, app, *keys: str) -> None:
    """Press the keys, then wait until the app is quiet."""
    await pilot.press(*keys)
    await settle(pilot, app)


async def changed_on_disk(pilot, app, change) -> None:
    """`change()` writes the file as another koop would (the CLI, a sync) while a form is open; then the app's
    background refresh sees it."""
    change()
    app._refresh_from_disk()
    await settle(pilot, app)
