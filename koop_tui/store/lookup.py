"""Find a partner or contact from what a person typed: a slug, an id, or an unambiguous name prefix."""

from __future__ import annotations

import difflib

from koop_tui.errors import KoopError
from koop_tui.model import Contact, Partner, Workspace


def _pick(text: str, items: list, keys, noun: str, describe) -> object | None:
    """Exact key match first, then a unique prefix of any key (case-insensitive); ambiguity is an error."""
    wanted = text.strip().casefold()
    if not wanted:
        raise KoopError(f"empty {noun} name")
    for exact in (True, False):
        found = [
            item for item in items
            if any((k == wanted) if exact else k.startswith(wanted) for k in keys(item))
        ]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = ", ".join(describe(item) for item in found[:8]) + (", …" if len(found) > 8 else "")
            raise KoopError(f"{noun} '{text}' is ambiguous: {shown}", f"type more of the {noun}'s name or its id")
    return None


def _words(name: str) -> list[str]:
    folded = name.casefold()
    return [folded] + folded.split()[1:]


def find_partner(workspace: Workspace, text: str) -> Partner:
    """A partner by slug, name, or unique prefix of either."""
    partners = sorted(workspace.partners.values(), key=lambda p: p.slug)
    found = _pick(text, partners, lambda p: [p.slug, *_words(p.name)], "partner", lambda p: f"{p.slug} ({p.name})")
    if found is not None:
        return found
    broken = [b for b in workspace.broken if b.removeprefix("partners/").startswith(text.strip().lower())]
    if broken:
        raise KoopError(f"{broken[0]} has problems and was not loaded", "run `koop check`")
    close = difflib.get_close_matches(text.lower(), [p.slug for p in partners], n=1)
    raise KoopError(f"no partner matches '{text}'", f"did you mean '{close[0]}'?" if close else "see `koop due --all`")


def find_contact(partner: Partner, text: str) -> Contact:
    """A contact of the partner by id, name, first or last name, or unique prefix of those."""
    found = _pick(text, partner.contacts, lambda c: [c.id, *_words(c.name), *c.name.casefold().split()[:1]],
                  "contact", lambda c: f"{c.id} ({c.name})")
    if found is None:
        known = ", ".join(c.id for c in partner.contacts) or "none"
        raise KoopError(f"{partner.name} has no contact matching '{text}' (known: {known})")
    return found


def find_target(workspace: Workspace, text: str) -> tuple[Partner, Contact | None]:
    """`PARTNER` or `PARTNER/CONTACT`; a name containing `/` is tried whole first."""
    try:
        return find_partner(workspace, text), None
    except KoopError:
        if "/" not in text:
            raise
    partner_text, _, contact_text = text.rpartition("/")
    partner = find_partner(workspace, partner_text)
    return partner, find_contact(partner, contact_text)
