"""One method per change a person can make; each is an operation run by Store.apply."""

from __future__ import annotations

import re
from dataclasses import MISSING, fields, replace
from datetime import date
from typing import Any

from koop_tui.canonical import PARTNER_FIRST, TABLE_KEYS, canonical_partner_dict, dumps_partner, partner_to_dict
from koop_tui.errors import ConflictError, FieldConflict, InvalidValue, KoopError
from koop_tui import i18n
from koop_tui.i18n import N_, NP_, Said, _, shown, translated
from koop_tui.model import Agreement, Contact, FollowUp, Partner, Project, Touchpoint, Vetting, kind_word
from koop_tui.schema import file_keys, keys
from koop_tui.slugs import is_slug, new_record_id, slugify, unique_slug, without_titles
from koop_tui.store.edit import append_record, remove_record, set_values
from koop_tui.store.lookup import check_hint
from koop_tui.store.parse import parse_partner_bytes
from koop_tui.store.validate import record_ids
from koop_tui.text import fold, nfc
from koop_tui.words import plural

# what `koop set` and the forms may change: every key the model does not mark `edit=False` (koop_tui/schema.py)
PARTNER_FIELDS = tuple(k.name for k in file_keys(Partner, PARTNER_FIRST) if k.edit)
CONTACT_FIELDS = tuple(k.name for k in file_keys(Contact) if k.edit)
RECORD_TABLES = tuple(table for table in TABLE_KEYS if table != "contacts")  # the tables of records with ids
# What `edit_record` may change, per table (None: the partner itself); conflicts are resolved, not edited.
EDITABLE = {
    None: PARTNER_FIELDS,
    **{table: tuple(k.name for k in file_keys(t.of) if k.edit) for table, t in TABLE_KEYS.items()
       if table != "conflicts"},
    "vetting": tuple(k.name for k in keys(Vetting) if k.edit),
}
NOUNS = {table: t.noun for table, t in TABLE_KEYS.items()}


def _default(cls: type, name: str) -> Any:
    f = next(f for f in fields(cls) if f.name == name)
    return f.default_factory() if f.default_factory is not MISSING else f.default


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _written(value: Any) -> str:
    if _empty(value):
        return ""
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def _find(records: list, rid: str, noun: str, partner: Partner) -> Any:
    for record in records:
        if record.id == rid:
            return record
    raise KoopError(_("{partner} has no {noun} '{id}'").format(partner=partner.name, noun=translated(noun), id=rid))


def handed_over(partner: Partner, contact_id: str | None, changes: dict[str, Any]) -> list:
    """The open follow-ups that move to the successor a change names for a contact who left (or leaves now)."""
    successor = changes.get("successor") if contact_id else None
    if not successor:
        return []
    contact = next((c for c in partner.contacts if c.id == contact_id), None)
    if contact is None or (changes.get("left") if "left" in changes else contact.left) is None:
        return []
    return [f for f in partner.followups if f.contact == contact_id and f.done is None and not f.checks_departure()]


def departure_confirmed(partner: Partner, contact_id: str | None, changes: dict[str, Any]) -> list[FollowUp]:
    """The open "may have left" checks (FollowUp.checks_departure) a change setting the contact's `left`
    confirms: they are done then, on that day but not before they were due, instead of going to the successor."""
    left = changes.get("left") if contact_id else None
    if not isinstance(left, date):
        return []
    return [f for f in partner.followups if f.contact == contact_id and f.done is None and f.checks_departure()]


def contact_names(partner: Partner, ids: list[str]) -> str:
    names = [c.name for cid in ids if (c := partner.contact(cid))]
    return ", ".join(names)


def record_label(partner: Partner, table: str, record: Any) -> str:
    """A record as people recognise it, in the user's language: a contact by name, a touchpoint by kind, date and
    people."""
    return shown(record_said(partner, table, record))


# An agreement's kind inside a change's message: the file's name in English (the commit), the language's word shown.
AGREEMENT_NAMES = {"referral-commission": NP_("agreement", "referral-commission"),
                   "shared-offer": NP_("agreement", "shared-offer"), "exclusivity": NP_("agreement", "exclusivity"),
                   "other": NP_("agreement", "other")}


def _agreement_said(what: str) -> str:
    """An agreement's kind for a change's message (AGREEMENT_NAMES); a kind koop does not know as written."""
    return Said(AGREEMENT_NAMES[what]) if what in AGREEMENT_NAMES else what


def record_said(partner: Partner, table: str, record: Any) -> str:
    """record_label as a change's message names it: English, and shown in the user's language (i18n.Said)."""
    if table == "contacts":
        return record.name
    if table == "touchpoints":
        who = contact_names(partner, record.contacts) or Said(NP_("after with", "everyone"))  # German: "mit allen"
        return Said(N_("{kind} with {who} on {date}"), kind=kind_word(record.kind), who=who, date=record.date)
    if table == "followups":
        return Said(N_("follow-up '{text}'"), text=record.text)
    if table == "projects":
        return Said(N_("project '{name}'"), name=record.name)
    if table == "agreements":
        what = _agreement_said(record.what)
        if record.text:
            return Said(N_("agreement {what} ('{text}')"), what=what, text=record.text)
        return Said(N_("agreement {what}"), what=what)
    return Said(N_("{noun} {id}"), noun=Said(NOUNS.get(table, table)), id=record.id)


# a [vetting] header with nothing under it (up to a blank line, the next table or the end), and the line break before
EMPTY_VETTING = re.compile(r"\r?\n^\[vetting\][ \t]*(?:\r?\n|\Z)(?=\r?\n|\[|\Z)", re.M)


def _restore(text: str, data: dict[str, Any], record: dict[str, Any], value: Any) -> tuple[str, dict[str, Any]]:
    """The file text and canonical dict with one journal record set to `value` (None: the record removed)."""
    table, rid = record["table"], record["id"]
    keys = list(dict.fromkeys([*(record["before"] or {}), *(record["after"] or {})]))
    data = dict(data)
    if table in (None, "vetting"):
        value = value or {}
        here = data if table is None else dict(data.get("vetting", {}))
        for key in keys:
            here.pop(key, None)
            if key in value:
                here[key] = value[key]
        text = set_values(text, [(table, None, k, value.get(k)) for k in keys])
        if table == "vetting":
            data["vetting"] = here
            if not here:  # a checklist the change began: its header goes with its last key, as before the change
                text = EMPTY_VETTING.sub("", text, count=1)
        return text, data
    records = [r for r in data.get(table, []) if r.get("id") != rid]
    current = next((r for r in data.get(table, []) if r.get("id") == rid), None)
    data[table] = records + ([value] if value is not None else [])
    if value is None:
        return remove_record(text, table, rid), data
    if current is None:
        return append_record(text, table, value, before=tuple(record["next"]) if record.get("next") else None), data
    return set_values(text, [(table, rid, k, value.get(k)) for k in keys if current.get(k) != value.get(k)]), data


def _cannot(kind: str, name: str, why: str) -> str:
    """Why the change called `name` cannot be undone (kind "undo") or redone, in the user's language."""
    text = _("cannot undo '{name}': {why}") if kind == "undo" else _("cannot redo '{name}': {why}")
    return text.format(name=shown(name), why=why)


def _not_replayable(kind: str, name: str, why: str) -> KoopError:
    return KoopError(_cannot(kind, name, why),
                     _("revert its commit with git if it was wrong; changes before it stay as they are"))


def _replayed(kind: str, message: str) -> Said:
    """The message of an undo or a redo: "Undo: Log call with Jana Weber (Muster GmbH)"."""
    return Said(N_("Undo: {change}"), change=message) if kind == "undo" else Said(N_("Redo: {change}"), change=message)


class Changes:
    """Mixed into Store: the change methods the CLI and the app call."""

    def _append(self, slug: str, table: str, record: Any, message: Any, commit: bool = True) -> Any:
        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            rec = record
            if table == "contacts":
                rec = replace(rec, id=rec.id or self._contact_id(partner, rec.name))
            elif not rec.id:
                rec = replace(rec, id=new_record_id(record_ids(partner)))
            getattr(partner, table).append(rec)
            shell = Partner(slug=partner.slug, name=partner.name, **{table: [rec]})
            return append_record(text, table, partner_to_dict(shell, self.settings)[table][0]), rec

        name = self.partner(slug).name
        return self.apply(slug, op, message(name) if callable(message) else message, commit)

    @staticmethod
    def _contact_id(partner: Partner, name: str) -> str:
        taken = {c.id for c in partner.contacts}
        try:
            full = slugify(without_titles(name))  # as an import makes it: "Dr. Eva Müller" is eva, not dr
        except ValueError:
            raise KoopError(_("cannot make a contact id from {name}").format(name=repr(name))) from None
        first = full.split("-")[0]
        return first if first not in taken else unique_slug(full, taken)

    def add_contact(self, slug: str, contact: Contact) -> Contact:
        contact = replace(contact, name=nfc(contact.name))
        return self._append(slug, "contacts", contact,
                            lambda p: Said(N_("Add contact {name} to {partner}"), name=contact.name, partner=p))

    def log_touch(self, slug: str, touch: Touchpoint, commit: bool = True) -> Touchpoint:
        partner = self.partner(slug)
        kind = self.settings.kinds.get(touch.kind)
        if not touch.direction:
            touch = replace(touch, direction=kind.direction if kind else "mutual")
        who = contact_names(partner, touch.contacts)
        label = kind_word(touch.kind, self.settings.kinds)
        message = (Said(N_("Log {kind} with {who} ({partner})"), kind=label, who=who, partner=partner.name) if who
                   else Said(N_("Log {kind} with {partner}"), kind=label, partner=partner.name))
        return self._append(slug, "touchpoints", touch, message, commit)

    def log_touches(self, touches: list[tuple[str, Touchpoint]], message: str = "") -> list[Touchpoint]:
        """Log one touchpoint at each of several partners (a campaign marked done in bulk): one change (one
        commit with `message`, one undo); a failure leaves the ones before it saved."""
        message = message or Said.plural(len(touches), "Log {n} touchpoint", "Log {n} touchpoints")
        done: list[tuple[str, Touchpoint]] = []
        try:
            with self.grouped(message):
                for slug, touch in touches:
                    done.append((slug, self.log_touch(slug, touch, commit=False)))
        finally:
            if done and self.on_change is not None:
                self.on_change([self.path_of(slug) for slug, _ in done], message)
        return [touch for _, touch in done]

    def add_followup(self, slug: str, followup: FollowUp) -> FollowUp:
        return self._append(slug, "followups", followup, lambda p: Said(N_("Add follow-up '{text}' for {partner}"),
                                                                                text=followup.text, partner=p))

    def add_project(self, slug: str, project: Project) -> Project:
        return self._append(slug, "projects", project, lambda p: Said(N_("Start project '{name}' with {partner}"),
                                                                              name=project.name, partner=p))

    def add_agreement(self, slug: str, agreement: Agreement) -> Agreement:
        what = _agreement_said(agreement.what)
        return self._append(slug, "agreements", agreement, lambda p: Said(N_("Add agreement ({what}) with {partner}"),
                                                                                  what=what, partner=p))

    def _set_record(self, slug: str, table: str, rid: str, key: str, value: Any, message: str) -> Any:
        noun = {"followups": "follow-up", "projects": "project"}[table]

        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            record = _find(getattr(partner, table), rid, noun, partner)
            if getattr(record, key) is not None:
                text = (_("follow-up '{id}' of {partner} was already done on {date}") if key == "done"
                        else _("project '{id}' of {partner} was already ended on {date}"))
                raise KoopError(text.format(id=rid, partner=partner.name, date=i18n.day(getattr(record, key))))
            setattr(record, key, value)
            return set_values(text, [(table, rid, key, value)]), record

        return self.apply(slug, op, message)

    def complete_followup(self, slug: str, followup_id: str, day: date) -> FollowUp:
        partner = self.partner(slug)
        text = _find(partner.followups, followup_id, "follow-up", partner).text
        return self._set_record(slug, "followups", followup_id, "done", day,
                                Said(N_("Complete follow-up '{text}' ({partner})"), text=text, partner=partner.name))

    def end_project(self, slug: str, project_id: str, day: date) -> Project:
        partner = self.partner(slug)
        name = _find(partner.projects, project_id, "project", partner).name
        return self._set_record(slug, "projects", project_id, "end", day,
                                Said(N_("End project '{name}' with {partner}"), name=name, partner=partner.name))

    def review_agreement(self, slug: str, agreement_id: str, after: date | None) -> Partner:
        """An agreement was reviewed: its next review is `after` (None: no more reviews)."""
        partner = self.partner(slug)
        label = self._described(partner, "agreements", agreement_id)
        message = (Said(N_("Review {label}: next review {date}"), label=label, date=after) if after
                   else Said(N_("Review {label}: no more reviews"), label=label))
        return self.edit_record(slug, "agreements", agreement_id, {"review": after}, message=message)

    def snooze(self, slug: str, contact_id: str | None, until: date | None,
               expected: dict[str, Any] | None = None) -> Partner:
        partner = self.partner(slug)
        who = partner.name if contact_id is None else f"{self._contact(partner, contact_id).name} ({partner.name})"
        message = Said(N_("Snooze {who} until {date}"), who=who, date=until) if until else Said(N_("Unsnooze {who}"),
                                                                                                who=who)
        return self.set_fields(slug, contact_id, {"snoozed_until": until}, message=message, expected=expected)

    @staticmethod
    def _contact(partner: Partner, contact_id: str) -> Contact:
        contact = partner.contact(contact_id)
        if contact is None:
            raise KoopError(_("{partner} has no contact '{id}'").format(partner=partner.name, id=contact_id))
        return contact

    def set_fields(self, slug: str, contact_id: str | None, changes: dict[str, Any], message: str = "",
                   expected: dict[str, Any] | None = None, commit: bool = True) -> Partner:
        """Change fields of a partner or one of its contacts; empty values remove the key."""
        return self.edit_record(slug, "contacts" if contact_id else None, contact_id, changes, expected, message,
                                commit)

    def edit_record(self, slug: str, table: str | None, rid: str | None, changes: dict[str, Any],
                    expected: dict[str, Any] | None = None, message: str = "", commit: bool = True) -> Partner:
        """Change fields of the partner (table None), its vetting, or one record; empty values remove the key.

        `expected` holds the values the caller read (a form: the values it showed); a key the caller changes
        whose value on disk is now different from that, and from the caller's new value, is a FieldConflict and
        nothing is written. Without `expected`, the values as last loaded count as read."""
        allowed = EDITABLE[table]
        what = _("partner") if table is None else translated(NOUNS.get(table, table))
        if isinstance(changes.get("name"), str):
            changes = {**changes, "name": nfc(changes["name"])}
        for key in changes:
            if key not in allowed:
                raise KoopError(_("cannot set '{key}' of a {what}").format(key=key, what=what),
                                _("settable: {keys}").format(keys=", ".join(allowed)))

        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            target = self._record(partner, table, rid)
            read = dict(expected or {})
            if len(read) < len(changes):
                before = self._record(stale, table, rid)
                read = {key: getattr(before, key) for key in changes} | read
            clashes = []
            for followup in handed_over(partner, rid, changes) if table == "contacts" else []:
                followup.contact = changes["successor"]
                text = set_values(text, [("followups", followup.id, "contact", followup.contact)])
            for followup in departure_confirmed(partner, rid, changes) if table == "contacts" else []:
                followup.done = max(changes["left"], followup.due)
                text = set_values(text, [("followups", followup.id, "done", followup.done)])
            for key, value in changes.items():
                if _empty(value):
                    value = self.settings.default_owner if (key, table) == ("owner", None) else _default(
                        type(target), key)
                    if value is MISSING:
                        raise InvalidValue(_("missing {key}: the {key} of a {what} cannot be empty").format(key=key,
                                                                                                     what=what))
                if read[key] != getattr(target, key) and getattr(target, key) != value:
                    clashes.append((key, read[key], getattr(target, key), value))
                setattr(target, key, value)
            if clashes:
                raise FieldConflict(self.describe(partner, table, rid), clashes)
            edits = [(table, rid, key, None if _empty(v) else v) for key, v in changes.items()]
            return set_values(text, edits), partner

        partner = self.partner(slug)
        written: str = ", ".join(f"{k}={_written(v)}" for k, v in changes.items())
        if table == "contacts" and (moved := len(handed_over(partner, rid, changes))):
            written = Said.plural(moved, "{changes}; {n} open follow-up to {successor}",
                                  "{changes}; {n} open follow-ups to {successor}", changes=written,
                                  successor=changes["successor"])
        if table == "contacts" and departure_confirmed(partner, rid, changes):
            written = Said(N_("{changes}; the check whether they left is done"), changes=written)
        said = Said(N_("Set {changes} for {what}"), changes=written, what=self._described(partner, table, rid))
        return self.apply(slug, op, message or said, commit)

    def _record(self, partner: Partner, table: str | None, rid: str | None) -> Any:
        """The partner, its vetting, or its record `rid` of `table` (contacts by id)."""
        if table is None:
            return partner
        if table == "vetting":
            return partner.vetting
        if table == "contacts":
            return self._contact(partner, rid)
        return _find(getattr(partner, table), rid, NOUNS[table], partner)

    def describe(self, partner: Partner, table: str | None, rid: str | None) -> str:
        """How a message names a record, in the user's language: "Jana Weber (Muster GmbH)", "follow-up 'Send
        offer' (Muster GmbH)"."""
        return shown(self._described(partner, table, rid))

    def _described(self, partner: Partner, table: str | None, rid: str | None) -> str:
        """describe() as a change's message has it: English, shown in the user's language (i18n.Said)."""
        if table is None:
            return partner.name
        if table == "vetting":
            return Said(N_("the vetting of {partner}"), partner=partner.name)
        record = self._record(partner, table, rid)
        return Said(N_("{record} ({partner})"), record=record_said(partner, table, record), partner=partner.name)

    def owned_by(self, owner: str) -> list[Partner]:
        """The partners whose owner is `owner` (partners without one have the workspace's default owner); a file
        with errors is left out: its owner could not be read for sure, and writes into it are refused."""
        return [p for _, p in sorted(self.workspace.sound().items()) if p.owner == owner]

    def hand_over(self, owner: str, to: str) -> list[Partner]:
        """Every partner of `owner` to `to`, reported as one change (one commit naming the handover). A partner
        that cannot be saved stops it: the ones handed over until then stay handed over, and the error says so."""
        slugs = [p.slug for p in self.owned_by(owner)]
        message = Said.plural(len(slugs), "Hand over {owner}'s partners to {to} ({n} partner)",
                              "Hand over {owner}'s partners to {to} ({n} partners)", owner=owner, to=to)
        return self.set_many(slugs, {"owner": to}, message, _("handed over to {to}").format(to=to), _("the handover"))

    def set_many(self, slugs: list[str], changes: dict[str, Any], message: str, done_text: str = "",
                 what: str = "", expected: dict[str, Any] | None = None) -> list[Partner]:
        """The same fields on several partners, reported as one change (one commit with `message`, one undo);
        `expected`: the values each must still have on disk (else nothing is written to it: FieldConflict). A
        partner that cannot be saved stops it: the ones changed until then stay changed, and the error says how
        many."""
        done = []
        try:
            with self.grouped(message):
                for slug in slugs:
                    done.append(self.set_fields(slug, None, changes, expected=expected, commit=False))
        except KoopError as exc:
            text = _("{error}; {done} of {total} partners were {what}").format(
                error=exc.message, done=len(done), total=len(slugs), what=done_text or _("changed"))
            hint = _("fix that and run {what} again: it takes the rest").format(what=what or _("it"))
            raise KoopError(text, hint) from None
        finally:
            if done and self.on_change is not None:
                self.on_change([self.path_of(p.slug) for p in done], message)
        return done

    def remove(self, slug: str, table: str, rid: str, touches: str | None = None, message: str = "") -> Any:
        """Delete one record (a contact: also its place in touchpoints, follow-ups, projects and successors).

        A contact still named by other records needs `touches`: "keep" (touchpoints with only them become
        whole-partner touches, follow-ups the partner's) or the id of another contact who takes them over."""
        partner = self.partner(slug)
        label = self._described(partner, table, rid)

        def op(fresh: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            record = self._record(fresh, table, rid)
            edits = self._hand_over(fresh, rid, touches) if table == "contacts" else []
            if edits:
                text = set_values(text, edits)
            setattr(fresh, table, [r for r in getattr(fresh, table) if r.id != rid])
            return remove_record(text, table, rid), record

        return self.apply(slug, op, message or Said(N_("Delete {label}"), label=label))

    def contact_uses(self, partner: Partner, contact_id: str) -> int:
        """How many touchpoints, follow-ups, projects and successors name the contact."""
        return (sum(contact_id in t.contacts for t in partner.touchpoints)
                + sum(f.contact == contact_id for f in partner.followups)
                + sum(contact_id in p.contacts for p in partner.projects)
                + sum(c.successor == contact_id for c in partner.contacts))

    def _hand_over(self, partner: Partner, contact_id: str, touches: str | None) -> list[tuple]:
        """Edits (and model changes) that take a deleted contact out of the other records: to nobody ("keep")
        or to the contact `touches`."""
        uses = self.contact_uses(partner, contact_id)
        if uses and touches is None:
            name = self._contact(partner, contact_id).name
            raise KoopError(plural(uses, "{name} is named by {n} other record of {partner} (touchpoints, follow-ups, "
                                   "projects, successors)", "{name} is named by {n} other records of {partner} "
                                   "(touchpoints, follow-ups, projects, successors)", name=name, partner=partner.name),
                            _("keep them for the whole partner, or move them to another contact"))
        heir = None if touches in (None, "keep") else touches
        if heir is not None and (heir == contact_id or partner.contact(heir) is None):
            raise KoopError(_("{partner} has no other contact '{id}' to take over").format(partner=partner.name,
                                                                                              id=heir))

        def moved(ids: list[str]) -> list[str]:
            return list(dict.fromkeys(heir if c == contact_id else c for c in ids if c != contact_id or heir))

        edits: list[tuple] = []
        for table, key in (("touchpoints", "contacts"), ("projects", "contacts"), ("followups", "contact"),
                           ("contacts", "successor")):
            for record in getattr(partner, table):
                value = getattr(record, key)
                if key == "contacts" and contact_id in value:
                    record.contacts = moved(value)
                    edits.append((table, record.id, key, record.contacts))
                elif key != "contacts" and value == contact_id:
                    setattr(record, key, heir)
                    edits.append((table, record.id, key, heir))
        return edits

    def resolve_conflict(self, slug: str, conflict_id: str, value: Any) -> Partner:
        """Keep `value` for the conflicted field and drop the conflict record."""
        partner = self.partner(slug)
        field = _find(partner.conflicts, conflict_id, "conflict", partner).field
        parts = field.split(".")
        if not (len(parts) == 1 or (len(parts) == 2 and parts[0] == "vetting")
                or (len(parts) == 3 and parts[0] in ("contacts", *RECORD_TABLES))):
            raise KoopError(_("cannot set {field} from here").format(field=field),
                            _("edit the file and delete its [[conflicts]] record"))
        table, rid, key = (None, None, parts[0]) if len(parts) == 1 else (
            ("vetting", None, parts[1]) if len(parts) == 2 else (parts[0], parts[1], parts[2]))

        def op(fresh: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            target = fresh if table is None else fresh.vetting if table == "vetting" else _find(
                getattr(fresh, table), rid, table, fresh)
            setattr(target, key, _default(type(target), key) if _empty(value) else value)
            fresh.conflicts = [c for c in fresh.conflicts if c.id != conflict_id]
            text = set_values(text, [(table, rid, key, None if _empty(value) else value)])
            return remove_record(text, "conflicts", conflict_id), fresh

        return self.apply(slug, op, Said(N_("Resolve conflict on {field} ({partner})"), field=field,
                                         partner=partner.name))

    def undo(self) -> Any:
        """Reverse koop's last change in this workspace (store.journal) with a new change; refused when a later
        change touched one of its records. Returns the journal.Unit undone (a bulk action: all of it)."""
        from koop_tui.store import journal

        done = journal.stacks(journal.read(self.root))[0]
        if not done:
            raise KoopError(_("nothing to undo"), _("koop undoes the changes it made itself in this workspace"))
        return self._replay_unit(done[-1], "undo")

    def redo(self) -> Any:
        """Make the change undone last again; refused when a later change touched one of its records."""
        from koop_tui.store import journal

        undone = journal.stacks(journal.read(self.root))[1]
        if not undone:
            raise KoopError(_("nothing to redo"), _("redo follows an undo, before any other change"))
        return self._replay_unit(undone[-1], "redo")

    def _replay_unit(self, unit: Any, kind: str) -> Any:
        """Undo or redo one change, or every file of a bulk action: each is checked before any is written, so a
        record changed since refuses the whole of it and nothing is written."""
        if not unit.bulk:
            self._replay(unit.entries[0], kind, unit.message)
            return unit
        message = _replayed(kind, unit.message)
        entries = unit.entries[::-1] if kind == "undo" else unit.entries
        paths: list = []
        try:
            with self.grouped(message):
                self.refresh()
                try:
                    for entry in entries:
                        self._check_replay(entry, kind, unit.message, self.partner(entry.slug),
                                           self._text_of(entry.slug))
                except KoopError as exc:
                    n = len(entries)
                    text = (plural(n, "{error} (nothing of its {n} partner file was undone)",
                                   "{error} (nothing of its {n} partner files was undone)", error=exc.message)
                            if kind == "undo" else
                            plural(n, "{error} (nothing of its {n} partner file was redone)",
                                   "{error} (nothing of its {n} partner files was redone)", error=exc.message))
                    raise type(exc)(text, exc.hint) from None
                for entry in entries:
                    self._replay(entry, kind, unit.message, commit=False)
                    paths.append(self.path_of(entry.slug))
        except KoopError as exc:
            if not paths:
                raise
            if kind == "undo":
                text = plural(len(entries), "{error}; {done} of {n} partner file was undone",
                              "{error}; {done} of {n} partner files were undone", error=exc.message, done=len(paths))
                hint = _("fix that and undo again: it takes the rest")
            else:
                text = plural(len(entries), "{error}; {done} of {n} partner file was redone",
                              "{error}; {done} of {n} partner files were redone", error=exc.message, done=len(paths))
                hint = _("fix that and redo again: it takes the rest")
            raise KoopError(text, hint) from None
        finally:
            if paths and self.on_change is not None:
                self.on_change(paths, message)
        return unit

    def _check_replay(self, entry: Any, kind: str, name: str, partner: Partner, text: str) -> dict[str, Any]:
        """Refuse to undo (redo) `entry` of the change called `name` unless each of its records is still as the
        change (its undo) left it; `text`: the partner's file. Returns the partner as written (_as_written)."""
        from koop_tui.store.journal import now_of

        tables = {r["table"] for r in entry.records}
        if tables & {"import", "file"}:  # a created file is undone on its own (_replay_file), never in a bulk action
            raise _not_replayable(kind, name, _("an import wrote many files at once") if "import" in tables
                                  else _("a new file among others"))
        data = self._as_written(partner, text)
        have = "after" if kind == "undo" else "before"
        for record in entry.records:
            if now_of(data, record) != record[have]:
                changed = _("{what} was changed since").format(what=self._journal_label(partner, record))
                raise ConflictError(_cannot(kind, name, changed),
                                    _("a later change touched it; change it back by hand (koop set, the app)"))
        return data

    def _replay(self, entry: Any, kind: str, name: str, commit: bool = True) -> Any:
        """Write each of the entry's records as it was before the change (undo) or after it (redo), if each is
        still as the change (or its undo) left it; `name`: the change's message (a bulk action's, for its
        files)."""
        want = "before" if kind == "undo" else "after"
        tables = {r["table"] for r in entry.records}
        if "import" in tables:
            raise _not_replayable(kind, name, _("an import wrote many files at once"))
        if "file" in tables:
            return self._replay_file(entry, kind, entry.records[0][want])
        rel = f"partners/{entry.slug}.toml"
        if entry.slug not in self.workspace.partners:
            self.partner(entry.slug)  # says why it is missing

        def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
            data = self._check_replay(entry, kind, name, partner, text)
            for record in entry.records:
                text, data = _restore(text, data, record, record[want])
            parsed, _problems = parse_partner_bytes(text.encode("utf-8"), rel, self.settings)
            if parsed is None or self._as_written(parsed, text) != canonical_partner_dict(data):
                raise KoopError(_cannot(kind, name, _("the file would not read back as intended")))
            for f in fields(Partner):
                setattr(partner, f.name, getattr(parsed, f.name))
            return text, entry

        return self.apply(entry.slug, op, _replayed(kind, entry.message), commit, undoing=(kind, entry.n))

    def _replay_file(self, entry: Any, kind: str, text: str | None) -> Any:
        """A partner file koop created: undo deletes it if nobody changed it since, redo creates it again."""
        from koop_tui.store import journal
        from koop_tui.store.files import NotRegular, read_regular

        path, rel = self.path_of(entry.slug), f"partners/{entry.slug}.toml"
        message = _replayed(kind, entry.message)
        with self.locked():
            try:
                now = read_regular(path)[0].decode("utf-8")
            except FileNotFoundError:
                now = None
            except (OSError, NotRegular, UnicodeDecodeError) as exc:
                raise KoopError(_cannot(kind, entry.message, _("cannot read {path}: {reason}").format(
                    path=rel, reason=exc))) from None
            if now != entry.records[0]["after" if kind == "undo" else "before"]:
                raise ConflictError(_cannot(kind, entry.message, _("{what} was changed since").format(what=rel)),
                                    _("a later change touched it; change it back by hand (koop set, koop rm, the "
                                      "app)"))
            if text is None:
                path.unlink()
                self.workspace.partners.pop(entry.slug, None)
                self._loaded.fingerprints.pop(rel, None)
            else:
                data = text.encode("utf-8")
                partner, _problems = parse_partner_bytes(data, rel, self.settings)
                if partner is None:
                    raise KoopError(_cannot(kind, entry.message, _("{path} would not read back").format(path=rel)))
                try:
                    self._loaded.fingerprints[rel] = self._write(path, rel, data, exclusive=True)
                except FileExistsError:
                    raise ConflictError(_cannot(kind, entry.message, _("{path} exists again").format(
                        path=rel))) from None
                self.workspace.partners[entry.slug] = partner
            journal.append(self.root, kind, entry.slug, message, entry.records, entry.n)
        if self.on_change is not None:
            self.on_change([path], message)
        return entry

    @staticmethod
    def _journal_label(partner: Partner, record: dict[str, Any]) -> str:
        table = record["table"]
        if table is None:
            keys = ", ".join(sorted({*(record["before"] or {}), *(record["after"] or {})}))
            return _("{keys} of {partner}").format(keys=keys, partner=partner.name)
        if table == "vetting":
            return _("the vetting of {partner}").format(partner=partner.name)
        return _("{noun} {id} of {partner}").format(noun=translated(NOUNS.get(table, table)), id=record["id"],
                                                    partner=partner.name)

    def new_partner(self, name: str, slug: str = "", **values: Any) -> Partner:
        """Create partners/<slug>.toml in canonical form (the slug made from the name unless given); never
        replaces an existing file."""
        name = nfc(name.strip())
        if slug and not is_slug(slug):
            raise KoopError(_("not a usable file name: {slug}").format(slug=repr(slug)),
                            _("use a-z, 0-9 and -, at most 63 characters"))
        try:
            base = slug or slugify(name)
        except ValueError as exc:
            raise KoopError(str(exc)) from None
        with self.locked():
            self.refresh()
            ws = self.workspace
            same = [p for p in ws.partners.values() if fold(p.name) == fold(name)]
            if same:
                raise KoopError(_("partner '{name}' exists already ({path})").format(
                    name=name, path=f"partners/{same[0].slug}.toml"),
                    _("a second one needs a name of its own, e.g. with its city: {name} (Hamburg)").format(name=name))
            if f"partners/{base}.toml" in ws.broken:  # it may well be this very partner: never a second file
                raise KoopError(_("{path} has problems and was not loaded; fix it first").format(
                    path=f"partners/{base}.toml"), check_hint(ws, f"partners/{base}.toml"))
            taken = set(ws.partners) | {p.removeprefix("partners/").removesuffix(".toml") for p in ws.broken}
            if slug and slug in taken:
                raise KoopError(_("{path} exists already").format(path=f"partners/{slug}.toml"),
                                _("choose another --slug"))
            for __ in range(20):
                slug = unique_slug(base, taken)
                try:
                    partner = Partner(slug=slug, name=name, **values)
                except TypeError as exc:
                    raise KoopError(_("cannot create partner: {error}").format(error=exc)) from None
                data = dumps_partner(partner, self.settings).encode("utf-8")
                rel = f"partners/{slug}.toml"
                loaded, problems = parse_partner_bytes(data, rel, self.settings)
                errors = [p for p in problems if p.severity == "error"]
                if errors or loaded is None:
                    raise KoopError(errors[0].message if errors else _("cannot create partner {name}").format(
                        name=repr(name)))
                try:
                    self._loaded.fingerprints[rel] = self._write(self.path_of(slug), rel, data, exclusive=True)
                except FileExistsError:
                    taken.add(slug)
                    continue
                ws.partners[slug] = loaded
                break
            else:
                raise KoopError(_("could not find a free file name for {name}").format(name=repr(name)))
            message = Said(N_("New partner {name}"), name=name)
            self._journal_file(slug, message, data.decode("utf-8"))
        if self.on_change is not None:
            self.on_change([self.path_of(slug)], message)
        return loaded
