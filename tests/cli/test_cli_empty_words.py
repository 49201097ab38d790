"""Words a command needs, typed empty (`--by "$ME"` with ME unset), are usage errors rather than a touchpoint by
nobody; a record of the wrong kind is named with its own article, in English and German."""

from __future__ import annotations

import pytest

from tests.cli.conftest import files


@pytest.mark.parametrize("args, said", [
    (("log", "acme", "call", "--by", ""), "koop: --by is empty\n  hint: leave it out for you, or the default owner\n"),
    (("log", "acme", " "), "koop: empty kind\n  hint: kinds: meeting, call, jour-fixe, mail, message, recommendation, "
                           "referral, backlink, share, comment, gift, card, greeting, fair-visit\n"),
    (("reviewed", "acme/jana"), "koop: acme/jana is not an agreement of Acme\n  hint: `koop show acme` lists them\n"),
])
def test_refused_with_what_to_do_and_nothing_written(koop_inproc, acme, args, said):
    before = files(acme)
    run = koop_inproc(*args, cwd=acme)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
    assert files(acme) == before


def test_by_is_kept_without_surrounding_blanks(koop_inproc, acme):
    assert koop_inproc("log", "acme", "call", "--by", " ben ", cwd=acme).returncode == 0
    assert 'by = "ben"' in (acme / "partners" / "acme.toml").read_text(encoding="utf-8")


def test_german(koop, acme):
    env = {"LANGUAGE": "de", "LANG": "de_DE.UTF-8"}
    assert koop("log", "acme", "call", "--by", "", cwd=acme, env=env).stderr.startswith("koop: --by ist leer\n")
    assert koop("end", "acme/jana", cwd=acme, env=env).stderr.startswith("koop: acme/jana ist kein Projekt von Acme\n")
    assert koop("reviewed", "acme/jana", cwd=acme, env=env).stderr.startswith(
        "koop: acme/jana ist keine Vereinbarung von Acme\n")


@pytest.mark.parametrize("args, said", [
    (("due", "--owner", ""), "koop: --owner is empty\n  hint: leave it out, or give a name\n"),
    (("due", "--tag", " "), "koop: --tag is empty\n  hint: leave it out, or give a tag\n"),
    (("due", "--tag", "seo", "--tag", ""), "koop: --tag is empty\n  hint: leave it out, or give a tag\n"),
    (("list", "--owner", ""), "koop: --owner is empty\n  hint: leave it out, or give a name\n"),
    (("list", "--tag", ""), "koop: --tag is empty\n  hint: leave it out, or give a tag\n"),
    (("export", "--owner", "", "-o", "-"), "koop: --owner is empty\n  hint: leave it out, or give a name\n"),
    (("report", "--owner", ""), "koop: --owner is empty\n  hint: leave it out, or give a name\n"),
])
def test_an_empty_filter_is_refused_not_mine_or_nothing(koop_inproc, acme, args, said):
    """`koop due --tag "$T"` with T unset said "Nothing due", `--owner "$WHO"` showed mine: a script believed it."""
    run = koop_inproc(*args, cwd=acme)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)


def test_filters_are_kept_without_surrounding_blanks(koop_inproc, acme):
    assert koop_inproc("set", "acme", "owner=ben", "tags=seo", cwd=acme).returncode == 0
    assert koop_inproc("list", "--owner", " ben ", "--tag", " seo", cwd=acme).stdout.split()[1] == "Acme"
    assert koop_inproc("due", "--owner", " ben ", cwd=acme).stdout.splitlines()[-1].endswith(
        "owner ben (and unowned); --all for everyone")


@pytest.mark.parametrize("command", [("due",), ("due", "--json"), ("list",), ("export", "-o", "-"), ("report",)])
def test_an_owner_nobody_is_called_is_refused_not_nothing_due(koop_inproc, acme, command):
    """`koop due --owner anan` (for anna) listed only the unowned partners, or said "Nothing due"."""
    assert koop_inproc("set", "acme", "owner=anna", cwd=acme).returncode == 0
    run = koop_inproc(*command, "--owner", "anan", cwd=acme)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == ("koop: nobody called 'anan' owns a partner (owners: anna)\n  hint: check the spelling; a "
                          "teammate without partners yet goes into [owners] of koop.toml\n")
    assert koop_inproc(*command, "--owner", "anna", cwd=acme).returncode == 0


def test_a_teammate_in_owners_without_partners_is_known(koop_inproc, acme):
    with (acme / "koop.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[owners]\nben = ["ben@acme.example"]\n')
    run = koop_inproc("due", "--owner", "ben", cwd=acme)
    assert run.returncode == 0 and run.stdout.splitlines()[-1].endswith("owner ben (and unowned); --all for everyone")


@pytest.mark.parametrize("command", [("due",), ("due", "--json")])
def test_a_tag_no_partner_has_is_refused_not_nothing_due(koop_inproc, acme, command):
    """`koop due --tag seoo` (for seo) said "Nothing due"."""
    assert koop_inproc("set", "acme", "tags=seo,print", cwd=acme).returncode == 0
    run = koop_inproc(*command, "--tag", "seoo", cwd=acme)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "koop: no partner is tagged seoo (tags: print, seo)\n  hint: check the spelling\n"
    known = koop_inproc(*command, "--tag", "seo", cwd=acme)  # a tag with nothing due is not refused
    assert known.returncode == 0 and known.stderr == ""


def test_mine_of_someone_nobody_is_called_says_so(koop_inproc, acme):
    """`user = "anan"` in the user config (for anna): koop due said "Nothing due", every day."""
    import os
    from pathlib import Path

    assert koop_inproc("set", "acme", "owner=anna", cwd=acme).returncode == 0
    config = Path(os.environ["KOOP_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('user = "anan"\n', encoding="utf-8")
    run = koop_inproc("due", cwd=acme)
    assert run.returncode == 0 and "0 items · owner anan" in run.stdout
    assert run.stderr == (f"koop: warning: you are 'anan' (user in {config}), and nobody of that name owns a "
                          "partner (owners: anna): your list is empty; fix the name, or see everyone's with --all\n")
    config.write_text('user = "anna"\n', encoding="utf-8")
    assert koop_inproc("due", cwd=acme).stderr == ""
