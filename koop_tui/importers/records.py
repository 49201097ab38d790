"""Import records: what one vCard or CSV row says about a person, in one shape for every source format.

The parsers only read; deciding what to create, match or merge happens in `plan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from koop_tui.i18n import N_, Said
from koop_tui.model import Birthday


@dataclass
class ImportRecord:
    """One card or row: the person, their organisation, and what the source said about them."""

    where: str
    name: str = ""
    org: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phone: str = ""
    birthday: Birthday | None = None
    note: str = ""
    website: str = ""
    tags: list[str] = field(default_factory=list)
    is_org: bool = False
    koop_id: tuple[str, str] | None = None
    warnings: list[str] = field(default_factory=list)

    def clean(self) -> None:
        """Control characters out of the one-line values the source wrote (one_line), as a typed one is refused;
        a note is free text, kept as written (as a typed note)."""
        for key in ("name", "org", "role", "phone", "website"):
            setattr(self, key, one_line(getattr(self, key)))
        self.emails = [e for e in map(one_line, self.emails) if e]
        self.tags = [t for t in map(one_line, self.tags) if t]

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    def set_birthday(self, text: str, omit_year: str = "") -> None:
        """Parse a birthday as address books write it; a bad one is dropped with a warning."""
        text = text.strip()
        if not text:
            return
        try:
            self.birthday = parse_birthday_text(text, omit_year)
        except ValueError:
            self.warnings.append(Said(N_("invalid birthday {text} not imported"), text=repr(text)))


# Control characters (C0, DEL, C1): an escape or a line break in a name would break every line-per-item output.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """A value the files keep on one line (a name, a role, an email): its runs of white space one blank, other
    control characters (an escape, a bell) dropped."""
    return " ".join(_CONTROL.sub(lambda m: " " if m[0].isspace() else "", text).split())


_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def parse_birthday_text(text: str, omit_year: str = "") -> Birthday:
    """`--MMDD`, `--MM-DD`, `YYYYMMDD`, `YYYY-MM-DD[Thh:mm..]`, `DD.MM.[YYYY]`, `M/D/YYYY` (Outlook).

    `omit_year` is Apple's X-APPLE-OMIT-YEAR: that year stands for "unknown". Raise ValueError otherwise.
    """
    text = text.strip()
    year: int | None
    if m := _NO_YEAR.match(text):
        month, day, year = int(m[1]), int(m[2]), None
    elif m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if omit_year and str(year) == omit_year.strip():
            year = None
    elif m := _DOTTED.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    elif m := _SLASHED.match(text):
        month, day, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:
            raise ValueError(f"two-digit year in {text!r}")
    else:
        raise ValueError(f"not a birthday: {text!r}")
    date(2000 if year is None else year, month, day)  # validates; 2000 lets --02-29 through
    return Birthday(month, day, year)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text of an address-book export and the encoding used: BOMs first, then strict UTF-8, then cp1252.

    cp1252 is what Excel and Outlook write on Windows; bytes it leaves undefined fall back to Latin-1.
    """
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
