"""Counted words as people write them: "1 item", "2 items", "1 file", "3 files"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """"1 partner", "2 partners" (`many` when the plural is not word + "s")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def name_key(name: str) -> str:
    """Sort key for names as a German or English reader expects: case-insensitive, accented letters with their
    base letters ("Übersetzungsbüro" between "Textwerkstatt" and "Webmanufaktur"), ß as ss."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
