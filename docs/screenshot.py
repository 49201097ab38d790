"""Regenerate docs/screenshot.svg: the due screen of the demo workspace on a fixed day.

    python docs/screenshot.py [--out FILE] [--width 110] [--height 32]

The demo (seed 7, a git repository like `koop demo` makes) and today (2026-11-23) are fixed, so the picture
only changes when the app does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from koop_tui.app.app import make_app  # noqa: E402
from koop_tui.cli.demo import create  # noqa: E402

TODAY = date(2026, 11, 23)


async def _settle(pilot) -> None:
    """Until the workspace is loaded and no worker runs; then a few frames for the tables to settle."""
    for _ in range(500):
        await pilot.pause(0.02)
        if pilot.app.loaded and not any(w.is_running for w in pilot.app.workers):
            break
    for _ in range(5):
        await pilot.pause(0.02)


async def shoot(out: Path, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        create(root, TODAY, 7)
        app = make_app(root, TODAY, me="anna", watch_interval=None, keymap={})
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)
            svg = app.export_screenshot(title="koop")
    out.write_text(svg, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "screenshot.svg")
    parser.add_argument("--width", type=int, default=110)
    parser.add_argument("--height", type=int, default=32)
    args = parser.parse_args(argv)
    asyncio.run(shoot(args.out, (args.width, args.height)))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
