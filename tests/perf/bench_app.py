"""App speed on the demo workspace (prints numbers, never asserts).

First paint: time from App start until the due table shows its rows, against an empty Textual app with a
header, a table and a footer. Logging: time from Enter in the log form until the due list shows the new state.
Run: python tests/perf/bench_app.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import DataTable, Footer, Header  # noqa: E402

from koop_tui.app.app import make_app  # noqa: E402
from koop_tui.app.screens.due import DueScreen  # noqa: E402
from koop_tui.app.widgets.tables import StatusTable  # noqa: E402
from koop_tui.demo import generate  # noqa: E402

TODAY = date(2026, 11, 23)


class Empty(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()


async def _until(pilot, check) -> None:
    while not check():
        await pilot.pause(0.001)


async def empty_paint() -> float:
    start = time.perf_counter()
    app = Empty()
    async with app.run_test(size=(120, 35)) as pilot:
        await _until(pilot, lambda: app.screen.query(DataTable))
        return time.perf_counter() - start


async def koop_paint(root: Path) -> float:
    start = time.perf_counter()
    app = make_app(root, TODAY, me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, DueScreen)
                     and any(t.row_count for t in app.screen.query(StatusTable)))
        return time.perf_counter() - start


async def koop_log(root: Path) -> float:
    """Enter sent as the terminal sends it, until the due screen is painted with the recomputed list."""
    app = make_app(root, TODAY, me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        await _until(pilot, lambda: app.loaded and isinstance(app.screen, DueScreen)
                     and any(t.row_count for t in app.screen.query(StatusTable)))
        screen = app.screen
        await pilot.press("l", *"call")
        await pilot.pause(0.1)
        marks: dict[str, float] = {}
        show, refresh = screen.show, screen._compositor_refresh

        def shown(items) -> None:
            show(items)
            marks.setdefault("shown", time.perf_counter())

        def painted() -> None:
            refresh()
            if "shown" in marks and app.screen is screen:
                marks.setdefault("painted", time.perf_counter())

        screen.show, screen._compositor_refresh = shown, painted
        enter = events.Key("enter", "\r")
        enter.set_sender(app)
        start = time.perf_counter()
        app._driver.send_message(enter)
        while "painted" not in marks:
            await asyncio.sleep(0.001)
        return marks["painted"] - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        generate(root, TODAY, 7)
        empty = [asyncio.run(empty_paint()) for _ in range(runs)]
        paint = [asyncio.run(koop_paint(root)) for _ in range(runs)]
        logs = []
        for n in range(runs):
            copy = Path(tmp) / f"demo-{n}"
            generate(copy, TODAY, 7)
            logs.append(asyncio.run(koop_log(copy)))
    e, p, lg = statistics.median(empty), statistics.median(paint), statistics.median(logs)
    print(f"empty Textual app first paint: {e * 1000:7.1f} ms (median of {runs})")
    print(f"koop due screen first paint:   {p * 1000:7.1f} ms  = {p / e:.2f}× empty")
    print(f"log touchpoint, Enter → list:  {lg * 1000:7.1f} ms (median of {runs})")


if __name__ == "__main__":
    main()
