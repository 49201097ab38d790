"""Counted words as people write them, in the user's language: "1 item", "2 items", "1 Datei", "3 Dateien"."""

from __future__ import annotations

from koop_tui.i18n import ngettext, number


def plural(count: int, singular: str, plural: str) -> str:
    """The counted message for `count`: plural(n, "{n} partner", "{n} partners"), the count written as the
    language writes numbers ("1,200"; German "1.200"). Both forms are literals: tools/catalog.py extracts them as
    one plural message, and the language's own rule picks the form."""
    return ngettext(singular, plural, count).format(n=number(count))


def name_key(name: str) -> str:
    """Sort key for names as a German or English reader expects: case-insensitive, accented letters with their
    base letters ("Übersetzungsbüro" between "Textwerkstatt" and "Webmanufaktur"), ß as ss."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
