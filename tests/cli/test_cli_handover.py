"""`koop set --owner A --to B`: every partner of A to B in one commit naming the handover; --dry-run changes
nothing; refusals are one line with exit 1 or 2."""

from __future__ import annotations

import pytest

from koop_tui.store import load_workspace
from tests.cli.conftest import git


@pytest.fixture
def team(koop_inproc, tmp_path):
    """Made in this process (the tests run the real command)."""
    root = tmp_path / "team"
    koop_inproc("init", str(root), cwd=tmp_path)
    for name, owner in (("Acme", "anna"), ("Bolt", "ben"), ("Cora", "anna"), ("Dora", "")):
        args = ("add", "partner", name) + (("--owner", owner) if owner else ())
        assert koop_inproc(*args, cwd=root).returncode == 0
    return root


def test_handover_moves_every_partner_of_the_owner_in_one_commit(koop, team):
    before = {p.name: (team / "partners" / f"{p.slug}.toml").read_bytes()
              for p in load_workspace(team).partners.values()}
    done = koop("set", "--owner", "anna", "--to", "carla", "--yes", cwd=team)  # carla is new: test_a_new_owner_…
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Handed 2 partners from anna to carla: Acme, Cora\n"
    owners = {p.name: p.owner for p in load_workspace(team).partners.values()}
    assert owners == {"Acme": "carla", "Bolt": "ben", "Cora": "carla", "Dora": ""}
    assert (team / "partners" / "acme.toml").read_bytes() == before["Acme"].replace(b'owner = "anna"',
                                                                                    b'owner = "carla"')
    assert (team / "partners" / "bolt.toml").read_bytes() == before["Bolt"]
    assert git(team, "log", "-1", "--format=%s") == "Hand over anna's partners to carla (2 partners)\n"
    assert git(team, "show", "--name-only", "--format=", "HEAD").split() == ["partners/acme.toml",
                                                                            "partners/cora.toml"]
    assert git(team, "status", "--porcelain") == ""


def test_dry_run_lists_and_changes_nothing(koop, team):
    head = git(team, "rev-parse", "HEAD")
    done = koop("set", "--owner", "anna", "--to", "ben", "--dry-run", cwd=team)
    assert done.returncode == 0
    assert done.stdout == "Would hand 2 partners from anna to ben: Acme, Cora\nDry run: nothing changed.\n"
    assert git(team, "rev-parse", "HEAD") == head and git(team, "status", "--porcelain") == ""


@pytest.mark.parametrize(("args", "code", "error"), [
    (("--owner", "zoe", "--to", "ben"), 1, "koop: no partner is owned by 'zoe'\n  hint: owners: anna, ben\n"),
    (("--owner", "anna"), 2, "koop: a handover needs both --owner NAME and --to NAME\n"),
    (("--owner", "anna", "--to", "anna"), 2, "koop: --owner and --to are both 'anna'\n"),
    (("--owner", "anna", "--to", "ben", "acme"), 2,
     "koop: --owner/--to hand over all partners of an owner; leave out PARTNER and KEY=VALUE\n"),
    ((), 2, "koop: name a partner (koop set PARTNER KEY=VALUE...) or an owner (koop set --owner A --to B)\n"),
])
def test_refusals(koop, team, args, code, error):
    done = koop("set", *args, cwd=team)
    assert (done.returncode, done.stdout, done.stderr) == (code, "", error)


def test_a_partner_file_with_errors_is_left_out_with_a_warning(koop, team):
    acme = team / "partners" / "acme.toml"
    acme.write_text(acme.read_text().replace('name = "Acme"', 'name = "Acme"\nstage = 5'))
    git(team, "commit", "-qam", "break acme")
    done = koop("set", "--owner", "anna", "--to", "carla", cwd=team)
    assert done.returncode == 0
    assert done.stdout == "Handed 1 partner from anna to carla: Cora\n"
    assert done.stderr == ("koop: warning: 1 partner file with errors left out, whoever owns them; "
                           "run `koop check`\n")
    assert 'owner = "anna"' in acme.read_text()


def test_one_undo_hands_every_partner_back(koop, team):
    before = {p.name: p.read_bytes() for p in (team / "partners").iterdir()}
    assert koop("set", "--owner", "anna", "--to", "carla", "--yes", cwd=team).returncode == 0
    undone = koop("undo", cwd=team)
    assert (undone.returncode, undone.stdout) == (0, "Undid: hand over anna's partners to carla (2 partners)\n")
    assert {p.name: p.read_bytes() for p in (team / "partners").iterdir()} == before
    assert git(team, "log", "-1", "--format=%s") == "Undo: Hand over anna's partners to carla (2 partners)\n"
    assert koop("redo", cwd=team).stdout == "Redid: hand over anna's partners to carla (2 partners)\n"
    owners = {p.name: p.owner for p in load_workspace(team).partners.values()}
    assert owners == {"Acme": "carla", "Bolt": "ben", "Cora": "carla", "Dora": ""}


def test_a_new_owner_needs_a_yes_as_in_the_app(koop, team):
    """A typo in --to handed every partner of anna to nobody, in one commit, without a word."""
    before = {p.name: p.read_bytes() for p in (team / "partners").iterdir()}
    looked = koop("set", "--owner", "anna", "--to", "bne", "--dry-run", cwd=team)
    assert looked.returncode == 0
    assert looked.stderr == "koop: warning: nobody called 'bne' owns partners yet (owners: anna, ben)\n"
    refused = koop("set", "--owner", "anna", "--to", "bne", cwd=team)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == ("koop: nobody called 'bne' owns partners yet (owners: anna, ben); 2 partners not handed "
                              "over\n  hint: check the spelling, or pass --yes to hand them to bne\n")
    assert {p.name: p.read_bytes() for p in (team / "partners").iterdir()} == before
    assert koop("set", "--owner", "anna", "--to", "ben", cwd=team).returncode == 0  # someone known: no question


def test_options_after_the_pairs_are_options(koop_inproc, team):
    """`koop set P a=1 --yes b=2` took --yes, --today and --debug for pairs ("expected KEY=VALUE, got '--today'")."""
    run = koop_inproc("set", "acme", "note=x", "--today", "2026-11-20", "website=acme.example", cwd=team)
    assert (run.returncode, run.stdout) == (0, "Set note=x, website=acme.example for Acme\n")
    dry = koop_inproc("set", "acme", "note=y", "--dry-run", cwd=team)
    assert (dry.returncode, dry.stderr) == (2, "koop: --dry-run is for a handover (--owner A --to B)\n"
                                               "  hint: a change of one record is taken back with koop undo\n")
    bad = koop_inproc("set", "acme", "note=y", "--bogus", cwd=team)
    assert bad.returncode == 2 and bad.stderr.endswith("koop: error: unrecognized arguments: --bogus\n")


def test_add_partner_for_an_owner_nobody_is_called_warns(koop_inproc, team):
    """`--owner anan` filed the partner under nobody's "mine" without a word; the first owner of all is no typo."""
    run = koop_inproc("add", "partner", "Eve", "--owner", "anan", cwd=team)
    assert (run.returncode, run.stderr) == (0, "koop: warning: nobody called 'anan' owns partners yet (owners: anna, "
                                               "ben)\n")
    assert koop_inproc("add", "partner", "Fay", "--owner", "ben", cwd=team).stderr == ""


@pytest.mark.parametrize("args", [("set", "acme", "owner={}"), ("add", "followup", "acme", "Send the offer", "--due",
                                                                 "+7d", "--owner", "{}")],
                         ids=["set owner", "add followup --owner"])
def test_one_file_commands_warn_about_an_owner_nobody_is_called(koop_inproc, team, args):
    """They read one file, so the index says who owns partners: a typo filed it under nobody's "mine"."""
    typo = koop_inproc(*(a.format("anan") for a in args), cwd=team)
    assert (typo.returncode, typo.stderr) == (0, "koop: warning: nobody called 'anan' owns partners yet (owners: "
                                                 "anna, ben)\n")
    assert koop_inproc(*(a.format("ben") for a in args), cwd=team).stderr == ""
    (team / "partners" / "zz.toml").write_text('name = "Zed"\nowner = 5\n', encoding="utf-8")
    assert koop_inproc(*(a.format("anan") for a in args), cwd=team).stderr == ""  # zz's owner could not be read


def test_a_follow_up_given_an_owner_by_set_is_checked_too(koop_inproc, team):
    koop_inproc("add", "followup", "acme", "Send the offer", "--due", "+7d", cwd=team)
    fid = next(f.id for f in load_workspace(team).partners["acme"].followups)
    run = koop_inproc("set", f"acme/{fid}", "owner=bne", cwd=team)
    assert run.returncode == 0 and "nobody called 'bne'" in run.stderr
    assert load_workspace(team).partners["acme"].followups[0].owner == "bne"  # warned, not refused


def test_the_first_owner_of_a_workspace_is_no_typo(koop_inproc, tmp_path):
    koop_inproc("init", str(tmp_path / "w"), cwd=tmp_path)
    assert koop_inproc("add", "partner", "Acme", "--owner", "anna", cwd=tmp_path / "w").stderr == ""
