"""Names as people type them: one Unicode form (NFC), so "Müller" typed precomposed or decomposed is one name."""

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
