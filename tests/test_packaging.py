"""The shipped defaults travel with a non-editable install."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(600)
def test_wheel_contains_shipped_config(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("koop-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "koop_tui/_config/koop.toml" in names
        assert zf.read("koop_tui/_config/koop.toml") == (ROOT / "config" / "koop.toml").read_bytes()
        assert any(n.endswith("entry_points.txt") and b"koop = koop_tui.__main__:main" in zf.read(n) for n in names)
