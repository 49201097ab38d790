"""A partner not found says what to do: the closest slug (also of a mistyped prefix), where the partners are
listed, or, in a workspace without any, how to add one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("typed", "hint"), [
    ("mustr", "did you mean 'muster-gmbh'?"),       # a prefix with a typo: it said "see `koop due --all`"
    ("Lingau Team", "did you mean 'lingua-team'?"),  # a name
    ("zebra", "`koop list` shows every partner"),
])
def test_a_partner_not_found_gets_a_hint_to_act_on(koop_inproc, ws, typed, hint):
    for args in (("show", typed), ("log", typed, "call"), ("add", "contact", typed, "Ida Roth")):
        run = koop_inproc(*args, cwd=ws)
        assert (run.returncode, run.stderr) == (1, f"koop: no partner matches '{typed}'\n  hint: {hint}\n")


def test_an_empty_workspace_says_how_to_add_a_partner(koop_inproc, tmp_path):
    koop_inproc("init", str(tmp_path / "w"), cwd=tmp_path)
    run = koop_inproc("log", "acme", "call", cwd=tmp_path / "w")
    assert run.stderr == ("koop: no partner matches 'acme'\n"
                          "  hint: the workspace has no partners yet; add one: koop add partner NAME\n")


def test_the_hint_in_german(koop_inproc, ws, monkeypatch):
    monkeypatch.setenv("KOOP_LANGUAGE", "de")
    run = koop_inproc("show", "zebra", cwd=ws)
    assert run.stderr == "koop: kein Partner passt zu 'zebra'\n  Tipp: `koop list` zeigt alle Partner\n"


@pytest.mark.parametrize("typed", ["Florian Moser", "florian@moser.example", "Moser Coaching/florian"])
def test_not_found_names_the_files_that_could_not_be_read(koop_inproc, ws, typed):
    """'No partner matches' is not known of a file that does not parse: the name or address may be in it."""
    (ws / "partners" / "moser.toml").write_text('name = "Moser Coaching\n\n[[contacts]]\nid = "florian"\n'
                                                'email = "florian@moser.example"\n', encoding="utf-8")
    unread = ("1 partner file could not be read, it may be the one (partners/moser.toml): run `koop check`")
    for args in (("show", typed), ("log", typed, "call"), ("set", typed, "stage=active")):
        run = koop_inproc(*args, cwd=ws)
        assert run.returncode == 1 and run.stderr.endswith(f"; {unread}\n"), (args, run.stderr)
    (ws / "partners" / "moser.toml").unlink()
    assert "could not be read" not in koop_inproc("log", typed, "call", cwd=ws).stderr
