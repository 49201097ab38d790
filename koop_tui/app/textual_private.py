"""Every private Textual API koop relies on, in one place (textual is pinned in pyproject.toml).

tests/app/test_textual_private.py checks each one against the installed Textual and fails, naming it, when an
upgrade changes it: then this module is what to adapt. Nothing else in koop_tui/app/ reads, writes, overrides or
imports a private Textual name (the test also looks for koop attributes that shadow Textual's own).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import zip_longest
from typing import Any

from textual import events
from textual.command import CommandPalette
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey  # noqa: F401 - the footer's key widget, not exported by Textual
from textual.widgets.data_table import DuplicateKey, Row, RowKey

NO_MATCHES = CommandPalette._NO_MATCHES
"""The id of the line Textual's command palette adds when nothing matches (koop's Palette says it in German)."""

# DataTable internals that TableInternals reads, fills, calls or overrides (docs/performance.md, "The app")
DATATABLE_INTERNALS = ("_data", "_row_locations", "_new_rows", "_require_update_dimensions", "_update_count",
                       "_clear_caches", "_update_dimensions", "_compute_row_renderables", "_highlight_cursor",
                       "_on_resize")


def in_batch_update(app: Any) -> bool:
    """Whether the app is inside a batch update, when Textual draws but writes nothing out (frames.py)."""
    return bool(app._batch_count)


def mark_styled(screen: Any, app: Any) -> None:
    """Mark a new screen as up to date with the app's stylesheet, so mounting it does not restyle the app."""
    screen._css_update_count = app._css_update_count


def breakpoint_classes(screen: Any, size: int, breakpoints: list[tuple[int, str]]) -> set[str]:
    """The breakpoint classes (`-tall`, ...) Textual would give the screen at this width or height."""
    return set(screen._get_breakpoint_classes(size, breakpoints))


async def run_bound(app: Any, key: str) -> bool:
    """Run the key's binding as Textual does once a key has bubbled up to the app: the first one along the focus
    chain (focused widget, its screen, the app) whose action does not skip; True when one ran (type_ahead.py)."""
    return bool(await app._check_bindings(key))


def bindings_ready(footer: Any) -> bool:
    """Whether Textual's Footer has had the screen's bindings announced (before that it composes no keys)."""
    return bool(footer._bindings_ready)


def missing_datatable_internals() -> list[str]:
    """The DATATABLE_INTERNALS a fresh DataTable lacks (none on the pinned Textual)."""
    table = DataTable()
    return [name for name in DATATABLE_INTERNALS if not hasattr(table, name)]


class TableInternals(DataTable):
    """DataTable with what koop's tables need of its internals, under names that say what they do.

    StatusTable (widgets/tables.py) adds thousands of rows in one step, measures plain cells itself, draws a
    first Resize's size only once and cuts the last column's text: DataTable has no public API for any of it.
    The hooks (`measure_rows`, `shape_cells`, `redraws_at`) are what a subclass overrides.
    """

    def row_cells(self) -> Iterator[tuple[RowKey, dict]]:
        """Every row's key and its cells by column key, in the order they were added."""
        return iter(self._data.items())

    def cells_of(self, row_key: RowKey) -> dict | None:
        return self._data.get(row_key)

    def forget_drawn(self) -> None:
        """Drop every drawn line and cell: the next refresh draws them again (a cell's style changed)."""
        self._clear_caches()

    def remeasure(self) -> None:
        """A column's width was set: draw everything again and fit the scrollable size to the columns."""
        self._update_count += 1
        self._clear_caches()
        DataTable._update_dimensions(self, ())

    def add_rows_keyed(self, rows: Iterable[tuple[str, Sequence]]) -> None:
        """Add rows at the end, as DataTable.add_row does one by one, in one step.

        add_row re-validates the cursor (a reactive with watchers) after every row (docs/performance.md, "The
        app"). This fills the same structures (tests compare it with add_row's result) and settles the cursor
        once. Cells go in as given (see tables._plain for str cells).
        """
        columns = [column.key for column in self.ordered_columns]
        index = start = self.row_count
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            self._row_locations[row_key] = index
            self._data[row_key] = dict(zip_longest(columns, cells))
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
            index += 1
        if index == start:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if start == 0 and columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    # -- hooks -------------------------------------------------------------------------------------------------

    def measure_rows(self, new_rows: Iterable[RowKey]) -> list[RowKey]:
        """Widen the columns for new rows; the rows left to DataTable's own measuring (default: all)."""
        return list(new_rows)

    def shape_cells(self, cells: list) -> None:
        """Change a body row's renderables in place before they are drawn (default: as they are)."""

    def redraws_at(self, size: Any) -> bool:
        """Whether a Resize to `size` redraws every cell, as DataTable does after any Resize (default: yes)."""
        return True

    # -- the DataTable internals the hooks come from ------------------------------------------------------------

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        columns = self.ordered_columns
        before = [column.content_width for column in columns]
        super()._update_dimensions(self.measure_rows(new_rows))
        if [column.content_width for column in columns] != before:
            # Wider columns: the header and every line drawn before are stale. DataTable keys its caches of drawn
            # lines and cells on _update_count but does not count a measuring; a header drawn between the rows'
            # arrival and this Idle (a busy machine draws first) kept its old widths above the rows.
            self._update_count += 1
            self.refresh()

    def _compute_row_renderables(self, row_index: int) -> Any:  # DataTable's RowRenderables (not exported)
        row = super()._compute_row_renderables(row_index)
        if row_index >= 0 and row.cells:
            self.shape_cells(row.cells)
        return row

    def _on_resize(self, event: events.Resize) -> None:
        if not self.redraws_at(event.size):
            event.prevent_default()  # skips DataTable._on_resize, the only other Resize handler
