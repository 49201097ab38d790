"""The record codec: a partner as plain tuples (dates as ordinals, repeated strings interned) and back.

marshal writes and reads these far faster than pickle writes dataclasses; the fast validator (fastpath.py) produces
this form directly, the parse helper sends it between processes and the index's load cache stores it.
"""

from __future__ import annotations

import marshal
import pickle
from dataclasses import fields
from datetime import date
from sys import intern

from koop_tui.model import (
    Agreement,
    Birthday,
    Contact,
    FollowUp,
    Partner,
    Problem,
    Project,
    Reference,
    Touchpoint,
    Vetting,
)

Entry = tuple  # a load cache entry: (stat key, sha256 hex, read at ns, encoded partner or None, encoded problems)


def _dates(cls: type) -> frozenset[int]:
    return frozenset(i for i, f in enumerate(fields(cls)) if str(f.type).split(" | ")[0] == "date")


_SIMPLE = {cls: (tuple(f.name for f in fields(cls)), _dates(cls))
           for cls in (Contact, FollowUp, Project, Agreement)}
_PARTNER_HEAD = tuple(f.name for f in fields(Partner))[:[f.name for f in fields(Partner)].index("vetting")]
_PARTNER_DATES = frozenset(i for i, name in enumerate(_PARTNER_HEAD)
                           if name in ("since", "imported", "snoozed_until"))


def _value(value: object, is_date: bool) -> object:
    if is_date and value is not None:
        if type(value) is not date:
            raise ValueError("not a plain date")
        return value.toordinal()
    if isinstance(value, date):
        raise ValueError("date outside a date field")
    return list(value) if isinstance(value, list) else value


def _encode_record(obj: object, names: tuple[str, ...], dates: frozenset[int]) -> tuple:
    return tuple(_value(getattr(obj, name), i in dates) for i, name in enumerate(names))


def _decode_record(cls: type, values: tuple, dates: frozenset[int]) -> object:
    if dates:
        values = [date.fromordinal(v) if i in dates and v is not None else v for i, v in enumerate(values)]
    return cls(*values)


def _encode_contact(c: Contact) -> tuple:
    names, dates = _SIMPLE[Contact]
    rec = []
    for i, name in enumerate(names):
        value = getattr(c, name)
        rec.append((value.month, value.day, value.year) if name == "birthday" and value is not None
                   else _value(value, i in dates))
    return tuple(rec)


def encode_partner(p: Partner) -> tuple[str, object]:
    """("m", tuples) for marshal; ("p", pickle bytes) for partners holding values tuples cannot (conflicts)."""
    try:
        if p.conflicts:
            raise ValueError("conflicts hold arbitrary values")
        vet = p.vetting
        body = (
            _encode_record(p, _PARTNER_HEAD, _PARTNER_DATES),
            (vet.contribution, vet.anchoring, vet.decision, tuple((r.by, r.said) for r in vet.references)),
            tuple(_encode_contact(c) for c in p.contacts),
            tuple((t.id, _value(t.date, True), intern(t.kind), intern(t.direction), [intern(c) for c in t.contacts],
                   t.note, intern(t.by), t.source) for t in p.touchpoints),
            tuple(tuple(_encode_record(r, *_SIMPLE[cls]) for r in records)
                  for cls, records in ((FollowUp, p.followups), (Project, p.projects), (Agreement, p.agreements))),
        )
        marshal.dumps(body)
        return ("m", body)
    except (ValueError, TypeError, AttributeError):
        return ("p", pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))


def decode_partner(encoded: tuple[str, object]) -> Partner:
    tag, body = encoded
    if tag == "p":
        partner = pickle.loads(body)
        if not isinstance(partner, Partner):
            raise ValueError("not a partner")
        return partner
    head, vet, contacts, touches, (followups, projects, agreements) = body
    partner = _decode_record(Partner, head, _PARTNER_DATES)
    partner.vetting = Vetting(vet[0], [Reference(by, said) for by, said in vet[3]], vet[1], vet[2])
    names, dates = _SIMPLE[Contact]
    b = names.index("birthday")
    for values in contacts:
        values = list(values)
        if values[b] is not None:
            values[b] = Birthday(*values[b])
        partner.contacts.append(_decode_record(Contact, tuple(values), dates))
    day = date.fromordinal
    partner.touchpoints = [Touchpoint(i, day(d), k, dr, list(c), n, by, src) for i, d, k, dr, c, n, by, src in touches]
    partner.followups = [_decode_record(FollowUp, r, _SIMPLE[FollowUp][1]) for r in followups]
    partner.projects = [_decode_record(Project, r, _SIMPLE[Project][1]) for r in projects]
    partner.agreements = [_decode_record(Agreement, r, _SIMPLE[Agreement][1]) for r in agreements]
    return partner


def encode_problems(problems: list[Problem]) -> tuple:
    return tuple((p.path, p.message, p.line, p.col, p.hint, p.severity) for p in problems)


def decode_problems(encoded: tuple) -> list[Problem]:
    return [Problem(*values) for values in encoded]
