"""Forms that edit an existing record save only what the person changed, against the values they showed: a field
changed on disk meanwhile survives, and one the person changed too asks mine / theirs / edit."""

from __future__ import annotations

from datetime import date

import pytest

from koop_tui.app.dialogs.base import FormDialog
from koop_tui.app.dialogs.choice import ChoiceDialog
from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.store import Store
from tests.app.conftest import changed_on_disk, settle
from tests.app.test_app_flows import data, fill


def elsewhere(root, slug, contact=None, **changes):
    """Another koop (the CLI, a teammate's sync) changes the file while the form is open."""
    Store(root).set_fields(slug, contact, changes)


async def saved_with_disk_change(pilot, app, root, key, *, change, typed):
    """Open the form with `key`, change the file on disk, let the app's background refresh see it, type, save."""
    await pilot.press(key)
    await settle(pilot, app)
    assert isinstance(app.screen, FormDialog)
    await changed_on_disk(pilot, app, change)
    await fill(pilot, app, **typed)
    await pilot.press("enter")
    await settle(pilot, app)


async def test_partner_form_keeps_a_cli_change_it_did_not_touch(root, partner_page):
    """The reported case: cadence 30/tags agency,seo shown; the CLI sets cadence=21 tags=vip,seo; the person changes
    only the note: the CLI's values stay."""
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "p", typed={"note": "Key partner"},
                                     change=lambda: elsewhere(root, "muster-gmbh", cadence=21, tags=["vip", "seo"]))
        assert isinstance(app.screen, PartnerScreen)
    saved = data(root, "muster-gmbh")
    assert (saved["cadence"], saved["tags"], saved["note"]) == (21, ["vip", "seo"], "Key partner")


@pytest.mark.parametrize("choice, expected", [
    ("t", (21, ["vip", "seo"], "Key partner")),
    ("m", (25, ["vip", "seo", "print"], "Key partner")),
])
async def test_partner_form_asks_about_fields_changed_on_both_sides(root, partner_page, choice, expected):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await saved_with_disk_change(
            pilot, app, root, "p", typed={"cadence": "25", "tags": "vip, seo, print", "note": "Key partner"},
            change=lambda: elsewhere(root, "muster-gmbh", cadence=21, tags=["vip", "seo"]))
        assert isinstance(app.screen, ChoiceDialog)
        detail = str(app.screen.query_one("#detail").render())
        assert "Cadence: on disk now 21, you typed 25 (was (empty))" in detail
        assert "Tags: on disk now vip, seo, you typed vip, seo, print (was agency, seo)" in detail
        assert data(root, "muster-gmbh")["cadence"] == 21  # nothing written yet
        await pilot.press(choice)
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    saved = data(root, "muster-gmbh")
    assert (saved["cadence"], saved["tags"], saved["note"]) == expected


async def test_partner_form_edit_shows_the_disk_value_to_edit(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "p", typed={"cadence": "25"},
                                     change=lambda: elsewhere(root, "muster-gmbh", cadence=21))
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-cadence").value == "21"
        assert "you typed Cadence 25" in str(app.screen.query_one("#form-error").render())
        await fill(pilot, app, cadence="14")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    assert data(root, "muster-gmbh")["cadence"] == 14


async def test_theirs_on_the_only_changed_field_closes_the_form_writing_nothing(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "p", typed={"cadence": "25"},
                                     change=lambda: elsewhere(root, "muster-gmbh", cadence=21))
        before = (root / "partners" / "muster-gmbh.toml").read_bytes()
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        assert any(n.message == "Kept the values on disk: Cadence" for n in app._notifications)
    assert (root / "partners" / "muster-gmbh.toml").read_bytes() == before


async def test_contact_form_asks_and_keeps_the_rest(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "c", typed={"role": "CEO", "phone": "+49 1"},
                                     change=lambda: elsewhere(root, "muster-gmbh", "jana", role="Owner",
                                                              email="jana@muster.de"))
        assert isinstance(app.screen, ChoiceDialog)
        assert "Role: on disk now Owner, you typed CEO" in str(app.screen.query_one("#detail").render())
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    jana = data(root, "muster-gmbh")["contacts"][0]
    assert (jana["role"], jana["email"], jana["phone"]) == ("Owner", "jana@muster.de", "+49 1")


async def test_stage_change_against_a_stage_changed_on_disk(root, partner_page):
    async with partner_page("nord-design") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "t", typed={"stage": "ended"},
                                     change=lambda: elsewhere(root, "nord-design", stage="dormant"))
        assert isinstance(app.screen, ChoiceDialog)
        assert "New stage: on disk now dormant, you typed ended (was active)" in str(
            app.screen.query_one("#detail").render())
        await pilot.press("m")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    assert data(root, "nord-design")["stage"] == "ended"


async def test_contact_left_against_a_departure_recorded_on_disk(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "L", typed={"left": "2026-11-01"},
                                     change=lambda: elsewhere(root, "muster-gmbh", "jana", left=date(2026, 10, 1)))
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    assert str(data(root, "muster-gmbh")["contacts"][0]["left"]) == "2026-10-01"


async def test_snooze_against_a_snooze_set_on_disk(root, partner_page):
    async with partner_page("lingua-team") as (pilot, app, _screen):
        await saved_with_disk_change(pilot, app, root, "s", typed={"until": "2027-01-10"},
                                     change=lambda: elsewhere(root, "lingua-team", "eva",
                                                              snoozed_until=date(2027, 3, 1)))
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("m")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    assert str(data(root, "lingua-team")["contacts"][0]["snoozed_until"]) == "2027-01-10"
