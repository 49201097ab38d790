"""The parse helper process: `python -m koop_tui.index.helper`, started by parallel.Helper, talking over pipes.

In the app a fresh interpreter, as it is safe from any thread (the app loads in a worker thread); a command's
process forks it instead (parallel.Forked), and the fork runs serve() as well.
It receives (root, chunks of file names, settings, language), parses chunks from the back and sends each
chunk's cache entries; before each chunk it reads which chunks the loader has claimed from the front, and stops
where they meet. Frames: a kind byte, then a big-endian u32 (a chunk index or a length), then the payload for J
and R.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import select
import struct
import sys

U32 = struct.Struct(">I")
JOB, CLAIM, START, RESULT = b"J", b"C", b"S", b"R"
SIZED = (JOB, RESULT)  # frames whose value is the length of a payload


def frame(kind: bytes, value: int, payload: bytes = b"") -> bytes:
    return kind + U32.pack(value) + payload


class Reader:
    """Frames from a pipe's file descriptor, readable without blocking when asked."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""
        self.closed = False

    def _fill(self, wait: bool) -> bool:
        if not wait and not select.select([self.fd], [], [], 0)[0]:
            return False
        chunk = os.read(self.fd, 1 << 16)
        self.closed = not chunk
        self.buffer += chunk
        return bool(chunk)

    def next(self, wait: bool = True) -> tuple[bytes, int, bytes] | None:
        """The next whole frame; None at the end of the stream or, with wait=False, when none is ready."""
        while True:
            if len(self.buffer) >= 5:
                kind, value = self.buffer[:1], U32.unpack(self.buffer[1:5])[0]
                size = value if kind in SIZED else 0
                if len(self.buffer) >= 5 + size:
                    payload, self.buffer = self.buffer[5 : 5 + size], self.buffer[5 + size :]
                    return kind, value, payload
            if self.closed or not self._fill(wait):
                return None


def _send(out, kind: bytes, payload: object) -> None:
    data = marshal.dumps(payload)
    out.write(frame(kind, len(data), data))
    out.flush()


def serve(inp: int, out) -> None:
    """Parse the job's chunks from the back until reaching one the loader has claimed."""
    from koop_tui.index.chunks import parse_chunk

    gc.disable()  # a short life, and what it makes holds no cycles
    reader = Reader(inp)
    job = reader.next()
    if job is None or job[0] != JOB:
        return
    root, chunks, settings, language = pickle.loads(job[2])
    from koop_tui import i18n

    i18n.use(language)  # problems in the language of the process that asked
    claimed = -1
    for index in range(len(chunks) - 1, -1, -1):
        while (got := reader.next(wait=False)) is not None:
            claimed = max(claimed, got[1])
        if index <= claimed or reader.closed:  # met the loader, or it is gone (done, or interrupted)
            break
        out.write(frame(START, index))
        out.flush()
        _send(out, RESULT, (index, parse_chunk(root, chunks[index], settings)))


if __name__ == "__main__":
    try:
        serve(sys.stdin.fileno(), sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the loader went away or stopped us: nothing to report
        pass
