"""A long due list paints its first rows at once and gets the rest right after that frame."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from textual.widgets.data_table import DuplicateKey

from koop_tui.app.app import make_app
from koop_tui.app.widgets import tables
from koop_tui.app.widgets.tables import FIRST_ROWS, StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys
from tests.app.workspace import TODAY

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402


def long_list_app(tmp_path: Path):
    """The app on a workspace whose due list is longer than the table's first fill."""
    root = tmp_path / "ws"
    generate(root, partners=120, touchpoints=1200, seed=3)
    return make_app(root, TODAY, me="", watch_interval=None, keymap={})


async def test_first_rows_come_first_then_the_whole_list_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "CHUNK", 37)  # the rest comes in several chunks, the last one short
    app = long_list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        expected = [item.key for item in app.backend.due(app.screen.mine)]
        assert len(expected) > FIRST_ROWS + 2 * 37 and row_keys(table) == expected
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
        sizes, add = [], table.add_rows_keyed
        monkeypatch.setattr(table, "add_rows_keyed", lambda chunk: (sizes.append(len(chunk)), add(chunk)))
        table.replace_rows(rows)
        await settle(pilot, app)
        assert row_keys(table) == expected
        rest = len(rows) - FIRST_ROWS
        assert sizes == [FIRST_ROWS] + [37] * (rest // 37) + [rest % 37] * bool(rest % 37)


async def test_the_rest_waits_while_a_batch_update_holds_frames_back(tmp_path):
    """Frames drawn in a batch update (the home screen mounting) never reach the terminal: adding chunks then
    only kept the first frame with rows from being shown."""
    app = long_list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        rows = [(key, ("x",) * len(table.columns)) for key in row_keys(table)]
        assert len(rows) > FIRST_ROWS
        table.clear()
        batch = app.batch_update()
        batch.__enter__()
        table.replace_rows(rows)
        for _ in range(5):
            await pilot.pause()
        assert table.row_count == FIRST_ROWS  # the rest waits for the batch to end
        batch.__exit__(None, None, None)
        await settle(pilot, app)
        assert row_keys(table) == [key for key, _ in rows]


async def test_the_one_step_fill_builds_what_datatable_add_row_builds():
    """StatusTable fills DataTable's internals itself (for speed); the result must be DataTable's own."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    from koop_tui.app.widgets.status import StatusText
    from koop_tui.app.widgets.tables import _plain

    wide = StatusText("▲ overdue")
    wide.status = "overdue"
    rows = [("a", (wide, "3 d ago", "Müller & Söhne [GmbH]", "漢字の名前")),
            ("b", ("x", "", Text("two\nlines longer"))),  # fewer cells than columns, a newline inside
            ("c", (Text("c"), 7, None, "d")),  # a non-text cell: DataTable measures that row itself
            ("d", ("ok", "Call: offer :smile:", "日本", "[b]x[/b]"))]  # strs kept and strs made Text
    highlighted: list[tuple[str, object]] = []

    class Tables(App):
        def compose(self):
            yield DataTable(id="plain", cursor_type="row")
            yield StatusTable(id="fast")

        def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
            highlighted.append((event.data_table.id, event.row_key.value))

    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        plain, fast = app.query_one("#plain", DataTable), app.query_one("#fast", StatusTable)
        for table in (plain, fast):
            table.add_columns("Status", "When", "Partner", "What")
        for key, cells in rows:
            plain.add_row(*map(_plain, cells), key=key)
        fast.add_rows_keyed(rows)
        fast.add_rows_keyed([])
        await pilot.pause()

        def state(table: DataTable) -> tuple:
            return ({k.value: [c.plain if isinstance(c, Text) else c for c in cells.values()]
                     for k, cells in table._data.items()},
                    {k.value: (r.height, r.label, r.auto_height) for k, r in table.rows.items()},
                    [table.get_row_index(k) for k in "abcd"], [c.content_width for c in table.ordered_columns],
                    table.virtual_size, table.cursor_coordinate, table.row_count)

        assert state(fast) == state(plain)
        assert [c.content_width for c in fast.ordered_columns] == [9, 19, 21, 10]  # wide characters count twice
        assert sorted(highlighted) == [("fast", "a"), ("plain", "a")]
        with pytest.raises(DuplicateKey):
            fast.add_rows_keyed([("a", ("again",))])
        with pytest.raises(ValueError):
            fast.add_rows_keyed([("e", ("1", "2", "3", "4", "5"))])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", " ", "[", "]", "/", ":", ":smile:", "\\", "\n", "\r", "\t", "\x07", "é",
                                  "漢", "😀", "[b]", "[/]", "\\[", "#", "="]), max_size=8).map("".join)
       | st.text(max_size=12))
def test_text_kept_as_str_is_drawn_exactly_as_written(text):
    """DataTable formats str cells as markup with emoji codes; drawn_as_written picks those that come out as is."""
    from rich.text import Text
    from textual.widgets._data_table import default_cell_formatter

    from koop_tui.app.widgets.tables import drawn_as_written

    if drawn_as_written(text):
        drawn, ours = default_cell_formatter(text, wrap=False, height=1), Text(text, no_wrap=True, end="")
        assert (drawn.plain, drawn.spans, drawn.style, drawn.no_wrap, drawn.end) == (
            ours.plain, ours.spans, ours.style, ours.no_wrap, ours.end)


async def test_a_header_drawn_before_the_rows_were_measured_is_drawn_again_at_their_widths():
    """A busy machine may draw the table (its header: the only line it had) after rows were added but before the
    Idle that measures them: the header must not keep its old widths while the rows below are drawn wider."""
    from textual.app import App
    from textual.geometry import Region

    class One(App):
        def compose(self):
            yield StatusTable(id="t")

    app = One()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(StatusTable)
        table.add_columns("Status", "Contact", "Role")
        await pilot.pause()
        table.replace_rows([("k", ("● due", "Katrin Öztürk", "Creative director"))])
        table.render_lines(Region(0, 0, 60, 1))  # drawn before the Idle below measures the new row
        await pilot.pause()
        header, row = (table.render_line(y).text.rstrip() for y in (0, 1))
    assert header == " Status  Contact        Role"
    assert row == " ● due   Katrin Öztürk  Creative director"
