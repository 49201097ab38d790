"""How text is cut to a terminal's columns: a search's match stays in sight."""

from __future__ import annotations

import pytest

from koop_tui.text import marked_start as start_of_mark

NOTE = "Answered their question about [licences]."


def marked_start(text: str, width: int) -> int:
    """The start in the text shown with its first [ ] part as the mark (positions after the brackets count)."""
    opening, closing = text.find("["), text.find("]", text.find("[") + 1)
    if opening < 0 or closing < 0:
        return 0
    return start_of_mark(text, width, (opening, closing + 1))


@pytest.mark.parametrize(("width", "shown"), [
    (60, NOTE),                                   # fits: shown from its start
    (41, NOTE),
    (40, "…their question about [licences]."),   # from the first word it fits from, with room for the end's "…"
    (24, "…about [licences]."),
    (12, "…[licences]."),
    (8, "…[licences]."),                          # the match itself is wider: it starts the cell
])
def test_the_first_marked_part_stays_in_sight_from_a_words_beginning(width, shown):
    start = marked_start(NOTE, width)
    assert (f"…{NOTE[start:]}" if start else NOTE) == shown


def test_text_without_a_mark_or_with_it_in_sight_is_not_cut_in_front():
    assert marked_start("nothing marked in this long note", 10) == 0
    assert marked_start("[Müller] Marketing und mehr", 10) == 0
    assert marked_start("Lead [open", 5) == 0
    assert marked_start("日本語のメモ [日本]", 9) == 7  # wide characters count two columns
