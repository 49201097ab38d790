"""The parse helper's protocol: it parses the chunks whose tickets it takes, and ends when none is left."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import termios
import time

from koop_tui.gcpause import paused_gc
from koop_tui.settings import default_settings
from koop_tui.index import parallel, warm
from koop_tui.index import workspace as load_workspace
from koop_tui.index.helper import U32, receive, serve
from tests.store.conftest import use_helper


def run(ws, chunks, tickets) -> list[tuple]:
    """Serve one job with these tickets in the pipe; what the helper sent, decoded."""
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"".join(map(U32.pack, tickets)))
    os.close(write_fd)
    out = io.BytesIO()
    try:
        serve(read_fd, ws, chunks, default_settings(), "en", out)
    finally:
        os.close(read_fd)
    out.seek(0)
    sent = []
    while (got := receive(out)) is not None:
        sent.append(got)
    return sent


def test_the_helper_parses_the_chunks_it_takes_and_ends_with_the_tickets(ws, monkeypatch):
    (ws / "partners" / "two.toml").write_text('name = "Two"\nslug = "two"\n')
    chunks = [["partners/ok.toml"], ["partners/missing.toml"], ["partners/two.toml"]]
    with paused_gc():  # serve turns the collector off for its own process; back on here afterwards
        sent = run(ws, chunks, [2, 1])
    assert [index for index, _ in sent] == [2, 1]
    (rel, entry), = sent[0][1]
    assert rel == "partners/two.toml" and entry[3][0] == "m"  # a cache entry from the fast path
    assert sent[1][1] == [("partners/missing.toml", None)]  # None: the loader reads it and reports the problem
    assert run(ws, chunks, []) == []


def _six(ws) -> None:
    for n in range(6):
        (ws / "partners" / f"p{n}.toml").write_text(f'name = "P{n}"\nslug = "p{n}"\n')


def test_a_helper_that_starts_late_leaves_every_chunk_to_the_loader(ws, monkeypatch):
    _six(ws)
    monkeypatch.setenv("KOOP_NO_POOL", "1")
    expected = load_workspace(ws)
    use_helper(monkeypatch, 1)
    helpers, real_run, real_helper = [], parallel.Helper._run, parallel.Helper
    delay = 1.0  # the loader takes every ticket before the helper gets its job
    monkeypatch.setattr(parallel.Helper, "_run", lambda self, job: time.sleep(delay) or real_run(self, job))
    monkeypatch.setattr(parallel, "Helper", lambda *a: helpers.append(real_helper(*a)) or helpers[-1])
    parsed, real_parse = [], warm.parse_file
    monkeypatch.setattr(warm, "parse_file", lambda *a: parsed.append(a[1]) or real_parse(*a))
    monkeypatch.setenv("KOOP_CACHE_DIR", str(ws.parent / "cache"))
    loaded = load_workspace(ws)
    assert (loaded.partners, loaded.problems) == (expected.partners, expected.problems)
    assert sorted(parsed) == sorted(f"partners/{p.name}" for p in (ws / "partners").iterdir())
    assert helpers[0].delivered == 0 and helpers[0].proc.returncode == 0


def test_chunks_the_helper_took_and_never_sent_are_parsed_here(ws, monkeypatch):
    _six(ws)
    monkeypatch.setenv("KOOP_NO_POOL", "1")
    expected = load_workspace(ws)
    use_helper(monkeypatch, 1)
    monkeypatch.setattr(parallel, "receive", lambda stream: 1 / 0)  # what it sends is garbled
    left, real_ticket = [], parallel.Helper.ticket

    def after_the_helper_took_one(self) -> int | None:
        deadline = time.monotonic() + 30
        while not left and _unread(self.tickets) == 4 * 7 and time.monotonic() < deadline:
            time.sleep(0.01)
        left.append(_unread(self.tickets))
        return real_ticket(self)

    monkeypatch.setattr(parallel.Helper, "ticket", after_the_helper_took_one)
    parsed, real_parse = [], warm.parse_file
    monkeypatch.setattr(warm, "parse_file", lambda *a: parsed.append(a[1]) or real_parse(*a))
    monkeypatch.setenv("KOOP_CACHE_DIR", str(ws.parent / "cache"))
    loaded = load_workspace(ws)
    assert (loaded.partners, loaded.problems) == (expected.partners, expected.problems)
    assert left[0] < 4 * 7  # the helper took a ticket; its chunk, never received, was parsed here
    assert sorted(parsed) == sorted(f"partners/{p.name}" for p in (ws / "partners").iterdir())


def _unread(fd: int) -> int:
    """Bytes left in a pipe."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
