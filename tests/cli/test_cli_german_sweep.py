"""Every command of the CLI in German, its typical and its error paths, on a fixed workspace and a fixed today: no
English sentence of koop's may be left. What stays English on purpose (docs/i18n.md) is taken out before the
check: the workspace's own texts, the file format's names (stages, kinds, keys), `commands`, --options and
METAVARS, 'quoted values' and --json."""

from __future__ import annotations

import re
import shutil

import pytest

from koop_tui import i18n
from koop_tui.__main__ import COMMANDS

TODAY = "2026-11-20"
# Words and phrases only koop's English messages use (argparse's own included); none may be left in German.
ENGLISH_WORDS = {
    "the", "and", "with", "your", "you", "nothing", "unknown", "must", "error", "usage", "options",
    "arguments", "overdue", "whole", "ratio", "clear", "turn", "touchpoint", "touchpoints", "follow-up",
    "workspace", "files", "expected", "required", "invalid", "choice", "allowed", "matches", "entries", "ago",
    "already", "cannot", "could", "would", "has", "is", "are", "there", "which", "when", "what", "of", "to",
    "on", "for", "from", "by", "or", "no", "not", "this", "that", "these", "it", "its", "them", "they", "we", "our",
    "last", "next", "today", "logged", "created", "added", "snoozed", "undid", "redid", "deleted", "saved", "set",
    "marked", "show", "help", "exit", "version", "program", "found",
}
ENGLISH_PHRASES = ("did you mean", "your turn", "to clear", "whole partner", "Logged ", "Undid", "Redid", "hint:",
                   "error:", "usage:", "show this help", "nothing to", "no partner")
# The fixed workspace's own texts (tests/app/workspace.py): data, shown as written.
DATA = ("Send offer", "Talked about Q1.", "Managing director", "Developer", "Owner", "Sales", "Translator",
        "Cheap print runs", "Relaunch shop", "10 % on referrals", "Lunch", "Test cooperations", "Christmas cards")
# The file format's names: stages, kinds, directions, record kinds and keys, shown as the files have them.
FORMAT = re.compile(r"\b(imported|prospect|vetting|active|dormant|ended|meeting|call|jour-fixe|mail|message|"
                    r"recommendation|referral|backlink|share|comment|gift|card|greeting|fair-visit|gave|received|"
                    r"mutual|contact|followup|handover|debrief|agreement|warmup|birthday|anniversary|campaign|fair|"
                    r"triage|items|digest|since|referral-commission|shared-offer|exclusivity|other|bash|zsh|fish|"
                    r"none)\b")


def english_left(text: str) -> list[str]:
    for data in DATA:
        text = text.replace(data, " ")
    text = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(("Aufruf:", "koop ", "[", "#")) and " = " not in line)
    text = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|„[^“]*“|\b\w+_\w+\b|\bkoop [a-z-]+[^;,)\n]*|--?[\w-]+|\S+=\S*"
                  r"|\S+\.(toml|ics|vcf|csv)\b|\S+@\S+|\[[^\]]*\]|\{[^}]*\}|\$\w+|\b[A-Z][A-Z_]+\b|[\w.]+/[\w./-]*",
                  " ", text)
    text = FORMAT.sub(" ", text)
    found = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
    return found + sorted({word for word in re.findall(r"[A-Za-z][a-z-]*", text) if word.lower() in ENGLISH_WORDS
                           and word == word.lower()})


HELP = [(name,) for name in COMMANDS] + [("add", what) for what in ("partner", "contact", "followup", "project",
                                                                     "agreement")]
# Typical and error paths of the commands that read or write the workspace; each runs on a fresh copy.
RUNS = [
    ("due",), ("due", "--all", "--within", "30"), ("due", "--owner", "ben"),
    ("due", "--tag", "seo", "--stage", "active"),
    ("due", "--within", "-1"), ("due", "--stage", "nope"), ("due", "--owner", "nobody"),
    ("show", "muster"), ("show", "nope"), ("list",), ("list", "--tag", "nope"),
    ("who", "translation"), ("who", "nope"), ("search", "jana"), ("search", "nope"),
    ("report",), ("report", "--all"), ("report", "--days", "0"), ("check",), ("triage",), ("triage", "nope"),
    ("log", "muster/jana", "call", "--note", "x"), ("log", "muster", "meet", "--date", "-2d"), ("log", "muster", "c"),
    ("log", "muster", "nope"), ("log", "muster/nope", "call"), ("log", "muster", "call", "--date", "+3d"),
    ("log", "muster", "call", "--date", "nope"), ("add", "followup", "muster/jana", "Anrufen", "--due", "+1w"),
    ("add", "followup", "muster", "x", "--due", "nope"), ("add", "partner", "Neu GmbH", "--cadence", "14"),
    ("add", "partner", "Muster GmbH"), ("add", "contact", "muster", "Jana Weber"),
    ("add", "contact", "muster", "Ina Neu", "--birthday", "13-45"), ("add", "project", "nord", "Messe 2027"),
    ("add", "agreement", "nord", "other", "--review", "+1y"), ("set", "muster", "cadence=21", "stage=dormant"),
    ("set", "muster", "stage=nope"), ("set", "muster", "nope=1"), ("set", "muster", "cadence=-3"),
    ("import", "partners"), ("set", "muster"),
    ("set", "muster/f1aa", "due=+1w"), ("set", "--owner", "anna", "--to", "ben", "--dry-run"),
    ("set", "--owner", "nope", "--to", "ben"), ("snooze", "muster", "--until", "+2w"), ("snooze", "muster", "--clear"),
    ("snooze", "muster", "--until", "nope"), ("done", "muster/f1aa"), ("done", "muster/t1aa"), ("done", "muster/nope"),
    ("end", "muster/p1aa"), ("reviewed", "muster/g1aa"), ("rm", "muster/t2bb", "-y"), ("rm", "muster/jana"),
    ("rm", "muster/tom", "-n", "--keep-touches"), ("undo",), ("redo",), ("history",), ("history", "nope"),
    ("export", "--vcard", "-o", "out.vcf"), ("export", "--include", "nope"), ("import", "nope.vcf"),
    ("capture",), ("capture", "--review"), ("capture", "--accept", "3"), ("sync",), ("completion", "tcsh"),
    ("nope",), ("init", "sub"), ("demo", "partners", "--no-open"), ("--today", "nope", "due"),
]


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "de")
    i18n.use(None)


@pytest.fixture
def workspace(ws, tmp_path):
    """The small workspace of the app tests as a git repository (undo needs one)."""
    from tests.cli.conftest import git

    git(ws, "init", "-q")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "Start")
    return ws


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_the_help_of_every_command_is_german(german, koop_inproc, tmp_path, args):
    result = koop_inproc(*args, "--help", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert english_left(result.stdout) == []


@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_every_command_speaks_german_on_its_typical_and_error_paths(german, koop_inproc, workspace, args):
    result = koop_inproc(*args, cwd=workspace, today=TODAY)
    assert result.stdout + result.stderr, "the command said nothing"
    assert english_left(result.stdout + result.stderr) == []


def test_a_change_and_its_undo_in_german_lines(german, koop_inproc, workspace):
    logged = koop_inproc("log", "muster/jana", "meeting", cwd=workspace, today=TODAY)
    assert logged.stdout.startswith("Treffen (gegenseitig) mit Jana Weber (Muster GmbH) am 20.11.2026 eingetragen [")
    undone = koop_inproc("undo", cwd=workspace, today=TODAY)
    assert undone.stdout == "Rückgängig gemacht: Treffen mit Jana Weber eintragen (Muster GmbH)\n"
    removed = koop_inproc("rm", "muster/t1aa", "-y", cwd=workspace, today=TODAY)
    assert removed.stdout == "Anruf mit Jana Weber am 13.10.2026 (Muster GmbH) gelöscht\n"
    reviewed = koop_inproc("reviewed", "muster/g1aa", cwd=workspace, today=TODAY)
    assert reviewed.stdout == ("Vereinbarung Empfehlungsprovision ('10 % on referrals') (Muster GmbH) überprüft; "
                               "nächste Überprüfung 20.11.2027\n")
    agreed = koop_inproc("add", "agreement", "nord", "other", cwd=workspace, today=TODAY)
    assert re.fullmatch(r"Vereinbarung \[\w+\] Sonstiges mit Nord Design angelegt\n", agreed.stdout), agreed.stdout


def test_exact_german_lines(german, koop_inproc, workspace):
    due = koop_inproc("due", "--all", cwd=workspace, today=TODAY).stdout.splitlines()
    assert due[:2] == [
        "überfällig  seit 107 T  Bei Eva Lang melden — Lingua Team",
        "  zuletzt: Anruf vor 197 T (Eva Lang); Rhythmus 90 T aus Phase ruhend; Verhältnis 2,19 → überfällig; "
        "zum Erledigen: Kontaktpunkt eintragen (x) oder koop log lingua-team/eva ART",
    ]
    assert ("  Christmas cards bis 20.12.2026 (Zeitfenster ab 20.11.2026); trag Karte oder Geschenk ein, wenn "
            "erledigt; zum Erledigen: x in der Aktionsansicht oder koop log muster-gmbh card") in due
    version = koop_inproc("--help", cwd=workspace, today=TODAY).stdout
    assert "  --version             Versionsnummer zeigen und beenden" in version.splitlines()
    folder = koop_inproc("import", "partners", cwd=workspace, today=TODAY)  # the system's reason, from the catalog
    assert folder.stderr == "koop: kann partners nicht lesen: Ist ein Verzeichnis\n"


def test_the_check_catches_english(german):
    assert english_left("Logged call (mutual) with Jana Weber on 2026-11-20") == ["Logged ", "on", "with"]
    assert english_left("koop: no partner matches 'x'\n  hint: see `koop due --all`") == [
        "hint:", "no partner", "matches", "no"]
    assert english_left("Treffen mit Jana Weber (Muster GmbH) eintragen; koop log muster call") == []


def test_a_workspace_in_a_broken_state_in_german(german, koop_inproc, workspace):
    (workspace / "partners" / "kaputt.toml").write_text('name = "Kaputt"\nslug = "kaputt"\nstage = "active\n')
    shutil.copy(workspace / "partners" / "muster-gmbh.toml", workspace / "partners" / "zwei.toml")
    for args in (("check",), ("due",), ("show", "kaputt"), ("log", "kaputt", "call"), ("report",)):
        result = koop_inproc(*args, cwd=workspace, today=TODAY)
        assert english_left(result.stdout + result.stderr) == [], args


def test_import_triage_and_its_undo_in_german(german, koop_inproc, workspace):
    (workspace / "neu.vcf").write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Hans Test\nORG:Testfirma GmbH\n"
                                       "EMAIL:hans@testfirma.example\nEND:VCARD\n")
    imported = koop_inproc("import", "neu.vcf", cwd=workspace, today=TODAY)
    assert english_left(imported.stdout + imported.stderr) == []
    sorted_ = koop_inproc("triage", "--all", "--cadence", "30", cwd=workspace, today=TODAY)
    assert sorted_.stdout == "1 importierten Partner eingeordnet: Phase Interessent, Rhythmus 30 (Testfirma GmbH)\n"
    undone = koop_inproc("undo", cwd=workspace, today=TODAY)
    assert undone.stdout == "Rückgängig gemacht: 1 importierten Partner einordnen: Phase Interessent, Rhythmus 30\n"


def test_init_in_german_names_the_campaign_in_german_and_keeps_the_keys(german, koop_inproc, tmp_path):
    made = koop_inproc("init", "neu", cwd=tmp_path, today=TODAY)
    assert made.stdout.splitlines()[0] == f"Arbeitsbereich in {tmp_path / 'neu'} angelegt"
    text = (tmp_path / "neu" / "koop.toml").read_text(encoding="utf-8")
    assert '[[campaigns]]\nid = "xmas"\nname = "Weihnachtskarten"\n' in text
    due = koop_inproc("due", "--within", "60", cwd=tmp_path / "neu", today=TODAY)
    assert english_left(due.stdout + due.stderr) == []
