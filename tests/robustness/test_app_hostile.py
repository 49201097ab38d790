"""The app on a hostile workspace, in a 40x10 terminal, with no editor or a failing one: it stays up and says why."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest

from koop_tui.app.app import make_app
from tests.app.conftest import settle

from .conftest import CONFLICT_FILE, snapshot

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def hostile(ws, tmp_path):
    """Two good partners plus a FIFO, a directory, a symlink, a conflict, a huge file and an empty file."""
    partners = ws / "partners"
    os.mkfifo(partners / "pipe.toml")
    (partners / "dir.toml").mkdir()
    os.symlink("/etc/passwd", partners / "link.toml")
    (partners / "conflict.toml").write_text(CONFLICT_FILE)
    (partners / "huge.toml").write_bytes(b'name = "H"\nslug = "huge"\nnote = "' + b"x" * (5 << 20) + b'"\n')
    (partners / "empty.toml").write_bytes(b"")
    return ws


def app_on(root):
    return make_app(root, date(2026, 11, 20), me="", watch_interval=None, keymap={})


async def test_a_40x10_terminal_on_a_hostile_workspace_stays_usable(hostile):
    before = snapshot(hostile)
    app = app_on(hostile)
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot, app)
        assert set(app.backend.workspace.partners) == {"acme", "nord"}
        assert set(app.backend.workspace.broken) >= {"partners/conflict.toml", "partners/huge.toml",
                                                     "partners/empty.toml", "partners/pipe.toml"}
        for key in ("2", "1", "question_mark", "escape", "exclamation_mark"):
            await pilot.press(key)
            await settle(pilot, app)
        assert type(app.screen).__name__ == "ProblemsScreen"
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.is_running
    assert snapshot(hostile) == before


def _editor(tmp_path, code: int) -> str:
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\nexit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.parametrize("setup,needle", [("unset", "No editor found"), ("fails", "exited with status 3"),
                                          ("missing", "could not start")])
async def test_editor_unset_failing_or_missing_is_a_notification(ws, tmp_path, monkeypatch, setup, needle):
    monkeypatch.delenv("VISUAL", raising=False)
    if setup == "unset":
        monkeypatch.delenv("EDITOR", raising=False)
        empty = tmp_path / "empty-path"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))
    else:
        monkeypatch.setenv("EDITOR", _editor(tmp_path, 3) if setup == "fails" else str(tmp_path / "no-such-editor"))
    before = snapshot(ws)
    app = app_on(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("down", "e")
        await settle(pilot, app)
        assert any(needle in n.message for n in app._notifications), [n.message for n in app._notifications]
        assert app.is_running
    assert snapshot(ws) == before
