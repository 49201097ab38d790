"""`koop sync` merges in its own process; the result is the driver's, byte for byte."""

from __future__ import annotations

import shutil
import tomllib

from gitteam import append_touch, commit_all, git, set_line, touch_ids
from koop_tui.sync.driver import register_merge_driver


def tree(clone) -> str:
    return git(clone, "rev-parse", "HEAD^{tree}").stdout.strip()


def test_sync_and_the_driver_agree_byte_for_byte(team):
    a, b = team.a, team.b
    nord_a, nord_b = a / "partners/nord-design.toml", b / "partners/nord-design.toml"
    nord_a.write_bytes(nord_a.read_bytes().replace(b"\n", b"\r\n"))
    commit_all(a, "CRLF")
    git(a, "push", "-q", "origin", "main")
    git(b, "pull", "-q", "--no-rebase")
    # Comments and hand layout that git's line merge keeps (the sides change different lines).
    set_line(a / "partners/muster-gmbh.toml", 'name = "Muster GmbH"', '# Ansprechpartnerin ist Jana\nname = "Muster GmbH"')
    append_touch(b / "partners/muster-gmbh.toml", "bb01", "2026-11-21", by="tom")
    # Both append touchpoints (the line merge conflicts: canonical result), and one field both ways (conflict).
    append_touch(a / "partners/acme.toml", "aa01", "2026-11-20", by="anna")
    append_touch(b / "partners/acme.toml", "bb02", "2026-11-22", by="tom")
    set_line(a / "partners/acme.toml", "+49 30 0", "+49 30 1")
    set_line(b / "partners/acme.toml", "+49 30 0", "+49 30 2")
    # A CRLF file with one change per side, and koop.toml with a comment on one side, a key on the other.
    set_line(nord_a, 'name = "Nord Design"', 'name = "Nord Design AG"')
    append_touch(nord_b, "bb03", "2026-11-23", by="tom")
    (a / "koop.toml").write_text('# Team settings\nname = "Team"\n')
    (b / "koop.toml").write_text('name = "Team"\ndefault_cadence = 45\n')
    assert team.sync(a).returncode == 0
    commit_all(b, "Edits of b")
    twin = team.base / "twin"
    shutil.copytree(b, twin, symlinks=True)
    register_merge_driver(twin)
    git(twin, "fetch", "-q")
    by_driver = git(twin, "merge", "--no-edit", "origin/main", check=False)
    assert by_driver.returncode == 0, by_driver.stderr
    synced = team.sync(b)
    assert synced.returncode == 1  # the phone conflict is left to resolve
    assert "synced: received" in synced.stdout
    assert tree(b) == tree(twin)
    files = team.files(b)
    assert files == team.files(twin)
    assert b"# Ansprechpartnerin ist Jana" in files["partners/muster-gmbh.toml"]
    assert b"[[conflicts]]" in files["partners/acme.toml"]
    assert b'"Nord Design AG"' in files["partners/nord-design.toml"]
    assert b"# Team settings" in files["koop.toml"] and b"default_cadence = 45" in files["koop.toml"]
    assert git(b, "log", "-1", "--format=%s").stdout.startswith("Merge remote-tracking branch 'origin/main'")
    assert git(b, "status", "--porcelain").stdout == ""


def test_a_merge_interrupted_before_its_commit_is_committed_as_the_merge_it_was(team):
    append_touch(team.a / "partners/acme.toml", "aa01", "2026-11-20", by="anna")
    assert team.sync(team.a).returncode == 0
    append_touch(team.b / "partners/acme.toml", "bb02", "2026-11-22", by="tom")
    commit_all(team.b, "Log bb02")
    register_merge_driver(team.b)
    hook = team.b / ".git/hooks/pre-merge-commit"
    hook.write_text("#!/bin/sh\nkill -KILL $PPID\n")  # the merge dies right before its commit
    hook.chmod(0o755)
    git(team.b, "fetch", "-q")
    git(team.b, "merge", "--no-edit", "origin/main", check=False)
    hook.unlink()
    assert not (team.b / ".git/MERGE_HEAD").exists()  # git writes it after the hook: only the index tells
    res = team.sync(team.b)
    assert res.returncode == 0, res.stderr
    assert "committed: Merge remote-tracking branch 'origin/main' (an interrupted merge, concluded)" in res.stdout
    assert "by hand" not in res.stdout
    assert len(git(team.b, "log", "-1", "--format=%P").stdout.split()) == 2
    assert "aa01" in (team.b / "partners/acme.toml").read_text() and "bb02" in (team.b / "partners/acme.toml").read_text()
    assert git(team.b, "status", "--porcelain").stdout == ""


def test_a_team_that_pulls_with_rebase_gets_the_same_record_level_result(team):
    acme_a, acme_b = team.a / "partners/acme.toml", team.b / "partners/acme.toml"
    append_touch(acme_a, "aa01", "2026-11-20", by="anna")
    set_line(acme_a, 'stage = "active"', 'stage = "dormant"')
    assert team.sync(team.a).returncode == 0
    append_touch(acme_b, "bb02", "2026-11-21", by="tom")
    set_line(acme_b, "+49 30 0", "+49 30 5")
    commit_all(team.b, "Log bb02, new phone")
    twin = team.base / "twin"
    shutil.copytree(team.b, twin, symlinks=True)
    register_merge_driver(twin)
    git(twin, "config", "pull.rebase", "true")
    rebased = git(twin, "pull", "-q", check=False)
    assert rebased.returncode == 0, rebased.stderr
    assert len(git(twin, "log", "-1", "--format=%P").stdout.split()) == 1  # rebased, not merged
    git(team.b, "config", "pull.rebase", "true")  # koop sync merges all the same
    assert team.sync(team.b).returncode == 0
    by_rebase, by_sync = (tomllib.loads((c / "partners/acme.toml").read_text()) for c in (twin, team.b))
    assert by_rebase == by_sync
    assert [t["id"] for t in by_sync["touchpoints"]] == ["t0a1", "aa01", "bb02"]
    assert by_sync["stage"] == "dormant" and by_sync["contacts"][0]["phone"] == "+49 30 5"


def test_the_summary_names_what_changed_per_partner_and_no_terminal_escapes(team):
    for slug in ("acme", "muster-gmbh", "nord-design"):
        append_touch(team.a / f"partners/{slug}.toml", f"a-{slug}", "2026-11-20", by="ben")
    set_line(team.a / "partners/muster-gmbh.toml", 'stage = "vetting"', 'stage = "active"')
    set_line(team.a / "partners/nord-design.toml", 'name = "Nord Design"', 'name = "Nord \\u001b[2J Design"')
    assert team.sync(team.a).returncode == 0
    set_line(team.b / "partners/muster-gmbh.toml", 'stage = "vetting"', 'stage = "dormant"')
    res = team.sync(team.b)
    assert res.returncode == 1
    assert "3 partners changed: 3 with new touchpoints from ben, 1 conflict in Muster GmbH (stage)" in res.stdout
    assert "\x1b" not in res.stdout + res.stderr


def _both_sides_changed(team):
    append_touch(team.a / "partners/acme.toml", "aa01", "2026-11-20", by="anna")
    assert team.sync(team.a).returncode == 0
    append_touch(team.b / "partners/acme.toml", "bb02", "2026-11-22", by="tom")
    commit_all(team.b, "Log bb02")


def test_the_attribute_block_git_merges_under_is_gone_after_the_sync_and_the_own_lines_stay(team):
    _both_sides_changed(team)
    own = team.b / ".git/info/attributes"
    own.write_text("*.png binary\n")
    res = team.sync(team.b)
    assert res.returncode == 0, res.stderr
    assert own.read_text() == "*.png binary\n"
    assert touch_ids(team.b / "partners/acme.toml") == ["t0a1", "aa01", "bb02"]


def test_a_sync_killed_while_git_merged_is_concluded_by_the_next_one(team):
    from koop_tui.sync import batch

    _both_sides_changed(team)
    git(team.b, "fetch", "-q")
    ours, theirs = (git(team.b, "rev-parse", r).stdout.strip() for r in ("HEAD", "origin/main"))
    register_merge_driver(team.b)
    dying = batch.keeping_ours(team.b, batch.to_merge(team.b, ours, theirs))
    dying.__enter__()  # never left: the process died in `git merge`
    assert git(team.b, "merge", "--no-edit", "--no-commit", "origin/main", check=False).returncode == 1
    assert git(team.b, "ls-files", "-u").stdout  # git left acme.toml to the sync that died
    res = team.sync(team.b)
    assert res.returncode == 0, res.stderr
    assert "(an interrupted merge, concluded)" in res.stdout
    assert not (team.b / ".git/info/attributes").exists()
    assert touch_ids(team.b / "partners/acme.toml") == ["t0a1", "aa01", "bb02"]
    assert git(team.b, "status", "--porcelain").stdout == ""
    del dying


def test_a_branch_named_with_capitals_finds_its_upstream(team):
    from koop_tui.sync.remote import find_remote

    git(team.b, "switch", "-q", "-c", "Team-Nord")
    git(team.b, "push", "-q", "-u", "origin", "Team-Nord")
    remote = find_remote(team.b)
    assert (remote.name, remote.branch, remote.configured) == ("origin", "Team-Nord", True)
    append_touch(team.b / "partners/acme.toml", "bb02", "2026-11-22", by="tom")
    res = team.sync(team.b)
    assert res.returncode == 0, res.stderr
    assert git(team.b, "rev-parse", "origin/Team-Nord").stdout == git(team.b, "rev-parse", "HEAD").stdout


def test_a_file_that_cannot_be_merged_by_record_gets_the_drivers_conflict_markers(team):
    acme_a, acme_b = team.a / "partners/acme.toml", team.b / "partners/acme.toml"
    acme_a.write_text(acme_a.read_text() + 'broken = "\n')  # pushed with plain git: not valid TOML
    commit_all(team.a, "Broken by hand")
    git(team.a, "push", "-q", "origin", "main")
    append_touch(acme_b, "bb02", "2026-11-22", by="tom")
    commit_all(team.b, "Log bb02")
    twin = team.base / "twin"
    shutil.copytree(team.b, twin, symlinks=True)
    register_merge_driver(twin)
    git(twin, "fetch", "-q")
    assert git(twin, "merge", "--no-edit", "origin/main", check=False).returncode == 1
    res = team.sync(team.b)
    assert res.returncode == 1
    assert "merge stopped with conflicts koop could not resolve in: partners/acme.toml" in res.stderr
    assert acme_b.read_bytes() == (twin / "partners/acme.toml").read_bytes()
    assert b"<<<<<<< ours:partners/acme.toml" in acme_b.read_bytes()
    assert git(team.b, "ls-files", "-u", "partners/acme.toml").stdout  # left for the person to resolve


def test_progress_counts_the_files_merged_and_a_terminal_sees_it_past_a_few(team, monkeypatch, capsys):
    import sys

    from koop_tui.cli.sync import _progress
    from koop_tui.sync import run_sync

    _both_sides_changed(team)
    seen = []
    result = run_sync(team.b, progress=lambda done, total: seen.append((done, total)))
    assert result.ok and result.merged == 1 and seen == [(1, 1)]
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = _progress()
    show(1, 3)  # a few files: no progress line
    show(30, 40)
    show(40, 40)
    assert capsys.readouterr().err == ("\rmerging 30 of 40 files changed on both sides"
                                       "\rmerging 40 of 40 files changed on both sides\n")
