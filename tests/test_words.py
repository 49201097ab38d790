"""Counted words: no "1 items" or "1 file(s)" anywhere."""

from koop_tui.words import plural


def test_plural():
    assert [plural(n, "item") for n in (0, 1, 2, 1200)] == ["0 items", "1 item", "2 items", "1,200 items"]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"
