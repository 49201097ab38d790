"""Every private Textual API koop relies on, in one place (textual is pinned in pyproject.toml).

tests/app/test_textual_private.py checks each one against the installed Textual and fails, naming it, when an
upgrade changes it: then this module (and widgets/tables.py for the DataTable internals) is what to adapt.
"""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey  # noqa: F401 - the footer's key widget, not exported by Textual

NO_MATCHES = CommandPalette._NO_MATCHES
"""The id of the line Textual's command palette adds when nothing matches (koop's Palette says it in German)."""

# DataTable internals that StatusTable (widgets/tables.py) reads, fills or overrides to add thousands of rows at
# once and to measure plain cells itself (docs/lab-log.md, 11.)
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


def missing_datatable_internals() -> list[str]:
    """The DATATABLE_INTERNALS a fresh DataTable lacks (none on the pinned Textual)."""
    table = DataTable()
    return [name for name in DATATABLE_INTERNALS if not hasattr(table, name)]
