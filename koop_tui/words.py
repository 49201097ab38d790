"""Counted words as people write them: "1 item", "2 items", "1 file", "3 files"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """"1 partner", "2 partners" (`many` when the plural is not word + "s")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
