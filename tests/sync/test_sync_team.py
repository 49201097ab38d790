"""Two clones and a bare remote: what `koop sync` does when two people work on one workspace."""

from __future__ import annotations

import socket

from gitteam import append_touch, commit_all, git, koop, read, set_line, touch_ids


def sync_all(team, *clones):
    for clone in clones:
        res = team.sync(clone)
        assert res.returncode == 0, res.stdout + res.stderr
    return res


def test_touchpoints_and_different_fields_from_both_clones_end_identical(team):
    acme_a, acme_b = team.a / "partners/acme.toml", team.b / "partners/acme.toml"
    append_touch(acme_a, "aa11", "2026-11-20", by="anna")
    set_line(acme_a, 'stage = "active"', 'stage = "dormant"')
    append_touch(acme_b, "bb22", "2026-11-21", by="tom")
    append_touch(acme_b, "bb33", "2026-11-22", by="tom")
    set_line(acme_b, '+49 30 0', '+49 30 5')
    first = team.sync(team.a)
    assert first.returncode == 0, first.stderr
    assert "committed: Update 1 partner file by hand: acme" in first.stdout
    second = sync_all(team, team.b)
    assert "received 1 touchpoint from anna, 1 changed partner" in second.stdout
    third = sync_all(team, team.a)
    assert "received 2 touchpoints from tom, 1 changed partner" in third.stdout
    assert team.files(team.a) == team.files(team.b)
    data = read(acme_a)
    assert [t["id"] for t in data["touchpoints"]] == ["t0a1", "aa11", "bb22", "bb33"]
    assert data["stage"] == "dormant" and data["contacts"][0]["phone"] == "+49 30 5"
    assert "conflicts" not in data
    assert git(team.a, "status", "--porcelain").stdout == ""


def test_same_field_changed_on_both_clones_gives_exactly_one_conflict_record(team):
    set_line(team.a / "partners/acme.toml", '+49 30 0', '+49 30 1')
    set_line(team.b / "partners/acme.toml", '+49 30 0', '+49 30 2')
    sync_all(team, team.a)
    res = team.sync(team.b)
    assert res.returncode == 1  # synced, but a conflict is left to resolve: scripts notice
    assert "new conflicts: acme: contacts.jana.phone" in res.stdout
    assert "1 file with conflicts to resolve: partners/acme.toml" in res.stderr
    assert team.sync(team.a).returncode == 1
    assert team.files(team.a) == team.files(team.b)
    data = read(team.a / "partners/acme.toml")
    assert data["contacts"][0]["phone"] == "+49 30 2"  # b merged, so b's value stays in place
    assert [(c["field"], c["ours"], c["theirs"], c["base"]) for c in data["conflicts"]] == [
        ("contacts.jana.phone", "+49 30 2", "+49 30 1", "+49 30 0")]
    check = koop(team.a, "check")
    assert check.returncode == 1
    assert "unresolved merge conflict on contacts.jana.phone" in check.stdout + check.stderr


def test_partner_deleted_on_one_clone_and_edited_on_the_other_is_kept(team):
    (team.a / "partners/nord-design.toml").unlink()
    commit_all(team.a, "Remove Nord Design")
    append_touch(team.b / "partners/nord-design.toml", "bb22", "2026-11-21", by="tom")
    sync_all(team, team.a)
    res = sync_all(team, team.b)
    assert "kept: partners/nord-design.toml" in res.stdout
    sync_all(team, team.a)
    assert touch_ids(team.a / "partners/nord-design.toml") == ["bb22"]
    assert team.files(team.a) == team.files(team.b)


def test_push_rejected_because_the_remote_moved_meanwhile_is_fetched_merged_and_pushed(team, tmp_path):
    c = team.clone("c")
    append_touch(c / "partners/muster-gmbh.toml", "cc11", "2026-11-19", by="carla")
    commit_all(c, "Log call")
    hook = team.b / ".git/hooks/pre-push"
    hook.write_text(
        "#!/bin/sh\n"
        f"[ -e '{tmp_path}/raced' ] && exit 0\n"
        f"touch '{tmp_path}/raced'\n"
        f"env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C '{c}' push -q origin HEAD:main >&2\n"
    )
    hook.chmod(0o755)
    append_touch(team.b / "partners/acme.toml", "bb22", "2026-11-21", by="tom")
    res = sync_all(team, team.b)
    assert (tmp_path / "raced").exists()
    assert "received 1 touchpoint from carla" in res.stdout
    assert git(team.b, "status", "-sb").stdout.startswith("## main...origin/main\n")
    sync_all(team, team.a)
    assert touch_ids(team.a / "partners/muster-gmbh.toml") == ["cc11"]
    assert touch_ids(team.a / "partners/acme.toml") == ["t0a1", "bb22"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_remotes_stop_with_a_message_and_keep_local_commits(team, tmp_path):
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    for url, words in ((str(tmp_path / "gone.git"), "does not exist"),
                       (f"http://127.0.0.1:{_closed_port()}/x.git", "cannot reach the remote 'origin'")):
        git(team.a, "remote", "set-url", "origin", url)
        res = team.sync(team.a)
        assert res.returncode == 1
        assert words in res.stderr and "committed locally" in res.stderr
        assert "Traceback" not in res.stderr
    assert git(team.a, "log", "-1", "--format=%s").stdout.strip() == "Update 1 partner file by hand: acme"
    assert git(team.a, "status", "--porcelain").stdout == ""


def test_no_remote_is_explained(tmp_path):
    ws = tmp_path / "solo"
    ws.mkdir()
    git(ws, "init", "-q", "-b", "main")
    (ws / "koop.toml").write_text('name = "Solo"\n')
    res = koop(ws, "sync")
    assert res.returncode == 1
    assert "no remote to sync with" in res.stderr and "git remote add origin" in res.stderr
    assert git(ws, "log", "--format=%s").stdout.strip() == "Update .gitattributes and koop.toml by hand"


def test_mass_deletion_is_refused_and_nothing_is_committed(team):
    for path in (team.a / "partners").iterdir():
        path.unlink()
    head = git(team.a, "rev-parse", "HEAD").stdout
    res = team.sync(team.a)
    assert res.returncode == 1
    assert "refusing to sync: 3 of 3 partner files are deleted" in res.stderr
    assert git(team.a, "rev-parse", "HEAD").stdout == head
    assert list((team.a / "partners").iterdir()) == []


def test_incoming_mass_deletion_is_not_merged(team):
    git(team.a, "rm", "-q", "partners/acme.toml", "partners/muster-gmbh.toml")
    git(team.a, "commit", "-q", "-m", "Delete two partners")
    git(team.a, "push", "-q", "origin", "main")
    head = git(team.b, "rev-parse", "HEAD").stdout
    res = team.sync(team.b)
    assert res.returncode == 1
    assert "refusing to merge: refs/remotes/origin/main deletes 2 of 3 partner files" in res.stderr
    assert git(team.b, "rev-parse", "HEAD").stdout == head
    assert (team.b / "partners/acme.toml").exists()


def test_clone_without_the_driver_gets_markers_and_repair_fixes_them(team):
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20", by="anna")
    sync_all(team, team.a)
    append_touch(team.b / "partners/acme.toml", "bb22", "2026-11-21", by="tom")
    commit_all(team.b, "Log call")
    git(team.b, "fetch", "-q")
    assert git(team.b, "merge", "--no-edit", "origin/main", check=False).returncode == 1
    assert "<<<<<<<" in (team.b / "partners/acme.toml").read_text()
    plain = team.sync(team.b)
    assert plain.returncode == 1 and "koop sync --repair" in plain.stderr
    res = team.sync(team.b, "--repair")
    assert res.returncode == 0, res.stderr
    assert "repaired: partners/acme.toml" in res.stdout
    assert touch_ids(team.b / "partners/acme.toml") == ["t0a1", "aa11", "bb22"]
    assert git(team.b, "status", "--porcelain").stdout == ""
    sync_all(team, team.a)
    assert team.files(team.a) == team.files(team.b)


def test_repair_after_markers_were_staged_remerges_from_merge_head(team):
    append_touch(team.a / "partners/acme.toml", "aa11", "2026-11-20")
    sync_all(team, team.a)
    append_touch(team.b / "partners/acme.toml", "bb22", "2026-11-21")
    commit_all(team.b, "Log call")
    git(team.b, "fetch", "-q")
    git(team.b, "merge", "--no-edit", "origin/main", check=False)
    git(team.b, "add", "partners/acme.toml")  # markers staged by mistake; MERGE_HEAD still there
    res = team.sync(team.b, "--repair")
    assert res.returncode == 0, res.stderr
    assert touch_ids(team.b / "partners/acme.toml") == ["t0a1", "aa11", "bb22"]
    assert "<<<<<<<" not in (team.b / "partners/acme.toml").read_text()


def test_comments_of_both_clones_survive_a_sync_in_partner_files_and_koop_toml(team):
    from koop_tui.settings import default_settings_text

    (team.a / "koop.toml").write_text(default_settings_text().replace('"My cooperations"', '"Team"'))
    sync_all(team, team.a, team.b)
    acme_a, acme_b = team.a / "partners/acme.toml", team.b / "partners/acme.toml"
    set_line(acme_a, 'name = "Acme"', '# Ansprechpartnerin ist Jana, nicht Tom!\nname = "Acme"')
    set_line(acme_a, 'name = "Jana Weber"', 'name = "Jana Weber"\n# seit 2019')
    append_touch(acme_a, "aa11", "2026-11-20", by="anna")
    append_touch(acme_b, "bb22", "2026-11-21", by="tom")
    set_line(team.a / "koop.toml", 'name = "Team"', '# Unser Team, seit 2024 mit Tom\nname = "Team"')
    set_line(team.b / "koop.toml", "default_cadence = 60", "default_cadence = 45")
    sync_all(team, team.a, team.b, team.a)
    assert team.files(team.a) == team.files(team.b)
    text = acme_a.read_text()
    assert text.startswith("# Ansprechpartnerin ist Jana, nicht Tom!\n")
    # b merged a's earlier touchpoint into its file: it stands where the canonical order puts it, by date
    assert "# seit 2019\n" in text and touch_ids(acme_a) == ["t0a1", "aa11", "bb22"]
    assert text.endswith('\n\n[[touchpoints]]\nid = "aa11"\ndate = 2026-11-20\nkind = "call"\nby = "anna"\n\n'
                         '[[touchpoints]]\nid = "bb22"\ndate = 2026-11-21\nkind = "call"\nby = "tom"\n')
    settings = (team.a / "koop.toml").read_text()
    assert "# Unser Team, seit 2024 mit Tom\n" in settings and "default_cadence = 45" in settings
    assert settings.count("#") == default_settings_text().count("#") + 1  # the shipped comments stay too


def test_the_conflict_list_after_a_sync_reads_again_only_the_files_changed_since_the_last_one(team):
    """The list of files with conflicts is kept with the commit it was made for; the next sync reads only
    the files changed since: a listed file nobody touched stays listed unread, a changed one is read."""
    assert team.sync(team.a).returncode == 0
    cache = team.a / ".git/koop-conflicts"
    head, _, _ = cache.read_text(encoding="utf-8").partition("\n")
    cache.write_text(head + "\npartners/muster-gmbh.toml", encoding="utf-8")  # as if it had a conflict
    set_line(team.a / "partners/acme.toml", '+49 30 0', '+49 30 1')
    set_line(team.b / "partners/acme.toml", '+49 30 0', '+49 30 2')
    sync_all(team, team.b)
    res = team.sync(team.a)
    assert res.returncode == 1
    assert "2 files with conflicts to resolve: partners/acme.toml, partners/muster-gmbh.toml" in res.stderr
    (team.a / "partners/muster-gmbh.toml").write_text(
        (team.a / "partners/muster-gmbh.toml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    res = team.sync(team.a)  # muster-gmbh changed: read again, and it has no conflict
    assert "1 file with conflicts to resolve: partners/acme.toml" in res.stderr
    cache.write_text("not a commit\n", encoding="utf-8")
    assert "1 file with conflicts to resolve: partners/acme.toml" in team.sync(team.a).stderr
