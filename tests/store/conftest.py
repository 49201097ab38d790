"""A fresh workspace directory for store tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "config" / "koop.toml"


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    (root / "partners").mkdir(parents=True)
    shutil.copy(CONFIG, root / "koop.toml")
    (root / "partners" / "ok.toml").write_text('name = "Ok"\nslug = "ok"\n')
    return root


def use_helper(monkeypatch, chunk_files: int) -> None:
    """Cold loads parse with the helper process whatever their size, in chunks of chunk_files files. It is a
    fresh interpreter, as in the app: a fork of this process would carry the test's patches (test_due_cache
    has a test of the forked helper, in a process of its own)."""
    from koop_tui.index import parallel

    monkeypatch.setattr(parallel, "FORK", False)
    monkeypatch.setattr(parallel, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_FILES", chunk_files)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.delenv("KOOP_NO_POOL", raising=False)
