"""The store's texts in German, as a user with a German locale sees them: `koop check` on broken files (file,
line, what is wrong and what to do), refusals to write, and `koop undo` / `koop history`; commit messages and
the journal stay English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from koop_tui import i18n

CONFIG = Path(__file__).resolve().parents[2] / "config" / "koop.toml"
# English sentences that must not be left in German output (their words, as the English messages have them)
ENGLISH = ("unknown", "must be", "got ", "did you mean", "bad date", "out of range", "Illegal", "syntax error",
           "errors", "loaded", "has no", "names contact", "who does not exist", "nothing was written", "hint:",
           "fix ", "Undid", "Redid", "nothing to", " with ", "follow-up")


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    i18n.use(None)


def english_left(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def broken_workspace(root: Path) -> Path:
    (root / "partners").mkdir(parents=True)
    shutil.copy(CONFIG, root / "koop.toml")
    (root / "partners" / "acme.toml").write_text(
        'name = "Acme"\nslug = "acme"\nstage = "activ"\ncadence = "often"\n\n'
        '[[touchpoints]]\nid = "t001"\ndate = 2026-11-02\nkind = "cal"\ncontacts = ["nobody"]\n\n'
        '[[followups]]\ntext = "Angebot"\ndue = 2026-12-01\n')
    (root / "partners" / "datum.toml").write_text('name = "Datum"\nslug = "datum"\nsince = 2026-02-30\n')
    (root / "partners" / "kaputt.toml").write_text('name = "Kaputt"\nslug = "kaputt"\nstage = "active\n')
    (root / "partners" / "gut.toml").write_text('name = "Gut"\nslug = "gut"\n')
    return root


def test_check_in_german_names_file_line_and_what_to_do(german, koop_inproc, tmp_path):
    result = koop_inproc("check", cwd=broken_workspace(tmp_path / "ws"))
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "partners/acme.toml:3:1: unbekannter Wert für Phase: 'activ' (bekannt: imported, prospect, vetting, active, "
        "dormant, ended) (meintest du 'active'?)",
        "partners/acme.toml:4:1: cadence muss eine Anzahl Tage sein (1-36500), war 'often'",
        "partners/acme.toml:9:1: Kontaktpunkt 't001': unbekannte Art 'cal' (meintest du 'call'?)",
        "partners/acme.toml:10:1: Kontaktpunkt 't001' nennt den Kontakt 'nobody', den es nicht gibt (bekannt: keine)",
        'partners/acme.toml:12:1: Wiedervorlage #1 hat kein id (ergänze id = "f903c2")',
        "partners/datum.toml:3:9: falsches Datum 2026-02-30: diesen Tag hat der Monat nicht",
        "partners/kaputt.toml:3:16: Unzulässiges Zeichen '\\n' (TOML-Syntaxfehler)",
        "7 Fehler in 3 Dateien; 2 Partner geladen",
    ]
    assert english_left(result.stdout) == []


def test_check_in_english_is_as_before(koop_inproc, tmp_path):
    result = koop_inproc("check", cwd=broken_workspace(tmp_path / "ws"))
    assert result.stdout.splitlines()[4:] == [
        'partners/acme.toml:12:1: follow-up #1 has no id (add id = "f903c2")',
        "partners/datum.toml:3:9: bad date 2026-02-30: day is out of range for month",
        "partners/kaputt.toml:3:16: Illegal character '\\n' (TOML syntax error)",
        "7 errors in 3 files; 2 partners loaded",
    ]


@pytest.mark.parametrize("text, english, german", [
    ('stage = "active', "Unterminated string", "Nicht abgeschlossener Text"),
    ("stage = \n", "Invalid value", "Ungültiger Wert"),
    ('[[contacts]\nid = "a"\n', "Expected ']]' at the end of an array declaration",
     "']]' am Ende einer Listenüberschrift erwartet"),
    ("= 1\n", "Invalid statement", "Ungültige Anweisung"),
    ('stage "x"\n', "Expected '=' after a key in a key/value pair",
     "'=' nach dem Schlüssel erwartet (Schlüssel = Wert)"),
    ('stage = "a" "b"\n', "Expected newline or end of document after a statement",
     "Nach einer Anweisung erwartet: Zeilenende oder Dateiende"),
    ('name = "B"\n', "Cannot overwrite a value", "Ein Wert kann nicht überschrieben werden"),
])
def test_toml_syntax_errors_in_both_languages(text, english, german):
    from koop_tui.settings import default_settings
    from koop_tui.store.parse import parse_partner_bytes

    data = f'name = "A"\nslug = "a"\n{text}'.encode()
    (problem,) = parse_partner_bytes(data, "partners/a.toml", default_settings())[1]
    assert problem.message == english
    i18n.use("de")
    (problem,) = parse_partner_bytes(data, "partners/a.toml", default_settings())[1]
    assert problem.message == german


@pytest.mark.parametrize("n, english, german", [
    (0, "has 0 problems, nothing was written:", "hat 0 Probleme, nichts wurde geschrieben:"),
    (1, "has 1 problem, nothing was written:", "hat 1 Problem, nichts wurde geschrieben:"),
    (2, "has 2 problems, nothing was written:", "hat 2 Probleme, nichts wurde geschrieben:"),
])
def test_the_refusal_counts_problems_0_1_2(n, english, german):
    from koop_tui.model import Problem
    from koop_tui.store.store import refusal

    errors = [Problem("partners/a.toml", "x", 3)] * n
    assert refusal("partners/a.toml", errors).splitlines()[0] == f"partners/a.toml {english}"
    i18n.use("de")
    assert refusal("partners/a.toml", errors).splitlines()[0] == f"partners/a.toml {german}"
