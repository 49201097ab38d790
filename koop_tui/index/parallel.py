"""Cold loads on two cores: a helper process parses chunks of files while this one does too.

Only when there is enough to parse (POOL_MIN_BYTES): starting a process costs more than small workspaces take.
Both take chunk numbers from one pipe of tickets, so they end at about one time whichever started later. The
helper is a fork of this process when it runs no other thread (a command), at work at once; else (the app's
load worker) a fresh interpreter (koop_tui.index.helper), as forking a process with threads is unsafe. It
returns cache entries (plain tuples), which are cheap to send and are what the cache stores anyway.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

from koop_tui.index.helper import U32, receive, serve, ticket
from koop_tui.model import Settings
from koop_tui.store.codec import Entry
from koop_tui.store.files import detach_from_terminal

POOL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_FILES = 64
MAX_CHUNKS = 4096  # their tickets (4 bytes each) fit a pipe's buffer: written before either process reads


def worth_a_pool(total_bytes: int) -> bool:
    """Starting the helper interpreter costs about a tenth of a second: only worth it for megabytes."""
    return total_bytes >= POOL_MIN_BYTES and (os.cpu_count() or 1) > 1 and not os.environ.get("KOOP_NO_POOL")


FORK = True  # tests turn it off: a fork would carry their patches


def may_fork() -> bool:
    """Forking is safe only in a process running no other thread: the CLI's, not the app's load worker."""
    return FORK and hasattr(os, "fork") and threading.active_count() == 1


def _spawn(tickets: int) -> subprocess.Popen:
    """The helper as a fresh interpreter: `python -m koop_tui.index.helper`, in its own session."""
    package = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, "-m", "koop_tui.index.helper"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, env=env, start_new_session=True, pass_fds=(tickets,),
    )


class Forked:
    """The helper as a fork of this process (may_fork): at work at once, where a fresh interpreter first
    starts and imports for ~0.1 s. The part of Popen that Helper uses: stdout, wait, kill, returncode."""

    def __init__(self, tickets: int, job: tuple) -> None:
        out_r, out_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:  # out of processes: the loader parses everything itself
            os.close(out_r)
            os.close(out_w)
            raise
        if pid == 0:  # the helper: its own session, no terminal, and it ends without exit handlers
            try:
                detach_from_terminal()
                os.close(out_r)
                serve(tickets, *job, os.fdopen(out_w, "wb"))
            finally:
                os._exit(0)
        os.close(out_w)
        self.pid, self.returncode = pid, None
        self.stdout = os.fdopen(out_r, "rb")

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Helper:
    """The helper process (koop_tui.index.helper) seen from the loader: both take tickets, its entries come in."""

    def __init__(self, root: Path, chunks: list[list[str]], settings: Settings) -> None:
        from koop_tui import i18n

        self.cond = threading.Condition()
        self.results: dict[int, list] = {}
        self.delivered = 0  # files in results
        self.ended = False
        self.tickets, write = os.pipe()
        try:
            os.write(write, b"".join(map(U32.pack, range(len(chunks)))))
            os.close(write)  # before the helper starts, so that it sees the end of the tickets
            job = (root, chunks, settings, i18n.language())
            if may_fork():
                self.proc, sent = Forked(self.tickets, job), None  # the fork has its job already
            else:
                self.proc = _spawn(self.tickets)
                sent = pickle.dumps((self.tickets, *job), protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            os.close(self.tickets)
            raise
        self.thread = threading.Thread(target=self._run, args=(sent,), daemon=True)
        self.thread.start()

    def _run(self, job: bytes | None) -> None:
        """Reader thread: send a fresh interpreter its job (it may not fit the pipe), then collect what the
        helper sends."""
        try:
            if job is not None:
                with self.proc.stdin:
                    self.proc.stdin.write(job)
            while (got := receive(self.proc.stdout)) is not None:
                index, entries = got
                with self.cond:
                    self.results[index] = entries
                    self.delivered += len(entries)
                    self.cond.notify_all()
        except Exception:  # noqa: BLE001 - a dead or garbled helper: the loader parses what is missing
            pass
        finally:
            with self.cond:
                self.ended = True
                self.cond.notify_all()

    def ticket(self) -> int | None:
        """A chunk for this process to parse; None when all are taken."""
        return ticket(self.tickets)

    def arrived(self, wait: bool = False) -> dict[int, list]:
        """Chunk number -> entries of every chunk sent since the last call; with wait, once the helper ended."""
        with self.cond:
            if wait:
                self.cond.wait_for(lambda: self.ended)
            ready, self.results = self.results, {}
            return ready

    def close(self) -> None:
        os.close(self.tickets)
        if not self.ended:  # interrupted: the helper's chunks are no longer wanted
            self.proc.kill()
        self.thread.join()
        self.proc.stdout.close()  # a helper still sending (garbled) meets a closed pipe and ends
        self.proc.wait()


def parse_many(root: Path, rels: list[str], settings: Settings, parse_here: Callable[[str], None],
               take: Callable[[str, Entry | None], None]) -> None:
    """Parse rels on two cores: parse_here(rel) runs in this process, the helper parses the chunks it takes.
    take(rel, entry) hears each file the helper parsed (entry None: it could not), in this thread; those that
    have arrived are taken between two of this process's chunks. A chunk the helper took and never sent (it
    died) is parsed here."""
    size = max(CHUNK_FILES, -(-len(rels) // MAX_CHUNKS))
    chunks = [rels[i : i + size] for i in range(0, len(rels), size)]
    try:
        helper = Helper(root, chunks, settings)
    except OSError:  # no interpreter to start (frozen, out of processes): parse everything here
        for rel in rels:
            parse_here(rel)
        return
    left = set(range(len(chunks)))

    def parse(index: int) -> None:
        left.discard(index)
        for rel in chunks[index]:
            parse_here(rel)

    def take_all(ready: dict[int, list]) -> None:
        for index, entries in ready.items():
            left.discard(index)
            for rel, entry in entries:
                take(rel, entry)

    try:
        while (index := helper.ticket()) is not None:
            parse(index)
            take_all(helper.arrived())
        take_all(helper.arrived(wait=True))
        for index in sorted(left):
            parse(index)
    finally:
        helper.close()
