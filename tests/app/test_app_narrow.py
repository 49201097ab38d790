"""The due list on a narrow terminal: What takes the room left and says with "…" that it goes on."""

from __future__ import annotations

from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle


def lines(table: StatusTable) -> list[str]:
    return ["".join(segment.text for segment in table.render_line(y)).rstrip() for y in range(table.size.height)]


async def test_what_is_cut_with_an_ellipsis_to_the_room_left(make):
    app = make()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        shown = lines(table)
        assert shown[2] == " ▲ overdue  34 d late   Muster GmbH  Get in touch with Jan…"
        assert shown[5] == " ● due      today       Print Ahoi   Reach out to Kai Ahoi"  # fits: not cut
        assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing off-screen
        await pilot.resize_terminal(120, 24)
        await settle(pilot, app)
        assert lines(table)[2] == " ▲ overdue  34 d late   Muster GmbH  Get in touch with Jana Weber"


async def test_a_long_form_on_80_by_24_drops_the_blank_lines_to_keep_its_error_in_sight(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n", "enter")  # the new-partner form, sent empty: "a partner needs a name"
        await settle(pilot, app)
        form, hint = app.screen.query_one("#form"), app.screen.query_one("#form-hint")
        assert "a partner needs a name" in str(app.screen.query_one("#form-error").render())
        assert app.screen.has_class("-compact") and form.max_scroll_y == 0
        assert hint.region.bottom <= form.region.bottom
        await pilot.resize_terminal(100, 30)
        await settle(pilot, app)
        assert not app.screen.has_class("-compact") and form.max_scroll_y == 0
