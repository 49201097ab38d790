"""`koop report`: the exact text and the JSON of the small workspace of test_engine_report."""

from __future__ import annotations

import json

import pytest

from koop_tui.canonical import dumps_partner
from koop_tui.settings import default_settings_text

from .helpers import SETTINGS
from .test_engine_cli import TODAY, koop
from .test_engine_report import team


@pytest.fixture()
def root(tmp_path):
    (tmp_path / "koop.toml").write_text(default_settings_text(), encoding="utf-8")
    (tmp_path / "partners").mkdir()
    for p in team().partners.values():
        (tmp_path / "partners" / f"{p.slug}.toml").write_text(dumps_partner(p, SETTINGS), encoding="utf-8")
    return tmp_path


def test_report_text(root):
    done = koop(root, "--today", TODAY, "report")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == REPORT


def test_report_json_carries_the_same_figures(root):
    doc = json.loads(koop(root, "--today", TODAY, "report", "--json").stdout)
    # with the shipped settings, Christmas cards are due for bolt: it counts as due, not ok
    assert doc["months"][-1] == {"month": "2026-11", "gave": 1, "received": 0, "mutual": 2}
    assert len(doc["months"]) == 12
    assert doc["owners"][1] == {
        "owner": "anna", "partners": {"ok": 0, "soon": 0, "due": 1, "overdue": 1}, "touches_this_month": 2,
        "oldest_overdue": {"partner": "acme", "name": "Acme", "title": "Get in touch with Jana",
                           "due": "2026-10-01", "days_late": 53}}
    assert doc["cooling"] == [{"partner": "acme", "name": "Acme", "owner": "anna", "before": 5, "recent": 1,
                               "change": -0.8}]
    assert doc["reciprocation"]["practice"] == {"gave_back": 7, "of": 10}
    assert (doc["reciprocation"]["gave_to"], doc["reciprocation"]["gave_back"]) == (2, 1)


REPORT = """\
Report of 2026-11-23
Partners: prospect 2, active 3, dormant 1, ended 1
Active contacts: 7; touchpoints in the last 30 days: 4
Prospects: 0 to give to first, 1 waiting for a give back, 1 ready for a proposal, 0 proposed
Due today: 12 items (6 overdue, 5 due, 1 soon); handovers needed: 0

Touches per month   █ gave  ▒ received  ░ mutual          gave  recv  mutual
Dec 2025  ░░░░░░░░░░░░                               0     0       1
Jan 2026  ░░░░░░░░░░░░                               0     0       1
Feb 2026  ████████████                               1     0       0
Mar 2026  ░░░░░░░░░░░░                               0     0       1
Apr 2026                                             0     0       0
May 2026  ▒▒▒▒▒▒▒▒▒▒▒▒                               0     1       0
Jun 2026  ████████████                               1     0       0
Jul 2026                                             0     0       0
Aug 2026  ████████████▒▒▒▒▒▒▒▒▒▒▒▒░░░░░░░░░░░░       1     1       1
Sep 2026  ░░░░░░░░░░░░                               0     0       1
Oct 2026  ░░░░░░░░░░░░                               0     0       1
Nov 2026  ████████████░░░░░░░░░░░░░░░░░░░░░░░░       1     0       2

Per owner: partners (█ overdue ▓ due ▒ soon ░ ok), touches this month
                        over  due soon   ok  touches  oldest overdue
(nobody)   ▓▓▓▓            0    1    0    0        0
anna       ████▓▓▓▓        1    1    0    0        2  Acme, 53 d late
ben        ████████▓▓▓▓    2    1    0    0        0  Dora, 161 d late

Give first: of 2 prospects we gave to, 1 gave back within 60 days (50%); 1 more still within the 60 days
  █████░░░░░  1 of 2, below the practice of 7 of 10

Cooling: touches in the 6 months before → the last 6
  Acme                                    5 → 1    -80%  anna
"""
