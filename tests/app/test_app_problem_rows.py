"""A partner file with errors in the app: one problem row in the due list, a read-only partner screen, `e` edits."""

from __future__ import annotations

from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys, row_text


def break_stage(root) -> bytes:
    path = root / "partners" / "print-ahoi.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('owner = "anna"', 'stage = "prospekt"\nowner = "anna"'),
                    encoding="utf-8")
    return path.read_bytes()


async def test_the_due_list_shows_one_problem_row_and_e_edits_the_file(root, make):
    before = break_stage(root)
    app = make()
    edited = []
    app.edit_file = edited.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        keys = row_keys(table)
        assert [k for k in keys if "print-ahoi" in k] == ["problem:print-ahoi"]
        assert keys[0] == "problem:print-ahoi"
        assert row_text(table, 0)[-2:] == ["Print Ahoi", "1 problem in partners/print-ahoi.toml:3 — fix it (e)"]
        await pilot.press("e")
        await settle(pilot, app)
    assert edited == ["print-ahoi"]
    assert (root / "partners" / "print-ahoi.toml").read_bytes() == before


async def test_a_partner_with_errors_opens_read_only(root, make):
    before = break_stage(root)
    app = make()
    edited = []
    app.edit_file = edited.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.push_screen(PartnerScreen("print-ahoi"))
        await settle(pilot, app)
        screen = app.screen
        banner = str(screen.query_one("#read-only").render())
        assert screen.query_one("#read-only").display
        assert banner.startswith("⚠ Read-only: 1 problem in this file: partners/print-ahoi.toml:3:1: "
                                 "unknown stage 'prospekt'")
        assert "press e to edit the file" in banner
        head = str(screen.query_one("#head").render())  # the stage that stands in is not shown, nor computed from
        assert head.splitlines()[1].startswith("stage ⚠ unreadable · owner anna")
        assert "prospect" not in head and "vetting:" not in head
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert not offered & {"log_touch", "snooze", "edit_partner", "change_stage", "add_followup"}
        for key in ("l", "f", "s", "c"):
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen is screen  # no dialog opened
        await pilot.press("e")
        await settle(pilot, app)
    assert edited == ["print-ahoi"]
    assert (root / "partners" / "print-ahoi.toml").read_bytes() == before


async def test_the_partners_list_shows_a_file_with_errors_as_a_problem_row_read_or_not(root, make):
    """Loaded with an error or too broken to load, a partner stays in the list, first, with nothing read from its
    file but its name (the stage it shows would be the default that stands in for "prospekt")."""
    break_stage(root)
    nord = root / "partners" / "nord-design.toml"
    nord.write_text(nord.read_text(encoding="utf-8") + "broken = [\n", encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert row_keys(table)[:2] == ["nord-design", "print-ahoi"]
        assert row_text(table, 0)[:5] == ["⚠ problem", "nord-design", "—", "", "—"]
        assert row_text(table, 1)[:5] == ["⚠ problem", "Print Ahoi", "—", "anna", "—"]
        assert len(row_keys(table)) == len(set(row_keys(table)))
        await pilot.press(*"stage:active")  # what is broken may be the stage: the rows stay in sight
        await settle(pilot, app)
        assert row_keys(table)[:2] == ["nord-design", "print-ahoi"]
        await pilot.press("down", "down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "print-ahoi"
        assert app.screen.query_one("#read-only").display


async def test_a_form_on_a_partner_with_errors_is_not_opened_from_any_list(root, make):
    """`l`, `f`, `s` on its problem row (due list, partners list) say why instead of opening a form that could only
    end in "nothing was written"; `x` on the due list's problem row edits the file, as its explanation says."""
    before = break_stage(root)
    app = make()
    edited = []
    app.edit_file = edited.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for screen_key in ("1", "2"):
            await pilot.press(screen_key)
            await settle(pilot, app)
            if screen_key == "2":
                await pilot.press("down")  # from the filter into the list: the problem row is first
            table = app.screen.query_one(StatusTable)
            assert "print-ahoi" in row_keys(table)[0]
            for key in ("l", "f", "s"):
                app.clear_notifications()
                await pilot.press(key)
                await settle(pilot, app)
                assert app.screen.query_one(StatusTable) is table, (screen_key, key)
                assert [n.message for n in app._notifications] == [
                    "Print Ahoi: its file has problems; nothing can be changed until they are fixed (e edits it, "
                    "! lists them)"], (screen_key, key)
        await pilot.press("1", "x")
        await settle(pilot, app)
    assert edited == ["print-ahoi"]
    assert (root / "partners" / "print-ahoi.toml").read_bytes() == before
