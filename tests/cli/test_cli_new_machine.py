"""A new machine: git knows nobody (no user.name, no user.email), or git is not installed. The README's first
command, `koop demo`, ended there in an internal error; every command now says what is missing and what to do,
and what works without git works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.cli.conftest import REPO

NOBODY = "git does not know who you are; tell it once: git config --global user.name \"Your Name\" and " \
         "git config --global user.email you@example.com"


@pytest.fixture
def nobody(monkeypatch, tmp_path):
    """git with no identity anywhere: no GIT_AUTHOR_*, an empty global config, and no name for this host."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "empty.gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))


@pytest.fixture
def no_git(monkeypatch, tmp_path):
    """A PATH with Python but no git."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(sys.executable, bin_dir / "python3")
    monkeypatch.setenv("PATH", str(bin_dir))


def koop(*args: str, cwd, today: str = "2026-11-20") -> subprocess.CompletedProcess:
    env = dict(os.environ, KOOP_TODAY=today, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "koop_tui", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def git(root, *args: str) -> str:
    return subprocess.run([shutil.which("git") or "git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout


def test_the_demo_commits_as_its_persona_where_git_knows_nobody(nobody, tmp_path):
    run = koop("demo", "--no-open", str(tmp_path / "demo"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ("koop: note: git does not know who you are; the demo commits as Anna Berger "
                          "<anna@demo.invalid>, in its own repository only\n")
    assert git(tmp_path / "demo", "log", "--format=%an <%ae>|%s") == "Anna Berger <anna@demo.invalid>|Demo workspace\n"
    logged = koop("log", "pixelwerk", "call", cwd=tmp_path / "demo")  # the app's and the CLI's changes commit too
    assert logged.returncode == 0 and logged.stderr == ""
    assert git(tmp_path / "demo", "log", "-1", "--format=%an|%s") == "Anna Berger|Log call with Pixelwerk Berlin\n"
    assert git(tmp_path / "demo", "config", "--local", "user.email") == "anna@demo.invalid\n"


def test_the_demo_keeps_the_identity_git_has(tmp_path):
    run = koop("demo", "--no-open", str(tmp_path / "demo"), cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, "")
    assert git(tmp_path / "demo", "log", "--format=%an <%ae>") == "Anna Test <anna@example.test>\n"
    assert subprocess.run(["git", "-C", str(tmp_path / "demo"), "config", "--local", "user.email"]).returncode == 1


def test_a_change_where_git_knows_nobody_is_saved_and_says_how_to_commit(nobody, tmp_path):
    assert koop("init", str(tmp_path / "ws"), cwd=tmp_path).returncode == 0
    run = koop("add", "partner", "Acme", cwd=tmp_path / "ws")
    assert run.returncode == 0
    assert run.stderr == f"koop: warning: not committed: {NOBODY} (the change is saved)\n"
    assert (tmp_path / "ws" / "partners" / "acme.toml").is_file()
    history = koop("history", cwd=tmp_path / "ws")  # no commit yet: the journal tells, no internal error
    assert (history.returncode, history.stderr) == (0, "")
    assert history.stdout.endswith("  New partner Acme\n")
    synced = koop("sync", cwd=tmp_path / "ws")
    assert synced.returncode == 1 and synced.stderr.startswith(f"koop: sync stopped: {NOBODY}\n")


def test_without_git_the_demo_and_a_new_workspace_work_and_say_what_is_missing(no_git, tmp_path):
    demo = koop("demo", "--no-open", str(tmp_path / "demo"), cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert demo.stderr == ("koop: note: git is not installed (or not on PATH): the demo works without it, with no "
                           "history in git and no sync\n")
    assert not (tmp_path / "demo" / ".git").exists() and len(list((tmp_path / "demo" / "partners").iterdir())) > 40
    due = koop("due", cwd=tmp_path / "demo")
    assert due.returncode == 0 and "Café Konzept Agentur" in due.stdout
    init = koop("init", str(tmp_path / "ws"), cwd=tmp_path)
    assert init.returncode == 0
    assert init.stderr.startswith("koop: warning: git is not installed (or not on PATH); the workspace works without "
                                  "it, with no history in git and no sync; once git is installed, run koop init here "
                                  "again\n")
    assert (tmp_path / "ws" / "koop.toml").is_file() and (tmp_path / "ws" / "partners").is_dir()
    logged = koop("log", "pixelwerk", "call", cwd=tmp_path / "demo")
    assert logged.returncode == 0 and "Logged call" in logged.stdout
    assert koop("history", cwd=tmp_path / "demo").stdout.endswith("  Log call with Pixelwerk Berlin\n")
    synced = koop("sync", cwd=tmp_path / "demo")
    assert synced.returncode == 1 and "git is not installed (or not on PATH)" in synced.stderr
    assert "internal error" not in demo.stderr + init.stderr + logged.stderr + synced.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_cannot_show_a_character_gets_a_question_mark_not_a_crash(tmp_path, encoding):
    """`koop due` in a Latin-1 locale ended in an internal error at the first — of its output."""
    assert koop("demo", "--no-open", str(tmp_path / "demo"), cwd=tmp_path).returncode == 0
    env = dict(os.environ, KOOP_TODAY="2026-11-20", PYTHONPATH=str(REPO), PYTHONIOENCODING=encoding)
    run = subprocess.run([sys.executable, "-m", "koop_tui", "due"], cwd=tmp_path / "demo", env=env,
                         capture_output=True, timeout=60)
    assert (run.returncode, run.stderr) == (0, b"")
    first = run.stdout.decode(encoding).splitlines()[0]
    assert first.startswith("overdue") and " ? Caf" in first  # the dash became ?, the é stays where it fits
    assert ("Café" in first) == (encoding == "latin-1")
