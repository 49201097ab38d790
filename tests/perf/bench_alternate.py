"""Alternating runs of koop commands under several checkouts: CPU and wall time, medians, ratios to --help.

On a shared machine the load moves wall times by tens of percent between runs; running the variants in turn
(the order flipped every round) and reading CPU time (user + system of the process and the children it waited
for) compares them fairly. Each checkout gets its own cache dir and has its bytecode compiled first, as an
installed koop has it (the environment may forbid writing it on import).

Run: python tests/perf/bench_alternate.py WORKSPACE before=/path/a,after=/path/b --runs 5 help,search,due,duecold
Commands: help, logslug, logname (a touchpoint to partner-00042, or the last, by slug or by name), search,
due (warm), duecold (empty cache dir), appwarm, appcold (due rows painted, as bench.py's app figure), appempty,
apptable (no koop: a title, 40 rows in a DataTable and a footer, painted: the floor of any due screen built on it),
floor (no koop: toml-rs `loads` of every partner file's text in one process, the cold due target's floor).
A cold command empties the whole cache dir, the index db too: do not run logname or search in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import CHILD_APP, TODAY, compiled  # noqa: E402

from koop_tui.index.cache import wait_for_writer  # noqa: E402

ARGS = {
    "help": ["--help"],
    "logslug": ["log", "{slug}", "call", "--note", "bench"],
    "logname": ["log", "{name}", "mail"],
    "search": ["search", "weber", "seo"],
    "due": ["due", "--json"],
    "duecold": ["due", "--json"],
}
COLD = {"duecold", "appcold"}
FLOOR = """import sys, pathlib, toml_rs
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
    toml_rs.loads(path.read_text(), toml_version="1.0.0")
"""


def run(workspace: Path, tree: str, cache: Path, command: str, target: dict) -> tuple[float, float]:
    """(CPU, wall) of one command in a fresh process; app commands: both up to the due rows painted (the CPU of
    the app's process, its load worker included, at that frame; the load goes on after it)."""
    env = dict(os.environ, PYTHONPATH=tree, KOOP_CACHE_DIR=str(cache), NO_COLOR="1", GIT_CONFIG_NOSYSTEM="1")
    if command in COLD:
        wait_for_writer(cache)
        shutil.rmtree(cache, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if command == "floor":
        subprocess.run([sys.executable, "-c", FLOOR, str(workspace / "partners")], env=env, cwd="/", check=True)
        wall = time.perf_counter() - start
    elif command.startswith("app"):
        root = {"appempty": "-", "apptable": "table"}.get(command, str(workspace))
        done = subprocess.run([sys.executable, "-c", CHILD_APP, root, str(start), TODAY.isoformat()], env=env,
                              cwd="/", stdout=subprocess.PIPE, text=True)
        words = done.stdout.split()
        at = words.index("painted")
        return float(words[at + 2]), float(words[at + 1])  # CPU and wall up to the frame, not to the exit
    else:
        args = [a.format(**target) for a in ARGS[command]]
        done = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(workspace), "--today", TODAY.isoformat(),
                               *args], env=env, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        if done.returncode not in (0, 1) or "error" in done.stderr:
            raise SystemExit(f"{tree}: koop {' '.join(args)}: {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace", type=Path, help="a workspace made by generate.py")
    ap.add_argument("trees", help="NAME=CHECKOUT,... (the directory holding koop_tui/)")
    ap.add_argument("commands", help="comma-separated: " + ", ".join([*ARGS, "appwarm", "appcold", "appempty", "apptable", "floor"]))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    trees = dict(pair.split("=", 1) for pair in args.trees.split(","))
    commands = args.commands.split(",")
    caches = {tree: args.workspace.parent / f"cache-{tree}" for tree in trees}
    files = sorted((args.workspace / "partners").glob("partner-*.toml"))
    chosen = files[min(42, len(files) - 1)]
    target = {"slug": chosen.stem, "name": tomllib.loads(chosen.read_text())["name"]}
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for tree, path in trees.items():  # compile, and warm every cache first
        compiled(path)
        for command in commands:
            if command not in COLD:
                run(args.workspace, path, caches[tree], command, target)
    got: dict[tuple[str, str], list[tuple[float, float]]] = {(t, c): [] for t in trees for c in commands}
    for n in range(args.runs):
        for command in commands:
            for tree in (list(trees) if n % 2 == 0 else list(reversed(trees))):
                for cache in caches.values():  # no run shares the cores with another's detached cache writer
                    wait_for_writer(cache)
                got[tree, command].append(run(args.workspace, trees[tree], caches[tree], command, target))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for command in commands:
        for tree in trees:
            cpu, wall = (statistics.median(x[i] for x in got[tree, command]) for i in (0, 1))
            line = f"{command:9} {tree:10} CPU {cpu:.3f} s  wall {wall:.3f} s"
            if (tree, "help") in got and command != "help":
                help_cpu, help_wall = (statistics.median(x[i] for x in got[tree, "help"]) for i in (0, 1))
                line += (f"  | over --help: CPU {cpu - help_cpu:+.3f} s = {cpu / help_cpu:.2f}x, "
                         f"wall {wall - help_wall:+.3f} s = {wall / help_wall:.2f}x")
            if command == "duecold" and (tree, "floor") in got:
                floor = statistics.median(x[1] for x in got[tree, "floor"])
                line += f"  | × floor: wall {wall / floor:.2f}x"
            if command.startswith("app") and command != "appempty" and (tree, "appempty") in got:
                empty_cpu, empty_wall = (statistics.median(x[i] for x in got[tree, "appempty"]) for i in (0, 1))
                line += f"  | × empty app: CPU {cpu / empty_cpu:.2f}x, wall {wall / empty_wall:.2f}x"
            print(line)


if __name__ == "__main__":
    main()
