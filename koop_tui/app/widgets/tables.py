"""Tables whose rows carry a status colour taken from the theme."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist, RowKey

from koop_tui.app.actions import bindings
from koop_tui.app.data import FIRST_ROWS
from koop_tui.app.frames import after_shown_frame
from koop_tui.app.textual_private import TableInternals
from koop_tui.app.widgets.status import STATUS_CLASSES, StatusText, status_style
from koop_tui.i18n import translated
from koop_tui.text import marked_start, one_line


# A first fill draws FIRST_ROWS rows (app.data; more than a screen holds); a longer list's rest follows after
# that frame (in koop's app, once the workspace is loaded: they share the GIL), CHUNK rows per frame, so keys go
# on meanwhile (13,000 rows take ~0.6 s of the UI thread).
CHUNK = 1000
MIN_LAST = 12
"""A last column fitted to the room left (StatusTable.fit_last) is never cut narrower: below that the table
scrolls sideways instead, as on a 40-column terminal."""

Cells = tuple
RowSource = Sequence[tuple[str, Cells]]


class Rows(Sequence):
    """Rows made from items when they are read: a long list's rows are built as they are added."""

    def __init__(self, items: Sequence, build: Callable[[object], tuple[str, Cells]]) -> None:
        self.items, self.build = items, build

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.build(item) for item in self.items[index]]
        return self.build(self.items[index])


class StatusTable(TableInternals):
    """A DataTable with one component class per status, so .tcss sets the colours per theme."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | set(STATUS_CLASSES.values())
    BINDINGS = bindings("row-down", "row-up", "first-row", "last-row")

    def __init__(self, fit_last: bool = False, keep_marked: bool = False, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.fit_last = fit_last
        self.keep_marked = keep_marked  # a fitted last column cut from the left as well, to show its first span

    _drawn_size: Size | None = None
    _cap: int | None = None  # the fitted last column's width while its text is wider than the room left
    _rest: object = None  # marks the rest of a first fill still to be added (None: nothing pending)
    _head = False  # the rows are the first of a longer list (replace_rows)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._drawn_size is not None and self.size.height < self._drawn_size.height and self.row_count:
            self.call_after_refresh(self._cursor_in_sight)
        self._drawn_size = self.size
        self._fit()  # here, since a vertical scrollbar coming or going changes the room without a Resize
        return super().render_lines(crop)

    def _cursor_in_sight(self) -> None:
        """After the table shrank (a resize, a -short layout): scroll so the selected row stays visible."""
        if self.row_count:
            self.move_cursor(row=self.cursor_row)

    def redraws_at(self, size: Size) -> bool:
        """DataTable redraws every cell after any Resize; the first one only reports the size already drawn
        (a second full draw of the home screen, a sixth of its first paint)."""
        return size != self._drawn_size

    def _fit(self) -> None:
        """With `fit_last`, the last column (a free text such as the due list's What) takes only the room the
        others leave, its longer texts cut with "…" (see _compute_row_renderables): the end of a line is not
        lost off-screen without a sign."""
        columns = self.ordered_columns
        if not self.fit_last or not columns:
            return
        last = columns[-1]
        others = sum(column.get_render_width(self) for column in columns[:-1])
        room = self.scrollable_content_region.width - others - 2 * self.cell_padding
        cap = room if MIN_LAST <= room < last.content_width else None
        if cap == self._cap:
            return
        self._cap = cap
        last.auto_width, last.width = cap is None, cap or 0
        self.remeasure()  # the virtual size, now without the cut part
        self.refresh()

    def add_columns(self, *labels):
        """Columns headed by labels marked with N_ where they are defined, shown in the user's language."""
        return super().add_columns(*(translated(label) for label in labels))

    def clear(self, columns: bool = False):
        if columns:
            self._cap = None  # new columns start at their own widths
        return super().clear(columns)

    def shape_cells(self, cells: list) -> None:
        """The fitted last column's text cut to its width, with "…" (see _fit); with keep_marked, its lead-in
        too, where its first styled span (a search's match) would be cut off ("…about licences." rather than
        "Answered their…")."""
        cap, last = self._cap, cells[-1]
        if cap is not None and isinstance(last, Text) and last.cell_len > cap:
            mark = min(((s.start, s.end) for s in last.spans), default=None)
            start = marked_start(last.plain, cap, mark) if self.keep_marked and mark else 0
            last = Text("…") + last[start:] if start else last.copy()
            last.truncate(cap, overflow="ellipsis")
            cells[-1] = last

    def _recolour(self, _theme: object) -> None:
        """Status cells carry their colour: give them the new theme's, then draw again."""
        for _key, cells in self.row_cells():
            for cell in cells.values():
                if isinstance(cell, StatusText):
                    cell.style = status_style(self, cell.status)
        self.forget_drawn()
        self.refresh()

    def replace_rows(self, rows: RowSource, keep: str | None = None, head: bool = False) -> None:
        """Swap all rows at once (nothing, when nothing changed); the cursor stays on the row keyed `keep`,
        else on the same line, so acting on a row that then leaves the list selects the next one. `head`: the
        rows are the first of a longer list (app.data.FirstRows); a list starting with them then only adds its
        rest, as a first fill does."""
        self._rest = None
        shown, self._head = self._head, head
        if self._same_rows(rows):
            return
        if shown and len(rows) > self.row_count and self._same_rows(rows[:self.row_count]):
            self._add_later(rows, self.row_count)
            return
        line, first = self.cursor_row, not self.row_count or shown
        self.clear()
        if first and len(rows) > FIRST_ROWS:
            self._add_later(rows, FIRST_ROWS)
            rows = rows[:FIRST_ROWS]
        self.add_rows_keyed(rows)
        if not self.row_count:
            return
        try:
            line = self.get_row_index(keep) if keep is not None else line
        except RowDoesNotExist:
            pass
        self.move_cursor(row=min(line, self.row_count - 1), animate=False)

    def _add_later(self, rows: RowSource, start: int) -> None:
        """The rows from `start` on, after the next frame written out (in koop's app, once the load is over)."""
        self._rest = token = object()
        rest = partial(after_shown_frame, self, self._add_rest, rows, start, token)
        after_load = getattr(self.app, "after_load", None)  # koop's app: the rest waits for the load
        if after_load is None:
            rest()
        else:
            after_load(rest)

    def _add_rest(self, rows: RowSource, start: int, token: object) -> None:
        """The next chunk of a first fill's rest, then the following one after the next frame written out (each
        chunk keeps the UI thread busy: added while the home screen mounted, they kept the first frame from the
        terminal until 6,000 rows were in)."""
        if self._rest is not token:  # replaced meanwhile
            return
        end = start + CHUNK
        if end < len(rows):
            after_shown_frame(self, self._add_rest, rows, end, token)
        else:
            self._rest = None
        self.add_rows_keyed(rows[start:end])

    def _same_rows(self, rows: RowSource) -> bool:
        if len(rows) != self.row_count:
            return False
        current = ((key.value, tuple(cells.values())) for key, cells in self.row_cells())
        return all(key == old_key and len(cells) == len(old) and all(map(_same_cell, map(_plain, cells), old))
                   for (key, cells), (old_key, old) in zip(rows, current))

    def add_rows_keyed(self, rows: RowSource) -> None:
        """Add rows at the end in one step (TableInternals), str cells that DataTable would read as markup as Text."""
        super().add_rows_keyed((key, tuple(map(_plain, cells))) for key, cells in rows)

    def measure_rows(self, new_rows: Iterable[RowKey]) -> list[RowKey]:
        """Column widths for new rows. DataTable measures every cell through rich's measuring protocol, slow for
        thousands of rows (docs/performance.md); plain text is measured here directly. Rows with other cells,
        labels or auto height are left to DataTable."""
        columns, others = self.ordered_columns, []
        for row_key in new_rows:
            cells, row = self.cells_of(row_key), self.rows.get(row_key)
            if cells is None or row is None:
                continue  # removed before the table was idle
            values = [cells.get(column.key) for column in columns]
            if row.label is not None or row.auto_height or not all(type(v) in _PLAIN for v in values):
                others.append(row_key)
                continue
            for column, value in zip(columns, values):
                if value is not None:
                    width = _width(value)
                    if width > column.content_width:
                        column.content_width = width
        return others

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None


_PLAIN = (str, Text, StatusText, type(None))  # cells measured here (None: an empty cell)


def cut(text: str, width: int) -> str:
    """text in at most `width` cells, ending in "…" where cut, measured as rich draws it (text.cut measures as the
    CLI's terminal does)."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)).rstrip() + "…"


def _width(cell: str | Text) -> int:
    """What DataTable's measuring gives: a str kept by _plain is one line of plain text."""
    if type(cell) is str:
        return cell_len(cell)
    return max(map(cell_len, cell.plain.splitlines()), default=0)


def drawn_as_written(text: str) -> bool:
    """DataTable draws a str cell as markup with emoji codes, on one line: text without "[", ":" or a line
    break comes out exactly as written (a test checks it against rich)."""
    return not ("[" in text or ":" in text or "\n" in text or "\r" in text)


def _plain(cell: object) -> object:
    """Cells drawn as written: a str DataTable would read as markup or emoji codes becomes Text ("Acme [beta]"
    would lose a word, "[/b]" crash, ":x:" turn into an emoji), on one line (a row shows a name's first line
    only; a line break written into the file by hand is a blank, as `koop list` shows it). Other strs stay
    str: far cheaper for 13,000 rows, and DataTable makes Text of them only for the rows it draws."""
    if not isinstance(cell, str) or drawn_as_written(cell):
        return cell
    return Text(one_line(cell), no_wrap=True, end="")


def _same_cell(a: object, b: object) -> bool:
    """Equal and drawn alike: rich's Text equality ignores the text's own style (our status colours)."""
    if isinstance(a, Text) and isinstance(b, Text):
        return a == b and a.style == b.style
    return type(a) is type(b) and a == b
