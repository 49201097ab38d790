"""One method per change a person can make; each is an operation run by Store.apply."""

from __future__ import annotations

from dataclasses import MISSING, fields, replace
from datetime import date
from typing import Any

from koop_tui.canonical import CONTACT_KEYS, PARTNER_KEYS, dumps_partner, partner_to_dict
from koop_tui.errors import ConflictError, KoopError
from koop_tui.model import Agreement, Contact, FollowUp, Partner, Project, Touchpoint
from koop_tui.slugs import is_slug, new_record_id, slugify, unique_slug
from koop_tui.store.edit import append_record, remove_record, set_values
from koop_tui.store.files import workspace_lock
from koop_tui.store.parse import parse_partner_bytes

# what `koop set` and the forms may change: every key but the one naming the record (canonical.py, from the model)
PARTNER_FIELDS = tuple(key for key in PARTNER_KEYS if key != "slug")
CONTACT_FIELDS = tuple(key for key in CONTACT_KEYS if key != "id")
RECORD_TABLES = ("touchpoints", "followups", "projects", "agreements", "conflicts")


def _default(cls: type, name: str) -> Any:
    f = next(f for f in fields(cls) if f.name == name)
    return f.default_factory() if f.default_factory is not MISSING else f.default


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _shown(value: Any) -> str:
    if _empty(value):
        return ""
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def _record_ids(partner: Partner) -> set[str]:
    return {r.id for table in RECORD_TABLES for r in getattr(partner, table)}


def _find(records: list, rid: str, noun: str, partner: Partner) -> Any:
    for record in records:
        if record.id == rid:
            return record
    raise KoopError(f"{partner.name} has no {noun} '{rid}'")


def handed_over(partner: Partner, contact_id: str | None, changes: dict[str, Any]) -> list:
    """The open follow-ups that move to the successor a change names for a contact who left (or leaves now)."""
    successor = changes.get("successor") if contact_id else None
    if not successor:
        return []
    contact = next((c for c in partner.contacts if c.id == contact_id), None)
    if contact is None or (changes.get("left") if "left" in changes else contact.left) is None:
        return []
    return [f for f in partner.followups if f.contact == contact_id and f.done is None]


def contact_names(partner: Partner, ids: list[str]) -> str:
    names = [c.name for cid in ids if (c := partner.contact(cid))]
    return ", ".join(names)


class Changes:
    """Mixed into Store: the change methods the CLI and the app call."""

    def _append(self, slug: str, table: str, record: Any, message: Any) -> Any:
        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            rec = record
            if table == "contacts":
                rec = replace(rec, id=rec.id or self._contact_id(partner, rec.name))
            elif not rec.id:
                rec = replace(rec, id=new_record_id(_record_ids(partner)))
            getattr(partner, table).append(rec)
            shell = Partner(slug=partner.slug, name=partner.name, **{table: [rec]})
            return append_record(text, table, partner_to_dict(shell, self.settings)[table][0]), rec

        name = self.partner(slug).name
        return self.apply(slug, op, message(name) if callable(message) else message)

    @staticmethod
    def _contact_id(partner: Partner, name: str) -> str:
        taken = {c.id for c in partner.contacts}
        try:
            full = slugify(name)
        except ValueError:
            raise KoopError(f"cannot make a contact id from {name!r}") from None
        first = full.split("-")[0]
        return first if first not in taken else unique_slug(full, taken)

    def add_contact(self, slug: str, contact: Contact) -> Contact:
        return self._append(slug, "contacts", contact, lambda p: f"Add contact {contact.name} to {p}")

    def log_touch(self, slug: str, touch: Touchpoint) -> Touchpoint:
        partner = self.partner(slug)
        kind = self.settings.kinds.get(touch.kind)
        if not touch.direction:
            touch = replace(touch, direction=kind.direction if kind else "mutual")
        who = contact_names(partner, touch.contacts)
        label = kind.title.lower() if kind else touch.kind
        return self._append(slug, "touchpoints", touch, f"Log {label} with {who} ({partner.name})" if who
                            else f"Log {label} with {partner.name}")

    def add_followup(self, slug: str, followup: FollowUp) -> FollowUp:
        return self._append(slug, "followups", followup, lambda p: f"Add follow-up '{followup.text}' for {p}")

    def add_project(self, slug: str, project: Project) -> Project:
        return self._append(slug, "projects", project, lambda p: f"Start project '{project.name}' with {p}")

    def add_agreement(self, slug: str, agreement: Agreement) -> Agreement:
        return self._append(slug, "agreements", agreement, lambda p: f"Add agreement ({agreement.what}) with {p}")

    def _set_record(self, slug: str, table: str, rid: str, key: str, value: Any, message: str) -> Any:
        noun = {"followups": "follow-up", "projects": "project"}[table]

        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            record = _find(getattr(partner, table), rid, noun, partner)
            if getattr(record, key) is not None:
                raise KoopError(f"{noun} '{rid}' of {partner.name} was already {'done' if key == 'done' else 'ended'} "
                                f"on {getattr(record, key)}")
            setattr(record, key, value)
            return set_values(text, [(table, rid, key, value)]), record

        return self.apply(slug, op, message)

    def complete_followup(self, slug: str, followup_id: str, day: date) -> FollowUp:
        partner = self.partner(slug)
        text = _find(partner.followups, followup_id, "follow-up", partner).text
        return self._set_record(slug, "followups", followup_id, "done", day,
                                f"Complete follow-up '{text}' ({partner.name})")

    def end_project(self, slug: str, project_id: str, day: date) -> Project:
        partner = self.partner(slug)
        name = _find(partner.projects, project_id, "project", partner).name
        return self._set_record(slug, "projects", project_id, "end", day, f"End project '{name}' with {partner.name}")

    def snooze(self, slug: str, contact_id: str | None, until: date | None) -> Partner:
        partner = self.partner(slug)
        who = partner.name if contact_id is None else f"{self._contact(partner, contact_id).name} ({partner.name})"
        message = f"Snooze {who} until {until}" if until else f"Unsnooze {who}"
        return self.set_fields(slug, contact_id, {"snoozed_until": until}, message=message)

    @staticmethod
    def _contact(partner: Partner, contact_id: str) -> Contact:
        contact = partner.contact(contact_id)
        if contact is None:
            raise KoopError(f"{partner.name} has no contact '{contact_id}'")
        return contact

    def set_fields(self, slug: str, contact_id: str | None, changes: dict[str, Any], message: str = "",
                   commit: bool = True) -> Partner:
        """Change fields of a partner or one of its contacts; empty values remove the key."""
        allowed = CONTACT_FIELDS if contact_id else PARTNER_FIELDS
        for key in changes:
            if key not in allowed:
                raise KoopError(f"cannot set '{key}' of a {'contact' if contact_id else 'partner'}",
                                f"settable: {', '.join(allowed)}")
        table = "contacts" if contact_id else None

        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            target = self._contact(partner, contact_id) if contact_id else partner
            before = self._contact(stale, contact_id) if contact_id else stale
            for followup in handed_over(partner, contact_id, changes):
                followup.contact = changes["successor"]
                text = set_values(text, [("followups", followup.id, "contact", followup.contact)])
            for key, value in changes.items():
                if getattr(before, key) != getattr(target, key):
                    raise ConflictError(f"{key} of {partner.name} was changed on disk (now {getattr(target, key)!r}); "
                                        "not saved", "look at the file and try again")
                if _empty(value):
                    value = self.settings.default_owner if key == "owner" else _default(type(target), key)
                setattr(target, key, value)
            edits = [(table, contact_id, key, None if _empty(v) else v) for key, v in changes.items()]
            return set_values(text, edits), partner

        partner = self.partner(slug)
        what = ", ".join(f"{k}={_shown(v)}" for k, v in changes.items())
        if moved := len(handed_over(partner, contact_id, changes)):
            what += f"; {moved} open follow-up{'s' * (moved != 1)} to {changes['successor']}"
        who = f"{self._contact(partner, contact_id).name} ({partner.name})" if contact_id else partner.name
        return self.apply(slug, op, message or f"Set {what} for {who}", commit)

    def owned_by(self, owner: str) -> list[Partner]:
        """The partners whose owner is `owner` (partners without one have the workspace's default owner); a file
        with errors is left out: its owner could not be read for sure, and writes into it are refused."""
        return [p for _, p in sorted(self.workspace.sound().items()) if p.owner == owner]

    def hand_over(self, owner: str, to: str) -> list[Partner]:
        """Every partner of `owner` to `to`, reported as one change (one commit naming the handover). A partner
        that cannot be saved stops it: the ones handed over until then stay handed over, and the error says so."""
        partners, done = self.owned_by(owner), []
        try:
            for p in partners:
                done.append(self.set_fields(p.slug, None, {"owner": to}, commit=False))
        except KoopError as exc:
            raise KoopError(f"{exc.message}; {len(done)} of {len(partners)} partners were handed over to {to}",
                            "fix that and run the handover again: it takes the rest") from None
        finally:
            if done and self.on_change is not None:
                n = len(done)
                self.on_change([self.path_of(p.slug) for p in done],
                               f"Hand over {owner}'s partners to {to} ({n} partner{'s' if n != 1 else ''})")
        return done

    def resolve_conflict(self, slug: str, conflict_id: str, value: Any) -> Partner:
        """Keep `value` for the conflicted field and drop the conflict record."""
        partner = self.partner(slug)
        field = _find(partner.conflicts, conflict_id, "conflict", partner).field
        parts = field.split(".")
        if not (len(parts) == 1 or (len(parts) == 2 and parts[0] == "vetting")
                or (len(parts) == 3 and parts[0] in ("contacts", *RECORD_TABLES))):
            raise KoopError(f"cannot set {field} from here", "edit the file and delete its [[conflicts]] record")
        table, rid, key = (None, None, parts[0]) if len(parts) == 1 else (
            ("vetting", None, parts[1]) if len(parts) == 2 else (parts[0], parts[1], parts[2]))

        def op(fresh: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            target = fresh if table is None else fresh.vetting if table == "vetting" else _find(
                getattr(fresh, table), rid, table, fresh)
            setattr(target, key, _default(type(target), key) if _empty(value) else value)
            fresh.conflicts = [c for c in fresh.conflicts if c.id != conflict_id]
            text = set_values(text, [(table, rid, key, None if _empty(value) else value)])
            return remove_record(text, "conflicts", conflict_id), fresh

        return self.apply(slug, op, f"Resolve conflict on {field} ({partner.name})")

    def new_partner(self, name: str, slug: str = "", **values: Any) -> Partner:
        """Create partners/<slug>.toml in canonical form (the slug made from the name unless given); never
        replaces an existing file."""
        name = name.strip()
        if slug and not is_slug(slug):
            raise KoopError(f"not a usable file name: {slug!r}", "use a-z, 0-9 and -, at most 63 characters")
        try:
            base = slug or slugify(name)
        except ValueError as exc:
            raise KoopError(str(exc)) from None
        with self._mutex, workspace_lock(self.root):
            self.refresh()
            ws = self.workspace
            same = [p for p in ws.partners.values() if p.name.casefold() == name.casefold()]
            if same:
                raise KoopError(f"partner '{name}' exists already (partners/{same[0].slug}.toml)")
            if f"partners/{base}.toml" in ws.broken:  # it may well be this very partner: never a second file
                raise KoopError(f"partners/{base}.toml has problems and was not loaded; fix it first",
                                "run `koop check`")
            taken = set(ws.partners) | {p.removeprefix("partners/").removesuffix(".toml") for p in ws.broken}
            if slug and slug in taken:
                raise KoopError(f"partners/{slug}.toml exists already", "choose another --slug")
            for _ in range(20):
                slug = unique_slug(base, taken)
                try:
                    partner = Partner(slug=slug, name=name, **values)
                except TypeError as exc:
                    raise KoopError(f"cannot create partner: {exc}") from None
                data = dumps_partner(partner, self.settings).encode("utf-8")
                rel = f"partners/{slug}.toml"
                loaded, problems = parse_partner_bytes(data, rel, self.settings)
                errors = [p for p in problems if p.severity == "error"]
                if errors or loaded is None:
                    raise KoopError(errors[0].message if errors else f"cannot create partner {name!r}")
                try:
                    self._loaded.fingerprints[rel] = self._write(self.path_of(slug), rel, data, exclusive=True)
                except FileExistsError:
                    taken.add(slug)
                    continue
                ws.partners[slug] = loaded
                break
            else:
                raise KoopError(f"could not find a free file name for {name!r}")
        if self.on_change is not None:
            self.on_change([self.path_of(slug)], f"New partner {name}")
        return loaded
