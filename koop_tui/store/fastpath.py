"""The validator's fast mode: a parsed partner file that is plainly valid becomes its cache body in one pass.

Only files the full validator (validate.check_partner) would accept without a single issue pass here, and only
in their plainest form (dates as TOML dates, no [[conflicts]]); anything else returns None and the full
validator decides, so every problem keeps its message, line and column. The one exception: two contacts with
one name or email, a warning a fifth of the files of a large workspace can have; the validator's own function
(validate.same_person) gives it. The body is the codec's tuple form (store/codec.py: each record its fields in
declared order), which a helper process can send back as it is.

The keys each record may have come from the model (koop_tui/schema.py), as the full validator's checks do;
the checks here are written out per key, inlined in the hot loops: a loop over the schema's keys calling a
check per value, or checking column by column, made this pass 1.5 to 2 times as slow (docs/performance.md).
tests/store/test_fastpath.py holds it to the full validator on random files, tests/test_schema.py to every
key the model declares.
"""

from __future__ import annotations

from datetime import date
from sys import intern
from typing import Any

from koop_tui.canonical import parse_birthday
from koop_tui.model import (
    ANCHORING,
    DIRECTIONS,
    STAGES,
    Agreement,
    Contact,
    FollowUp,
    Partner,
    Project,
    Reference,
    Settings,
    Touchpoint,
    Vetting,
)
from koop_tui.schema import keys, names
from koop_tui.slugs import RECORD_ID_RE, SLUG_RE
from koop_tui.store.fields import ADDRESS_RE, AGREEMENT_WHAT, DOMAIN_RE, MAX_DAYS, Issue, contact_keys
from koop_tui.store.validate import broken_line, no_address, same_person
from koop_tui.text import fold

TOP, VETTING, REFERENCE, CONTACT, TOUCH, FOLLOWUP, PROJECT, AGREEMENT = (
    frozenset(names(keys(cls))) for cls in (Partner, Vetting, Reference, Contact, Touchpoint, FollowUp, Project,
                                            Agreement))
_LEFT, _CONTACT, _DONE = names(keys(Contact)).index("left"), *map(names(keys(FollowUp)).index, ("contact", "done"))
_record_id = RECORD_ID_RE.match


class _Off(Exception):
    """Something the fast path does not take: the full validator reads the file."""


def _day(rec: dict, key: str) -> int | None:
    value = rec.get(key)
    if value is None:
        return None
    if type(value) is not date:
        raise _Off
    return value.toordinal()


def _text(rec: dict, key: str, default: str = "") -> str:
    value = rec.get(key, default)
    if type(value) is not str:
        raise _Off
    return value


def _texts(rec: dict, key: str) -> list[str]:
    value = rec.get(key)
    if value is None:
        return []
    if type(value) is not list or not all(type(v) is str for v in value):
        raise _Off
    return value


def _matching(rec: dict, key: str, pattern) -> list[str]:
    value = _texts(rec, key)
    for item in value:
        if not pattern.match(item):
            raise _Off
    return value


def _days(rec: dict, key: str) -> int | None:
    value = rec.get(key)
    if value is not None and (type(value) is not int or not 1 <= value <= MAX_DAYS):
        raise _Off
    return value


def _records(data: dict, table: str, allowed: frozenset) -> list[dict]:
    records = data.get(table, [])
    if type(records) is not list:
        raise _Off
    for rec in records:
        if type(rec) is not dict or not rec.keys() <= allowed:
            raise _Off
    return records


def _contacts_of(rec: dict, key: str, known: set[str]) -> list[str]:
    value = rec.get(key)
    if value is None:
        return []
    if type(value) is not list or not known.issuperset(value):  # known ids are valid ids
        raise _Off
    return [intern(v) for v in value]


def _head(data: dict, stem: str, settings: Settings) -> tuple:
    name = data["name"]
    if not data.keys() <= TOP or data["slug"] != stem or type(name) is not str or not name.strip() \
            or broken_line(name):  # blank, or a line break in it: the validator warns
        raise _Off
    stage = data.get("stage", "prospect")
    if stage not in STAGES:
        raise _Off
    return (stem, data["name"], stage, _text(data, "owner", settings.default_owner), _texts(data, "tags"),
            _day(data, "since"), _day(data, "imported"), _days(data, "cadence"), _day(data, "snoozed_until"),
            _texts(data, "skills"), _text(data, "website"), _matching(data, "domains", DOMAIN_RE), _text(data, "note"))


def _vetting(data: dict) -> tuple:
    vet = data.get("vetting", {})
    if type(vet) is not dict or not vet.keys() <= VETTING:
        raise _Off
    anchoring = vet.get("anchoring", "")
    if anchoring != "" and anchoring not in ANCHORING:
        raise _Off
    refs = []
    for ref in _records(vet, "references", REFERENCE):
        if type(ref["by"]) is not str:
            raise _Off
        refs.append((ref["by"], _text(ref, "said")))
    return (_text(vet, "contribution"), tuple(refs), anchoring, _text(vet, "decision"))


def _birthday(value: Any) -> tuple | None:
    if value is None:
        return None
    if type(value) is not date and type(value) is not str:
        raise _Off
    born = parse_birthday(value)  # ValueError: not valid, the full validator says why
    return (born.month, born.day, born.year)


def _contacts(data: dict) -> tuple[tuple, set[str], list[Issue]]:
    out, known, successors, people, shared = [], set(), [], set(), False
    for rec in _records(data, "contacts", CONTACT):
        mine = {(key, fold(value)) for key, value in contact_keys(rec)}
        shared = shared or not mine.isdisjoint(people)  # one person twice, maybe: the validator's warnings
        people |= mine
        cid = rec["id"]
        name = rec["name"]
        if type(cid) is not str or not SLUG_RE.match(cid) or cid in known or type(name) is not str \
                or not name.strip() or broken_line(name):
            raise _Off
        email = _text(rec, "email")
        if no_address(email):  # the validator warns
            raise _Off
        known.add(cid)
        successor = rec.get("successor")
        if successor is not None:
            successors.append((cid, successor))
        out.append((cid, name, _text(rec, "role"), email,
                    _matching(rec, "emails", ADDRESS_RE), _text(rec, "phone"),
                    _birthday(rec.get("birthday")), _day(rec, "imported"), _days(rec, "cadence"), _day(rec, "left"),
                    successor, _day(rec, "snoozed_until"), _texts(rec, "skills"), _text(rec, "note")))
    for cid, successor in successors:
        if successor == cid or successor not in known:
            raise _Off
    issues: list[Issue] = []
    if shared:
        seen: dict = {}
        issues = [issue for i, rec in enumerate(data["contacts"]) if (issue := same_person(seen, i, rec))]
    return tuple(out), known, issues


def _touchpoints(data: dict, known: set[str], settings: Settings, ids: list[str]) -> tuple:
    """The hot loop (forty per partner): checks inlined."""
    kinds, out, append = settings.kinds, [], ids.append
    for rec in _records(data, "touchpoints", TOUCH):
        rid, day, kind = rec["id"], rec["date"], rec["kind"]
        direction, note, by = rec.get("direction"), rec.get("note", ""), rec.get("by", "")
        source = rec.get("source", "")
        if (type(rid) is not str or not _record_id(rid) or type(day) is not date or type(kind) is not str
                or type(note) is not str or type(by) is not str or type(source) is not str):
            raise _Off
        if direction is None:
            direction = kinds[kind].direction
        elif direction not in DIRECTIONS or kind not in kinds:
            raise _Off
        contacts = rec.get("contacts")
        if contacts is None:
            contacts = []
        elif type(contacts) is list and known.issuperset(contacts):
            contacts = [intern(c) for c in contacts]
        else:
            raise _Off
        append(rid)
        out.append((rid, day.toordinal(), intern(kind), intern(direction), contacts, note, intern(by), source))
    return tuple(out)


def _record_id_of(rec: dict, ids: list[str]) -> str:
    rid = rec["id"]
    if type(rid) is not str or not _record_id(rid):
        raise _Off
    ids.append(rid)
    return rid


def _required_day(rec: dict, key: str) -> int:
    value = rec[key]
    if type(value) is not date:
        raise _Off
    return value.toordinal()


def _others(data: dict, known: set[str], ids: list[str]) -> tuple:
    followups, projects, agreements = [], [], []
    for rec in _records(data, "followups", FOLLOWUP):
        contact = rec.get("contact")
        if contact is not None and contact not in known:
            raise _Off
        followups.append((_record_id_of(rec, ids), _required_day(rec, "due"), _text(rec, "text"), contact,
                          _day(rec, "done"), _text(rec, "owner")))
    for rec in _records(data, "projects", PROJECT):
        if type(rec["name"]) is not str:
            raise _Off
        projects.append((_record_id_of(rec, ids), rec["name"], _required_day(rec, "start"), _day(rec, "end"),
                         _text(rec, "our_contact"), _contacts_of(rec, "contacts", known), _text(rec, "note")))
    for rec in _records(data, "agreements", AGREEMENT):
        if rec["what"] not in AGREEMENT_WHAT:
            raise _Off
        agreements.append((_record_id_of(rec, ids), rec["what"], _text(rec, "text"), _day(rec, "signed"),
                           _day(rec, "review")))
    return tuple(followups), tuple(projects), tuple(agreements)


def fast_body(data: dict[str, Any], stem: str, settings: Settings) -> tuple[tuple, list[Issue]] | None:
    """The cache body of a plainly valid partner file named `<stem>.toml` and its warnings about two contacts
    who may be one person (as the full validator gives them), or None: ask the full validator."""
    try:
        if data.get("conflicts", []) != []:
            return None
        head = _head(data, stem, settings)
        vetting = _vetting(data)
        contacts, known, issues = _contacts(data)
        ids: list[str] = []
        touchpoints = _touchpoints(data, known, settings, ids)
        others = _others(data, known, ids)
        if len(set(ids)) != len(ids):
            return None
        departed = {c[0] for c in contacts if c[_LEFT] is not None}
        if departed and any(f[_CONTACT] in departed and f[_DONE] is None for f in others[0]):
            return None  # an open follow-up with a contact who left: the validator warns
        return (*head, vetting, contacts, touchpoints, *others, ()), issues  # no conflicts
    except (_Off, KeyError, TypeError, ValueError, AttributeError):
        return None
