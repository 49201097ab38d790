"""The merge driver plain git runs survives a reinstall, and `koop check` says when it would not run."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tomllib

from gitteam import PROJECT, append_touch, commit_all, git, koop
from koop_tui.sync.driver import driver_problem, register_merge_driver


def _diverge(team) -> None:
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20", by="anna")
    commit_all(team.a, "Log aa11")
    git(team.a, "push", "-q", "origin", "main")
    append_touch(team.b / "partners/acme.toml", "bb22", "2026-11-21", by="tom")
    commit_all(team.b, "Log bb22")


def _lose_the_installation(clone) -> None:
    """The venv that registered the driver is gone (a pipx upgrade, a new virtual environment)."""
    launcher = clone / ".git/koop-merge-driver"
    launcher.write_text(re.sub(r"^py=.*$", "py=/nonexistent/venv/bin/python", launcher.read_text(), flags=re.M))


def test_after_a_reinstall_plain_git_pull_finds_koop_on_path(team, tmp_path):
    register_merge_driver(team.b)
    _lose_the_installation(team.b)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "koop"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{PROJECT}" exec "{sys.executable}" -m koop_tui "$@"\n')
    shim.chmod(0o755)
    _diverge(team)
    env = dict(os.environ, PATH=f"{bin_dir}:/usr/bin:/bin")
    env.pop("PYTHONPATH", None)
    import subprocess

    res = subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit"], cwd=team.b, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    data = tomllib.loads((team.b / "partners/acme.toml").read_text())
    assert [t["id"] for t in data["touchpoints"]] == ["t0a1", "aa11", "bb22"]


def test_check_warns_when_plain_git_would_not_merge_with_koop(team, monkeypatch, tmp_path):
    assert driver_problem(team.b).startswith("koop's merge driver is not registered in this clone")
    res = koop(team.b, "check")
    assert ".git/config: warning: koop's merge driver is not registered" in res.stdout
    assert "koop sync --repair" in res.stdout
    register_merge_driver(team.b)
    assert driver_problem(team.b) == ""
    assert "ok: 3 partners, no problems" in koop(team.b, "check").stdout
    _lose_the_installation(team.b)
    bare = tmp_path / "bare-bin"  # git and sh, but no koop and no Python that has it
    bare.mkdir()
    for tool in ("git", "sh"):
        (bare / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(bare))
    assert driver_problem(team.b) == ("the merge driver registered in .git/config finds no installed koop; "
                                      "run `koop sync --repair` (any `koop sync` registers the driver again)")
    git(team.b, "config", "merge.koop.driver", "PYTHONPATH=/x /gone/python -m koop_tui.cli.merge_driver %O %A %B %P")
    assert "(/gone/python no longer exists)" in driver_problem(team.b)
    monkeypatch.undo()
    repaired = koop(team.b, "sync", "--repair")  # the fix the warning names
    assert repaired.returncode == 0, repaired.stderr
    assert driver_problem(team.b) == ""
