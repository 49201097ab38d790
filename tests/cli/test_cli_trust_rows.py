"""`koop due` shows merge conflicts; `koop check` warns about one person as two contacts and about names equal
after Unicode normalisation; names typed in NFD find and refuse like NFC; no terminal escape from a file reaches
the terminal through any command. Real `koop` processes."""

from __future__ import annotations

import json
import unicodedata

import pytest

ACME = """name = "Acme"
slug = "acme"
stage = "active"
owner = "anna"
since = 2025-01-01
skills = ["seo"]

[[contacts]]
id = "jana"
name = "Jana Weber"
email = "jana@acme.test"
"""
CONFLICT = """
[[conflicts]]
id = "c1x2y3"
field = "stage"
ours = "active"
theirs = "dormant"
"""
NFD = unicodedata.normalize("NFD", "Müller GmbH")


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    (root / "partners" / "acme.toml").write_text(ACME, encoding="utf-8")
    return root


def test_koop_due_shows_one_conflict_row_per_partner_with_conflicts(koop, root):
    (root / "partners" / "acme.toml").write_text(ACME + CONFLICT, encoding="utf-8")
    run = koop("due", "--all", "--json", cwd=root)
    assert run.returncode == 0
    items = json.loads(run.stdout)["items"]
    assert [(i["key"], i["kind"], i["title"]) for i in items] == [
        ("conflict:acme", "conflict", "Resolve merge conflict: stage")]
    assert "ours active, theirs dormant" in items[0]["explanation"]
    assert "Acme: Resolve merge conflict: stage" in run.stderr
    table = koop("due", "--all", cwd=root)
    assert "Resolve merge conflict: stage — Acme" in table.stdout


def test_check_warns_about_one_person_as_two_contacts(koop, root):
    text = ACME + '\n[[contacts]]\nid = "jana-weber"\nname = "jana weber"\n' \
                  '\n[[contacts]]\nid = "jw"\nname = "J. Weber"\nemail = "JANA@acme.test"\n'
    (root / "partners" / "acme.toml").write_text(text, encoding="utf-8")
    run = koop("check", cwd=root)
    assert run.returncode == 0  # warnings only
    assert run.stdout.splitlines() == [
        "partners/acme.toml:15:1: warning: contacts 'jana' and 'jana-weber' have the same name 'jana weber' "
        "(one person? keep 'jana': write 'jana' for 'jana-weber' in the touchpoints, follow-ups and projects, "
        "then delete the contact 'jana-weber')",
        "partners/acme.toml:20:1: warning: contacts 'jana' and 'jw' have the same email 'JANA@acme.test' "
        "(one person? keep 'jana': write 'jana' for 'jw' in the touchpoints, follow-ups and projects, "
        "then delete the contact 'jw')",
        "0 errors, 2 warnings in 1 file; 1 partner loaded",
    ]


def test_names_typed_decomposed_are_the_same_partner_and_contact(koop, root):
    assert koop("add", "partner", "Müller GmbH", "--owner", "anna", cwd=root).returncode == 0
    assert koop("add", "contact", "mueller-gmbh", "Jörg Groß", cwd=root).returncode == 0
    before = (root / "partners" / "mueller-gmbh.toml").read_bytes()
    again = koop("add", "partner", NFD, cwd=root)
    assert again.returncode == 1 and "exists already (partners/mueller-gmbh.toml)" in again.stderr
    assert sorted(p.name for p in (root / "partners").iterdir()) == ["acme.toml", "mueller-gmbh.toml"]
    log = koop("log", f"{NFD}/{unicodedata.normalize('NFD', 'Jörg Groß')}", "call", cwd=root)
    assert log.returncode == 0, log.stderr
    after = (root / "partners" / "mueller-gmbh.toml").read_text(encoding="utf-8")
    assert after.startswith(before.decode()) and 'contacts = ["joerg"]' in after


def test_check_warns_about_partner_names_equal_after_normalisation(koop, root):
    (root / "partners" / "mueller.toml").write_text('name = "Müller GmbH"\nslug = "mueller"\n', encoding="utf-8")
    (root / "partners" / "muller.toml").write_text(f'name = "{NFD}"\nslug = "muller"\n', encoding="utf-8")
    run = koop("check", cwd=root)
    assert run.returncode == 0
    assert (f"partners/muller.toml: warning: partner name '{NFD}' is the same after Unicode normalisation as "
            "that of partners/mueller.toml (one partner? merge the two files by hand and delete one; else rename one)"
            ) in run.stdout


EVIL = "Evil\x1b[2J\x1b]0;pwned\x07 Corp"


def test_no_command_lets_terminal_escapes_from_a_file_through(koop, root):
    (root / "partners" / "acme.toml").write_text(
        ACME.replace('name = "Acme"', 'name = "Acme\\u001b[31m"').replace("Jana Weber", "Jana\\u001b]0;x\\u0007"),
        encoding="utf-8")
    (root / "partners" / "evil.toml").write_text(
        'name = "Evil\\u001b[2J Corp"\nslug = "evil"\nstage = "activ"\nnote = "\\u001b[5m"\n', encoding="utf-8")
    runs = [koop(*args, cwd=root) for args in (
        ("due", "--all"), ("due", "--all", "--within", "30"), ("check",), ("who", "seo"), ("report",),
        ("log", "acme/jana", "call"), ("set", "acme", "cadence=20"), ("set", "evil", "cadence=20"),
        ("snooze", "acme", "--until", "+1w"), ("add", "contact", "acme", "Tom"), ("search", "acme"),
    )]
    for run in runs:
        assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr, run.args
    assert [r.returncode for r in runs] == [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0]
