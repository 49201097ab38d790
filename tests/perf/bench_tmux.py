"""The app in a real terminal: wall time from launching `koop` in tmux until its first due row is on the screen,
against an empty Textual app shown the same way, several checkouts in turn (prints numbers, never asserts).

Each run starts a tmux session running the command and reads the pane until the marker appears (every few ms;
the reading costs both sides alike). Wall time only: the app is not our child, so its CPU is not ours to read.
Each checkout's bytecode is compiled first, as bench_alternate.py does.

Run: python tests/perf/bench_tmux.py WORKSPACE before=/path/a,after=/path/b --runs 7
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import compiled

TODAY = "2026-11-23"
SOCKET = f"koop-bench-{os.getpid()}"  # a tmux server of its own, kept up by a session for the whole run
EMPTY = ("from textual.app import App\nfrom textual.widgets import Static\n"
         "class Empty(App):\n    def compose(self):\n        yield Static('empty-app-ready')\nEmpty().run()\n")


def shown(command: list[str], env: dict, marker: str, timeout: float = 60.0) -> float:
    """Seconds from launching `command` with `env` set in a new 120×40 tmux session until `marker` is in its
    pane. The variables go on the command line: a session takes the tmux server's environment, not the client's."""
    session = f"bench-{uuid.uuid4().hex[:8]}"
    line = shlex.join(["env", *(f"{name}={value}" for name, value in env.items()), *command])
    start = time.perf_counter()
    # in /: `python -m` puts the session's directory first on sys.path, ahead of the checkout in PYTHONPATH
    subprocess.run(["tmux", "-L", SOCKET, "new", "-d", "-c", "/", "-s", session, "-x", "120", "-y", "40", line],
                   check=True)
    try:
        while time.perf_counter() - start < timeout:
            pane = subprocess.run(["tmux", "-L", SOCKET, "capture-pane", "-p", "-t", session], capture_output=True,
                                  text=True).stdout
            if marker in pane:
                return time.perf_counter() - start
            time.sleep(0.003)
        raise SystemExit(f"{marker!r} never appeared; the pane:\n{pane}")
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", session], capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace", type=Path, help="a workspace made by generate.py")
    ap.add_argument("trees", help="NAME=CHECKOUT,... (the directory holding koop_tui/)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    trees = dict(pair.split("=", 1) for pair in args.trees.split(","))
    for tree in trees.values():
        compiled(tree)
    config = Path(tempfile.mkdtemp(prefix="koop-bench-config-"))  # no user config: nobody is "me"
    base = {"XDG_CONFIG_HOME": str(config), "KOOP_USER": "", "GIT_CONFIG_NOSYSTEM": "1"}

    def env(tree: str) -> dict:
        return dict(base, PYTHONPATH=trees[tree], KOOP_CACHE_DIR=str(args.workspace.parent / f"cache-{tree}"))

    subprocess.run(["tmux", "-L", SOCKET, "new", "-d", "-s", "keep", "sleep 3600"], check=True)
    try:
        measure(args.workspace, trees, base, env, args.runs)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
        shutil.rmtree(config, ignore_errors=True)


def measure(workspace: Path, trees: dict[str, str], base: dict, env, runs: int) -> None:
    koop = [sys.executable, "-m", "koop_tui", "-w", str(workspace), "--today", TODAY]
    first = next(iter(trees))
    # in / as the sessions run (see shown): else a checkout in the current directory writes every cache
    listed = subprocess.run([*koop, "due", "--json"], env=dict(os.environ, **env(first)), capture_output=True,
                            text=True, check=True, cwd="/")
    marker = json.loads(listed.stdout)["items"][0]["partner_name"]
    for tree in trees:  # warm every cache, and the page cache
        subprocess.run([*koop, "due", "--json"], env=dict(os.environ, **env(tree)), capture_output=True, check=True,
                       cwd="/")
        shown(koop, env(tree), marker)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; marker {marker!r}")
    got: dict[str, list[float]] = {"empty": [], **{tree: [] for tree in trees}}
    for n in range(runs):
        order = ["empty", *trees]
        for name in order if n % 2 == 0 else reversed(order):
            if name == "empty":
                got[name].append(shown([sys.executable, "-c", EMPTY], base, "empty-app-ready"))
            else:
                got[name].append(shown(koop, env(name), marker))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    empty = statistics.median(got["empty"])
    for name, walls in got.items():
        wall = statistics.median(walls)
        print(f"{name:10} wall {wall:.3f} s (runs {min(walls):.3f}–{max(walls):.3f})  = {wall / empty:.2f}x empty")


if __name__ == "__main__":
    main()
