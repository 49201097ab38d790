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
