"""The app's Captured screen (key 5): capture now, the review queue, accept several at once, reject, assign."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from koop_tui.app.app import make_app
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.capture.conftest import basic_mails, day, mail, maildir, write_config

pytestmark = pytest.mark.timeout(120)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(StatusTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_capture_review_accept_reject_and_assign_in_the_app(ws, tmp_path):
    box = maildir(tmp_path / "mail", basic_mails() + [
        mail("Max Roth <max@muster.example>", "anna@me.example", "Intro", day(3), "<x1@x>"),
        mail("eva@muster.example", "anna@me.example", "Hallo", day(2), "<x2@x>"),
    ])
    write_config(f'[capture]\nme = ["anna@me.example"]\n\n[[capture.sources]]\nname = "mail"\ntype = "maildir"\n'
                 f'path = "{box}"\n')
    app = make_app(ws, date(2026, 11, 20), me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await settle(pilot, app)
        assert rows(app) == []
        await pilot.press("c")
        await settle(pilot, app)
        assert [r[1:3] for r in rows(app)] == [["2026-11-15", "Muster GmbH"], ["2026-11-17", "Muster GmbH"],
                                             ["2026-11-18", "Muster GmbH"]]
        status = str(app.screen.query_one("#captured-status").render())
        assert status == ("3 to review · 1 touchpoint captured, 3 to review; Jana Weber is no longer due; "
                          "skipped: 1 list mail or newsletter")
        await pilot.press("space", "space")  # marks Lisa and Max, the cursor moves on
        assert [r[0] for r in rows(app)] == ["✓", "✓", " "]
        await pilot.press("a")
        await settle(pilot, app)
        assert [r[3] for r in rows(app)] == ['new contact: eva@muster.example? · "Hallo"']
        await pilot.press("t")
        await settle(pilot, app)
        await pilot.press("down", "down", "enter")  # in file order: jana, tom, lisa, max -> lisa
        await settle(pilot, app)
        assert rows(app) == []
    text = (ws / "partners" / "muster.toml").read_text()
    assert '[[contacts]]\nid = "lisa"\nname = "Lisa Brandt"\nemail = "lisa@muster.example"\nemails = ["eva@muster.example"]\n' in text
    assert '[[contacts]]\nid = "max"\nname = "Max Roth"\nemail = "max@muster.example"\n' in text
    assert text.count("source = ") == 4
    log = subprocess.run(["git", "log", "--format=%s"], cwd=ws, capture_output=True, text=True).stdout.splitlines()
    assert log[:3] == ["Capture: log a reviewed touchpoint for muster/lisa", "Capture: log 2 reviewed touchpoints",
                       "Capture 1 touchpoint from mail and calendars"]


async def test_without_sources_the_screen_says_what_to_do(ws):
    app = make_app(ws, date(2026, 11, 20), me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5", "c")
        await settle(pilot, app)
        status = str(app.screen.query_one("#captured-status").render())
        assert status.startswith("Nothing to review · no capture sources configured")


async def test_c_without_sources_says_how_to_add_one_not_the_cli_options(ws):
    """The CLI's hint named --maildir DIR, --mbox FILE and --ics FILE, which cannot be typed in the app."""
    app = make_app(ws, date(2026, 11, 20), me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5", "c")
        await settle(pilot, app)
        said = [n.message for n in app._notifications if "no capture sources" in n.message]
    assert len(said) == 1 and "--maildir" not in said[0] and "then press c again" in said[0]
    assert "add [[capture.sources]] to " in said[0]
