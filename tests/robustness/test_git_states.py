"""Odd repository states and a missing or broken git: koop explains, keeps the data, never makes it worse."""

from __future__ import annotations

import os
import stat
import time

import pytest

from koop_tui.sync import git as kgit
from koop_tui.store import load_workspace

from .conftest import assert_short_error, git, snapshot


def head_of(root) -> str:
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def mid_rebase(git_ws):
    """A rebase stopped on a conflict in partners/nord.toml."""
    git(git_ws, "checkout", "-qb", "other")
    with open(git_ws / "partners" / "nord.toml", "a") as handle:
        handle.write('note = "other"\n')
    git(git_ws, "commit", "-qam", "other")
    git(git_ws, "checkout", "-q", "main")
    with open(git_ws / "partners" / "nord.toml", "a") as handle:
        handle.write('note = "main"\n')
    git(git_ws, "commit", "-qam", "main")
    git(git_ws, "checkout", "-q", "other")
    proc = os.system(f"cd {git_ws} && git rebase main >/dev/null 2>&1")
    assert proc != 0 and (git_ws / ".git" / "rebase-merge").is_dir()
    return git_ws


def test_sync_refuses_during_a_rebase_and_touches_nothing(mid_rebase, koop):
    before, head = snapshot(mid_rebase), head_of(mid_rebase)
    ran = koop("sync", cwd=mid_rebase)
    assert_short_error(ran, 1, "a rebase is in progress", "git rebase --continue")
    assert snapshot(mid_rebase) == before and head_of(mid_rebase) == head
    assert (mid_rebase / ".git" / "rebase-merge").is_dir()


def test_check_names_the_conflict_of_a_stopped_rebase(mid_rebase, koop):
    ran = koop("check", cwd=mid_rebase)
    assert ran.code == 1
    assert "partners/nord.toml:4: unresolved merge conflict in partners/nord.toml, lines 4\u20138" in ran.out


def test_logging_during_a_rebase_saves_but_does_not_commit(mid_rebase, koop):
    head = head_of(mid_rebase)
    ran = koop("log", "acme", "call", "--note", "mid-rebase", cwd=mid_rebase)
    assert ran.code == 0 and "a rebase is in progress" in ran.err and "the change is saved" in ran.err
    assert head_of(mid_rebase) == head
    assert "mid-rebase" in (mid_rebase / "partners" / "acme.toml").read_text()


def test_detached_head_sync_refuses_and_log_does_not_commit(git_ws, koop):
    git(git_ws, "checkout", "-q", "--detach")
    head = head_of(git_ws)
    ran = koop("sync", cwd=git_ws)
    assert_short_error(ran, 1, "HEAD is detached")
    ran = koop("log", "acme", "call", "--note", "detached", cwd=git_ws)
    assert ran.code == 0 and "HEAD is detached" in ran.err
    assert head_of(git_ws) == head and "detached" in (git_ws / "partners" / "acme.toml").read_text()


def test_a_stale_index_lock_is_explained_and_left_alone(git_ws, koop):
    lock = git_ws / ".git" / "index.lock"
    lock.write_bytes(b"")
    ran = koop("sync", cwd=git_ws)
    assert_short_error(ran, 1, "index.lock")
    assert lock.exists()


def test_log_with_auto_commit_works_on_a_normal_branch(git_ws, koop):
    head = head_of(git_ws)
    ran = koop("log", "acme", "call", cwd=git_ws)
    assert (ran.code, ran.err) == (0, "")
    assert head_of(git_ws) != head and git(git_ws, "status", "--porcelain") == ""


def fake_git(tmp_path, body: str):
    """A directory holding only a `git` script with `body`, to put first on PATH."""
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    script = bindir / "git"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bindir


def test_without_git_sync_says_so_and_log_still_saves(git_ws, koop, monkeypatch, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ran = koop("sync", cwd=git_ws)
    assert_short_error(ran, 1, "git is not installed")
    ran = koop("log", "acme", "call", "--note", "no git", cwd=git_ws)
    assert ran.code == 0 and "Traceback" not in ran.err
    assert "no git" in (git_ws / "partners" / "acme.toml").read_text()


def test_a_git_that_always_fails_gives_one_line(git_ws, koop, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", f"{fake_git(tmp_path, 'echo fatal: broken >&2; exit 1')}:{os.environ['PATH']}")
    before = snapshot(git_ws)
    ran = koop("sync", cwd=git_ws)
    assert_short_error(ran, 1)
    assert snapshot(git_ws) == before
    ran = koop("log", "acme", "call", cwd=git_ws)
    assert ran.code == 0 and "Traceback" not in ran.err


def test_a_hanging_git_is_cut_off_by_the_timeout(git_ws, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", f"{fake_git(tmp_path, 'exec sleep 30')}:{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(kgit.GitError, match="did not finish within 1 s"):
        kgit.run(git_ws, "status", timeout=1.0)
    assert time.monotonic() - started < 10


def test_git_env_from_a_hook_never_reaches_another_repository(git_ws, koop, monkeypatch, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    before = sorted(p.name for p in (other / ".git").iterdir())
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    ran = koop("log", "acme", "call", cwd=git_ws)
    assert ran.code == 0
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_INDEX_FILE")
    monkeypatch.delenv("GIT_WORK_TREE")
    assert sorted(p.name for p in (other / ".git").iterdir()) == before
    assert git(git_ws, "log", "-1", "--format=%s").startswith("Log call")


def test_a_workspace_that_is_not_a_repository_logs_without_git_noise(ws, koop):
    ran = koop("log", "acme", "call", cwd=ws)
    assert (ran.code, ran.err) == (0, "")
    assert len(load_workspace(ws).partners["acme"].touchpoints) == 2
