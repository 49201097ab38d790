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
