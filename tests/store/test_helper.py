"""The parse helper's protocol: it parses from the back, stops at chunks the loader claimed, and at a closed pipe."""

from __future__ import annotations

import io
import marshal
import os
import pickle
import time

from koop_tui.gcpause import paused_gc
from koop_tui.settings import default_settings
from koop_tui.index import parallel
from koop_tui.index import workspace as load_workspace
from koop_tui.index.helper import CLAIM, JOB, RESULT, START, Reader, frame, serve
from tests.store.conftest import use_helper


def run(ws, chunks, claims=(), close=True) -> list[tuple[bytes, int, object]]:
    """Serve one job through a real pipe; what the helper sent, decoded."""
    read_fd, write_fd = os.pipe()
    job = pickle.dumps((ws, chunks, default_settings(), "en"))
    os.write(write_fd, frame(JOB, len(job), job) + b"".join(frame(CLAIM, c) for c in claims))
    if close:
        os.close(write_fd)
    out = io.BytesIO()
    try:
        with paused_gc():  # serve turns the collector off for its own process; back on here afterwards
            serve(read_fd, out)
    finally:
        os.close(read_fd)
        if not close:
            os.close(write_fd)
    reader_fd, sink = os.pipe()
    os.write(sink, out.getvalue())
    os.close(sink)
    reader, sent = Reader(reader_fd), []
    while (got := reader.next()) is not None:
        sent.append((got[0], got[1], _payload(got[0], got[2])))
    os.close(reader_fd)
    return sent


def _payload(kind: bytes, data: bytes) -> object:
    """A result as (chunk index, entries); None for the rest."""
    return marshal.loads(data) if kind == RESULT else None


def test_the_helper_works_from_the_back_until_the_claimed_chunks(ws):
    (ws / "partners" / "two.toml").write_text('name = "Two"\nslug = "two"\n')
    chunks = [["partners/ok.toml"], ["partners/missing.toml"], ["partners/two.toml"]]
    sent = run(ws, chunks, claims=[0, 1], close=False)
    assert [(kind, value) for kind, value, _ in sent][0] == (START, 2)
    index, entries = sent[1][2]
    assert (sent[1][0], index, [rel for rel, _ in entries]) == (RESULT, 2, ["partners/two.toml"])
    assert entries[0][1][3][0] == "m" and len(sent) == 2  # a cache entry from the fast path; chunks 0, 1 not done
    sent = run(ws, chunks, claims=[0], close=False)
    results = dict(payload for kind, _, payload in sent if kind == RESULT)  # chunk index -> entries
    assert sorted(results) == [1, 2] and results[1] == [("partners/missing.toml", None)]  # None: parent reads it


def test_the_helper_stops_when_the_loader_has_gone(ws):
    assert run(ws, [["partners/ok.toml"]] * 3, close=True) == []


def test_claims_made_before_the_job_is_sent_reach_the_helper_after_it(ws, monkeypatch):
    for n in range(6):
        (ws / "partners" / f"p{n}.toml").write_text(f'name = "P{n}"\nslug = "p{n}"\n')
    monkeypatch.setenv("KOOP_NO_POOL", "1")
    expected = load_workspace(ws)
    use_helper(monkeypatch, 1)
    helpers, real_run, real_helper = [], parallel.Helper._run, parallel.Helper
    delay = 1.0  # the loader claims every chunk before the helper gets its job
    monkeypatch.setattr(parallel.Helper, "_run", lambda self, job: time.sleep(delay) or real_run(self, job))
    monkeypatch.setattr(parallel, "Helper", lambda *a: helpers.append(real_helper(*a)) or helpers[-1])
    monkeypatch.setenv("KOOP_CACHE_DIR", str(ws.parent / "cache"))
    loaded = load_workspace(ws)
    assert (loaded.partners, loaded.problems) == (expected.partners, expected.problems)
    helper = helpers[0]
    assert helper.delivered == 0 and helper.started == set() and helper.proc.returncode == 0
