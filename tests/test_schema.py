"""The record schema is declared once, in model.py (schema.key/table/records): everything else derives from it.

canonical.py's key order, the validator's checks (store/validate.py), `koop set`'s keys and the codec's layout are
read from the declaration; the validator's fast mode (store/fastpath.py) writes its checks out for speed, so a
file using every declared key must read alike through all of them."""

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


# -- everything derives from the one declaration --------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402

import pytest  # noqa: E402

from koop_tui import schema  # noqa: E402
from koop_tui.settings import default_settings  # noqa: E402
from koop_tui.store import codec, fields as values  # noqa: E402


@dataclass
class Moody(model.Touchpoint):
    """A touchpoint with one more key, as a field added to the model would be."""

    mood: str = schema.key("text", "")


def test_a_key_added_to_a_record_shows_up_in_order_validation_and_the_codec():
    assert schema.names(schema.file_keys(Moody))[-1] == "mood"
    check = validate._checks(schema.file_keys(Moody))["mood"]
    assert check("glad") == "glad"
    with pytest.raises(values.Invalid) as bad:
        check(3)
    assert bad.value.text("mood") == "mood must be text, got 3"
    record = Moody("t1a2", date(2026, 1, 2), "call", "gave", ["jana"], mood="glad")
    assert codec._decode_rows(codec._encode_rows([record, record], Moody), Moody) == [record, record]


def test_every_value_type_has_a_check():
    assert set(values.CHECKS) == set(schema.VALUES)
    declared = {k.value for cls in (model.Partner, model.Vetting, model.Reference, *RECORDS.values())
                for k in schema.keys(cls) if not k.nested}
    assert declared <= set(schema.VALUES)


SAMPLE = {  # a valid value of each value type; by key where the type alone does not make one
    "text": "Text", "name": "Name", "texts": ["one", "two"], "day": date(2024, 1, 2), "days": 30, "stage": "active",
    "domains": ["muster.example"], "addresses": ["jana@muster.example"], "birthday": "--02-29",
    "anchoring": "leader", "direction": "gave", "contact_ids": ["jana"], "agreement_what": "exclusivity",
    "kind": "call", "successor": "tom", "email": "jana@muster.example",
}


def _every_key(cls: type, n: int) -> dict:
    out = {}
    for k in schema.file_keys(cls):
        out[k.name] = SAMPLE.get(k.name, SAMPLE.get(k.value))
        if k.value == "record_id":
            out[k.name] = f"rec{n:04d}"
        elif k.value == "contact_id":
            out[k.name] = "jana"
    return out


def test_a_file_using_every_key_reads_alike_in_the_fast_mode_the_validator_and_the_codec():
    """A key the model declares but the fast mode does not read would come out of it as its default here."""
    settings = default_settings()
    data = _every_key(model.Partner, 0) | {"slug": "muster"}
    data["vetting"] = _every_key(model.Vetting, 0) | {"references": [_every_key(model.Reference, 0)]}
    data["contacts"] = [_every_key(model.Contact, 0) | {"id": "jana", "name": "Jana", "successor": "tom"},
                        _every_key(model.Contact, 1) | {"id": "tom", "name": "Tom", "successor": "jana",
                                                        "email": "tom@muster.example", "emails": []}]
    for n, (table, cls) in enumerate(RECORDS.items(), start=1):
        if table not in ("contacts", "conflicts"):  # a file with conflicts is never plainly valid
            data[table] = [_every_key(cls, n)]
    partner, issues = validate.check_partner(data, "muster", settings)
    assert issues == []
    body, warnings = fastpath.fast_body(data, "muster", settings)
    assert warnings == []
    assert codec.decode_partner(("m", body)) == partner
    assert codec.encode_partner(partner) == ("m", body)
