"""Repository states in which sync must refuse, explain, and touch nothing."""

from __future__ import annotations

import pytest

from gitteam import append_touch, commit_all, git, koop


def _head(clone):
    return git(clone, "rev-parse", "HEAD").stdout


def test_index_lock_is_explained_and_left_in_place(team):
    lock = team.a / ".git/index.lock"
    lock.write_text("")
    res = team.sync(team.a)
    assert res.returncode == 1
    assert "another git process is running" in res.stderr and "remove .git/index.lock yourself" in res.stderr
    assert lock.exists()


def test_detached_head_is_refused(team):
    git(team.a, "checkout", "-q", "--detach")
    head = _head(team.a)
    res = team.sync(team.a)
    assert res.returncode == 1 and "HEAD is detached" in res.stderr and "git switch main" in res.stderr
    assert _head(team.a) == head


def test_merge_in_progress_is_refused_without_repair(team):
    (team.a / ".git/MERGE_HEAD").write_text(_head(team.a))
    res = team.sync(team.a)
    assert res.returncode == 1 and "a merge is in progress" in res.stderr and "--repair" in res.stderr


def test_rebase_in_progress_is_refused(team):
    (team.a / ".git/rebase-merge").mkdir()
    res = team.sync(team.a)
    assert res.returncode == 1 and "a rebase is in progress" in res.stderr and "git rebase --abort" in res.stderr


def test_not_a_repository(tmp_path):
    (tmp_path / "koop.toml").write_text('name = "x"\n')
    res = koop(tmp_path, "sync")
    assert res.returncode == 1 and "not a git repository" in res.stderr


def test_workspace_inside_another_repository_is_not_synced_through_it(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "koop.toml").write_text('name = "x"\n')
    res = koop(ws, "sync")
    assert res.returncode == 1 and "not a git repository" in res.stderr
    assert git(tmp_path, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode != 0


def test_git_dir_in_the_environment_cannot_redirect_sync(team, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    (other / "x").write_text("x")
    commit_all(other, "other")
    before = (git(other, "rev-parse", "HEAD").stdout, git(other, "status", "--porcelain").stdout)
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    env = {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other), "GIT_INDEX_FILE": str(other / ".git/index")}
    res = koop(team.a, "sync", env=env)
    assert res.returncode == 0, res.stderr
    assert (git(other, "rev-parse", "HEAD").stdout, git(other, "status", "--porcelain").stdout) == before
    assert git(other, "config", "--get", "merge.koop.driver", check=False).stdout == ""
    assert git(team.a, "log", "-1", "--format=%s", "origin/main").stdout.strip() == \
        "Update 1 partner file by hand: acme"


@pytest.mark.parametrize("hand_edit", [False, True])
def test_only_koop_files_are_committed_by_sync(team, hand_edit):
    (team.a / "notes.txt").write_text("private\n")
    if hand_edit:
        append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    sync = team.sync(team.a)
    assert sync.returncode == 0, sync.stderr
    assert git(team.a, "status", "--porcelain").stdout == "?? notes.txt\n"


@pytest.mark.parametrize("edit", ["syntax", "unusable", "new file", "settings"])
def test_a_hand_edit_that_breaks_a_file_is_not_shared(team, edit):
    """Teammates' koop would skip the partner (or fall back to default settings) and their next merge of the
    file would stop: sync commits nothing, says which file and line, and how to get out."""
    acme = team.a / "partners/acme.toml"
    append_touch(acme, "aa11", "2026-11-20")  # a good edit waits with the broken one
    path, old, new = {
        "syntax": ("partners/acme.toml", "", 'name = "Acme\n'),
        "unusable": ("partners/acme.toml", 'name = "Acme"', "name = 5"),
        "new file": ("partners/new.toml", "", 'name = "New"\nslug = "new"\ntags = [\n'),
        "settings": ("koop.toml", "", "auto_commit = [\n"),
    }[edit]
    target = team.a / path
    text = target.read_text() if target.exists() else ""
    target.write_text(text.replace(old, new) if old else text + new)
    head, remote = _head(team.a), git(team.a, "rev-parse", "origin/main").stdout
    res = team.sync(team.a)
    assert res.returncode == 1
    assert f"refusing to sync: {path} is broken (line " in res.stderr and f"git restore {path}" in res.stderr
    assert _head(team.a) == head and git(team.a, "rev-parse", "origin/main").stdout == remote
    assert "aa11" in acme.read_text() and new in target.read_text()  # both edits are still there
    git(team.a, "checkout", "--", *{"partners/acme.toml", path} - {"partners/new.toml"})
    (team.a / "partners/new.toml").unlink(missing_ok=True)
    assert team.sync(team.a).returncode == 0


def test_a_hand_edit_that_leaves_problems_but_loads_is_shared(team):
    """An unknown stage or an open [[conflicts]] record still loads: everyone's `koop check` shows it."""
    acme = team.a / "partners/acme.toml"
    acme.write_text(acme.read_text().replace('stage = "active"', 'stage = "aktiv"'))
    res = team.sync(team.a)
    assert res.returncode == 0, res.stderr
    assert 'stage = "aktiv"' in git(team.a, "show", "origin/main:partners/acme.toml").stdout
