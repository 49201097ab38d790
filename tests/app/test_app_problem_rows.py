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
