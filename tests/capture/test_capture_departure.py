"""A "may have left" follow-up raised by capture is confirmed with the contact-left flow: `x` in the app asks
left or still there and opens the contact-left form; `koop set PARTNER/CONTACT left=... successor=...` on the
command line, as the due item's explanation says. Either way the check is done, not handed to the successor."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from koop_tui.app.app import make_app
from koop_tui.app.dialogs.choice import ChoiceDialog
from koop_tui.app.dialogs.contact_left import ContactLeftDialog
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.capture.conftest import day, mail, maildir

pytestmark = pytest.mark.timeout(120)


def captured_departure(ws, tmp_path, koop) -> str:
    """Capture Jana's auto-reply saying she left, and give a plain follow-up of hers; the check's id."""
    box = maildir(tmp_path / "mail", [
        mail("jana@muster.example", "anna@me.example", "Automatische Antwort", day(2), "<g1@x>",
             "Frau Weber ist nicht mehr im Unternehmen.", Auto_Submitted="auto-replied")])
    assert koop("capture", "--maildir", str(box), cwd=ws)[0] == 0
    assert koop("add", "followup", "muster/jana", "Send the offer", "--due", "2026-11-25", cwd=ws)[0] == 0
    (check,) = [f for f in partner(ws)["followups"] if "may have left" in f["text"]]
    return check["id"]


def partner(ws) -> dict:
    return tomllib.loads((ws / "partners" / "muster.toml").read_text())


def test_the_due_item_names_the_command_and_koop_set_confirms_it(ws, tmp_path, koop):
    check = captured_departure(ws, tmp_path, koop)
    code, out, _ = koop("due", cwd=ws)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "Jana Weber may have left Muster GmbH" in line)
    assert lines[at + 1].strip() == (f"confirm: koop set muster/jana left=DATE successor=ID (in the app: x); "
                                     f"still there: koop done muster/{check}")
    code, out, err = koop("set", "muster/jana", "left=2026-11-15", "successor=tom", cwd=ws)
    assert (code, err) == (0, "")
    assert out == ("Set left=2026-11-15, successor=tom for Jana Weber (Muster GmbH); 1 open follow-up moved to tom; "
                   "the check whether they left is done\n")
    followups = {f["id"]: f for f in partner(ws)["followups"]}
    assert (followups[check]["contact"], str(followups[check]["done"])) == ("jana", "2026-11-18")  # due that day
    (offer,) = [f for f in followups.values() if f["text"] == "Send the offer"]
    assert (offer["contact"], "done" in offer) == ("tom", False)
    assert "may have left" not in koop("due", cwd=ws)[1]


def app_on(ws):
    return make_app(ws, date(2026, 11, 20), me="anna", watch_interval=None, keymap={})


async def answer_x(pilot, app, check: str, answer: str) -> None:
    """On the due list: the cursor on the check's row, x, the question, then `answer`."""
    await settle(pilot, app)
    table = app.screen.query_one(StatusTable)
    table.move_cursor(row=[key.value for key in table.rows].index(f"followup:muster/{check}"))
    await pilot.press("x")
    await settle(pilot, app)
    assert isinstance(app.screen, ChoiceDialog)
    assert app.screen.question == "Has Jana Weber left Muster GmbH?"
    await pilot.press(answer)
    await settle(pilot, app)


async def test_x_on_the_due_row_asks_and_runs_the_contact_left_form(ws, tmp_path, koop):
    check = captured_departure(ws, tmp_path, koop)
    app = app_on(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_x(pilot, app, check, "l")
        assert isinstance(app.screen, ContactLeftDialog)
        app.screen.query_one("#field-successor").value = "tom"
        await pilot.press("enter")
        await settle(pilot, app)
        assert list(app._notifications)[-1].message == ("Jana Weber left · 1 open follow-up now with Tom Berg"
                                                        " · the check whether they left is done")
        assert f"followup:muster/{check}" not in [key.value for key in app.screen.query_one(StatusTable).rows]
    jana = next(c for c in partner(ws)["contacts"] if c["id"] == "jana")
    assert (str(jana["left"]), jana["successor"]) == ("2026-11-20", "tom")
    followups = {f["id"]: f for f in partner(ws)["followups"]}
    assert (followups[check]["contact"], str(followups[check]["done"])) == ("jana", "2026-11-20")


async def test_still_there_marks_the_check_done_and_changes_nothing_else(ws, tmp_path, koop):
    check = captured_departure(ws, tmp_path, koop)
    app = app_on(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_x(pilot, app, check, "s")
        assert list(app._notifications)[-1].message == "Follow-up done"
    followups = {f["id"]: f for f in partner(ws)["followups"]}
    assert str(followups[check]["done"]) == "2026-11-20"
    assert "left" not in next(c for c in partner(ws)["contacts"] if c["id"] == "jana")
