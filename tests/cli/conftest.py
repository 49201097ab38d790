"""Run the real `koop` command in a subprocess with a fixed today."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.app.workspace import write_workspace
from tests.conftest import koop_here

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def koop():
    def run(*args: str, cwd: Path, today: str = "2026-11-20", env: dict | None = None) -> subprocess.CompletedProcess:
        full_env = dict(os.environ, KOOP_TODAY=today, PYTHONPATH=str(REPO), KOOP_USER="anna") | (env or {})
        return subprocess.run(
            [sys.executable, "-m", "koop_tui", *args], cwd=cwd, env=full_env, capture_output=True, text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def koop_inproc(monkeypatch, capsys):
    """The same `koop` entry point in this process: for the many short error cases, where speed matters."""

    def run(*args: str, cwd: Path, today: str = "2026-11-20") -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess(args, *koop_here(monkeypatch, capsys, args, cwd, today))

    return run


@pytest.fixture
def ws(tmp_path):
    """The small workspace of the app tests (tests/app/workspace.py: Muster GmbH, Print Ahoi, …), no git."""
    return write_workspace(tmp_path / "ws")


@pytest.fixture
def acme(koop_inproc, tmp_path) -> Path:
    """A workspace made by koop itself: the partner Acme (file acme.toml) with one contact, Jana Weber (jana)."""
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    koop_inproc("add", "partner", "Acme", cwd=root)
    koop_inproc("add", "contact", "acme", "Jana Weber", cwd=root)
    return root


def git(root, *args: str) -> str:
    """git in the workspace; its output (a failing git fails the test)."""
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def data(root, slug: str = "muster-gmbh") -> dict:
    """A partner file as TOML data."""
    return tomllib.loads((root / "partners" / f"{slug}.toml").read_text(encoding="utf-8"))


def files(root) -> dict[str, bytes]:
    """Every partner file's bytes: to show a refused command wrote nothing."""
    return {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
