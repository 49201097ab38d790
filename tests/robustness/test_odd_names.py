"""Path traversal and odd names through `koop add partner`, `koop log` and `koop set`: files stay inside partners/."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koop_tui.slugs import PARTNER_FILE_RE, partner_path, slugify
from koop_tui.store import load_workspace

from .conftest import assert_short_error, snapshot

# name typed by the user -> the file it may create (None: refused)
NAMES = {
    "dotdot-slash": ("../x", "x.toml"),
    "absolute": ("/etc/passwd", "etc-passwd.toml"),
    "slash": ("a/b", "a-b.toml"),
    "dotdot": ("..", None),
    "dot": (".", None),
    "empty": ("", None),
    "hidden": (".hidden", "hidden.toml"),
    "tilde": ("x~", "x.toml"),
    "windows-device": ("CON", None),
    "windows-device-lower": ("nul", None),
    "control-char": ("a\x01b", None),  # refused: it would break every line-per-item output
    "percent-encoded": ("%2e%2e%2f", "2e-2e-2f.toml"),
    "backslash": ("..\\..\\x", "x.toml"),
    "fullwidth-lookalike": ("\uff23\uff2f\uff2e", None),  # ＣＯＮ folds to con
    "cyrillic-lookalike": ("\u0410cme Corp", "acme-corp.toml"),  # Аcme: the Cyrillic A is spelt A
    "emoji-only": ("\U0001f4a9", None),
    "very-long": ("n" * 300, "n" * 63 + ".toml"),
    "german": ("Müller & Söhne", "mueller-soehne.toml"),
    "nfd-umlaut": ("Mu\u0308ller", "mueller.toml"),
}


@pytest.mark.parametrize("case", NAMES)
def test_add_partner_with_an_odd_name(ws, koop, case):
    name, created = NAMES[case]
    before = snapshot(ws)
    ran = koop("add", "partner", name, cwd=ws)
    after = snapshot(ws)
    new = sorted(set(after) - set(before))
    assert all(after[k] == before[k] for k in before), "no existing file may change"
    if created is None:
        assert_short_error(ran, 2 if ran.code == 2 else 1,
                           "holds a control character" if case == "control-char" else "cannot make a file name")
        assert new == []
    else:
        assert ran.code == 0, ran.err
        assert new == [f"partners/{created}"]
        partner = load_workspace(ws).partners[created.removesuffix(".toml")]
        assert partner.name == unicodedata.normalize("NFC", name)  # stored as typed, in one Unicode form
    assert all(PARTNER_FILE_RE.match(p.split("/", 1)[1]) for p in after if p.startswith("partners/"))


def test_the_same_name_twice_is_refused_and_the_first_file_kept(ws, koop):
    before = snapshot(ws)
    ran = koop("add", "partner", "ACME gmbh", cwd=ws)
    assert_short_error(ran, ran.code, "exists already")
    assert ran.code in (1, 2) and snapshot(ws) == before


@pytest.mark.parametrize("target", ["../acme", "acme/../../nord", "/etc/passwd", "partners/acme", "acme.toml",
                                    "", "acme/", "/jana", "acme/jana/x", "\x00", "..", "acme/.."])
def test_log_to_a_target_that_is_not_a_partner(ws, koop, target):
    before = snapshot(ws)
    ran = koop("log", target, "call", cwd=ws)
    assert_short_error(ran, ran.code)
    assert ran.code in (1, 2) and snapshot(ws) == before


@pytest.mark.parametrize("pair,needle", [
    ("slug=../x", "cannot set 'slug'"), ("stage=bogus", "unknown stage 'bogus'"), ("cadence=abc", "not a number"),
    ("cadence=0", "between 1 and 36500"), ("cadence=99999999999999999999", "between 1 and 36500"),
    ("since=2026-02-30", "not a date"), ("stage", "expected KEY=VALUE"), ("=x", "cannot set ''"),
    ("name=", "missing name"), ("snoozed_until=tomorrow-ish", "not a date"),
])
def test_set_with_a_bad_pair_changes_nothing(ws, koop, pair, needle):
    before = snapshot(ws)
    ran = koop("set", "acme", pair, cwd=ws)
    assert_short_error(ran, ran.code, needle)
    assert ran.code in (1, 2) and snapshot(ws) == before


def test_control_characters_and_escapes_in_a_note_round_trip(ws, koop):
    note = 'a\x01b "quoted" \\ back \x1b[31mred\x1b[0m \u202etxt.exe \ttab'
    ran = koop("log", "acme", "call", "--note", note, cwd=ws)
    assert ran.code == 0, ran.err
    text = (ws / "partners" / "acme.toml").read_text()
    assert "\x1b" not in text and "\x01" not in text
    touch = [t for t in load_workspace(ws).partners["acme"].touchpoints if t.date.isoformat() == "2026-11-20"]
    assert [t.note for t in touch] == [note]
    assert koop("check", cwd=ws).code == 0


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_slugify_gives_a_safe_name_or_a_value_error(name):
    try:
        slug = slugify(name)
    except ValueError:
        return
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", slug)
    base = Path("/ws/partners")
    assert partner_path(base, slug).parent == base
