"""The parse helper process: `python -m koop_tui.store.helper`, started by parallel.Helper, talking over pipes.

A fresh interpreter rather than a fork, so it is safe from any thread (the app loads in a worker thread).
It receives (root, chunks of file names, settings), parses chunks from the back and sends each chunk's cache
entries; before each chunk it reads which chunks the loader has claimed from the front, and stops where they meet.
Frames: a kind byte, then a big-endian u32 (a chunk index or a length), then the payload for J and R.
"""

from __future__ import annotations

import marshal
import os
import pickle
import select
import struct
import sys

U32 = struct.Struct(">I")
JOB, CLAIM, START, RESULT = b"J", b"C", b"S", b"R"


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
                size = value if kind in (JOB, RESULT) else 0
                if len(self.buffer) >= 5 + size:
                    payload, self.buffer = self.buffer[5 : 5 + size], self.buffer[5 + size :]
                    return kind, value, payload
            if self.closed or not self._fill(wait):
                return None


def serve(inp: int, out) -> None:
    """Parse the job's chunks from the back until reaching one the loader has claimed."""
    from koop_tui.store.parallel import parse_chunk

    reader = Reader(inp)
    job = reader.next()
    if job is None or job[0] != JOB:
        return
    root, chunks, settings = pickle.loads(job[2])
    claimed = -1
    for index in range(len(chunks) - 1, -1, -1):
        while (got := reader.next(wait=False)) is not None:
            claimed = max(claimed, got[1])
        if index <= claimed:
            return
        out.write(frame(START, index))
        out.flush()
        data = marshal.dumps((index, parse_chunk(root, chunks[index], settings)))
        out.write(frame(RESULT, len(data), data))
        out.flush()


if __name__ == "__main__":
    try:
        serve(sys.stdin.fileno(), sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the loader went away or stopped us: nothing to report
        pass
