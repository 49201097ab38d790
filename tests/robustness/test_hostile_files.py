"""Malformed and hostile partner files: `koop check` names file:line, exits 1, loads the rest, touches nothing."""

from __future__ import annotations

import os
import time

import pytest

from koop_tui.store import load_workspace

from .conftest import ACME, snapshot

CONFLICT = ACME.replace(
    'phone = "+49 30 1234567"\n', '<<<<<<< HEAD\nphone = "1"\n=======\nphone = "2"\n>>>>>>> theirs\n'
)
DEEP = 'name = "A"\nslug = "acme"\nnote = '
# name -> (bytes of partners/acme.toml, text expected in the report, acme still loads?)
CASES = {
    "truncated-file": (ACME.encode()[:150], "partners/acme.toml:10:13: Unterminated string", False),
    "truncated-in-string": (b'name = "Acme\n', "partners/acme.toml:1:13: Illegal character", False),
    "conflict-markers": (CONFLICT.encode(), "partners/acme.toml:11: unresolved merge conflict in partners/acme.toml, lines 11\u201315", False),
    "latin-1": ('name = "Müller"\nslug = "acme"\n'.encode("latin-1"), "partners/acme.toml:1: not valid UTF-8 (byte 0xfc)", False),
    "latin-1-line-3": ('# a\n\nname = "Müller"\n'.encode("latin-1"), "partners/acme.toml:3: not valid UTF-8", False),
    "utf-16": ('name = "Müller"\n'.encode("utf-16"), "looks like UTF-16", False),
    "huge-integer": (ACME.replace("stage =", "cadence = 123456789012345678901234567890\nstage =").encode(),
                     "partners/acme.toml:4:1: cadence must be a number of days (1-36500), got 1234", True),
    "float-overflow": (ACME.replace("stage =", "cadence = 1e400\nstage =").encode(), "partners/acme.toml:4:1: cadence must be a number of days", True),
    "date-feb-30": (ACME.replace("due = 2026-11-30", "due = 2026-02-30").encode(),
                    "partners/acme.toml:22:7: bad date 2026-02-30: day is out of range for month", False),
    "date-string-feb-30": (ACME.replace("due = 2026-11-30", 'due = "2026-02-30"').encode(),
                           "partners/acme.toml:22:1: follow-up 'b12c': due is not a valid date", True),
    "datetime-not-date": (ACME.replace("due = 2026-11-30", "due = 2026-11-30T10:00:00").encode(),
                          "partners/acme.toml:22:1: follow-up 'b12c': due must be a date without time", True),
    "duplicate-key": (ACME.replace('stage = "active"', 'stage = "active"\nstage = "dormant"').encode(),
                      "partners/acme.toml:5:1: Cannot overwrite a value (duplicate key)", False),
    "duplicate-table": ((ACME + "[vetting]\n[vetting]\n").encode(),
                        "partners/acme.toml:26:1: Cannot declare vetting twice (duplicate table)", False),
    "deep-arrays": ((DEEP + "[" * 5000 + "]" * 5000 + "\n").encode(), "partners/acme.toml:1:1: nested too deeply", False),
    "deep-inline-tables": ((DEEP + "{a=" * 3000 + "1" + "}" * 3000 + "\n").encode(), "nested too deeply", False),
    "deep-dotted-key": (b'name = "A"\nslug = "acme"\n' + b".".join([b"a"] * 20000) + b" = 1\n",
                        "partners/acme.toml:3:1: key nested too deeply", False),
    "empty-file": (b"", "partners/acme.toml:1: empty file", False),
    "nul-byte": (ACME.encode().replace(b"Acme GmbH", b"Ac\x00me"), "partners/acme.toml:2:11: Illegal character", False),
    "old-mac-line-ends": (ACME.replace("\n", "\r").encode(), "partners/acme.toml:1:", False),
    "ten-mib-note": (ACME.replace("Talked about Q1.", "x" * (10 * 1024 * 1024)).encode(),
                     "partners/acme.toml: file too large (10.0 MiB; limit 4 MiB), skipped", False),
    "unknown-dotted-key": (ACME.replace('stage = "active"', 'stage = "active"\nfoo.bar = 1').encode(),
                           "partners/acme.toml:5:1: unknown key 'foo'", True),
    "records-not-a-list": (b'name = "A"\nslug = "acme"\ncontacts = 3\n',
                           "partners/acme.toml:3:1: contacts must be a list of [[contacts]] tables, got 3", True),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_file_is_reported_with_its_line_and_never_touched(ws, koop, name):
    data, expected, loads = CASES[name]
    (ws / "partners" / "acme.toml").write_bytes(data)
    before = snapshot(ws)
    started = time.monotonic()
    ran = koop("check", cwd=ws)
    assert time.monotonic() - started < 10, "a hostile file must not stall the loader"
    assert ran.code == 1, ran.out
    assert expected in ran.out, ran.out
    assert "Traceback" not in ran.out + ran.err
    assert snapshot(ws) == before
    partners = load_workspace(ws).partners
    assert "nord" in partners and ("acme" in partners) == loads


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_are_accepted(ws, koop, variant):
    data = ACME.replace("\n", "\r\n") if "crlf" in variant else ACME
    raw = (b"\xef\xbb\xbf" if "bom" in variant else b"") + data.encode()
    (ws / "partners" / "acme.toml").write_bytes(raw)
    ran = koop("check", cwd=ws)
    assert (ran.code, ran.out) == (0, "ok: 2 partners, no problems\n")
    assert (ws / "partners" / "acme.toml").read_bytes() == raw


def test_same_partner_in_two_files_is_reported(ws, koop):
    (ws / "partners" / "acme-copy.toml").write_text(ACME)
    before = snapshot(ws)
    ran = koop("check", cwd=ws)
    assert ran.code == 1
    assert "partners/acme-copy.toml:3:1: slug 'acme' does not match the file name 'acme-copy.toml'" in ran.out
    assert snapshot(ws) == before


def test_whitespace_only_file_is_reported(ws, koop):
    (ws / "partners" / "acme.toml").write_bytes(b"\n  \n")
    ran = koop("check", cwd=ws)
    assert ran.code == 1 and "partners/acme.toml:1:1: missing name" in ran.out


def test_fifo_and_directory_named_toml_do_not_hang(ws, koop):
    os.mkfifo(ws / "partners" / "pipe.toml")
    (ws / "partners" / "dir.toml").mkdir()
    before = snapshot(ws)
    ran = koop("check", cwd=ws)
    assert ran.code == 1
    assert "partners/pipe.toml: not a regular file, ignored" in ran.out
    assert "partners/dir.toml: not a regular file, ignored" in ran.out
    assert snapshot(ws) == before


def test_symlinked_partner_file_is_never_followed(ws, koop, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text('name = "SECRET-KEY-MATERIAL"\nslug = "evil"\n')
    os.symlink(secret, ws / "partners" / "evil.toml")
    os.symlink("/dev/zero", ws / "partners" / "zero.toml")
    before = snapshot(ws)
    ran = koop("check", cwd=ws)
    assert ran.code == 1
    assert "partners/evil.toml: symlink ignored" in ran.out and "partners/zero.toml: symlink ignored" in ran.out
    assert "SECRET" not in ran.out + ran.err and str(secret) not in ran.out
    assert snapshot(ws) == before and "evil" not in load_workspace(ws).partners


def test_symlinked_workspace_works_through_the_link(ws, koop, tmp_path):
    link = tmp_path / "link"
    os.symlink(ws, link)
    ran = koop("check", cwd=link)
    assert (ran.code, ran.out) == (0, "ok: 2 partners, no problems\n")
    ran = koop("--workspace", str(link), "due", "--json", cwd=tmp_path)
    assert ran.code == 0 and '"acme"' in ran.out


def test_editor_droppings_are_ignored_silently(ws, koop):
    for name in (".acme.toml.swp", "acme.toml~", ".#acme.toml", "4913", "acme.toml.orig", ".koop-tmp-abc123"):
        (ws / "partners" / name).write_bytes(b"<<<<<<< garbage \xff\n")
    ran = koop("check", cwd=ws)
    assert (ran.code, ran.out) == (0, "ok: 2 partners, no problems\n")


def test_misnamed_toml_file_is_a_warning(ws, koop):
    (ws / "partners" / "Acme Copy.toml").write_text(ACME)
    ran = koop("check", cwd=ws)
    assert ran.code == 0
    assert "partners/Acme Copy.toml: warning: not a partner file name, ignored" in ran.out


def test_broken_koop_toml_falls_back_to_defaults_and_says_where(ws, koop):
    (ws / "koop.toml").write_bytes(b'name = "x"\n[ratios\n')
    before = snapshot(ws)
    ran = koop("check", cwd=ws)
    assert ran.code == 1 and "koop.toml:2:" in ran.out
    assert snapshot(ws) == before
    assert set(load_workspace(ws).partners) == {"acme", "nord"}
