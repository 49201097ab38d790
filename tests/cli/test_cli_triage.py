"""`koop import` of many address-book contacts, then `koop due` (one row), `koop triage` (the list) and
`koop triage P... --stage/--cadence/--archive` (several at once, one commit), through the real command."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import data, files, git

IMPORT_DAY, TODAY = "2026-11-01", "2026-11-23"
CARDS = 12  # people without an organisation: one partner each (person-01 … person-12)


@pytest.fixture
def imported(tmp_path, koop_inproc):
    """Made in this process (the tests run the real command)."""
    root = tmp_path / "imported"
    assert koop_inproc("init", str(root), cwd=tmp_path).returncode == 0
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:02d}\r\nEMAIL:p{i}@example.test\r\nEND:VCARD\r\n"
                    for i in range(1, CARDS + 1))
    (tmp_path / "contacts.vcf").write_text(cards, encoding="utf-8")
    result = koop_inproc("import", str(tmp_path / "contacts.vcf"), "-q", cwd=root, today=IMPORT_DAY)
    assert result.returncode == 0, result.stderr
    return root


def log(root):
    return git(root, "log", "--format=%s").splitlines()


def test_an_import_is_one_due_row_until_sorted_and_cadences_count_from_the_import_day(koop, imported):
    assert data(imported, "person-01")["stage"] == "imported" and str(data(imported, "person-01")["imported"]) == IMPORT_DAY
    due = koop("due", cwd=imported, today=TODAY)
    assert (due.returncode, due.stderr) == (0, "")
    assert due.stdout.splitlines() == [
        "overdue   22 d late  12 imported partners to sort: give them a stage or archive them",
        "  12 imported partners to sort, the oldest since 2026-11-01; nothing else is due for them until they have "
        "a stage; to clear: enter opens the triage list, or koop triage",
        "",
        "1 item (1 overdue)",
    ]
    items = json.loads(koop("due", "--json", cwd=imported, today=TODAY).stdout)["items"]
    assert [i["key"] for i in items] == [f"triage:person-{i:02d}" for i in range(1, CARDS + 1)]

    listed = koop("triage", cwd=imported, today=TODAY)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0] == "person-01  2026-11-01  Person 01: Person 01 <p1@example.test>"
    assert listed.stdout.splitlines()[-1] == (
        "12 imported partners to sort: koop triage PARTNER... --stage S (or --cadence DAYS, --archive); --all for "
        "every one")
    assert len(json.loads(koop("triage", "--json", cwd=imported, today=TODAY).stdout)) == CARDS

    sort = koop("triage", "person-01", "person-02", "--stage", "active", "--cadence", "14", cwd=imported, today=TODAY)
    assert (sort.returncode, sort.stderr) == (0, "")
    assert sort.stdout == "Sorted 2 imported partners: stage active, cadence 14 (Person 01, Person 02)\n"
    first = data(imported, "person-01")
    assert (first["stage"], first["cadence"], str(first["imported"])) == ("active", 14, IMPORT_DAY)
    assert log(imported)[0] == "Sort 2 imported partners: stage active, cadence 14"
    prospects = koop("triage", "person-03", "--cadence", "60", cwd=imported, today=TODAY)
    assert prospects.stdout == "Sorted 1 imported partner: stage prospect, cadence 60 (Person 03)\n"

    due = koop("due", cwd=imported, today=TODAY).stdout.splitlines()
    assert due[0] == "overdue   22 d late  9 imported partners to sort: give them a stage or archive them"
    assert due[2:4] == [  # 22 days since the import of a 14-day cadence: not "never contacted" since forever
        "overdue    8 d late  Reach out to Person 01",
        "  never contacted since the import 22 d ago; cadence 14 d from partner; ratio 1.57 → overdue; "
        "to clear: log a touch (x) or koop log person-01/person KIND",
    ]
    assert "Person 03" not in "\n".join(due)  # 22 of 60 days

    archive = koop("triage", "--all", "--archive", cwd=imported, today=TODAY)
    assert archive.stdout == ("Sorted 9 imported partners: archived (not a partner) (Person 04, Person 05, "
                              "Person 06, …)\n")
    assert data(imported, "person-12")["stage"] == "ended"
    assert log(imported)[0] == "Sort 9 imported partners: archived (not a partner)"
    assert "imported partners to sort" not in koop("due", cwd=imported, today=TODAY).stdout
    assert koop("triage", cwd=imported, today=TODAY).stdout == "Nothing to sort: no imported partner waits for a stage.\n"
    assert koop("check", cwd=imported, today=TODAY).returncode == 0


@pytest.mark.parametrize("args,code,message", [
    (("person-01",), 2, "koop: say how to sort them: --stage S, --cadence DAYS or --archive\n"),
    (("--stage", "active"), 2, "koop: name the partners to sort, or --all for every imported one\n"),
    (("nobody", "--stage", "active"), 1, "koop: no partner matches 'nobody'\n"),
    (("person-0", "--stage", "active"), 1, "koop: partner 'person-0' is ambiguous"),
    (("person-01/person", "--stage", "active"), 2,
     "koop: person-01/person: name a partner, not a contact (a stage is the partner's)\n"),
    (("person-01", "--stage", "ended"), 2, "invalid choice: 'ended'"),
    (("person-01", "--stage", "active", "--archive"), 2, "not allowed with argument"),
    (("person-01", "--cadence", "0"), 2, "koop: --cadence: days must be between 1 and 36500, got 0\n"),
    (("person-01", "person-02", "--stage", "active", "--dry-run"), 0, ""),
    # it sorted them and said so in text, with --json ignored
    (("person-01", "--stage", "active", "--json"), 2,
     "koop: --json lists the partners waiting; sorting them says what it did in text\n"),
])
def test_bad_input_and_dry_run_change_nothing(koop, imported, args, code, message):
    before, commits = files(imported), log(imported)
    result = koop("triage", *args, cwd=imported, today=TODAY)
    assert result.returncode == code
    assert message in result.stderr and (code != 0 or result.stderr == "")
    assert "Traceback" not in result.stderr
    assert files(imported) == before and log(imported) == commits
    if code == 0:
        assert result.stdout == ("Would sort 2 imported partners: stage active (Person 01, Person 02); "
                                 "nothing changed\n")


def test_a_sorted_partner_is_refused_and_nothing_is_written(koop, imported):
    assert koop("triage", "person-01", "--stage", "vetting", cwd=imported, today=TODAY).returncode == 0
    before, commits = files(imported), log(imported)
    result = koop("triage", "person-02", "person-01", "--stage", "active", cwd=imported, today=TODAY)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("koop: Person 01 is not waiting to be sorted (stage vetting)\n"
                             "  hint: change a sorted partner with koop set person-01 stage=…\n")
    assert files(imported) == before and log(imported) == commits


def test_one_undo_reverses_the_whole_sort_and_one_redo_makes_it_again(koop, imported):
    before = files(imported)
    sort = koop("triage", "--all", "--stage", "active", cwd=imported, today=TODAY)
    assert sort.returncode == 0, sort.stderr
    after = files(imported)
    undone = koop("undo", cwd=imported, today=TODAY)
    assert (undone.returncode, undone.stdout, undone.stderr) == (
        0, "Undid: sort 12 imported partners: stage active\n", "")
    assert files(imported) == before
    assert log(imported)[0] == "Undo: Sort 12 imported partners: stage active"
    assert git(imported, "show", "--name-only", "--format=", "HEAD").split() == [
        f"partners/person-{i:02d}.toml" for i in range(1, CARDS + 1)]
    redone = koop("redo", cwd=imported, today=TODAY)
    assert (redone.returncode, redone.stdout) == (0, "Redid: sort 12 imported partners: stage active\n")
    assert files(imported) == after
    assert git(imported, "status", "--porcelain") == ""


def test_undo_of_a_sort_is_refused_as_a_whole_when_one_partner_changed_since(koop, imported):
    assert koop("triage", "--all", "--archive", cwd=imported, today=TODAY).returncode == 0
    assert koop("set", "person-07", "stage=active", cwd=imported, today=TODAY).returncode == 0
    assert koop("undo", cwd=imported, today=TODAY).returncode == 0  # the set: the sort is next
    path = imported / "partners" / "person-07.toml"
    path.write_text(path.read_text().replace('stage = "ended"', 'stage = "dormant"'))  # by hand, since
    before = files(imported)
    refused = koop("undo", cwd=imported, today=TODAY)
    assert refused.returncode == 1
    assert refused.stderr == ("koop: cannot undo 'Sort 12 imported partners: archived (not a partner)': stage of "
                              "Person 07 was changed since (nothing of its 12 partner files was undone)\n"
                              "  hint: a later change touched it; change it back by hand (koop set, the app)\n")
    assert files(imported) == before
