"""`koop check`: every problem sorted as path:line:col, a summary line, exit 1 on errors."""

from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config" / "koop.toml"


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "partners").mkdir()
    shutil.copy(CONFIG, tmp_path / "koop.toml")
    (tmp_path / "partners" / "ok.toml").write_text('name = "Ok"\nslug = "ok"\n')
    return tmp_path


def test_check_clean_workspace(koop, tmp_path):
    result = koop("check", cwd=_workspace(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok: 1 partner, no problems\n", "")


def test_check_lists_problems_sorted_and_exits_1(koop, tmp_path):
    root = _workspace(tmp_path)
    (root / "partners" / "zeta.toml").write_text('name = "Z"\nslug = "zeta"\nstage = "old"\n')
    (root / "partners" / "alpha.toml").write_bytes(b"")
    (root / "partners" / "Beta.toml").write_text("x")
    result = koop("check", cwd=root / "partners")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "partners/Beta.toml: warning: not a partner file name, ignored "
        "(names are lowercase letters, digits and -, ending in .toml)",
        "partners/alpha.toml:1: empty file (restore it from git, or delete it)",
        "partners/zeta.toml:3:1: unknown stage 'old' (known: imported, prospect, vetting, active, dormant, ended)",
        "2 errors, 1 warning in 3 files; 2 partners loaded",
    ]


def test_check_outside_a_workspace_is_a_short_error(koop, tmp_path):
    result = koop("check", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("koop: no koop workspace here") and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2
