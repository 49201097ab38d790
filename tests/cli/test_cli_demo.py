"""The demo workspace: deterministic, clean for `koop check`, and full of the situations koop handles."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date, timedelta

from koop_tui.demo import generate
from koop_tui.store import load_workspace

TODAY = date(2026, 11, 20)


def _digest(root) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        h.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_demo_is_deterministic_per_seed_and_today(tmp_path):
    generate(tmp_path / "a", TODAY)
    generate(tmp_path / "b", TODAY)
    generate(tmp_path / "c", TODAY, seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_demo_has_every_situation(tmp_path):
    generate(tmp_path, TODAY)
    ws = load_workspace(tmp_path)
    assert ws.problems == [] and len(ws.partners) >= 40
    partners = list(ws.partners.values())
    assert {p.stage for p in partners} == {"prospect", "vetting", "active", "dormant", "ended"}
    assert all(2 <= len(p.contacts) <= 4 for p in partners if p.slug != "fotostudio-lichtblick")
    contacts = [c for p in partners for c in p.contacts]
    assert any(c.left and c.successor for c in contacts)
    assert any(len(p.contacts) == 1 and p.contacts[0].left for p in partners)
    birthdays = [c.birthday for c in contacts if c.birthday]
    assert any(b.year is None for b in birthdays) and any(b.year for b in birthdays)
    assert any((b.month, b.day) == (2, 29) for b in birthdays)
    touches = [t for p in partners for t in p.touchpoints]
    assert {"gave", "received", "mutual"} <= {t.direction for t in touches}
    assert min(t.date for t in touches) <= TODAY - timedelta(days=300) and max(t.date for t in touches) <= TODAY
    assert any(not p.touchpoints for p in partners)
    open_followups = [f for p in partners for f in p.followups if f.done is None]
    assert any(f.due < TODAY for f in open_followups) and any(f.due == TODAY for f in open_followups)
    assert any(p.stage in ("prospect", "vetting") and p.vetting.contribution and p.vetting.missing() for p in partners)
    projects = [pr for p in partners for pr in p.projects]
    assert any(pr.end is None for pr in projects) and any(pr.end == TODAY - timedelta(days=14) for pr in projects)
    assert any(a.review == TODAY + timedelta(days=21) for p in partners for a in p.agreements)
    assert {p.owner for p in partners} == {"anna", "ben"} and ws.settings.default_owner == "anna"
    assert ws.settings.fairs and all(p.skills for p in partners)
    soon = [p for p in partners if p.since and 0 < (p.since.replace(year=TODAY.year) - TODAY).days <= 30]
    assert soon


def test_demo_command_makes_a_clean_git_repo(koop, tmp_path):
    result = koop("demo", "d", "--no-open", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == f"Demo workspace in {tmp_path / 'd'}\n"
    root = tmp_path / "d"
    git = lambda *a: subprocess.run(["git", *a], cwd=root, capture_output=True, text=True).stdout  # noqa: E731
    assert git("log", "--format=%s") == "Demo workspace\n" and git("status", "--porcelain") == ""
    assert koop("check", cwd=root).stdout == "ok: 45 partners, no problems\n"
    again = koop("demo", "d", "--no-open", cwd=tmp_path)
    assert again.returncode == 1 and "not empty" in again.stderr
