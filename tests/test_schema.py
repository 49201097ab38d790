"""The record schema is declared once, in model.py: every other description of a record must agree with it.

canonical.py derives its key order from the model; the validator (store/validate.py) and the fast validator
(store/fastpath.py) name the same keys, in the same order, and `koop set` may change every key but the id.
Adding a field to the model without teaching one of them fails here, naming it."""

from __future__ import annotations

from dataclasses import fields

from koop_tui import canonical, model
from koop_tui.store import changes, fastpath, validate

RECORDS = {  # table -> model class, as the partner file nests them
    "contacts": model.Contact, "touchpoints": model.Touchpoint, "followups": model.FollowUp,
    "projects": model.Project, "agreements": model.Agreement, "conflicts": model.Conflict,
}


def names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def test_the_canonical_keys_are_the_model_fields():
    assert set(canonical.PARTNER_KEYS) == set(names(model.Partner)) - {"vetting", *RECORDS}
    assert canonical.RECORD_TABLES.keys() == RECORDS.keys()
    for table, cls in RECORDS.items():
        assert canonical.RECORD_TABLES[table][0] == names(cls), table
    assert canonical.VETTING_KEYS == tuple(n for n in names(model.Vetting) if n != "references")
    assert canonical.REFERENCE_KEYS == names(model.Reference)


def test_the_validator_checks_exactly_the_canonical_keys_in_order():
    assert tuple(validate.PARTNER) == canonical.PARTNER_KEYS
    assert tuple(validate.VETTING) == canonical.VETTING_KEYS
    assert tuple(validate.REFERENCE) == canonical.REFERENCE_KEYS
    assert validate.TABLES.keys() == canonical.RECORD_TABLES.keys()
    for table, (_label, checks, _required, _needed) in validate.TABLES.items():
        assert tuple(checks) == canonical.RECORD_TABLES[table][0], table


def test_the_fast_validator_knows_the_same_keys():
    assert fastpath.TOP == frozenset(canonical.PARTNER_KEYS) | {"vetting"} | frozenset(canonical.RECORD_TABLES)
    for name, keys in (("CONTACT", canonical.CONTACT_KEYS), ("TOUCH", canonical.TOUCH_KEYS),
                       ("FOLLOWUP", canonical.FOLLOWUP_KEYS), ("PROJECT", canonical.PROJECT_KEYS),
                       ("AGREEMENT", canonical.AGREEMENT_KEYS)):
        assert getattr(fastpath, name) == frozenset(keys), name


def test_koop_set_may_change_every_key_but_the_id():
    assert changes.PARTNER_FIELDS == tuple(k for k in canonical.PARTNER_KEYS if k != "slug")
    assert changes.CONTACT_FIELDS == tuple(k for k in canonical.CONTACT_KEYS if k != "id")
