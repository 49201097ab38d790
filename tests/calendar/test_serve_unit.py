"""The feed server in-process: caching headers, 304, gzip, 404/405, hostile input, reloads."""

from __future__ import annotations

import asyncio
import gzip
from datetime import date
from email.utils import formatdate

import httpx
import pytest

from koop_tui import serve

TOKEN = "t" * 43
DAY = date(2026, 11, 23)


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "koop.toml").write_text('name = "Test"\n')
    (tmp_path / "partners").mkdir()
    (tmp_path / "partners" / "acme.toml").write_text('name = "Acme"\nslug = "acme"\n')
    return tmp_path


def render_names(root):
    def render(day):
        names = sorted(p.read_text() for p in (root / "partners").glob("*.toml"))
        return f"BEGIN:VCALENDAR\r\n{day}\r\n{'|'.join(names)}\r\nEND:VCALENDAR\r\n".encode()
    return render


class Running:
    def __init__(self, server):
        self.server = server
        self.log: list[str] = []

    async def __aenter__(self):
        self.listener = await asyncio.start_server(self.server.handle, "127.0.0.1", 0, limit=serve.MAX_HEAD)
        self.port = self.listener.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.client = httpx.AsyncClient(base_url=self.base, timeout=5)
        return self

    async def __aexit__(self, *exc):
        await self.client.aclose()
        self.listener.close()
        await self.listener.wait_closed()

    async def raw(self, data: bytes, wait: float = 3.0) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(data)
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(), wait)
        finally:
            writer.close()


@pytest.fixture
def make_server(workspace, monkeypatch):
    monkeypatch.setattr(serve, "RECHECK_SECONDS", 0.0)

    def make(render=None, log=None):
        feed = serve.Feed(workspace, render or render_names(workspace), lambda: DAY)
        return Running(serve.FeedServer(feed, TOKEN, log=log))
    return make


async def test_get_serves_the_calendar_with_caching_headers(make_server):
    async with make_server() as s:
        r = await s.client.get(f"/{TOKEN}/koop.ics", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.content.startswith(b"BEGIN:VCALENDAR\r\n2026-11-23")
    assert r.headers["content-type"] == "text/calendar; charset=utf-8"
    assert r.headers["content-length"] == str(len(r.content))
    assert r.headers["etag"].startswith('"') and len(r.headers["etag"]) == 34
    assert r.headers["last-modified"].endswith(" GMT")
    assert "content-encoding" not in r.headers
    assert "server" not in r.headers


async def test_etag_and_if_modified_since_answer_304(make_server):
    async with make_server() as s:
        first = await s.client.get(f"/{TOKEN}/koop.ics")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        by_tag = await s.client.get(f"/{TOKEN}/koop.ics", headers={"If-None-Match": etag})
        by_date = await s.client.get(f"/{TOKEN}/koop.ics", headers={"If-Modified-Since": modified})
        older = await s.client.get(f"/{TOKEN}/koop.ics", headers={"If-Modified-Since": formatdate(0, usegmt=True)})
        other_tag = await s.client.get(f"/{TOKEN}/koop.ics", headers={"If-None-Match": '"nope"',
                                                                       "If-Modified-Since": modified})
    assert (by_tag.status_code, by_tag.content, by_tag.headers["etag"]) == (304, b"", etag)
    assert by_date.status_code == 304
    assert older.status_code == 200
    assert other_tag.status_code == 200


async def test_head_and_gzip(make_server):
    async with make_server() as s:
        plain = await s.client.get(f"/{TOKEN}/koop.ics", headers={"Accept-Encoding": "identity"})
        head = await s.client.head(f"/{TOKEN}/koop.ics", headers={"Accept-Encoding": "identity"})
        raw = await s.raw(f"GET /{TOKEN}/koop.ics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n"
                          "Connection: close\r\n\r\n".encode())
        refused = await s.raw(f"GET /{TOKEN}/koop.ics HTTP/1.1\r\nAccept-Encoding: gzip;q=0, *\r\n"
                              "Connection: close\r\n\r\n".encode())
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(plain.content))
    head_part, body = raw.split(b"\r\n\r\n", 1)
    assert b"Content-Encoding: gzip" in head_part.split(b"\r\n")
    assert gzip.decompress(body) == plain.content
    assert b'-gz"' in head_part
    assert b"Content-Encoding" not in refused.split(b"\r\n\r\n")[0]


@pytest.mark.parametrize("path", ["/", f"/{TOKEN}", f"/{TOKEN[:-1]}/koop.ics", f"/{TOKEN}x/koop.ics",
                                  f"/{TOKEN}/other.ics", "/favicon.ico", f"/x/{TOKEN}/koop.ics"])
async def test_everything_but_the_feed_path_is_404(make_server, path):
    async with make_server() as s:
        r = await s.client.get(path)
    assert (r.status_code, r.content) == (404, b"Not Found\n")


async def test_other_methods_are_405_without_detail(make_server):
    async with make_server() as s:
        r = await s.client.post(f"/{TOKEN}/koop.ics", content=b"x")
        d = await s.client.delete("/whatever")
    assert (r.status_code, r.headers["allow"], r.content) == (405, "GET, HEAD", b"Method Not Allowed\n")
    assert d.status_code == 405


async def test_keep_alive_serves_several_requests_on_one_connection(make_server):
    async with make_server() as s:
        three = (f"GET /{TOKEN}/koop.ics HTTP/1.1\r\nHost: x\r\n\r\nHEAD /x HTTP/1.1\r\n\r\n"
                 f"HEAD /{TOKEN}/koop.ics HTTP/1.1\r\nConnection: close\r\n\r\n")
        data = await s.raw(three.encode())
    assert data.count(b"HTTP/1.1 200 OK") == 2 and data.count(b"HTTP/1.1 404 Not Found") == 1
    assert data.count(b"Not Found\n") == 0 and data.endswith(b"\r\n\r\n")


@pytest.mark.parametrize("garbage,status", [
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
    (b"GET /a b HTTP/1.1\r\n\r\n", 400),
    (b"GET / HTTP/2.0\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nbad header\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\n" + b"X-Long: " + b"a" * 9000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 100 + b"\r\n", 431),
    (b"G" * 20000, 431),
])
async def test_garbage_gets_an_error_and_the_connection_closes(make_server, garbage, status):
    async with make_server() as s:
        data = await s.raw(garbage)
    assert data.startswith(f"HTTP/1.1 {status} ".encode())
    assert b"Connection: close" in data


async def test_slow_clients_are_cut_off_at_the_head_deadline(make_server, monkeypatch):
    monkeypatch.setattr(serve, "HEAD_DEADLINE", 0.3)
    async with make_server() as s:
        reader, writer = await asyncio.open_connection("127.0.0.1", s.port)
        writer.write(b"GET / HTTP/1.1\r\nX-Slow: ")
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 3)
        writer.close()
    assert data == b""


async def test_connections_beyond_the_cap_get_503(make_server, monkeypatch):
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 2)
    async with make_server() as s:
        idle = [await asyncio.open_connection("127.0.0.1", s.port) for _ in range(2)]
        await asyncio.sleep(0.05)
        data = await s.raw(b"GET / HTTP/1.1\r\n\r\n")
        for _, writer in idle:
            writer.close()
    assert data.startswith(b"HTTP/1.1 503 ")


async def test_feed_follows_file_changes_and_keeps_the_last_good_version(make_server, workspace):
    broken = {"on": False}
    names = render_names(workspace)

    def render(day):
        if broken["on"]:
            raise ValueError("koop.toml: broken")
        return names(day)

    async with make_server(render) as s:
        first = await s.client.get(f"/{TOKEN}/koop.ics")
        (workspace / "partners" / "nord.toml").write_text('name = "Nord"\n')
        second = await s.client.get(f"/{TOKEN}/koop.ics", headers={"If-None-Match": first.headers["etag"]})
        broken["on"] = True
        (workspace / "koop.toml").write_text("name = \n")
        third = await s.client.get(f"/{TOKEN}/koop.ics")
    assert second.status_code == 200 and b"Nord" in second.content
    assert second.headers["etag"] != first.headers["etag"]
    assert third.status_code == 200 and third.content == second.content


def test_last_modified_grows_with_every_new_version(workspace, monkeypatch):
    monkeypatch.setattr(serve, "RECHECK_SECONDS", 0.0)
    feed = serve.Feed(workspace, render_names(workspace), lambda: DAY)
    first = feed.current()
    (workspace / "partners" / "b.toml").write_text("b")
    second = feed.current()
    (workspace / "partners" / "c.toml").write_text("c")
    third = feed.current()
    assert feed.current() is third
    assert first.last_modified < second.last_modified < third.last_modified


async def test_access_log_never_shows_the_token(make_server):
    lines: list[str] = []
    async with make_server(log=lines.append) as s:
        await s.client.get(f"/{TOKEN}/koop.ics")
        await s.client.get(f"/{TOKEN[:-2]}/koop.ics?x=1")
        await s.client.get("/favicon.ico")
    assert all(TOKEN[:16] not in line for line in lines)
    assert [line.split(" ", 1)[1] for line in lines] == [
        '"GET /…/koop.ics" 200', '"GET /…/koop.ics" 404', '"GET /favicon.ico" 404',
    ]


@pytest.mark.parametrize("value,expected", [
    ("gzip", True), ("gzip, deflate, br", True), ("identity", False), ("", False), ("gzip;q=0", False),
    ("*", True), ("*;q=0", False), ("gzip;q=0, *", False), ("br;q=1, gzip;q=0.5", True), ("gzip;q=x", False),
])
def test_accept_encoding(value, expected):
    assert serve.accepts_gzip(value) is expected
