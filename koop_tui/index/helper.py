"""The parse helper process: `python -m koop_tui.index.helper` (the app's), or a fork running serve() (a command's).

It takes chunk numbers from a pipe of tickets that the loader takes from as well, parses each chunk it gets and
sends back (chunk number, [(file, cache entry or None)]), marshalled behind a big-endian u32 length; no ticket
left, it ends.
A fresh interpreter reads its job, pickled, from stdin first.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import struct
import sys
from pathlib import Path
from typing import BinaryIO

from koop_tui.model import Settings

U32 = struct.Struct(">I")


def ticket(fd: int) -> int | None:
    """The next chunk number from the tickets pipe (a read of a pipe's 4 bytes is never split); None: all taken."""
    got = os.read(fd, U32.size)
    return U32.unpack(got)[0] if len(got) == U32.size else None


def receive(stream: BinaryIO) -> tuple | None:
    """The next (chunk number, entries) sent by send; None at the end of the stream."""
    head = stream.read(U32.size)
    if len(head) == U32.size:
        size = U32.unpack(head)[0]
        data = stream.read(size)
        if len(data) == size:
            return marshal.loads(data)
    return None


def serve(tickets: int, root: Path, chunks: list[list[str]], settings: Settings, language: str,
          out: BinaryIO) -> None:
    from koop_tui import i18n
    from koop_tui.index.chunks import parse_file

    gc.disable()  # a short life, and what it makes holds no cycles
    i18n.use(language)  # problems in the language of the process that asked
    while (index := ticket(tickets)) is not None:
        entries = []
        for rel in chunks[index]:
            try:
                entries.append((rel, parse_file(root, rel, settings, build=False)[0]))
            except Exception:  # noqa: BLE001 - None: the loader reads it again and reports the problem
                entries.append((rel, None))
        data = marshal.dumps((index, entries))
        out.write(U32.pack(len(data)) + data)
        out.flush()


if __name__ == "__main__":
    try:
        serve(*pickle.load(sys.stdin.buffer), sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the loader went away or stopped us: nothing to report
        pass
