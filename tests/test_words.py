"""Counted words: no "1 items" or "1 file(s)" anywhere (German: tests/test_i18n.py)."""

from koop_tui.words import plural


def test_plural():
    assert [plural(n, "{n} item", "{n} items") for n in (0, 1, 2, 1200)] == ["0 items", "1 item", "2 items",
                                                                                "1,200 items"]


def test_names_sort_with_their_base_letters_case_insensitively():
    from koop_tui.words import name_key

    names = ["Zürcher Typografie", "Übersetzungsbüro Lingua", "apfel & Co", "Straße 12", "Strasse 11", "Textwerk"]
    assert sorted(names, key=name_key) == ["apfel & Co", "Strasse 11", "Straße 12", "Textwerk",
                                           "Übersetzungsbüro Lingua", "Zürcher Typografie"]
