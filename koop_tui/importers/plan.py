"""What an import will do: partners and contacts to create, records to merge, records to skip and why.

Building the plan reads only; `apply_plan` writes each affected partner file once per import where it can.
Matched records only fill empty fields; a differing value is kept and reported, never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from koop_tui.canonical import dumps_partner, partner_to_dict
from koop_tui.dates import CENTURY
from koop_tui.errors import KoopError
from koop_tui.i18n import N_, Said, _, os_reason
from koop_tui.importers.match import Index, contact_by_name, org_key, person_key, same_phone
from koop_tui.importers.records import ImportRecord
from koop_tui.importers.write import PartialWrite, create_files
from koop_tui.model import Contact, Partner, Workspace
from koop_tui.slugs import partner_path, slugify, unique_slug, without_titles
from koop_tui.store.edit import append_record, set_values

Progress = Callable[[int, int], None]
CONTACT_FIELDS = ("role", "email", "phone", "birthday", "note")


@dataclass
class ContactMerge:
    """Empty fields of an existing contact the import fills, and the values it kept instead."""

    contact: Contact
    where: str
    changes: dict[str, object] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


@dataclass
class PartnerPlan:
    """One partner file the import creates or touches."""

    partner: Partner
    new: bool
    fields: dict[str, object] = field(default_factory=dict)
    new_contacts: list[Contact] = field(default_factory=list)
    merges: list[ContactMerge] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new or bool(self.fields or self.new_contacts or any(m.changes for m in self.merges))


@dataclass
class Options:
    """What the person asked for on the command line; applies to partners the import creates."""

    stage: str = "prospect"
    tags: tuple[str, ...] = ()
    owner: str = ""
    imported: date | None = None  # the import day, written on the partners it creates (cadences count from it)


@dataclass
class Plan:
    """The whole preview; `partners` in order of first appearance in the file."""

    records: int = 0
    partners: dict[str, PartnerPlan] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> list[PartnerPlan]:
        return [p for p in self.partners.values() if p.changed]

    def count(self) -> dict[str, int]:
        plans = self.partners.values()
        return {
            "partners": sum(p.new for p in plans),
            "contacts": sum(len(p.new_contacts) + (len(p.partner.contacts) if p.new else 0) for p in plans),
            "merged": sum(1 for p in plans for m in p.merges if m.changes) + sum(bool(p.fields) for p in plans),
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }


def _safe_slug(text: str, fallback: str) -> str:
    try:
        return slugify(text)
    except ValueError:
        return fallback


def partner_slug_base(name: str) -> str:
    """Slug of a new partner: abbreviations without dots (S.A.R.L. -> sarl), no parenthetical parts."""
    compact = _ABBREVIATION_DOT.sub(r"\1", _PARENTHESES.sub("", name))
    return _safe_slug(compact, "") or _safe_slug(name, "partner")


def contact_id(name: str, taken: set[str]) -> str:
    """As `koop add contact` does: the first name if free, else the full name; leading titles dropped."""
    full = _safe_slug(without_titles(name), "contact")
    first = full.split("-")[0]
    return first if first not in taken else unique_slug(full, taken)


_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_ABBREVIATION_DOT = re.compile(r"\b(\w)\.")


class Planner:
    """Turns records into a Plan, one record at a time, remembering what the file already said."""

    def __init__(self, workspace: Workspace, options: Options) -> None:
        self.workspace = workspace
        self.options = options
        self.index = Index(workspace)
        broken = {rel.removeprefix("partners/").removesuffix(".toml") for rel in workspace.broken}
        self.taken_slugs = set(self.index.slugs) | broken
        self.claimed: dict[tuple[str, str], str] = {}
        self.emails: dict[str, str] = {}
        self.plan = Plan()

    def add(self, rec: ImportRecord) -> None:
        self.plan.records += 1
        rec.clean()
        if self.options.imported is not None:
            _drop_unlikely_birth_year(rec, self.options.imported)
        label = rec.name or rec.org or rec.email or "?"
        self.plan.warnings.extend((rec.where, Said(N_("{label}: {warning}"), label=label, warning=w))
                                  for w in rec.warnings)
        if not rec.name and not rec.org:
            reason = Said(N_("no name (only {email})"), email=rec.email) if rec.email else Said(N_("no name nor email"))
            self.plan.skipped.append((rec.where, reason))
            return
        if not rec.name or rec.is_org:
            self._add_org(rec)
            return
        for email in rec.emails:
            if email.casefold() in self.emails:
                self._skip_duplicate(rec, self.emails[email.casefold()])
                return
        found = self.index.contact_by_email(rec.emails)
        if found is not None:
            pp, contact = self._plan_for(found[0]), found[1]
        else:
            pp = self._partner(rec.org or rec.name, rec)
            contact = self._contact_by_name(pp, rec.name)
        key = (pp.partner.slug, contact.id) if contact else None
        if key and key in self.claimed:
            self._skip_duplicate(rec, self.claimed[key])
            return
        self._fill_partner(pp, rec)
        if contact is None:
            contact = self._new_contact(pp, rec)
        else:
            moved = found is not None and bool(rec.org) and org_key(rec.org) != org_key(pp.partner.name)
            self._merge(pp, contact, rec, moved)
        self.claimed[(pp.partner.slug, contact.id)] = rec.where
        for email in rec.emails:
            self.emails.setdefault(email.casefold(), rec.where)

    def _skip_duplicate(self, rec: ImportRecord, first: str) -> None:
        self.plan.skipped.append((rec.where, Said(N_("{name}: duplicate within the file (first at {first})"),
                                                  name=rec.name, first=first)))

    def _add_org(self, rec: ImportRecord) -> None:
        pp = self._partner(rec.org, rec)
        before = len(pp.fields)
        self._fill_partner(pp, rec)
        if not pp.new and len(pp.fields) == before:
            self.plan.unchanged += 1

    def _plan_for(self, partner: Partner) -> PartnerPlan:
        pp = self.plan.partners.get(partner.slug)
        if pp is None:
            pp = self.plan.partners[partner.slug] = PartnerPlan(partner, new=False)
        return pp

    def _partner(self, name: str, rec: ImportRecord) -> PartnerPlan:
        """The planned or existing partner of that name, or a new one (stage, tags, owner from the options)."""
        existing = self.index.partner_for(name)
        if existing is not None:
            return self._plan_for(existing)
        hint = rec.koop_id[0] if rec.koop_id else ""
        if hint and hint not in self.taken_slugs and _safe_slug(hint, "") == hint:
            slug = hint  # exported by koop: keep the slug it had
        else:
            slug = unique_slug(partner_slug_base(name), self.taken_slugs)
        tags = list(dict.fromkeys([*self.options.tags, *rec.tags]))
        partner = Partner(
            slug=slug, name=name, stage=self.options.stage, tags=tags, imported=self.options.imported,
            owner=self.options.owner or self.workspace.settings.default_owner,
        )
        self.taken_slugs.add(slug)
        self.index.add_partner(partner)
        pp = self.plan.partners[slug] = PartnerPlan(partner, new=True)
        return pp

    def _contact_by_name(self, pp: PartnerPlan, name: str) -> Contact | None:
        found = contact_by_name(pp.partner, name)
        if found is None:
            key = person_key(name)
            found = next((c for c in pp.new_contacts if person_key(c.name) == key), None)
        return found

    def _new_contact(self, pp: PartnerPlan, rec: ImportRecord) -> Contact:
        taken = {c.id for c in pp.partner.contacts} | {c.id for c in pp.new_contacts}
        hint = rec.koop_id[1] if rec.koop_id and rec.koop_id[0] == pp.partner.slug else ""
        cid = hint if hint and hint not in taken and _safe_slug(hint, "") == hint else contact_id(rec.name, taken)
        contact = Contact(  # added to a partner that exists: its cadence counts from the import day, as a new one's
            id=cid, name=rec.name, role=rec.role, email=rec.email, phone=rec.phone,
            birthday=rec.birthday, note=rec.note, imported=None if pp.new else self.options.imported,
        )
        (pp.partner.contacts if pp.new else pp.new_contacts).append(contact)
        self.index.add_contact(pp.partner.slug, contact)
        return contact

    def _merge(self, pp: PartnerPlan, contact: Contact, rec: ImportRecord, moved: bool) -> None:
        """Fill the contact's empty fields from the record; report values that differ, keep the existing.

        `moved`: found by email, but the file names another organisation; the contact stays where it is.
        """
        merge = ContactMerge(contact, rec.where)
        if moved:
            merge.kept.append(Said(N_("organisation {ours} (file: {theirs})"), ours=_short(pp.partner.name),
                                   theirs=_short(rec.org)))
        if person_key(contact.name) != person_key(rec.name):
            merge.kept.append(Said(N_("name {ours} (file: {theirs})"), ours=_short(contact.name),
                                   theirs=_short(rec.name)))
        for name in CONTACT_FIELDS:
            ours, theirs = getattr(contact, name), getattr(rec, name)
            if theirs in (None, "") or _same(name, ours, theirs, rec):
                continue
            if ours in (None, ""):
                merge.changes[name] = theirs
            else:
                merge.kept.append(Said(N_("{key} {ours} (file: {theirs})"), key=name, ours=_short(ours),
                                       theirs=_short(theirs)))
        if merge.changes or merge.kept:
            pp.merges.append(merge)
        if not merge.changes:
            self.plan.unchanged += 1

    def _fill_partner(self, pp: PartnerPlan, rec: ImportRecord) -> None:
        """Website and tags from any card; the note only from a company card (a person's note is theirs)."""
        partner = pp.partner
        note = rec.note if not rec.name else ""
        if pp.new:
            partner.website = partner.website or rec.website
            partner.note = partner.note or note
            return
        if note and not partner.note and "note" not in pp.fields:
            pp.fields["note"] = note
        if rec.website and not partner.website and "website" not in pp.fields:
            pp.fields["website"] = rec.website
        elif rec.website and partner.website and rec.website.rstrip("/") != partner.website.rstrip("/"):
            kept = Said(N_("existing website {ours} (file: {theirs})"), ours=_short(partner.website),
                        theirs=_short(rec.website))
            if kept not in pp.kept:
                pp.kept.append(kept)
        if rec.tags and not partner.tags and "tags" not in pp.fields:
            pp.fields["tags"] = list(rec.tags)


def _short(value: object, limit: int = 40) -> str:
    """A value quoted for the preview, one line, cut to `limit` characters."""
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _same(name: str, ours: object, theirs: object, rec: ImportRecord) -> bool:
    if ours in (None, ""):
        return False
    if name == "email":
        return str(ours).casefold() in {e.casefold() for e in rec.emails}
    if name == "phone":
        return same_phone(str(ours), str(theirs))
    if name == "birthday":
        return (ours.month, ours.day) == (theirs.month, theirs.day)  # type: ignore[union-attr]
    return " ".join(str(ours).split()) == " ".join(str(theirs).split())


def _drop_unlikely_birth_year(rec: ImportRecord, today: date) -> None:
    """A birth year after the import day or more than a century back is a slip (0206 for 2006) or an address
    book's stand-in for "unknown" (1604, 1900): as typed dates (dates.parse_birthday), it is not stored; the
    month and day are, with a warning."""
    bday = rec.birthday
    if bday is None or bday.year is None:
        return
    if date(bday.year, bday.month, bday.day) <= today and today.year - bday.year <= CENTURY:
        return
    rec.birthday = replace(bday, year=None)
    rec.warnings.append(Said(N_("birthday {date}: the year cannot be right (after today or more than {years} "
                                "years back); imported without the year"),
                             date=str(bday), years=CENTURY))


def build_plan(
    workspace: Workspace, records: list[ImportRecord], options: Options, progress: Progress | None = None
) -> Plan:
    """Plan the import of `records` into `workspace` without touching any file."""
    planner = Planner(workspace, options)
    total = len(records)
    for i, rec in enumerate(records, 1):
        planner.add(rec)
        if progress is not None:
            progress(i, total)
    return planner.plan


class ImportStopped(KoopError):
    """A file could not be written; the files in `written` were, and a re-run continues safely."""

    def __init__(self, written: list[Path], message: str) -> None:
        super().__init__(message, _("what was written stays; run the import again to continue (nothing is "
                                    "duplicated)"))
        self.written = written


def apply_plan(root: Path, workspace: Workspace, plan: Plan, progress: Progress | None = None) -> list[Path]:
    """Write the plan: new partners as canonical files created together, existing ones edited via the store."""
    partners_dir = Path(root) / "partners"
    settings = workspace.settings
    todo = plan.changed
    new = [(partner_path(partners_dir, pp.partner.slug), dumps_partner(pp.partner, settings).encode("utf-8"))
           for pp in todo if pp.new]
    try:
        written = create_files(partners_dir, new, progress)
    except PartialWrite as exc:
        what = _("exists already") if isinstance(exc.error, FileExistsError) else os_reason(exc.error)
        raise ImportStopped(exc.created, _("could not create {path}: {reason}").format(
            path=f"partners/{exc.path.name}", reason=what)) from None
    updates = [pp for pp in todo if not pp.new]
    if updates:
        from koop_tui import index

        store = index.open_store(root)
        for pp in updates:
            try:
                written.append(_update_partner(store, pp))
            except KoopError as exc:
                raise ImportStopped(written, _("{path}: {error}").format(path=f"partners/{pp.partner.slug}.toml",
                                                                          error=exc.message)) from None
    return written


def _update_partner(store, pp: PartnerPlan) -> Path:
    """One store edit per existing file: fill empty fields, append new contacts, keep everything else.

    The store runs this on the file as it is on disk at that moment; a field someone filled meanwhile
    is left alone, a contact id someone took meanwhile gets a suffix.
    """
    settings = store.settings

    def fill(target, table, rid, changes, edits) -> None:
        for key, value in changes.items():
            if getattr(target, key) in (None, "", []):
                setattr(target, key, value)
                edits.append((table, rid, key, value))

    def operation(partner: Partner, text: str, stale: Partner) -> tuple[str, Partner]:
        edits: list[tuple[str | None, str | None, str, object]] = []
        fill(partner, None, None, pp.fields, edits)
        for merge in pp.merges:
            contact = partner.contact(merge.contact.id)
            if contact is not None:
                fill(contact, "contacts", contact.id, merge.changes, edits)
        text = set_values(text, edits) if edits else text
        for new in pp.new_contacts:
            taken = {c.id for c in partner.contacts}
            contact = replace(new, id=unique_slug(new.id, taken))
            partner.contacts.append(contact)
            shell = Partner(slug=partner.slug, name=partner.name, contacts=[contact])
            text = append_record(text, "contacts", partner_to_dict(shell, settings)["contacts"][0])
        return text, partner

    store.apply(pp.partner.slug, operation, Said(N_("Import into {partner}"), partner=pp.partner.name))
    return store.path_of(pp.partner.slug)
