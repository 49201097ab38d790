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
def undo_ws(ws):
    """The small workspace of the app tests as a git repository."""
    from tests.cli.conftest import git

    git(ws, "init", "-q")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "Start")
    return ws


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


def test_undo_redo_and_history_in_german_while_commits_and_journal_stay_english(german, koop_inproc, undo_ws):
    from koop_tui.store import journal
    from tests.cli.conftest import git

    def run(*args: str):
        return koop_inproc(*args, cwd=undo_ws, today="2026-11-23")

    assert run("log", "muster/jana", "call").returncode == 0
    assert run("set", "muster", "cadence=21").returncode == 0
    assert run("add", "followup", "muster/tom", "Rückruf", "--due", "2026-12-01").returncode == 0
    assert run("undo").stdout == "Rückgängig gemacht: Wiedervorlage 'Rückruf' für Muster GmbH anlegen\n"
    assert run("undo").stdout == "Rückgängig gemacht: cadence=21 setzen für Muster GmbH\n"
    assert run("redo").stdout == "Wiederholt: cadence=21 setzen für Muster GmbH\n"
    assert run("redo").stdout == "Wiederholt: Wiedervorlage 'Rückruf' für Muster GmbH anlegen\n"
    nothing = run("redo")
    assert (nothing.returncode, nothing.stderr) == (1, "koop: nichts zu wiederholen\n  Tipp: Wiederholen folgt auf "
                                                       "ein Rückgängigmachen, vor jeder anderen Änderung\n")
    history = run("history", "muster", "-n", "5")
    assert [line.split("  ", 2)[2] for line in history.stdout.splitlines()] == [
        "Wiederholen: Wiedervorlage 'Rückruf' für Muster GmbH anlegen",
        "Wiederholen: cadence=21 setzen für Muster GmbH",
        "Rückgängig machen: cadence=21 setzen für Muster GmbH",
        "Rückgängig machen: Wiedervorlage 'Rückruf' für Muster GmbH anlegen",
        "Wiedervorlage 'Rückruf' für Muster GmbH anlegen",
    ]
    assert history.stdout[2] == "." and history.stdout[5] == "."  # 23.11.2026 14:05: the day as German writes it
    assert english_left(history.stdout) == []
    # what the team shares stays English: the commits, and the journal's messages
    assert git(undo_ws, "log", "-3", "--format=%s").splitlines() == [
        "Redo: Add follow-up 'Rückruf' for Muster GmbH", "Redo: Set cadence=21 for Muster GmbH",
        "Undo: Set cadence=21 for Muster GmbH"]
    assert [str(e.message) for e in journal.read(undo_ws)][:2] == ["Log call with Jana Weber (Muster GmbH)",
                                                                   "Set cadence=21 for Muster GmbH"]
    i18n.use("en")
    assert run("history", "muster", "-n", "1").stdout.endswith("  Redo: Add follow-up 'Rückruf' for Muster GmbH\n")


def test_a_journal_line_of_an_older_koop_is_shown_as_written(german, koop_inproc, undo_ws):
    """Lines without the parts of their message (written before messages were kept so) say it in English."""
    import json

    from koop_tui.store import journal

    assert koop_inproc("set", "muster", "cadence=21", cwd=undo_ws).returncode == 0
    path = journal.journal_path(undo_ws)
    line = json.loads(path.read_text())
    assert line["said"] == ["Set {changes} for {what}", "", {"changes": "cadence=21", "what": "Muster GmbH"}]
    path.write_text(json.dumps({k: v for k, v in line.items() if k != "said"}) + "\n")
    assert koop_inproc("undo", cwd=undo_ws).stdout == "Rückgängig gemacht: set cadence=21 for Muster GmbH\n"


@pytest.mark.parametrize("n, english, german", [
    (0, "Log 0 touchpoints", "0 Kontaktpunkte eintragen"),
    (1, "Log 1 touchpoint", "1 Kontaktpunkt eintragen"),
    (2, "Log 2 touchpoints", "2 Kontaktpunkte eintragen"),
])
def test_a_counted_change_message_0_1_2(n, english, german):
    from koop_tui.i18n import Said

    said = Said.plural(n, "Log {n} touchpoint", "Log {n} touchpoints")
    assert (str(said), said.shown()) == (english, english)
    i18n.use("de")
    assert (str(said), said.shown()) == (english, german)
    assert Said.from_json(said.to_json()).shown() == german


@pytest.mark.parametrize("n, english, german", [
    (0, "Jana is named by 0 other records of Acme", "Jana steht in 0 anderen Einträgen von Acme"),
    (1, "Jana is named by 1 other record of Acme", "Jana steht in 1 anderen Eintrag von Acme"),
    (2, "Jana is named by 2 other records of Acme", "Jana steht in 2 anderen Einträgen von Acme"),
])
def test_records_naming_a_contact_0_1_2(n, english, german):
    from koop_tui.words import plural

    one = "{name} is named by {n} other record of {partner} (touchpoints, follow-ups, projects, successors)"
    many = "{name} is named by {n} other records of {partner} (touchpoints, follow-ups, projects, successors)"
    assert plural(n, one, many, name="Jana", partner="Acme").startswith(english + " (")
    i18n.use("de")
    assert plural(n, one, many, name="Jana", partner="Acme").startswith(german + " (")


# The other counted messages of capture, the store and undo: (singular, plural, fields, German for 1, for 2).
COUNTED = [
    ("{host}: no folder {folders} (the others were read)", "{host}: no folders {folders} (the others were read)",
     {"host": "h", "folders": "X"}, "h: kein Ordner X (die anderen wurden gelesen)",
     "h: keine Ordner X (die anderen wurden gelesen)"),
    ("Capture {n} touchpoint with {partner}", "Capture {n} touchpoints with {partner}", {"partner": "P"},
     "1 Kontaktpunkt mit P erfassen", "2 Kontaktpunkte mit P erfassen"),
    ("{changes}; {n} open follow-up to {successor}", "{changes}; {n} open follow-ups to {successor}",
     {"changes": "left=x", "successor": "tom"}, "left=x; 1 offene Wiedervorlage an tom",
     "left=x; 2 offene Wiedervorlagen an tom"),
    ("Hand over {owner}'s partners to {to} ({n} partner)", "Hand over {owner}'s partners to {to} ({n} partners)",
     {"owner": "a", "to": "b"}, "Partner von a an b übergeben (1 Partner)",
     "Partner von a an b übergeben (2 Partner)"),
    ("{error} (nothing of its {n} partner file was undone)", "{error} (nothing of its {n} partner files was undone)",
     {"error": "E"}, "E (nichts an seiner 1 Partnerdatei wurde rückgängig gemacht)",
     "E (nichts an seinen 2 Partnerdateien wurde rückgängig gemacht)"),
    ("{error}; {done} of {n} partner file was redone", "{error}; {done} of {n} partner files were redone",
     {"error": "E", "done": 0}, "E; 0 von 1 Partnerdatei wurde wiederholt",
     "E; 0 von 2 Partnerdateien wurden wiederholt"),
    ("Import {n} partner from {file}", "Import {n} partners from {file}", {"file": "a.vcf"},
     "1 Partner aus a.vcf importieren", "2 Partner aus a.vcf importieren"),
]


@pytest.mark.parametrize("one, many, fields, ein, zwei", COUNTED, ids=[c[0][:30] for c in COUNTED])
def test_counted_messages_0_1_2_in_both_languages(one, many, fields, ein, zwei):
    from koop_tui.words import plural

    assert [plural(n, one, many, **fields) for n in (0, 1, 2)] == [many.format(n=0, **fields),
                                                                   one.format(n=1, **fields),
                                                                   many.format(n=2, **fields)]
    i18n.use("de")
    assert [plural(n, one, many, **fields) for n in (0, 1, 2)] == [zwei.replace("2", "0"), ein, zwei]


@pytest.mark.parametrize(("target", "pair", "said"), [
    ("muster", "slug=x", "'slug' lässt sich bei einem Partner nicht setzen"),
    ("muster/t1aa", "due=heute", "'due' lässt sich bei einem Kontaktpunkt nicht setzen"),
    ("print", "vetting.color=rot", "'color' lässt sich bei der Prüfung nicht setzen"),
])
def test_a_key_that_cannot_be_set_names_the_record_in_german(german, koop_inproc, ws, target, pair, said):
    result = koop_inproc("set", target, pair, cwd=ws)
    assert result.returncode == 2
    assert result.stderr.startswith(f"koop: {said} (setzbar: ")
