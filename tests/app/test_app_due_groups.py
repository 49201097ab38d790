"""The due list shows one row per campaign; Enter on it opens the Campaigns screen on that campaign."""

from __future__ import annotations

from koop_tui.app.screens.campaigns import CampaignsScreen
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, data, row_keys


async def test_campaign_is_one_row_that_opens_the_campaign(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        keys = row_keys(table)
        assert "campaign:xmas" in keys and not [k for k in keys if k.startswith("campaign:xmas/")]
        row = table.get_row("campaign:xmas")
        assert [str(cell) for cell in row] == ["● due", "by 12-20", "Campaign", "Christmas cards: 2 partners missing"]
        table.move_cursor(row=keys.index("campaign:xmas"))
        await pilot.pause()
        assert str(app.screen.query_one("#explanation").render()) == (
            "Campaign: Christmas cards by 2026-12-20 (window from 2026-11-20); 2 partners missing, log card or gift "
            "when done; to clear: enter opens the campaign, x marks partners done (space: several), or koop log "
            "PARTNER KIND for each")
        await pilot.press("l")  # a whole campaign: its screen, where l and x act on one partner
        await settle(pilot, app)
        assert isinstance(app.screen, CampaignsScreen) and app.screen.campaign.id == "xmas"
        head = app.screen.query_one("#campaign")
        assert str(head.render()).startswith("Christmas cards: 0 of 2 done, 2 missing · mine (anna) · window")
        rows = app.screen.query_one(StatusTable)
        assert [str(c.label) for c in rows.columns.values()] == ["Status", "Partner", "Stage", "Done on"]
        await pilot.press("m")  # everyone's, as on the due list, with their owners
        await settle(pilot, app)
        assert str(head.render()).startswith("Christmas cards: 0 of 3 done, 3 missing · all owners · window")
        assert [str(c.label) for c in rows.columns.values()] == ["Status", "Partner", "Owner", "Stage", "Done on"]
        await pilot.press("1")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        await pilot.press("m")
        await settle(pilot, app)
        assert [str(c) for c in table.get_row("campaign:xmas")[2:]] == ["", "Campaign", "Christmas cards: 3 partners missing"]
        assert [str(c.label) for c in table.columns.values()] == ["Status", "Due", "Owner", "Partner", "What"]
        table.move_cursor(row=row_keys(table).index("campaign:xmas"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, CampaignsScreen) and app.screen.campaign.id == "xmas"
        assert str(app.screen.query_one("#campaign").render()).startswith("Christmas cards: 0 of 3 done")


async def test_logging_the_campaign_kind_shrinks_the_row_after_the_save(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        table.move_cursor(row=row_keys(table).index("followup:muster-gmbh/f1aa"))
        await pilot.press("l")
        await pilot.press(*"card", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen)
        assert str(table.get_row("campaign:xmas")[3]) == "Christmas cards: 1 partner missing"
        members = [i.partner for i in app.screen.items["campaign:xmas"].members]
        assert members == ["lingua-team"]
    assert [t["kind"] for t in data(root, "muster-gmbh")["touchpoints"]][-1] == "card"
