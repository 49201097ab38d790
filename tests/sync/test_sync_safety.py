"""What `koop sync` refuses to merge or share: attributes that switch off koop's merge, merge results with
errors; and a conflict in koop.toml, which must leave everyone able to work."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitteam import append_touch, commit_all, git, koop, read, set_line
from koop_tui.sync import run_sync
from koop_tui.sync.merge import MergeOutcome


def head(clone: Path) -> str:
    return git(clone, "rev-parse", "HEAD").stdout.strip()


def remote_head(team) -> str:
    return git(team.remote, "rev-parse", "main").stdout.strip()


@pytest.mark.parametrize("where, line", [
    ("partners/.gitattributes", "*.toml merge=union\n"),
    (".gitattributes", "partners/*.toml merge=union\n"),  # appended after koop's own line: the last one wins
    ("partners/.gitattributes", "*.toml working-tree-encoding=UTF-16\n"),
])
def test_attributes_that_switch_off_koops_merge_are_refused_in_both_clones(team, where, line):
    path = team.a / where
    path.write_text((path.read_text() if path.exists() else "") + line)
    git(team.a, "add", where)
    git(team.a, "commit", "-q", "-m", "Attributes")
    before = remote_head(team)
    refused = team.sync(team.a)
    assert refused.returncode == 1
    assert "refusing to sync: git attributes switch off koop's merge or encoding: koop.toml" in refused.stderr \
        or "refusing to sync: git attributes switch off koop's merge or encoding: partners/" in refused.stderr
    assert line.split()[1].split("=")[0] in refused.stderr and "merge=koop" in refused.stderr
    assert remote_head(team) == before  # nothing was shared
    # Pushed with plain git anyway: the other clone refuses to merge it, with and without own changes.
    git(team.a, "push", "-q", "origin", "main")
    acme = team.b / "partners/acme.toml"
    for own_change in (False, True):
        if own_change:
            append_touch(acme, "bb22", "2026-11-21", by="tom")
            commit_all(team.b, "Log call")
        mine, text = head(team.b), acme.read_bytes()
        res = team.sync(team.b)
        assert res.returncode == 1, res.stdout
        assert "refusing to merge: origin/main sets git attributes that switch off koop's merge" in res.stderr
        assert where in res.stderr  # the file to fix is named
        assert head(team.b) == mine and acme.read_bytes() == text
        assert not (team.b / where).exists() or where == ".gitattributes"
        assert git(team.b, "status", "--porcelain").stdout == ""


def test_a_merge_result_with_errors_is_aborted_and_never_pushed(team, monkeypatch):
    """Whatever merged the files (here a merge writing `stage` twice, as git's union merge does), a result
    with errors is not committed: the merge is undone, the clone's state kept, the reason named."""
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20", by="anna")
    assert team.sync(team.a).returncode == 0
    acme = team.b / "partners/acme.toml"
    append_touch(acme, "bb22", "2026-11-21", by="tom")
    commit_all(team.b, "Log call")
    mine, text, shared = head(team.b), acme.read_bytes(), remote_head(team)
    monkeypatch.setattr("koop_tui.sync.merge.merge_file",
                        lambda base, ours, theirs, path, lines: MergeOutcome((ours + theirs).decode()))
    result = run_sync(team.b)
    assert not result.ok
    assert result.message.startswith("refusing to commit the merge: the merged partners/acme.toml line ")
    assert "the merge was undone, your files are as before, nothing was pushed" in result.message
    assert head(team.b) == mine and acme.read_bytes() == text and remote_head(team) == shared
    assert not (team.b / ".git/MERGE_HEAD").exists()
    assert git(team.b, "status", "--porcelain").stdout == ""


def test_a_conflict_in_koop_toml_leaves_everyone_working_and_shows(team):
    for clone, days in ((team.a, 21), (team.b, 45)):
        (clone / "koop.toml").write_text(f'name = "Team"\ndefault_cadence = {days}\n')
    assert team.sync(team.a).returncode == 0
    merged = team.sync(team.b)
    assert merged.returncode == 1  # a conflict is left: scripts notice
    assert "new conflicts" not in merged.stdout or "koop.toml" in merged.stderr
    assert "koop.toml" in merged.stderr
    assert team.sync(team.a).returncode == 1
    settings = read(team.a / "koop.toml")
    assert settings["default_cadence"] == 45  # b merged: its value stays in place and is used
    assert [(c["field"], c["ours"], c["theirs"]) for c in settings["conflicts"]] == [("default_cadence", 45, 21)]
    for clone in (team.a, team.b):
        for args in (("log", "acme", "call"), ("set", "muster-gmbh", "cadence=60"),
                     ("add", "partner", f"Neu {clone.name}"), ("export", "-o", str(clone.parent / f"{clone.name}.ics"))):
            res = koop(clone, *args)
            assert res.returncode == 0, (args, res.stderr)
        due = koop(clone, "due", "--all")
        assert due.returncode == 0
        assert "koop: conflict: koop.toml:" in due.stderr and "default_cadence: ours 45, theirs 21" in due.stderr
        assert "shipped defaults" not in due.stderr
    check = koop(team.a, "check")
    assert check.returncode == 1 and "unresolved merge conflict on default_cadence" in check.stdout + check.stderr
    # Resolved like a partner conflict: keep the value wanted, delete the record.
    (team.a / "koop.toml").write_text('name = "Team"\ndefault_cadence = 30\n')
    res = team.sync(team.a)
    assert res.returncode == 0, res.stderr
    res = team.sync(team.b)
    assert res.returncode == 0, res.stderr
    assert read(team.b / "koop.toml") == {"name": "Team", "default_cadence": 30}


def test_an_untracked_file_in_the_way_is_named_with_what_to_do(team):
    (team.a / "notes.txt").write_text("from a\n")
    git(team.a, "add", "notes.txt")
    git(team.a, "commit", "-q", "-m", "Notes")
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    assert team.sync(team.a).returncode == 0
    (team.b / "notes.txt").write_text("mine, not committed\n")
    append_touch(team.b / "partners/acme.toml", "bb22", "2026-11-21")
    mine = head(team.b)
    res = team.sync(team.b)
    assert res.returncode == 1
    assert "merge not started: the incoming changes would overwrite notes.txt" in res.stderr
    assert "move that file away" in res.stderr
    assert (team.b / "notes.txt").read_text() == "mine, not committed\n"
    assert git(team.b, "rev-list", "--count", f"{mine}..HEAD").stdout.strip() == "1"  # its own commit only
