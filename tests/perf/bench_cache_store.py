"""The caches' storage: koop's marshal files against the same entries kept in SQLite, one row per file.

Run: python tests/perf/bench_cache_store.py WORKSPACE [--runs 9]
WORKSPACE must have warm caches (run `koop check` and `koop due --json` in it first, with the same KOOP_CACHE_DIR).
For the load cache and the per-file due cache it times, in one process and alternating:
  read all: marshal.loads of the whole file / SELECT of every row and marshal.loads of each entry;
  write one: the whole file rewritten (what a command's writer does after one file changed) / one row replaced
             in a WAL database and committed;
  write all: the whole file written / every row inserted in one transaction (a cold run's write).
For the due list it times reading its head (mapped file / a row of its own). Prints medians in ms, CPU, with
the cyclic collector off, as koop's loads run.
Asserts nothing (docs/performance.md, "Left alone").
"""

from __future__ import annotations

import argparse
import gc
import marshal
import mmap
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from koop_tui.index.cache import cache_path, read_marshal, write_marshal  # noqa: E402


def timed(run, runs: int) -> float:
    spent = []
    for _ in range(runs):
        start = time.process_time()
        run()
        spent.append(time.process_time() - start)
    return statistics.median(spent) * 1000


def database(path: Path, entries: dict) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS entries(rel TEXT PRIMARY KEY, entry BLOB) WITHOUT ROWID")
    fill(db, entries)
    return db


def fill(db: sqlite3.Connection, entries: dict) -> None:
    db.execute("BEGIN")
    db.execute("DELETE FROM entries")
    db.executemany("INSERT INTO entries VALUES (?, ?)", ((rel, marshal.dumps(e)) for rel, e in entries.items()))
    db.execute("COMMIT")


def compare(name: str, path: Path, scratch: Path, runs: int) -> list[tuple[str, float, float]]:
    head, entries = read_marshal(path)  # once the command's detached writer is done
    db = database(scratch / f"{name}.sqlite", entries)
    one = next(iter(entries))

    def read_file() -> None:
        with open(path, "rb") as handle:
            marshal.loads(handle.read())

    def read_rows() -> None:
        loads = marshal.loads
        {rel: loads(blob) for rel, blob in db.execute("SELECT rel, entry FROM entries")}

    def write_file() -> None:
        write_marshal(scratch / f"{name}.marshal", (head, entries))

    def write_row() -> None:
        db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (one, marshal.dumps(entries[one])))

    rows = []
    for label, ours, theirs in (("read all", read_file, read_rows),
                                ("write one", write_file, write_row),
                                ("write all", write_file, lambda: fill(db, entries))):
        a, b = [], []
        for _ in range(runs):  # alternating, so both see the same machine
            a.append(timed(ours, 1))
            b.append(timed(theirs, 1))
        rows.append((f"{name}: {label}", statistics.median(a), statistics.median(b)))
    db.close()
    return rows


def head_rows(root: Path, scratch: Path, runs: int) -> tuple[str, float, float]:
    path = cache_path(root, "due-list")
    with open(path, "rb") as handle:
        data = handle.read()
    head = marshal.loads(data)
    db = sqlite3.connect(scratch / "list.sqlite", isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS list(part TEXT PRIMARY KEY, value BLOB)")
    db.execute("INSERT OR REPLACE INTO list VALUES ('head', ?)", (marshal.dumps(head),))

    def mapped() -> None:
        with open(path, "rb") as handle:
            marshal.loads(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))

    def selected() -> None:
        marshal.loads(db.execute("SELECT value FROM list WHERE part = 'head'").fetchone()[0])

    a, b = [], []
    for _ in range(runs):
        a.append(timed(mapped, 1))
        b.append(timed(selected, 1))
    db.close()
    return ("due list: read the head", statistics.median(a), statistics.median(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    root = args.workspace.resolve()
    gc.disable()
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.runs} alternating runs, CPU ms")
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name in ("load", "due"):
            path = cache_path(root, name)
            if not path.exists():
                sys.exit(f"{path}: no cache; run `koop check` and `koop due --json` in {root} first")
            print(f"{name}: {path.stat().st_size / 1e6:.1f} MB")
            rows += compare(name, path, Path(tmp), args.runs)
        rows.append(head_rows(root, Path(tmp), args.runs))
    print(f"{'':28} {'marshal':>9} {'sqlite':>9}")
    for label, ours, theirs in rows:
        print(f"{label:28} {ours:9.1f} {theirs:9.1f}")


if __name__ == "__main__":
    main()
