"""`koop sync` at team scale: a bare remote and two clones of a generated workspace (prints, never asserts).

Run: python tests/perf/bench_sync.py [--partners 5000] [--files 100 1000] [--driver-files 100] [--before DIR]
         [--runs 3]
For each count N, clone A appends a touchpoint to N partner files and pushes; clone B, which synced once
before (as a teammate's clone has), appends another one to the same N files and commits. Copies of B then
merge the same histories with: plain `git pull` (git's own line merge, no koop driver), `git pull` with koop's
driver (one Python per file; only up to --driver-files), and `koop sync`; then a `koop sync` with nothing to
fetch or push. `--before DIR` (another checkout of koop, e.g. `git worktree add /tmp/before origin/main`)
adds the same syncs run with that code. Each measure runs --runs times on fresh copies, the variants in
turn (the order flipped every round, as tests/perf/bench_alternate.py does); medians of wall time and of CPU
(user + system of the process and every git it started). Each copy's index is refreshed first: a copied
clone's index no longer matches its files' stat data, which a real clone's does, and git would read every
file. Both checkouts get their bytecode compiled first, as an installed koop has it (with
PYTHONDONTWRITEBYTECODE set, every run would compile the modules it imports again).
Ends with issue 28's table: sync of 100 both-sides files <= 5x plain git pull (the ratio of medians from the
same run); 1,000 files <= 10 s; nothing to do <= 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

ENV = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b",
           GIT_COMMITTER_EMAIL="b@x", PYTHONPATH=str(PROJECT), KOOP_TODAY="2026-11-23")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=check)


def koop(cwd: Path, *args: str, project: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "koop_tui", *args], cwd=cwd, env={**ENV, "PYTHONPATH": str(project)},
                          capture_output=True, text=True)


def timed(fn) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds of the children (the command and what it started), and fn's result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, out


def append(path: Path, tid: str, by: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(f'\n[[touchpoints]]\nid = "{tid}"\ndate = 2026-11-20\nkind = "call"\nby = "{by}"\n')


def setup(base: Path, partners: int) -> Path:
    seed = base / "seed"
    generate(seed, partners, partners * 10)
    (seed / ".gitattributes").write_text("partners/*.toml merge=koop\nkoop.toml merge=koop\n")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "Start")
    remote = base / "remote.git"
    git(base, "clone", "-q", "--bare", str(seed), str(remote))
    return remote


def round_(base: Path, remote: Path, count: int, args) -> dict[str, tuple[float, float, str]]:
    """measure -> (median wall, median CPU, what the last run printed) for one count of files."""
    a, b = base / f"a{count}", base / f"b{count}"
    for clone in (a, b):
        git(base, "clone", "-q", str(remote), clone.name)
    koop(b, "sync")  # B has synced before: what a sync keeps in .git (e.g. the conflict list) is there
    names = sorted(os.listdir(a / "partners"))[:count]
    for clone, by in ((a, "anna"), (b, "tom")):
        for n, name in enumerate(names):
            append(clone / "partners" / name, f"{by[0]}{count}x{n}", by)
        git(clone, "commit", "-qam", f"{count} calls")
    git(a, "push", "-q", "origin", "main")
    git(b, "fetch", "-q")
    git(b, "config", "--remove-section", "merge.koop", check=False)  # plain git merges line by line
    variants = ["plain", *(["driver"] if count <= args.driver_files else []), "sync",
                *(["before"] if args.before else [])]
    runs: dict[str, list[tuple[float, float, str]]] = {}
    for n in range(args.runs):
        for name in variants if n % 2 == 0 else variants[::-1]:
            for measure, result in _measure(base, remote, b, name, count, args.before):
                runs.setdefault(measure, []).append(result)
    for path in (a, b):
        shutil.rmtree(path)
    return {measure: (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
                      results[-1][2]) for measure, results in runs.items()}


def _measure(base: Path, remote: Path, b: Path, name: str, count: int, before: Path | None):
    """One run of one variant on a fresh copy of clone B (and of the remote, for a sync that pushes)."""
    copy = base / f"b-{count}-{name}"
    shutil.copytree(b, copy, symlinks=True)
    if name in ("sync", "before"):
        shutil.copytree(remote, base / f"remote-{count}-{name}.git")
        git(copy, "remote", "set-url", "origin", str(base / f"remote-{count}-{name}.git"))
        git(copy, "fetch", "-q")
    git(copy, "update-index", "-q", "--refresh", check=False)
    try:
        if name == "plain":
            wall, cpu, res = timed(lambda: git(copy, "merge", "-q", "--no-edit", "origin/main", check=False))
            yield "plain", (wall, cpu, f"exit {res.returncode}")
        elif name == "driver":
            from koop_tui.sync.driver import driver_command

            git(copy, "config", "merge.koop.driver", driver_command())
            wall, cpu, res = timed(lambda: git(copy, "merge", "-q", "--no-edit", "origin/main", check=False))
            yield "driver", (wall, cpu, f"exit {res.returncode}")
        else:
            project = PROJECT if name == "sync" else before
            for measure in (name, f"{name} idle"):
                wall, cpu, res = timed(lambda: koop(copy, "sync", project=project))
                last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr.strip()
                yield measure, (wall, cpu, f"exit {res.returncode}: {last[:60]}")
    finally:
        shutil.rmtree(copy)
        shutil.rmtree(base / f"remote-{count}-{name}.git", ignore_errors=True)


LABELS = {
    "plain": "plain git pull (git's line merge)",
    "driver": "git pull with koop's driver",
    "sync": "koop sync",
    "before": "koop sync (before)",
    "sync idle": "koop sync, nothing to fetch or push",
    "before idle": "koop sync (before), nothing to fetch or push",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--files", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--driver-files", type=int, default=100)
    parser.add_argument("--before", type=Path, help="another koop checkout to compare with, in the same run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for project in (PROJECT, args.before):
        if project is not None:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / "koop_tui")], check=True,
                           capture_output=True)
    loads = [os.getloadavg()[0]]
    figures: dict[int, dict[str, tuple[float, float, str]]] = {}
    with tempfile.TemporaryDirectory(prefix="koop-bench-sync-") as tmp:
        base = Path(tmp)
        remote = setup(base, args.partners)
        for count in args.files:
            figures[count] = round_(base, remote, count, args)
            loads.append(os.getloadavg()[0])
    print(f"{'measure':<58} {'wall s':>7} {'CPU s':>6} {'x plain':>8}  result")
    for count, rows in figures.items():
        plain = rows["plain"][0]
        for measure, (wall, cpu, note) in rows.items():
            ratio = f"{wall / plain:.1f}" if measure != "plain" and "idle" not in measure else ""
            print(f"{LABELS[measure] + f', {count} files':<58} {wall:>7.2f} {cpu:>6.2f} {ratio:>8}  {note}")
    _targets(figures, args.before is not None)
    print(f"load average (1 min) during the run: {min(loads):.1f}-{max(loads):.1f}; medians of {args.runs} runs")


def _targets(figures: dict[int, dict[str, tuple[float, float, str]]], before: bool) -> None:
    """Issue 28's table: measure / before / now / target."""
    def cell(count: int, name: str, ratio: bool) -> str:
        rows = figures.get(count, {})
        if name not in rows:
            return "-"
        wall = rows[name][0]
        return f"{wall:.2f} s ({wall / rows['plain'][0]:.1f}x)" if ratio else f"{wall:.2f} s"

    table = [("koop sync merging 100 files changed on both sides", 100, "", True, "<= 5x plain git pull"),
             ("1,000 such files", 1000, "", False, "<= 10 s"),
             ("koop sync with nothing to fetch or push", min(figures), " idle", False, "<= 0.3 s")]
    print()
    print(f"| {'measure':<50} | {'before':<16} | {'now':<16} | {'target':<20} |")
    print(f"|{'-' * 52}|{'-' * 18}|{'-' * 18}|{'-' * 22}|")
    for label, count, suffix, ratio, target in table:
        was = cell(count, "before" + suffix, ratio) if before else "-"
        print(f"| {label:<50} | {was:<16} | {cell(count, 'sync' + suffix, ratio):<16} | {target:<20} |")


if __name__ == "__main__":
    main()
