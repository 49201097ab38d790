"""Cold loads on every core: a helper process parses files from the back while this one works from the front.

Only when there is enough to parse (POOL_MIN_BYTES): starting a process costs more than small workspaces take.
Workers return cache entries (plain tuples), which are cheap to send and are what the cache stores anyway.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from pathlib import Path

from koop_tui.model import Partner, Problem, Settings
from koop_tui.store.cache import Entry, decode_partner, encode_partner, encode_problems, stat_key
from koop_tui.store.files import read_regular
from koop_tui.store.parse import parse_partner

POOL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_FILES = 64
Parsed = tuple[Entry | None, Partner | None, list[Problem]]


def parse_file(root: Path, rel: str, settings: Settings, build: bool = True) -> Parsed:
    """Read and parse one file; the entry is None when the file changed while being read (not cacheable).
    build=False leaves the partner None when the entry holds it (a helper only sends entries).

    Raises what read_regular raises (missing, unreadable, not regular, too large): the loader reports those.
    """
    path = root / rel
    read_ns = time.time_ns()
    before = os.lstat(path)
    data, fingerprint = read_regular(path)
    encoded, partner, problems = parse_partner(data, rel, settings)
    if partner is None and encoded is not None and build:
        partner = decode_partner(encoded)
    key = stat_key(before)
    if key != stat_key(os.lstat(path)) or (key[0], key[1], key[2]) != (
        fingerprint.ino, fingerprint.size, fingerprint.mtime_ns
    ):
        return None, partner, problems
    if encoded is None and partner is not None:
        encoded = encode_partner(partner)
    return (key, fingerprint.sha256, read_ns, encoded, encode_problems(problems)), partner, problems


def parse_chunk(root: Path, rels: list[str], settings: Settings) -> list[tuple[str, Entry | None]]:
    """Worker side: entries for a chunk of files; None where the parent must read the file itself."""
    out: list[tuple[str, Entry | None]] = []
    for rel in rels:
        try:
            entry = parse_file(root, rel, settings, build=False)[0]
        except Exception:  # noqa: BLE001 - the parent re-reads it and reports the problem properly
            entry = None
        out.append((rel, entry))
    return out


def worth_a_pool(total_bytes: int) -> bool:
    """Only from a single-threaded process (the CLI), where fork is cheap and safe; the app loads serially
    (a forkserver pool started from inside the running app was seen to hang)."""
    return (total_bytes >= POOL_MIN_BYTES and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods() and not os.environ.get("KOOP_NO_POOL"))


def parse_many(root: Path, rels: list[str], settings: Settings, parse_here) -> dict[str, Entry | None]:
    """Parse rels on all cores. parse_here(rel) runs in this process; returns rel -> entry for the others."""
    chunks = [rels[i : i + CHUNK_FILES] for i in range(0, len(rels), CHUNK_FILES)]
    helpers = min((os.cpu_count() or 2) - 1, 3)
    shipped: dict[int, Future] = {}
    results: dict[str, Entry | None] = {}
    with ProcessPoolExecutor(max_workers=helpers, mp_context=multiprocessing.get_context("fork")) as pool:
        for index in range(len(chunks) - 1, len(chunks) // (helpers + 1) - 1, -1):
            shipped[index] = pool.submit(parse_chunk, root, chunks[index], settings)
        for index, chunk in enumerate(chunks):
            future = shipped.get(index)
            if future is None or future.cancel():
                for rel in chunk:
                    parse_here(rel)
                continue
            try:
                results.update(future.result())
            except (CancelledError, Exception):  # noqa: BLE001 - a dead helper: do its work here
                for rel in chunk:
                    parse_here(rel)
    return results
