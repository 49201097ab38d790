"""One fixture per class of bad input: exact `path:line:col: message`, file untouched, others still load."""

from __future__ import annotations

import os

import pytest

from koop_tui.store import load_workspace, parse_partner_bytes
from koop_tui.settings import default_settings

ACME = "partners/acme.toml"
BAD = {
    "syntax": (b'name = "Acme"\nslug = "acme"\nname = "x"\n', ["partners/acme.toml:3:1: Cannot overwrite a value (duplicate key)"]),
    "statement": (b'name = "Acme"\nslug "acme"\n', ["partners/acme.toml:2:6: Expected '=' after a key in a key/value pair (TOML syntax error)"]),
    "conflict-markers": (
        b'name = "Acme"\nslug = "acme"\n<<<<<<< HEAD\nnote = "a"\n=======\nnote = "b"\n>>>>>>> theirs\n',
        ["partners/acme.toml:3: unresolved merge conflict in partners/acme.toml, lines 3\u20137 (keep the right lines and delete the markers)"],
    ),
    "unknown-key": (
        b'name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana"\nemial = "j@x.de"\n',
        ["partners/acme.toml:7:1: unknown key 'emial' in contact 'jana' (did you mean 'email'?)"],
    ),
    "wrong-type": (
        b'name = "Acme"\nslug = "acme"\ncadence = "30"\n\n[[contacts]]\nid = "jana"\nname = "Jana"\nphone = 123\n',
        ["partners/acme.toml:3:1: cadence must be a number of days (1-36500), got '30'",
         "partners/acme.toml:8:1: contact 'jana': phone must be text, got 123"],
    ),
    "bad-date-literal": (b'name = "Acme"\nslug = "acme"\nsince = 2026-02-30\n', ["partners/acme.toml:3:9: bad date 2026-02-30: day is out of range for month"]),
    "bad-date-string": (
        b'name = "Acme"\nslug = "acme"\n\n[[followups]]\nid = "b12c"\ndue = "2026-02-30"\ntext = "Offer"\n',
        ["partners/acme.toml:6:1: follow-up 'b12c': due is not a valid date: '2026-02-30' (day is out of range for month) (use YYYY-MM-DD)"],
    ),
    "duplicate-id": (
        b'name = "Acme"\nslug = "acme"\n\n[[touchpoints]]\nid = "a81f"\ndate = 2026-01-02\nkind = "call"\n\n'
        b'[[touchpoints]]\nid = "a81f"\ndate = 2026-01-03\nkind = "mail"\n',
        ["partners/acme.toml:10:1: duplicate touchpoint id 'a81f' (first used on line 5)"],
    ),
    "dangling-contact": (
        b'name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana"\n\n[[contacts]]\nid = "tom"\nname = "Tom"\n\n'
        b'[[touchpoints]]\nid = "a81f"\n  contacts = ["jan"]\n  date = 2026-01-02\n  kind = "call"\n',
        ["partners/acme.toml:14:3: touchpoint 'a81f' names contact 'jan' who does not exist (known: jana, tom)"],
    ),
    "dangling-successor": (
        b'name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana"\nleft = 2026-01-01\nsuccessor = "tim"\n',
        ["partners/acme.toml:8:1: contact 'jana' names successor 'tim' who does not exist (known: jana)"],
    ),
    "unknown-stage": (b'name = "Acme"\nslug = "acme"\nstage = "activ"\n',
                      ["partners/acme.toml:3:1: unknown stage 'activ' (known: imported, prospect, vetting, active, dormant, ended) (did you mean 'active'?)"]),
    "unknown-kind": (
        b'name = "Acme"\nslug = "acme"\n\n[[touchpoints]]\nid = "a81f"\ndate = 2026-01-02\nkind = "cal"\n',
        ["partners/acme.toml:7:1: touchpoint 'a81f': unknown kind 'cal' (did you mean 'call'?)"],
    ),
    "latin-1": ('name = "Acme"\nslug = "acme"\nnote = "M\u00fcller"\n'.encode("latin-1"),
                ["partners/acme.toml:3: not valid UTF-8 (byte 0xfc) (save the file as UTF-8)"]),
    "utf-16": ('name = "Acme"\n'.encode("utf-16"),
               ["partners/acme.toml:1: not valid UTF-8 (byte 0xff) (the file looks like UTF-16; save it as UTF-8)"]),
    "empty": (b"", ["partners/acme.toml:1: empty file (restore it from git, or delete it)"]),
    "slug-mismatch": (b'name = "Acme"\nslug = "acme-gmbh"\n',
                      ["partners/acme.toml:2:1: slug 'acme-gmbh' does not match the file name 'acme.toml' (rename the file or change the slug)"]),
    "missing-name": (b'slug = "acme"\n', ["partners/acme.toml:1:1: missing name"]),
    "merge-driver-conflict": (
        b'name = "Acme"\nslug = "acme"\n\n[[conflicts]]\nid = "c9d0"\nfield = "contacts.jana.phone"\nours = "+49 30 1"\ntheirs = "+49 30 2"\n',
        ["partners/acme.toml:4:1: unresolved merge conflict on contacts.jana.phone: ours '+49 30 1', theirs '+49 30 2' "
         "(choose a value in the app, or edit the field and delete this [[conflicts]] entry)"],
    ),
    "record-without-id": (
        b'name = "Acme"\nslug = "acme"\n\n[[touchpoints]]\ndate = 2026-01-02\nkind = "call"\n',
        None,
    ),
    "deep-nesting": (b'name = "Acme"\nslug = "acme"\nx = ' + b"[" * 5000 + b"]" * 5000 + b"\n", None),
}
BROKEN = {"syntax", "statement", "conflict-markers", "bad-date-literal", "latin-1", "utf-16", "empty", "slug-mismatch",
          "missing-name", "deep-nesting"}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_reported_exactly_and_never_touched(ws, case):
    data, expected = BAD[case]
    path = ws / ACME
    path.write_bytes(data)
    before = os.stat(path)
    workspace = load_workspace(ws)
    messages = [str(p) for p in workspace.problems]
    if expected is not None:
        assert messages == expected
    else:
        assert len(messages) == 1 and messages[0].startswith(ACME + ":")
    assert path.read_bytes() == data
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert "ok" in workspace.partners
    assert ("acme" not in workspace.partners) == (case in BROKEN)
    assert workspace.broken == ([ACME] if case in BROKEN else [])


def test_record_without_id_suggests_a_stable_id(ws):
    (ws / ACME).write_bytes(BAD["record-without-id"][0])
    first = [str(p) for p in load_workspace(ws).problems]
    assert first == [str(p) for p in load_workspace(ws).problems]
    assert first[0].startswith("partners/acme.toml:4:1: touchpoint #1 has no id (add id = \"")


def test_bom_is_accepted(ws):
    (ws / ACME).write_bytes(b'\xef\xbb\xbfname = "Acme"\nslug = "acme"\n')
    workspace = load_workspace(ws)
    assert workspace.problems == [] and workspace.partners["acme"].name == "Acme"


def test_symlinks_fifos_and_directories_are_never_opened(ws, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET\n")
    os.symlink(secret, ws / "partners" / "evil.toml")
    os.mkfifo(ws / "partners" / "fifo.toml")
    (ws / "partners" / "dir.toml").mkdir()
    messages = [str(p) for p in load_workspace(ws).problems]
    assert messages == [
        "partners/dir.toml: not a regular file, ignored (partner files must be plain files)",
        "partners/evil.toml: symlink ignored (partner files must be plain files)",
        "partners/fifo.toml: not a regular file, ignored (partner files must be plain files)",
    ]
    assert "TOPSECRET" not in "".join(messages)


def test_editor_droppings_are_ignored_silently(ws):
    for name in (".acme.toml.swp", "acme.toml~", ".#acme.toml", "4913", ".koop-tmp-abc", "acme.toml.orig"):
        (ws / "partners" / name).write_text("garbage = [\n")
    workspace = load_workspace(ws)
    assert workspace.problems == [] and list(workspace.partners) == ["ok"]


def test_oversized_file_is_skipped_before_reading(ws):
    path = ws / ACME
    with open(path, "wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    messages = [str(p) for p in load_workspace(ws).problems]
    assert messages == ["partners/acme.toml: file too large (5.0 MiB; limit 4 MiB), skipped"]


def test_parse_partner_bytes_is_pure():
    partner, problems = parse_partner_bytes(b'name = "A"\nslug = "a"\nstage = "active"\n', "partners/a.toml", default_settings())
    assert problems == [] and partner.stage == "active" and partner.slug == "a"


def test_future_touchpoints_are_kept(ws):
    (ws / ACME).write_text('name = "Acme"\nslug = "acme"\n\n[[touchpoints]]\nid = "a81f"\ndate = 2099-01-01\nkind = "call"\n')
    workspace = load_workspace(ws)
    assert workspace.problems == [] and workspace.partners["acme"].touchpoints[0].date.year == 2099
