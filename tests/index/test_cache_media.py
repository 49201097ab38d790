"""The marshal caches (load, due, due list) on a cache dir that cannot be written, and read while rebuilt.

Each case runs real `koop` processes: a read-only medium or a full disk must give the output of a plain load,
and two readers running while a third fills an empty cache dir must each print the whole, same answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from koop_tui.index.cache import wait_for_writer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402

TODAY = "2026-11-23"
COMMANDS = (("due", "--json", "--all"), ("list", "--json"), ("check",))

# Runs koop with every write under the cache dir failing as on a read-only medium (EROFS when a file is made)
# or a full disk (ENOSPC when bytes are written): reads still work.
FAILING = """
import errno, os, sys
cache, medium = os.environ["KOOP_CACHE_DIR"], sys.argv.pop(1)

def under_cache(path):
    return os.path.realpath(path).startswith(os.path.realpath(cache))

real_open, real_fdopen, real_mkdir = os.open, os.fdopen, os.mkdir

def open_(path, flags, *args, **kwargs):
    if medium == "read-only" and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and under_cache(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
    return real_open(path, flags, *args, **kwargs)

class Full:
    def __init__(self, handle):
        self.handle = handle
    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()
    def __getattr__(self, name):
        return getattr(self.handle, name)

def fdopen(fd, mode="r", *args, **kwargs):
    handle = real_fdopen(fd, mode, *args, **kwargs)
    if medium == "full" and "w" in mode and under_cache(f"/proc/self/fd/{fd}"):
        return Full(handle)
    return handle

def mkdir(path, *args, **kwargs):
    if medium == "read-only" and under_cache(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
    return real_mkdir(path, *args, **kwargs)

os.open, os.fdopen, os.mkdir = open_, fdopen, mkdir
from koop_tui.__main__ import main
sys.argv[0] = "koop"
main()
"""


@pytest.fixture
def root(tmp_path) -> Path:
    ws = tmp_path / "ws"
    generate(ws, partners=40, touchpoints=600, seed=5)
    (ws / "partners" / "broken.toml").write_text('name = "Broken\n')
    return ws


def environment(cache: Path) -> dict[str, str]:
    return {**os.environ, "KOOP_CACHE_DIR": str(cache), "KOOP_TODAY": TODAY, "NO_COLOR": "1",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def koop(root: Path, cache: Path, *args: str, medium: str | None = None) -> tuple[int, str, str]:
    prefix = [sys.executable, "-m", "koop_tui"] if medium is None else [sys.executable, "-c", FAILING, medium]
    run = subprocess.run([*prefix, "-w", str(root), *args], env=environment(cache), capture_output=True, text=True,
                         timeout=120)
    return run.returncode, run.stdout, run.stderr


def plain(root: Path, cache: Path) -> list[tuple[int, str, str]]:
    """Each command's output with an empty cache dir (a plain load, nothing cached yet)."""
    return [koop(root, cache / f"fresh-{n}", *args) for n, args in enumerate(COMMANDS)]


@pytest.mark.parametrize("medium", ["read-only", "full"])
def test_a_cache_dir_that_cannot_be_written_gives_the_output_of_a_plain_load(root, tmp_path, medium):
    cache = tmp_path / "cache"
    for args in COMMANDS:  # caches of the workspace as it was: made while the medium was still writable
        koop(root, cache, *args)
    first = sorted((root / "partners").glob("partner-*.toml"))[0]
    first.write_text(first.read_text().replace('name = "', 'name = "Zebra ', 1))  # the caches are stale now
    (root / "partners" / "broken.toml").write_text('name = "Fixed"\nslug = "broken"\n')
    wait_for_writer(cache)  # the last command's caches are written by a child after its output
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    got = [koop(root, cache, *args, medium=medium) for args in COMMANDS]
    assert got == plain(root, tmp_path)
    assert [code for code, _, _ in got[:2]] == [0, 0] and "Zebra" in got[1][1] and '"partner": "broken"' in got[0][1]
    if medium == "read-only":
        assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before  # nothing written, nothing hidden


READERS = 2


def test_two_readers_while_a_third_fills_the_caches(root, tmp_path):
    """A cold `koop due` writes the load and due caches (after its output, in a child); `koop due` and
    `koop list` started meanwhile read them as they are then: each prints the whole answer, the same one."""
    want = plain(root, tmp_path)
    env = environment(tmp_path / "cache")
    loop = "; ".join(f"{sys.executable} -m koop_tui -w {root} {' '.join(args)}; echo \"== $?\""
                     for args in COMMANDS[:2] * 3)
    writer = subprocess.Popen([sys.executable, "-m", "koop_tui", "-w", str(root), *COMMANDS[0]], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    readers = [subprocess.Popen(["sh", "-c", loop], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(READERS)]
    written = writer.communicate(timeout=120)
    assert (writer.returncode, *written) == want[0]
    expected = f"{want[0][1]}== 0\n{want[1][1]}== 0\n" * 3
    for reader in readers:
        out, err = reader.communicate(timeout=300)
        assert out == expected and err == want[0][2] * 3 + want[1][2] * 3
