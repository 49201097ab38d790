"""A partner file with errors shows as a problem, naming file:line, in every command that lists or shows
partners; nothing is computed from it and no command fails on it (`koop list` used to end in an internal error)."""

from __future__ import annotations

import json

import pytest

ACME = """name = "Acme"
slug = "acme"
stage = "active"
owner = "anna"
tags = ["seo"]
skills = ["seo"]
since = 2025-01-01

[[contacts]]
id = "jana"
name = "Jana Weber"
skills = ["seo"]
"""
BROKEN = ACME.replace('stage = "active"', 'stage = "activ"')
WHERE = "partners/acme.toml:3:1: unknown stage 'activ'"
UNREADABLE = 'name = "Zeta"\nstage = [\n'  # a syntax error: the file cannot be loaded at all


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    (root / "partners" / "acme.toml").write_text(BROKEN, encoding="utf-8")
    (root / "partners" / "beta.toml").write_text(ACME.replace("Acme", "Beta").replace('"acme"', '"beta"'),
                                                 encoding="utf-8")
    (root / "partners" / "zeta.toml").write_text(UNREADABLE, encoding="utf-8")
    return root


def test_list_shows_each_file_with_errors_as_a_problem_row(koop, root):
    run = koop("list", cwd=root)
    assert run.returncode == 0, run.stderr
    assert "internal error" not in run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("problem ") and WHERE in lines[0] and "active" not in lines[0].split("(known")[0]
    assert not lines[1].startswith("problem") and "Beta" in lines[1] and "active" in lines[1]
    assert lines[2].startswith("problem ") and "partners/zeta.toml:2:" in lines[2]
    assert "2 partner files with errors" in run.stderr


def test_list_json_has_the_problem_and_no_computed_values(koop, root):
    run = koop("list", "--json", cwd=root)
    assert run.returncode == 0, run.stderr
    rows = {r["slug"]: r for r in json.loads(run.stdout)}
    assert rows["acme"] == {"slug": "acme", "name": "Acme", "stage": None, "owner": "anna", "tags": [],
                            "status": "problem", "last_touch": None, "next_due": None,
                            "problem": rows["acme"]["problem"]}
    assert rows["acme"]["problem"].startswith(WHERE)
    assert rows["zeta"]["status"] == "problem" and rows["zeta"]["problem"].startswith("partners/zeta.toml:2:")
    assert rows["beta"]["status"] != "problem" and rows["beta"]["problem"] is None and rows["beta"]["stage"] == "active"


def test_list_filters_keep_problem_rows_as_the_due_list_does(koop, root):
    """The stage or tags are maybe what could not be read: a filter on them does not hide the file."""
    run = koop("list", "--stage", "ended", "--tag", "nothing", cwd=root)
    assert run.returncode == 0, run.stderr
    assert [line.split()[0] for line in run.stdout.splitlines()] == ["problem", "problem"]


def test_show_names_the_problems_before_the_page(koop, root):
    run = koop("show", "acme", cwd=root)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "1 problem in the file; nothing is computed" in lines[1]
    assert lines[2].strip().startswith(WHERE)
    # the stage it could not read is said to be so: not the default standing in, nor a checklist made from that
    assert lines[3] == "stage ⚠ unreadable · owner anna · tags seo · since 2025-01-01 (1 y)"
    assert "prospect ·" not in run.stdout and "vetting:" not in run.stdout


def test_show_of_an_unreadable_file_names_its_first_error(koop, root):
    run = koop("show", "zeta", cwd=root)
    assert run.returncode == 1
    assert "partners/zeta.toml:2:" in run.stderr and "Traceback" not in run.stderr


def test_who_says_files_with_errors_were_left_out(koop, root):
    run = koop("who", "seo", cwd=root)
    assert run.returncode == 0, run.stderr
    assert "Beta" in run.stdout and "Acme" not in run.stdout
    assert "2 partner files with errors left out" in run.stderr


def test_german(koop, root):
    env = {"LANGUAGE": "de", "LANG": "de_DE.UTF-8"}
    listed = koop("list", cwd=root, env=env)
    shown = koop("show", "acme", cwd=root, env=env)
    who = koop("who", "seo", cwd=root, env=env)
    assert listed.stdout.startswith("Problem ")
    assert "1 Problem in der Datei" in shown.stdout
    assert "2 Partnerdateien mit Fehlern ausgelassen" in who.stderr


def test_history_of_a_file_that_cannot_be_loaded_shows_its_changes(koop, root):
    """What broke the file is what its history tells; it used to be refused because the file has errors."""
    from tests.cli.conftest import git

    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "Zeta by hand")
    for typed in ("zeta", "zeta.toml", "acme"):
        run = koop("history", typed, cwd=root)
        assert run.returncode == 0, run.stderr
        assert run.stdout.rstrip().endswith("Zeta by hand"), typed


@pytest.mark.parametrize("args", [("history", ""), ("show", " "), ("log", "", "call"), ("log", "beta/ ", "call")])
def test_an_empty_name_is_a_usage_error(koop_inproc, root, args):
    run = koop_inproc(*args, cwd=root)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr in ("koop: empty partner name\n", "koop: empty contact name\n")


def test_vcard_export_leaves_out_files_with_errors_and_says_so(koop, root):
    """A contact's email that could not be read would be exported as no email at all."""
    run = koop("export", "--vcard", "--out", "-", cwd=root)
    assert run.returncode == 0, run.stderr
    assert "ORG:Beta" in run.stdout and "Acme" not in run.stdout
    assert run.stderr == "koop: warning: 2 partner files with errors left out; run `koop check`\n"


def test_list_by_owner_keeps_a_file_whose_owner_could_not_be_read(koop, root):
    run = koop("list", "--owner", "ben", "--json", cwd=root)
    assert [r["slug"] for r in json.loads(run.stdout)] == ["zeta"]
    due = koop("due", "--owner", "ben", "--json", cwd=root)
    assert [i["partner"] for i in json.loads(due.stdout)["items"]] == ["zeta"]


@pytest.mark.parametrize("command", [("show", "ze"), ("show", "ZE"), ("log", "ze", "call"), ("log", "ze/anna", "call"),
                                     ("snooze", "ze", "--until", "2026-12-24"), ("set", "ze", "stage=active"),
                                     ("add", "contact", "ze", "Bob"), ("history", "ze")])
def test_a_broken_file_named_by_a_prefix_names_its_first_error(koop, root, command):
    before = (root / "partners" / "zeta.toml").read_bytes()
    run = koop(*command, cwd=root)
    assert run.returncode == 1, run.stderr
    message, hint = run.stderr.splitlines()
    assert message.startswith("koop: partners/zeta.toml has problems")
    assert hint.startswith("  hint: partners/zeta.toml:2:") and hint.endswith("; run `koop check`")
    assert (root / "partners" / "zeta.toml").read_bytes() == before
