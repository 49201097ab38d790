"""App tests: a small fixed workspace, today 2026-11-23, user "anna", no background watching."""

from __future__ import annotations

import pytest

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


async def settle(pilot, app) -> None:
    """Wait until no worker runs and the screen has processed its messages."""
    for _ in range(100):
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
        await pilot.pause(0.01)
    for _ in range(3):  # tables repaint their header once the new column widths are known
        await pilot.pause(0.02)
