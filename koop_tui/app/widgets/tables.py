"""Tables whose rows carry a status colour taken from the theme."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from koop_tui.app.widgets.status import STATUS_CLASSES, StatusText, status_style


class StatusTable(DataTable):
    """A DataTable with one component class per status, so .tcss sets the colours per theme."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | set(STATUS_CLASSES.values())

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def _recolour(self, _theme: object) -> None:
        """Status cells carry their colour: give them the new theme's, then draw again."""
        for cells in self._data.values():
            for cell in cells.values():
                if isinstance(cell, StatusText):
                    cell.style = status_style(self, cell.status)
        self._clear_caches()
        self.refresh()

    def replace_rows(self, rows: list[tuple[str, tuple]], keep: str | None = None) -> None:
        """Swap all rows at once and put the cursor back on the row keyed `keep` when it is still there."""
        self.clear()
        self.add_rows_keyed(rows)
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(keep), animate=False)
            except RowDoesNotExist:
                pass

    def add_rows_keyed(self, rows: list[tuple[str, tuple]]) -> None:
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self.call_after_refresh(self.refresh)

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None
