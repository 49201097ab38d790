"""The feed as a hostile network sees it: bad tokens, traversal, floods, slow and garbage clients.

The server runs in-process on 127.0.0.1, port 0, over a real workspace; every socket has a deadline.
"""

from __future__ import annotations

import asyncio
import gc
import os
from datetime import date

import pytest

from koop_tui import serve
from koop_tui.ics import calendar_for
from koop_tui.store import load_workspace

TOKEN = "Zx9-ab_" + "k" * 36
FEED = f"/{TOKEN}/koop.ics"
DAY = date(2026, 11, 20)


class Server:
    """A FeedServer listening on a free port, with raw-socket helpers that always time out."""

    def __init__(self, root):
        feed = serve.Feed(root, lambda day: calendar_for(load_workspace(root), day)[0], lambda: DAY)
        self.server = serve.FeedServer(feed, TOKEN)

    async def __aenter__(self):
        self.listener = await asyncio.start_server(self.server.handle, "127.0.0.1", 0, limit=serve.MAX_HEAD)
        self.port = self.listener.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc):
        self.listener.close()
        await self.listener.wait_closed()

    async def send(self, data: bytes, wait: float = 5.0) -> bytes:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", self.port), wait)
        try:
            writer.write(data)
            await writer.drain()
            return await asyncio.wait_for(reader.read(), wait)
        finally:
            writer.close()

    async def get(self, target: str, method: str = "GET") -> bytes:
        return await self.send(f"{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0


@pytest.fixture
async def feed(ws):
    async with Server(ws) as server:
        yield server


async def test_the_right_token_serves_the_real_calendar(feed):
    answer = await feed.get(FEED)
    assert status(answer) == 200
    assert b"BEGIN:VCALENDAR" in answer and b"Acme GmbH" in answer


ALMOST = [
    "/", "/koop.ics", f"/{TOKEN}", f"/{TOKEN}/", f"/{TOKEN[:-1]}/koop.ics", f"/{TOKEN}k/koop.ics",
    f"/{TOKEN.upper()}/koop.ics", f"/{TOKEN[1:]}/koop.ics", f"/{TOKEN}/koop.ics/", f"/{TOKEN}/KOOP.ICS",
    f"/{TOKEN}/koop.ics%00", f"/%{ord(TOKEN[0]):02X}{TOKEN[1:]}/koop.ics", f"/{TOKEN}%2Fkoop.ics",
    f"/{TOKEN};/koop.ics", "/" + "a" * len(TOKEN) + "/koop.ics", f"/{TOKEN[:20]}/koop.ics",
]


@pytest.mark.parametrize("target", ALMOST, ids=range(len(ALMOST)))
async def test_wrong_missing_and_almost_right_tokens_are_404(feed, target):
    answer = await feed.get(target)
    assert status(answer) == 404 and answer.endswith(b"\r\n\r\nNot Found\n")
    assert b"VCALENDAR" not in answer and TOKEN.encode() not in answer


TRAVERSAL = [
    f"/../{TOKEN}/koop.ics", f"/{TOKEN}/../{TOKEN}/koop.ics", f"/%2e%2e/{TOKEN}/koop.ics",
    f"/{TOKEN}/%2e%2e/koop.toml", "/../koop.toml", "/..%2fkoop.toml", "/partners/acme.toml", f"//{TOKEN}/koop.ics",
    f"/{TOKEN}//koop.ics", f"/./{TOKEN}/koop.ics", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..\\koop.toml",
]


@pytest.mark.parametrize("target", TRAVERSAL, ids=range(len(TRAVERSAL)))
async def test_path_traversal_never_reaches_a_file(feed, target):
    answer = await feed.get(target)
    assert status(answer) == 404
    assert b"VCALENDAR" not in answer and b"Acme" not in answer and b"root:" not in answer


@pytest.mark.parametrize("target", [f"http://127.0.0.1{FEED}", f"127.0.0.1{FEED}", "*", f"{TOKEN}/koop.ics"],
                         ids=["absolute-url", "host-path", "asterisk", "no-slash"])
async def test_absolute_and_odd_request_targets_are_refused(feed, target):
    answer = await feed.get(target)
    assert status(answer) == 400 and b"VCALENDAR" not in answer


def test_token_compare_is_constant_time_on_bytes(ws, monkeypatch):
    calls = []
    real = serve.hmac.compare_digest

    def spy(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(serve.hmac, "compare_digest", spy)

    async def one():
        async with Server(ws) as server:
            return await server.get(f"/{TOKEN[:-1]}x/koop.ics")

    assert status(asyncio.run(one())) == 404
    assert calls == [(bytes, bytes)]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"])
async def test_methods_other_than_get_and_head_are_405(feed, method):
    answer = await feed.get(FEED, method)
    assert status(answer) == 405 and b"Allow: GET, HEAD" in answer and b"VCALENDAR" not in answer


@pytest.mark.parametrize("raw", [
    f"GET {FEED}\r\n".encode(),  # HTTP/0.9
    f"GET {FEED}\r\n\r\n".encode(),
    f"get {FEED} HTTP/1.1\r\n\r\n".encode(),
    f"GET {FEED} HTTP/1.1\r\nHost: x\r\n X-Folded: y\r\n\r\n".encode(),
    f"GET {FEED} HTTP/1.1\r\nHost : x\r\n\r\n".encode(),
    bytes(range(256)) * 4,
    b"\x00" * 1000 + b"\r\n\r\n",
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40 + b"\r\n\r\n",  # a TLS ClientHello
    b"SSH-2.0-OpenSSH_9.6\r\n",
    b"\r\n" * 5 + b"GARBAGE\r\n\r\n",
], ids=["http09", "http09-blank", "lowercase-method", "folded-header", "space-before-colon", "all-bytes", "nuls",
        "tls-hello", "ssh-banner", "blank-lines-then-garbage"])
async def test_garbage_and_http09_get_400_and_no_calendar(feed, raw):
    answer = await feed.send(raw)
    assert status(answer) == 400 and b"VCALENDAR" not in answer


@pytest.mark.parametrize("raw,code", [
    (f"GET {FEED}?{'a' * 9000} HTTP/1.1\r\n\r\n".encode(), 431),
    (f"GET {FEED} HTTP/1.1\r\nCookie: {'c' * 100_000}\r\n\r\n".encode(), 431),
    (f"GET {FEED} HTTP/1.1\r\n".encode() + b"X-H: v\r\n" * 65 + b"\r\n", 431),
    (f"GET {FEED} HTTP/1.1\r\n".encode() + b"X-H: " + b"v" * 4000 + b"\r\n" + b"X-I: " + b"v" * 4500 + b"\r\n\r\n", 431),
], ids=["long-request-line", "100k-cookie", "65-headers", "8k-head-in-two-headers"])
async def test_oversized_request_lines_and_headers_are_refused(feed, raw, code):
    answer = await feed.send(raw)
    assert status(answer) == code and b"VCALENDAR" not in answer
    assert status(await feed.get(FEED)) == 200


async def test_two_hundred_concurrent_connections_all_get_an_answer(feed):
    async def one(i: int) -> int:
        return status(await feed.get(FEED if i % 2 else f"/nope{i}/koop.ics"))

    codes = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(200))), 30)
    assert set(codes) <= {200, 404, 503}
    assert codes.count(200) + codes.count(404) >= serve.MAX_CONNECTIONS
    assert feed.server.active == 0
    assert status(await feed.get(FEED)) == 200


async def test_slow_clients_do_not_block_a_normal_request(feed):
    slow = [await asyncio.open_connection("127.0.0.1", feed.port) for _ in range(20)]
    request = f"GET {FEED} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    try:
        for i in range(3):  # a byte every 0.3 s from each slow client
            for _, writer in slow:
                writer.write(request[i : i + 1])
                await writer.drain()
            answer = await asyncio.wait_for(feed.get(FEED), 2.0)
            assert status(answer) == 200
            await asyncio.sleep(0.3)
    finally:
        for _, writer in slow:
            writer.close()
    assert feed.server.active <= 20


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def test_a_thousand_sequential_requests_keep_memory_stable(feed):
    for _ in range(100):
        await feed.get(FEED)
    gc.collect()
    before = rss_bytes()
    for i in range(1000):
        assert status(await feed.get(FEED if i % 3 else "/x")) in (200, 404)
    gc.collect()
    grown = rss_bytes() - before
    print(f"RSS growth over 1,000 requests: {grown / 1024:.0f} KiB")
    assert grown < 16 * 1024 * 1024
