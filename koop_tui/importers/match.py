"""Finding what an import record already is in the workspace, so that nothing is ever duplicated.

Contacts match by email (case-insensitive) first, then by normalised name within the matched partner;
partners by normalised name without legal form (GmbH, AG, Ltd, Inc, e.K., ...) or by slug.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from koop_tui.model import Contact, Partner, Workspace
from koop_tui.slugs import slugify
from koop_tui.text import spelt_out

_NON_WORD = re.compile(r"[\W_]+")
LEGAL_FORMS = (
    "GmbH", "gGmbH", "mbH", "AG", "KG", "KGaA", "OHG", "GbR", "PartG", "PartG mbB", "mbB", "UG",
    "UG (haftungsbeschränkt)", "haftungsbeschränkt", "e.K.", "e.Kfm.", "e.Kfr.", "e.V.", "eG", "Co", "Co.",
    "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "Corp", "Corp.", "Corporation", "LLC", "LLP", "PLC", "S.A.",
    "SA", "SAS", "SARL", "S.A.R.L.", "S.L.", "SL", "S.r.l.", "Srl", "S.p.A.", "SpA", "B.V.", "BV", "N.V.",
    "NV", "AB", "Oy", "ApS", "A/S", "AS", "SE", "sp. z o.o.", "s.r.o.", "Pty", "Pty Ltd",
)


def fold(text: str) -> str:
    """Casefolded, German umlauts spelled out (ü→ue), other accents dropped: Müller == Mueller."""
    if text.isascii():
        return text.casefold()
    text = spelt_out(text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _tokens(text: str, dots: str) -> list[str]:
    return _NON_WORD.sub(" ", fold(text).replace(".", dots).replace("'", "")).split()


def _legal_tails() -> dict[str, list[tuple[str, ...]]]:
    """Legal forms as token tuples, grouped by their last token, longest first."""
    tails = {tuple(_tokens(form, dots)) for form in LEGAL_FORMS for dots in ("", " ")}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for tail in sorted((t for t in tails if t), key=len, reverse=True):
        by_last.setdefault(tail[-1], []).append(tail)
    return by_last


_TAILS = _legal_tails()


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """A person's name for comparison: folded, whitespace collapsed."""
    return " ".join(fold(name).split())


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """An organisation's name for comparison: folded, punctuation and trailing legal forms dropped."""
    tokens = _tokens(name, "")
    while len(tokens) > 1:
        tail = next((t for t in _TAILS.get(tokens[-1], ()) if len(tokens) > len(t) and tuple(tokens[-len(t):]) == t), None)
        if tail is None:
            break
        del tokens[-len(tail):]
    return "".join(tokens) or " ".join(name.casefold().split())


class Index:
    """Lookups over the workspace (and over partners planned in the same import) by email, name and slug."""

    def __init__(self, workspace: Workspace) -> None:
        self.by_email: dict[str, tuple[str, str]] = {}
        self.by_org: dict[str, str] = {}
        self.slugs: set[str] = set()
        self.partners: dict[str, Partner] = {}
        for slug in sorted(workspace.partners):
            self.add_partner(workspace.partners[slug])
            for contact in workspace.partners[slug].contacts:
                self.add_contact(slug, contact)

    def add_partner(self, partner: Partner) -> None:
        self.partners[partner.slug] = partner
        self.slugs.add(partner.slug)
        self.by_org.setdefault(org_key(partner.name), partner.slug)

    def add_contact(self, slug: str, contact: Contact) -> None:
        if contact.email:
            self.by_email.setdefault(contact.email.casefold(), (slug, contact.id))

    def partner_for(self, name: str) -> Partner | None:
        """The partner called `name` (legal form and spelling aside), or whose slug is that name's slug."""
        slug = self.by_org.get(org_key(name))
        if slug is None:
            try:
                slug = slugify(name)
            except ValueError:
                return None
        return self.partners.get(slug)

    def contact_by_email(self, emails: list[str]) -> tuple[Partner, Contact] | None:
        for email in emails:
            hit = self.by_email.get(email.casefold())
            if hit:
                partner = self.partners[hit[0]]
                contact = partner.contact(hit[1])
                if contact is not None:
                    return partner, contact
        return None


def contact_by_name(partner: Partner, name: str) -> Contact | None:
    key = person_key(name)
    for contact in partner.contacts:
        if person_key(contact.name) == key:
            return contact
    return None


def same_phone(a: str, b: str) -> bool:
    """Phone numbers written differently ("+49 30 123" vs "+4930123") are the same number."""
    digits = lambda s: re.sub(r"\D", "", s.replace("+", "00"))  # noqa: E731
    return digits(a) == digits(b)
