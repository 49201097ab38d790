"""Three clones of one bare remote, random edit scripts, syncs in random order until quiet.

All clones end identical, every touchpoint written anywhere is there (unless its partner's file is gone),
and a field both sides changed differently is a visible conflict.
"""

from __future__ import annotations

import tempfile
import tomllib
from datetime import date
from pathlib import Path

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from gitteam import Team, git
from koop_tui.canonical import canonical_partner_dict, dumps
from koop_tui.sync import run_sync

SLUGS = ("acme", "muster-gmbh", "nord-design")
OPS = ("log", "set", "contact", "snooze", "followup", "done", "comment", "delete")

op = st.tuples(st.integers(0, 2), st.sampled_from(OPS), st.integers(0, 2), st.integers(0, 3))
script = st.lists(st.one_of(op, st.tuples(st.just(-1), st.integers(0, 2))), max_size=10)


def _load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, doc: dict) -> None:
    """A rewrite as an editor that knows only the data would make it (comments go)."""
    path.write_text(dumps(canonical_partner_dict(doc)), encoding="utf-8")


def edit(clone: Path, n: int, action: str, which: int, value: int, logged: dict[str, str]) -> None:
    slug = SLUGS[which]
    path = clone / "partners" / f"{slug}.toml"
    if not path.exists():
        return
    name = f"{clone.name}{n}"
    if action == "comment":  # a hand edit that keeps everything else
        path.write_text(f"# note {name}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        return
    if action == "delete":
        if slug == "nord-design":  # one of three: deleting more is refused as a mass deletion
            path.unlink()
        return
    doc = _load(path)
    if action == "log":
        doc.setdefault("touchpoints", []).append({"id": name, "date": date(2026, 11, 1 + value), "kind": "call",
                                                 "by": clone.name})
        logged[name] = slug
    elif action == "set":
        doc["stage"] = ("prospect", "vetting", "active", "dormant")[value]
    elif action == "contact":
        doc.setdefault("contacts", []).append({"id": name, "name": f"Person {name}"})
    elif action == "snooze":
        doc["snoozed_until"] = date(2026, 12, 1 + value)
    elif action == "followup":
        doc.setdefault("followups", []).append({"id": name, "due": date(2026, 12, 1 + value), "text": "Call"})
    elif action == "done" and doc.get("followups"):
        doc["followups"][value % len(doc["followups"])]["done"] = date(2026, 11, 20 + value)
    _write(path, doc)


def sync(clone: Path) -> str:
    result = run_sync(clone)
    assert result.ok, (clone.name, result.message, result.hint)
    return git(clone, "rev-parse", "HEAD").stdout


@settings(max_examples=12, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(script)
def test_three_clones_end_identical_with_every_touchpoint_and_every_conflict(steps):
    with tempfile.TemporaryDirectory() as tmp:
        team = Team(Path(tmp))
        clones = [team.a, team.b, team.clone("c")]
        logged: dict[str, str] = {}
        # One field changed differently on two clones before either saw the other: a conflict for sure.
        for clone, note in ((team.a, "from a"), (team.b, "from b")):
            path = clone / "partners/acme.toml"
            _write(path, dict(_load(path), note=note))
        for n, step in enumerate(steps):
            if step[0] == -1:
                sync(clones[step[1]])
            else:
                edit(clones[step[0]], n, *step[1:], logged)
        for _ in range(6):  # until quiet: a full round in which no clone's HEAD moves
            before = [git(c, "rev-parse", "HEAD").stdout for c in clones]
            after = [sync(c) for c in clones]
            if after == before and len(set(after)) == 1:
                break
        else:
            raise AssertionError("syncs did not settle")
        files = team.files(clones[0])
        assert all(team.files(c) == files for c in clones[1:])
        for tid, slug in logged.items():
            path = f"partners/{slug}.toml"
            if path in files:
                assert tid in {t["id"] for t in tomllib.loads(files[path].decode()).get("touchpoints", [])}, tid
        acme = tomllib.loads(files["partners/acme.toml"].decode())
        assert "note" in {c["field"] for c in acme.get("conflicts", [])}
        assert all(git(c, "status", "--porcelain").stdout == "" for c in clones)
