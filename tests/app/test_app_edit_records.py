"""Every record of a partner page is edited with `enter` and deleted with `d` (asking, naming the record); the
record forms keep a change made on disk meanwhile and ask about fields changed on both sides."""

from __future__ import annotations

from datetime import date

import pytest

from koop_tui.app.dialogs.base import FormDialog
from koop_tui.app.dialogs.choice import ChoiceDialog
from koop_tui.app.dialogs.confirm import ConfirmDialog
from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.store import Store
from tests.app.conftest import changed_on_disk, settle
from tests.app.test_app_flows import SIZE, data, fill, open_partner


async def select(pilot, screen, table: str, key: str) -> None:
    widget = screen.query_one(f"#{table}", StatusTable)
    widget.focus()
    widget.move_cursor(row=[k.value for k in widget.rows].index(key))
    await pilot.pause()


async def edit(pilot, app, table, key, screen=None, **typed):
    screen = screen or await open_partner(pilot, app, "muster-gmbh")
    await select(pilot, screen, table, key)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, FormDialog)
    await fill(pilot, app, **typed)
    await pilot.press("enter")
    await settle(pilot, app)
    return screen


async def test_enter_edits_a_touchpoint(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await edit(pilot, app, "timeline", "t1aa", kind="meeting", contact="Jana Weber, Tom",
                            note="Lunch, not a call")
        assert app.screen is screen
        assert screen.query_one("#timeline", StatusTable).get_row("t1aa")[2] == "meeting"
    t1 = data(root, "muster-gmbh")["touchpoints"][0]
    assert (t1["kind"], t1["contacts"], t1["note"], str(t1["date"])) == (
        "meeting", ["jana", "tom"], "Lunch, not a call", "2026-10-13")


async def test_enter_edits_a_followup_and_reopens_it(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await edit(pilot, app, "followups", "f1aa", text="Send the offer", due="2026-12-01", contact="")
    f1 = data(root, "muster-gmbh")["followups"][0]
    assert (f1["text"], str(f1["due"]), "contact" in f1) == ("Send the offer", "2026-12-01", False)


async def test_enter_edits_a_project_and_an_agreement(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await edit(pilot, app, "projects", "p1aa", end="2026-11-20", contacts="jana, tom")
        await edit(pilot, app, "agreements", "g1aa", screen, review="2027-01-15")
        assert isinstance(app.screen, PartnerScreen)
    saved = data(root, "muster-gmbh")
    assert (str(saved["projects"][0]["end"]), saved["projects"][0]["contacts"]) == ("2026-11-20", ["jana", "tom"])
    assert str(saved["agreements"][0]["review"]) == "2027-01-15"
    assert saved["agreements"][0]["text"] == "10 % on referrals"


async def test_enter_on_an_unchanged_form_says_nothing_changed(root, make):
    before = (root / "partners" / "muster-gmbh.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await edit(pilot, app, "timeline", "t2bb")
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#form-error").render()) == "Nothing changed"
    assert (root / "partners" / "muster-gmbh.toml").read_bytes() == before


@pytest.mark.parametrize("table, key, gone", [
    ("timeline", "t1aa", "touchpoints"), ("followups", "f1aa", "followups"),
    ("projects", "p1aa", "projects"), ("agreements", "g1aa", "agreements"),
])
async def test_d_deletes_a_record_after_asking(root, partner_page, table, key, gone):
    async with partner_page("muster-gmbh") as (pilot, app, screen):
        await select(pilot, screen, table, key)
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot, app)
        assert key in [r["id"] for r in data(root, "muster-gmbh")[gone]]
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert key not in [k.value for k in screen.query_one(f"#{table}", StatusTable).rows]
        assert any(n.message.startswith("Deleted ") for n in app._notifications)
    assert key not in [r["id"] for r in data(root, "muster-gmbh").get(gone, [])]
    assert question == {
        "t1aa": "Delete call with Jana Weber on 2026-10-13?", "f1aa": "Delete follow-up 'Send offer'?",
        "p1aa": "Delete project 'Relaunch shop'?",
        "g1aa": "Delete agreement referral-commission ('10 % on referrals')?"}[key]


@pytest.mark.parametrize("answer, expected", [("k", []), ("1", ["tom"])])
async def test_deleting_a_contact_with_touchpoints_asks_where_they_go(root, partner_page, answer, expected):
    async with partner_page("muster-gmbh") as (pilot, app, screen):
        await select(pilot, screen, "contacts", "jana")
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceDialog)
        assert "Jana Weber is named in 3 touchpoints, follow-ups or projects" in str(app.screen.query_one("#detail").render())
        await pilot.press(answer)
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    saved = data(root, "muster-gmbh")
    assert [c["id"] for c in saved["contacts"]] == ["tom"]
    assert saved["touchpoints"][0].get("contacts", []) == expected
    assert saved["followups"][0].get("contact") == (expected[0] if expected else None)
    assert saved["projects"][0]["contacts"] == expected if expected else "contacts" not in saved["projects"][0]


async def test_deleting_a_contact_nobody_names_just_asks(root, partner_page):
    async with partner_page("print-ahoi") as (pilot, app, screen):
        await select(pilot, screen, "contacts", "kai")
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.query_one("#question").render()) == "Delete Kai Ahoi?"
        await pilot.press("y")
        await settle(pilot, app)
    assert "contacts" not in data(root, "print-ahoi")


@pytest.mark.parametrize("table, key, records, change, typed, asked", [
    ("timeline", "t1aa", "touchpoints", {"note": "From the CLI"}, {"note": "From the form"}, "Note"),
    ("followups", "f1aa", "followups", {"due": date(2026, 12, 5)}, {"due": "2026-12-01"}, "Due"),
    ("projects", "p1aa", "projects", {"note": "CLI"}, {"note": "form"}, "Note"),
    ("agreements", "g1aa", "agreements", {"text": "12 %"}, {"text": "15 %"}, "Terms"),
])
async def test_record_forms_ask_about_a_field_changed_on_disk_too(root, partner_page, table, key, records, change, typed,
                                                                   asked):
    async with partner_page("muster-gmbh") as (pilot, app, screen):
        await select(pilot, screen, table, key)
        await pilot.press("enter")
        await settle(pilot, app)
        await changed_on_disk(pilot, app, lambda: Store(root).edit_record("muster-gmbh", records, key, change))
        await fill(pilot, app, **typed)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceDialog)
        assert str(app.screen.query_one("#detail").render()).startswith(f"{asked}: on disk now")
        await pilot.press("m")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    record = data(root, "muster-gmbh")[records][0]
    field, value = next(iter(typed.items()))
    assert str(record[{"note": "note", "due": "due", "text": "text"}[field]]) == value


async def test_a_touchpoint_form_keeps_a_disk_change_to_a_field_left_alone(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, screen):
        await select(pilot, screen, "timeline", "t1aa")
        await pilot.press("enter")
        await settle(pilot, app)
        await changed_on_disk(pilot, app, lambda: Store(root).edit_record("muster-gmbh", "touchpoints", "t1aa",
                                                                           {"contacts": ["tom"]}))
        await fill(pilot, app, note="Edited")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    t1 = data(root, "muster-gmbh")["touchpoints"][0]
    assert (t1["contacts"], t1["note"]) == (["tom"], "Edited")


@pytest.mark.parametrize("table, key, records, typed", [
    ("timeline", "t1aa", "touchpoints", {"note": "From the form"}),
    ("followups", "f1aa", "followups", {"due": "2026-12-01"}),
    ("projects", "p1aa", "projects", {"note": "form"}),
    ("agreements", "g1aa", "agreements", {"text": "15 %"}),
])
async def test_a_record_deleted_on_disk_while_its_form_is_open_is_said_so_not_by_its_id(root, partner_page, table, key,
                                                                                         records, typed):
    async with partner_page("muster-gmbh") as (pilot, app, screen):
        await select(pilot, screen, table, key)
        await pilot.press("enter")
        await settle(pilot, app)
        await changed_on_disk(pilot, app, lambda: Store(root).remove("muster-gmbh", records, key))
        await fill(pilot, app, **typed)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#form-error").render()) == (
            "Not saved: this record was deleted since the form opened (by koop rm, a sync or an editor); esc closes "
            "the form")
    assert key not in {r["id"] for r in data(root, "muster-gmbh").get(records, [])}
