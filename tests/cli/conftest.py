"""Run the real `koop` command in a subprocess with a fixed today."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
