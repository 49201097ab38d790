"""The feed token: a secret in the user's config dir, private, stable, rotatable, never through a link."""

from __future__ import annotations

import os
import stat

import pytest

from koop_tui.cli.serve import feed_token, token_path
from koop_tui.errors import KoopError


@pytest.fixture
def root(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws


def test_created_on_first_use_private_and_stable(root):
    token = feed_token(root)
    path = token_path()
    assert len(token) >= 43 and path.read_text() == token + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert feed_token(root) == token
    assert [p.name for p in path.parent.iterdir()] == ["feed-token"]


def test_rotation_replaces_it(root):
    old = feed_token(root)
    new = feed_token(root, rotate=True)
    assert new != old and feed_token(root) == new
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600


def test_a_symlinked_token_file_is_refused(root, tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("x" * 43 + "\n")
    token_path().parent.mkdir(parents=True)
    os.symlink(target, token_path())
    with pytest.raises(KoopError, match="not a link"):
        feed_token(root)


def test_a_damaged_token_file_is_reported(root):
    token_path().parent.mkdir(parents=True)
    token_path().write_text("short\n")
    with pytest.raises(KoopError, match="damaged"):
        feed_token(root)


def test_never_inside_the_workspace(root, monkeypatch):
    monkeypatch.setenv("KOOP_CONFIG_DIR", str(root / ".koop"))
    with pytest.raises(KoopError, match="inside the workspace"):
        feed_token(root)
    assert not (root / ".koop").exists()
