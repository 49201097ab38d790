"""`koop list`'s status is the partner's most urgent, as the due list and the app's partners list show it."""

from __future__ import annotations

import pytest


def _row(stdout: str, name: str) -> str:
    return next(line for line in stdout.splitlines() if name in line)


def test_a_late_follow_up_makes_the_partner_overdue_though_its_contacts_are_ok(koop_inproc, ws):
    """Nord Design's contact was met 5 days ago: the list said "ok" beside a next due date in the past."""
    assert koop_inproc("add", "followup", "nord", "Send offer", "--due", "2026-11-20", cwd=ws,
                       today="2026-11-23").returncode == 0
    due = koop_inproc("due", "--all", cwd=ws, today="2026-11-23").stdout
    assert "Send offer" in due
    run = koop_inproc("list", cwd=ws, today="2026-11-23")
    assert run.returncode == 0
    row = _row(run.stdout, "Nord Design")
    assert row.startswith("overdue ") and "next due 2026-11-20" in row
    listed = koop_inproc("list", "--json", cwd=ws, today="2026-11-23").stdout
    assert '"status": "overdue"' in listed.split('"slug": "nord-design"')[1].split("}")[0]


def test_a_partner_with_nothing_due_stays_ok(koop_inproc, ws):
    """The day before the Christmas cards' season opens (2026-11-20), nothing of Nord Design is due."""
    run = koop_inproc("list", cwd=ws, today="2026-11-19")
    assert _row(run.stdout, "Nord Design").startswith("ok ")
    assert _row(koop_inproc("list", cwd=ws, today="2026-11-20").stdout, "Nord Design").startswith("due ")


def test_an_empty_workspace_says_how_to_begin(koop_inproc, tmp_path):
    """It said "no partners match" with nothing to match."""
    koop_inproc("init", str(tmp_path / "w"), cwd=tmp_path)
    run = koop_inproc("list", cwd=tmp_path / "w")
    assert (run.returncode, run.stdout) == (0, "No partners yet. Add one: koop add partner NAME (or koop import "
                                               "contacts.vcf)\n")
    assert koop_inproc("list", "--json", cwd=tmp_path / "w").stdout == "[]\n"


def test_koop_due_in_an_empty_workspace_says_how_to_begin_not_to_look_ahead(koop_inproc, tmp_path):
    """It said "Nothing due. Try --within 7 to look ahead." with nothing to look ahead to; warm as cold."""
    koop_inproc("init", str(tmp_path / "w"), cwd=tmp_path)
    for _ in range(2):
        run = koop_inproc("due", cwd=tmp_path / "w")
        assert (run.returncode, run.stdout) == (0, "No partners yet. Add one: koop add partner NAME (or koop import "
                                                   "contacts.vcf)\n0 items\n")
    (tmp_path / "w" / "partners" / "x.toml").write_text('name = "X\n')  # a file, if broken: nothing to begin
    assert "No partners yet" not in koop_inproc("due", cwd=tmp_path / "w").stdout


def test_a_filter_matching_nobody_says_so(koop_inproc, ws):
    assert koop_inproc("list", "--stage", "ended", cwd=ws).stdout == "no partners match\n"


@pytest.mark.parametrize("language", ["en", "de"])
def test_on_an_80_column_terminal_a_header_names_the_columns_and_every_row_fits(koop_inproc, acme, monkeypatch,
                                                                               language):
    """Each row ran to 103 columns (German: 120), so every one wrapped; a pipe keeps the rows that say what their
    dates are."""
    import os
    import sys

    from koop_tui import i18n
    from koop_tui.text import cells

    koop_inproc("add", "partner", "Bauer & Partner Unternehmensberatung Süd", "--stage", "active", cwd=acme)
    piped = koop_inproc("list", cwd=acme).stdout.splitlines()
    assert piped[1] == ("due      Bauer & Partner Unternehmensberatung Süd  active    —        last never       next due "
                        "2026-11-20")
    monkeypatch.setenv("KOOP_LANGUAGE", language)
    i18n.use(None)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(os, "get_terminal_size", lambda *a: os.terminal_size((80, 24)))
    try:
        rows = koop_inproc("list", cwd=acme).stdout.splitlines()
    finally:
        monkeypatch.delenv("KOOP_LANGUAGE")
        i18n.use(None)
    assert len(rows) == 3 and max(cells(row) for row in rows) <= 80, rows
    if language == "en":
        assert rows[0].split() == ["status", "partner", "stage", "owner", "last", "touch", "next", "due"]
        assert rows[2] == "due      Bauer & Partner Unternehmens…  active    —      never       2026-11-20"
    else:
        assert rows[0].split() == ["Status", "Partner", "Phase", "Zuständig", "Zuletzt", "Fällig", "am"]
    assert rows[0].index(rows[0].split()[2]) == rows[1].index(rows[1].split()[2])  # the stage column lines up
