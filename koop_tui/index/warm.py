"""Load the partner files through the cache, parsing only what changed, on all cores when it pays."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from koop_tui.index.cache import LoadCache, reading_key
from koop_tui.index.chunks import Parsed, parse_file
from koop_tui.index.parallel import Helper, parse_many, worth_a_pool
from koop_tui.model import Partner, Problem
from koop_tui.store.codec import decode_partner, decode_problems
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


@dataclass
class Unbuilt:
    """What a load for a day (load_for_day) leaves to finish: its parse helper, still computing the due bodies
    of the files it parsed (index.due.build_due takes them), and those files' partners, not yet built into the
    workspace (rel -> encoded, or built, partner): the due list comes first. Never leaves the index."""

    helper: Helper | None = None
    pending: dict[str, Any] = field(default_factory=dict)

    def partner(self, rel: str) -> Partner | None:
        """The partner of a pending file (built once; the workspace gets it from build)."""
        encoded = self.pending.get(rel)
        if encoded is None or isinstance(encoded, Partner):
            return encoded
        self.pending[rel] = partner = decode_partner(encoded)
        return partner

    def build(self, loaded: loader.Loaded) -> None:
        """Add the pending partners to the workspace, keeping its order (by file name) as a full load has it."""
        if not self.pending:
            return
        partners = loaded.workspace.partners
        partners.update((p.slug, p) for p in map(self.partner, list(self.pending)))
        ordered = sorted(partners.items(), key=lambda item: f"{item[0]}.toml")
        partners.clear()
        partners.update(ordered)
        self.pending = {}

    def stop(self) -> None:
        """Stop the helper (its due bodies are not wanted)."""
        if self.helper is not None:
            self.helper.close()
            self.helper = None


def load_partners(root: Path, names: list[str], loaded, unbuilt: Unbuilt, progress: Progress | None = None,
                  due_today: date | None = None) -> None:
    """Fill loaded from partners/<names>: cached entries where the file is unchanged, parsing the rest.

    Files that cannot be cached (unreadable ones) go to the plain loader, which reports them; progress(done, total) hears how many files are read or taken from the cache. With due_today, a helper that
    parsed files goes on computing their due bodies for that day, and their partners are left to build:
    both in `unbuilt` (index.due.build_due).
    """
    settings = loaded.workspace.settings
    cache = LoadCache(root, reading_key(settings))
    hits, misses, sizes = {}, [], 0
    for name in names:
        rel = f"partners/{name}"
        try:
            st = os.lstat(root / rel)
        except OSError:
            misses.append(rel)
            continue
        try:
            hits[rel] = _decode(cache.lookup(rel, st, root))
        except Exception:  # noqa: BLE001 - not cached, changed, or a damaged entry: parse the file
            misses.append(rel)
            sizes += st.st_size
    here: dict[str, Parsed | None] = {}
    counter = _Counter(progress, len(names))
    counter.add(len(hits))

    def parse_here(rel: str) -> None:
        try:
            here[rel] = parse_file(root, rel, settings)
        except Exception:  # noqa: BLE001 - unreadable: the plain loader reports it
            here[rel] = None
        counter.add(1)

    shipped = {}
    if worth_a_pool(sizes):
        shipped, unbuilt.helper = parse_many(root, misses, settings, parse_here, counter.add, due_today)
    else:
        for rel in misses:
            parse_here(rel)
    kept, defer = set(hits), unbuilt.helper is not None  # the due list first: see load_for_day
    for name in names:
        rel = f"partners/{name}"
        entry = shipped.get(rel) or (here.get(rel) or (None,))[0]
        if rel in hits:
            loaded.stat_keys[rel] = cache.entries[rel][:3]
            _apply(loaded, rel, *hits[rel])
        elif entry is not None:
            parsed = here.get(rel)
            if parsed is None and defer and entry[3] is not None:  # shipped by the helper: build it later
                loaded.fingerprints[rel] = _fingerprint(entry)
                loaded.workspace.problems.extend(decode_problems(entry[4]))
                unbuilt.pending[rel] = entry[3]
            else:
                _apply(loaded, rel, *(_decode(entry) if parsed is None else (_fingerprint(entry), *parsed[1:])))
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
    return _load(root, None, progress)[0]


def load_for_day(root: Path, today: date | None, progress: Progress | None = None) -> tuple[loader.Loaded, Unbuilt]:
    """load, for a caller that computes today's due list next (due.build_due): a parse helper may start on it,
    and the partners of the files it parsed are left to build (Unbuilt.build) once the list is made."""
    return _load(root, today, progress)


def _load(root: Path, today: date | None, progress: Progress | None) -> tuple[loader.Loaded, Unbuilt]:
    unbuilt = Unbuilt()

    def fill(root: Path, names: list[str], loaded: loader.Loaded, progress: Progress | None) -> None:
        with paused_gc(keep=len(names) >= KEEP_AT):
            load_partners(root, names, loaded, unbuilt, progress, today)

    return loader.load(root, progress, fill), unbuilt
