"""The user's language: translated messages (stdlib gettext) and dates and numbers as the language writes them.

English is the source language; catalogs live in `koop_tui/locale/<lang>/LC_MESSAGES/koop.mo` (see docs/i18n.md).
The language is, in this order: $KOOP_LANGUAGE (koop passes its language on to the git it runs in the C locale,
and so to koop's merge driver), `language = "de"` in the user's config.toml (`"en"` forces English; one koop does
not speak is English, and said: unspoken), else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, read
as gettext reads them (`de_AT.UTF-8`, `de:en`).
It is chosen at the first message and kept; `use()` sets it, `using()` sets it for a block (the calendar feed
speaks the workspace's language, whatever the user's is).

Files keep ISO dates and English names (stages, kinds, keys); only what is shown goes through here.
"""

from __future__ import annotations

import errno
import gettext
import os
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any

DOMAIN = "koop"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE = "en"
_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# The language koop speaks, passed to what it runs: koop runs git in the C locale, and git runs koop's merge driver.
PASSED = "KOOP_LANGUAGE"

_chosen: Speaking | None = None
_block: ContextVar[Speaking | None] = ContextVar("koop_language", default=None)


def available() -> tuple[str, ...]:
    """The languages koop speaks: English and every language with a compiled catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE, *found)


def pick(wanted: list[str]) -> str:
    """The first of `wanted` (locale names such as "de_AT.UTF-8" or "de") koop speaks; English when none is.

    Stops at English or C/POSIX as gettext stops at C: LANGUAGE=en_GB:de means English."""
    speaks = available()
    for name in wanted:
        code = _code(name)
        if code in ("c", "posix"):
            return SOURCE
        if code in speaks:
            return code
    return SOURCE


def _code(name: str) -> str:
    """The language of a locale name: "de_AT.UTF-8" -> "de"."""
    return name.split(".")[0].split("@")[0].split("_")[0].split("-")[0].strip().lower()


def env_languages(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The languages the environment asks for, as gettext reads them: the first variable set, split at ':'."""
    for name in _ENV:
        value = environ.get(name, "")
        if value:
            return [part for part in value.split(":") if part]
    return []


def _config_path() -> Path:
    from koop_tui import userdirs

    return userdirs.config_dir() / "config.toml"


def configured(path: Path | None = None) -> Any:
    """`language` of the user's config.toml as written, or "" (no file, no key: the environment decides). A file
    koop cannot read is reported where it is read for who you are (koop_tui.identity); here it says nothing."""
    try:
        return tomllib.loads((path or _config_path()).read_text(encoding="utf-8")).get("language", "")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""


def choose(environ: Mapping[str, str] = os.environ, config_path: Path | None = None) -> str:
    """The user's language: $KOOP_LANGUAGE (set by the koop that runs this one), else config.toml's `language`,
    else the environment's, else English."""
    if environ.get(PASSED):
        return pick([environ[PASSED]])
    named = configured(config_path)
    if not isinstance(named, str):  # `language = 5`: no language koop speaks (unspoken says so)
        return SOURCE
    return pick([named] if named.strip() else env_languages(environ))


def unspoken(environ: Mapping[str, str] = os.environ, config_path: Path | None = None) -> str:
    """What to say when koop's own setting names a language it does not speak (`language = "fr"` in the user's
    config.toml, or $KOOP_LANGUAGE, as choose() reads them): koop goes on in English. "" when it names none, or
    one koop speaks. A language of the environment (LANG and the like) koop does not speak falls back silently,
    as gettext's do."""
    if environ.get(PASSED):
        where, value = f"${PASSED}", environ[PASSED]
    else:
        path = config_path or _config_path()
        where, value = str(path), configured(path)
    if isinstance(value, str) and (not value.strip() or _code(value) in (*available(), "c", "posix")):
        return ""
    shown = f'"{value}"' if isinstance(value, str) else repr(value)
    return _("{where}: language {value} is not available (koop speaks {languages}); going on in English").format(
        where=where, value=shown, languages=", ".join(available()))


# A language spoken: its code, its gettext translations, and what was said in it so far: each message translated
# (message, or "context\x04message" -> translation), each date written out (`day`, keyed by the date), each
# counted phrase without other fields (words.plural) and each touchpoint kind's word (model.kind_shown), keyed by
# tuples: the due list of 5,000 partners says the same few dozen messages 100,000 times, on a few thousand days.
# Kept with the language, so speaking another one finds its own.
Speaking = tuple[str, gettext.NullTranslations, dict[object, str]]


def _load(code: str) -> Speaking:
    if code == SOURCE:
        return code, gettext.NullTranslations(), {}
    return code, gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True), {}


def _current() -> Speaking:
    global _chosen
    block = _block.get()
    if block is not None:
        return block
    if _chosen is None:
        _chosen = _load(choose())
    return _chosen


def use(code: str | None) -> None:
    """Speak `code` from now on (a language koop speaks, else English); None: choose again at the next message."""
    global _chosen
    _chosen = None if code is None else _load(pick([code]))


@contextmanager
def using(code: str) -> Iterator[None]:
    """Speak `code` inside the block only (this thread or task): the calendar feed in the workspace's language."""
    token = _block.set(_load(pick([code or SOURCE])))
    try:
        yield
    finally:
        _block.reset(token)


def language() -> str:
    """The language spoken now: "en", "de"."""
    return _current()[0]


def _(message: str) -> str:
    """`message` in the user's language."""
    _code, translations, said = _current()
    text = said.get(message)
    if text is None:
        text = said[message] = translations.gettext(message)
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for `n` in the user's language (English: singular for 1)."""
    return _current()[1].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the user's language, where the same English word means different things ("due" the state or
    the verb): `context` tells them apart in the catalog."""
    return translated(f"{context}\x04{message}")


def said() -> dict[object, str]:
    """What was said in the language spoken now (see Speaking), for a phrase worded once per language to keep it
    under a key of its own (a tuple)."""
    return _current()[2]


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Marks a message for the catalog where it is defined; translate it with `translated()` where it is shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 (as N_)
    """N_ for a message with a context (pgettext): a column header shorter than the same word elsewhere."""
    return f"{context}\x04{message}"


def translated(marked: str) -> str:
    """A message marked with `N_()` or `NP_()` where it was defined (a table of labels), in the user's language
    now. `_()` takes literals only, so the extractor sees every message; this takes the marked text from a
    variable."""
    _code, translations, said = _current()
    text = said.get(marked)
    if text is None:
        context, with_context, message = marked.rpartition("\x04")
        text = translations.pgettext(context, message) if with_context else translations.gettext(marked)
        said[marked] = text
    return text


class Said(str):
    """A message kept in English where the team shares it (a commit, the undo journal, --json) that can also say
    itself in the user's language: `Said(N_("Delete {label}"), label=...)`. As a str it is the English text;
    `shown()` translates the template when called and fills it, fields that are Said shown as well. `to_json()`
    keeps template and fields, so a message read back from the journal says itself in whatever language is spoken
    then."""

    template: str
    many: str  # the plural template of a counted message ("" when not counted); the count is the field n
    fields: dict[str, Any]

    def __new__(cls, template: str, /, many: str = "", **fields: Any) -> Said:
        # a Said field: its English; the context of an NP_ template is not said
        english = (many if many and fields["n"] != 1 else template).rpartition("\x04")[2].format(**fields)
        self = super().__new__(cls, english)
        self.template, self.many, self.fields = template, many, fields
        return self

    @classmethod
    def plural(cls, count: int, singular: str, plural: str, **fields: Any) -> Said:
        """A counted message: plural(n, "Log {n} touchpoint", "Log {n} touchpoints") as words.plural has it."""
        return cls(singular, plural, n=count, **fields)

    def shown(self) -> str:
        """The message in the language spoken now (dates as the language writes them)."""
        fields = {k: v.shown() if isinstance(v, Said) else day(v) if isinstance(v, date) else v
                  for k, v in self.fields.items()}
        if self.many:
            return ngettext(self.template, self.many, fields["n"]).format(**fields | {"n": number(fields["n"])})
        return translated(self.template).format(**fields)

    def __reduce__(self) -> tuple:
        return _said, (self.template, self.many, self.fields)

    def to_json(self) -> list:
        fields = {k: v.to_json() if isinstance(v, Said) else {"date": v.isoformat()} if isinstance(v, date) else v
                  for k, v in self.fields.items()}
        return [self.template, self.many, fields]

    @classmethod
    def from_json(cls, data: Any) -> Said | None:
        """A Said as to_json() wrote it; None for anything else (a journal line of an older koop)."""
        try:
            template, many, fields = data
            return cls(template, many, **{k: cls.from_json(v) if isinstance(v, list) else
                                          date.fromisoformat(v["date"]) if isinstance(v, dict) else v
                                          for k, v in fields.items()})
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None


# The system's reasons Python gives in English whatever the locale (it does not read LC_MESSAGES), as glibc has them.
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"), errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"), errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"), errno.ENOSPC: N_("No space left on device"),
    errno.EEXIST: N_("File exists"), errno.EROFS: N_("Read-only file system"),
    errno.EADDRINUSE: N_("Address already in use"), errno.EADDRNOTAVAIL: N_("Cannot assign requested address"),
    errno.ECONNREFUSED: N_("Connection refused"),
}


def os_reason(exc: BaseException) -> str:
    """Why an OSError happened ("No such file or directory"), in the user's language for the common reasons;
    another reason as the system gave it."""
    known = _OS_REASONS.get(getattr(exc, "errno", None))
    return translated(known) if known else getattr(exc, "strerror", None) or str(exc)


def _said(template: str, many: str, fields: dict[str, Any]) -> Said:
    return Said(template, many, **fields)


def shown(message: str) -> str:
    """A message in the user's language if it is a Said; any other text as it is."""
    return message.shown() if isinstance(message, Said) else message


# Dates and numbers as shown. English keeps the ISO forms koop always showed; German writes 31.12.2026.

def _weekdays() -> tuple[str, ...]:
    return (pgettext("weekday", "Mon"), pgettext("weekday", "Tue"), pgettext("weekday", "Wed"),
            pgettext("weekday", "Thu"), pgettext("weekday", "Fri"), pgettext("weekday", "Sat"),
            pgettext("weekday", "Sun"))


def _months() -> tuple[str, ...]:
    return (pgettext("month", "Jan"), pgettext("month", "Feb"), pgettext("month", "Mar"), pgettext("month", "Apr"),
            pgettext("month", "May"), pgettext("month", "Jun"), pgettext("month", "Jul"), pgettext("month", "Aug"),
            pgettext("month", "Sep"), pgettext("month", "Oct"), pgettext("month", "Nov"), pgettext("month", "Dec"))


def day(when: date) -> str:
    """A full date: "2026-12-31"; German "31.12.2026"."""
    said = _current()[2]
    text = said.get(when)
    if text is None:
        form = pgettext("date format (strftime)", "%Y-%m-%d").replace("%Y", f"{when.year:04d}")  # C pads no year
        text = said[when] = when.strftime(form)
    return text


def month_day(when: date) -> str:
    """A date within the year: "12-31"; German "31.12."."""
    return when.strftime(pgettext("day and month format (strftime)", "%m-%d"))


def weekday(when: date) -> str:
    """The day's short name: "Fri"; German "Fr"."""
    return _weekdays()[when.weekday()]


def weekday_day(when: date) -> str:
    """A date of the coming weeks with its weekday: "Fri 12-31"; German "Fr 31.12."."""
    return f"{weekday(when)} {month_day(when)}"


def month_name(when: date) -> str:
    """The month's short name: "Dec"; German "Dez"."""
    return _months()[when.month - 1]


def number(n: int) -> str:
    """A count with thousands separators: "1,200"; German "1.200"."""
    text = f"{n:,}"
    return text if -1000 < n < 1000 else text.replace(",", pgettext("thousands separator", ","))


def decimal(x: float, digits: int = 1) -> str:
    """A ratio or share: "1.5"; German "1,5"."""
    return f"{x:.{digits}f}".replace(".", pgettext("decimal separator", "."))


def percent(x: float) -> str:
    """A share as percent: "42%"; German "42 %"."""
    return pgettext("percent", "{n}%").format(n=f"{x * 100:.0f}")
