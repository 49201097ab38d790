"""A real terminal: tmux runs `koop demo`, we type a touchpoint through the UI, quit, and read the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
REPO = Path(__file__).resolve().parents[2]


# A tmux server of this test process's own: a person's tmux on the same machine (a `tmux kill-server`), or the
# suite's other workers, never reach these sessions.
SOCKET = f"koop-tests-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False).stdout


def wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; screen:\n{screen}")


def open_demo(ws: Path, width: int, height: int) -> str:
    """`koop demo` in a new tmux session of this size; the session's name."""
    session = f"koop-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env["KOOP_USER"] = "anna"
    command = (f"cd {REPO} && {sys.executable} -m koop_tui --today 2026-11-23 demo {ws}; "
               f"echo koop-exited-$?; sleep 30")
    subprocess.run(["tmux", "-L", SOCKET, "new", "-d", "-s", session, "-x", str(width), "-y", str(height), command],
                   env=env, check=True)
    return session


def log_call(session: str, partner: str, note: str) -> None:
    """`l` on the selected row, kind "cal" (completed to call), Tab to the note, type it, Enter: logged."""
    tmux("send-keys", "-t", session, "l")
    wait_for(session, f"Log touchpoint · {partner}")
    tmux("send-keys", "-t", session, "-l", "cal")
    wait_for(session, "mutual (from call)")
    for _ in range(4):
        tmux("send-keys", "-t", session, "Tab")
        time.sleep(0.3)
    tmux("send-keys", "-t", session, "-l", note)
    wait_for(session, note)
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, "Logged call with")


def test_log_a_touchpoint_in_a_real_terminal(tmp_path):
    ws = tmp_path / "demo"
    session = open_demo(ws, 120, 35)
    try:
        wait_for(session, "Café Konzept Agentur: last: call 144 d ago")  # the first row: 54 d late
        tmux("send-keys", "-t", session, "j", "j")
        wait_for(session, "Fotostudio Lichtblick: handover needed")  # 20 d late, the third
        log_call(session, "Fotostudio Lichtblick", "Typed in tmux")
        wait_for(session, "Logged call with everyone (Fotostudio Lichtblick)")
        tmux("send-keys", "-t", session, "C-q")
        wait_for(session, "koop-exited-0")
    finally:
        tmux("kill-session", "-t", session)
    touches = tomllib.loads((ws / "partners" / "fotostudio-lichtblick.toml").read_text())["touchpoints"]
    typed = [t for t in touches if t.get("note") == "Typed in tmux"]
    assert [(t["kind"], str(t["date"]), t.get("contacts", [])) for t in typed] == [("call", "2026-11-23", [])]


def test_filter_typed_fast_at_80x24_opens_no_dialog_then_log(tmp_path):
    """At 80×24: `2`, a filter with s, l, x, e, n and f typed in one burst filters the list and opens nothing;
    Enter opens the partner, `l` logs a touchpoint with its selected contact."""
    ws = tmp_path / "demo"
    session = open_demo(ws, 80, 24)
    try:
        wait_for(session, "Café Konzept Agentur: last: call 144 d ago")
        tmux("send-keys", "-t", session, "2")
        wait_for(session, "45 of 45 partners")
        tmux("send-keys", "-t", session, "-l", "textwerkstatt freelancer")
        screen = wait_for(session, "1 of 45 partners")
        assert "textwerkstatt freelancer" in screen and "Textwerkstatt Jung" in screen
        for title in ("Snooze ·", "Log touchpoint", "Follow-up ·", "New partner", "koop · keys"):
            assert title not in screen, title
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "ledger (365 d)")  # the partner page; its timeline may be below the fold
        log_call(session, "Textwerkstatt Jung", "Filtered at 80x24")
        tmux("send-keys", "-t", session, "C-q")
        wait_for(session, "koop-exited-0")
    finally:
        tmux("kill-session", "-t", session)
    touches = tomllib.loads((ws / "partners" / "textwerkstatt-jung.toml").read_text())["touchpoints"]
    typed = [t for t in touches if t.get("note") == "Filtered at 80x24"]
    assert [(t["kind"], str(t["date"])) for t in typed] == [("call", "2026-11-23")]
