"""koop at team scale: generate a workspace, time what people wait for, print one table with the floors.

Run: python tests/perf/bench.py [--partners 5000] [--runs 5] [--quick] [--dir DIR]

Each figure is the median of several runs (fewer for the slow cold ones). Cold means an empty load cache;
warm means the cache of the previous run. App figures run the real app headless in a fresh process and stop
when the due table has rows and has been refreshed once (on a warm start that list comes from the due cache
while the workspace still loads; "workspace loaded" waits for the load too). Floors beside the figures:
Textual's empty app, reading the same bytes from disk, parsing them with toml-rs (koop's parser) and with
tomllib; the issue's ratios to them are taken in the same run. koop's bytecode is compiled first, as an
installed koop has it. Prints numbers, never asserts.
"""

from __future__ import annotations

import argparse
import compileall
import secrets
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import TODAY, generate  # noqa: E402

CHILD_APP = """
import asyncio, sys, time
from datetime import date
from pathlib import Path
start = float(sys.argv[2])

# "painted": the end of the first refresh of a screen for which ready(screen) holds, outside a batch update,
# i.e. when a terminal gets the frame. Timed inside the app, at that moment: a timer or a test pilot's pause would run a frame later,
# and printing may wait for the GIL, which the load holds by then.
def painted(ready):
    from textual.screen import Screen

    done, stamps = asyncio.Event(), []
    refresh = Screen._compositor_refresh

    def timed_refresh(screen) -> None:
        refresh(screen)
        if not stamps and ready(screen) and not screen.app._batch_count:  # in a batch, nothing is written out
            stamps.append((time.perf_counter(), time.process_time()))
            done.set()

    Screen._compositor_refresh = timed_refresh

    async def wait() -> None:
        await done.wait()
        print("painted", stamps[0][0] - start, stamps[0][1], flush=True)  # wall since launch, CPU of the process

    return wait


async def main():
    if sys.argv[1] == "-":
        from textual.app import App
        from textual.widgets import Static
        class Empty(App):
            def compose(self):
                yield Static("empty")
        wait = painted(lambda screen: bool(screen.query(Static)))
        async with Empty().run_test(size=(120, 40)):
            await wait()
        return
    if sys.argv[1] == "table":  # no koop: a title, a screenful of rows in Textual's DataTable, a footer
        from textual.app import App
        from textual.widgets import DataTable, Footer, Static
        class Table(App):
            BINDINGS = [(key, "bell", key) for key in "lfdsnp/?"]
            def compose(self):
                yield Static("Due")
                yield DataTable(cursor_type="row", zebra_stripes=True)
                yield Footer()
            def on_mount(self):
                table = self.query_one(DataTable)
                table.add_columns("Status", "Partner", "Contact", "Why", "Owner")
                table.add_rows([("overdue", f"Partner {i} GmbH", f"Contact {i}", "call every 4 weeks: 12 days over",
                                 "anna") for i in range(40)])
        wait = painted(lambda screen: any(t.row_count for t in screen.query(DataTable)))
        async with Table().run_test(size=(120, 40)):
            await wait()
        return
    from koop_tui.gcpause import hold_for_start_up

    hold_for_start_up()  # as `koop` does first (koop_tui.__main__.main)
    from koop_tui.app.app import KoopApp, make_app
    from textual.widgets import DataTable
    wait = painted(lambda screen: any(t.row_count for t in screen.query(DataTable)))
    loaded, loaded_at, on_loaded = asyncio.Event(), [], KoopApp.on_workspace_loaded

    def timed_loaded(app, message) -> None:  # stamped as handled: a pilot's pause would wait for idle widgets
        on_loaded(app, message)
        loaded_at.append(time.perf_counter())
        loaded.set()

    KoopApp.on_workspace_loaded = timed_loaded
    app = make_app(Path(sys.argv[1]), date.fromisoformat(sys.argv[3]), me="", watch_interval=None, keymap={})
    async with app.run_test(size=(120, 40)):
        await wait()
        await loaded.wait()
        print("loaded", loaded_at[0] - start, flush=True)

asyncio.run(main())
"""


def compiled(tree: Path | str) -> None:
    """Bytecode for every module of koop in tree, as `pip install .` leaves it: where the environment forbids
    writing it (PYTHONDONTWRITEBYTECODE), each timed process would otherwise compile every module it imports."""
    compileall.compile_dir(str(Path(tree) / "koop_tui"), quiet=1)


def median(fn: Callable[[], float], runs: int) -> float:
    return statistics.median(fn() for _ in range(max(1, runs)))


def clock(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class Bench:
    """One workspace and the environment (cache dir) the timed processes run in."""

    def __init__(self, root: Path, cache: Path, runs: int) -> None:
        self.root, self.cache, self.runs = root, cache, runs
        self.env = dict(os.environ, KOOP_CACHE_DIR=str(cache), PYTHONPATH=str(REPO), NO_COLOR="1",
                        GIT_CONFIG_NOSYSTEM="1")

    def drop_cache(self) -> None:
        from koop_tui.index.cache import wait_for_writer

        wait_for_writer(self.cache)  # the last command's caches may still be being written (cache.write_after)
        shutil.rmtree(self.cache, ignore_errors=True)

    def koop(self, *args: str, cold: bool) -> float:
        """Wall time of one `koop` process (interpreter start included)."""
        if cold:
            self.drop_cache()
        cmd = [sys.executable, "-m", "koop_tui", "-w", str(self.root), "--today", TODAY.isoformat(), *args]
        start = time.perf_counter()
        done = subprocess.run(cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):  # koop check exits 1 when it finds problems
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")
        return elapsed

    def app(self, root: str | None, cold: bool, until: str = "painted") -> float:
        """Process start to the due table painted, or to the workspace loaded (root None: Textual's empty app;
        "table": a Textual app showing 40 rows in a DataTable, no koop)."""
        return self._app(root, cold, until)[0]

    def frames(self, roots: dict[str, str | None], runs: int) -> dict[str, tuple[float, float]]:
        """Per app of roots, the medians of (wall, CPU of its process) to its first frame with rows; the apps take
        turns, so that each sees the machine as the others do (CPU moves far less with the load than wall)."""
        got: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
        for _ in range(max(1, runs)):
            for name, root in roots.items():
                got[name].append(self._app(root, False, "painted"))
        return {name: (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))
                for name, times in got.items()}

    def _app(self, root: str | None, cold: bool, until: str) -> tuple[float, float]:
        if cold:
            self.drop_cache()
        start = time.perf_counter()  # the same clock in the child (CLOCK_MONOTONIC): it reports elapsed times
        proc = subprocess.Popen([sys.executable, "-c", CHILD_APP, root or "-", str(start), TODAY.isoformat()],
                                env=self.env, stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline().split()
        while root and until == "loaded" and line[:1] == ["painted"]:
            line = proc.stdout.readline().split()
        proc.wait()
        if line[:1] != [until]:
            raise RuntimeError(f"the app did not get to {until} (exit {proc.returncode})")
        return float(line[1]), float(line[2]) if len(line) > 2 else 0.0

    def read_bytes(self) -> float:
        files = sorted((self.root / "partners").iterdir())
        return clock(lambda: [f.read_bytes() for f in files])

    def tomllib_parse(self) -> float:
        texts = [f.read_text(encoding="utf-8") for f in sorted((self.root / "partners").iterdir())]
        return clock(lambda: [tomllib.loads(t) for t in texts])

    def toml_rs_parse(self) -> float:
        """Reading every partner file and parsing it with toml-rs (koop's parser, as koop asks it) in one process,
        the documents kept and the collector held, as koop holds it during a load: with it running, its rescans
        of the growing heap took more than half of this floor."""
        import gc
        import toml_rs

        files = sorted((self.root / "partners").iterdir())
        gc.disable()
        try:
            return clock(lambda: [toml_rs.loads(f.read_text(encoding="utf-8"), toml_version="1.0.0") for f in files])
        finally:
            gc.enable()


def in_process(root: Path, runs: int) -> dict[str, float]:
    """Save one touchpoint (plus the engine's update for that partner), filter per key, one sync merge."""
    from koop_tui.app.data import Backend
    from koop_tui.app.screens.partners import matches, parse_query
    from koop_tui.engine import due_items_for_partner
    from koop_tui.model import Touchpoint
    from koop_tui.store import Store
    from koop_tui.sync.merge import merge_texts

    store = Store(root)
    slug = max(store.workspace.partners, key=lambda s: len(store.workspace.partners[s].touchpoints))
    count = iter(range(10**6))
    run_id = secrets.token_hex(4)  # a reused workspace keeps the touches of earlier runs: ids must not repeat

    def save() -> float:
        touch = Touchpoint(f"b{run_id}{next(count):03d}", TODAY, "call", "", [], "benchmark touch", "anna")
        return clock(lambda: (store.log_touch(slug, touch), due_items_for_partner(store.workspace, slug, TODAY)))

    backend = Backend(root, TODAY, store=store)
    backend.open()
    rows = backend.partner_rows()
    typed = "weber seo"

    def filter_key() -> float:
        per_key = []
        for n in range(1, len(typed) + 1):
            words, fields = parse_query(typed[:n])
            per_key.append(clock(lambda: [r for r in rows if matches(r, words, fields)]))
        return max(per_key)

    text = (root / "partners" / f"{slug}.toml").read_text(encoding="utf-8")
    ours = text + '\n[[followups]]\nid = "zz98"\ndue = 2026-12-01\ntext = "Send offer"\n'
    theirs = text + '\n[[touchpoints]]\nid = "zz99"\ndate = 2026-11-20\nkind = "call"\nby = "ben"\n'
    return {
        "save": median(save, runs * 2),
        "filter": median(filter_key, runs),
        "merge": median(lambda: clock(lambda: merge_texts(text, ours, theirs)), runs),
        "touches": len(store.workspace.partners[slug].touchpoints),
    }


def measure(root: Path, partners: int, runs: int, quick: bool) -> list[tuple[str, float, str]]:
    bench = Bench(root, root.parent / f"cache-{partners}", runs)
    cold_runs = 1 if quick else max(1, runs // 2)
    bench.app(str(root), False)  # leaves the caches the warm starts read
    frames = bench.frames({"empty": None, "table": "table", "warm": str(root)}, runs)
    (empty, empty_cpu), (table, table_cpu), (warm_app, warm_cpu) = frames["empty"], frames["table"], frames["warm"]
    read = median(bench.read_bytes, runs)
    toml_rs = median(bench.toml_rs_parse, runs)
    rows = [("Textual empty app, first paint (floor)", empty, ""), ("read all partner bytes (floor)", read, ""),
            ("read and parse all with toml-rs, one core (floor)", toml_rs, "")]
    tomllib_ = None if quick else median(bench.tomllib_parse, 1)
    if tomllib_:
        rows.append(("parse all with tomllib (floor)", tomllib_, ""))
    rows.append(("Textual table, 40 rows painted, x empty app (floor)", table / empty, ""))
    rows.append(("Textual table x empty app, CPU (floor)", table_cpu / empty_cpu, ""))
    cold_due = median(lambda: bench.koop("due", "--json", cold=True), cold_runs)
    rows += [
        ("cold start to due list painted", median(lambda: bench.app(str(root), True), cold_runs), "<= 1.5 s"),
        ("warm start to due list painted", warm_app, "<= 0.5 s"),
        ("warm start to due list painted, x empty app", warm_app / empty, "<= 1.5x"),
        ("warm start to due list painted, x empty app, CPU", warm_cpu / empty_cpu, "<= 1.5x"),
        ("warm start to workspace loaded", median(lambda: bench.app(str(root), False, "loaded"), runs), ""),
        ("koop due --json, cold", cold_due, "<= 1.0 s"),
        ("koop due --json, cold, x toml-rs floor", cold_due / toml_rs, "<= 1.5x"),
        *([("koop due --json, cold, x tomllib", cold_due / tomllib_, "<= 0.22x")] if tomllib_ else []),
        ("koop due --json, warm", median(lambda: bench.koop("due", "--json", cold=False), runs), ""),
        ("koop check, warm", median(lambda: bench.koop("check", cold=False), runs), ""),
        ("koop export (.ics), warm", median(lambda: bench.koop("export", "--all", "-o", str(root.parent / "out.ics"),
                                                              cold=False), runs), ""),
    ]
    rows += writes_and_search(bench, root, runs)
    figures = in_process(root, runs)
    rows += [
        ("save one touchpoint (+ engine update)", figures["save"], "<= 30 ms"),
        (f"filter as you type, worst key, {partners} partners", figures["filter"], "<= 50 ms"),
        (f"sync merge of one file ({figures['touches']} touches)", figures["merge"], ""),
    ]
    return rows


def writes_and_search(bench: Bench, root: Path, runs: int) -> list[tuple[str, float, str]]:
    """One-file CLI writes and search, against `koop --help` in the same run (the issue's ratios)."""
    from koop_tui.index.db import Index
    from koop_tui.store import load_workspace

    help_ = median(lambda: bench.koop("--help", cold=False), runs)
    due = median(lambda: bench.koop("due", "--json", cold=False), runs)  # nothing changed since the last run
    partner = sorted(load_workspace(root).partners.values(), key=lambda p: -len(p.touchpoints))[0]
    by_slug = median(lambda: bench.koop("log", partner.slug, "call", "--note", "bench", cold=False), runs)
    bench.koop("search", "x", cold=False)  # the index db is built (cold), as the first search would
    by_name = median(lambda: bench.koop("log", partner.name, "mail", cold=False), runs)
    search = median(lambda: bench.koop("search", "weber", "seo", cold=False), runs)
    bench.koop("log", partner.slug, "call", cold=False)
    after_log = median(lambda: bench.koop("due", "--json", cold=False), runs)  # the first of them sees the change
    os.environ["KOOP_CACHE_DIR"] = str(bench.cache)
    index = Index(root)
    index.sync()
    per_key = max(median(lambda: clock(lambda: index.search(text[:n])), runs)
                  for text in ("weber seo", "bench", "anna") for n in range(1, len(text) + 1))
    index.close()
    return [
        ("koop --help (floor)", help_, ""),
        ("koop log PARTNER-SLUG, over koop --help", by_slug - help_, "<= +0.10 s"),
        ("koop log 'Partner Name', over koop --help", by_name - help_, "<= +0.10 s"),
        ("koop search (warm), x koop --help", search / help_, "<= 4x"),
        ("koop due --json (warm), x koop --help", due / help_, "<= 4x"),
        ("koop due --json after a koop log, x koop --help", after_log / help_, ""),
        ("search, worst key (query only)", per_key, "<= 50 ms"),
    ]


def demo_paint(tmp: Path, runs: int) -> list[tuple[str, float, str]]:
    """The demo workspace's first paint, against twice Textual's empty app."""
    from koop_tui.cli.demo import create

    root = tmp / "demo"
    if not (root / "koop.toml").exists():  # a reused --dir keeps the demo of an earlier run
        create(root, TODAY, 7)
    bench = Bench(root, tmp / "cache-demo", runs)
    empty = median(lambda: bench.app(None, False), runs)
    bench.app(str(root), True)
    return [("demo workspace, first paint (warm)", median(lambda: bench.app(str(root), False), runs),
             f"<= {2 * empty:.2f} s (2x empty app)")]


def print_table(title: str, rows: list[tuple[str, float, str]]) -> None:
    print(f"\n{title}")
    print(f"{'figure':<52} {'median':>10}  target")
    for name, seconds, target in rows:
        value = (f"{seconds:.2f}x" if " x " in name else
                 f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s")
        print(f"{name:<52} {value:>10}  {target}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--partners", type=int, nargs="+", default=None, help="sizes to run (default: 500 5000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="tiny workspace, one run each: a check that it works")
    ap.add_argument("--dir", type=Path, help="keep generated workspaces here (reused when present)")
    args = ap.parse_args(argv)
    sizes = args.partners or ([20] if args.quick else [500, 5000])
    runs = 1 if args.quick else args.runs
    tmp = args.dir or Path(tempfile.mkdtemp(prefix="koop-bench-"))
    compiled(REPO)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, today {TODAY}")
    for partners in sizes:
        root = tmp / f"ws-{partners}"
        if not (root / "partners").is_dir():
            generate(root, partners, partners * 40, partners * 3)
        size = sum(f.stat().st_size for f in (root / "partners").iterdir())
        print_table(f"{partners} partners, {partners * 3} contacts, {partners * 40} touchpoints, "
                    f"{size / 1e6:.1f} MB", measure(root, partners, runs, args.quick))
    print_table("demo", demo_paint(tmp, runs))
    if args.dir is None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
