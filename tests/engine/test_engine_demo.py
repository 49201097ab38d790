"""The demo workspace: `koop due --json` and `koop who` are stable across runs and fully explained."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest

from koop_tui.store import load_workspace

TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    demo = pytest.importorskip("koop_tui.demo")
    root = tmp_path_factory.mktemp("demo")
    demo.generate(root, date.fromisoformat(TODAY), seed=7)
    return root


def koop(root, *args):
    out = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "--today", TODAY, *args],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_due_json_on_the_demo_is_identical_across_runs(demo_root):
    first = koop(demo_root, "due", "--json", "--all", "--within", "14")
    assert first == koop(demo_root, "due", "--json", "--all", "--within", "14")
    items = json.loads(first)["items"]
    assert items, "the demo should have something due"
    assert len({i["key"] for i in items}) == len(items)
    assert all(i["explanation"] and i["title"] for i in items)
    contacts = [i for i in items if i["kind"] == "contact" and i["ratio"] is not None]
    assert all(" from " in i["explanation"] and "ratio" in i["explanation"] for i in contacts)


def test_who_on_the_demo_is_stable_and_explained(demo_root):
    ws = load_workspace(demo_root)
    skills = Counter(s.casefold() for p in ws.partners.values() if p.stage != "ended"
                     for s in p.skills + [s for c in p.contacts for s in c.skills])
    if not skills:
        pytest.skip("the demo has no skills")
    skill = sorted(skills, key=lambda s: (-skills[s], s))[0]
    first = koop(demo_root, "who", skill, "--json")
    assert first == koop(demo_root, "who", skill, "--json")
    ranking = json.loads(first)
    assert ranking and all(skill in r["matched"] and r["explanation"] for r in ranking)
