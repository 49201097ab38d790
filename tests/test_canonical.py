import tomllib
from datetime import date

from koop_tui.canonical import dumps_partner, partner_from_dict
from koop_tui.model import Birthday, Contact, Partner, Touchpoint
from koop_tui.settings import default_settings


def test_canonical_round_trip_orders_records_and_omits_defaults():
    settings = default_settings()
    partner = Partner(
        slug="muster-gmbh", name="Muster GmbH", stage="active", tags=["seo"],
        contacts=[Contact(id="tom", name="Tom"), Contact(id="jana", name="Jana", birthday=Birthday(2, 29))],
        touchpoints=[
            Touchpoint(id="b2", date=date(2026, 3, 1), kind="call", direction="mutual", contacts=["jana"]),
            Touchpoint(id="a1", date=date(2026, 3, 1), kind="call", direction="received"),
        ],
    )
    text = dumps_partner(partner, settings)
    data = tomllib.loads(text)
    assert [c["id"] for c in data["contacts"]] == ["jana", "tom"]
    assert [t["id"] for t in data["touchpoints"]] == ["a1", "b2"]
    assert "direction" not in data["touchpoints"][1]  # call defaults to mutual
    assert data["touchpoints"][0]["direction"] == "received"
    assert 'birthday = "--02-29"' in text
    again = partner_from_dict(data, settings)
    assert dumps_partner(again, settings) == text


def test_format_value_fast_path_writes_what_tomli_w_writes():
    import random

    import tomli_w

    from koop_tui.canonical import format_value

    alphabet = ["a", '"', "\\", "\t", "\n", "\x00", "\x7f", "é", "😀", " ", "\u2028", "\x85", "'"]
    rng = random.Random(1)
    values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    for value in values + [0, -5, 10**30, True, False]:
        assert format_value(value) == tomli_w.dumps({"v": value})[4:-1], repr(value)


def test_canonical_text_with_shared_records_is_the_canonical_dump():
    from koop_tui.canonical import canonical_partner_dict, canonical_text, dumps

    jana = {"id": "jana", "name": "Jana", "phone": ""}
    call = {"id": "t1", "date": date(2026, 1, 5), "kind": "call", "extra": {"a": 1}}
    docs = [
        {"name": "Acme", "stage": "active", "contacts": [jana], "touchpoints": [call]},
        {"slug": "acme", "name": "Acme", "vetting": {"status": "ok", "references": [{"by": "x"}]},
         "touchpoints": [{"id": "t0", "date": date(2027, 1, 1)}, call], "unknown": [{"id": 1}], "contacts": [jana]},
        {"contacts": [jana], "touchpoints": "not records"},
        {"tags": []},
        {},
    ]
    memo: dict = {}
    for doc in docs * 2:  # the second round takes every record's text from the memo
        assert canonical_text(doc, memo) == dumps(canonical_partner_dict(doc))
