"""Undo after a sync: a new change reversing koop's own, by record id, that syncs like any other."""

from __future__ import annotations

from gitteam import git, koop, read


def test_a_logs_syncs_undoes_after_the_sync_and_both_clones_agree(team):
    env = {"KOOP_USER": "anna"}
    logged = koop(team.a, "log", "acme/jana", "call", "--note", "Talked offers", env=env)
    assert logged.returncode == 0, logged.stderr
    tid = logged.stdout.split("[")[1].split("]")[0]
    for clone in (team.a, team.b):
        assert team.sync(clone).returncode == 0
    assert tid in [t["id"] for t in read(team.b / "partners/acme.toml")["touchpoints"]]
    b_undo = koop(team.b, "undo", env={"KOOP_USER": "tom"})  # B undoes nothing of A's
    assert (b_undo.returncode, b_undo.stderr.splitlines()[0]) == (1, "koop: nothing to undo")
    undone = koop(team.a, "undo", env=env)
    assert (undone.returncode, undone.stdout) == (0, "Undid: log call with Jana Weber (Acme)\n"), undone.stderr
    for clone in (team.a, team.b, team.a):
        res = team.sync(clone)
        assert res.returncode == 0, res.stdout + res.stderr
    assert team.files(team.a) == team.files(team.b)
    assert [t["id"] for t in read(team.a / "partners/acme.toml")["touchpoints"]] == ["t0a1"]
    history = koop(team.b, "history", "acme", env=env).stdout.splitlines()
    assert [line.split("  ")[-1] for line in history[:2]] == [
        "Undo: Log call with Jana Weber (Acme)", "Log call with Jana Weber (Acme)"]
    assert git(team.b, "status", "--porcelain").stdout == ""


def test_undo_refuses_when_a_teammate_changed_the_record_since(team):
    env = {"KOOP_USER": "anna"}
    assert koop(team.a, "log", "acme/jana", "call", env=env).returncode == 0
    assert koop(team.a, "set", "acme", "cadence=21", env=env).returncode == 0
    for clone in (team.a, team.b):
        assert team.sync(clone).returncode == 0
    assert koop(team.b, "set", "acme", "cadence=14", env={"KOOP_USER": "tom"}).returncode == 0
    for clone in (team.b, team.a):
        assert team.sync(clone).returncode == 0
    before = team.files(team.a)
    refused = koop(team.a, "undo", env=env)
    assert refused.returncode == 1
    assert refused.stderr.startswith("koop: cannot undo 'Set cadence=21 for Acme': cadence of Acme was changed since")
    assert team.files(team.a) == before
