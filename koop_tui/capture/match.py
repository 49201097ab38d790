"""Mails and events against the workspace: which partner and contacts they concern, and how sure that is.

A mail or meeting whose people (besides the user) are known contacts of one partner is sure: it is logged
directly unless `auto = false`. Unknown people at a partner's domain, or several partners in one mail, wait for
review. Mails of one thread with one partner on one day make one touchpoint, the meeting one per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from koop_tui.capture.config import CaptureConfig
from koop_tui.capture.seen import Seen
from koop_tui import i18n
from koop_tui.i18n import _
from koop_tui.model import DEPARTURE, Workspace
from koop_tui.store.fields import ADDRESS_RE


class Reason(StrEnum):
    """Why a proposal waits for review; the state file keeps the value, screens say it in the user's language."""

    SURE = ""  # it does not wait: logged directly
    SEVERAL = "several-partners"  # one mail or meeting with several partners
    NEW_CONTACT = "new-contact"  # unknown people at the partner's domain
    AUTO_OFF = "auto-off"  # `auto = false`: everything waits
    NOT_SAVED = "not-saved"  # the partner file could not be written; `detail` says why


# How a departure was seen -> the follow-up's English text (the file keeps it) and the text shown
EVIDENCE = {"bounce-status": "bounce {what}", "bounce": "bounce: {what}", "auto-reply": "auto-reply: {what}"}


# What earlier versions kept as `why` in the state file (English text): the reason it names.
_OLD_WHY = (("several partners", Reason.SEVERAL), ("new contact at ", Reason.NEW_CONTACT),
            ("auto = false", Reason.AUTO_OFF), ("not saved: ", Reason.NOT_SAVED))


@dataclass
class Proposal:
    """A touchpoint capture would log: sure ones are logged, the others wait in the review queue."""

    source: str
    slug: str
    partner: str  # the partner's name, for lists
    day: date
    kind: str
    thread: str
    contacts: list[str] = field(default_factory=list)
    new_people: list[list[str]] = field(default_factory=list)  # [address, display name] unknown at the partner
    subject: str = ""
    reason: Reason = Reason.SURE  # why it waits for review
    detail: str = ""  # what went wrong, for Reason.NOT_SAVED

    @property
    def why(self) -> str:
        """Why it waits for review, in the user's language; "" when sure."""
        if self.reason is Reason.SEVERAL:
            return _("several partners in one mail") if self.kind == "mail" else _("several partners in one meeting")
        if self.reason is Reason.NEW_CONTACT:
            return _("new contact at {partner}").format(partner=self.partner)
        if self.reason is Reason.AUTO_OFF:
            return _("auto = false: everything waits for review")
        if self.reason is Reason.NOT_SAVED:
            return _("not saved: {error}").format(error=self.detail)
        return ""

    @property
    def new_contact(self) -> bool:
        """Accepting it makes its unknown people contacts of the partner (not when it names several partners)."""
        return bool(self.new_people) and self.reason is not Reason.SEVERAL

    @property
    def key(self) -> str:
        return f"{self.source}|{self.slug}"

    @property
    def group(self) -> str:
        """One touchpoint per thread with a partner per day."""
        return f"{self.slug}|{self.day.isoformat()}|{self.thread}"

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"day": self.day.isoformat(),
                                                                         "reason": self.reason.value}

    @classmethod
    def from_json(cls, data: dict) -> Proposal:
        data = dict(data)
        old = data.pop("why", None)
        if old:  # a queue saved before reasons were kept as such
            reason = next((r for start, r in _OLD_WHY if old.startswith(start)), Reason.AUTO_OFF)
            data.setdefault("reason", reason)
            if reason is Reason.NOT_SAVED:
                data.setdefault("detail", old.removeprefix("not saved: "))
        return cls(**(data | {"day": date.fromisoformat(data["day"]), "reason": Reason(data.get("reason", ""))}))


@dataclass
class Departure:
    """Evidence that a contact may have left their partner: a bounce or an auto-reply."""

    slug: str
    contact: str
    name: str
    partner: str
    day: date
    how: str  # a key of EVIDENCE
    what: str  # the bounce's status, or the sentence that says the person left
    source: str

    @property
    def key(self) -> str:
        return f"left|{self.slug}/{self.contact}"

    @property
    def text(self) -> str:
        """The follow-up capture raises, as the partner file keeps it (English: the engine recognises it)."""
        evidence = EVIDENCE[self.how].format(what=self.what)
        return f"{DEPARTURE.format(name=self.name, partner=self.partner)} ({evidence}, {self.day.isoformat()})"

    @property
    def shown(self) -> str:
        """The same in the user's language."""
        evidence = {"bounce-status": _("bounce {what}"), "bounce": _("bounce: {what}"),
                    "auto-reply": _("auto-reply: {what}")}[self.how].format(what=self.what)
        return _("{name} may have left {partner}: confirm and name a successor ({evidence}, {date})").format(
            name=self.name, partner=self.partner, evidence=evidence, date=i18n.day(self.day))


class Directory:
    """Lookups over the workspace: contacts by address, partners by mail domain, sources already logged."""

    def __init__(self, workspace: Workspace) -> None:
        self.by_address: dict[str, list[tuple[str, str]]] = {}
        self.by_domain: dict[str, str] = {}
        self.logged: set[str] = set()
        self.workspace = workspace
        for slug, partner in workspace.partners.items():
            for domain in partner.domains:
                self.by_domain.setdefault(domain.lower(), slug)
            for contact in partner.contacts:
                for address in contact.addresses():
                    if ADDRESS_RE.match(address):  # one written by hand that is no address matches no mail
                        self.by_address.setdefault(address.casefold(), []).append((slug, contact.id))
            for touch in partner.touchpoints:
                if touch.source:
                    self.logged.add(f"{touch.source}|{slug}")

    def partner_of_domain(self, address: str) -> str | None:
        domain = address.rpartition("@")[2]
        while domain:
            if domain in self.by_domain:
                return self.by_domain[domain]
            domain = domain.partition(".")[2]
        return None


def match(item: Seen, directory: Directory, config: CaptureConfig) -> list[Proposal]:
    """The proposals one mail or event makes (none when it concerns no partner)."""
    if item.skip or item.day is None:
        return []
    contacts: dict[str, list[str]] = {}
    strangers: dict[str, list[list[str]]] = {}
    for address, name in item.people:
        if address in config.me or config.skipped(address):
            continue
        known = directory.by_address.get(address.casefold(), [])
        for slug, cid in known:
            if cid not in contacts.setdefault(slug, []):
                contacts[slug].append(cid)
        if not known:
            slug = directory.partner_of_domain(address)
            if slug is not None:
                strangers.setdefault(slug, []).append([address, name])
    slugs = sorted(set(contacts) | set(strangers))
    out = []
    for slug in slugs:
        if f"{item.source}|{slug}" in directory.logged:
            continue
        reason = Reason.SURE
        if len(slugs) > 1:
            reason = Reason.SEVERAL
        elif strangers.get(slug):
            reason = Reason.NEW_CONTACT
        elif not config.auto:
            reason = Reason.AUTO_OFF
        out.append(Proposal(
            source=item.source, slug=slug, partner=directory.workspace.partners[slug].name, day=item.day,
            kind=item.kind, thread=item.thread, contacts=contacts.get(slug, []), new_people=strangers.get(slug, []),
            subject=item.subject, reason=reason,
        ))
    return out


def departures(item: Seen, directory: Directory) -> list[Departure]:
    """Contacts whose address bounced as unknown, or whose auto-reply says they left."""
    out = []
    for address, how, what in item.left:
        for slug, cid in directory.by_address.get(address.casefold(), []):
            partner = directory.workspace.partners[slug]
            contact = partner.contact(cid)
            if contact is None or contact.left is not None or item.day is None:
                continue
            out.append(Departure(slug, cid, contact.name, partner.name, item.day, how, what, item.source))
    return out


def merge_threads(proposals: list[Proposal]) -> list[Proposal]:
    """One proposal per thread with a partner per day: contacts joined, the smallest source kept (so two people
    capturing the same thread write the same source), review wins over sure."""
    groups: dict[str, Proposal] = {}
    for p in proposals:
        have = groups.get(p.group)
        if have is None:
            groups[p.group] = Proposal(**{**p.__dict__, "contacts": list(p.contacts),
                                          "new_people": list(p.new_people)})
            continue
        have.contacts += [c for c in p.contacts if c not in have.contacts]
        have.new_people += [n for n in p.new_people if n not in have.new_people]
        have.source = min(have.source, p.source)
        if not have.reason:
            have.reason, have.detail = p.reason, p.detail
    return list(groups.values())
