"""One file read and parsed into a load cache entry."""

from __future__ import annotations

import os
import time
from pathlib import Path

from koop_tui.index.cache import stat_key
from koop_tui.model import Partner, Problem, Settings
from koop_tui.store.codec import Entry, decode_partner, encode_partner, encode_problems
from koop_tui.store.files import read_regular
from koop_tui.store.parse import parse_partner

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
