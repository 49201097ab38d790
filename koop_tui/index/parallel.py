"""Cold loads on two cores: a helper process parses files from the back while this one works from the front.

Only when there is enough to parse (POOL_MIN_BYTES): starting a process costs more than small workspaces take.
The helper is a fork of this process when it runs no other thread (a command), at work at once; else (the
app's load worker) a fresh interpreter (koop_tui.index.helper), as forking a process with threads is unsafe.
It returns cache entries (plain tuples), which are cheap to send and are what the cache stores anyway.
"""

from __future__ import annotations

import marshal
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from koop_tui.index.helper import CLAIM, JOB, RESULT, START, Reader, frame, serve
from koop_tui.model import Settings
from koop_tui.store.codec import Entry
from koop_tui.store.files import detach_from_terminal

POOL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_FILES = 64


def worth_a_pool(total_bytes: int) -> bool:
    """Starting the helper interpreter costs about a tenth of a second: only worth it for megabytes."""
    return total_bytes >= POOL_MIN_BYTES and (os.cpu_count() or 1) > 1 and not os.environ.get("KOOP_NO_POOL")


FORK = True  # tests turn it off: a fork would carry their patches


def may_fork() -> bool:
    """Forking is safe only in a process running no other thread: the CLI's, not the app's load worker."""
    return FORK and hasattr(os, "fork") and threading.active_count() == 1


def _spawn() -> subprocess.Popen:
    """The helper as a fresh interpreter: `python -m koop_tui.index.helper`, in its own session."""
    package = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, "-m", "koop_tui.index.helper"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )


class Forked:
    """The helper as a fork of this process (may_fork): at work at once, where a fresh interpreter first
    starts and imports for ~0.1 s. The part of Popen that Helper uses: stdin, stdout, wait, kill, returncode."""

    def __init__(self) -> None:
        job_r, job_w = os.pipe()
        out_r, out_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:  # out of processes: the loader parses everything itself
            for fd in (job_r, job_w, out_r, out_w):
                os.close(fd)
            raise
        if pid == 0:  # the helper: its own session, no terminal, and it ends without exit handlers
            try:
                detach_from_terminal()
                os.close(job_w)
                os.close(out_r)
                serve(job_r, os.fdopen(out_w, "wb"))
            finally:
                os._exit(0)
        os.close(job_r)
        os.close(out_w)
        self.pid, self.returncode = pid, None
        self.stdin, self.stdout = os.fdopen(job_w, "wb"), os.fdopen(out_r, "rb")

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            pid, status = os.waitpid(self.pid, 0 if deadline is None else os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("koop parse helper", timeout)
            else:
                time.sleep(0.002)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Helper:
    """The helper process (koop_tui.index.helper) seen from the loader: claims go out, entries come in."""

    def __init__(self, root: Path, chunks: list[list[str]], settings: Settings) -> None:
        self.cond = threading.Condition()
        self.started: set[int] = set()
        self.results: dict[int, list] = {}
        self.delivered = 0  # files in results
        self.ended = False
        self.held: int | None = -1  # the last claim made before the job was sent (None once it is sent)
        self.proc = Forked() if may_fork() else _spawn()
        from koop_tui import i18n

        job = pickle.dumps((root, chunks, settings, i18n.language()), protocol=pickle.HIGHEST_PROTOCOL)
        self.thread = threading.Thread(target=self._run, args=(frame(JOB, len(job), job),), daemon=True)
        self.thread.start()

    def _run(self, job: bytes) -> None:
        """Reader thread: send the job (it may not fit the pipe), then collect what the helper sends."""
        try:
            self.proc.stdin.write(job)
            self.proc.stdin.flush()
            with self.cond:
                held, self.held = self.held, None
            if held >= 0:
                self._send(held)
            reader = Reader(self.proc.stdout.fileno())
            while (got := reader.next()) is not None:
                kind, value, payload = got
                if kind == RESULT:
                    index, entries = marshal.loads(payload)
                with self.cond:
                    if kind == START:
                        self.started.add(value)
                    elif kind == RESULT:
                        self.results[index] = entries
                        self.delivered += len(entries)
                    self.cond.notify_all()
        except Exception:  # noqa: BLE001 - a dead or garbled helper: the loader parses what is missing
            pass
        finally:
            with self.cond:
                self.ended = True
                self.cond.notify_all()

    def claim(self, index: int) -> bool:
        """Take chunk index for this process, unless the helper has started it (then it has all after it)."""
        with self.cond:
            if index in self.started:
                return False
            if self.held is not None:  # the job is not sent yet: a claim now would arrive before it
                self.held = index
                return True
        self._send(index)
        return True

    def _send(self, index: int) -> None:
        """One claim frame (one write, so frames never interleave); a dead helper is not an error."""
        try:
            self.proc.stdin.write(frame(CLAIM, index))
            self.proc.stdin.flush()
        except (OSError, ValueError):
            pass

    def wait(self, index: int) -> list | None:
        """The entries of a chunk the helper started; None if it ended without sending them."""
        with self.cond:
            self.cond.wait_for(lambda: index in self.results or self.ended)
            return self.results.pop(index, None)

    def arrived(self) -> dict[int, list]:
        """Chunk index -> entries of every chunk sent since the last call (or wait), without waiting."""
        with self.cond:
            ready, self.results = self.results, {}
            return ready

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.thread.join(timeout=2)
        self.proc.stdout.close()


def parse_many(root: Path, rels: list[str], settings: Settings, parse_here: Callable[[str], None],
               take: Callable[[str, Entry | None], None]) -> None:
    """Parse rels on two cores: parse_here(rel) runs in this process from the front, the helper from the back.
    take(rel, entry) hears each file the helper parsed (entry None: it could not), in this thread; those that
    have arrived are taken between two of this process's chunks, so both processes end at about one time."""
    chunks = [rels[i : i + CHUNK_FILES] for i in range(0, len(rels), CHUNK_FILES)]
    try:
        helper = Helper(root, chunks, settings)
    except OSError:  # no interpreter to start (frozen, out of processes): parse everything here
        for rel in rels:
            parse_here(rel)
        return
    taken: set[int] = set()

    def take_all(ready: dict[int, list]) -> None:
        for index, entries in ready.items():
            taken.add(index)
            for rel, entry in entries:
                take(rel, entry)

    try:
        index = 0
        while index < len(chunks) and helper.claim(index):
            for rel in chunks[index]:
                parse_here(rel)
            index += 1
            take_all(helper.arrived())
        for later in range(index, len(chunks)):
            if later in taken:
                continue
            entries = helper.wait(later)
            if entries is None:
                for rel in chunks[later]:
                    parse_here(rel)
            else:
                take_all({later: entries})
    finally:
        helper.close()
