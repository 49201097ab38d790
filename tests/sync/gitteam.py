"""Real git for sync tests: a bare remote and two clones `a` and `b` of one workspace, and file helpers."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

from koop_tui.canonical import canonical_partner_dict, dumps

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


def koop(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would, from `cwd`, without installing the package."""
    full = dict(os.environ, PYTHONPATH=str(PROJECT), KOOP_TODAY=TODAY, **(env or {}))
    return subprocess.run([sys.executable, "-m", "koop_tui", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=120)


def partner_text(slug: str, name: str, **fields) -> str:
    return dumps(canonical_partner_dict({"name": name, "slug": slug, **fields}))


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def touch_ids(path: Path) -> list[str]:
    return [t["id"] for t in read(path).get("touchpoints", [])]


def append_touch(path: Path, tid: str, day: str, kind: str = "call", by: str = "anna", note: str = "") -> None:
    """Append a touchpoint the way the store does: a few lines at the end, nothing else changes."""
    block = f'\n[[touchpoints]]\nid = "{tid}"\ndate = {day}\nkind = "{kind}"\nby = "{by}"\n'
    if note:
        block += f'note = "{note}"\n'
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")


def set_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)


class Team:
    """A bare remote with clones `a` and `b` of a small workspace (acme, muster-gmbh, nord-design)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.remote = base / "remote.git"
        git(base, "init", "-q", "--bare", "-b", "main", str(self.remote))
        seed = base / "seed"
        seed.mkdir()
        git(seed, "init", "-q", "-b", "main")
        (seed / "koop.toml").write_text('name = "Team"\n', encoding="utf-8")
        (seed / ".gitattributes").write_text("partners/*.toml merge=koop\nkoop.toml merge=koop\n")
        partners = seed / "partners"
        partners.mkdir()
        (partners / "acme.toml").write_text(partner_text(
            "acme", "Acme", stage="active", tags=["agency"],
            contacts=[{"id": "jana", "name": "Jana Weber", "phone": "+49 30 0"}],
            touchpoints=[{"id": "t0a1", "date": date(2026, 10, 1), "kind": "call", "by": "anna"}],
        ))
        (partners / "muster-gmbh.toml").write_text(partner_text("muster-gmbh", "Muster GmbH", stage="vetting"))
        (partners / "nord-design.toml").write_text(partner_text("nord-design", "Nord Design"))
        commit_all(seed, "Start workspace")
        git(seed, "push", "-q", str(self.remote), "HEAD:refs/heads/main")
        self.a = self.clone("a")
        self.b = self.clone("b")

    def clone(self, name: str) -> Path:
        git(self.base, "clone", "-q", str(self.remote), name)
        return self.base / name

    def sync(self, clone: Path, *args: str) -> subprocess.CompletedProcess:
        return koop(clone, "sync", *args)

    def files(self, clone: Path) -> dict[str, bytes]:
        out = {}
        for path in sorted(clone.rglob("*")):
            if ".git" not in path.relative_to(clone).parts and path.is_file():
                out[path.relative_to(clone).as_posix()] = path.read_bytes()
        return out
