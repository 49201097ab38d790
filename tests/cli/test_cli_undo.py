"""`koop undo`, `koop redo`, `koop history` and the commands that close due items (`done`, `end`, `reviewed`,
`add project|agreement`), through the real command: one line of output, exit codes, files."""

from __future__ import annotations

import subprocess
import tomllib

import pytest

from tests.cli.conftest import data, files

TODAY = "2026-11-23"


@pytest.fixture
def ws(ws):
    """The small workspace as a git repository, committed by anna."""
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "Start")):
        subprocess.run(["git", *args], cwd=ws, check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "anna", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "anna",
                            "GIT_COMMITTER_EMAIL": "a@x", "PATH": "/usr/bin:/bin"})
    return ws


def run(koop, ws, *args):
    return koop(*args, cwd=ws, today=TODAY)


CHANGES = [
    ("log", "muster/jana", "call", "--note", "Offers"),
    ("set", "muster", "cadence=21", "tags=vip"),
    ("set", "muster/t1aa", "note=Edited", "kind=meeting"),
    ("rm", "muster/t2bb", "--yes"),
    ("rm", "muster/jana", "--yes", "--move-to", "tom"),
    ("add", "followup", "muster/tom", "Call back", "--due", "+1w"),
    ("done", "muster/f1aa"),
    ("end", "muster/p1aa", "--date", "-2d"),
    ("reviewed", "muster/g1aa", "--next", "2027-06-01"),
    ("add", "project", "muster", "Shop 2", "--contact", "jana"),
    ("add", "agreement", "muster", "other", "--text", "Swap"),
    ("add", "contact", "muster", "Max Muster"),
    ("set", "print", "vetting.contribution=Fast print"),
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: " ".join(c[:2]))
def test_every_change_is_undone_to_the_same_bytes_and_redone(koop, ws, change):
    before = files(ws)
    done = run(koop, ws, *change)
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1, done.stderr
    after = files(ws)
    undone = run(koop, ws, "undo")
    assert (undone.returncode, undone.stderr) == (0, "")
    assert undone.stdout.startswith("Undid: ") and len(undone.stdout.splitlines()) == 1
    assert files(ws) == before
    redone = run(koop, ws, "redo")
    assert (redone.returncode, redone.stdout) == (0, "Redid: " + undone.stdout.removeprefix("Undid: "))
    assert {k: tomllib.loads(v.decode()) for k, v in files(ws).items()} == {
        k: tomllib.loads(v.decode()) for k, v in after.items()}


def test_undo_walks_back_and_history_shows_the_reversals(koop, ws):
    assert run(koop, ws, "log", "muster/jana", "call").returncode == 0
    assert run(koop, ws, "set", "muster", "cadence=21").returncode == 0
    assert run(koop, ws, "undo").stdout == "Undid: set cadence=21 for Muster GmbH\n"
    assert run(koop, ws, "undo").stdout == "Undid: log call with Jana Weber (Muster GmbH)\n"
    nothing = run(koop, ws, "undo")
    assert (nothing.returncode, nothing.stderr.splitlines()[0]) == (1, "koop: nothing to undo")
    assert run(koop, ws, "redo").stdout == "Redid: log call with Jana Weber (Muster GmbH)\n"
    assert run(koop, ws, "set", "muster", "cadence=9").returncode == 0  # a new change ends redo
    no_redo = run(koop, ws, "redo")
    assert (no_redo.returncode, no_redo.stderr.splitlines()[0]) == (1, "koop: nothing to redo")
    history = run(koop, ws, "history", "muster", "-n", "4")
    assert [line.split("  ", 2)[2] for line in history.stdout.splitlines()] == [
        "Set cadence=9 for Muster GmbH", "Redo: Log call with Jana Weber (Muster GmbH)",
        "Undo: Log call with Jana Weber (Muster GmbH)", "Undo: Set cadence=21 for Muster GmbH"]
    assert history.stdout.splitlines()[0].split("  ")[1] == "anna" or history.returncode == 0
    none = run(koop, ws, "history", "-n", "0")
    assert (none.returncode, none.stdout, none.stderr.splitlines()[0]) == (2, "", "koop: -n: give at least 1, got 0")


def test_undo_refuses_a_record_changed_on_disk_since(koop, ws):
    assert run(koop, ws, "set", "muster/t1aa", "note=From koop").returncode == 0
    path = ws / "partners" / "muster-gmbh.toml"
    path.write_text(path.read_text().replace('note = "From koop"', 'note = "By hand"'))
    before = files(ws)
    refused = run(koop, ws, "undo")
    assert refused.returncode == 1
    assert refused.stderr == (
        "koop: cannot undo 'Set note=From koop for call with Jana Weber on 2026-10-13 (Muster GmbH)': "
        "touchpoint t1aa of Muster GmbH was changed since\n"
        "  hint: a later change touched it; change it back by hand (koop set, the app)\n")
    assert files(ws) == before


@pytest.mark.parametrize("args, code, error", [
    (("done", "muster/g1aa"), 2, "koop: muster/g1aa is not a follow-up of Muster GmbH\n"),
    (("done", "muster/zz"), 1, "koop: Muster GmbH has no record or contact 'zz'\n"),
    (("done", "muster/f1aa", "--date", "soon"), 2, "koop: --date: not a date: 'soon'"),
    (("end", "muster/t1aa"), 2, "koop: muster/t1aa is not a project of Muster GmbH\n"),
    (("end", "muster/p1aa", "--date", "2020-01-01"), 2,
     "koop: --date 2020-01-01 is before the project's start (2026-03-01)\n"),
    (("reviewed", "muster/g1aa", "--next", "-1d"), 2, "koop: --next 2026-11-22 is not after today\n"),
    (("reviewed", "nobody/g1aa"), 1, "koop: no partner matches 'nobody'"),
    (("add", "project", "muster", " "), 2, "koop: a project needs a name\n"),
    (("add", "project", "muster", "X", "--contact", "zed"), 1, "koop: Muster GmbH has no contact matching 'zed'"),
    (("add", "agreement", "muster", "other", "--signed", "2026-01-01", "--review", "2025-01-01"), 2,
     "koop: --review must come after --signed\n"),
    (("add", "agreement", "muster", "bogus"), 2, "usage: koop add agreement"),
    (("redo",), 1, "koop: nothing to redo\n"),
    (("history", "nobody"), 1, "koop: no partner matches 'nobody'"),
])
def test_bad_input_changes_nothing(koop, ws, args, code, error):
    before = files(ws)
    result = run(koop, ws, *args)
    assert (result.returncode, result.stdout) == (code, "")
    assert result.stderr.startswith(error)
    assert files(ws) == before


def test_done_end_reviewed_print_one_line(koop, ws):
    assert run(koop, ws, "done", "muster/f1").stdout == "Done: follow-up 'Send offer' (Muster GmbH) on 2026-11-23\n"
    again = run(koop, ws, "done", "muster/f1aa")
    assert (again.returncode, again.stderr) == (1, "koop: follow-up 'f1aa' of Muster GmbH was already done on "
                                                   "2026-11-23\n")
    assert run(koop, ws, "end", "muster/p1").stdout == (
        "Ended project 'Relaunch shop' with Muster GmbH on 2026-11-23\n")
    assert run(koop, ws, "reviewed", "muster/g1aa").stdout == (
        "Reviewed agreement referral-commission ('10 % on referrals') (Muster GmbH); next review 2027-11-23\n")
    assert run(koop, ws, "reviewed", "muster/g1aa", "--next", "none").stdout.endswith("; no more reviews\n")
    saved = data(ws)
    assert (str(saved["followups"][0]["done"]), str(saved["projects"][0]["end"])) == ("2026-11-23", "2026-11-23")
    assert "review" not in saved["agreements"][0]


def test_show_prints_the_partner_page_with_record_ids(koop, ws):
    shown = run(koop, ws, "show", "muster")
    assert shown.returncode == 0 and shown.stderr == ""
    lines = shown.stdout.splitlines()
    assert lines[:2] == ["Muster GmbH (partners/muster-gmbh.toml)",
                         "active · owner anna · tags agency, seo · since 2021-03-01 (5 y)"]
    assert "  f1aa  2026-11-21  open  Jana Weber  Send offer" in lines
    assert "  t1aa  2026-10-13  mutual  call  Jana Weber  Talked about Q1." in lines
    assert "  g1aa  referral-commission  signed 2025-01-15  review 2026-12-14  10 % on referrals" in lines
    assert any(line.startswith("  tom   Tom Berg    Developer") for line in lines)
    missing = run(koop, ws, "show", "nobody")
    assert (missing.returncode, missing.stdout) == (1, "")


def test_list_filters_and_prints_json(koop, ws):
    import json

    listed = run(koop, ws, "list", "--stage", "active", "--json")
    assert listed.returncode == 0
    rows = json.loads(listed.stdout)
    assert [(r["slug"], r["owner"], r["last_touch"]) for r in rows] == [
        ("muster-gmbh", "anna", "2026-11-13"), ("nord-design", "ben", "2026-11-18")]
    assert set(rows[0]) == {"slug", "name", "stage", "owner", "tags", "status", "last_touch", "next_due", "problem"}
    text = run(koop, ws, "list", "--tag", "print").stdout.splitlines()
    assert len(text) == 1 and text[0].split()[:3] == ["due", "Print", "Ahoi"]
    assert run(koop, ws, "list", "--owner", "ben", "--tag", "print").stdout == "no partners match\n"
    nothing = run(koop, ws, "list", "--tag", "nothing")  # a tag nobody has is a typo, as in koop due
    assert nothing.returncode == 2 and nothing.stderr.startswith("koop: no partner is tagged nothing (tags: ")
    nobody = run(koop, ws, "list", "--owner", "nobody")  # a typo is no empty list (test_cli_empty_words.py)
    assert nobody.returncode == 2 and nobody.stderr.startswith("koop: nobody called 'nobody' owns a partner")
    bad = run(koop, ws, "list", "--stage", "bogus")
    assert bad.returncode == 2


def test_a_new_partner_is_undone_by_deleting_its_unchanged_file(koop, ws):
    assert run(koop, ws, "add", "partner", "Acme AG").returncode == 0
    path = ws / "partners" / "acme-ag.toml"
    created = path.read_bytes()
    assert run(koop, ws, "undo").stdout == "Undid: new partner Acme AG\n"
    assert not path.exists()
    assert run(koop, ws, "redo").stdout == "Redid: new partner Acme AG\n"
    assert path.read_bytes() == created
    path.write_bytes(created + b'note = "by hand"\n')
    refused = run(koop, ws, "undo")
    assert (refused.returncode, refused.stderr.splitlines()[0]) == (
        1, "koop: cannot undo 'New partner Acme AG': partners/acme-ag.toml was changed since")
    assert path.read_bytes() == created + b'note = "by hand"\n'


def test_undo_stops_at_an_import(koop, ws, tmp_path):
    assert run(koop, ws, "set", "muster", "cadence=21").returncode == 0
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva Neu\r\nORG:Neu AG\r\nEND:VCARD\r\n", encoding="utf-8")
    assert run(koop, ws, "import", str(card)).returncode == 0
    before = files(ws)
    refused = run(koop, ws, "undo")
    assert refused.returncode == 1
    assert refused.stderr.startswith("koop: cannot undo 'Import 1 contact from c.vcf': an import wrote many files")
    assert files(ws) == before


AMBIGUOUS_PARTNER = "koop: partner 'muster' is ambiguous: muster-ag (Muster AG), muster-gmbh (Muster GmbH)\n"
AMBIGUOUS_ID = "koop: 't' is ambiguous at Muster GmbH: t1aa (touchpoint), t2bb (touchpoint), tom (contact)\n"
UNKNOWN_ID = "koop: Muster GmbH has no record or contact 'zz'\n"


@pytest.mark.parametrize("args, error", [
    *[(args, AMBIGUOUS_PARTNER) for args in (
        ("set", "muster", "cadence=3"), ("rm", "muster/t1aa", "--yes"), ("done", "muster/f1aa"),
        ("end", "muster/p1aa"), ("reviewed", "muster/g1aa"), ("add", "project", "muster", "X"),
        ("add", "agreement", "muster", "other"), ("show", "muster"), ("history", "muster"),
        ("triage", "muster", "--stage", "active"))],
    *[(args, AMBIGUOUS_ID) for args in (
        ("set", "muster-gmbh/t", "note=x"), ("rm", "muster-gmbh/t", "--yes"), ("done", "muster-gmbh/t"),
        ("end", "muster-gmbh/t"), ("reviewed", "muster-gmbh/t"))],
    *[(args, UNKNOWN_ID) for args in (
        ("set", "muster-gmbh/zz", "note=x"), ("rm", "muster-gmbh/zz", "--yes"), ("done", "muster-gmbh/zz"),
        ("end", "muster-gmbh/zz"), ("reviewed", "muster-gmbh/zz"))],
], ids=lambda a: " ".join(a) if isinstance(a, tuple) else None)
def test_every_new_command_refuses_an_ambiguous_prefix_or_unknown_id_with_exit_1(koop, ws, args, error):
    (ws / "partners" / "muster-ag.toml").write_text('name = "Muster AG"\nslug = "muster-ag"\n', encoding="utf-8")
    before = files(ws)
    result = run(koop, ws, *args)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(error)
    assert files(ws) == before


def test_redo_refuses_a_record_changed_on_disk_since_the_undo(koop, ws):
    assert run(koop, ws, "set", "muster/t1aa", "note=From koop").returncode == 0
    assert run(koop, ws, "undo").returncode == 0
    path = ws / "partners" / "muster-gmbh.toml"
    path.write_text(path.read_text().replace('note = "Talked about Q1."', 'note = "By hand"'))
    before = files(ws)
    refused = run(koop, ws, "redo")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr.startswith("koop: cannot redo 'Set note=From koop for call with Jana Weber on 2026-10-13 "
                                     "(Muster GmbH)': touchpoint t1aa of Muster GmbH was changed since\n")
    assert files(ws) == before


@pytest.mark.parametrize("written", ['owner = "anna"\n', ""])
def test_undo_and_redo_of_an_owner_change_give_back_the_file_byte_for_byte(koop, ws, written):
    """`owner` equal to the workspace's default_owner reads the same written or not: undo puts back what the
    file had, the line or no line, and so does undo of setting the default itself."""
    assert 'default_owner = "anna"' in (ws / "koop.toml").read_text()
    path = ws / "partners" / "muster-gmbh.toml"
    text = path.read_text()
    path.write_text(text.replace('owner = "anna"\n', "").replace('slug = "muster-gmbh"\n',
                                                                  'slug = "muster-gmbh"\n' + written, 1))
    start = path.read_bytes()
    for value in ("ben", "anna"):
        assert run(koop, ws, "set", "muster", f"owner={value}").returncode == 0
        changed = path.read_bytes()
        if changed == start:  # the owner it has already: nothing changed, nothing to undo
            continue
        assert run(koop, ws, "undo").returncode == 0
        assert path.read_bytes() == start
        assert run(koop, ws, "redo").returncode == 0
        assert path.read_bytes() == changed
        assert run(koop, ws, "undo").returncode == 0
        assert path.read_bytes() == start
