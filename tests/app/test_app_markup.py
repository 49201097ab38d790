"""Names and notes are shown as written: square brackets in a file are text, never Textual markup."""

from __future__ import annotations

from textual.widgets import Static

from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, data, open_partner, row_text

NAME = "Muster [/b] GmbH [beta]"
CONTACT = "Jana [red]Weber"


def cells(table: StatusTable) -> list[str]:
    return [cell for i in range(table.row_count) for cell in row_text(table, i)]


async def test_brackets_in_names_are_text_on_every_screen_and_in_notifications(root, make):
    path = root / "partners" / "muster-gmbh.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name = "Muster GmbH"', f'name = "{NAME}"')
                    .replace('name = "Jana Weber"', f'name = "{CONTACT}"'), encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        due = app.screen.query_one(StatusTable)
        assert NAME in cells(due) and f"Get in touch with {CONTACT}" in cells(due)
        due.move_cursor(row=cells(due).index(NAME) // 5)
        await pilot.pause()
        assert str(app.screen.query_one("#explanation", Static).render()).startswith(f"{NAME}: ")
        screen = await open_partner(pilot, app, "muster-gmbh")
        assert CONTACT in cells(screen.query_one("#contacts", StatusTable))
        await pilot.press("l")
        await settle(pilot, app)
        assert NAME in str(app.screen.query_one("#form-title").render())
        await pilot.press(*"call", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        assert any(CONTACT in n.message for n in app._notifications)
    assert data(root, "muster-gmbh")["touchpoints"][-1]["contacts"] == ["jana"]
