"""Load the partner files through the cache, parsing only what changed, on all cores when it pays."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from koop_tui.store.cache import LoadCache, decode_partner, decode_problems
from koop_tui.store.files import Fingerprint
from koop_tui.store.parallel import Parsed, parse_file, parse_many, worth_a_pool

Fallback = Callable[[Path, str, object], None]


@contextmanager
def no_gc() -> Iterator[None]:
    """Loading allocates millions of objects and keeps them; the cyclic GC would rescan them all repeatedly."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _apply(loaded, rel: str, entry: tuple, partner=None, problems=None) -> None:
    ws = loaded.workspace
    key, sha, _, encoded, encoded_problems = entry
    loaded.fingerprints[rel] = Fingerprint(key[0], key[1], key[2], sha)
    ws.problems.extend(problems if problems is not None else decode_problems(encoded_problems))
    if partner is None and encoded is not None:
        partner = decode_partner(encoded)
    if partner is None:
        ws.broken.append(rel)
    else:
        ws.partners[partner.slug] = partner


def load_partners(root: Path, names: list[str], loaded, fallback: Fallback) -> None:
    """Fill loaded from partners/<names>: cached entries where the file is unchanged, parsing the rest.

    fallback(root, name, loaded) is the plain loader, used for files that cannot be cached (unreadable ones).
    """
    sha = loaded.settings_fingerprint.sha256 if loaded.settings_fingerprint else ""
    cache = LoadCache(root, sha)
    settings = loaded.workspace.settings
    hits, misses, sizes = {}, [], 0
    for name in names:
        rel = f"partners/{name}"
        try:
            st = os.lstat(root / rel)
        except OSError:
            misses.append(rel)
            continue
        entry = cache.lookup(rel, st, root)
        if entry is None:
            misses.append(rel)
            sizes += st.st_size
        else:
            hits[rel] = entry
    here: dict[str, Parsed | None] = {}

    def parse_here(rel: str) -> None:
        try:
            here[rel] = parse_file(root, rel, settings)
        except Exception:  # noqa: BLE001 - unreadable: the plain loader reports it
            here[rel] = None

    shipped = {}
    if worth_a_pool(sizes):
        shipped = parse_many(root, misses, settings, parse_here)
    else:
        for rel in misses:
            parse_here(rel)
    kept = set(hits)
    for name in names:
        rel = f"partners/{name}"
        parsed = here.get(rel)
        if rel in hits:
            _apply(loaded, rel, hits[rel])
        elif shipped.get(rel) is not None:
            _apply(loaded, rel, shipped[rel])
            cache.put(rel, shipped[rel])
            kept.add(rel)
        elif parsed is not None and parsed[0] is not None:
            _apply(loaded, rel, parsed[0], parsed[1], parsed[2])
            cache.put(rel, parsed[0])
            kept.add(rel)
        else:
            fallback(root, name, loaded)
    cache.forget_missing(kept)
    cache.save()
