"""Auto-commit of koop's changes, driver registration and the cheap status for the app header."""

from __future__ import annotations

import sys
from pathlib import Path

from gitteam import append_touch, commit_all, git, koop, set_line

from koop_tui.cli.common import after_change
from koop_tui.sync import auto_commit, register_merge_driver, status


def test_auto_commit_commits_exactly_the_given_paths_with_the_message(team):
    acme, muster = team.a / "partners/acme.toml", team.a / "partners/muster-gmbh.toml"
    append_touch(acme, "aa11", "2026-11-20")
    set_line(muster, 'stage = "vetting"', 'stage = "active"')  # a hand edit, staged even
    git(team.a, "add", "partners/muster-gmbh.toml")
    outcome = auto_commit(team.a, [acme], "Log call with Jana Weber (Acme)")
    assert outcome.committed and not outcome.warning
    assert git(team.a, "log", "-1", "--format=%s").stdout == "Log call with Jana Weber (Acme)\n"
    assert git(team.a, "show", "--name-only", "--format=", "HEAD").stdout == "partners/acme.toml\n"
    assert git(team.a, "status", "--porcelain").stdout == "M  partners/muster-gmbh.toml\n"


def test_auto_commit_adds_new_files_and_deletions(team):
    new = team.a / "partners/neu.toml"
    new.write_text('name = "Neu"\nslug = "neu"\n')
    (team.a / "partners/nord-design.toml").unlink()
    outcome = auto_commit(team.a, ["partners/neu.toml", team.a / "partners/nord-design.toml"], "Change partners")
    assert outcome.committed
    assert git(team.a, "show", "--name-status", "--format=", "HEAD").stdout == \
        "A\tpartners/neu.toml\nD\tpartners/nord-design.toml\n"


def test_a_hand_edit_of_the_file_koop_writes_gets_its_own_commit_first(team):
    """`koop log` on a partner whose file holds an uncommitted hand edit: the edit is committed on its own, as
    sync would, and koop's commit holds only the touchpoint (before, both went in under koop's message)."""
    acme, muster = team.a / "partners/acme.toml", team.a / "partners/muster-gmbh.toml"
    set_line(acme, 'name = "Acme"', 'name = "Acme GmbH & Co. KG"')
    set_line(muster, 'stage = "vetting"', 'stage = "active"')  # another file's edit stays uncommitted
    done = koop(team.a, "log", "acme", "call")
    assert done.returncode == 0, done.stderr
    log = git(team.a, "log", "-2", "--format=%s").stdout.splitlines()
    assert log[1] == "Update 1 partner file by hand: acme" and log[0].startswith("Log call with")
    hand = git(team.a, "show", "--format=", "-U0", "HEAD~1").stdout
    assert "+name = \"Acme GmbH & Co. KG\"" in hand and "[[touchpoints]]" not in hand
    ours = git(team.a, "show", "--format=", "-U0", "HEAD").stdout
    assert "[[touchpoints]]" in ours and "name =" not in ours
    assert git(team.a, "status", "--porcelain").stdout == " M partners/muster-gmbh.toml\n"
    koop(team.a, "log", "acme", "mail")  # nothing pending by hand now: one commit
    assert git(team.a, "log", "-1", "--format=%s").stdout.startswith("Log mail with")
    assert "by hand" not in git(team.a, "log", "-2", "--format=%s").stdout.splitlines()[1]


def test_auto_commit_is_off_when_koop_toml_says_so(team):
    (team.a / "koop.toml").write_text('name = "Team"\nauto_commit = false\n')
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    head = git(team.a, "rev-parse", "HEAD").stdout
    after_change(team.a, [team.a / "partners/acme.toml"], "Log call")
    assert git(team.a, "rev-parse", "HEAD").stdout == head


def test_after_change_outside_a_repository_is_a_silent_no_op(tmp_path, capsys):
    (tmp_path / "koop.toml").write_text('name = "x"\n')
    after_change(tmp_path, [tmp_path / "koop.toml"], "Change settings")
    assert capsys.readouterr() == ("", "")
    assert not (tmp_path / ".git").exists()


def test_a_failing_commit_warns_in_one_line_and_keeps_the_file(team, capsys):
    acme = team.a / "partners/acme.toml"
    append_touch(acme, "aa11", "2026-11-20")
    written = acme.read_bytes()
    (team.a / ".git/index.lock").write_text("")
    after_change(team.a, [acme], "Log call")
    err = capsys.readouterr().err
    assert err.startswith("koop: warning: not committed: ") and err.endswith("(the change is saved)\n")
    assert err.count("\n") == 1
    assert acme.read_bytes() == written


def test_register_merge_driver_keeps_other_attributes_and_is_idempotent(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / ".gitattributes").write_text("*.png binary")
    assert register_merge_driver(tmp_path) is True
    assert (tmp_path / ".gitattributes").read_text() == \
        "*.png binary\npartners/*.toml merge=koop\nkoop.toml merge=koop\n"
    assert register_merge_driver(tmp_path) is False
    driver = git(tmp_path, "config", "merge.koop.driver").stdout.strip()
    launcher = tmp_path / ".git/koop-merge-driver"
    assert driver == f"sh {launcher} %O %A %B %P"
    assert sys.executable in launcher.read_text()


def test_status_states(team):
    assert status(team.a).state == "clean"
    assert status(team.a).label == "clean"
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    st = status(team.a)
    assert (st.state, st.changed, st.label) == ("changed", ("partners/acme.toml",), "changed 1")
    commit_all(team.a, "Log")
    (team.a / "notes.txt").write_text("not koop's")
    st = status(team.a)
    assert (st.state, st.ahead, st.label) == ("ahead", 1, "ahead 1")
    git(team.a, "push", "-q")
    git(team.b, "fetch", "-q")
    st = status(team.b)
    assert (st.state, st.behind, st.upstream, st.branch) == ("behind", 1, "origin/main", "main")


def test_status_reports_conflict_records_and_markers(team):
    acme = team.a / "partners/acme.toml"
    acme.write_text(acme.read_text() + '\n[[conflicts]]\nid = "c123"\nfield = "stage"\nours = "a"\ntheirs = "b"\n')
    commit_all(team.a, "Merge")
    st = status(team.a)
    assert (st.state, st.conflicts, st.label) == ("conflict", ("partners/acme.toml",), "conflict 1")
    (team.a / "koop.toml").write_text("<<<<<<< ours\nname = 'a'\n=======\nname = 'b'\n>>>>>>> theirs\n")
    assert status(team.a).conflicts == ("koop.toml", "partners/acme.toml")


def test_status_outside_a_repository(tmp_path):
    assert status(tmp_path).state == "not-a-repo"
    assert status(Path(tmp_path)).label == "not a repo"


def test_status_names_what_blocks_sync(team):
    git(team.a, "checkout", "-q", "--detach")
    st = status(team.a)
    assert st.busy == "HEAD is detached (not on a branch)"
    assert st.summary == "clean; HEAD is detached (not on a branch)"
