"""The read-only calendar feed: one route, `/<token>/koop.ics`, on a small asyncio HTTP/1.1 server.

The input is hostile: request heads are bounded in size and time, connections are capped, anything but the
one path answers 404 without detail, and the token never reaches a log. Choices: docs/calendar.md.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import hmac
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from koop_tui.i18n import _

HEAD_DEADLINE = 10.0
WRITE_DEADLINE = 30.0
MAX_HEAD = 8192
MAX_HEADERS = 64
MAX_CONNECTIONS = 100
RECHECK_SECONDS = 1.0

REQUEST_LINE = re.compile(rb"([A-Z]{1,16}) (/[\x21-\x7e]*) HTTP/1\.([01])\r?\n")
HEADER_LINE = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n]*?)[ \t]*\r?\n")
REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           431: "Request Header Fields Too Large", 503: "Service Unavailable"}


class BadRequest(Exception):
    """The request head is malformed or too large; answer with `status` and close."""

    def __init__(self, status: int = 400) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Snapshot:
    """One rendered version of the calendar and what HTTP caching needs to know about it."""

    body: bytes
    last_modified: int
    etag: str = ""
    _gzipped: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gz"'


def signature(root: Path) -> tuple[tuple, float]:
    """What changes when any workspace file changes (stat data), and the newest modification time."""
    entries = []
    for path in (root / "koop.toml", root / "partners"):
        try:
            st = os.stat(path)
            entries.append((path.name, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            entries.append((path.name, None))
    try:
        with os.scandir(root / "partners") as it:
            for entry in it:
                if entry.name.endswith(".toml"):
                    st = entry.stat(follow_symlinks=False)
                    entries.append((entry.name, st.st_ino, st.st_size, st.st_mtime_ns))
    except OSError:
        pass
    entries.sort(key=lambda e: e[0])
    newest = max((e[3] for e in entries if len(e) == 4), default=0) / 1e9
    return tuple(entries), newest


class Feed:
    """Renders the calendar when the workspace files or today's date changed; keeps the last good version."""

    def __init__(self, root: Path, render: Callable[[date], bytes], today: Callable[[], date],
                 log: Callable[[str], None] = lambda _: None) -> None:
        self.root, self.render, self.today, self.log = root, render, today, log
        self.snapshot: Snapshot | None = None
        self._key: tuple | None = None
        self._checked = float("-inf")

    def current(self) -> Snapshot | None:
        day = self.today()
        if self.snapshot is not None and time.monotonic() - self._checked < RECHECK_SECONDS:
            if self._key is not None and self._key[1] == day:
                return self.snapshot
        self._checked = time.monotonic()
        sig, newest = signature(self.root)
        if (sig, day) == self._key:
            return self.snapshot
        try:
            body = self.render(day)
        except Exception as exc:  # noqa: BLE001 - keep serving the last good calendar
            self.log(_("could not render the calendar, serving the previous one: {error}").format(error=exc))
            return self.snapshot
        self._key = (sig, day)
        if self.snapshot is not None and body == self.snapshot.body:
            return self.snapshot
        midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()
        modified = int(max(newest, midnight))
        if self.snapshot is not None and modified <= self.snapshot.last_modified:
            modified = self.snapshot.last_modified + 1
        self.snapshot = Snapshot(body, modified)
        return self.snapshot


@dataclass
class Request:
    method: str
    target: bytes
    minor: int
    headers: dict[str, str]

    @property
    def keep_alive(self) -> bool:
        conn = self.headers.get("connection", "").lower()
        return "keep-alive" in conn if self.minor == 0 else "close" not in conn


async def read_head(reader: asyncio.StreamReader) -> Request | None:
    """The request line and headers, or None when the client closed before sending anything."""
    line = b"\r\n"
    while line in (b"\r\n", b"\n"):
        line = await _line(reader)
        if not line:
            return None
    match = REQUEST_LINE.fullmatch(line)
    if match is None:
        raise BadRequest()
    headers: dict[str, str] = {}
    total = len(line)
    for _count in range(MAX_HEADERS + 1):
        raw = await _line(reader)
        total += len(raw)
        if total > MAX_HEAD:
            raise BadRequest(431)
        if raw in (b"\r\n", b"\n"):
            return Request(match[1].decode(), match[2], int(match[3]), headers)
        header = HEADER_LINE.fullmatch(raw)
        if header is None:
            raise BadRequest()
        name, value = header[1].decode().lower(), header[2].decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    raise BadRequest(431)


async def _line(reader: asyncio.StreamReader) -> bytes:
    try:
        return await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            raise BadRequest() from None
        return b""
    except (asyncio.LimitOverrunError, ValueError):
        raise BadRequest(431) from None


def redact(target: bytes) -> str:
    """The path for the log: long segments (tokens, including mistyped ones) become "…"."""
    path = target.split(b"?", 1)[0].decode("ascii", "replace")[:200]
    return "/".join("…" if len(seg) >= 16 else seg for seg in path.split("/"))


def accepts_gzip(value: str) -> bool:
    """Accept-Encoding allows gzip: named (or `*`) with a q-value above 0."""
    weights: dict[str, float] = {}
    for part in value.lower().split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    weight = float(param[2:])
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def not_modified(request: Request, snap: Snapshot) -> bool:
    tags = request.headers.get("if-none-match")
    if tags is not None:
        given = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in given or bool(given & {snap.etag, snap.gzip_etag})
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return snap.last_modified <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


class FeedServer:
    """Answers GET/HEAD on the one feed path; everything else is 404 or 405, with no detail."""

    def __init__(self, feed: Feed, token: str, log: Callable[[str], None] | None = None) -> None:
        self.feed = feed
        self.path = f"/{token}/koop.ics".encode()
        self.log = log
        self.active = 0
        self._render_lock = asyncio.Lock()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.active >= MAX_CONNECTIONS:
            writer.write(self._plain(503, close=True))
            await self._close(reader, writer, linger=True)
            return
        self.active += 1
        linger = False
        try:
            linger = await self._session(reader, writer)
        except (ConnectionError, TimeoutError, asyncio.CancelledError):
            pass
        finally:
            self.active -= 1
            await self._close(reader, writer, linger=linger)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve requests until the client is done; True when unread input may remain (close gently)."""
        peer = (writer.get_extra_info("peername") or ("-",))[0]
        while True:
            try:
                request = await asyncio.wait_for(read_head(reader), HEAD_DEADLINE)
            except BadRequest as exc:
                writer.write(self._plain(exc.status, close=True))
                self._log(peer, "-", b"-", exc.status)
                await asyncio.wait_for(writer.drain(), WRITE_DEADLINE)
                return True
            if request is None:
                return False
            data, status, keep = await self._respond(request)
            if request.method == "HEAD":
                data = data[: data.index(b"\r\n\r\n") + 4]
            writer.write(data)
            self._log(peer, request.method, request.target, status)
            await asyncio.wait_for(writer.drain(), WRITE_DEADLINE)
            if not keep:
                return True

    async def _respond(self, request: Request) -> tuple[bytes, int, bool]:
        has_body = "transfer-encoding" in request.headers or request.headers.get("content-length", "0") != "0"
        keep = request.keep_alive and not has_body
        if request.method not in ("GET", "HEAD"):
            return self._plain(405, close=True, extra={"Allow": "GET, HEAD"}), 405, False
        path = request.target.split(b"?", 1)[0]
        if not hmac.compare_digest(path, self.path):
            return self._plain(404, close=not keep), 404, keep
        async with self._render_lock:
            snap = await asyncio.to_thread(self.feed.current)
        if snap is None:
            return self._plain(503, close=not keep), 503, keep
        zipped = accepts_gzip(request.headers.get("accept-encoding", ""))
        headers = {
            "ETag": snap.gzip_etag if zipped else snap.etag,
            "Last-Modified": formatdate(snap.last_modified, usegmt=True),
            "Cache-Control": "private, no-cache",
            "Vary": "Accept-Encoding",
            "Connection": "keep-alive" if keep else "close",
        }
        if not_modified(request, snap):
            return self._head(304, headers), 304, keep
        body = snap.gzipped if zipped else snap.body
        headers |= {"Content-Type": "text/calendar; charset=utf-8", "Content-Length": str(len(body)),
                    "Content-Disposition": 'inline; filename="koop.ics"', "X-Content-Type-Options": "nosniff"}
        if zipped:
            headers["Content-Encoding"] = "gzip"
        head = self._head(200, headers)
        return head + body, 200, keep

    def _plain(self, status: int, *, close: bool, extra: dict[str, str] | None = None) -> bytes:
        body = f"{REASONS[status]}\n".encode()
        headers = {"Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body)),
                   "Connection": "close" if close else "keep-alive", **(extra or {})}
        return self._head(status, headers) + body

    @staticmethod
    def _head(status: int, headers: dict[str, str]) -> bytes:
        lines = [f"HTTP/1.1 {status} {REASONS[status]}", f"Date: {formatdate(usegmt=True)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _log(self, peer: str, method: str, target: bytes, status: int) -> None:
        if self.log is not None:
            self.log(f'{peer} "{method} {redact(target)}" {status}')

    @staticmethod
    async def _close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, linger: bool) -> None:
        """Close; with `linger`, first read what the client still sends so it sees our answer, not a reset."""
        try:
            if linger:
                await asyncio.wait_for(writer.drain(), 1.0)
                if writer.can_write_eof():
                    writer.write_eof()
                await asyncio.wait_for(reader.read(1 << 16), 1.0)
        except (ConnectionError, TimeoutError, OSError, asyncio.CancelledError):
            pass
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), 2.0)
        except (ConnectionError, TimeoutError, OSError, asyncio.CancelledError):
            pass


async def serve(server: FeedServer, host: str, port: int, on_ready: Callable[[int], None]) -> None:
    """Listen until SIGINT or SIGTERM, then stop accepting and return."""
    listener = await asyncio.start_server(server.handle, host, port, limit=MAX_HEAD)
    on_ready(listener.sockets[0].getsockname()[1])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with listener:
        await stop.wait()


def stderr_log(message: str) -> None:
    print(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] {message}", file=sys.stderr, flush=True)
