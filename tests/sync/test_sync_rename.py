"""A partner renamed on one clone while a teammate edits it on the other (the reliability scenario C22): the
partner is one after the merge, under its new name, with both sides' changes. git follows a rename while the
file stays mostly alike; renamed and much edited, git sees a deletion and a new file, and koop follows the
rename by the records the two files share (their ids are random)."""

from __future__ import annotations

import subprocess

import pytest

from gitteam import append_touch, commit_all, git, koop, read, set_line, touch_ids


def sync_all(team, clone) -> subprocess.CompletedProcess:
    res = team.sync(clone)
    assert res.returncode == 0, res.stderr
    return res


def rename_acme(clone, much: bool) -> None:
    """`git mv` acme.toml to acme-gmbh.toml with its slug and name; `much`: also add enough to it that git no
    longer sees a rename."""
    git(clone, "mv", "partners/acme.toml", "partners/acme-gmbh.toml")
    path = clone / "partners/acme-gmbh.toml"
    set_line(path, 'slug = "acme"', 'slug = "acme-gmbh"')
    set_line(path, 'name = "Acme"', 'name = "Acme GmbH"')
    if much:
        path.write_text(path.read_text(encoding="utf-8") + "".join(
            f'\n[[contacts]]\nid = "person{i}"\nname = "Person {i} with a longer name"\nrole = "Role {i}"\n'
            for i in range(8)), encoding="utf-8")
    commit_all(clone, "Rename Acme to Acme GmbH")


@pytest.mark.parametrize("much", [False, True], ids=["git sees the rename", "git sees a deletion"])
@pytest.mark.parametrize("renamer", ["a", "b"], ids=["renamed there", "renamed here"])
def test_a_partner_renamed_on_one_side_and_edited_on_the_other_is_one_partner(team, much, renamer):
    renaming, editing = (team.a, team.b) if renamer == "a" else (team.b, team.a)
    rename_acme(renaming, much)
    append_touch(editing / "partners/acme.toml", "bb22", "2026-11-21", by="tom", note="Lunch")
    set_line(editing / "partners/acme.toml", 'phone = "+49 30 0"', 'phone = "+49 30 9"')
    commit_all(editing, "Log lunch with Acme")
    first, second = (renaming, editing) if renamer == "a" else (editing, renaming)
    sync_all(team, first)
    res = sync_all(team, second)
    sync_all(team, first)
    for clone in (team.a, team.b):
        assert sorted(p.name for p in (clone / "partners").iterdir()) == ["acme-gmbh.toml", "muster-gmbh.toml",
                                                                          "nord-design.toml"]
        data = read(clone / "partners/acme-gmbh.toml")
        assert (data["slug"], data["name"]) == ("acme-gmbh", "Acme GmbH")
        assert touch_ids(clone / "partners/acme-gmbh.toml") == ["t0a1", "bb22"]
        assert data["contacts"][0]["phone"] == "+49 30 9" and len(data["contacts"]) == (9 if much else 1)
        assert "conflicts" not in data
        check = koop(clone, "check")
        assert check.returncode == 0 and check.stdout == "ok: 3 partners, no problems\n"
    assert team.files(team.a) == team.files(team.b)
    if much:
        assert ("followed: partners/acme.toml was renamed to partners/acme-gmbh.toml on one side and edited on the "
                "other; the edits are in partners/acme-gmbh.toml") in res.stdout
    if renamer == "a":  # the editor's sync brings the rename in: said as one, not a removed and a new partner
        assert "1 renamed partner (Acme → Acme GmbH)" in res.stdout and "new partner" not in res.stdout


def test_a_new_file_sharing_no_record_is_not_taken_for_a_rename(team):
    """Nord Design deleted on a, edited on b, and a new partner added on a: nothing ties them, so the edited
    file is kept as before."""
    (team.a / "partners/nord-design.toml").unlink()
    (team.a / "partners/nord-design-gmbh.toml").write_text('name = "Nord Design GmbH"\nslug = "nord-design-gmbh"\n')
    commit_all(team.a, "Remove Nord Design, add Nord Design GmbH")
    append_touch(team.b / "partners/nord-design.toml", "bb22", "2026-11-21", by="tom")
    commit_all(team.b, "Log call")
    sync_all(team, team.a)
    res = sync_all(team, team.b)
    assert "kept: partners/nord-design.toml" in res.stdout and "followed" not in res.stdout
    assert touch_ids(team.b / "partners/nord-design.toml") == ["bb22"]
    assert "touchpoints" not in read(team.b / "partners/nord-design-gmbh.toml")
