"""Real servers on 127.0.0.1 for capture tests: pymap (IMAP) and Radicale (CalDAV), each started on a free port
and waited for with a bound, and stopped after the test."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not listen on {port} within {within} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def start_pymap(user: str = "anna", password: str = "secret") -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "pymap"), "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict",
         "--demo-user", user, "--demo-password", password],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    wait_for_port(port, proc)
    return proc, port


def start_radicale(root: Path) -> tuple[subprocess.Popen, int]:
    """Radicale with no authentication (any user name) storing under root."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "none",
         "--storage-filesystem-folder", str(root), "--rights-type", "owner_only", "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    wait_for_port(port, proc)
    return proc, port


def _until(sock: socket.socket, tag: bytes) -> bytes:
    data = b""
    while not any(line.startswith(tag + b" ") for line in data.split(b"\r\n")):
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError(f"IMAP server closed the connection: {data[-200:]!r}")
        data += chunk
    line = next(line for line in data.split(b"\r\n") if line.startswith(tag + b" "))
    if not line.startswith(tag + b" OK"):
        raise RuntimeError(f"IMAP server said {line!r}")
    return data


def fill_imap(port: int, folder: str, messages: list[bytes], user: str = "anna", password: str = "secret") -> None:
    """APPEND messages in batches with MULTIAPPEND and LITERAL+ (pymap has both): one round trip per batch, where
    imaplib waits for each literal's continuation."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.recv(4096)
        sock.sendall(f"a LOGIN {user} {password}\r\n".encode())
        _until(sock, b"a")
        if folder != "INBOX":
            sock.sendall(f'c CREATE "{folder}"\r\n'.encode())
            _until(sock, b"c")
        for start in range(0, len(messages), 500):
            literals = b"".join(b" {%d+}\r\n%s" % (len(m), m) for m in messages[start:start + 500])
            sock.sendall(f'b APPEND "{folder}"'.encode() + literals + b"\r\n")
            _until(sock, b"b")
