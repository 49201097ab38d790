"""App tests: a small fixed workspace, today 2026-11-23, user "anna", no background watching."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

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
    """A worker still runs, or a table has rows still to add or whose column widths it has not measured yet.

    DataTable measures new rows in its Idle handler; a picture taken before that (likely under load, when
    a fixed pause is too short) shows headers and rows at their old widths. Tables of the screens below a
    dialog count too: they are drawn behind it.
    """
    if any(w.is_running for w in app.workers):
        return True
    return any(t._require_update_dimensions or t._new_rows or getattr(t, "_rest", None) is not None
               for screen in app.screen_stack for t in screen.query(DataTable))


async def settle(pilot, app) -> None:
    """Wait until, three times running, no worker runs and every table has measured its rows.

    Three quiet checks in a row, because a finished worker often posts a message that starts the next one.
    """
    quiet = 0
    for _ in range(300):
        await pilot.pause()
        quiet = 0 if _busy(app) else quiet + 1
        if quiet == 3:
            break
        await pilot.pause(0.01)
    await pilot.pause(0.02)
