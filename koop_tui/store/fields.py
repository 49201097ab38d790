"""Checks for single values of workspace files: each returns the clean value or raises Invalid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from koop_tui.canonical import parse_birthday
from koop_tui.i18n import N_, _, translated
from koop_tui.model import ANCHORING, DIRECTIONS, STAGES
from koop_tui.slugs import RECORD_ID_RE, SLUG_RE

AGREEMENT_WHAT = ("referral-commission", "shared-offer", "exclusivity", "other")
MAX_DAYS = 36500


class Invalid(Exception):
    """A value that does not fit its key; the message names what was expected."""

    def __init__(self, message: str, hint: str = "", whole: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.whole = whole  # the message stands alone instead of following the key's name

    def text(self, key: str) -> str:
        return self.message if self.whole else f"{key} {self.message}"


@dataclass
class Issue:
    """A problem found in a parsed file, located later by its key path."""

    path: tuple[str | int, ...]
    message: str
    hint: str = ""
    severity: str = "error"
    also: tuple[str | int, ...] | None = None  # another place the message refers to ("first used on line N")


# What Python says of a date it cannot make (date.fromisoformat), in the words koop shows in the user's language.
DATE_REASONS = (
    (re.compile(r"day is out of range for month"), N_("day is out of range for month")),
    (re.compile(r"month must be in 1\.\.12"), N_("month must be in 1..12")),
    (re.compile(r"year (?P<year>-?\d+) is out of range"), N_("year {year} is out of range")),
    (re.compile(r"Invalid isoformat string: (?P<text>.*)"), N_("not a date in the form YYYY-MM-DD: {text}")),
)


def library_text(text: str, known: tuple[tuple[re.Pattern, str], ...]) -> str:
    """A library's English message (Python's, tomllib's) in the user's language when `known` has its pattern
    (a message marked with N_, its fields the pattern's named groups); else as the library wrote it."""
    for pattern, message in known:
        found = pattern.fullmatch(text)
        if found:
            return translated(message).format(**found.groupdict())
    return text


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _("a table") if isinstance(value, dict) else _("a list")
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def conflict_message(record: dict[str, Any]) -> str:
    """What a [[conflicts]] record left by the merge driver says, in a partner file or in koop.toml."""
    return _("unresolved merge conflict on {field}: ours {ours}, theirs {theirs}").format(
        field=record.get("field", "?"), ours=shown(record.get("ours")), theirs=shown(record.get("theirs")))


def is_conflict_record(message: str) -> bool:
    """True for the problem a [[conflicts]] record makes: data to decide on, the file itself is usable. Problems
    are made in the language they are read in (their caches are kept per language)."""
    prefix = conflict_message({"field": ""}).partition(":")[0]
    return message.startswith(prefix)


def errors_not_conflicts(problems, path: str | None = None) -> list:
    """The errors among problems (of the file `path` when given). A [[conflicts]] record is no error here: the
    file keeps one side's value in place and works with it until the conflict is resolved."""
    return [p for p in problems if p.severity == "error" and (path is None or p.path == path)
            and not is_conflict_record(p.message)]


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    import difflib  # only for a hint: a write that succeeds does not import it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("did you mean '{word}'?").format(word=close[0]) if close else ""


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(_("must be text, got {value}").format(value=shown(value)))
    return value


def texts(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(_("must be a list of text, got {value}").format(value=shown(value)))
    return list(value)


def days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise Invalid(_("must be a number of days (1-{max}), got {value}").format(max=MAX_DAYS, value=shown(value)))
    return value


def count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
        raise Invalid(_("must be a whole number (0-{max}), got {value}").format(max=MAX_DAYS, value=shown(value)))
    return value


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("must be true or false, got {value}").format(value=shown(value)))
    return value


def ratio(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 100:
        raise Invalid(_("must be a positive number, got {value}").format(value=shown(value)))
    return float(value)


def day(value: Any) -> date:
    if isinstance(value, datetime):
        raise Invalid(_("must be a date without time, got {value}").format(value=value), _("use YYYY-MM-DD"))
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            reason = f" ({library_text(str(exc), DATE_REASONS)})" if re.match(r"^\d{4}-\d\d-\d\d$", value) else ""
            raise Invalid(_("is not a valid date: {value}").format(value=shown(value)) + reason,
                          _("use YYYY-MM-DD")) from None
    raise Invalid(_("must be a date, got {value}").format(value=shown(value)), _("use YYYY-MM-DD"))


def birthday(value: Any) -> Any:
    try:
        if isinstance(value, datetime) or not isinstance(value, (str, date)):
            raise ValueError
        parse_birthday(value)
    except ValueError:
        raise Invalid(_("is not a valid birthday: {value}").format(value=shown(value)),
                      _("use --MM-DD or YYYY-MM-DD")) from None
    return value


# An address as koop compares it: something@domain, no spaces; a domain: dot-separated labels, no scheme or @.
ADDRESS_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$", re.IGNORECASE)


def addresses(value: Any) -> list[str]:
    for item in texts(value):
        if not ADDRESS_RE.match(item):
            raise Invalid(_("holds {value}, which is not an e-mail address").format(value=shown(item)),
                          _("write name@example.com"))
    return list(value)


def typed_address(text: str) -> str:
    """An e-mail address as a person types it (`--email`, `email=`, the contact form): blanks trimmed, "" left
    empty; ValueError when it is no address. A file's `email` is read as it is written."""
    text = text.strip()
    if text and not ADDRESS_RE.match(text):
        raise ValueError(_("{value} is not an e-mail address (write name@example.com)").format(value=shown(text)))
    return text


def domains(value: Any) -> list[str]:
    for item in texts(value):
        if not DOMAIN_RE.match(item):
            raise Invalid(_("holds {value}, which is not a mail domain").format(value=shown(item)),
                          _("write muster.example, without @ or https://"))
    return list(value)


def contact_id(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise Invalid(_("is not a valid contact id: {value}").format(value=shown(value)),
                      _("lowercase letters, digits and -"))
    return value


def contact_ids(value: Any) -> list[str]:
    return [contact_id(v) for v in texts(value)]


def record_id(value: Any) -> str:
    if not isinstance(value, str) or not RECORD_ID_RE.match(value):
        raise Invalid(_("is not a valid id: {value}").format(value=shown(value)), _("4-12 lowercase letters or digits"))
    return value


def one_of(noun: str, choices: tuple[str, ...]):
    """A check for one of `choices`; `noun` (marked with N_) names the value in the message."""
    def check(value: Any) -> str:
        if value not in choices:
            hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
            raise Invalid(_("unknown {noun} {value} (known: {choices})").format(
                noun=translated(noun), value=shown(value), choices=", ".join(choices)),
                          hint, whole=True)
        return value

    return check


def anything(value: Any) -> Any:
    return value


stage = one_of(N_("stage"), STAGES)
direction = one_of(N_("direction"), DIRECTIONS)
_anchoring = one_of(N_("anchoring"), ANCHORING)


def anchoring(value: Any) -> str:
    return "" if value == "" else _anchoring(value)


agreement_what = one_of(N_("agreement type"), AGREEMENT_WHAT)


def contact_keys(rec: dict[str, Any]) -> list[tuple[str, str]]:
    """What identifies a contact as a person: ("name", its name) and ("email", address) for each address."""
    keys = [("name", rec["name"])] if isinstance(rec.get("name"), str) and rec["name"].strip() else []
    mails = [rec.get("email")] + (rec.get("emails") if isinstance(rec.get("emails"), list) else [])
    return keys + [("email", m) for m in mails if isinstance(m, str) and m.strip()]


# The check of each value type a record's key is declared with (koop_tui/schema.py). A name is text whose being
# blank only warns (validate._check_names).
CHECKS = {
    "text": text, "name": text, "texts": texts, "day": day, "days": days, "stage": stage, "domains": domains,
    "addresses": addresses, "birthday": birthday, "anchoring": anchoring, "direction": direction,
    "contact_id": contact_id, "contact_ids": contact_ids, "record_id": record_id, "agreement_what": agreement_what,
    "anything": anything,
}
