"""A command's cache writes come after its output (cache.write_after): a child process writes them when koop is
its own process, holding the cache dir's writer lock, and a koop that reads a cache meanwhile waits for it."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from koop_tui.index import cache
from koop_tui.userdirs import cache_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def koop(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "--today", "2026-11-23", *args],
                          capture_output=True, text=True, timeout=120)


def lock_is_held() -> bool:
    fd = os.open(cache_dir() / cache.WRITER_LOCK, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_the_process_ends_while_a_child_writes_and_readers_wait_for_the_child(tmp_path):
    gate, out = tmp_path / "gate", tmp_path / "written"
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from koop_tui.index.cache import write_after

        def write():  # held back until the test opens the gate
            while not os.path.exists({str(gate)!r}):
                time.sleep(0.01)
            with open({str(out)!r}, "w") as f:
                f.write(str(os.getpid()))

        print(write_after([write], detach=True), os.getpid(), flush=True)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    detached, parent = run.stdout.split()
    assert run.returncode == 0 and detached == "True"  # it ended although its write cannot have run yet
    assert not out.exists() and lock_is_held()
    gate.touch()
    cache.wait_for_writer()
    assert not lock_is_held()
    assert out.read_text() != parent  # written, by the child


def test_without_detach_or_with_threads_running_the_writes_run_here_in_order(tmp_path):
    done: list[int] = []
    assert cache.write_after([lambda: done.append(1), lambda: done.append(2)], detach=False) is False
    assert done == [1, 2]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert cache.write_after([lambda: done.append(3)], detach=True) is False  # forking with threads: unsafe
    finally:
        stop.set()
        other.join()
    assert done == [1, 2, 3]
    assert cache.write_after([], detach=True) is False


@pytest.fixture
def root(tmp_path) -> Path:
    ws = tmp_path / "ws"
    generate(ws, partners=12, touchpoints=200, seed=3)
    (ws / "partners" / "broken.toml").write_text('name = "Broken\n')
    return ws


def test_koop_due_prints_first_and_a_cache_read_right_after_finds_every_cache_written(root):
    run = koop(root, "due", "--json", "--all")
    assert run.returncode == 0 and json.loads(run.stdout)["items"]
    # read_marshal waits for the child: without the lock these reads would race its writes (a small workspace's
    # files are parsed one by one: no load cache; files this new make no sorted list)
    assert len(cache.read_marshal(cache.cache_path(root, "due"))[1]) == 13
    assert koop(root, "due", "--json", "--all").stdout == run.stdout


def test_a_command_that_exits_non_zero_keeps_its_code_and_still_has_its_caches_written(root):
    run = koop(root, "check")
    assert run.returncode == 1 and "partners/broken.toml" in run.stdout + run.stderr
    entries = cache.read_marshal(cache.cache_path(root, "load"))[1]
    assert len(entries) == 13 and entries["partners/broken.toml"][3] is None  # cached as broken
