"""Random concurrent edits on two sides: the merge keeps every touchpoint and yields valid canonical TOML."""

from __future__ import annotations

import copy
import random
import re
import tomllib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gitteam import Team, commit_all, git, koop

from koop_tui.canonical import canonical_partner_dict, dumps
from koop_tui.sync.merge import merge_texts

BASE = {
    "name": "Acme", "slug": "acme", "stage": "active", "note": "base",
    "contacts": [{"id": "jana", "name": "Jana", "phone": "0"}, {"id": "tom", "name": "Tom", "role": "CTO"}],
    "touchpoints": [{"id": "t0000", "date": date(2026, 1, 1), "kind": "call"}],
    "followups": [{"id": "f0000", "due": date(2026, 2, 1), "text": "Send offer"}],
}
FIELDS = [("stage", ("prospect", "vetting", "dormant", "ended")), ("note", ("x", "y", "")), ("owner", ("anna", "tom"))]
CONTACT_FIELDS = [("phone", ("1", "2", "3")), ("role", ("CEO", "CTO", ""))]

ops = st.one_of(
    st.tuples(st.just("touch"), st.integers(1, 28), st.sampled_from(["call", "mail"]), st.lists(
        st.sampled_from(["jana", "tom"]), max_size=2, unique=True)),
    st.tuples(st.just("field"), st.integers(0, len(FIELDS) - 1), st.integers(0, 2)),
    st.tuples(st.just("contact"), st.sampled_from(["jana", "tom"]), st.integers(0, 1), st.integers(0, 2)),
    st.tuples(st.just("followup"), st.integers(1, 28)),
    st.tuples(st.just("done"), st.integers(1, 28)),
)


def apply(doc: dict, script: list[tuple], side: str) -> set[str]:
    """Apply an edit script; return the ids of the touchpoints it created."""
    created = set()
    for n, op in enumerate(script):
        if op[0] == "touch":
            tid = f"{side}{n:04d}"
            created.add(tid)
            doc["touchpoints"].append({"id": tid, "date": date(2026, 3, op[1]), "kind": op[2], "contacts": op[3]})
        elif op[0] == "field":
            name, values = FIELDS[op[1]]
            doc[name] = values[op[2] % len(values)]
        elif op[0] == "contact":
            contact = next(c for c in doc["contacts"] if c["id"] == op[1])
            name, values = CONTACT_FIELDS[op[2]]
            contact[name] = values[op[3] % len(values)]
        elif op[0] == "followup":
            doc["followups"].append({"id": f"{side}f{n:03d}", "due": date(2026, 4, op[1]), "text": "Call back"})
        else:
            doc["followups"][0]["done"] = date(2026, 5, op[1])
    return created


def text_of(doc: dict) -> str:
    return dumps(canonical_partner_dict(doc))


def check_merge(base: str, ours: str, theirs: str, created: set[str]) -> dict:
    out = merge_texts(base, ours, theirs)
    data = tomllib.loads(out.text)
    assert created <= {t["id"] for t in data["touchpoints"]}
    assert text_of(data) == out.text or out.text in (ours, theirs)
    ids = [c["id"] for c in data.get("conflicts", [])]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9]{4,12}", i) for i in ids)
    contacts = {c["id"] for c in data["contacts"]}
    assert all(set(t.get("contacts", [])) <= contacts for t in data["touchpoints"])
    return data


@settings(max_examples=100, deadline=None)
@given(st.lists(ops, max_size=8), st.lists(ops, max_size=8))
def test_random_concurrent_edits_keep_every_touchpoint(script_a, script_b):
    a, b = copy.deepcopy(BASE), copy.deepcopy(BASE)
    created = apply(a, script_a, "a") | apply(b, script_b, "b")
    base, ours, theirs = text_of(BASE), text_of(a), text_of(b)
    data = check_merge(base, ours, theirs, created)
    swapped = check_merge(base, theirs, ours, created)
    assert {t["id"] for t in data["touchpoints"]} == {t["id"] for t in swapped["touchpoints"]}
    conflicts = {c["field"] for c in data.get("conflicts", [])}
    for name, _ in FIELDS:
        if name not in conflicts:
            assert data.get(name) == swapped.get(name)  # no disagreement: same answer whoever merges


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_through_real_git_and_koop_sync(tmp_path, seed):
    rnd = random.Random(seed)
    team = Team(tmp_path)
    created = set()
    for clone, side in ((team.a, "a"), (team.b, "b")):
        path = clone / "partners/acme.toml"
        doc = tomllib.loads(path.read_text())
        doc.setdefault("followups", [{"id": "f0000", "due": date(2026, 2, 1), "text": "Send offer"}])
        script = [_random_op(rnd) for _ in range(rnd.randint(2, 6))]
        created |= apply(doc, script, side)
        path.write_text(text_of(doc))
        commit_all(clone, f"Edit on {side}")
    for clone in (team.a, team.b, team.a):
        res = koop(clone, "sync")
        assert res.returncode == 0 or "conflicts to resolve" in res.stderr, res.stderr  # 1: conflicts left
    assert team.files(team.a) == team.files(team.b)
    data = tomllib.loads((team.a / "partners/acme.toml").read_text())
    assert created <= {t["id"] for t in data["touchpoints"]}
    assert git(team.a, "status", "--porcelain").stdout == ""


def _random_op(rnd: random.Random) -> tuple:
    kind = rnd.choice(["touch", "field", "contact", "followup"])
    if kind == "touch":
        return ("touch", rnd.randint(1, 28), rnd.choice(["call", "mail"]), rnd.sample(["jana"], rnd.randint(0, 1)))
    if kind == "field":
        return ("field", rnd.randrange(len(FIELDS)), rnd.randrange(3))
    if kind == "contact":
        return ("contact", "jana", rnd.randrange(2), rnd.randrange(3))
    return ("followup", rnd.randint(1, 28))
