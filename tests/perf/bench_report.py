"""`koop report` and the Report screen at team scale, against `koop --help` measured in the same run.

Run: python tests/perf/bench_report.py [--partners 5000] [--runs 5] [--dir DIR] [--quick]

Warm means the load cache of the previous run. The screen's figure is its compute (Backend.report, in a worker
in the app) on the loaded workspace, whose due list the app has computed at start; the press of `4` to the
report on screen is timed too, in a headless app. Prints numbers, never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import Bench, clock, median, print_table  # noqa: E402
from generate import TODAY, generate  # noqa: E402


def screen_compute(root: Path, runs: int) -> float:
    from koop_tui.app.data import Backend
    from koop_tui.charts import report_lines

    backend = Backend(root, TODAY)
    backend.open()
    backend.due(mine=True)  # what the app computes at start
    return median(lambda: clock(lambda: report_lines(backend.report())), runs)


def screen_press(root: Path, runs: int) -> float:
    """From pressing `4` to the report's figures shown (headless app, workspace loaded)."""
    from koop_tui.app.app import make_app
    from koop_tui.app.screens.report import ReportScreen

    async def once() -> float:
        app = make_app(root, TODAY, me="anna", watch_interval=None, keymap={})
        async with app.run_test(size=(80, 24)) as pilot:
            while not app.loaded:
                await pilot.pause(0.05)
            await pilot.pause(0.2)
            start = time.perf_counter()
            await pilot.press("4")
            while not (isinstance(app.screen, ReportScreen) and app.screen.revision == app.revision
                       and not any(w.is_running for w in app.screen.workers)):
                await pilot.pause(0.005)
            return time.perf_counter() - start

    return median(lambda: asyncio.run(once()), runs)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--partners", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", type=Path, help="keep the generated workspace here (reused when present)")
    ap.add_argument("--quick", action="store_true", help="tiny workspace, one run each: a check that it works")
    args = ap.parse_args(argv)
    partners, runs = (20, 1) if args.quick else (args.partners, args.runs)
    tmp = args.dir or Path(tempfile.mkdtemp(prefix="koop-bench-report-"))
    root = tmp / f"ws{partners}"
    if not (root / "koop.toml").exists():
        generate(root, partners, partners * 40, partners * 3, 7)
    bench = Bench(root, tmp / f"cache-{partners}", runs)
    os.environ["KOOP_CACHE_DIR"] = str(bench.cache)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, today {TODAY}, {partners} partners")
    bench.koop("report", cold=True)  # fills the load cache
    help_ = median(lambda: bench.koop("--help", cold=False), runs)
    rows = [("koop --help (floor)", help_, "")]
    for name, cmd in (("koop report, warm", ("report",)), ("koop report --json, warm", ("report", "--json")),
                      ("koop due --json, warm (for comparison)", ("due", "--json"))):
        took = median(lambda: bench.koop(*cmd, cold=False), runs)
        rows.append((name, took, f"{took / help_:.1f}x help" + ("; <= 0.5 s" if "report" in name else "")))
    compute = screen_compute(root, runs)
    rows.append(("Report screen: figures + charts (compute)", compute, f"{compute / help_:.1f}x help; <= 0.5 s"))
    press = screen_press(root, max(1, runs // 2))
    rows.append(("Report screen: press 4 to figures shown", press, f"{press / help_:.1f}x help; <= 0.5 s"))
    print_table("koop report at team scale", rows)


if __name__ == "__main__":
    main()
