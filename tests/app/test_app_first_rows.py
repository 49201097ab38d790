"""The preview's first frame is made of the few items its rows need (Backend.preview_due, DueSummary.head_items):
the same rows, counts and row count as the whole preview list gives, in every owner scope."""

from __future__ import annotations

import pytest

from koop_tui.app.data import FIRST_ROWS, Backend, FirstRows
from koop_tui.engine.due import due_counts
from koop_tui.index.due import due_summary
from tests.app.test_app_flows import SIZE, row_text
from tests.app.test_app_preview import cached_rows, gated, until_loaded  # noqa: F401 - fixture
from tests.app.workspace import TODAY


@pytest.fixture
def long_root(tmp_path):
    from tests.app.test_app_long_list import long_list_app

    root = long_list_app(tmp_path).backend.root
    due_summary(root, TODAY)  # what a previous run left behind
    return root


def previewed(root, me: str) -> Backend:
    backend = Backend(root, TODAY, me)
    assert backend.preview()
    return backend


def test_the_first_rows_are_the_whole_lists_and_count_it_in_every_scope(long_root):
    owners = sorted({i.owner for i in previewed(long_root, "").due(False) if i.owner})
    assert len(owners) > 1
    for me, mine in [("", True), ("", False), (owners[0], True), *((owner, owner) for owner in owners)]:
        first = previewed(long_root, me).preview_due(mine)
        whole = previewed(long_root, me).due(mine)
        assert isinstance(first, FirstRows) and len(first) == min(FIRST_ROWS, len(whole))
        assert list(first) == whole[:FIRST_ROWS] and [type(r) for r in first] == [type(r) for r in whole[:len(first)]]
        assert (first.total, first.counts) == (len(whole), due_counts(whole))
        assert first.grouped == sum(1 for row in whole if getattr(row, "campaign", None))
    assert any(getattr(row, "campaign", None) for row in whole)  # the list groups campaigns


def test_a_list_not_kept_encoded_is_given_whole(root):
    due_summary(root, TODAY)
    backend = previewed(root, "anna")
    backend._preview.items  # noqa: B018 - decoded: no encoded list to take the first rows from
    assert backend.preview_due(True) == backend.due(True) and not isinstance(backend.preview_due(True), FirstRows)


def screen_rows(table) -> list[list[str]]:
    return [row_text(table, at) for at in range(table.row_count)]


async def first_and_loaded(app, gate) -> tuple[list, str, list]:
    """The rows and counts shown before the (gated) load, and the rows once it is over."""
    async with app.run_test(size=SIZE) as pilot:
        table = await cached_rows(pilot, app)
        assert not app.loaded
        first, counts = screen_rows(table), str(app.screen.query_one("#counts").render())
        gate.set()
        await until_loaded(pilot, app)
        assert app._exception is None
        return first, counts, screen_rows(table)


async def test_the_app_shows_the_same_first_frame_and_then_the_whole_list(tmp_path, gated, monkeypatch):
    from tests.app.test_app_long_list import long_list_app

    gate, _ = gated
    app = long_list_app(tmp_path)
    due_summary(app.backend.root, TODAY)
    shown = await first_and_loaded(app, gate)
    assert len(shown[0]) == FIRST_ROWS < len(shown[2]) and shown[2][:FIRST_ROWS] == shown[0]
    gate.clear()
    monkeypatch.setattr(Backend, "preview_due", lambda self, mine: self.due(mine))  # the whole list, as before
    again = long_list_app(tmp_path / "again")  # the same workspace again (the same seed)
    due_summary(again.backend.root, TODAY)
    assert await first_and_loaded(again, gate) == shown
