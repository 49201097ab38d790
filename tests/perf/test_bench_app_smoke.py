"""bench_app.py must keep running: one log measurement on the demo, and the touchpoint it typed is on disk."""

from __future__ import annotations

import asyncio
import tomllib

from koop_tui.demo import generate
from tests.perf.bench_app import TODAY, koop_log


def test_the_log_benchmark_saves_a_call_and_measures_it(tmp_path):
    root = tmp_path / "demo"
    generate(root, TODAY, 7)
    before = {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
    seconds = asyncio.run(koop_log(root))
    changed = [p for p in (root / "partners").iterdir() if p.read_bytes() != before[p.name]]
    assert seconds > 0 and len(changed) == 1
    touches = tomllib.loads(changed[0].read_text(encoding="utf-8"))["touchpoints"]
    assert any(t["kind"] == "call" and t["date"] == TODAY for t in touches)
