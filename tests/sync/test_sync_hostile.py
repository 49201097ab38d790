"""A careless or hostile teammate: files shared with plain git that koop cannot use, a koop.toml that breaks
partner files, and two syncs at once in one clone."""

from __future__ import annotations

import fcntl
import os

from gitteam import append_touch, commit_all, git, touch_ids
from koop_tui.errors import KoopError
from koop_tui.store.files import workspace_lock
from koop_tui.sync import batch, run_sync


def pushed_with_git(clone, message: str) -> None:
    commit_all(clone, message)
    git(clone, "push", "-q", "origin", "main")


def test_files_that_came_in_with_errors_are_named_and_sync_exits_1(team):
    a, b = team.a, team.b
    (b / "partners/nord-design.toml").write_text('name = 5\n')
    acme = b / "partners/acme.toml"
    acme.write_bytes(acme.read_bytes().replace(b"Jana Weber", b"J\xe4na Weber"))
    os.symlink("muster-gmbh.toml", b / "partners/muster.toml")
    pushed_with_git(b, "Edits with plain git")
    append_touch(a / "partners/muster-gmbh.toml", "aa01", "2026-11-20")
    synced = team.sync(a)
    assert synced.returncode == 1, synced.stderr
    assert "3 files came in with errors (partners/acme.toml, partners/muster.toml, partners/nord-design.toml)" \
        in synced.stdout
    assert "koop: warning: partners/acme.toml:8: not valid UTF-8" in synced.stderr
    assert "koop: warning: partners/muster.toml: symlink ignored" in synced.stderr
    assert "koop: warning: partners/nord-design.toml:1:1: name must be text, got 5" in synced.stderr
    assert "ask whoever changed the file (`git log -p FILE`)" in synced.stderr
    assert "Traceback" not in synced.stderr
    assert "aa01" in touch_ids(a / "partners/muster-gmbh.toml")  # nothing of this clone is lost
    assert git(a, "status", "--porcelain").stdout == ""
    # Named once: the next sync has nothing new with errors.
    git(b, "pull", "-q", "--no-rebase")
    append_touch(b / "partners/muster-gmbh.toml", "bb01", "2026-11-21", by="tom")
    pushed_with_git(b, "One more touchpoint")
    again = team.sync(a)
    assert again.returncode == 0, again.stderr
    assert "came in with errors" not in again.stdout


def test_an_error_theirs_had_in_a_file_merged_on_both_sides_is_named(team):
    a, b = team.a, team.b
    append_touch(b / "partners/acme.toml", "bad-ID", "2026-11-21", by="tom")  # not a valid id
    pushed_with_git(b, "A touchpoint with a bad id")
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    synced = team.sync(a)
    assert synced.returncode == 1, synced.stderr
    assert "koop: warning: partners/acme.toml:" in synced.stderr and "bad-ID" in synced.stderr
    assert touch_ids(a / "partners/acme.toml") == ["t0a1", "aa01", "bad-ID"]


def test_a_koop_toml_that_came_in_and_breaks_partner_files_is_named(team):
    a, b = team.a, team.b
    (a / "koop.toml").write_text('name = "Team"\n[kinds.visit]\nweight = 0.5\n')
    append_touch(a / "partners/acme.toml", "av01", "2026-11-20", kind="visit")
    assert team.sync(a).returncode == 0
    assert team.sync(b).returncode == 0
    (b / "koop.toml").write_text('name = "Team\n')  # broken TOML: every koop runs on the defaults
    pushed_with_git(b, "Settings")
    synced = team.sync(a)
    assert synced.returncode == 1
    assert "koop: warning: koop.toml:1:" in synced.stderr
    assert "koop: warning: partners/acme.toml:20:1: touchpoint 'av01': unknown kind 'visit'" in synced.stderr
    assert "Traceback" not in synced.stderr


def test_a_hand_edit_of_koop_toml_that_breaks_partner_files_is_not_shared(team):
    a = team.a
    (a / "koop.toml").write_text('name = "Team"\n[kinds.visit]\nweight = 0.5\n')
    append_touch(a / "partners/acme.toml", "av01", "2026-11-20", kind="visit")
    assert team.sync(a).returncode == 0
    head = git(a, "rev-parse", "HEAD").stdout
    (a / "koop.toml").write_text('name = "Team"\n')  # the kind acme uses is gone
    refused = team.sync(a)
    assert refused.returncode == 1
    assert "refusing to sync: koop.toml as edited gives 1 partner file errors it did not have: " \
           "partners/acme.toml line 20: touchpoint 'av01': unknown kind 'visit'" in refused.stderr
    assert "nothing was committed" in refused.stderr
    assert git(a, "rev-parse", "HEAD").stdout == head
    assert git(a, "status", "--porcelain").stdout == " M koop.toml\n"
    (a / "koop.toml").write_text('name = "Team"\n[kinds.visit]\nweight = 0.7\n')  # other changes are shared
    assert team.sync(a).returncode == 0


def test_a_second_sync_in_the_same_clone_stops_and_changes_nothing(team):
    a = team.a
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    fd = os.open(a / ".git/koop-sync.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running sync holds it
        second = team.sync(a)
    finally:
        os.close(fd)
    assert second.returncode == 1
    assert "koop: another koop sync is running in this workspace" in second.stderr
    assert "wait for it to finish" in second.stderr
    assert git(a, "status", "--porcelain").stdout == " M partners/acme.toml\n"  # not committed by it
    assert team.sync(a).returncode == 0  # the lock is gone with its holder


def test_no_save_lands_between_git_merge_and_the_merged_files(team, monkeypatch):
    """A save while sync merges would be overwritten by the merged file: it waits for the workspace lock."""
    a, b = team.a, team.b
    append_touch(b / "partners/acme.toml", "bb01", "2026-11-21", by="tom")
    assert team.sync(b).returncode == 0
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    tried = []
    premerge = batch.premerge

    def premerge_with_a_save(root, ids, progress=None):
        try:
            with workspace_lock(root, timeout_s=0.05):
                tried.append("saved")
        except KoopError:
            tried.append("waited")
        return premerge(root, ids, progress)

    monkeypatch.setattr(batch, "premerge", premerge_with_a_save)
    monkeypatch.setenv("KOOP_TODAY", "2026-11-23")
    result = run_sync(a)
    assert result.ok, result.message
    assert tried == ["waited"]
    assert touch_ids(a / "partners/acme.toml") == ["t0a1", "aa01", "bb01"]


def test_a_gitattributes_removed_with_plain_git_is_refused_in_words_that_say_so(team):
    a, b = team.a, team.b
    git(b, "rm", "-q", ".gitattributes")
    append_touch(b / "partners/acme.toml", "bb01", "2026-11-21", by="tom")
    pushed_with_git(b, "No attributes")
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    refused = team.sync(a)
    assert refused.returncode == 1
    assert "origin/main sets git attributes that switch off koop's merge or encoding: koop.toml: no merge=koop " \
           "(and 1 more)" in refused.stderr
    assert "put back `partners/*.toml merge=koop` and `koop.toml merge=koop`" in refused.stderr
    assert "probe" not in refused.stderr and "unspecified" not in refused.stderr
    assert touch_ids(a / "partners/acme.toml") == ["t0a1", "aa01"]  # not merged, nothing lost


def test_attributes_that_hit_every_partner_file_are_named_as_the_pattern(team):
    a = team.a
    (a / "partners/.gitattributes").write_text("*.toml -merge\n")
    commit_all(a, "Attributes")
    refused = team.sync(a)
    assert refused.returncode == 1
    assert "switch off koop's merge or encoding: partners/*.toml: -merge\n" in refused.stderr


def test_a_sync_from_a_new_branch_says_where_it_pushed_and_counts_only_new_commits(team):
    a = team.a
    git(a, "switch", "-q", "-c", "trying")
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    synced = team.sync(a)
    assert synced.returncode == 0, synced.stderr
    assert "pushed 1 commit to the new branch origin/trying" in synced.stdout
    append_touch(a / "partners/acme.toml", "aa02", "2026-11-21")
    assert "; pushed 1 commit\n" in team.sync(a).stdout  # the branch is there now: said as usual


def test_a_line_in_this_clones_own_attributes_file_is_pointed_to(team):
    a = team.a
    (a / ".git/info").mkdir(exist_ok=True)
    (a / ".git/info/attributes").write_text("* -merge\n")
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    refused = team.sync(a)
    assert refused.returncode == 1
    assert "switch off koop's merge or encoding: koop.toml: -merge (and 1 more)" in refused.stderr
    assert "remove that line from .gitattributes, .git/info/attributes" in refused.stderr
    (a / ".git/info/attributes").write_text("# nothing here\n")
    assert team.sync(a).returncode == 0


def test_a_hook_that_refuses_the_commit_of_hand_edits_is_named_as_git_said_it(team):
    a = team.a
    hook = a / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'commits are frozen today' >&2\nexit 1\n")
    hook.chmod(0o755)
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    refused = team.sync(a)
    assert refused.returncode == 1
    assert "koop: could not commit your hand edits of koop's files\n  git says: commits are frozen today\n" \
        in refused.stderr
    assert "your edits are saved, nothing was shared" in refused.stderr
    assert touch_ids(a / "partners/acme.toml") == ["t0a1", "aa01"]
    hook.unlink()
    assert team.sync(a).returncode == 0


def test_koop_toml_deleted_with_plain_git_is_not_merged(team):
    """Merged, the directory would be no koop workspace: no koop command, not even `koop sync`, would run."""
    a, b = team.a, team.b
    git(b, "rm", "-q", "koop.toml")
    pushed_with_git(b, "Remove settings")
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20")
    refused = team.sync(a)
    assert refused.returncode == 1
    assert "refusing to merge: origin/main deletes koop.toml, which makes this directory a koop workspace" \
        in refused.stderr
    assert "`git revert` it" in refused.stderr
    assert (a / "koop.toml").is_file()
    assert git(a, "status", "--porcelain").stdout == ""
    git(b, "revert", "--no-edit", "HEAD")
    git(b, "push", "-q", "origin", "main")
    assert team.sync(a).returncode == 0
    assert (a / "koop.toml").is_file()
