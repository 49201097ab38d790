"""`koop export` at team scale, end to end from files: `python tests/perf/bench_export.py [--partners N]`.

Writes a synthetic workspace (bench_engine's model as canonical files) to a temp dir once, then times the
real command in a fresh process and its phases in-process. Prints numbers, never asserts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench_engine import TODAY, synthetic  # noqa: E402
from bench_ics import with_icalendar  # noqa: E402

from koop_tui import ics  # noqa: E402
from koop_tui.canonical import dumps_partner  # noqa: E402
from koop_tui.engine import due_items  # noqa: E402
from koop_tui.store import load_workspace  # noqa: E402


def write_workspace(root: Path, partners: int, touches: int) -> int:
    ws = synthetic(partners, 3, touches)
    (root / "partners").mkdir(parents=True)
    (root / "koop.toml").write_text('name = "Bench"\n')
    for slug, partner in ws.partners.items():
        (root / "partners" / f"{slug}.toml").write_text(dumps_partner(partner, ws.settings))
    return sum(len(p.touchpoints) for p in ws.partners.values())


def best(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--partners", type=int, default=5000)
    ap.add_argument("--touches", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        touches = write_workspace(root, args.partners, args.touches)
        print(f"workspace: {args.partners} partners, {touches} touchpoints")
        env = {**os.environ, "PYTHONPATH": str(REPO), "KOOP_TODAY": TODAY.isoformat(),
               "KOOP_CACHE_DIR": str(Path(tmp) / "cache"), "KOOP_CONFIG_DIR": str(Path(tmp) / "config")}
        out = Path(tmp) / "koop.ics"
        command = [sys.executable, "-m", "koop_tui", "-w", str(root), "export", "--all", "--out", str(out)]
        for label in ("cold", "warm"):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            print(f"koop export ({label} process): {(time.perf_counter() - start) * 1000:.0f} ms, "
                  f"{out.read_bytes().count(b'BEGIN:VEVENT')} events")
        load_s, ws = best(lambda: load_workspace(root), args.runs)
        due_s, items = best(lambda: due_items(ws, TODAY, within=ws.settings.feed.horizon_days), args.runs)
        ics_s, _ = best(lambda: ics.build_calendar(items, ws.settings, "bench", TODAY, partners=ws.partners),
                        args.runs)
        horizon = ws.settings.feed.horizon_days
        ical_s, _ = best(lambda: with_icalendar(items, ws.settings, "bench", TODAY, horizon, ws.partners), args.runs)
        print(f"phases: load {load_s * 1000:.0f} ms, due_items {due_s * 1000:.0f} ms ({len(items)} items), "
              f"build_calendar {ics_s * 1000:.0f} ms; the same events through icalendar {ical_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
