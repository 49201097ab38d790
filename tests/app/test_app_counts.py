"""One truth: the app's header, `koop due` and `koop report` count "what is due today for me" alike."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from koop_tui.app.app import make_app
from koop_tui.demo import generate
from tests.app.conftest import settle

TODAY = date(2026, 11, 23)
REPO = Path(__file__).resolve().parents[2]


def koop(root: Path, *args: str) -> str:
    env = dict(os.environ, KOOP_USER="anna", PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "koop_tui", "--today", TODAY.isoformat(), *args], cwd=root,
                          env=env, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


async def test_header_due_and_report_agree_on_the_demo_workspace(tmp_path):
    root = tmp_path / "demo"
    generate(root, TODAY, 7)
    items = json.loads(koop(root, "due", "--json"))["items"]
    from_due = {s: sum(1 for i in items if i["status"] == s) for s in ("overdue", "due", "soon", "ok")}
    from_report = json.loads(koop(root, "report", "--json"))["due"]
    assert {s: n for s, n in from_due.items() if n} == from_report
    assert from_report["overdue"] and from_report["due"]
    line = koop(root, "due").splitlines()[-1]
    assert line.startswith(f"{len(items)} items ({', '.join(f'{n} {s}' for s, n in from_report.items())})")
    app = make_app(root, TODAY, me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        header = str(app.screen.query_one("#counts").render())
        rows = app.screen.query_one("#due").row_count
    shown = {s: int(n) for n, s in re.findall(r"(\d+) (overdue|due|soon)\b", header)}
    assert shown == {s: n for s, n in from_report.items() if s != "ok"}
    assert f"· {rows} rows, campaigns grouped · mine (anna)" in header and rows < len(items)


async def test_the_app_lists_the_due_items_in_the_order_of_koop_due(tmp_path):
    """One order: the app's rows are `koop due`'s items, each campaign grouped at the place of its first partner."""
    root = tmp_path / "demo"
    generate(root, TODAY, 7)
    items = json.loads(koop(root, "due", "--json"))["items"]
    expected: list[str] = []
    for item in items:
        key = item["key"]
        if key.startswith("campaign:"):
            key = key.split("/", 1)[0]
        if key not in expected:
            expected.append(key)
    app = make_app(root, TODAY, me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#due")
        shown = [str(table.coordinate_to_cell_key((row, 0)).row_key.value) for row in range(table.row_count)]
    assert shown == expected
    late = [(TODAY - date.fromisoformat(i["due"])).days for i in items if i["status"] == "overdue"]
    assert late == sorted(late, reverse=True) and late[0] > late[-1]  # reads top down: most days late first
