"""CSV exports: layouts recognised from the header, encodings, delimiters."""

from __future__ import annotations

from pathlib import Path

import pytest

from koop_tui.errors import KoopError
from koop_tui.importers.csv_ import parse_csv, sniff_delimiter
from koop_tui.importers.records import decode_text, parse_birthday_text
from koop_tui.model import Birthday

SAMPLES = Path(__file__).parent / "samples"


def _read(name: str):
    text, encoding = decode_text((SAMPLES / name).read_bytes())
    layout, records = parse_csv(text)
    return layout.name, encoding, records


def test_google_csv_older_layout_multi_value_cells_and_multiline_note():
    layout, encoding, records = _read("google-old.csv")
    assert (layout, encoding) == ("Google CSV", "utf-8")
    assert [r.where for r in records] == ["row 2", "row 3", "row 4", "row 6"]
    jana, soeren, nameless, jana_again = records
    assert (jana.name, jana.org, jana.role, jana.phone) == ("Jana Weber", "Muster GmbH", "Geschäftsführerin", "+49 170 1234567")
    assert jana.emails == ["jana.weber@muster.example", "jana@weber-privat.example"]
    assert (jana.birthday, jana.website) == (Birthday(2, 29, 1980), "https://muster.example")
    assert (soeren.birthday, soeren.note) == (Birthday(11, 3), "Zweizeilige\nNotiz")
    assert (nameless.name, nameless.emails) == ("", ["newsletter@spam.example"])
    assert jana_again.emails == ["JANA.WEBER@muster.example"]


def test_google_csv_newer_layout():
    layout, _, (tom, ana) = _read("google-new.csv")
    assert layout == "Google CSV"
    assert (tom.name, tom.org, tom.role, tom.birthday) == ("Tom Becker", "Nord Design", "Art Director", Birthday(4, 12))
    assert (ana.name, ana.org, ana.birthday) == ("Ana María García López", "Estudio García S.L.", Birthday(7, 21, 1988))


def test_outlook_csv_in_cp1252_with_us_dates_and_empty_birthday_marker():
    layout, encoding, (juergen, zoe) = _read("outlook.csv")
    assert (layout, encoding) == ("Outlook CSV", "cp1252")
    assert (juergen.name, juergen.org, juergen.role) == ("Jürgen Müller", "Druckerei Müller e.K.", "Inhaber")
    assert (juergen.phone, juergen.birthday) == ("+49 89 111222", Birthday(3, 7, 1970))
    assert juergen.note == "Liefert Visitenkarten in 48 h. Grüße!"
    assert (zoe.name, zoe.org, zoe.birthday, zoe.warnings) == ("Zoë Françoise", "Ateliér Français", None, [])


def test_plain_layout_with_bom_semicolons_and_crlf():
    layout, encoding, (jana, paul, lena) = _read("plain.csv")
    assert (layout, encoding) == ("plain CSV", "utf-8")
    assert (jana.org, jana.tags, jana.birthday, jana.note) == (
        "Muster GmbH", ["agency", "key-account"], Birthday(2, 29, 1980), "Kennt alle; mag Espresso.")
    assert (paul.birthday, lena.org, lena.tags) == (Birthday(6, 1), "", ["photo"])


def test_latin1_bytes_fall_back_and_german_outlook_headers():
    data = "Vorname;Nachname;Firma;E-Mail-Adresse;Geburtstag\r\nJörg;Weiß;Bäckerei Weiß;j@b.example;1.2.1975\r\n"
    text, encoding = decode_text(data.encode("latin-1"))
    layout, (rec,) = parse_csv(text)
    assert (encoding, layout.name) == ("cp1252", "Outlook CSV (deutsch)")
    assert (rec.name, rec.org, rec.birthday) == ("Jörg Weiß", "Bäckerei Weiß", Birthday(2, 1, 1975))


def test_utf16_bom_is_decoded():
    text, encoding = decode_text("\ufeffpartner,name\nA,B\n".encode("utf-16-le"))
    assert encoding == "utf-16-le" and text.startswith("partner,name")


def test_unknown_header_is_a_clear_error():
    with pytest.raises(KoopError, match="unrecognised CSV header: foo, bar"):
        parse_csv("foo,bar\n1,2\n")


def test_delimiter_is_taken_from_the_header_line_outside_quotes():
    assert sniff_delimiter('"a;b",c,d') == ","
    assert sniff_delimiter("a;b;c") == ";"
    assert sniff_delimiter("a\tb\tc") == "\t"


@pytest.mark.parametrize("text", ["1980-02-30", "13/1/1980", "--1301", "soon", "1/2/80"])
def test_bad_birthdays_raise(text):
    with pytest.raises(ValueError):
        parse_birthday_text(text)
