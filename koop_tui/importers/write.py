"""Creating many new partner files at once, as safely as one at a time but with one sync instead of thousands.

Each file is written to a hidden temp file first; after one `os.sync()` every temp file is durable, and only
then is it linked under its final name (which fails if the name exists: nothing is ever replaced). A crash
leaves complete partner files or none, plus temp files the loader ignores and cleans up.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from koop_tui.store.files import TEMP_PREFIX, fsync_dir

Progress = Callable[[int, int], None]


class PartialWrite(Exception):
    """Some files were created before one could not be; `created` lists them."""

    def __init__(self, created: list[Path], path: Path, error: OSError) -> None:
        super().__init__(str(error))
        self.created, self.path, self.error = created, path, error


def _write_temp(directory: Path, data: bytes) -> Path:
    """A hidden temp file holding data; removed again when writing it fails (a full disk)."""
    tmp = directory / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def create_files(directory: Path, files: list[tuple[Path, bytes]], progress: Progress | None = None) -> list[Path]:
    """Create every `(path, data)` in `directory`; raise PartialWrite naming what was created before a failure."""
    temps: list[tuple[Path, Path]] = []
    created: list[Path] = []
    total = len(files)
    try:
        for i, (path, data) in enumerate(files, 1):
            try:
                temps.append((_write_temp(directory, data), path))
            except OSError as exc:
                raise PartialWrite(created, path, exc) from None
            if progress is not None:
                progress(i, total)
        os.sync()
        for tmp, path in temps:
            try:
                os.link(tmp, path)
            except OSError as exc:
                raise PartialWrite(created, path, exc) from None
            created.append(path)
    finally:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        if created:
            fsync_dir(directory)
    return created
