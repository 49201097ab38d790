"""`koop sync` at team scale: a bare remote and two clones of a generated workspace (prints, never asserts).

Run: python tests/perf/bench_sync.py [--partners 5000] [--files 100 1000] [--driver-files 100] [--before DIR]
For each count N, clone A appends a touchpoint to N partner files and pushes; clone B appends another one to
the same N files and commits. Copies of B then merge the same histories with: plain `git pull` (git's own
line merge, no koop driver), `git pull` with koop's driver (one Python per file; only up to
--driver-files), and `koop sync`. Also a `koop sync` with nothing to fetch or push. `--before DIR` (another
checkout of koop, e.g. `git worktree add /tmp/before origin/main`) adds the same syncs run with that code, in
the same run, each against its own copy of the remote. Each copy's index is refreshed first: a copied clone's
index no longer matches its files' stat data, which a real clone's does, and git would read every file.
Both checkouts get their bytecode compiled first, as an installed koop has it (with PYTHONDONTWRITEBYTECODE
set, every run would compile the modules it imports again).
Targets (issue 28): sync of 100 both-sides files <= 5x plain git pull; 1,000 files <= 10 s; nothing to do
<= 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


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


def round_(base: Path, remote: Path, count: int, driver_files: int,
           before: Path | None) -> list[tuple[str, float, str]]:
    a, b = base / f"a{count}", base / f"b{count}"
    for clone in (a, b):
        git(base, "clone", "-q", str(remote), clone.name)
    names = sorted(os.listdir(a / "partners"))[:count]
    for clone, by in ((a, "anna"), (b, "tom")):
        for n, name in enumerate(names):
            append(clone / "partners" / name, f"{by[0]}{count}x{n}", by)
        git(clone, "commit", "-qam", f"{count} calls")
    git(a, "push", "-q", "origin", "main")
    rows = []
    names = ("plain", "driver", "sync", *(["before"] if before else []))
    copies = {name: base / f"b-{count}-{name}" for name in names}
    for name, copy in copies.items():
        shutil.copytree(b, copy, symlinks=True)
        if name in ("sync", "before"):  # each sync pushes: its own copy of the remote
            shutil.copytree(remote, base / f"remote-{count}-{name}.git")
            git(copy, "remote", "set-url", "origin", str(base / f"remote-{count}-{name}.git"))
        git(copy, "fetch", "-q")
        git(copy, "config", "--unset-all", "merge.koop.driver", check=False)
        git(copy, "update-index", "-q", "--refresh", check=False)
    t, res = timed(lambda: git(copies["plain"], "merge", "-q", "--no-edit", "origin/main", check=False))
    rows.append((f"plain git pull (git's line merge), {count} files", t, f"exit {res.returncode}"))
    if count <= driver_files:
        from koop_tui.sync.driver import driver_command

        git(copies["driver"], "config", "merge.koop.driver", driver_command())
        t, res = timed(lambda: git(copies["driver"], "merge", "-q", "--no-edit", "origin/main", check=False))
        rows.append((f"git pull with koop's driver, {count} files", t, f"exit {res.returncode}"))
    for name, project in (("before", before), ("sync", PROJECT)):
        if project is None:
            continue
        label = "koop sync" + (" (before)" if name == "before" else "")
        t, res = timed(lambda: koop(copies[name], "sync", project=project))
        last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr
        rows.append((f"{label}, {count} files changed on both sides", t, f"exit {res.returncode}: {last}"))
        t, res = timed(lambda: koop(copies[name], "sync", project=project))
        rows.append((f"{label} with nothing to fetch or push", t, f"exit {res.returncode}"))
    for path in (a, b, *copies.values()):
        shutil.rmtree(path)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--files", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--driver-files", type=int, default=100)
    parser.add_argument("--before", type=Path, help="another koop checkout to compare with, in the same run")
    args = parser.parse_args()
    for project in (PROJECT, args.before):
        if project is not None:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / "koop_tui")], check=True,
                           capture_output=True)
    with tempfile.TemporaryDirectory(prefix="koop-bench-sync-") as tmp:
        base = Path(tmp)
        remote = setup(base, args.partners)
        rows = []
        for count in args.files:
            rows += round_(base, remote, count, args.driver_files, args.before)
    plain = {r[0].split(", ")[-1]: r[1] for r in rows if r[0].startswith("plain")}
    print(f"{'measure':<61} {'seconds':>8} {'x plain':>8}  result")
    for name, seconds, note in rows:
        files = name.split(", ")[-1].split(" changed")[0]
        ratio = f"{seconds / plain[files]:.1f}" if files in plain and not name.startswith("plain") else ""
        print(f"{name:<61} {seconds:>8.2f} {ratio:>8}  {note}")
    print("load average at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
