"""`koop serve` as a real process on a free port, checked with a real HTTP client."""

from __future__ import annotations

import importlib.util
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "KOOP_TODAY": TODAY, "KOOP_WORKSPACE": str(root), "PYTHONPATH": str(REPO)}


class Server:
    """A `koop serve --port 0` subprocess; its URL comes from the first stdout lines."""

    def __init__(self, root: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "koop_tui", "serve", "--port", "0", *args], cwd=root, env=env_for(root),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout], daemon=True).start()
        self.stdout = ""
        self.read_until("webcal://")
        self.url = re.search(r"http://\S+", self.stdout)[0]
        self.token = self.url.split("/")[3]

    def read_until(self, text: str, seconds: float = 20) -> None:
        """Read stdout until it holds `text` (the server's first lines)."""
        deadline = time.monotonic() + seconds
        while text not in self.stdout:
            try:
                self.stdout += self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise AssertionError(f"koop serve did not print {text!r}: {self.proc.stderr.read()}") from None

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait(timeout=5)
        return code, self.proc.stderr.read()


@pytest.fixture
def server(workspace):
    running = Server(workspace)
    yield running
    running.stop()


def test_serves_the_feed_with_caching_and_follows_changes(server, workspace):
    base = server.url.rsplit("/", 2)[0]
    assert server.url.endswith("/koop.ics") and len(server.token) >= 43
    assert f"webcal://{server.url.removeprefix('http://')}" in server.stdout
    with httpx.Client(timeout=10) as client:
        first = client.get(server.url)
        assert first.status_code == 200
        assert first.headers["content-type"] == "text/calendar; charset=utf-8"
        assert first.content.startswith(b"BEGIN:VCALENDAR\r\n")
        assert b"SUMMARY:Call Jana Weber (Muster GmbH) \xe2\x80\x94 due\r\n" in first.content
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(server.url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(server.url, headers={"If-Modified-Since": modified}).status_code == 304
        head = client.head(server.url, headers={"Accept-Encoding": "identity"})
        assert head.status_code == 200 and head.content == b""
        assert client.get(server.url, headers={"Accept-Encoding": "gzip"}).headers["content-encoding"] == "gzip"
        assert client.get(f"{base}/{'x' * len(server.token)}/koop.ics").status_code == 404
        assert client.get(f"{base}/").status_code == 404

        log_touch(workspace)
        changed = first
        deadline = time.monotonic() + 10
        while changed.status_code != 200 or changed.headers.get("etag") == etag:
            assert time.monotonic() < deadline, "the feed did not pick up the change"
            time.sleep(0.2)
            changed = client.get(server.url, headers={"If-None-Match": etag})
        assert b"SUMMARY:Call Jana Weber (Muster GmbH) \xe2\x80\x94 due\r\n" not in changed.content
    code, stderr = server.stop()
    assert code == 0
    assert server.token not in stderr and "Traceback" not in stderr
    assert '"GET /…/koop.ics" 200' in stderr


def log_touch(root: Path) -> None:
    """`koop log` when it exists, else the same lines appended by hand."""
    if importlib.util.find_spec("koop_tui.cli.log") is not None:
        result = subprocess.run([sys.executable, "-m", "koop_tui", "log", "acme/jana", "call", "--date", TODAY],
                                cwd=root, env=env_for(root), capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return
    with (root / "partners" / "acme.toml").open("a") as f:
        f.write(f'\n[[touchpoints]]\nid = "t003"\ndate = {TODAY}\nkind = "call"\ndirection = "mutual"\n'
                'contacts = ["jana"]\n')


def test_token_is_stable_across_restarts_and_rotates(workspace):
    first = Server(workspace)
    assert first.stop(signal.SIGINT) == (0, "Press Ctrl-C to stop.\n")
    second = Server(workspace)
    second.stop()
    third = Server(workspace, "--rotate-token")
    third.stop()
    assert first.token == second.token != third.token


def test_listening_on_all_addresses_links_to_this_machine_by_name(workspace):
    """http://0.0.0.0:PORT/... opens nothing for a subscriber; the machine's name does, on its network."""
    import socket

    running = Server(workspace, "--host", "0.0.0.0")
    try:
        assert running.url.startswith(f"http://{socket.gethostname()}:")
        assert f"webcal://{socket.gethostname()}:" in running.stdout
        port = running.url.split("/")[2].rsplit(":", 1)[1]
        assert httpx.get(f"http://127.0.0.1:{port}/{running.token}/koop.ics").status_code == 200
    finally:
        code, err = running.stop()
    assert "listening on 0.0.0.0; anyone who can reach it" in err
