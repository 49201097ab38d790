"""Run the real `koop` command in a subprocess with a fixed today."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    from koop_tui.__main__ import main

    def run(*args: str, cwd: Path, today: str = "2026-11-20") -> subprocess.CompletedProcess:
        monkeypatch.chdir(cwd)
        monkeypatch.setenv("KOOP_TODAY", today)
        monkeypatch.setenv("KOOP_USER", "anna")
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run
