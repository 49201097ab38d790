"""`koop merge-driver` as git calls it: result in %A, exit 0 clean, exit 1 with markers when it cannot merge."""

from __future__ import annotations

import argparse
import tomllib

from gitteam import git, koop, partner_text

from koop_tui.cli import merge_driver

BASE = partner_text("acme", "Acme", stage="active")


def _files(tmp_path, base: str, ours: str, theirs: str):
    paths = []
    for name, text in (("O", base), ("A", ours), ("B", theirs)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _run(paths, where="partners/acme.toml") -> int:
    args = argparse.Namespace(base=str(paths[0]), ours=str(paths[1]), theirs=str(paths[2]), path=where)
    return merge_driver.run(args)


def test_driver_writes_the_merge_into_ours_and_exits_0_even_with_conflict_records(tmp_path, capsys):
    paths = _files(tmp_path, BASE, BASE.replace('"active"', '"dormant"'), BASE.replace('"active"', '"ended"'))
    assert _run(paths) == 0
    data = tomllib.loads(paths[1].read_text())
    assert data["stage"] == "dormant" and data["conflicts"][0]["theirs"] == "ended"
    assert "partners/acme.toml: 1 conflict recorded (stage)" in capsys.readouterr().err


def test_unparseable_side_leaves_conflict_markers_and_exits_1(tmp_path, capsys):
    paths = _files(tmp_path, BASE, BASE.replace('"active"', '"dormant"'), BASE.replace('stage = "active"', "stage ="))
    assert _run(paths) == 1
    text = paths[1].read_text()
    assert "<<<<<<< ours:partners/acme.toml" in text and ">>>>>>> theirs:partners/acme.toml" in text
    assert "cannot merge by record (theirs: not valid TOML" in capsys.readouterr().err


def test_an_internal_error_ends_as_a_normal_conflict_never_a_partial_file(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(merge_driver, "merge_file", boom)
    ours = BASE.replace('"active"', '"dormant"')
    paths = _files(tmp_path, BASE, ours, BASE.replace('name = "Acme"', 'name = "Acme AG"'))
    assert _run(paths) == 1
    assert paths[1].read_text().startswith('name = "Acme AG"\nslug = "acme"\nstage = "dormant"')


def test_driver_through_the_cli_entry_point(tmp_path):
    paths = _files(tmp_path, BASE, BASE.replace('"active"', '"dormant"'), BASE.replace('"Acme"', '"Acme AG"'))
    res = koop(tmp_path, "merge-driver", *map(str, paths), "partners/acme.toml")
    assert res.returncode == 0, res.stderr
    assert paths[1].read_text() == partner_text("acme", "Acme AG", stage="dormant")


def test_a_missing_side_is_named_and_nothing_is_written(tmp_path):
    paths = _files(tmp_path, BASE, BASE, BASE)
    paths[2].unlink()
    res = koop(tmp_path, "merge-driver", *map(str, paths), "partners/acme.toml")
    assert (res.returncode, res.stdout) == (2, "")
    assert res.stderr == f"koop: {paths[2]}: no such file; git gives the merge driver three files (%O %A %B)\n"
    assert paths[1].read_text() == BASE


def test_git_without_koop_falls_back_to_markers_with_koop_merges(team):
    """The same concurrent append: a plain text conflict without the driver, a clean merge with it."""
    for clone, tid in ((team.a, "aa11"), (team.b, "bb22")):
        path = clone / "partners/acme.toml"
        path.write_text(path.read_text() + f'\n[[touchpoints]]\nid = "{tid}"\ndate = 2026-11-20\nkind = "call"\n')
        git(clone, "commit", "-qam", f"Log {tid}")
    git(team.a, "push", "-q")
    git(team.b, "fetch", "-q")
    assert git(team.b, "merge", "--no-edit", "origin/main", check=False).returncode == 1
    git(team.b, "merge", "--abort")
    from koop_tui.sync import register_merge_driver

    register_merge_driver(team.b)
    assert git(team.b, "merge", "--no-edit", "origin/main", check=False).returncode == 0
    data = tomllib.loads((team.b / "partners/acme.toml").read_text())
    assert [t["id"] for t in data["touchpoints"]] == ["t0a1", "aa11", "bb22"]


def test_the_registered_command_runs_the_driver_module_directly(tmp_path):
    paths = _files(tmp_path, BASE, BASE.replace('"active"', '"dormant"'), BASE.replace('"Acme"', '"Acme AG"'))
    import subprocess

    from koop_tui.sync.driver import driver_command

    command = driver_command().replace("%O", str(paths[0])).replace("%A", str(paths[1])) \
        .replace("%B", str(paths[2])).replace("%P", "partners/acme.toml")
    res = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert paths[1].read_text() == partner_text("acme", "Acme AG", stage="dormant")


COMMENTED = BASE.replace('stage = "active"', '# stage since the 2024 kick-off\nstage = "active"') + (
    '\n# Jana prefers calls\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\n'
    '\n[[touchpoints]]\nid = "t001"\ndate = 2026-01-05\nkind = "call"\n'
)


def test_changes_on_different_lines_keep_comments_and_layout(tmp_path):
    ours = COMMENTED.replace('stage = "active"', 'stage = "dormant"')
    theirs = COMMENTED + '\n[[touchpoints]]\nid = "t002"\ndate = 2026-02-01\nkind = "mail"\n'
    paths = _files(tmp_path, COMMENTED, ours, theirs)
    assert _run(paths) == 0
    text = paths[1].read_text()
    assert "# stage since the 2024 kick-off" in text and "# Jana prefers calls" in text
    data = tomllib.loads(text)
    assert data["stage"] == "dormant" and [t["id"] for t in data["touchpoints"]] == ["t001", "t002"]


def test_a_clean_line_merge_that_means_something_else_is_not_taken(tmp_path):
    ours = COMMENTED.replace('\n# Jana prefers calls\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\n', "")
    ours = ours.replace('stage = "active"', 'stage = "dormant"')
    theirs = COMMENTED + '\n[[touchpoints]]\nid = "t002"\ndate = 2026-02-01\nkind = "mail"\ncontacts = ["jana"]\n'
    paths = _files(tmp_path, COMMENTED, ours, theirs)
    assert _run(paths) == 0
    data = tomllib.loads(paths[1].read_text())
    # git alone would drop the contact the new touchpoint names; the record merge keeps it (canonical text)
    assert [c["id"] for c in data["contacts"]] == ["jana"] and data["touchpoints"][-1]["contacts"] == ["jana"]
    assert data["stage"] == "dormant"


def test_koop_toml_keeps_its_comments_when_both_sides_change_it(tmp_path):
    from koop_tui.settings import default_settings_text

    base = default_settings_text()
    assert "#" in base
    ours = base.replace('name = "', 'name = "Team ', 1)
    theirs = base + "\n[[campaigns]]\nid = \"easter\"\nname = \"Easter\"\nmonth = 4\nday = 1\nkinds = [\"gift\"]\n"
    paths = _files(tmp_path, base, ours, theirs)
    assert _run(paths, "koop.toml") == 0
    text = paths[1].read_text()
    assert text.count("#") == base.count("#") and 'name = "Team ' in text and 'id = "easter"' in text
