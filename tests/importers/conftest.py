"""A fresh workspace and a way to run `koop` on it as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMPORT_DAY = "2026-11-20"  # the day every import here runs: partners it creates say `imported = 2026-11-20`


@pytest.fixture
def workspace(tmp_path) -> Path:
    """An empty workspace: the shipped koop.toml and an empty partners/ directory."""
    root = tmp_path / "ws"
    (root / "partners").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "koop.toml", root / "koop.toml")
    return root


@pytest.fixture
def koop(workspace):
    """Run `koop ARGS...` on the workspace on IMPORT_DAY; returns the CompletedProcess (text mode)."""

    def run(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "koop_tui", "-w", str(root or workspace), *args],
            cwd=ROOT, capture_output=True, text=True, timeout=120, env=dict(os.environ, KOOP_TODAY=IMPORT_DAY),
        )

    return run


@pytest.fixture
def snapshot():
    """Every file of a workspace (outside .git) and its bytes."""

    def take(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts
        }

    return take
