"""A partner name far longer than a terminal is wide (a pasted paragraph, a hand edit) is cut in `koop list`'s
name column instead of padding every other row to its length; `--json` keeps it whole."""

from __future__ import annotations

import json


def test_one_long_name_does_not_widen_every_row(koop_inproc, acme):
    long = "Muster " * 100
    assert koop_inproc("add", "partner", long.strip(), "--slug", "long", cwd=acme).returncode == 0
    run = koop_inproc("list", cwd=acme)
    assert run.returncode == 0
    rows = run.stdout.splitlines()
    assert len(rows) == 2 and all(len(row) < 120 for row in rows), rows
    assert "Muster Muster Muster Muster Muster Must… " in rows[1]
    assert rows[0].index("prospect") == rows[1].index("prospect")  # the columns still line up
    listed = json.loads(koop_inproc("list", "--json", cwd=acme).stdout)
    assert [p["name"] for p in listed] == ["Acme", long.strip()]


def test_names_in_wide_characters_line_up_as_the_terminal_draws_them(koop_inproc, acme):
    """日本 and 😀 take two columns of a terminal each: padded by their count of characters, the rows after
    such a name were cut short and their columns moved left."""
    from koop_tui.text import cells

    for name, slug in (("日本商事", "nihon"), ("Café 😀 Bar", "cafe"), ("瑞穂" * 30, "mizuho")):
        assert koop_inproc("add", "partner", name, "--slug", slug, cwd=acme).returncode == 0
    rows = koop_inproc("list", cwd=acme).stdout.splitlines()
    assert len(rows) == 4
    stage_at = {cells(row[:row.index("prospect")]) for row in rows}
    assert len(stage_at) == 1, rows  # one column for the stage, in the terminal's cells
    assert any("瑞穂瑞穂" in row and "…" in row for row in rows) and max(cells(r) for r in rows) < 120
