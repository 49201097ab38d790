"""Status marks readable without colour: a symbol and a word per status, colour from the theme."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

MARKS = {"overdue": "▲", "due": "●", "soon": "◐", "ok": "○"}
DIRECTION_MARKS = {"gave": "↑", "received": "↓", "mutual": "↔"}
STATUS_CLASSES = {status: f"status--{status}" for status in MARKS}


def status_text(widget: Widget, status: str, label: str | None = None) -> Text:
    """`▲ overdue` styled with the widget's `status--overdue` component class (theme colours in .tcss)."""
    label = label or f"{MARKS.get(status, '?')} {status}"
    style = widget.get_component_rich_style(STATUS_CLASSES.get(status, "status--ok"), partial=True)
    return Text(label, style=style)


def days_ago(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"{days} d ago"
    return f"in {-days} d"
