"""Writes into a partner file with errors are refused, except the one that fixes a broken field; auto-commit never
commits a partner file with errors. Real `koop` processes on a real git repository."""

from __future__ import annotations

import pytest

from tests.cli.conftest import git

ACME = """name = "Acme"
slug = "acme"
stage = "active"
owner = "anna"
since = 2025-01-01

[[contacts]]
id = "jana"
name = "Jana Weber"
"""
BROKEN = ACME.replace('stage = "active"', 'stage = "activ"')
PROBLEM = ("partners/acme.toml:3:1: unknown stage 'activ' (known: imported, prospect, vetting, active, dormant, ended) "
           "(did you mean 'active'?)")


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    (root / "partners" / "acme.toml").write_text(ACME, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "Acme")
    return root


WRITES = {
    "log": ("log", "acme/jana", "call"),
    "set": ("set", "acme", "cadence=30"),
    "snooze": ("snooze", "acme", "--until", "+2w"),
    "add contact": ("add", "contact", "acme", "Tom Berg"),
    "add followup": ("add", "followup", "acme", "Send offer", "--due", "+3d"),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_into_a_file_with_errors_is_refused_with_its_problems(koop, root, name):
    path = root / "partners" / "acme.toml"
    path.write_text(BROKEN, encoding="utf-8")
    head = git(root, "rev-parse", "HEAD")
    run = koop(*WRITES[name], cwd=root)
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines() == [
        "koop: partners/acme.toml has 1 problem, nothing was written:",
        f"  {PROBLEM}",
        "  hint: fix the file first (koop check): change the broken field, or edit it",
    ]
    assert path.read_text(encoding="utf-8") == BROKEN
    assert git(root, "rev-parse", "HEAD") == head  # nothing committed, not even the hand edit


def test_the_change_that_fixes_the_broken_field_is_allowed_and_committed_alone(koop, root):
    path = root / "partners" / "acme.toml"
    path.write_text(BROKEN, encoding="utf-8")
    run = koop("set", "acme", "stage=active", cwd=root)  # no question about the vetting of a stage never read
    assert (run.returncode, run.stdout, run.stderr) == (0, "Set stage=active for Acme\n", "")
    assert path.read_text(encoding="utf-8") == ACME
    assert git(root, "status", "--porcelain") == ""
    assert 'stage = "activ"' not in git(root, "log", "-p")  # the broken hand edit was never committed


def test_a_fix_that_leaves_another_error_is_written_but_not_committed_and_said_once(koop, root):
    path = root / "partners" / "acme.toml"
    path.write_text(BROKEN.replace("since = 2025-01-01", 'since = "someday"'), encoding="utf-8")
    head = git(root, "rev-parse", "HEAD")
    run = koop("set", "acme", "stage=active", cwd=root)
    assert run.returncode == 0
    assert 'stage = "active"' in path.read_text(encoding="utf-8")
    assert git(root, "rev-parse", "HEAD") == head
    warnings = [line for line in run.stderr.splitlines() if "not committed" in line]
    assert warnings == ["koop: warning: partners/acme.toml has 1 problem and was not committed "
                        "(first: partners/acme.toml:5:1: since is not a valid date: 'someday' (use YYYY-MM-DD)); "
                        "fix it (koop check)"]
    fixed = koop("set", "acme", "since=2025-01-01", cwd=root)
    assert fixed.returncode == 0 and fixed.stderr == ""
    assert git(root, "status", "--porcelain") == ""  # the fix commits the file, with the earlier change
