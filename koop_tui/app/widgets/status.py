"""Status marks readable without colour: a symbol and a word per status, colour from the theme."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from koop_tui.i18n import _, pgettext
from koop_tui.words import plural, status_word

MARKS = {"overdue": "▲", "due": "●", "soon": "◐", "ok": "○"}
DIRECTION_MARKS = {"gave": "↑", "received": "↓", "mutual": "↔"}
STATUS_CLASSES = {status: f"status--{status}" for status in MARKS}


class StatusText(Text):
    """A status cell that remembers its status, so a table can recolour it when the theme changes."""

    status = "ok"


def status_style(widget: Widget, status: str) -> Style:
    """The `status--<status>` component style of the widget (theme colours in .tcss).

    The partial style keeps `auto 60%` unresolved (white even on a light theme); the full one blends the
    colour over the widget's background. Only its colour is taken, so the cursor row stays visible.
    """
    name = STATUS_CLASSES.get(status, "status--ok")
    resolved = widget.get_component_rich_style(name)
    return widget.get_component_rich_style(name, partial=True) + Style(color=resolved.color)


def status_text(widget: Widget, status: str, label: str | None = None) -> Text:
    """`▲ overdue` in the colour of its status."""
    return status_cells(widget)(status, label)


def status_cells(widget: Widget) -> Callable[..., Text]:
    """status_text for a whole table: each status's style is looked up once (two CSS lookups per row made
    building 13,000 due rows take over a second), and cells of the same status and label are one object
    (making 13,000 rich Texts cost 0.1 s; DataTable draws a Text without changing it, and a new theme recolours
    each shared cell once)."""
    made: dict[tuple[str, str | None], Text] = {}

    def cell(status: str, label: str | None = None) -> Text:
        text = made.get((status, label))
        if text is None:
            text = StatusText(label or f"{MARKS.get(status, '?')} {status_word(status)}",
                              style=status_style(widget, status))
            text.status = status
            made[(status, label)] = text
        return text

    return cell


def snoozed() -> str:
    """The label of an ok status while snoozed (the due list leaves it out)."""
    return "◌ " + pgettext("status", "snoozed")


def days_ago(days: int) -> str:
    if days == 0:
        return _("today")
    if days > 0:
        return plural(days, "{n} d ago", "{n} d ago")
    return plural(-days, "in {n} d", "in {n} d")
