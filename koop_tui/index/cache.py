"""A derived load cache outside the workspace, so a warm start re-reads only the files that changed.

One file per workspace in the user cache dir: `marshal` of per-file entries (records as tuples, dates as
ordinals), keyed by inode, size, mtime_ns and ctime_ns. A write always changes ctime and utime cannot set it
back, so stat equality means "unchanged"; a file whose timestamps lie within RACY_NS of when it was read is
re-hashed (its timestamp may not have ticked since). Anything odd in the cache file means "no cache", never a crash.
"""

from __future__ import annotations

import fcntl
import hashlib
import marshal
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from koop_tui.model import Settings
from koop_tui.store.codec import Entry
from koop_tui.store.files import detach_from_terminal, digest, flock_within
from koop_tui.userdirs import cache_dir

FORMAT = 1
RACY_NS = 2_000_000_000
_CODE = ("model.py", "schema.py", "canonical.py", "settings.py", "slugs.py", "store/validate.py", "store/fields.py", "store/parse.py",
         "store/locate.py", "store/codec.py", "store/tomlparse.py", "store/settings_check.py", "store/fastpath.py",
         "index/cache.py", "index/chunks.py", "index/warm.py", "index/parallel.py")
StatKey = tuple[int, int, int, int]


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def settled(key: StatKey, read_at: int) -> bool:
    """True when a file with stat key `key`, read at `read_at`, cannot have changed since without changing its
    key: its last change lies further back than a coarse file-system clock can blur (RACY_NS)."""
    return max(key[2], key[3]) < read_at - RACY_NS


def same_bytes(path: Path, sha256: str) -> bool:
    """A racy file (not settled) read again: does it still hash to what it hashed to when it was read?"""
    try:
        return digest(path.read_bytes()) == sha256
    except OSError:
        return False


def cache_path(root: Path, name: str = "load") -> Path:
    """Where the cache `name` of the workspace at root lives (keyed by its resolved path)."""
    key = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]
    return cache_dir() / name / f"{key}.marshal"


def reading_key(settings: Settings) -> str:
    """What of koop.toml reading a partner file depends on: the default owner and each kind's name and default
    direction (fastpath.py, validate.py, canonical.partner_from_dict). Editing anything else there (campaigns,
    fairs, cadences, the feed) keeps the load cache."""
    kinds = tuple((kind.name, kind.direction) for kind in settings.kinds.values())
    return hashlib.sha256(repr((settings.default_owner, kinds)).encode()).hexdigest()


def header(settings_key: str, code_files: tuple[str, ...] = (), more: tuple = ()) -> tuple:
    """What every entry depends on besides its file: koop's code (plus `code_files`) and version, Python,
    koop.toml (settings_key: reading_key for the load cache, the whole file's hash for what the engine computes),
    the language its texts (problems, explanations) are in with its catalog, and `more` values."""
    from koop_tui import __version__, i18n

    package = Path(__file__).resolve().parents[1]
    language = i18n.language()
    catalog = () if language == i18n.SOURCE else (f"locale/{language}/LC_MESSAGES/{i18n.DOMAIN}.mo",)
    code = []
    for rel in _CODE + code_files + catalog:
        try:
            st = (package / rel).stat()
            code.append((rel, st.st_size, st.st_mtime_ns))
        except OSError:
            code.append((rel, -1, -1))
    return (FORMAT, __version__, sys.version_info[:2], tuple(code), settings_key, language) + more


_later = threading.local()


@contextmanager
def writes_later() -> Iterator[list[Callable[[], None]]]:
    """Cache files saved by this thread inside the block are not written but queued in the yielded list: the
    app writes them once the first due list is on screen, a command after its output (write_after)."""
    _later.writes = writes = []
    try:
        yield writes
    finally:
        _later.writes = None


class LoadCache:
    """The entries of one workspace's cache file: read once, looked up per file, written back if changed.

    `name` and `extra` let other derived caches (the due list's) reuse the same never-stale rules: extra is
    (more code files the entries depend on, more values that must match).
    """

    def __init__(self, root: Path, settings_key: str, name: str = "load",
                 extra: tuple[tuple[str, ...], tuple] = ((), ())) -> None:
        self.path = cache_path(root, name)
        self.header = header(settings_key, *extra)
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        self._read()

    def _read(self) -> None:
        try:
            head, entries = read_marshal(self.path)
            if head == self.header and isinstance(entries, dict):
                self.entries = entries
        except Exception:  # noqa: BLE001 - a missing, truncated or foreign cache is just no cache
            self.entries = {}

    def lookup(self, rel: str, st: os.stat_result, root: Path) -> Entry | None:
        """The entry for a file whose stat is st, if it is certainly the file that was cached."""
        entry = self.entries.get(rel)
        try:
            if tuple(entry[0]) != stat_key(st) or not stat.S_ISREG(st.st_mode) or len(entry) != 5:
                return None
            vouched = settled(entry[0], entry[2])
        except (TypeError, IndexError):
            return None
        if not vouched:
            now = time.time_ns()
            if not same_bytes(root / rel, entry[1]):
                return None
            entry = (entry[0], entry[1], now, *entry[3:])
            self.put(rel, entry)
        return entry

    def put(self, rel: str, entry: Entry) -> None:
        self.entries[rel] = entry
        self.dirty = True

    def forget_missing(self, present: set[str]) -> None:
        for rel in set(self.entries) - present:
            del self.entries[rel]
            self.dirty = True

    def save(self) -> None:
        """Write atomically next to the target; failures leave the old cache or none, both safe.

        Inside writes_later() in this thread, the write is only queued for the caller to run."""
        if self.dirty:
            save_later(self._write)

    def _write(self) -> None:
        if not self.dirty:
            return
        if write_marshal(self.path, (self.header, self.entries)):
            self.dirty = False


def save_later(write: Callable[[], None]) -> None:
    """Run write now, or queue it when this thread is inside writes_later()."""
    pending = getattr(_later, "writes", None)
    if pending is not None:
        pending.append(write)
    else:
        write()


def write_after(writes: list[Callable[[], None]], detach: bool) -> bool:
    """Run the cache writes a command queued (writes_later) once it has printed everything; True when a child
    process writes them.

    With detach (koop is its own process) and where processes fork, a child writes them and the command's
    process may end at once (docs/performance.md). The child holds the cache dir's writer lock until it is done,
    and readers wait for it, so a koop started meanwhile still finds the caches warm. Anything in the way (no
    fork, threads, no lock) means writing here.
    """
    if not writes:
        return False
    lock = _writer_lock() if detach and hasattr(os, "fork") and threading.active_count() == 1 else None
    if lock is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            child = os.fork()
        except OSError:
            child = -1
        if child == 0:  # no terminal, no output, no exit handlers: write, and end
            try:
                detach_from_terminal()
                os.closerange(3, lock)
                os.closerange(lock + 1, 1 << 16)
                _run(writes)
            finally:
                os._exit(0)
        os.close(lock)  # a child's copy keeps the lock until it ends
        if child > 0:
            return True
    _run(writes)
    return False


def _run(writes: list[Callable[[], None]]) -> None:
    for write in writes:
        write()


WRITER_LOCK = "writer.lock"
WRITER_WAIT_S = 5.0


def _writer_lock() -> int | None:
    """The cache dir's writer lock (flock: held until its last descriptor closes, in whichever process), taken
    once an earlier writer is done; None when it cannot be had."""
    try:
        path = cache_dir() / WRITER_LOCK
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd
    except OSError:
        os.close(fd)
        return None


def wait_for_writer(directory: Path | None = None) -> None:
    """Wait, at most WRITER_WAIT_S, while a detached writer (write_after) holds the lock of the cache dir."""
    try:
        fd = os.open((directory or cache_dir()) / WRITER_LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:  # no lock file: no writer ever detached here
        return
    try:
        flock_within(fd, fcntl.LOCK_SH, WRITER_WAIT_S)
    except OSError:  # a file system without flock: nothing to wait for
        pass
    finally:
        os.close(fd)


def read_marshal(path: Path) -> object:
    """A cache file's value, once no detached writer (write_after) is busy; raises on anything odd."""
    wait_for_writer()
    with open(path, "rb") as handle:
        return marshal.loads(handle.read())  # marshal.load(file) reads object by object: slow


def write_marshal(path: Path, value: object, *tail: bytes) -> bool:
    """A derived file, written via a temp file and a rename, without fsync: losing it costs a cold start.
    tail: bytes written after the value, which marshal.loads leaves alone (the value says where they are)."""
    try:
        data = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.writelines(tail)
        os.rename(tmp, path)  # atomic on POSIX, like os.replace
        return True
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
        return False
