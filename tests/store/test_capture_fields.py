"""The fields mail and calendar capture rely on: a contact's `emails`, a partner's `domains`, a touchpoint's
`source`: written canonically, read back equal, validated with located messages, and taken by the fast path."""

from __future__ import annotations

import tomllib
from datetime import date

from koop_tui.canonical import dumps_partner
from koop_tui.model import Contact, Partner, Touchpoint
from koop_tui.settings import default_settings
from koop_tui.store.parse import parse_partner, parse_partner_bytes
from koop_tui.store.codec import decode_partner

SETTINGS = default_settings()

TEXT = '''name = "Muster GmbH"
slug = "muster"
website = "https://muster.example"
domains = ["muster.example", "muster-gruppe.de"]

[[contacts]]
id = "jana"
name = "Jana Weber"
email = "jana@muster.example"
emails = ["j.weber@muster-gruppe.de", "jana.weber@gmail.example"]

[[touchpoints]]
id = "t001"
date = 2026-11-02
kind = "mail"
contacts = ["jana"]
by = "anna"
source = "mail:<CAF1x2@mail.muster.example>"
'''


def test_the_new_fields_round_trip_through_the_canonical_writer_and_take_the_fast_path():
    encoded, partner, problems = parse_partner(TEXT.encode(), "partners/muster.toml", SETTINGS)
    assert problems == [] and partner is None and encoded is not None  # the fast path took it
    partner = decode_partner(encoded)
    assert partner.domains == ["muster.example", "muster-gruppe.de"]
    jana = partner.contacts[0]
    assert jana.addresses() == ["jana@muster.example", "j.weber@muster-gruppe.de", "jana.weber@gmail.example"]
    assert partner.touchpoints[0].source == "mail:<CAF1x2@mail.muster.example>"
    assert dumps_partner(partner, SETTINGS) == TEXT
    full, issues = parse_partner_bytes(TEXT.encode(), "partners/muster.toml", SETTINGS)
    assert issues == [] and full == partner


def test_the_canonical_writer_puts_the_new_keys_in_their_place_and_omits_them_when_empty():
    partner = Partner(
        slug="muster", name="Muster GmbH", website="https://muster.example", domains=["muster.example"], note="n",
        contacts=[Contact(id="jana", name="Jana", email="a@muster.example", emails=["b@muster.example"], phone="1")],
        touchpoints=[Touchpoint("t001", date(2026, 1, 2), "meeting", "mutual", [], "", "anna", "cal:abc@x"),
                     Touchpoint("t002", date(2026, 1, 3), "call", "mutual")],
    )
    data = tomllib.loads(dumps_partner(partner, SETTINGS))
    assert list(data)[:5] == ["name", "slug", "website", "domains", "note"]
    assert list(data["contacts"][0]) == ["id", "name", "email", "emails", "phone"]
    assert list(data["touchpoints"][0]) == ["id", "date", "kind", "by", "source"]
    assert "source" not in data["touchpoints"][1]


def test_a_single_email_keeps_working_and_addresses_are_each_once():
    contact = Contact(id="jana", name="Jana", email="Jana@Muster.example", emails=["jana@muster.example", " x@y.de "])
    assert contact.addresses() == ["Jana@Muster.example", "x@y.de"]
    assert Contact(id="tom", name="Tom").addresses() == []


def test_bad_addresses_domains_and_sources_are_located_errors_and_the_rest_loads():
    text = TEXT.replace('"muster-gruppe.de"]', '"https://muster.example/"]').replace(
        '"jana.weber@gmail.example"]', '"Jana Weber"]').replace('source = "mail:', 'source = 7 #')
    partner, problems = parse_partner_bytes(text.encode(), "partners/muster.toml", SETTINGS)
    assert [str(p) for p in problems] == [
        "partners/muster.toml:4:1: domains holds 'https://muster.example/', which is not a mail domain "
        "(write muster.example, without @ or https://)",
        "partners/muster.toml:10:1: contact 'jana': emails holds 'Jana Weber', which is not an e-mail address "
        "(write name@example.com)",
        "partners/muster.toml:18:1: touchpoint 't001': source must be text, got 7",
    ]
    assert partner.domains == [] and partner.contacts[0].emails == [] and partner.touchpoints[0].source == ""
