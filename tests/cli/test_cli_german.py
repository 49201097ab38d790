"""The command line in German, as a user with a German locale (or `language = "de"` in config.toml) sees it:
`koop due`, an error with its hint, and `koop --help`; files and --json stay as they are."""

from __future__ import annotations

import json

import pytest

from koop_tui import i18n
from tests.conftest import koop_here
from tests.engine.test_engine_cli import TODAY, root  # noqa: F401 (the workspace fixture)


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    i18n.use(None)


def test_due_in_german(root, german, monkeypatch, capsys):  # noqa: F811
    code, out, err = koop_here(monkeypatch, capsys, ("due",), root, TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "überfällig   seit 62 T  Bei Pixel Hof melden"
    assert lines[1] == ("  zuletzt: Kommentar vor 83 T (ganzer Partner); Rhythmus 21 T aus Phase Interessent; "
                        "Verhältnis 3,95 → überfällig; zum Erledigen: Kontaktpunkt eintragen (x) oder koop log "
                        "pixel-hof ART")
    assert lines[2] == "überfällig   seit 39 T  Prüfung abschließen: Pixel Hof"
    assert "Interessent seit 01.10.2026 (53 T, Prüfung erwartet innerhalb von 14 T)" in lines[3]
    assert "sie haben zuletzt gegeben — du bist dran" in lines[5]
    assert "fällig      bis 20.12.  Christmas cards: Muster GmbH" in lines
    assert lines[-1] == "5 Einträge (3 überfällig, 2 fällig) · zuständig anna (und ohne Zuständige); --all für alle"
    assert err == ("koop: Warnung: 1 Partnerdatei mit Kontaktpunkten in der Zukunft (bis dahin ignoriert), erste: "
                   "partners/pixel-hof.toml: Kontaktpunkt fut9 ist auf 01.02.2027 datiert, in der Zukunft; bis dahin "
                   "ignoriert (korrigiere das Datum oder warte)\n")


def test_due_json_stays_english_and_iso_in_german(root, german, monkeypatch, capsys):  # noqa: F811
    code, out, _ = koop_here(monkeypatch, capsys, ("due", "--json"), root, TODAY)
    assert code == 0
    first = json.loads(out)["items"][0]
    assert (first["status"], first["title"], first["due"]) == ("overdue", "Get in touch with Pixel Hof", "2026-09-22")
    assert first["explanation"].startswith("last: comment 83 d ago (whole partner); cadence 21 d from stage prospect")


def test_an_error_with_its_hint_in_german(root, german, monkeypatch, capsys):  # noqa: F811
    code, out, err = koop_here(monkeypatch, capsys, ("log", "muster", "call", "--date", "+3d"), root, TODAY)
    assert (code, out) == (2, "")
    assert err == ("koop: --date 26.11.2026 liegt in der Zukunft; ein Kontaktpunkt hält fest, was passiert ist\n"
                   "  Tipp: plane es als Wiedervorlage: koop add followup muster TEXT --due 2026-11-26\n")


def test_a_usage_error_of_argparse_in_german(root, german, monkeypatch, capsys):  # noqa: F811
    code, _, err = koop_here(monkeypatch, capsys, ("due", "--stage", "busy"), root, TODAY)
    assert code == 2
    assert err.startswith("Aufruf: koop due ")
    assert err.endswith("koop: Fehler: Argument --stage: ungültige Wahl: 'busy' (wähle aus 'imported', 'prospect', "
                        "'vetting', 'active', 'dormant', 'ended')\n")


def test_help_in_german(german, monkeypatch, capsys, tmp_path):
    code, out, _ = koop_here(monkeypatch, capsys, ("--help",), tmp_path, TODAY)
    assert code == 0
    assert out.startswith("Aufruf: koop [-h] [--version] [-w DIR] [--debug] [--today DATE] COMMAND ...\n\n"
                          "Halte Geschäftskooperationen lebendig.\n")
    assert "    due                 auflisten, wer fällig ist, und warum\n" in out
    assert "  -h, --help            diese Hilfe zeigen und beenden\n" in out
    assert "Optionen:\n" in out
    code, out, _ = koop_here(monkeypatch, capsys, ("due", "--help"), tmp_path, TODAY)
    assert code == 0
    assert "Auflisten, wer fällig ist, und warum." in out
    assert "auch auflisten, was in den nächsten DAYS Tagen fällig wird" in " ".join(out.split())


def test_the_config_chooses_german_whatever_the_locale(root, monkeypatch, capsys):  # noqa: F811
    from koop_tui import userdirs

    userdirs.config_dir().mkdir(parents=True, exist_ok=True)
    (userdirs.config_dir() / "config.toml").write_text('language = "de"\n')
    i18n.use(None)
    code, out, _ = koop_here(monkeypatch, capsys, ("due", "--all"), root, TODAY)
    assert code == 0 and out.splitlines()[-1].startswith("7 Einträge")


def test_check_in_german_and_a_merge_conflict_record_is_still_known_as_one(root, german, monkeypatch, capsys):  # noqa: F811
    from koop_tui.store.fields import conflict_message, is_conflict_record

    with (root / "partners" / "nord-design.toml").open("a") as f:
        f.write('color = "red"\n')
    code, out, _ = koop_here(monkeypatch, capsys, ("check",), root, TODAY)
    assert code == 1
    assert "partners/nord-design.toml:" in out and ": unbekannter Schlüssel 'color'" in out
    assert out.splitlines()[-1] == "1 Fehler in 1 Datei; 3 Partner geladen"
    message = conflict_message({"field": "stage", "ours": "active", "theirs": "dormant"})
    assert message == "ungelöster Merge-Konflikt bei stage: unseres 'active', ihres 'dormant'"
    assert is_conflict_record(message)


def test_a_language_koop_does_not_speak_in_config_toml_is_said_once_and_english_goes_on(
        root, monkeypatch, capsys):  # noqa: F811
    """`language = "fr"` in the user's config.toml gave English without a word, even to a German locale."""
    from koop_tui import userdirs

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    config = userdirs.config_dir() / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "fr"\n')
    i18n.use(None)
    code, out, err = koop_here(monkeypatch, capsys, ("due",), root, TODAY)
    said = f'koop: warning: {config}: language "fr" is not available (koop speaks en, de); going on in English\n'
    assert code == 0 and out.startswith("overdue ") and err.startswith(said) and err.count("language") == 1
    i18n.use(None)
    code, out, err = koop_here(monkeypatch, capsys, ("completion", "--values", "partners", ""), root, TODAY)
    assert code == 0 and err == ""  # a shell reads it
    config.write_text('language = "de"\n')
    i18n.use(None)
    assert "language" not in koop_here(monkeypatch, capsys, ("due",), root, TODAY)[2]
