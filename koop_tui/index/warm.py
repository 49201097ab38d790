"""Load the partner files through the cache, parsing only what changed, on all cores when it pays."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from koop_tui.index.cache import LoadCache, reading_key
from koop_tui.index.chunks import Parsed, parse_file
from koop_tui.index.parallel import parse_many, worth_a_pool
from koop_tui.model import Partner, Problem
from koop_tui.store.codec import Entry, decode_partner, decode_problems
from koop_tui.gcpause import paused_gc
from koop_tui.store import loader
from koop_tui.store.files import Fingerprint

Progress = Callable[[int, int], None]
STEP = 50  # files between two progress reports


def _fingerprint(entry: tuple) -> Fingerprint:
    key, sha = entry[0], entry[1]
    return Fingerprint(int(key[0]), int(key[1]), int(key[2]), str(sha))


def _decode(entry: tuple) -> tuple[Fingerprint, Partner | None, list[Problem]]:
    """One cache entry as loader results; raises on anything malformed."""
    _, _, _, encoded, encoded_problems = entry
    return _fingerprint(entry), decode_partner(encoded) if encoded is not None else None, decode_problems(encoded_problems)


def _apply(loaded, rel: str, fingerprint: Fingerprint, partner: Partner | None, problems: list[Problem]) -> None:
    ws = loaded.workspace
    loaded.fingerprints[rel] = fingerprint
    ws.problems.extend(problems)
    if partner is None:
        ws.broken.append(rel)
    else:
        ws.partners[partner.slug] = partner


class _Counter:
    """Files done so far, reported to progress(done, total) every STEP files and at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done, self.shown = progress, total, 0, -STEP

    def add(self, files: int) -> None:
        self.done += files
        if self.progress is not None and (self.done - self.shown >= STEP or self.done >= self.total):
            self.shown = self.done
            self.progress(min(self.done, self.total), self.total)


def load_partners(root: Path, names: list[str], loaded, progress: Progress | None = None) -> None:
    """Fill loaded from partners/<names>: cached entries where the file is unchanged, parsing the rest.

    Files that cannot be cached (unreadable ones) go to the plain loader, which reports them; progress(done,
    total) hears how many files are read or taken from the cache."""
    settings = loaded.workspace.settings
    cache = LoadCache(root, reading_key(settings))
    hits, misses, sizes = {}, [], 0
    for name in names:
        rel = f"partners/{name}"
        try:
            st = os.lstat(f"{root}/{rel}")
        except OSError:
            misses.append(rel)
            continue
        if rel in cache.entries:  # else not cached (all files, on a cold load): no lookup bound to fail
            try:
                hits[rel] = _decode(cache.lookup(rel, st, root))
                continue
            except Exception:  # noqa: BLE001 - changed, or a damaged entry: parse the file
                pass
        misses.append(rel)
        sizes += st.st_size
    here: dict[str, Parsed | None] = {}  # what each missed file gave, None: read it with the plain loader
    counter = _Counter(progress, len(names))
    counter.add(len(hits))

    def parse_here(rel: str) -> None:
        try:
            here[rel] = parse_file(root, rel, settings)
        except Exception:  # noqa: BLE001 - unreadable: the plain loader reports it
            here[rel] = None
        counter.add(1)

    def take(rel: str, entry: Entry | None) -> None:  # the helper's: built here, between this process's chunks
        here[rel] = None if entry is None else (entry, *_decode(entry)[1:])
        counter.add(1)

    if worth_a_pool(sizes):
        parse_many(root, misses, settings, parse_here, take)
    else:
        for rel in misses:
            parse_here(rel)
    kept = set(hits)
    for name in names:
        rel = f"partners/{name}"
        parsed = here.get(rel)
        if rel in hits:
            loaded.stat_keys[rel] = cache.entries[rel][:3]
            _apply(loaded, rel, *hits[rel])
        elif parsed is not None and parsed[0] is not None:
            entry = parsed[0]
            _apply(loaded, rel, _fingerprint(entry), *parsed[1:])
            cache.put(rel, entry)
            loaded.stat_keys[rel] = entry[:3]
            kept.add(rel)
        else:
            loader.load_partner(root, name, loaded)
    cache.forget_missing(kept)
    cache.save()


# From this many partner files on, the loaded model is kept out of the cyclic collector's sight (see paused_gc).
KEEP_AT = 1000


def load(root: Path, progress: Progress | None = None) -> loader.Loaded:
    """The store's load with the partner files read through the load cache."""

    def fill(root: Path, names: list[str], loaded: loader.Loaded, progress: Progress | None) -> None:
        with paused_gc(keep=len(names) >= KEEP_AT):
            load_partners(root, names, loaded, progress)

    return loader.load(root, progress, fill)
