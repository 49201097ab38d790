"""ctrl+f searches the whole workspace as you type; Enter on a result opens its partner; a save is found."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.screens.search import SearchScreen
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.model import Touchpoint
from tests.app.conftest import settle
from tests.app.workspace import TODAY

SIZE = (80, 24)


def cells(table: StatusTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_search_follows_each_key_and_enter_opens_the_partner(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f")
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"talked q")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert cells(table) == [["Muster GmbH", "touchpoint t1aa", "[Talked] about [Q1]."]]
        assert str(app.screen.query_one("#said", Static).render()).startswith("1 found")
        await pilot.press("enter", "enter")  # into the results, then open
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "muster-gmbh"


async def test_a_change_saved_in_the_app_is_found(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.backend.search("anything")  # the index is open and current
        app.backend.change("log_touch", "muster-gmbh", Touchpoint("", TODAY, "call", "mutual", ["jana"],
                                                                  "Zeppelin launch", "anna"))
        await pilot.press("ctrl+f")
        await settle(pilot, app)
        app.screen.query_one("#words", Input).value = "zeppelin"
        await settle(pilot, app)
        assert [row[0] for row in cells(app.screen.query_one(StatusTable))] == ["Muster GmbH"]
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, SearchScreen)


@pytest.mark.parametrize("to_screen", [(), ("enter",), ("3",), ("4",)], ids=["due", "partner", "campaigns", "report"])
async def test_slash_where_there_is_no_filter_opens_the_search_and_the_words_typed_fire_no_key(make, root, to_screen):
    """`/` searches where the screen has no filter of its own, so "talked q" is a query, not keys (`s` snoozed)."""
    before = {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.screen.query_one(StatusTable).row_count
        await pilot.press(*to_screen)
        await settle(pilot, app)
        await pilot.press("slash", *"talked q")
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#words", Input).value == "talked q"
        assert cells(app.screen.query_one(StatusTable)) == [["Muster GmbH", "touchpoint t1aa", "[Talked] about [Q1]."]]
        await pilot.press("escape")
        await settle(pilot, app)
    assert {p.name: p.read_bytes() for p in (root / "partners").iterdir()} == before
