"""A long due list paints its first rows at once and gets the rest right after that frame."""

from __future__ import annotations

import sys
from pathlib import Path

from koop_tui.app.app import make_app
from koop_tui.app.widgets.tables import FIRST_ROWS, StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys
from tests.app.workspace import TODAY

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402


async def test_first_rows_come_first_then_the_whole_list_in_order(tmp_path):
    root = tmp_path / "ws"
    generate(root, partners=120, touchpoints=1200, seed=3)
    app = make_app(root, TODAY, me="", watch_interval=None, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        expected = [item.key for item in app.backend.due(app.screen.mine)]
        assert len(expected) > FIRST_ROWS and row_keys(table) == expected
        rows = [(key, ("x",) * len(table.columns)) for key in expected]
        table.replace_rows(rows)  # same count: a full replace at once, no first-fill split
        assert table.row_count == len(rows)
        table.clear()
        table.replace_rows(rows)
        assert table.row_count == FIRST_ROWS
        table.replace_rows(rows[:5])  # a newer list wins over the rest still to come
        await settle(pilot, app)
        assert row_keys(table) == expected[:5]
        table.clear()
        table.replace_rows(rows)
        await settle(pilot, app)
        assert row_keys(table) == expected
