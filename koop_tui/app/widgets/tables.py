"""Tables whose rows carry a status colour taken from the theme."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from koop_tui.app.widgets.status import STATUS_CLASSES, StatusText, status_style


FIRST_ROWS = 200
"""A first fill draws this many rows (more than a screen holds); a longer list's rest follows after that frame:
measuring and drawing 13,000 rows before the first frame took seconds at team scale."""


class StatusTable(DataTable):
    """A DataTable with one component class per status, so .tcss sets the colours per theme."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | set(STATUS_CLASSES.values())

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)

    _drawn_size: Size | None = None
    _rest: object = None  # marks the rest of a first fill still to be added (None: nothing pending)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawn_size = self.size
        return super().render_lines(crop)

    def _on_resize(self, event: events.Resize) -> None:
        """DataTable redraws every cell after any Resize; the first one only reports the size already drawn
        (a second full draw of the home screen, a sixth of its first paint)."""
        if event.size == self._drawn_size:
            event.prevent_default()  # skips DataTable._on_resize, the only other Resize handler

    def _recolour(self, _theme: object) -> None:
        """Status cells carry their colour: give them the new theme's, then draw again."""
        for cells in self._data.values():
            for cell in cells.values():
                if isinstance(cell, StatusText):
                    cell.style = status_style(self, cell.status)
        self._clear_caches()
        self.refresh()

    def replace_rows(self, rows: list[tuple[str, tuple]], keep: str | None = None) -> None:
        """Swap all rows at once (nothing, when nothing changed); the cursor stays on the row keyed `keep`,
        else on the same line, so acting on a row that then leaves the list selects the next one."""
        self._rest = None
        if self._same_rows(rows):
            return
        line, first = self.cursor_row, not self.row_count
        self.clear()
        if first and len(rows) > FIRST_ROWS:
            self._rest = token = object()
            self.call_after_refresh(self._add_rest, rows[FIRST_ROWS:], token)
            rows = rows[:FIRST_ROWS]
        self.add_rows_keyed(rows)
        if not self.row_count:
            return
        try:
            line = self.get_row_index(keep) if keep is not None else line
        except RowDoesNotExist:
            pass
        self.move_cursor(row=min(line, self.row_count - 1), animate=False)

    def _add_rest(self, rows: list[tuple[str, tuple]], token: object) -> None:
        if self._rest is token:  # not replaced meanwhile
            self._rest = None
            self.add_rows_keyed(rows)

    def _same_rows(self, rows: list[tuple[str, tuple]]) -> bool:
        if len(rows) != self.row_count:
            return False
        current = ((key.value, tuple(cells.values())) for key, cells in self._data.items())
        return all(key == old_key and len(cells) == len(old) and all(map(_same_cell, map(_plain, cells), old))
                   for (key, cells), (old_key, old) in zip(rows, current))

    def add_rows_keyed(self, rows: list[tuple[str, tuple]]) -> None:
        for key, cells in rows:
            self.add_row(*map(_plain, cells), key=key)
        self.call_after_refresh(self.refresh)

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None


def _plain(cell: object) -> object:
    """Text cells as they are: DataTable reads str cells as markup ("Acme [beta]" would lose a word, "[/b]" crash)."""
    return Text(cell, no_wrap=True, end="") if isinstance(cell, str) else cell


def _same_cell(a: object, b: object) -> bool:
    """Equal and drawn alike: rich's Text equality ignores the text's own style (our status colours)."""
    if isinstance(a, Text) and isinstance(b, Text):
        return a == b and a.style == b.style
    return type(a) is type(b) and a == b
