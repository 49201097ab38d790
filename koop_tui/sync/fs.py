"""Small file helpers for sync: atomic replacement and the workspace's koop-owned paths."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

PARTNER_FILE = re.compile(r"^partners/[a-z0-9][a-z0-9-]{0,62}\.toml$")
SETTINGS_FILES = ("koop.toml", ".gitattributes")


def is_koop_path(path: str) -> bool:
    """Files koop owns in the repository: partner files, koop.toml and .gitattributes."""
    return path in SETTINGS_FILES or bool(PARTNER_FILE.match(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename over the target, fsync the directory; keeps the mode."""
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=".koop-tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
