"""Writing safely: external edits survive, newline style and mode stay, crashes leave the old bytes."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date

import pytest

from koop_tui.errors import ConflictError, KoopError
from koop_tui.model import FollowUp, Touchpoint
from koop_tui.store import Store, load_workspace
from koop_tui.store import files

ACME = """\
# Acme: our best partner
name = "Acme"  # legal name
slug = "acme"
stage = "active"

[[contacts]]
id = "jana"
name = "Jana Weber"
phone = "+49 30 1"   # office

[[contacts]]
id = "tom"
name = "Tom"

# calls
[[touchpoints]]
id = "a81f"
date = 2026-11-02
kind = "call"
contacts = ["jana"]

# what we promised
[[followups]]
id = "b12c"
due = 2026-11-30
text = "Send offer"
"""


def _touch(**kw) -> Touchpoint:
    return Touchpoint(**({"id": "", "date": date(2026, 11, 20), "kind": "mail", "direction": "", "contacts": ["jana"]} | kw))


@pytest.fixture
def acme(ws):
    path = ws / "partners" / "acme.toml"
    path.write_text(ACME)
    return path


def test_log_touch_inserts_one_block_after_the_last_touchpoint(ws, acme):
    messages = []
    store = Store(ws, on_change=lambda paths, message: messages.append((paths, message)))
    touch = store.log_touch("acme", _touch(id="c0ffee", note="Sent the deck"))
    assert acme.read_text() == ACME.replace(
        'contacts = ["jana"]\n\n# what',
        'contacts = ["jana"]\n\n[[touchpoints]]\nid = "c0ffee"\ndate = 2026-11-20\nkind = "mail"\n'
        'contacts = ["jana"]\nnote = "Sent the deck"\n\n# what',
    )
    assert touch.direction == "mutual"
    assert messages == [([store.path_of("acme")], "Log mail with Jana Weber (Acme)")]
    assert load_workspace(ws).partners["acme"] == store.workspace.partners["acme"]


def test_ids_are_assigned_unique_and_short(ws, acme):
    store = Store(ws)
    ids = {store.log_touch("acme", _touch()).id for _ in range(20)}
    assert len(ids) == 20 and all(len(i) == 6 and i.isalnum() and i.islower() or i.isdigit() for i in ids)


def test_field_edit_keeps_comments_and_layout(ws, acme):
    store = Store(ws)
    store.set_fields("acme", "jana", {"phone": "+49 30 2", "role": "CEO"})
    store.set_fields("acme", None, {"stage": "dormant", "tags": ["seo", "print"]})
    assert acme.read_text() == ACME.replace('phone = "+49 30 1"   # office', 'phone = "+49 30 2"   # office\nrole = "CEO"').replace(
        'stage = "active"', 'stage = "dormant"\ntags = ["seo", "print"]')


def test_external_edit_between_load_and_save_survives(ws, acme):
    store = Store(ws)
    before = os.stat(acme)
    edited = ACME.replace('name = "Tom"', 'name = "Tim"')
    assert len(edited) == len(ACME)
    acme.write_text(edited)
    os.utime(acme, ns=(before.st_atime_ns, before.st_mtime_ns))
    store.log_touch("acme", _touch(id="c0ffee"))
    text = acme.read_text()
    assert 'name = "Tim"' in text and 'id = "c0ffee"' in text
    assert store.workspace.partners["acme"].contact("tom").name == "Tim"


def test_field_changed_on_disk_is_a_conflict_not_an_overwrite(ws, acme):
    store = Store(ws)
    acme.write_text(ACME.replace('"+49 30 1"', '"+49 30 9"'))
    with pytest.raises(ConflictError, match=r"phone of Jana .*\(Acme\) changed on disk"):
        store.set_fields("acme", "jana", {"phone": "+49 30 2"})
    assert '"+49 30 9"' in acme.read_text()


def test_crlf_bom_and_mode_are_kept(ws, acme):
    acme.write_bytes(b"\xef\xbb\xbf" + ACME.replace("\n", "\r\n").encode())
    os.chmod(acme, 0o640)
    store = Store(ws)
    store.set_fields("acme", "jana", {"email": "jana@acme.example"})
    store.add_followup("acme", FollowUp(id="d4e5", due=date(2026, 12, 1), text="Call back"))
    data = acme.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") == ACME.count("\n") + 1 + 5
    assert stat.S_IMODE(os.stat(acme).st_mode) == 0o640


def test_crash_before_replace_leaves_old_bytes(ws, acme, monkeypatch):
    store = Store(ws)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(KoopError, match="could not save partners/acme.toml: No space left on device"):
        store.log_touch("acme", _touch())
    assert acme.read_text() == ACME
    assert sorted(os.listdir(acme.parent)) == ["acme.toml", "ok.toml"]


def test_fsync_file_before_replace_then_directory(ws, acme, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append(("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file"))
        real_fsync(fd)

    def replace(src, dst):
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    Store(ws).log_touch("acme", _touch())
    assert calls == ["fsync-file", "replace", "fsync-dir"]


def test_leftover_temp_files_are_ignored_then_cleaned(ws, acme):
    stale = ws / "partners" / ".koop-tmp-dead"
    stale.write_text("half a fi")
    os.utime(stale, (1, 1))
    fresh = ws / "partners" / ".koop-tmp-busy"
    fresh.write_text("in progress")
    workspace = load_workspace(ws)
    assert workspace.problems == [] and sorted(workspace.partners) == ["acme", "ok"]
    assert not stale.exists() and fresh.exists()


def test_new_partner_slugs_collide_safely(ws):
    store = Store(ws)
    first = store.new_partner("ACME GmbH", stage="active")
    second = store.new_partner("Acme-GmbH")
    assert (first.slug, second.slug) == ("acme-gmbh", "acme-gmbh-2")
    assert (ws / "partners" / "acme-gmbh.toml").read_text() == 'name = "ACME GmbH"\nslug = "acme-gmbh"\nstage = "active"\n'
    with pytest.raises(KoopError, match="exists already"):
        store.new_partner("acme gmbh")
    with pytest.raises(KoopError, match="unknown stage 'activ'"):
        store.new_partner("Beta", stage="activ")
    assert not (ws / "partners" / "beta.toml").exists()


def test_exclusive_create_never_replaces(ws):
    path = ws / "partners" / "ok.toml"
    with pytest.raises(FileExistsError):
        files.atomic_write(path, b"x", exclusive=True)
    assert path.read_text() == 'name = "Ok"\nslug = "ok"\n'


def test_writes_never_go_through_a_symlink(ws, tmp_path):
    target = tmp_path / "target.toml"
    target.write_text('name = "T"\nslug = "link"\n')
    os.symlink(target, ws / "partners" / "link.toml")
    with pytest.raises(files.NotRegular):
        files.atomic_write(ws / "partners" / "link.toml", b"x")
    assert target.read_text() == 'name = "T"\nslug = "link"\n'


def test_refresh_rereads_only_changed_files(ws, acme):
    store = Store(ws)
    assert store.refresh() == set()
    acme.write_text(ACME.replace('stage = "active"', 'stage = "dormant"'))
    (ws / "partners" / "new.toml").write_text('name = "New"\nslug = "new"\n')
    assert store.refresh() == {"acme", "new"}
    assert store.workspace.partners["acme"].stage == "dormant"
    (ws / "partners" / "new.toml").unlink()
    assert store.refresh() == {"new"} and "new" not in store.workspace.partners


def test_complete_followup_snooze_and_contact_left(ws, acme):
    store = Store(ws)
    store.complete_followup("acme", "b12c", date(2026, 11, 21))
    store.snooze("acme", "tom", date(2026, 12, 24))
    store.set_fields("acme", "jana", {"left": date(2026, 11, 1), "successor": "tom"})
    partner = load_workspace(ws).partners["acme"]
    assert partner.followups[0].done == date(2026, 11, 21)
    assert partner.contact("tom").snoozed_until == date(2026, 12, 24)
    assert (partner.contact("jana").left, partner.contact("jana").successor) == (date(2026, 11, 1), "tom")
    with pytest.raises(KoopError, match="already done"):
        store.complete_followup("acme", "b12c", date(2026, 11, 22))
    store.snooze("acme", "tom", None)
    assert "snoozed_until" not in acme.read_text()


def test_invalid_changes_are_refused_with_the_file_untouched(ws, acme):
    store = Store(ws)
    with pytest.raises(KoopError, match="names contact 'jan' who does not exist"):
        store.log_touch("acme", _touch(contacts=["jan"]))
    with pytest.raises(KoopError, match="successor 'bob' who does not exist"):
        store.set_fields("acme", "jana", {"successor": "bob"})
    with pytest.raises(KoopError, match="cannot set 'slug'"):
        store.set_fields("acme", None, {"slug": "x"})
    assert acme.read_text() == ACME


def test_resolve_conflict(ws, acme):
    acme.write_text(ACME + '\n[[conflicts]]\nid = "c9d0"\nfield = "contacts.jana.phone"\nours = "+49 30 1"\ntheirs = "+49 30 2"\n')
    store = Store(ws)
    store.resolve_conflict("acme", "c9d0", "+49 30 2")
    workspace = load_workspace(ws)
    assert workspace.problems == [] and workspace.partners["acme"].contact("jana").phone == "+49 30 2"
    assert "# office" in acme.read_text()


def test_resolve_conflict_refuses_a_path_it_cannot_set(ws, acme):
    text = ACME + '\n[[conflicts]]\nid = "c9d1"\nfield = "vetting.references.ben.said"\nours = "a"\ntheirs = "b"\n'
    acme.write_text(text)
    with pytest.raises(KoopError, match="cannot set vetting.references.ben.said from here"):
        Store(ws).resolve_conflict("acme", "c9d1", "b")
    assert acme.read_text() == text


def test_log_touch_changes_only_its_lines_in_git(ws, acme):
    def git(*args):
        return subprocess.run(["git", *args], cwd=ws, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "init")
    store = Store(ws)
    store.log_touch("acme", _touch())
    assert git("diff", "--numstat") == "6\t0\tpartners/acme.toml\n"
    git("commit", "-qam", "log")
    store.set_fields("acme", "jana", {"phone": "+49 30 5"})
    assert git("diff", "--numstat") == "1\t1\tpartners/acme.toml\n"
    assert (ws / ".git" / "koop.lock").exists()


def test_lock_never_follows_a_planted_symlink(ws, acme, tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=ws, check=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    os.symlink(victim, ws / ".git" / "koop.lock")
    with pytest.raises(KoopError, match="cannot open the lock file"):
        Store(ws).log_touch("acme", _touch())
    assert victim.read_text() == "precious" and acme.read_text() == ACME



YANN = '\n[[contacts]]\nid = "yann"\nname = "Yann Y"\n'


@pytest.mark.parametrize("between, expected", [
    ("# Zoe prefers phone\n\n", "# Zoe prefers phone\n" + YANN + "\n"),  # under her keys: hers
    ("\n# calls since 2026\n", YANN + "\n# calls since 2026\n"),  # above the next header: the header's
    ("# Zoe prefers phone\n\n# calls since 2026\n", "# Zoe prefers phone\n" + YANN + "\n# calls since 2026\n"),
    ("# mobile only\n# calls since 2026\n", YANN + "# mobile only\n# calls since 2026\n"),  # no blank: the header's
])
def test_a_new_record_keeps_comments_where_they_belong(between, expected):
    from koop_tui.store.edit import append_record

    head = 'name = "Hand"\nslug = "hand"\n\n[[contacts]]\nid = "zoe"\nname = "Zoe Z"\n'
    tail = '[[touchpoints]]\nid = "t1aaaa"\ndate = 2026-01-01\nkind = "call"\n'
    assert append_record(head + between + tail, "contacts", {"id": "yann", "name": "Yann Y"}) == head + expected + tail


def test_a_table_written_as_an_inline_array_gets_its_new_record_inside_the_array():
    """`touchpoints = [{...}]` is valid TOML: a [[touchpoints]] block after it would not be."""
    import tomllib

    from koop_tui.store.edit import append_record

    text = ('name = "Inline"  # by hand\nslug = "inline"\ncontacts = [{id = "abby", name = "Abby X"}]\n'
            'touchpoints = [\n  {id = "aaaa1", date = 2026-01-01, kind = "call"},  # first\n]\n')
    got = append_record(text, "touchpoints", {"id": "bbbb2", "date": date(2026, 11, 23), "kind": "mail"})
    got = append_record(got, "contacts", {"id": "bob", "name": "Bob Y"})
    got = append_record(got, "followups", {"id": "cccc3", "due": date(2026, 12, 1), "text": "Send"})
    data = tomllib.loads(got)
    assert [t["id"] for t in data["touchpoints"]] == ["aaaa1", "bbbb2"]
    assert data["contacts"] == [{"id": "abby", "name": "Abby X"}, {"id": "bob", "name": "Bob Y"}]
    assert data["followups"] == [{"id": "cccc3", "due": date(2026, 12, 1), "text": "Send"}]
    assert got.startswith('name = "Inline"  # by hand\nslug = "inline"\n') and "},  # first\n" in got


@pytest.mark.parametrize("gap", [0, 1, 2])
def test_a_new_record_is_set_apart_like_its_neighbour(gap):
    from koop_tui.store.edit import append_record

    sep = "\n" * gap
    head = f'name = "Hand"\nslug = "hand"\n{sep}[[contacts]]\nid = "zoe"\nname = "Zoe Z"\n'
    tail = f'{sep}[[touchpoints]]\nid = "t1aaaa"\ndate = 2026-01-01\nkind = "call"\n'
    yann = '[[contacts]]\nid = "yann"\nname = "Yann Y"\n'
    assert append_record(head + tail, "contacts", {"id": "yann", "name": "Yann Y"}) == head + sep + yann + tail
    assert append_record(head + tail, "contacts", {"id": "yann", "name": "Yann Y"}, before=("contacts", "zoe")) == \
        head.replace("[[contacts]]", yann + sep + "[[contacts]]") + tail
    got = append_record(head + tail, "followups", {"id": "f1", "due": date(2026, 12, 1)})
    assert got == head + tail + sep + '[[followups]]\nid = "f1"\ndue = 2026-12-01\n'
