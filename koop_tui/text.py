"""Names as people type them: one Unicode form (NFC), so "Müller" typed precomposed or decomposed is one name; and
how a name is shown: on one line, and in how many columns of a terminal."""

from __future__ import annotations

import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})


def nfc(text: str) -> str:
    """The NFC form of text (what koop stores and compares); ASCII is returned as it is, without work."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The key two names compare by: NFC and case-folded ("MÜLLER" == "mu\u0308ller")."""
    return nfc(nfc(text).casefold())


def spelt_out(text: str) -> str:
    """text with German umlauts and ß written out as people type them without (Müller -> Mueller, Straße ->
    Strasse), as slugs spell them."""
    return text.translate(_GERMAN)


def one_line(text: str) -> str:
    """A name as one line: a line break or tab written into the file by hand (koop check warns) is a blank."""
    return " ".join(text.split()) if not text.isprintable() else text


def cells(text: str) -> int:
    """The columns a terminal gives `text`: two for a wide character (日, 😀), none for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def marked_start(text: str, width: int, mark: tuple[int, int]) -> int:
    """Where to begin showing `text` in `width` columns, after a "…", so that its part `mark` (start, end: a
    search's first match) is in sight: 0 when it is anyway; else the first word from which it fits (or the
    mark's start itself)."""
    opening, closing = mark
    room = width - (closing < len(text))  # a "…" at the end where more follows
    if cells(text[:closing]) <= room:
        return 0
    start = opening
    while start > 0 and 1 + cells(text[start - 1:closing]) <= room:
        start -= 1
    while 0 < start < opening and not text[start - 1].isspace():  # from a word's beginning
        start += 1
    return start


def cut(text: str, width: int) -> str:
    """text in at most `width` columns, ending in "…" where cut."""
    return text if cells(text) <= width else fit(text, width - 1).rstrip() + "…"


def some(items: list[str], shown: int, sep: str = ", ") -> str:
    """The first `shown` items joined by sep, and "…" after them where more follow ("a, b, c, …")."""
    return sep.join(items[:shown]) + (sep + "…" if len(items) > shown else "")


def fit(text: str, width: int) -> str:
    """`text` cut or padded with blanks to exactly `width` columns (a wide character that does not fit: a blank)."""
    out, used = [], 0
    for c in text:
        size = cells(c)
        if used + size > width:
            break
        out.append(c)
        used += size
    return "".join(out) + " " * (width - used)
