"""A broken koop.toml: commands that write or publish refuse; listing commands warn and go on."""

from __future__ import annotations

import pytest

BROKEN = {
    "syntax": b'name = "Anna\n',
    "empty": b"",
    "not utf-8": b'name = "Caf\xe9"\n',
    "invalid": b"default_owner = 3\n",
}


@pytest.fixture
def workspace(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    koop_inproc("add", "partner", "Acme", "--stage", "active", "--owner", "anna", cwd=root)
    koop_inproc("add", "contact", "acme", "Jana Weber", cwd=root)
    (tmp_path / "people.csv").write_text("partner,name,email\nBeta,Tom Berg,tom@example.test\n")
    return root


def _files(root) -> dict:
    return {p.name: p.read_bytes() for p in (root / "partners").iterdir()}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_changing_and_publishing_commands_refuse(koop_inproc, workspace, monkeypatch, kind):
    import koop_tui.serve

    async def never_listen(*args):  # a refusal must come before the server starts
        return None

    monkeypatch.setattr(koop_tui.serve, "serve", never_listen)
    root = workspace
    (root / "koop.toml").write_bytes(BROKEN[kind])
    before = _files(root)
    for args in (("log", "acme", "call"), ("add", "partner", "Beta"), ("add", "contact", "acme", "Tom"),
                 ("add", "followup", "acme", "Send offer", "--due", "+1w"), ("set", "acme", "cadence=14"),
                 ("snooze", "acme", "--until", "+1w"), ("import", str(root.parent / "people.csv")),
                 ("export", "-o", str(root.parent / "out.ics")), ("serve", "--port", "0")):
        result = koop_inproc(*args, cwd=root)
        assert (result.returncode, result.stdout) == (1, ""), (args, result.stderr)
        assert result.stderr.startswith("koop: koop.toml:1"), (args, result.stderr)
        assert "fix it (koop check)" in result.stderr and "Traceback" not in result.stderr
    assert _files(root) == before
    assert not (root.parent / "out.ics").exists()


@pytest.mark.parametrize("kind", list(BROKEN))
def test_listing_commands_warn_and_go_on(koop_inproc, workspace, kind):
    root = workspace
    (root / "koop.toml").write_bytes(BROKEN[kind])
    for args in (("due",), ("due", "--within", "7"), ("who", "seo"), ("report",), ("list",)):
        result = koop_inproc(*args, cwd=root)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr.startswith("koop: warning: koop.toml:1"), (args, result.stderr)
        assert result.stderr.rstrip().endswith("fix it (koop check)")
    assert "Jana Weber" in koop_inproc("due", cwd=root).stdout
