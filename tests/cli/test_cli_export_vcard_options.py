"""`koop export --vcard` writes every contact: the calendar's options beside it are refused, not ignored."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.parametrize(("args", "named"), [
    (("--owner", "ben"), "--owner shapes"),                       # wrote anna's contacts too
    (("--all",), "--all shapes"),
    (("--mode", "digest"), "--mode shapes"),
    (("--within", "7", "--include", "contact"), "--within, --include shape"),
    (("--exclude", "birthday"), "--exclude shapes"),
])
def test_calendar_options_with_vcard_are_a_usage_error(koop_inproc, ws, tmp_path, args, named):
    out = tmp_path / "contacts.vcf"
    run = koop_inproc("export", "--vcard", *args, "--out", str(out), cwd=ws, today="2026-11-23")
    assert run.returncode == 2 and not out.exists()
    assert run.stderr.startswith(f"koop: {named} only the calendar; --vcard exports every contact\n  hint: drop ")


def test_vcard_alone_still_exports_every_contact(koop_inproc, ws, tmp_path):
    out = tmp_path / "contacts.vcf"
    run = koop_inproc("export", "--vcard", "--out", str(out), cwd=ws, today="2026-11-23")
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().count(b"BEGIN:VCARD") == 5  # Jana, Tom, Lisa, Kai, Eva


def test_vcard_onto_a_terminal_speaks_of_contacts(koop_inproc, ws, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    run = koop_inproc("export", "--vcard", cwd=ws, today="2026-11-23")
    assert run.returncode == 2
    assert run.stderr == ("koop: not writing contacts to the terminal; use --out FILE, --out - or redirect "
                          "(> contacts.vcf)\n")
