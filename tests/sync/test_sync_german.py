"""`koop sync` in German, as a user with a German locale runs it in a team (a bare remote, real clones): every
line is German but what stays English on purpose (docs/i18n.md): commit messages, quoted as they are, commands
and file names, and git's own line, shown as git's. The header's sync state and the per-partner summary, for 0,
1 and 2 of each counted thing, in both languages."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from collections import Counter

import pytest

from gitteam import append_touch, commit_all, git, koop, set_line, touch_ids
from koop_tui import i18n
from koop_tui.sync.driver import register_merge_driver
from koop_tui.sync.incoming import Incoming
from koop_tui.sync.state import status
from koop_tui.words import plural

GERMAN = {"LANGUAGE": "de"}
# Words of koop's English messages; none may be left in a German run (outside what stays English on purpose).
ENGLISH = ("the", "and", "to", "of", "with", "your", "run", "synced", "received", "pushed", "nothing",
           "changed", "partners", "touchpoints", "conflict", "conflicts", "file", "files", "hint", "remote",
           "committed", "cannot", "could", "not", "merge", "fix", "again", "refusing", "repaired", "new")


def english_left(text: str) -> list[str]:
    """The English words of `text` once the parts that stay English are taken out: „quoted“ commit messages,
    `commands`, git's own line ("git meldet: ..."), file paths and the file format's names ([[conflicts]])."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("git meldet: ")]
    rest = re.sub(r"„[^“]*“|`[^`]*`|\S+\.toml|\.git\S*|\[\[\w+\]\]", " ", "\n".join(lines))
    return [word for word in re.findall(r"[A-Za-z]+", rest) if word in ENGLISH]


def sync_de(clone, *args: str):
    return koop(clone, "sync", *args, env=GERMAN)


def test_a_clean_sync_in_german_with_the_summary_per_partner(team):
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20", by="anna")
    append_touch(team.a / "partners/muster-gmbh.toml", "aa12", "2026-11-20", by="anna")
    append_touch(team.a / "partners/muster-gmbh.toml", "aa13", "2026-11-21", by="tom")
    sent = sync_de(team.a)
    assert (sent.returncode, sent.stderr) == (0, "")
    assert sent.stdout == ("committet: „Update 2 partner files by hand: acme, muster-gmbh“\n"
                           "abgeglichen: nichts zu holen; 1 Commit hochgeladen\n")
    got = sync_de(team.b)
    assert (got.returncode, got.stderr) == (0, "")
    assert got.stdout.splitlines() == [
        "abgeglichen: 2 Kontaktpunkte von anna, 1 Kontaktpunkt von tom, 2 geänderte Partner empfangen",
        "2 Partner geändert: 2 mit neuen Kontaktpunkten von anna, 1 mit neuen Kontaktpunkten von tom",
    ]
    assert english_left(sent.stdout + got.stdout) == []
    assert touch_ids(team.b / "partners/muster-gmbh.toml") == ["aa12", "aa13"]
    again = sync_de(team.b)
    assert (again.returncode, again.stdout) == (0, "abgeglichen: nichts zu holen\n")


def test_a_conflict_in_german_names_koop_sync_repair_and_the_repair_speaks_german_too(team):
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20", by="anna")
    assert sync_de(team.a).returncode == 0
    append_touch(team.b / "partners/acme.toml", "bb22", "2026-11-21", by="tom")
    commit_all(team.b, "Log call")
    git(team.b, "fetch", "-q")  # a plain git merge, without koop's driver: markers in the file
    assert git(team.b, "merge", "--no-edit", "origin/main", check=False).returncode == 1
    stopped = sync_de(team.b)
    assert (stopped.returncode, stopped.stdout) == (1, "")
    assert stopped.stderr == ("koop: kann nicht abgleichen: eine Zusammenführung läuft\n"
                              "  Tipp: schließ sie ab: `koop sync --repair`, oder korrigier die Dateien und "
                              "`git commit --no-edit`\n")
    repaired = sync_de(team.b, "--repair")
    assert (repaired.returncode, repaired.stderr) == (0, "")
    assert repaired.stdout == "repariert: partners/acme.toml\nabgeglichen: nichts zu holen; 2 Commits hochgeladen\n"
    assert english_left(stopped.stderr + repaired.stdout) == []
    assert touch_ids(team.b / "partners/acme.toml") == ["t0a1", "aa11", "bb22"]


def test_a_conflict_recorded_by_the_merge_in_german(team):
    set_line(team.a / "partners/acme.toml", "+49 30 0", "+49 30 1")
    set_line(team.b / "partners/acme.toml", "+49 30 0", "+49 30 2")
    assert sync_de(team.a).returncode == 0
    res = sync_de(team.b)
    assert res.returncode == 1  # synced, with a conflict left to resolve
    assert res.stdout.splitlines() == [
        "committet: „Update 1 partner file by hand: acme“",
        "abgeglichen: 1 geänderter Partner empfangen; 2 Commits hochgeladen",
        "1 Partner geändert: 1 Konflikt bei Acme (contacts.jana.phone)",
        "neue Konflikte: acme: contacts.jana.phone",
    ]
    assert res.stderr == ("koop: 1 Datei mit zu lösenden Konflikten: partners/acme.toml\n"
                          "  Tipp: wähl in der App einen Wert, oder bearbeite die Datei und lösch ihre "
                          "[[conflicts]]-Einträge\n")
    assert english_left(res.stdout + res.stderr) == []


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_remote_and_an_unreachable_remote_in_german(team, tmp_path):
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    git(team.a, "remote", "set-url", "origin", f"http://127.0.0.1:{_closed_port()}/x.git")
    unreachable = sync_de(team.a)
    assert (unreachable.returncode, unreachable.stdout) == (1, "committet: „Update 1 partner file by hand: acme“\n")
    lines = unreachable.stderr.splitlines()
    assert lines[0] == "koop: das Remote-Repository „origin“ ist nicht erreichbar"
    assert lines[1].startswith("  git meldet: fatal: unable to access 'http://127.0.0.1:")  # git's own words
    assert lines[2:] == ["  Tipp: deine Änderungen sind lokal committet; führ `koop sync` erneut aus, sobald das "
                         "Remote-Repository erreichbar ist"]
    git(team.a, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    gone = sync_de(team.a)
    assert gone.returncode == 1
    assert gone.stderr.splitlines()[0] == ("koop: das Remote-Repository „origin“ gibt es nicht, oder es ist kein "
                                           "Git-Repository")
    git(team.a, "remote", "remove", "origin")
    alone = sync_de(team.a)
    assert (alone.returncode, alone.stdout) == (1, "")
    assert alone.stderr == ("koop: kein Remote-Repository zum Abgleichen; deine Änderungen sind lokal committet\n"
                            "  Tipp: füg eins hinzu, z. B. `git remote add origin URL`, dann führ `koop sync` "
                            "erneut aus\n")
    assert english_left(unreachable.stderr + gone.stderr + alone.stderr) == []
    assert git(team.a, "log", "-1", "--format=%s").stdout == "Update 1 partner file by hand: acme\n"  # English


def test_a_broken_hand_edit_is_refused_in_german(team):
    set_line(team.a / "partners/acme.toml", 'stage = "active"', "stage =")
    set_line(team.a / "partners/nord-design.toml", 'name = "Nord Design"', "name =")
    head = git(team.a, "rev-parse", "HEAD").stdout
    res = sync_de(team.a)
    assert (res.returncode, res.stdout) == (1, "")
    first, hint = res.stderr.splitlines()
    assert re.fullmatch(r"koop: Abgleich verweigert: partners/acme\.toml ist fehlerhaft \(Zeile 3: [^)]+\); 1 weitere "
                        r"fehlerhafte Datei", first), first
    assert hint == ("  Tipp: nichts wurde committet; korrigier sie (`koop check` listet jedes Problem) oder mach die "
                    "Änderung rückgängig (`git restore partners/acme.toml`, oder entferne eine neue Datei), dann "
                    "starte den Abgleich erneut")
    assert english_left(res.stderr) == []
    assert git(team.a, "rev-parse", "HEAD").stdout == head


def test_a_workspace_that_is_no_repository_in_german(tmp_path):
    (tmp_path / "koop.toml").write_text('name = "x"\n')
    res = koop(tmp_path, "sync", env={"LANG": "de_DE.UTF-8"})
    assert (res.returncode, res.stderr) == (1, "koop: dieser Arbeitsbereich ist kein Git-Repository\n"
                                               "  Tipp: führ darin `git init` aus und füg ein Remote-Repository "
                                               "hinzu, um abzugleichen\n")


def test_the_header_state_in_german(team, tmp_path):
    i18n.use("de")
    assert status(team.a).summary == "aktuell"
    set_line(team.a / "partners/acme.toml", "+49 30 0", "+49 30 1")
    set_line(team.a / "partners/muster-gmbh.toml", 'stage = "vetting"', 'stage = "active"')
    assert status(team.a).summary == "2 geändert"
    commit_all(team.a, "Edit")
    assert status(team.a).summary == "1 voraus"
    git(team.a, "checkout", "-q", "--detach")
    assert status(team.a).summary == "aktuell; HEAD ist losgelöst (auf keinem Branch)"
    assert status(tmp_path).summary == "kein Repository"


def incoming(n: int) -> Incoming:
    """What a sync brought in, n of each counted thing."""
    names = [f"P{i}" for i in range(n)]
    return Incoming(new_partners=list(names), changed_partners=[f"C{i}" for i in range(n)],
                    removed_partners=list(names), touchpoints=Counter({"ben": n, "": n} if n else {}),
                    followups=n, contacts=n, touched_by={"ben": set(names)} if n else {},
                    conflicted={"Acme": ["stage", "tags"][:n]} if n else {})


SUMMARIES = {  # (language, n): (text, partners_text)
    ("en", 0): ("nothing new", ""),
    ("en", 1): ("1 touchpoint, 1 touchpoint from ben, 1 follow-up, 1 new contact, 1 new partner (P0), "
                "1 changed partner, 1 removed partner (P0)",
                "2 partners changed: 1 with new touchpoints from ben, 1 conflict in Acme (stage)"),
    ("en", 2): ("2 touchpoints, 2 touchpoints from ben, 2 follow-ups, 2 new contacts, 2 new partners (P0, P1), "
                "2 changed partners, 2 removed partners (P0, P1)",
                "4 partners changed: 2 with new touchpoints from ben, 2 conflicts in Acme (stage, tags)"),
    ("de", 0): ("nichts Neues", ""),
    ("de", 1): ("1 Kontaktpunkt, 1 Kontaktpunkt von ben, 1 Wiedervorlage, 1 neuer Kontakt, 1 neuer Partner (P0), "
                "1 geänderter Partner, 1 entfernter Partner (P0)",
                "2 Partner geändert: 1 mit neuen Kontaktpunkten von ben, 1 Konflikt bei Acme (stage)"),
    ("de", 2): ("2 Kontaktpunkte, 2 Kontaktpunkte von ben, 2 Wiedervorlagen, 2 neue Kontakte, 2 neue Partner "
                "(P0, P1), 2 geänderte Partner, 2 entfernte Partner (P0, P1)",
                "4 Partner geändert: 2 mit neuen Kontaktpunkten von ben, 2 Konflikte bei Acme (stage, tags)"),
}


@pytest.mark.parametrize("language, n", sorted(SUMMARIES))
def test_what_came_in_for_0_1_2_of_each_thing_in_both_languages(language, n):
    i18n.use(language)
    assert (incoming(n).text(), incoming(n).partners_text()) == SUMMARIES[language, n]


def test_a_partner_changed_without_new_touchpoints_or_conflicts_in_both_languages():
    only = Incoming(changed_partners=["Acme"])
    assert only.partners_text() == "1 partner changed"
    i18n.use("de")
    assert only.partners_text() == "1 Partner geändert"
    assert Incoming(changed_partners=["Acme", "Nord"]).partners_text() == "2 Partner geändert"


# The counted refusals and lists of sync, for 0, 1 and 2 (n is the count the form follows).
COUNTED = [
    (("refusing to sync: {deleted} of {n} partner file is deleted in the work tree",
      "refusing to sync: {deleted} of {n} partner files are deleted in the work tree"), {"deleted": 1},
     ["refusing to sync: 1 of 0 partner files are deleted in the work tree",
      "refusing to sync: 1 of 1 partner file is deleted in the work tree",
      "refusing to sync: 1 of 2 partner files are deleted in the work tree"],
     ["Abgleich verweigert: 1 von 0 Partnerdateien sind im Arbeitsverzeichnis gelöscht",
      "Abgleich verweigert: 1 von 1 Partnerdatei ist im Arbeitsverzeichnis gelöscht",
      "Abgleich verweigert: 1 von 2 Partnerdateien sind im Arbeitsverzeichnis gelöscht"]),
    (("refusing to merge: {branch} deletes {deleted} of {n} partner file",
      "refusing to merge: {branch} deletes {deleted} of {n} partner files"), {"branch": "origin/main", "deleted": 1},
     ["refusing to merge: origin/main deletes 1 of 0 partner files",
      "refusing to merge: origin/main deletes 1 of 1 partner file",
      "refusing to merge: origin/main deletes 1 of 2 partner files"],
     ["Zusammenführung verweigert: origin/main löscht 1 von 0 Partnerdateien",
      "Zusammenführung verweigert: origin/main löscht 1 von 1 Partnerdatei",
      "Zusammenführung verweigert: origin/main löscht 1 von 2 Partnerdateien"]),
    (("; {n} more broken file", "; {n} more broken files"), {},
     ["; 0 more broken files", "; 1 more broken file", "; 2 more broken files"],
     ["; 0 weitere fehlerhafte Dateien", "; 1 weitere fehlerhafte Datei", "; 2 weitere fehlerhafte Dateien"]),
    (("{files} and {n} more", "{files} and {n} more"), {"files": "a.toml"},
     ["a.toml and 0 more", "a.toml and 1 more", "a.toml and 2 more"],
     ["a.toml und 0 weitere", "a.toml und 1 weitere", "a.toml und 2 weitere"]),
    (("{n} conflict in {partner} ({fields})", "{n} conflicts in {partner} ({fields})"),
     {"partner": "Acme", "fields": "stage"},
     ["0 conflicts in Acme (stage)", "1 conflict in Acme (stage)", "2 conflicts in Acme (stage)"],
     ["0 Konflikte bei Acme (stage)", "1 Konflikt bei Acme (stage)", "2 Konflikte bei Acme (stage)"]),
    (("{n} partner changed: {what}", "{n} partners changed: {what}"), {"what": "x"},
     ["0 partners changed: x", "1 partner changed: x", "2 partners changed: x"],
     ["0 Partner geändert: x", "1 Partner geändert: x", "2 Partner geändert: x"]),
]


@pytest.mark.parametrize("forms, fields, english, german", COUNTED, ids=[c[0][1] for c in COUNTED])
def test_counted_messages_of_sync_for_0_1_2_in_both_languages(forms, fields, english, german):
    assert [plural(n, *forms, **fields) for n in (0, 1, 2)] == english
    i18n.use("de")
    assert [plural(n, *forms, **fields) for n in (0, 1, 2)] == german


def _pull(clone) -> str:
    """A plain `git pull` by a German user: git runs koop's merge driver; what it says, on stderr."""
    res = subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit"], cwd=clone, capture_output=True,
                         text=True, env=dict(os.environ, LANGUAGE="de"))
    return res.stderr


def _both_change_the_phone(team) -> None:
    """A pushes one phone number for Jana, B commits another: a conflict koop's merge driver records."""
    register_merge_driver(team.b)
    set_line(team.a / "partners/acme.toml", "+49 30 0", "+49 30 1")
    commit_all(team.a, "Phone")
    git(team.a, "push", "-q", "origin", "main")
    set_line(team.b / "partners/acme.toml", "+49 30 0", "+49 30 2")
    commit_all(team.b, "Phone")


def test_koop_passes_its_language_to_the_merge_driver_git_runs_in_the_c_locale(team):
    from koop_tui.sync import git as koop_git

    _both_change_the_phone(team)
    git(team.b, "fetch", "-q")
    i18n.use("de")
    merged = koop_git.run(team.b, "merge", "--no-edit", "origin/main")  # as `koop sync` runs git: LC_ALL=C
    assert merged.ok, merged.err
    assert "koop: partners/acme.toml: 1 Konflikt festgehalten (contacts.jana.phone)\n" in merged.err
    assert "recorded" not in merged.err


def test_the_merge_driver_speaks_german_under_a_plain_git_pull_and_labels_its_markers_in_english(team):
    _both_change_the_phone(team)
    said = _pull(team.b)
    assert "koop: partners/acme.toml: 1 Konflikt festgehalten (contacts.jana.phone)\n" in said
    set_line(team.a / "partners/acme.toml", 'stage = "active"', "stage =")  # a broken file, shared
    commit_all(team.a, "Break")
    git(team.a, "push", "-q", "origin", "main")
    set_line(team.b / "partners/acme.toml", 'stage = "active"', 'stage = "dormant"')
    commit_all(team.b, "Stage")
    said = _pull(team.b)
    assert re.search(r"koop: partners/acme\.toml: kann nicht eintragsweise zusammenführen \(ihre Version: kein "
                     r"gültiges TOML: Zeile \d+: [^)]+\); Konfliktmarkierungen bleiben\n", said), said
    text = (team.b / "partners/acme.toml").read_text()
    assert "<<<<<<< ours:partners/acme.toml" in text and ">>>>>>> theirs:partners/acme.toml" in text
