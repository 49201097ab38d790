"""Every command with bad input: exit 1 or 2, one or two lines on stderr, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO, assert_short_error, snapshot

BAD_INVOCATIONS = {
    "unknown-command": (("frobnicate",), 2, "unknown command 'frobnicate'"),
    "due-bad-within": (("due", "--within", "soon"), 2, "invalid"),
    "due-unknown-option": (("due", "--colour"), 2, "unrecognized arguments"),
    "due-bad-today": (("--today", "2026-02-30", "due"), 2, "2026-02-30"),
    "export-bad-within": (("export", "--within", "-x"), 2, "koop: error:"),
    "serve-bad-port": (("serve", "--port", "70000"), 2, "--port must be between 0 and 65535"),
    "who-missing-skill": (("who",), 2, "koop: error:"),
    "sync-not-a-repo": (("sync",), 1, "koop:"),
}


@pytest.mark.parametrize("name", BAD_INVOCATIONS)
def test_bad_invocation_is_one_short_message(ws, koop, name):
    args, code, needle = BAD_INVOCATIONS[name]
    before = snapshot(ws)
    ran = koop(*args, cwd=ws)
    assert_short_error(ran, code, needle)
    assert snapshot(ws) == before


@pytest.mark.parametrize("command", ["check", "due", "export", "who seo", "report", "sync"])
def test_no_workspace_is_a_one_line_refusal(tmp_path, koop, command):
    ran = koop(*command.split(), cwd=tmp_path)
    assert_short_error(ran, 1, "no koop workspace here")
    assert list(tmp_path.iterdir()) == []


def test_workspace_option_pointing_nowhere(tmp_path, koop):
    ran = koop("--workspace", str(tmp_path / "missing"), "check", cwd=tmp_path)
    assert_short_error(ran, 1, "no koop workspace at", "koop.toml missing")


def test_internal_error_is_one_line_and_the_traceback_goes_to_the_cache_dir(ws, tmp_path):
    script = (
        "import sys; from koop_tui import __main__ as m; from koop_tui.cli import check\n"
        "def boom(args):\n    raise ZeroDivisionError('division by zero\\nsecond line')\n"
        "check.run = boom; sys.exit(m.main(['check']))\n"
    )
    cache = tmp_path / "cache"
    proc = subprocess.run([sys.executable, "-c", script], cwd=ws, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPO), KOOP_CACHE_DIR=str(cache)))
    assert proc.returncode == 1
    log = cache / "crash.log"
    assert proc.stderr == f"koop: internal error: ZeroDivisionError: division by zero second line (traceback in {log})\n"
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "in boom" in text


def test_internal_error_when_the_log_cannot_be_written(ws, koop, monkeypatch, tmp_path):
    from koop_tui.cli import check

    def boom(args):
        raise RuntimeError("bug")

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("KOOP_CACHE_DIR", str(blocker / "sub"))
    monkeypatch.setattr(check, "run", boom)
    ran = koop("check", cwd=ws)
    assert ran.code == 1
    assert ran.err.startswith("koop: internal error: RuntimeError: bug (could not write the traceback: ")
    assert ran.err.count("\n") == 1
