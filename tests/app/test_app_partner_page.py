"""The partner page uses the height it has: the timeline grows into the room left (issue 25). Pictures: the
history strip's snapshots in test_app_report (this partner at 80×24 and 120×40)."""

from __future__ import annotations

from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_snapshots import app_on, demo  # noqa: F401 - demo is a fixture

TO_PARTNER = ("2", *"alpenblick", "enter")  # 20 touchpoints, one contact table, no projects or agreements


async def open_alpenblick(pilot, app) -> PartnerScreen:
    await settle(pilot, app)
    for key in TO_PARTNER:
        await pilot.press(key)
    await settle(pilot, app)
    assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "alpenblick-events"
    return app.screen


async def test_the_timeline_grows_into_the_room_left_and_keeps_its_eleven_rows_on_a_small_screen(demo):
    app = app_on(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_alpenblick(pilot, app)
        body, timeline = screen.query_one("#body"), screen.query_one("#timeline", StatusTable)
        assert timeline.row_count == 20
        assert timeline.region.bottom == body.region.bottom  # down to the footer: no blank lines below
        assert timeline.size.height == 16 and body.max_scroll_y == 0  # 15 rows, not 11, and the page fits
        await pilot.resize_terminal(120, 50)
        await settle(pilot, app)
        assert timeline.size.height == 21  # every row (and the header): then the page ends
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert timeline.size.height == 12  # 11 rows and the header, as before; the page scrolls to them
        assert body.max_scroll_y > 0


async def test_a_short_timeline_is_as_high_as_its_rows(demo):
    app = app_on(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for key in ("2", *"fernweh", "enter"):  # one touchpoint
            await pilot.press(key)
        await settle(pilot, app)
        assert app.screen.query_one("#timeline", StatusTable).size.height == 2



async def test_the_title_does_not_repeat_the_partner_name_the_page_starts_with(demo):
    from tests.app.pictures import screen_lines

    app = app_on(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_alpenblick(pilot, app)
        lines = screen_lines(app.export_screenshot())
    assert "Alpenblick" not in lines[0] and lines[0].strip().endswith("Anna Berger · Kooperationen — sync: not a repo")
    assert lines[1] == " Alpenblick Events"


async def test_every_table_on_the_page_fits_80_columns_its_free_text_last_and_cut_with_an_ellipsis(demo):
    """A note or a follow-up's text runs long: it is the last column, cut with "…" where the room ends, so no
    column (the timeline's By, a follow-up's Done) is left off-screen to the right without a sign."""
    app = app_on(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_alpenblick(pilot, app)
        timeline = screen.query_one("#timeline", StatusTable)
        screen.set_focus(timeline)
        await settle(pilot, app)
        assert [str(c.label) for c in timeline.ordered_columns][-2:] == ["By", "Note"]
        assert timeline.virtual_size.width <= timeline.scrollable_content_region.width
        assert max(len(str(timeline.get_row_at(i)[-1])) for i in range(timeline.row_count)) > (
            timeline.ordered_columns[-1].get_render_width(timeline))  # so the notes are cut, not the table
        for name, last in (("followups", "Follow-up"), ("projects", "Note"), ("agreements", "Text")):
            assert str(screen.query_one(f"#{name}", StatusTable).ordered_columns[-1].label) == last
            assert screen.query_one(f"#{name}", StatusTable).fit_last, name
