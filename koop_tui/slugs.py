"""Slugs and ids: the only names koop turns into file names or record ids (a whitelist, never a blacklist)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from pathlib import Path

from koop_tui.text import spelt_out

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RECORD_ID_RE = re.compile(r"^[a-z0-9]{4,12}$")
PARTNER_FILE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.toml$")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Scripts without one Latin spelling of a name (see _latin), by the start of their characters' Unicode names.
_UNSPELT = ("CJK ", "HIRAGANA ", "KATAKANA", "HALFWIDTH KATAKANA ")
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def slugify(name: str) -> str:
    """ASCII slug of a name (Müller & Söhne -> mueller-soehne, Łódź -> lodz, Москва -> moskva); ValueError when
    nothing usable is left (a name of Han characters or symbols only)."""
    if "\x00" in name:
        raise ValueError("a name must not contain NUL characters")
    text = _latin(spelt_out(unicodedata.normalize("NFC", name))).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:63].strip("-")
    if not is_slug(text):
        raise ValueError(f"cannot make a file name from {name!r}; use letters or digits")
    return text


def _latin(text: str) -> str:
    """text in Latin letters: the letters and digits of every alphabet spelt as anyascii does (Ł -> L, Ø -> O,
    Ж -> Zh, Ω -> O, ı -> i, 서울 -> SeoUl). Han characters stay out, as Chinese, Japanese and Korean read them
    differently, and kana with them (a Japanese name mixes both); so do symbols and emoji. Each is a separator."""
    if text.isascii():
        return text
    from anyascii import anyascii  # here: most names are ASCII, and a command that meets none other skips this import

    return "".join(
        c if c.isascii()
        else " " if unicodedata.category(c)[0] not in "LN" or unicodedata.name(c, "").startswith(_UNSPELT)
        else anyascii(c)
        for c in text
    )


def is_slug(text: str) -> bool:
    """True for names safe as a file name on every OS: whitelist pattern, no reserved device names."""
    return bool(SLUG_RE.match(text)) and text not in _RESERVED


def partner_path(partners_dir: Path, slug: str) -> Path:
    """The file of a slug, refusing anything that is not a slug or would land outside partners/."""
    if not is_slug(slug):
        raise ValueError(f"not a valid partner slug: {slug!r}")
    base = partners_dir.resolve()
    path = (base / f"{slug}.toml").resolve()
    if not path.is_relative_to(base) or path.parent != base:
        raise ValueError(f"partner file would be outside partners/: {slug!r}")
    return partners_dir / f"{slug}.toml"


def new_record_id(taken: set[str] | frozenset[str] = frozenset(), length: int = 6) -> str:
    """A short random id ([a-z0-9], 6 chars) not in `taken`."""
    while True:
        rid = "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))
        if rid not in taken and not rid.isdigit():
            return rid


def split_titles(name: str) -> tuple[list[str], list[str]]:
    """(leading titles, the other words) of a person's name: titles are words ending in "." before the last word
    ("Dr. Eva Müller" -> (["Dr."], ["Eva", "Müller"]))."""
    words = name.split()
    at = 0
    while at < len(words) - 1 and words[at].endswith("."):
        at += 1
    return words[:at], words[at:]


def without_titles(name: str) -> str:
    """A person's name without its leading titles ("Dr. Eva Müller" -> "Eva Müller"): a contact id is made from
    the first name, never "dr"."""
    return " ".join(split_titles(name)[1])


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`, ... (kept within the 63-character limit)."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: 63 - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1
