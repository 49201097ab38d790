"""The attack suite's tools: a small workspace, byte snapshots of every file, and koop run in or out of process."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import koop_here

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config" / "koop.toml"
TODAY = "2026-11-20"

ACME = """\
# Acme: our best partner
name = "Acme GmbH"
slug = "acme"
stage = "active"
tags = ["agency"]
since = 2021-03-01

[[contacts]]
id = "jana"
name = "Jana Weber"
phone = "+49 30 1234567"

[[touchpoints]]
id = "a81f"
date = 2026-10-02
kind = "call"
contacts = ["jana"]
note = "Talked about Q1."

[[followups]]
id = "b12c"
due = 2026-11-30
text = "Send offer"
contact = "jana"
"""

NORD = 'name = "Nord Design"\nslug = "nord"\nstage = "prospect"\n'


@dataclass
class Ran:
    """What one koop run did: exit code and both streams as text."""

    code: int
    out: str
    err: str


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under `root` (outside .git): file bytes, link targets, and the kind of anything else."""
    found: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                found[rel] = ("symlink", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as handle:
                    found[rel] = (stat.S_IMODE(st.st_mode), handle.read())
            else:
                found[rel] = ("special", stat.S_IFMT(st.st_mode))
    return found


def assert_short_error(ran: Ran, code: int, *needles: str) -> None:
    """Exit `code`, a one- or two-line message on stderr (after any usage line), no traceback, every needle in it."""
    assert ran.code == code, (ran.code, ran.out, ran.err)
    assert "Traceback" not in ran.err + ran.out and "internal error" not in ran.err
    lines = [ln for ln in ran.err.splitlines() if ln.strip()]
    if code == 2 and lines and lines[0].startswith("usage:"):
        lines = [ln for ln in lines if ln.startswith("koop:")]
    assert 1 <= len(lines) <= 2, ran.err
    assert lines[0].startswith("koop:"), ran.err
    for needle in needles:
        assert needle in ran.err, (needle, ran.err)


@pytest.fixture
def ws(tmp_path) -> Path:
    """A workspace with koop.toml and two partners (not a git repository; see `git_ws`)."""
    root = tmp_path / "ws"
    (root / "partners").mkdir(parents=True)
    shutil.copy(CONFIG, root / "koop.toml")
    (root / "partners" / "acme.toml").write_text(ACME)
    (root / "partners" / "nord.toml").write_text(NORD)
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_ws(ws) -> Path:
    """`ws` as a git repository with one commit."""
    git(ws, "init", "-q")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "start")
    return ws


@pytest.fixture
def koop(monkeypatch, capsys):
    """Run `koop ARGS` in this process (fast, and monkeypatch reaches it); returns a Ran."""

    def run(*args: str, cwd: Path) -> Ran:
        return Ran(*koop_here(monkeypatch, capsys, args, cwd, TODAY))

    return run


@pytest.fixture
def koop_process():
    """Run the real `koop` command in a subprocess (for crashes, limits and concurrency)."""

    def run(*args: str, cwd: Path, env: dict | None = None, timeout: float = 60, **kw) -> Ran:
        full = dict(os.environ, KOOP_TODAY=TODAY, KOOP_USER="anna", PYTHONPATH=str(REPO)) | (env or {})
        proc = subprocess.run([sys.executable, "-m", "koop_tui", *args], cwd=cwd, env=full, capture_output=True,
                              timeout=timeout, **kw)
        return Ran(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))

    return run

CONFLICT_FILE = NORD.replace('stage = "prospect"\n', "").replace('slug = "nord"', 'slug = "conflict"') + (
    '<<<<<<< HEAD\nstage = "active"\n=======\nstage = "dormant"\n>>>>>>> theirs\n'
)
