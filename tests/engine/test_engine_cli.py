"""`koop due`, `koop who` and `koop report` on a workspace written in canonical form."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from koop_tui.canonical import dumps_partner
from koop_tui.model import Birthday, FollowUp, Reference, Vetting
from koop_tui.settings import default_settings_text

from .helpers import SETTINGS, contact, d, partner, touch

TODAY = "2026-11-23"


def koop(root, *args, env=None):
    return subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), *args],
                          capture_output=True, text=True, env=env)


@pytest.fixture()
def root(tmp_path):
    (tmp_path / "koop.toml").write_text(default_settings_text(), encoding="utf-8")
    (tmp_path / "partners").mkdir()
    partners = [
        partner("muster-gmbh", name="Muster GmbH", owner="anna", tags=["agency"], since=d("2021-03-01"),
                skills=["seo", "translation"],
                contacts=[contact("jana", "Jana Weber", phone="+49 30 1234567", birthday=Birthday(11, 25, 1980))],
                touches=[touch("2026-10-13", "call", "jana", id="a81f"),
                         touch("2026-10-20", "recommendation", direction="received", id="a82f")],
                followups=[FollowUp("b12c", d("2026-11-20"), "Send offer", contact="jana")]),
        partner("nord-design", name="Nord Design", owner="ben", stage="dormant",
                contacts=[contact("ole", "Ole Sand", email="ole@nord.example", skills=["Design", "SEO"])],
                touches=[touch("2026-05-01", "meeting", "ole", id="c11d")]),
        partner("pixel-hof", name="Pixel Hof", stage="prospect", since=d("2026-10-01"),
                vetting=Vetting(references=[Reference("Nord Design")]),
                touches=[touch("2026-09-01", "comment", id="d21e"), touch("2027-02-01", "call", id="fut9")]),
    ]
    for p in partners:
        (tmp_path / "partners" / f"{p.slug}.toml").write_text(dumps_partner(p, SETTINGS), encoding="utf-8")
    return tmp_path


def test_due_json_is_stable_and_complete(root):
    first = koop(root, "--today", TODAY, "due", "--json", "--all", "--within", "3")
    second = koop(root, "due", "--json", "--all", "--within", "3", "--today", TODAY)
    assert first.returncode == 0 and first.stdout == second.stdout
    doc = json.loads(first.stdout)
    assert (doc["schema"], doc["today"], doc["owner"], doc["within"]) == (1, TODAY, None, 3)
    assert [(i["key"], i["status"]) for i in doc["items"]] == [
        ("contact:nord-design/ole", "overdue"),  # 206 d, cadence 90: 116 d late
        ("contact:pixel-hof", "overdue"),  # 83 d, cadence 21: 62 d late
        ("vetting:pixel-hof", "overdue"),  # 39 d late
        ("followup:muster-gmbh/b12c", "overdue"),  # 3 d late
        ("contact:muster-gmbh/jana", "due"),
        ("campaign:xmas/muster-gmbh", "due"),
        ("campaign:xmas/nord-design", "due"),
        ("birthday:muster-gmbh/jana", "soon"),
    ]
    jana = doc["items"][4]
    assert jana == {
        "key": "contact:muster-gmbh/jana", "kind": "contact", "status": "due", "due": "2026-11-18",
        "title": "Call Jana Weber", "partner": "muster-gmbh", "partner_name": "Muster GmbH",
        "contact": "jana", "contact_name": "Jana Weber", "ratio": 1.18, "owing": True, "owner": "anna",
        "stage": "active", "tags": ["agency"], "changed": "2026-10-20", "recurring": False,
        # call 41 d ago; recommendation 34 d ago keeps 20 % of 7 d: 1.4 + 34 = 35.4; due when 30 - 1.4 = 28.6 -> 29 d
        "explanation": "last: recommendation 34 d ago (whole partner); weights recommendation 0.8 after call "
                       "41 d ago → 35.4 d stale; cadence 30 d from stage active; ratio 1.18 → due; "
                       "they gave last — you owe them; to clear: log a touch (x) or koop log muster-gmbh/jana KIND",
    }
    assert "pixel-hof.toml: touchpoint fut9 is dated 2027-02-01" in first.stderr
    assert first.stderr.count("\n") == 1


def test_due_defaults_to_mine_when_owners_exist(root):
    env = {**__import__("os").environ, "KOOP_USER": "ben", "KOOP_TODAY": TODAY}
    doc = json.loads(koop(root, "due", "--json", env=env).stdout)
    assert doc["owner"] == "ben"
    assert {i["partner"] for i in doc["items"]} == {"nord-design", "pixel-hof"}
    doc = json.loads(koop(root, "due", "--json", "--owner", "anna", env=env).stdout)
    assert {i["partner"] for i in doc["items"]} == {"muster-gmbh", "pixel-hof"}


def test_due_table_is_plain_without_a_tty(root):
    out = koop(root, "--today", TODAY, "due", "--all", "--stage", "dormant")
    assert out.returncode == 0
    assert "\033[" not in out.stdout
    assert out.stdout.splitlines() == [
        "overdue  116 d late  Write to Ole Sand — Nord Design",
        "  last: meeting 206 d ago (Ole Sand); cadence 90 d from stage dormant; ratio 2.29 → overdue; "
        "to clear: log a touch (x) or koop log nord-design/ole KIND",
        "due        by 12-20  Christmas cards: Nord Design",
        "  Christmas cards by 2026-12-20 (window from 2026-11-20); log card or gift when done; "
        "to clear: x on the Campaigns screen or koop log nord-design card",
        "",
        "2 items (1 overdue, 1 due)",
    ]


def test_due_rejects_bad_arguments(root):
    out = koop(root, "due", "--within", "-1")
    assert out.returncode == 2 and out.stderr.startswith("koop: --within")
    out = koop(root, "due", "--owner", "x", "--all")
    assert out.returncode == 2


def test_who_ranks_and_explains(root):
    out = koop(root, "--today", TODAY, "who", "seo", "design")
    assert out.returncode == 0
    assert out.stdout.splitlines() == [
        " 1. Nord Design (nord-design): ask Ole Sand",
        "    2/2 skills: SEO, Design; Ole Sand: SEO, Design; stage dormant; balance even; last touch 206 d ago",
        " 2. Muster GmbH (muster-gmbh): ask Jana Weber",
        "    1/2 skills: seo; stage active; balance -0.8 (they gave more); last touch 34 d ago",
    ]
    doc = json.loads(koop(root, "--today", TODAY, "who", "SEO", "--json").stdout)
    assert [(r["partner"], r["matched"], r["skills"], r["ask"]) for r in doc] == [
        ("muster-gmbh", ["seo"], ["seo"], "Jana Weber"), ("nord-design", ["seo"], ["SEO"], "Ole Sand")]


def test_who_takes_a_blank_for_a_hyphen():
    """`koop who "media law"` found nobody with the skill media-law; "media" finds it as before."""
    from koop_tui.engine.knowhow import covered, covering

    assert covered("media law", {"media-law"}) and covered("media-law", {"media law firm"})
    assert covering("media law", ["Media-Law"]) == "Media-Law"
    assert covered("media", {"media-law"}) and not covered("law", {"media-law"})
    assert not covered("seo", {"seoul"})


def test_report_counts_and_rate(root):
    doc = json.loads(koop(root, "--today", TODAY, "report", "--json").stdout)
    assert doc["reciprocation"] == {"days": 60, "gave_to": 1, "gave_back": 0, "pending": 0, "rate": 0.0,
                                    "sentence": "of 1 prospect we gave to, 0 gave back within 60 days (0%)",
                                    "practice": {"gave_back": 7, "of": 10}}
    assert doc["partners"] == {"imported": 0, "prospect": 1, "vetting": 0, "active": 1, "dormant": 1, "ended": 0}
    assert doc["prospects_warm_up"] == {"give-first": 0, "waiting": 1, "ready": 0, "proposed": 0}
    text = koop(root, "--today", TODAY, "report").stdout
    assert "\nGive first: of 1 prospect we gave to, 0 gave back within 60 days (0%)\n" in text


def test_table_colours_each_status_and_cuts_the_reason_to_the_width():
    from koop_tui.cli.due import render_table
    from koop_tui.engine import due_items

    from .helpers import ws

    p = partner(contacts=[contact("jana", "Jana Weber")], touches=[touch("2026-09-01", "call", "jana")])
    text = render_table(due_items(ws(p), d(TODAY)), d(TODAY), color=True, width=40)
    head, more, why = text.splitlines()
    assert head == "\033[1;31moverdue \033[0m  53 d late  Get in touch with"
    assert more == " " * 21 + "Jana Weber — Acme"  # the title goes on under itself (the reason is cut)
    assert why == "\033[2m  last: call 83 d ago (Jana Weber); cad…\033[0m"


def test_the_reason_is_cut_in_the_columns_the_terminal_draws():
    """A name in Chinese characters takes two columns a character: cut by characters, the line ran to 96 of 80."""
    from koop_tui.cli.due import render_table
    from koop_tui.engine import due_items
    from koop_tui.text import cells

    from .helpers import ws

    p = partner(contacts=[contact("yamada", "山田太郎" * 4)], touches=[touch("2026-09-01", "call", "yamada")])
    why = render_table(due_items(ws(p), d(TODAY)), d(TODAY), color=False, width=80).splitlines()[1]
    assert cells(why) == 80 and why.startswith("  last: call 83 d ago (山田太郎") and why.endswith("…")


def test_a_long_title_is_continued_under_itself_never_cut():
    """What to do and with whom ran past 80 columns in German; the reason below is cut, the title is not."""
    from koop_tui.cli.due import render_table
    from koop_tui.engine import due_items
    from koop_tui.text import cells

    from .helpers import ws

    p = partner(name="Bauer & Partner Unternehmensberatung für den Mittelstand",
                contacts=[contact("jana", "Jana Weber-Lichtenstein")], touches=[touch("2026-09-01", "call", "jana")])
    lines = render_table(due_items(ws(p), d(TODAY)), d(TODAY), color=False, width=60).splitlines()
    assert lines[:4] == ["overdue   53 d late  Get in touch with Jana",
                         " " * 21 + "Weber-Lichtenstein — Bauer & Partner",
                         " " * 21 + "Unternehmensberatung für den",
                         " " * 21 + "Mittelstand"]
    assert lines[4].startswith("  last: call 83 d ago") and lines[4].endswith("…")
    assert max(cells(line) for line in lines) <= 60


def test_due_table_never_passes_terminal_control_characters():
    from datetime import date

    from koop_tui.cli.due import render_table
    from koop_tui.model import DueItem

    item = DueItem(
        key="contact:x/e", kind="contact", partner="x", partner_name="Evil\x1b]0;pwned\x07 GmbH",
        title="Call E\x1b[2Jve", status="due", due=date(2026, 11, 1), explanation="last: mail\x9b6n 3 d ago",
    )
    text = render_table([item], date(2026, 11, 23), color=False, width=None)
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text)
    assert "Call E\N{REPLACEMENT CHARACTER}[2Jve" in text
    assert "Evil\N{REPLACEMENT CHARACTER}]0;pwned\N{REPLACEMENT CHARACTER} GmbH" in text
