"""Two [[campaigns]] (or [[fairs]]) with the same id in koop.toml: the id names the due items and the calendar
events, so the second one made items with the same key as the first. It is an error naming its line, and left out."""

from __future__ import annotations

import json

import pytest

TWICE = {
    "campaigns": '\n[[campaigns]]\nid = "xmas"\nname = "Cards"\ndate = "12-20"\nkinds = ["card"]\n'
                 '\n[[campaigns]]\nid = "xmas"\nname = "Cards again"\ndate = "12-24"\nkinds = ["card"]\n',
    "fairs": '\n[[fairs]]\nid = "dmexco"\nname = "DMEXCO"\nstart = 2026-12-24\n'
             '\n[[fairs]]\nid = "dmexco"\nname = "DMEXCO again"\nstart = 2026-12-28\n',
}


@pytest.mark.parametrize("table", list(TWICE))
def test_an_id_used_twice_is_an_error_and_the_second_is_left_out(koop, tmp_path, table):
    root = tmp_path / "w"
    koop("init", str(root), cwd=tmp_path)
    koop("add", "partner", "Acme", "--stage", "active", cwd=root)
    settings = root / "koop.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + TWICE[table], encoding="utf-8")
    check = koop("check", cwd=root, today="2026-12-06")
    assert check.returncode == 1
    assert f"[[{table}]]: id '{TWICE[table].split(chr(34))[1]}' is used twice (first by #1)" in check.stdout + check.stderr
    due = koop("due", "--all", "--json", "--within", "60", cwd=root, today="2026-12-06")
    keys = [item["key"] for item in json.loads(due.stdout)["items"]]
    assert len(keys) == len(set(keys)), keys
    german = koop("check", cwd=root, today="2026-12-06", env={"LANGUAGE": "de", "LANG": "de_DE.UTF-8"})
    assert "kommt zweimal vor (zuerst bei #1)" in german.stdout + german.stderr
