"""vCard parsing of real-world exports, and the vCard 4.0 writer."""

from __future__ import annotations

from pathlib import Path

from koop_tui.importers.records import decode_text
from koop_tui.importers.vcard import dumps_vcards, fold, parse_vcards
from koop_tui.model import Birthday, Contact, Partner, Workspace
from koop_tui.settings import default_settings

SAMPLES = Path(__file__).parent / "samples"


def _read(name: str):
    text, encoding = decode_text((SAMPLES / name).read_bytes())
    return parse_vcards(text), encoding


def test_apple_3_0_folded_escaped_photo_and_company_card():
    records, encoding = _read("apple-3.0.vcf")
    assert encoding == "utf-8"
    assert [r.where for r in records] == ["line 1", "line 23", "line 34", "line 45", "line 55"]
    jana, tom, nord, lena, empty = records
    assert (jana.name, jana.org, jana.role) == ("Dr. Jana Weber", "Muster GmbH", "Geschäftsführerin")
    assert jana.emails == ["jana.weber@muster.example", "jana@weber-privat.example"]
    assert jana.phone == "+49 170 1234567"
    assert jana.birthday == Birthday(2, 29, 1980)
    assert jana.note == "Met at DMEXCO 2020, likes espresso. Prefers calls before 10; never on Fridays."
    assert jana.website == "https://muster.example"
    assert tom.birthday == Birthday(3, 15)  # X-APPLE-OMIT-YEAR=1604
    assert (nord.is_org, nord.name, nord.org, nord.website) == (True, "", "Nord Design", "https://nord-design.example")
    assert (lena.org, lena.note) == ("", "Hochzeits- und Businessfotografie\nsehr zuverlässig")
    assert (empty.name, empty.emails, empty.phone) == ("", [], "+49 160 0000000")


def test_vcard_4_0_no_year_birthdays_uri_phone_and_bad_birthday():
    records, _ = _read("v4.vcf")
    tom, emilie, hansen, ole, kai, tom_again = records
    assert tom.birthday == Birthday(4, 12) and tom.phone == "+49-40-555-0101"
    assert tom.note == "Knows everyone in the Hamburg print scene.\nAsk about the Q1 fair."
    assert (emilie.role, emilie.birthday) == ("Translator FR/DE", Birthday(7, 4, 1985))
    assert hansen.is_org and hansen.org == "Druckerei Hansen e.K."
    assert ole.birthday == Birthday(2, 29)
    assert kai.birthday is None and kai.warnings == ["invalid birthday '1990-13-45' not imported"]
    assert tom_again.emails == ["TOM@nord-design.example"]


def test_vcard_2_1_quoted_printable_with_soft_line_break_and_fax_skipped():
    (rec,), _ = _read("android-2.1.vcf")
    assert (rec.name, rec.org) == ("Jürgen Müller", "Druckerei Müller e.K.")
    assert rec.note == "Liefert Visitenkarten in 48 h, sehr zuverlässig. Grüße an die Familie."
    assert rec.phone == "+49 171 2223334"
    assert rec.birthday == Birthday(1, 1, 1970)


def test_n_without_fn_and_quoted_parameter_with_colon():
    text = (
        'BEGIN:VCARD\nVERSION:3.0\nN:Kraus;Lisa;Marie;;\nEMAIL;X-LABEL="a:b;c":lisa@example.test\n'
        "ORG:Kraus\\; Partner;Team\nEND:VCARD\n"
    )
    (rec,) = parse_vcards(text)
    assert (rec.name, rec.emails, rec.org) == ("Lisa Marie Kraus", ["lisa@example.test"], "Kraus; Partner")


def test_birthday_forms():
    text = "".join(
        f"BEGIN:VCARD\nFN:P{i}\nBDAY:{b}\nEND:VCARD\n"
        for i, b in enumerate(["--0229", "--02-29", "19800229", "1980-02-29", "1980-02-29T00:00:00Z"])
    )
    got = [r.birthday for r in parse_vcards(text)]
    assert got == [Birthday(2, 29), Birthday(2, 29), Birthday(2, 29, 1980), Birthday(2, 29, 1980), Birthday(2, 29, 1980)]


def test_fold_keeps_utf8_characters_whole_and_lines_within_75_octets():
    line = "NOTE:" + "Grüße aus München, " * 10
    folded = fold(line)
    physical = folded.split("\r\n")[:-1]
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line


def _workspace() -> Workspace:
    ws = Workspace(settings=default_settings())
    ws.partners["muster-gmbh"] = Partner(
        slug="muster-gmbh", name="Muster GmbH, Berlin", website="https://muster.example",
        contacts=[
            Contact(id="tom", name="Tom Becker", phone="+49 30 1"),
            Contact(id="jana", name="Dr. Jana Weber", role="CEO; founder", email="jana@muster.example",
                    birthday=Birthday(2, 29), note="Line one\nLine two, with comma " + "x" * 80),
        ],
    )
    ws.partners["nord"] = Partner(slug="nord", name="Nord Design", note="Print shop")
    return ws


def test_dumps_vcards_exact_bytes_for_one_contact():
    ws = Workspace(settings=default_settings())
    ws.partners["acme"] = Partner(slug="acme", name="Acme", contacts=[
        Contact(id="jana", name="Jana Weber", email="jana@acme.example", birthday=Birthday(12, 5, 1980)),
    ])
    assert dumps_vcards(ws) == (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//koop//koop//EN\r\n"
        "UID:urn:uuid:bae7522c-e44d-5006-ba71-9c2576658882\r\n"
        "FN:Jana Weber\r\nN:Weber;Jana;;;\r\nORG:Acme\r\nEMAIL:jana@acme.example\r\nBDAY:19801205\r\n"
        "X-KOOP-ID:acme/jana\r\nEND:VCARD\r\n"
    )


def test_dumps_vcards_parses_back_to_the_same_people():
    text = dumps_vcards(_workspace())
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text == dumps_vcards(_workspace())
    jana, tom, nord = parse_vcards(text)
    assert (jana.name, jana.org, jana.role, jana.email, jana.birthday) == (
        "Dr. Jana Weber", "Muster GmbH, Berlin", "CEO; founder", "jana@muster.example", Birthday(2, 29))
    assert jana.note == "Line one\nLine two, with comma " + "x" * 80
    assert jana.koop_id == ("muster-gmbh", "jana") and jana.website == "https://muster.example"
    assert (tom.name, tom.phone, tom.koop_id) == ("Tom Becker", "+49 30 1", ("muster-gmbh", "tom"))
    assert (nord.is_org, nord.org, nord.note, nord.koop_id) == (True, "Nord Design", "Print shop", ("nord", ""))
    assert "BDAY:--0229\r\n" in text and "N:Weber;Jana;;Dr.;\r\n" in text
