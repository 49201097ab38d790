"""Store benchmark: saving one touchpoint at several workspace sizes (target: <= 30 ms, flat in size).

Run: python tests/perf/bench_store.py [--sizes 100,1000,3000] [--touches 40]
Prints a table; asserts nothing. The save touches only the one file, so its time must not grow with size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from koop_tui.canonical import dumps_partner  # noqa: E402
from koop_tui.model import Contact, Partner, Touchpoint  # noqa: E402
from koop_tui.settings import default_settings  # noqa: E402
from koop_tui.store import Store  # noqa: E402


def make_workspace(root: Path, partners: int, touches: int) -> None:
    settings = default_settings()
    (root / "partners").mkdir(parents=True)
    (root / "koop.toml").write_text('name = "bench"\n')
    start = date(2025, 1, 1)
    for i in range(partners):
        contacts = [Contact(id=f"c{j}", name=f"Contact {j}") for j in range(3)]
        tps = [Touchpoint(id=f"t{i:05d}{k:04d}"[-12:], date=start + timedelta(days=k % 365), kind="call",
                          direction="mutual", contacts=[f"c{k % 3}"], note="Talked about the next project.")
               for k in range(touches)]
        partner = Partner(slug=f"p{i:05d}", name=f"Partner {i}", stage="active", contacts=contacts, touchpoints=tps)
        (root / "partners" / f"p{i:05d}.toml").write_text(dumps_partner(partner, settings))


def bench(partners: int, touches: int, saves: int = 15) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_workspace(root, partners, touches)
        t0 = time.perf_counter()
        store = Store(root)
        load_s = time.perf_counter() - t0
        wall, cpu = [], []
        for k in range(saves):
            touch = Touchpoint(id="", date=date(2026, 1, 1), kind="mail", direction="", contacts=["c1"], note=f"n{k}")
            t0, c0 = time.perf_counter(), time.process_time()
            store.log_touch(f"p{partners // 2:05d}", touch)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        return load_s, statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,3000")
    parser.add_argument("--touches", type=int, default=40, help="touchpoints per partner")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; a save includes two fsyncs")
    print(f"{'partners':>9} {'touchpoints':>12} {'load (s)':>9} {'save wall (ms)':>15} {'save cpu (ms)':>14}")
    for size in (int(s) for s in args.sizes.split(",")):
        load_s, wall, cpu = bench(size, args.touches)
        print(f"{size:>9} {size * args.touches:>12} {load_s:>9.2f} {wall * 1000:>15.1f} {cpu * 1000:>14.1f}")


if __name__ == "__main__":
    main()
