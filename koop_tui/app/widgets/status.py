"""Status marks readable without colour: a symbol and a word per status, colour from the theme."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

MARKS = {"overdue": "▲", "due": "●", "soon": "◐", "ok": "○"}
DIRECTION_MARKS = {"gave": "↑", "received": "↓", "mutual": "↔"}
STATUS_CLASSES = {status: f"status--{status}" for status in MARKS}


def status_text(widget: Widget, status: str, label: str | None = None) -> Text:
    """`▲ overdue` styled with the widget's `status--overdue` component class (theme colours in .tcss)."""
    label = label or f"{MARKS.get(status, '?')} {status}"
    name = STATUS_CLASSES.get(status, "status--ok")
    # The partial style keeps `auto 60%` unresolved (white even on a light theme); the full one blends the
    # colour over the table's background. Only its colour is taken, so the cursor row stays visible.
    resolved = widget.get_component_rich_style(name)
    return Text(label, style=widget.get_component_rich_style(name, partial=True) + Style(color=resolved.color))


def days_ago(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"{days} d ago"
    return f"in {-days} d"
