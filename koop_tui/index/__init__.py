"""Everything derived from the workspace files, behind one façade: views (cli/, app/) use only these names.

The files are the truth; what is computed from them (the loaded model, the due list, lookups) is cached per
file in the user cache dir and rebuilt per changed file. How, and why each speed trick is there:
docs/architecture.md ("The load and index pipeline").

Each name imports its machinery on first use, so a command pays only for what it asks (the parse helper,
`python -m koop_tui.index.helper`, imports this package too).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from koop_tui.index.db import Found, Index
    from koop_tui.index.due import DueSummary
    from koop_tui.model import Contact, Partner, Workspace
    from koop_tui.store.loader import Loaded
    from koop_tui.store.store import OnChange, Store

Progress = Callable[[int, int], None]


def load(root: Path, progress: Progress | None = None) -> Loaded:
    """The workspace with every partner file read through the load cache (only changed files are parsed)."""
    from koop_tui.index.warm import load as load_cached

    return load_cached(Path(root), progress)


def workspace(root: Path) -> Workspace:
    """The whole workspace, as `store.load_workspace` reads it, through the load cache."""
    return load(root).workspace


def open_store(root: Path, on_change: OnChange | None = None, progress: Progress | None = None) -> Store:
    """A Store over the workspace loaded through the cache (and reloaded the same way when koop.toml changes)."""
    from koop_tui.store import Store

    return Store(root, on_change, loaded=load(root, progress), load=load)


def open_for_day(root: Path, today: date, on_change: OnChange | None = None, progress: Progress | None = None,
                 known: DueSummary | None = None) -> tuple[Store, DueSummary]:
    """open_store and the due list of `today`. known: a due list the caller has (cached_due), kept when it was
    computed from the very files loaded."""
    from koop_tui.index.due import open_for_day as opened
    from koop_tui.store import Store

    loaded, found = opened(Path(root), today, progress, known)
    return Store(root, on_change, loaded=loaded, load=load), found


def due_list(root: Path, today: date, within: int = 0) -> DueSummary:
    """The due list of `today` (+ `within` days), as cheaply as the caches allow (no workspace when warm)."""
    from koop_tui.index.due import due_summary

    return due_summary(Path(root), today, within)


def cached_due(root: Path, today: date, few: int) -> DueSummary | None:
    """The due list from the cache alone, parsing at most `few` changed files; None when more changed."""
    from koop_tui.gcpause import paused_gc
    from koop_tui.index.due import cached_due as from_cache

    with paused_gc():  # 17,000 items at 5,000 partners: the collector would rescan them as they are made
        return from_cache(Path(root), today, few)


def due_of(root: Path, today: date, loaded: Loaded) -> DueSummary:
    """The due list of a loaded workspace; leaves it cached for the next start (open_for_day: while loading)."""
    from koop_tui.index.due import build_due

    return build_due(Path(root), today, loaded)


def writes_later() -> Any:
    """A context: the cache files saved by this thread inside it are queued in the yielded list, not written
    (the app writes them once its first due list is on screen, a command after its output: write_after)."""
    from koop_tui.index.cache import writes_later as queue

    return queue()


def write_after(writes: list[Callable[[], None]], detach: bool) -> bool:
    """Run the queued cache writes; with detach, in a child process when that is safe (True then)."""
    from koop_tui.index.cache import write_after as run

    return run(writes, detach)


def holding_gc(loaded: Loaded) -> Any:
    """A context without cyclic collections for work that only allocates (the due list, building partners);
    in a large workspace what it made is then kept out of the collector's sight, as the load does."""
    from koop_tui.gcpause import paused_gc
    from koop_tui.index.warm import KEEP_AT

    return paused_gc(keep=len(loaded.fingerprints) >= KEEP_AT)


def open_target(root: Path, text: str, on_change: OnChange | None = None) -> tuple[Store, Partner, Contact | None]:
    """A Store holding only the partner that `PARTNER[/CONTACT]` names (as store.lookup.find_target resolves it
    over the whole workspace), that partner and the contact: a change to one partner reads and writes one file.

    An exact slug is its file; anything else is resolved over the index's names."""
    from koop_tui.index.one import open_target as resolve

    return resolve(Path(root), text, on_change)


def open_index(root: Path) -> Index:
    """The lookup and search index of the workspace, to `sync()` with the files and ask (`search`, `partners`,
    `by_email`) many times: the app keeps one open."""
    from koop_tui.index.db import Index

    return Index(Path(root))


def search(root: Path, text: str, limit: int = 50) -> Found:
    """The records of the workspace whose names, contacts, emails, notes or skills hold every word of `text`
    (the last as a prefix), best first, each with its matched snippet; and the partner files not searched, since
    they could not be read."""
    from koop_tui.index.db import Found, Index

    index = Index(Path(root))
    try:
        index.sync()
        return Found(index.search(text, limit), index.broken())
    finally:
        index.close()


def owners(root: Path) -> set[str] | None:
    """Who owns partners, from the index (a stat per file, no load); None while a partner file does not read or
    has errors."""
    from koop_tui.index.db import Index

    index = Index(Path(root))
    try:
        index.sync()
        return index.owners()
    finally:
        index.close()
