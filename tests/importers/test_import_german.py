"""`koop import` in German: the preview's labels, warnings and skipped records and the summary in the user's
language, while --json and the commit message stay English."""

from __future__ import annotations

import json
import subprocess

import pytest

from koop_tui import i18n

CSV = ("partner,name,role,email,phone,birthday,tags,note\n"
       "Muster GmbH,Jana Weber,CEO,jana@muster.example,,31.02.1980,,\n"
       ",,,,,,,\n"
       ",,,,,,,nur eine Notiz\n"
       "Muster GmbH,Jana Weber,,jana@muster.example,,,,\n")
ENGLISH = ("create", "warn ", "skip ", "invalid birthday", "not imported", "no name", "duplicate", "row ",
           "created", "merged", "unchanged", "skipped", "wrote", "partner file", "records")


def test_a_csv_import_in_german_says_what_it_did_and_warns(workspace, koop, tmp_path, monkeypatch):
    (tmp_path / "kontakte.csv").write_text(CSV, encoding="utf-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    result = koop("import", str(tmp_path / "kontakte.csv"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "kontakte.csv: einfaches CSV, 3 Datensätze (utf-8)",
        "anlegen    partners/muster-gmbh.toml: Muster GmbH (importiert): Jana Weber",
        "Warnung    Zeile 2: Jana Weber: ungültiger Geburtstag '31.02.1980' nicht importiert",
        "auslassen  Zeile 4: weder Name noch E-Mail",
        "auslassen  Zeile 5: Jana Weber: doppelt in der Datei (zuerst in Zeile 2)",
        "1 Partner und 1 Kontakt angelegt, 0 zusammengeführt, 0 unverändert, 2 übersprungen",
        "1 Partnerdatei geschrieben",
    ]
    assert [word for word in ENGLISH if word in result.stdout] == []


def test_the_json_preview_stays_english_in_german(workspace, koop, tmp_path, monkeypatch):
    (tmp_path / "kontakte.csv").write_text(CSV, encoding="utf-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    result = koop("import", "--dry-run", "--json", str(tmp_path / "kontakte.csv"))
    assert json.loads(result.stdout)["changes"] == [
        {"action": "create", "text": "partners/muster-gmbh.toml: Muster GmbH (imported): Jana Weber"},
        {"action": "warn", "text": "row 2: Jana Weber: invalid birthday '31.02.1980' not imported"},
        {"action": "skip", "text": "row 4: no name nor email"},
        {"action": "skip", "text": "row 5: Jana Weber: duplicate within the file (first at row 2)"},
    ]


def test_an_unknown_csv_header_in_german(workspace, koop, tmp_path, monkeypatch):
    (tmp_path / "x.csv").write_text("Firma,Person\nA,B\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    result = koop("import", str(tmp_path / "x.csv"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "koop: unbekannte CSV-Kopfzeile: Firma, Person",
        "  Tipp: erwartet: ein Kontakt-Export von Google oder Outlook, oder das einfache Format "
        "partner,name,role,email,phone,birthday,tags,note (siehe docs/import.md)"]


def test_the_import_commit_stays_english_and_undo_says_it_in_german(workspace, koop, tmp_path, monkeypatch):
    (tmp_path / "kontakte.csv").write_text(CSV, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert koop("import", str(tmp_path / "kontakte.csv")).returncode == 0
    log = subprocess.run(["git", "log", "--format=%s"], cwd=workspace, capture_output=True, text=True).stdout
    assert log.splitlines()[0] == "Import 1 contact from kontakte.csv"
    result = koop("history", "-n", "1")
    assert result.stdout.endswith("  1 Kontakt aus kontakte.csv importieren\n")


@pytest.mark.parametrize("n, english, german", [
    (0, "Import 0 contacts from a.csv", "0 Kontakte aus a.csv importieren"),
    (1, "Import 1 contact from a.csv", "1 Kontakt aus a.csv importieren"),
    (2, "Import 2 contacts from a.csv", "2 Kontakte aus a.csv importieren"),
])
def test_the_import_message_counts_0_1_2(n, english, german):
    from koop_tui.i18n import Said

    said = Said.plural(n, "Import {n} contact from {file}", "Import {n} contacts from {file}", file="a.csv")
    assert (str(said), said.shown()) == (english, english)
    i18n.use("de")
    assert (str(said), said.shown()) == (english, german)
