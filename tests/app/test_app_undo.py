"""`u` undoes koop's last change with a new change, `ctrl+r` redoes it, for every kind of change the app makes
(log, add, edit and delete of each record kind, snooze, done, reviewed, vetting, contact left, a new partner,
and the bulk actions: campaign, triage, handover, each undone whole); the toast names it; a record changed since
is refused with the file untouched (a bulk action: all its files)."""

from __future__ import annotations

import pytest

from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import press, settle
from tests.app.test_app_edit_records import select
from tests.app.test_app_flows import fill

MUSTER = "partners/muster-gmbh.toml"


def told(app) -> list[str]:
    return [n.message for n in app._notifications]


async def log_call(pilot, app):
    await press(pilot, app, "l")
    await fill(pilot, app, kind="call", note="Talked offers")
    await press(pilot, app, "enter")


async def edit_touch(pilot, app):
    await select(pilot, app.screen, "timeline", "t1aa")
    await press(pilot, app, "enter")
    await fill(pilot, app, note="Edited")
    await press(pilot, app, "enter")


async def delete_followup(pilot, app):
    await select(pilot, app.screen, "followups", "f1aa")
    await press(pilot, app, "d")
    await press(pilot, app, "y")


async def edit_partner(pilot, app):
    await press(pilot, app, "p")
    await fill(pilot, app, cadence="21", tags="vip")
    await press(pilot, app, "enter")


async def followup_done(pilot, app):
    await select(pilot, app.screen, "followups", "f1aa")
    await press(pilot, app, "x")


async def change_stage(pilot, app):
    await press(pilot, app, "t")
    await fill(pilot, app, stage="dormant")
    await press(pilot, app, "enter")


async def snooze_partner(pilot, app):
    await press(pilot, app, "s")
    await fill(pilot, app, until="2026-12-24")
    await press(pilot, app, "enter")


async def end_project(pilot, app):
    await select(pilot, app.screen, "projects", "p1aa")
    await press(pilot, app, "E")
    await fill(pilot, app, end="2026-11-20")
    await press(pilot, app, "enter")


async def agreement_reviewed(pilot, app):
    await select(pilot, app.screen, "agreements", "g1aa")
    await press(pilot, app, "x")
    await fill(pilot, app, review="2027-12-14")
    await press(pilot, app, "enter")


async def vetting_checklist(pilot, app):
    await press(pilot, app, "V")
    await fill(pilot, app, contribution="Fast print runs", anchoring="established")
    await press(pilot, app, "enter")


async def edit_in_form(pilot, app, table, key, **typed):
    await select(pilot, app.screen, table, key)
    await press(pilot, app, "enter")
    await fill(pilot, app, **typed)
    await press(pilot, app, "enter")


async def delete(pilot, app, table, key, *answer):
    await select(pilot, app.screen, table, key)
    await press(pilot, app, "d")
    await press(pilot, app, *(answer or ("y",)))


async def add_in_form(pilot, app, key, **typed):
    await press(pilot, app, key)
    await fill(pilot, app, **typed)
    await press(pilot, app, "enter")


async def edit_followup(pilot, app):
    await edit_in_form(pilot, app, "followups", "f1aa", text="Send the offer")


async def edit_project(pilot, app):
    await edit_in_form(pilot, app, "projects", "p1aa", note="Phase two")


async def edit_agreement(pilot, app):
    await edit_in_form(pilot, app, "agreements", "g1aa", text="12 % on referrals")


async def edit_contact(pilot, app):
    await edit_in_form(pilot, app, "contacts", "jana", role="CEO")


async def delete_touch(pilot, app):
    await delete(pilot, app, "timeline", "t2bb")


async def delete_project(pilot, app):
    await delete(pilot, app, "projects", "p1aa")


async def delete_agreement(pilot, app):
    await delete(pilot, app, "agreements", "g1aa")


async def delete_contact(pilot, app):
    await delete(pilot, app, "contacts", "jana", "1")  # her touchpoints, follow-up and project to Tom


async def contact_left(pilot, app):
    await select(pilot, app.screen, "contacts", "jana")
    await add_in_form(pilot, app, "L", left="2026-11-20", successor="Tom Berg")


async def add_followup(pilot, app):
    await add_in_form(pilot, app, "f", text="Call back", due="2026-12-01")


async def add_contact(pilot, app):
    await add_in_form(pilot, app, "n", name="Max Muster", role="Sales")


async def add_project(pilot, app):
    await add_in_form(pilot, app, "P", name="Shop 2")


async def add_agreement(pilot, app):
    await add_in_form(pilot, app, "A", what="other", text="Swap leads")


@pytest.mark.parametrize("change, said", [
    (change_stage, "set stage=dormant for Muster GmbH"),
    (snooze_partner, "snooze Jana Weber (Muster GmbH) until 2026-12-24"),
    (end_project, "end project 'Relaunch shop' with Muster GmbH"),
    (agreement_reviewed, "review agreement referral-commission (Muster GmbH): next review 2027-12-14"),
    (vetting_checklist, "set contribution=Fast print runs, anchoring=established for the vetting of Muster GmbH"),
    (log_call, "log call with Jana Weber (Muster GmbH)"),
    (edit_touch, "set note=Edited for call with Jana Weber on 2026-10-13 (Muster GmbH)"),
    (delete_followup, "delete follow-up 'Send offer' (Muster GmbH)"),
    (edit_partner, "set tags=vip, cadence=21 for Muster GmbH"),
    (followup_done, "complete follow-up 'Send offer' (Muster GmbH)"),
    (edit_followup, "set text=Send the offer for follow-up 'Send offer' (Muster GmbH)"),
    (edit_project, "set note=Phase two for project 'Relaunch shop' (Muster GmbH)"),
    (edit_agreement, "set text=12 % on referrals for agreement referral-commission ('10 % on referrals') (Muster GmbH)"),
    (edit_contact, 'set role=CEO for Jana Weber (Muster GmbH)'),
    (delete_touch, 'delete mail with Tom Berg on 2026-11-13 (Muster GmbH)'),
    (delete_project, "delete project 'Relaunch shop' (Muster GmbH)"),
    (delete_agreement, "delete agreement referral-commission ('10 % on referrals') (Muster GmbH)"),
    (delete_contact, 'delete Jana Weber (Muster GmbH)'),
    (contact_left, 'set left=2026-11-20, successor=tom; 1 open follow-up to tom for Jana Weber (Muster GmbH)'),
    (add_followup, "add follow-up 'Call back' for Muster GmbH"),
    (add_contact, 'add contact Max Muster to Muster GmbH'),
    (add_project, "start project 'Shop 2' with Muster GmbH"),
    (add_agreement, 'add agreement (other) with Muster GmbH'),
])
async def test_u_undoes_and_ctrl_r_redoes(root, partner_page, change, said):
    before = (root / MUSTER).read_bytes()
    async with partner_page("muster-gmbh") as (pilot, app, screen):
        await change(pilot, app)
        assert app.screen is screen
        after = (root / MUSTER).read_bytes()
        assert after != before
        await press(pilot, app, "u")
        assert f"Undid: {said}" in told(app)
        assert (root / MUSTER).read_bytes() == before
        rows = [k.value for k in screen.query_one("#followups", StatusTable).rows]
        assert rows == ["f1aa"]  # the screen shows the file as it is again
        await press(pilot, app, "ctrl+r")
        assert f"Redid: {said}" in told(app)
        import tomllib
        assert tomllib.loads((root / MUSTER).read_text()) == tomllib.loads(after.decode())


async def test_undo_of_a_record_changed_since_is_refused(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await edit_touch(pilot, app)
        path = root / MUSTER
        path.write_text(path.read_text().replace('note = "Edited"', 'note = "By hand"'))
        before = path.read_bytes()
        await press(pilot, app, "u")
        assert isinstance(app.screen, PartnerScreen)
        assert any(m.startswith("cannot undo 'Set note=Edited for call with Jana Weber on 2026-10-13 (Muster GmbH)': "
                                "touchpoint t1aa of Muster GmbH was changed since") for m in told(app))
        assert path.read_bytes() == before


async def test_u_in_a_text_field_is_text(root, partner_page):
    async with partner_page("muster-gmbh") as (pilot, app, _screen):
        await press(pilot, app, "l", "u")
        assert app.screen.query_one("#field-kind").value == "u"
        assert not any(m.startswith("Undid") or m.startswith("nothing") for m in told(app))


def files(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "partners").iterdir()}


def partners(root) -> dict:
    """The partners as koop reads them (an undone owner equal to the default owner is left out of the file)."""
    from koop_tui.store import load_workspace

    return load_workspace(root).partners


async def campaign_bulk(pilot, app):
    await press(pilot, app, "3")
    await press(pilot, app, "space", "space")
    await press(pilot, app, "x")


async def triage_two(pilot, app):
    app.screen.query_one(StatusTable).move_cursor(row=[k.value for k in app.screen.query_one(StatusTable).rows]
                                                  .index("triage"))
    await press(pilot, app, "enter")
    await press(pilot, app, "space", "space")
    await press(pilot, app, "t")
    await fill(pilot, app, stage="active", cadence="14")
    await press(pilot, app, "enter")


async def hand_over(pilot, app):
    await press(pilot, app, "4")
    await press(pilot, app, "h")
    await press(pilot, app, "a", "tab", *"zoe", "enter")
    await press(pilot, app, "enter")  # zoe owns no partners yet: the second Enter hands them over


@pytest.mark.parametrize("change, said, changed", [
    (campaign_bulk, "log card with 2 partners (Christmas cards)", {"lingua-team.toml", "muster-gmbh.toml"}),
    (triage_two, "sort 2 imported partners: stage active, cadence 14", {"ada.toml", "bo.toml"}),
    (hand_over, "hand over anna's partners to zoe (3 partners)",
     {"muster-gmbh.toml", "print-ahoi.toml", "lingua-team.toml"}),
])
async def test_one_u_undoes_a_bulk_action_whole_and_ctrl_r_redoes_it(root, make, change, said, changed):
    from tests.app.test_app_triage import write_imported

    if change is triage_two:
        write_imported(root)
    before, read_before = files(root), partners(root)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await change(pilot, app)
        after, read_after = files(root), partners(root)
        assert {name for name in after if after[name] != before[name]} == changed
        await press(pilot, app, "u")
        assert f"Undid: {said}" in told(app)
        assert partners(root) == read_before
        await press(pilot, app, "ctrl+r")
        assert f"Redid: {said}" in told(app)
        assert partners(root) == read_after


async def test_undo_of_a_bulk_action_changed_since_in_one_file_is_refused_whole(root, make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await hand_over(pilot, app)
        path = root / "partners" / "print-ahoi.toml"
        path.write_text(path.read_text().replace('owner = "zoe"', 'owner = "ben"'))
        before = files(root)
        await press(pilot, app, "u")
        assert ("cannot undo 'Hand over anna's partners to zoe (3 partners)': owner of Print Ahoi was changed "
                "since (nothing of its 3 partner files was undone)\n  hint: a later change touched it; change it "
                "back by hand (koop set, the app)") in told(app)
        assert files(root) == before


async def test_u_undoes_a_new_partner_by_removing_its_unchanged_file(root, make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "2", "down")  # from the filter into the list
        await press(pilot, app, "n")
        await fill(pilot, app, name="Acme AG")
        await press(pilot, app, "enter")
        path = root / "partners" / "acme-ag.toml"
        created = path.read_bytes()
        await press(pilot, app, "escape")
        await press(pilot, app, "u")
        assert "Undid: new partner Acme AG" in told(app)
        assert not path.exists()
        await press(pilot, app, "ctrl+r")
        assert "Redid: new partner Acme AG" in told(app)
        assert path.read_bytes() == created


async def test_the_undo_toast_speaks_german_while_the_journal_stays_english(root, make):
    from koop_tui import i18n
    from koop_tui.store import journal

    i18n.use("de")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "2", "down")
        await press(pilot, app, "n")
        await fill(pilot, app, name="Acme AG")
        await press(pilot, app, "enter")
        await press(pilot, app, "escape")
        await press(pilot, app, "u")
        assert "Rückgängig gemacht: Neuer Partner Acme AG" in told(app)
        await press(pilot, app, "ctrl+r")
        assert "Wiederholt: Neuer Partner Acme AG" in told(app)
    assert [str(e.message) for e in journal.read(root)][0] == "New partner Acme AG"


async def test_nothing_to_undo_or_redo_is_a_warning_saying_so_not_an_error_titled_not_saved(make):
    app = make()
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await press(pilot, app, "u")
        await press(pilot, app, "ctrl+r")
    said = [(n.title, n.severity, n.message.splitlines()[0]) for n in app._notifications]
    assert said == [("Nothing undone", "warning", "nothing to undo"), ("Nothing redone", "warning", "nothing to redo")]
