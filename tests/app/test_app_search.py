"""ctrl+f searches the whole workspace as you type; Enter on a result opens its partner; a save is found."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Input, Static

from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.screens.search import FOUND, SearchScreen
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.model import Touchpoint
from tests.app.conftest import settle
from tests.app.test_app_keys import typed_at_once
from tests.app.workspace import TODAY

SIZE = (80, 24)


def cells(table: StatusTable) -> list[list[str]]:
    """The rows' texts, each bold and underlined span (a word found) shown in [ ]."""
    return [[marked(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def marked(cell) -> str:
    if not isinstance(cell, Text):
        return str(cell)
    out, at = [], 0
    for span in sorted(cell.spans, key=lambda s: s.start):
        assert span.style == FOUND
        out += [cell.plain[at:span.start], "[", cell.plain[span.start:span.end], "]"]
        at = span.end
    return "".join(out) + cell.plain[at:]


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
        assert cells(table) == [["Muster GmbH", "touchpoint 2026-10-13", "[Talked] about [Q1]."]]
        assert str(app.screen.query_one("#said", Static).render()).startswith("1 found")
        await pilot.press("enter", "enter")  # into the results, then open
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "muster-gmbh"
        timeline = app.screen.query_one("#timeline", StatusTable)
        assert timeline.has_focus and timeline.current_key == "t1aa"  # at the record found


@pytest.mark.parametrize(("words", "table", "record", "logged_with"), [
    ("tom berg", "contacts", "tom", "Tom Berg"),
    ("send off", "followups", "f1aa", "Jana Weber"),
    ("relaunch", "projects", "p1aa", ""),
    ("referral-comm", "agreements", "g1aa", ""),
])
async def test_enter_opens_the_partner_at_the_record_found_and_l_logs_with_its_contact(make, words, table, record,
                                                                                      logged_with):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f", *words)
        await settle(pilot, app)
        await pilot.press("down")
        await settle(pilot, app)
        if logged_with:
            await pilot.press("l")
            await settle(pilot, app)
            assert app.screen.query_one("#field-contact", Input).value == logged_with
            await pilot.press("escape")
            await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "muster-gmbh"
        found = app.screen.query_one(f"#{table}", StatusTable)
        assert found.has_focus and found.current_key == record
        region = app.screen.query_one("#body").scrollable_content_region
        assert found.region.overlaps(region)  # scrolled into sight at 80×24


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


@pytest.mark.parametrize("how", ["capture", "outside"])
async def test_a_change_made_by_capture_or_outside_the_app_is_found(make, root, how):
    """Every way the loaded workspace changes brings the index up to date before the next search: a capture
    accepted in the app (Backend.on_store) was not, so its touchpoints were not found until another change."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.backend.search("zeppelin") == []  # the index is open and current
        touch = Touchpoint("", TODAY, "mail", "mutual", ["jana"], "Zeppelin launch", "anna")
        if how == "capture":
            app.backend.on_store(lambda store: store.log_touch("muster-gmbh", touch))
        else:
            from koop_tui.store import Store

            Store(root).log_touch("muster-gmbh", touch)  # another process: koop log, a hook, an editor
            app.backend.refresh()
        assert [h.slug for h in app.backend.search("zeppelin")] == ["muster-gmbh"]


async def test_a_match_far_into_a_long_note_is_shown_with_the_note_cut_in_front(make):
    """At 80 columns the Found column is narrow: the match shows, the note before it is cut with "…"."""
    from tests.app.pictures import screen_lines

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        note = "Answered their long question about the usage rights of the photos, and the licences"
        app.backend.change("log_touch", "muster-gmbh", Touchpoint("", TODAY, "mail", "gave", ["jana"], note, "anna"))
        await pilot.press("ctrl+f", *"licen")
        await settle(pilot, app)
        row = next(line for line in screen_lines(app.export_screenshot()) if line.startswith(" Muster GmbH"))
        assert row.endswith(" …rights of the photos, and the licences"), row  # the match in bold, underlined
        found = cells(app.screen.query_one(StatusTable))[0][2]
        assert found == "…long question about the usage rights of the photos, and the [licences]"  # wider than the room


@pytest.mark.parametrize("to_screen", [(), ("2", "escape"), ("enter",), ("3",), ("4",)],
                         ids=["due", "partners", "partner", "campaigns", "report"])
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
        assert cells(app.screen.query_one(StatusTable)) == [["Muster GmbH", "touchpoint 2026-10-13", "[Talked] about [Q1]."]]
        await pilot.press("escape")
        await settle(pilot, app)
    assert {p.name: p.read_bytes() for p in (root / "partners").iterdir()} == before


async def search_talked_and_open_at_once(pilot, app) -> None:
    """ctrl+f, `talked`, then Down and Enter typed at once."""
    await settle(pilot, app)
    await pilot.press("ctrl+f", *"talked")
    await settle(pilot, app)
    typed_at_once(app, "down", "enter")
    await settle(pilot, app)


async def test_down_and_enter_typed_at_once_open_the_partner(make):
    """Down ran only once it had bubbled up to the app, and the box's own Enter, behind it, had already run:
    the Enter that was to open the result only moved into the list."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await search_talked_and_open_at_once(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        assert app.screen.query_one("#timeline", StatusTable).current_key == "t1aa"


async def test_typing_in_the_results_goes_on_in_the_search(make):
    """Back on the results from a partner, words typed go on in the search as on the partners list: "tom" was
    `t` (nothing) and `m`, and an unbound letter fired whatever the app binds it to; bound keys still act."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f", *"talked", "down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.query_one(StatusTable).has_focus
        await pilot.press(*" about")  # `b`, `o`, `u`, `t` are bound to nothing here; ` about` arrives whole
        await settle(pilot, app)
        box = screen.query_one("#words", Input)
        assert app.screen is screen and box.has_focus and box.value == "talked about"
        assert cells(screen.query_one(StatusTable)) == [["Muster GmbH", "touchpoint 2026-10-13", "[Talked] [about] Q1."]]
        await pilot.press("down", "l")  # a bound key acts on the result
        await settle(pilot, app)
        assert type(app.screen).__name__ == "LogTouchDialog" and app.screen.slug == "muster-gmbh"


async def test_a_bound_key_and_the_letters_behind_it_typed_at_once_open_its_form_with_them(make):
    """Back on the results, `fixe` typed at once lost its `f`: the letters behind it reached the list before `f`
    ran, went to the search box, and `f` then ran nowhere. `f` opens the follow-up form, "ixe" goes into it."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await search_talked_and_open_at_once(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        search = app.screen
        typed_at_once(app, "f", "i", "x", "e")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "FollowUpDialog"
        assert app.screen.query_one("#field-text", Input).value == "ixe"
        assert search.query_one("#words", Input).value == "talked"


@pytest.mark.parametrize(("words", "where"), [
    ("send off", "follow-up 2026-11-21"),
    ("relaunch", "project Relaunch shop"),
    ("tom berg", "contact tom"),
])
async def test_where_names_a_record_as_its_partner_page_does_not_by_a_random_id(make, words, where):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f", *words)
        await settle(pilot, app)
        assert cells(app.screen.query_one(StatusTable))[0][1] == where


async def test_a_partner_file_that_cannot_be_read_is_named_as_not_searched(make, root):
    """'Nothing matches' is not known of it: the line under the results says so, and ! shows why."""
    from koop_tui.app.screens.problems import ProblemsScreen

    (root / "partners" / "zz-broken.toml").write_text('name = "Talked Q\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f", *"talked q")
        await settle(pilot, app)
        assert str(app.screen.query_one("#said", Static).render()).splitlines() == [
            "1 found; Down, then Enter opens the partner at it",
            "1 partner file could not be read and was not searched; ! shows why"]
        await pilot.press("down", "exclamation_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, ProblemsScreen)
