"""Find a partner or contact from what a person typed: a slug, an id, or an unambiguous name prefix."""

from __future__ import annotations

from collections.abc import Callable

from koop_tui import i18n
from koop_tui.errors import KoopError, UsageError
from koop_tui.i18n import _
from koop_tui.model import Contact, Partner, Workspace
from koop_tui.text import fold, some
from koop_tui.words import plural


class Ambiguous(KoopError):
    """What a person typed matches several partners, contacts or records."""


class BrokenPartner(KoopError):
    """What a person typed names a partner file that has errors (`rel`)."""

    def __init__(self, workspace: Workspace, rel: str) -> None:
        super().__init__(_("{path} has problems and was not loaded").format(path=rel), check_hint(workspace, rel))
        self.rel = rel


def _pick(text: str, items: list, tiers, contacts: bool, describe) -> object | None:
    """The first tier with a match decides; a tier matching several items is an error, never a silent pick.

    Each tier is (keys of an item, exact): exact tiers compare whole keys, the others test prefixes
    (case-insensitive, Unicode-normalised: keys come folded), so an exact slug or id always wins over someone
    else's name starting with it.
    """
    wanted = fold(text.strip())
    if not wanted:
        raise UsageError(_("empty contact name") if contacts else _("empty partner name"))  # exit 2, as `who ""`
    for keys, exact in tiers:
        found = [
            item for item in items
            if any((k == wanted) if exact else k.startswith(wanted) for k in keys(item))
        ]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = some([describe(item) for item in found], 8)
            if contacts:
                raise Ambiguous(_("contact '{text}' is ambiguous: {found}").format(text=text, found=shown),
                                _("type more of the contact's name or its id"))
            raise Ambiguous(_("partner '{text}' is ambiguous: {found}").format(text=text, found=shown),
                            _("type more of the partner's name or its id"))
    return None


def check_hint(workspace: Workspace, rel: str) -> str:
    """The hint for a partner file with errors: its first error with file:line, then `koop check` for the rest."""
    errors = workspace.file_errors().get(rel)
    return _("{problem}; run `koop check`").format(problem=errors[0]) if errors else _("run `koop check`")


def find_partner(workspace: Workspace, text: str) -> Partner:
    """A partner by exact slug, else exact name, else the unique partner whose slug or name starts with text."""
    partners = sorted(workspace.partners.values(), key=lambda p: p.slug)
    tiers = (
        (lambda p: [p.slug], True),
        (lambda p: [fold(p.name)], True),
        (lambda p: [p.slug, fold(p.name)], False),
    )
    found = _pick(text, partners, tiers, False, lambda p: f"{p.slug} ({p.name})")
    if found is not None:
        return found
    broken = [b for b in workspace.broken if b.removeprefix("partners/").startswith(text.strip().lower())]
    if broken:
        raise BrokenPartner(workspace, broken[0])
    raise KoopError(_("no partner matches '{text}'").format(text=text),
                    _and_unread(workspace, _not_found_hint(partners, text)))


def _and_unread(workspace: Workspace, hint: str) -> str:
    """hint, and the partner files that could not be read: what was typed may name one of them."""
    if not workspace.broken:
        return hint
    files = some(workspace.broken, 3)
    return hint + "; " + plural(len(workspace.broken), "{n} partner file could not be read, it may be the one "
                                                       "({files}): run `koop check`",
                                "{n} partner files could not be read, one may be it ({files}): run `koop check`",
                                files=files)


def _not_found_hint(partners: list[Partner], text: str) -> str:
    """The closest slug or name, also of what was typed as a prefix ("kanzlie" for kanzlei-brandt); else where
    to see the partners there are (none yet: how to add one)."""
    if not partners:
        return _("the workspace has no partners yet; add one: koop add partner NAME")
    import difflib  # only for the hint of a partner not found

    wanted = fold(text.strip())
    slugs: dict[str, str] = {}
    for p in partners:
        for key in (p.slug, fold(p.name)):
            slugs.setdefault(key, p.slug)
            slugs.setdefault(key[:len(wanted)], p.slug)
    close = difflib.get_close_matches(wanted, list(slugs), n=1)
    if close:
        return _("did you mean '{slug}'?").format(slug=slugs[close[0]])
    return _("`koop list` shows every partner")


def find_contact(partner: Partner, text: str) -> Contact:
    """A contact of the partner by exact id, else exact name, else the unique contact whose id, name, or any word
    of the name (a first or last name) starts with text."""
    tiers = (
        (lambda c: [fold(c.id)], True),
        (lambda c: [fold(c.name)], True),
        (lambda c: [fold(c.id), fold(c.name), *fold(c.name).split()], False),
    )
    found = _pick(text, partner.contacts, tiers, True, lambda c: f"{c.id} ({c.name})")
    if found is None:
        known = ", ".join(c.id for c in partner.contacts) or _("none")
        raise KoopError(_("{partner} has no contact matching '{text}' (known: {known})").format(
            partner=partner.name, text=text, known=known))
    return found


def split_target(workspace: Workspace, text: str,
                 by_email: Callable[[str], list[tuple[str, str]]] | None = None) -> tuple[Partner, str | None]:
    """The partner of `PARTNER` or `PARTNER/CONTACT`, and the contact part (None without one); a name containing
    `/` is tried whole first. An e-mail address names the contact who has it (`by_email`: (slug, contact id) of
    those who have one; default: the workspace's contacts). Only slugs and names are read otherwise: the partners
    may be stand-ins (index.open_target)."""
    if is_email(text):
        found = (by_email or (lambda address: _with_email(workspace, address)))(text)
        if len(found) > 1:
            shown = some([f"{slug}/{cid}" for slug, cid in found], 8)
            raise Ambiguous(_("e-mail address '{text}' is ambiguous: {found}").format(text=text.strip(), found=shown),
                            _("name the partner and contact instead (PARTNER/CONTACT)"))
        if found:
            return workspace.partners[found[0][0]], found[0][1]
        try:
            return find_partner(workspace, text), None
        except KoopError:
            raise KoopError(_("no contact has the e-mail address '{text}'").format(text=text.strip()),
                            _and_unread(workspace, _("see `koop search {text}`").format(text=text.strip()))) from None
    try:
        return find_partner(workspace, text), None
    except KoopError:
        if "/" not in text:
            raise
    partner_text, __, contact_text = text.rpartition("/")
    return find_partner(workspace, partner_text), contact_text


def is_email(text: str) -> bool:
    """Whether what was typed is an e-mail address (a slug or name never is: no spaces, one @, a dotted domain)."""
    local, at, domain = text.strip().rpartition("@")
    return bool(at and local and "." in domain.strip(".")) and not any(c.isspace() or c == "/" for c in text.strip())


def _with_email(workspace: Workspace, address: str) -> list[tuple[str, str]]:
    """(slug, contact id) of every contact with this e-mail address, by slug (case does not matter)."""
    wanted = address.strip().casefold()
    return [(slug, c.id) for slug, p in sorted(workspace.partners.items()) for c in p.contacts
            if any(a.casefold() == wanted for a in c.addresses())]


def find_target(workspace: Workspace, text: str) -> tuple[Partner, Contact | None]:
    """`PARTNER` or `PARTNER/CONTACT`."""
    partner, contact_text = split_target(workspace, text)
    return partner, None if contact_text is None else find_contact(partner, contact_text)


def same_person(partner: Partner, name: str, emails=()) -> Contact | None:
    """An existing contact (also one who left) with this name (case and accents of the same letters aside) or one
    of these e-mail addresses: adding them again would make a duplicate."""
    import unicodedata

    def key(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    wanted, addresses = key(name), {a.strip().casefold() for a in emails if a.strip()}
    for contact in partner.contacts:
        if key(contact.name) == wanted or addresses & {a.casefold() for a in contact.addresses()}:
            return contact
    return None


def describe_contact(contact: Contact) -> str:
    """"Jana Weber (jana, left 2026-11-03)": who a duplicate would repeat."""
    if contact.left:
        return _("{name} ({id}, left {date})").format(name=contact.name, id=contact.id, date=i18n.day(contact.left))
    return f"{contact.name} ({contact.id})"


RECORDS = ("touchpoints", "followups", "projects", "agreements")


def find_record(partner: Partner, text: str) -> tuple[str, object]:
    """(table, record) for `text`: a record id or contact id, else the one record whose id starts with it or
    contact whose name matches (see find_contact); several is an error naming them."""
    wanted = text.strip().casefold()
    if not wanted:  # `koop done muster/`: a usage error, as an empty partner name is
        raise UsageError(_("empty record id"), _("`koop show {slug}` lists the ids").format(slug=partner.slug))
    records = [(table, r) for table in RECORDS for r in getattr(partner, table)]
    exact = [(t, r) for t, r in records if r.id == wanted]
    contact = partner.contact(wanted)
    if exact or contact:
        return exact[0] if exact else ("contacts", contact)
    found = [(t, r) for t, r in records if r.id.startswith(wanted)]
    try:
        found.append(("contacts", find_contact(partner, text)))
    except Ambiguous:
        if not found:
            raise
    except KoopError:
        pass
    if len(found) == 1:
        return found[0]
    if found:
        shown = ", ".join(f"{r.id} ({t.rstrip('s')})" for t, r in found[:8])
        raise Ambiguous(_("'{text}' is ambiguous at {partner}: {found}").format(text=text, partner=partner.name,
                                                                               found=shown), _("type more of the id"))
    raise KoopError(_("{partner} has no record or contact '{text}'").format(partner=partner.name, text=text),
                    _("`koop show {slug}` lists the ids").format(slug=partner.slug))
