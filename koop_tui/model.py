"""The records koop keeps: plain dataclasses, no I/O, no Textual.

The file format that maps onto these records is documented in docs/format.md. Each field of a record kept in a
partner file says how it is written there (its value type, what a missing key means): koop_tui/schema.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from collections.abc import Mapping

from koop_tui import i18n
from koop_tui.i18n import N_, NP_, Said
from koop_tui.schema import key, records, table

# `imported`: created by `koop import` and not sorted yet (engine/triage.py); nothing is due for it but sorting.
STAGES = ("imported", "prospect", "vetting", "active", "dormant", "ended")
# What a due item can be about: the kinds `export --include/--exclude` and [feed] include/exclude name.
DUE_KINDS = ("contact", "followup", "handover", "vetting", "debrief", "agreement", "warmup",
             "birthday", "anniversary", "campaign", "fair", "triage")
DIRECTIONS = ("gave", "received", "mutual")
ANCHORING = ("newcomer", "established", "leader")
STATUSES = ("ok", "soon", "due", "overdue")


@dataclass(frozen=True, order=True)
class Birthday:
    """A birthday, with or without the year (`--MM-DD` in files when the year is unknown)."""

    month: int
    day: int
    year: int | None = None

    def __str__(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass
class Contact:
    """A person at a partner; staleness is computed per contact."""

    id: str = key("contact_id", missing="skip", edit=False)
    name: str = key("name", missing="error")
    role: str = key("text", "")
    email: str = key("text", "")
    emails: list[str] = key("addresses", factory=list)
    phone: str = key("text", "")
    birthday: Birthday | None = key("birthday", None)
    # the day `koop import` added it to a partner that existed: a cadence counts from then
    imported: date | None = key("day", None)
    cadence: int | None = key("days", None)
    left: date | None = key("day", None)
    successor: str | None = key("contact_id", None)
    snoozed_until: date | None = key("day", None)
    skills: list[str] = key("texts", factory=list)
    note: str = key("text", "")

    def active_on(self, day: date) -> bool:
        return self.left is None or self.left > day

    def addresses(self) -> list[str]:
        """Every e-mail address of the contact, `email` first, each once (compared case-insensitively)."""
        seen: dict[str, str] = {}
        for address in (self.email, *self.emails):
            address = address.strip()
            if address and address.casefold() not in seen:
                seen[address.casefold()] = address
        return list(seen.values())

    def snoozed_on(self, day: date) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > day


@dataclass
class Touchpoint:
    """Something that happened between us and a partner; no contacts means the whole partner."""

    id: str = key("record_id", missing="error", edit=False)
    date: date = key("day", missing="skip")
    kind: str = key("text", missing="skip", shared=True)
    direction: str = key("direction", shared=True)  # missing: the kind's direction
    contacts: list[str] = key("contact_ids", factory=list)
    note: str = key("text", "")
    by: str = key("text", "", shared=True)
    # where a captured touchpoint came from: "mail:<Message-ID>", "cal:<UID>"
    source: str = key("text", "", edit=False)


@dataclass
class FollowUp:
    """A dated to-do with a partner or one of its contacts."""

    id: str = key("record_id", missing="error", edit=False)
    due: date = key("day", missing="skip")
    text: str = key("text", "")
    contact: str | None = key("contact_id", None)
    done: date | None = key("day", None)
    owner: str = key("text", "")

    def checks_departure(self) -> bool:
        """Raised by capture: a bounce or an auto-reply says the contact may have left (DEPARTURE)."""
        return bool(self.contact) and _DEPARTURE.search(self.text) is not None


# The follow-up capture writes when a contact may have left. In English whatever the user's language, as commit
# messages are: it lives in the team's files, and the contact-left flow recognises it by its words.
DEPARTURE = "{name} may have left {partner}: confirm and name a successor"
_DEPARTURE = re.compile(r" may have left .+: confirm and name a successor\b")


@dataclass
class Reference:
    """What another partner said about a prospect."""

    by: str = key("text", missing="skip")
    said: str = key("text", "")


@dataclass
class Vetting:
    """What we know about a prospect before investing in it."""

    contribution: str = key("text", "")
    references: list[Reference] = records(Reference, N_("reference"))
    anchoring: str = key("anchoring", "")
    decision: str = key("text", "")

    def missing(self) -> list[str]:
        """Names of the parts still open, in checklist order."""
        out = []
        if not self.contribution.strip():
            out.append("contribution")
        if not self.references:
            out.append("references")
        if not self.anchoring:
            out.append("anchoring")
        return out


@dataclass
class Project:
    """A joint project; while one runs, contact happens by itself."""

    id: str = key("record_id", missing="error", edit=False)
    name: str = key("text", missing="error")
    start: date = key("day", missing="skip")
    end: date | None = key("day", None)
    our_contact: str = key("text", "")
    contacts: list[str] = key("contact_ids", factory=list)
    note: str = key("text", "")


@dataclass
class Agreement:
    """What was agreed with a partner, and when to review it."""

    id: str = key("record_id", missing="error", edit=False)
    what: str = key("agreement_what", missing="skip")
    text: str = key("text", "")
    signed: date | None = key("day", None)
    review: date | None = key("day", None)


@dataclass
class Conflict:
    """A field both sides of a merge changed differently; kept visibly until resolved."""

    id: str = key("record_id", missing="error", edit=False)
    field: str = key("text", missing="skip")
    ours: object = key("anything", None)
    theirs: object = key("anything", None)
    base: object = key("anything", None)


@dataclass
class Partner:
    """An organisation or person we cooperate with: one file `partners/<slug>.toml`."""

    slug: str = key("text", missing="skip", edit=False)  # the file's name; in the file after its name
    name: str = key("name", missing="skip")
    stage: str = key("stage", "prospect")
    owner: str = key("text", "", settings="default_owner")
    tags: list[str] = key("texts", factory=list)
    since: date | None = key("day", None)
    # the day `koop import` created it: a cadence counts from then, not from never
    imported: date | None = key("day", None)
    cadence: int | None = key("days", None)
    snoozed_until: date | None = key("day", None)
    skills: list[str] = key("texts", factory=list)
    website: str = key("text", "")
    domains: list[str] = key("domains", factory=list)
    note: str = key("text", "")
    vetting: Vetting = table(Vetting)
    contacts: list[Contact] = records(Contact, N_("contact"), sort="id")
    touchpoints: list[Touchpoint] = records(Touchpoint, N_("touchpoint"), sort="date")
    followups: list[FollowUp] = records(FollowUp, N_("follow-up"), sort="due")
    projects: list[Project] = records(Project, N_("project"), sort="start")
    agreements: list[Agreement] = records(Agreement, N_("agreement"), sort="signed")
    conflicts: list[Conflict] = records(Conflict, N_("conflict"), sort="field")

    def snoozed_on(self, day: date) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > day

    def contact(self, contact_id: str) -> Contact | None:
        for c in self.contacts:
            if c.id == contact_id:
                return c
        return None


@dataclass
class Kind:
    """A kind of touchpoint: its weight in (0, 1] and its default direction."""

    name: str
    weight: float
    direction: str = "mutual"
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name.replace("-", " ").capitalize()


# The shipped kinds (config/koop.toml) as a sentence names them, marked for the catalog: "last: meeting 3 d ago"
# reads "zuletzt: Treffen vor 3 T". Files keep the kind's name; SHIPPED_LABELS are the labels koop.toml ships.
KIND_WORDS = {
    "meeting": NP_("kind", "meeting"), "call": NP_("kind", "call"), "jour-fixe": NP_("kind", "jour fixe"),
    "mail": NP_("kind", "mail"), "message": NP_("kind", "message"),
    "recommendation": NP_("kind", "recommendation"), "referral": NP_("kind", "referral"),
    "backlink": NP_("kind", "backlink"), "share": NP_("kind", "share"), "comment": NP_("kind", "comment"),
    "gift": NP_("kind", "gift"), "card": NP_("kind", "card"), "greeting": NP_("kind", "greeting"),
    "fair-visit": NP_("kind", "fair visit"),
}
SHIPPED_LABELS = {"jour-fixe": "Jour fixe", "share": "Shared their content", "comment": "Comment on their post",
                  "card": "Card", "fair-visit": "Met at a fair"}


def kind_word(name: str, kinds: Mapping[str, Kind] | None = None) -> str:
    """A touchpoint kind inside a sentence. A shipped kind is a Said (English its word, shown in the user's
    language); a label of the workspace's own, or a kind koop does not ship, is shown as written."""
    marked = KIND_WORDS.get(name)
    kind = (kinds or {}).get(name)
    if marked is None or (kind is not None and kind.label and kind.label != SHIPPED_LABELS.get(name)
                          and kind.label.lower() != marked.rpartition("\x04")[2]):
        return kind.title.lower() if kind else name
    return Said(marked)


def kind_shown(name: str, kinds: Mapping[str, Kind] | None = None) -> str:
    """kind_word as shown in the language spoken now, worded once per kind and language (a due list names
    thousands of touchpoints)."""
    kind = (kinds or {}).get(name)
    said, key = i18n.said(), ("kind", name, kind.label if kind else None)
    text = said.get(key)
    if text is None:
        text = said[key] = i18n.shown(kind_word(name, kinds))
    return text


@dataclass
class Stage:
    """A partner stage with its cadences in days (None: no cadence, as for `ended`)."""

    name: str
    cadence: int | None
    project_cadence: int | None = None
    upkeep_cadence: int | None = None


@dataclass
class Campaign:
    """A yearly occasion for all partners of some stages/tags, e.g. Christmas cards."""

    id: str
    name: str
    month: int
    day: int
    lead_days: int = 30
    kinds: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Fair:
    """A trade fair where partners with some tags are likely to be."""

    id: str
    name: str
    start: date
    end: date | None = None
    place: str = ""
    tags: list[str] = field(default_factory=list)
    lead_days: int = 21


FEED_MODES = ("items", "digest")


@dataclass
class FeedSettings:
    """Options of the calendar export and feed."""

    name: str = ""
    horizon_days: int = 60
    pin_overdue: bool = True
    refresh_hours: int = 6
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    id: str = ""
    mode: str = "items"  # FEED_MODES
    alarm: str = ""  # "HH:MM": a VALARM at that time on a follow-up's day; "" for none


@dataclass
class Settings:
    """Workspace settings from koop.toml, over the shipped defaults."""

    name: str = "koop"
    default_owner: str = ""
    default_cadence: int = 60
    stages: dict[str, Stage] = field(default_factory=dict)
    tag_cadences: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)
    soon_ratio: float = 0.8
    overdue_ratio: float = 1.5
    vetting_after_days: int = 14
    debrief_after_days: int = 14
    agreement_lead_days: int = 30
    reciprocation_days: int = 60
    campaigns: list[Campaign] = field(default_factory=list)
    fairs: list[Fair] = field(default_factory=list)
    feed: FeedSettings = field(default_factory=FeedSettings)
    skills: list[str] = field(default_factory=list)
    auto_commit: bool = True
    owners: dict[str, list[str]] = field(default_factory=dict)  # owner -> e-mail addresses (identity)
    language: str = ""  # the calendar feed's (shared by the team): "de"; "" is English (docs/i18n.md)


@dataclass
class Problem:
    """Something wrong in a workspace file, reported as `path:line:col: message`."""

    path: str
    message: str
    line: int | None = None
    col: int | None = None
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def errors_of(problems: list[Problem]) -> list[Problem]:
    """The errors among one file's problems, first line first."""
    return sorted((p for p in problems if p.severity == "error"),
                  key=lambda p: (p.line is None, p.line or 0, p.col or 0))


@dataclass
class Workspace:
    """A loaded workspace: settings, the partners that loaded, and the problems found."""

    settings: Settings
    partners: dict[str, Partner] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def file_errors(self) -> dict[str, list[Problem]]:
        """Partner files with errors (loaded or broken), path -> its errors, in path order."""
        out: dict[str, list[Problem]] = {}
        for p in self.problems:
            if p.path.startswith("partners/") and p.path.endswith(".toml"):
                out.setdefault(p.path, []).append(p)
        return {rel: found for rel, found in ((rel, errors_of(out[rel])) for rel in sorted(out)) if found}

    def sound(self) -> dict[str, Partner]:
        """The partners whose file has no error: the only ones anything is computed from (never from a value
        that could not be read and fell back to its default)."""
        bad = self.file_errors()
        if not bad:
            return self.partners
        return {slug: p for slug, p in self.partners.items() if f"partners/{slug}.toml" not in bad}


@dataclass(frozen=True)
class DueItem:
    """One line of the due list: who, what, how urgent, since when, and why.

    `key` is stable across runs ("contact:acme/jana", "followup:acme/b12c", "birthday:acme/jana",
    "campaign:xmas/acme", "handover:acme", ...) and feeds calendar UIDs and app cursors.
    `changed` is the newest date of the records the item derives from (for DTSTAMP).
    """

    key: str
    kind: str
    partner: str
    partner_name: str
    title: str
    status: str
    due: date
    explanation: str
    contact: str | None = None
    contact_name: str | None = None
    ratio: float | None = None
    owing: bool = False
    owner: str = ""
    stage: str = ""
    tags: tuple[str, ...] = ()
    changed: date | None = None
    recurring: bool = False
    by: date | None = None  # a window's deadline (campaign, fair, agreement review): `due` is when it opens
