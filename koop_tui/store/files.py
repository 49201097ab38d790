"""Safe file primitives: read only regular files, fingerprints, atomic replace, and an advisory lock."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from koop_tui.i18n import _, os_reason
from koop_tui.model import Problem
from koop_tui.slugs import PARTNER_FILE_RE

MAX_FILE_BYTES = 4 * 1024 * 1024
TEMP_PREFIX = ".koop-tmp-"


class NotRegular(Exception):
    """A path that is a symlink, FIFO, device or directory: never opened, never written through."""


class TooLarge(Exception):
    """A file over the size cap; skipped before reading."""


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like when read: stat for a cheap pre-check, the hash as the authority."""

    ino: int
    size: int
    mtime_ns: int
    sha256: str

    def same_stat(self, st: os.stat_result) -> bool:
        return (st.st_ino, st.st_size, st.st_mtime_ns) == (self.ino, self.size, self.mtime_ns)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_regular(path: Path, cap: int = MAX_FILE_BYTES) -> tuple[bytes, Fingerprint]:
    """Read a regular file without following a symlink or blocking on a FIFO."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular("symlink" if stat.S_ISLNK(st.st_mode) else "not a regular file")
    if st.st_size > cap:
        raise TooLarge(st.st_size)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular("not a regular file")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > cap:
                raise TooLarge(total)
            chunks.append(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data, Fingerprint(st.st_ino, st.st_size, st.st_mtime_ns, digest(data))


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False, mode: int = 0o644,
                 flush: bool = True) -> Fingerprint:
    """Write via a hidden temp file in the same directory, fsync, rename over, fsync the directory.

    Keeps the permission bits of the file it replaces. `exclusive` refuses to replace an existing file.
    `flush=False` leaves out both fsyncs, for many files whose loss in a crash costs nothing (a merge's
    results, which the next sync makes again): a reader still sees the old file or the new one, never a
    part; the caller flushes the directory once after the last file.
    """
    directory = path.parent
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(_("{name} is not a regular file; not writing through it").format(name=path.name))
        mode = stat.S_IMODE(st.st_mode)
        if exclusive:
            raise FileExistsError(errno.EEXIST, "file exists", str(path))
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if flush:
                os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if the name was taken meanwhile
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if flush:
        fsync_dir(directory)
    st = os.lstat(path)
    return Fingerprint(st.st_ino, st.st_size, st.st_mtime_ns, digest(data))


def clean_temp_files(directory: Path, older_than_s: float = 600.0) -> None:
    """Remove temp files left by a crashed save; recent ones may belong to a save in progress."""
    limit = time.time() - older_than_s
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
            try:
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass


def lock_path(root: Path) -> Path:
    """`.git/koop.lock` in a git workspace, else a per-workspace file in the user cache dir."""
    git = root / ".git"
    if git.is_dir():
        return git / "koop.lock"
    from koop_tui.userdirs import cache_dir

    return cache_dir() / "locks" / (digest(str(root.resolve()).encode())[:16] + ".lock")


def detach_from_terminal() -> None:
    """In a forked child: its own session, and stdin, stdout and stderr on /dev/null, so that it holds no
    terminal and none of the parent's pipes (a reader waiting for the parent's output to end would wait)."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def flock_within(fd: int, operation: int, timeout_s: float) -> bool:
    """Take the flock `operation` (LOCK_SH or LOCK_EX) on fd, trying until timeout_s; False if it was not had."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)


@contextmanager
def workspace_lock(root: Path, timeout_s: float = 15.0) -> Iterator[None]:
    """Advisory exclusive lock around read-check-write; never follows a symlink planted at the lock path."""
    from koop_tui.errors import KoopError

    path = lock_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise KoopError(_("cannot open the lock file {path}: {reason}").format(path=path,
                                                                              reason=os_reason(exc))) from None
    try:
        if not flock_within(fd, fcntl.LOCK_EX, timeout_s):
            raise KoopError(_("the workspace is busy: another koop is saving"), _("try again"))
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def partner_files(partners_dir: Path) -> tuple[list[str], list[Problem]]:
    """Names in partners/ that are partner files; misnamed *.toml files are reported, droppings ignored."""
    try:
        names = sorted(os.listdir(partners_dir))
    except FileNotFoundError:
        return [], [Problem("partners", _("no partners/ directory"), severity="warning")]
    match, files, problems = PARTNER_FILE_RE.match, [], []
    for name in names:  # once per file on every load and index sync: one match each
        if match(name):
            files.append(name)
        elif name.endswith(".toml") and not name.startswith("."):
            problems.append(Problem(
                f"partners/{name}", _("not a partner file name, ignored"),
                hint=_("names are lowercase letters, digits and -, ending in .toml"), severity="warning",
            ))
    return files, problems
