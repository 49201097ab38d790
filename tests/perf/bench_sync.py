"""`koop sync` at team scale: a bare remote and two clones of a generated workspace (prints, never asserts).

Run: python tests/perf/bench_sync.py [--partners 5000] [--files 100 1000] [--driver-files 100]
For each count N, clone A appends a touchpoint to N partner files and pushes; clone B appends another one to
the same N files and commits. Copies of B then merge the same histories with: plain `git pull` (git's own
line merge, no koop driver), `git pull` with koop's driver (one Python per file; only up to
--driver-files), and `koop sync`. Also a `koop sync` with nothing to fetch or push.
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


def koop(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "koop_tui", *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True)


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


def round_(base: Path, remote: Path, count: int, driver_files: int) -> list[tuple[str, float, str]]:
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
    copies = {name: base / f"b-{count}-{name}" for name in ("plain", "driver", "sync")}
    for copy in copies.values():
        shutil.copytree(b, copy, symlinks=True)
        git(copy, "fetch", "-q")
        git(copy, "config", "--unset-all", "merge.koop.driver", check=False)
    t, res = timed(lambda: git(copies["plain"], "merge", "-q", "--no-edit", "origin/main", check=False))
    rows.append((f"plain git pull (git's line merge), {count} files", t, f"exit {res.returncode}"))
    if count <= driver_files:
        from koop_tui.sync.driver import driver_command

        git(copies["driver"], "config", "merge.koop.driver", driver_command())
        t, res = timed(lambda: git(copies["driver"], "merge", "-q", "--no-edit", "origin/main", check=False))
        rows.append((f"git pull with koop's driver, {count} files", t, f"exit {res.returncode}"))
    t, res = timed(lambda: koop(copies["sync"], "sync"))
    rows.append((f"koop sync, {count} files changed on both sides", t,
                 f"exit {res.returncode}: {res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr}"))
    t, res = timed(lambda: koop(copies["sync"], "sync"))
    rows.append(("koop sync with nothing to fetch or push", t, f"exit {res.returncode}"))
    for path in (a, b, *copies.values()):
        shutil.rmtree(path)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--files", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--driver-files", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="koop-bench-sync-") as tmp:
        base = Path(tmp)
        remote = setup(base, args.partners)
        rows = []
        for count in args.files:
            rows += round_(base, remote, count, args.driver_files)
    plain = {r[0].split(", ")[-1]: r[1] for r in rows if r[0].startswith("plain")}
    print(f"{'measure':<52} {'seconds':>8} {'x plain':>8}  result")
    for name, seconds, note in rows:
        files = name.split(", ")[-1].split(" changed")[0]
        ratio = f"{seconds / plain[files]:.1f}" if files in plain and not name.startswith("plain") else ""
        print(f"{name:<52} {seconds:>8.2f} {ratio:>8}  {note}")


if __name__ == "__main__":
    main()
