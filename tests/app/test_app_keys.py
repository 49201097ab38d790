"""Keys while typing: no printable key typed into a text box runs an action; screen keys work from every screen
once the box is left; q, j/k/g/G, Home/End; Ctrl+C's hint in plain words."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from koop_tui.app.screens.due import DueScreen
from koop_tui.app.screens.help import HelpScreen
from koop_tui.app.screens.partners import PartnersScreen
from koop_tui.app.screens.who import WhoScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys


async def partners(pilot, app) -> PartnersScreen:
    await pilot.press("2")
    await settle(pilot, app)
    assert isinstance(app.screen, PartnersScreen)
    return app.screen


async def test_two_puts_the_cursor_in_the_filter_where_every_letter_types(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await partners(pilot, app)
        box = screen.query_one("#filter", Input)
        assert box.has_focus
        await pilot.press(*"design  sl x e n f q j k g G 1 2 3 w ? !")  # every one of them is a key elsewhere
        await settle(pilot, app)
        assert app.screen is screen and app.is_running and len(app.screen_stack) == 1
        assert box.value == "design  sl x e n f q j k g G 1 2 3 w ? !"
        box.value = "design"
        await settle(pilot, app)
        assert row_keys(screen.query_one(StatusTable)) == ["nord-design"]


async def test_fast_typing_in_the_list_reaches_the_filter_whole(make):
    """Keys typed faster than the filter takes the cursor: "design" keeps its e, s, g and n."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await partners(pilot, app)
        await pilot.press("down")
        table, box = screen.query_one(StatusTable), screen.query_one("#filter", Input)
        assert table.has_focus
        for char in "design":
            app.post_message(events.Key(char, char))
        await settle(pilot, app)
        assert app.screen is screen and box.value == "design" and box.has_focus
        assert row_keys(table) == ["nord-design"]
        await pilot.press("down", "s")  # back in the list, a bound key acts again
        await settle(pilot, app)
        assert app.screen is not screen and app.screen.slug == "nord-design"


async def test_text_pasted_in_the_list_arrives_whole_in_the_filter(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await partners(pilot, app)
        await pilot.press("down")
        app.post_message(events.Paste("lisa\n"))
        await settle(pilot, app)
        assert screen.query_one("#filter", Input).value == "lisa" and app.screen is screen
        assert row_keys(screen.query_one(StatusTable)) == ["nord-design"]


async def test_screen_keys_work_from_who_can_once_the_search_ran(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("w", *"transl12?")  # typed: the box has the cursor
        assert isinstance(app.screen, WhoScreen) and app.screen.query_one(Input).value == "transl12?"
        app.screen.query_one(Input).value = "translation"
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.query_one(StatusTable).has_focus and app.screen.query_one(StatusTable).row_count
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "2")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnersScreen) and len(app.screen_stack) == 1
        await pilot.press("escape", "w", "escape")  # nothing searched yet: Escape goes back
        assert isinstance(app.screen, PartnersScreen)


async def test_q_quits_outside_a_text_box_only(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await partners(pilot, app)
        await pilot.press("q")
        assert app.is_running and app.screen.query_one("#filter", Input).value == "q"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_j_k_g_G_home_end_move_in_lists(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen)
        table = app.screen.query_one(StatusTable)
        last = table.row_count - 1
        assert last >= 2 and table.cursor_row == 0
        seen = []
        for key in ("j", "j", "k", "G", "g", "end", "home"):
            await pilot.press(key)
            seen.append(table.cursor_row)
        assert seen == [1, 2, 1, last, 0, last, 0]


async def test_ctrl_c_says_how_to_quit_without_markup(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert [n.message for n in app._notifications][-1] == "Press ctrl+q (or q outside a text box) to quit koop"


async def test_partners_sorted_by_name_put_umlauts_with_their_base_letters(tmp_path):
    from datetime import date

    from koop_tui.app.app import make_app
    from koop_tui.demo import generate

    generate(tmp_path / "demo", date(2026, 11, 23), 7)
    app = make_app(tmp_path / "demo", date(2026, 11, 23), me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await partners(pilot, app)
        await pilot.press("escape", "o")
        await settle(pilot, app)
        keys = row_keys(screen.query_one(StatusTable))
        assert keys.index("textwerkstatt-jung") < keys.index("uebersetzungsbuero-lingua") < keys.index(
            "ux-labor-muenchen") < keys.index("zuercher-typografie-ag") == len(keys) - 1


async def test_the_selected_row_stays_in_sight_after_a_resize(tmp_path):
    from datetime import date

    from koop_tui.app.app import make_app
    from koop_tui.demo import generate

    generate(tmp_path / "demo", date(2026, 11, 23), 7)
    app = make_app(tmp_path / "demo", date(2026, 11, 23), me="anna", watch_interval=None, keymap={})
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        await pilot.press(*["j"] * 25)
        await settle(pilot, app)
        row = table.cursor_row
        await pilot.resize_terminal(80, 16)
        await settle(pilot, app)
        await pilot.pause(0.1)
        top = int(table.scroll_y)
        assert row == 25 and top < row < top + table.scrollable_content_region.height - 1


CHARACTERS = {"ctrl+u": "\x15", "backspace": "\x7f", "enter": "\r"}


def typed_at_once(app, *keys: str) -> None:
    """Keys arriving together, as when typed faster than the app reads them: all queued before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


async def test_keys_typed_at_once_edit_a_form_in_the_order_typed(make, root):
    """ctrl+u emptied the date after the letters typed behind it went in, and enter saved today's date."""
    before = {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("l", *"call", "tab")
        await settle(pilot, app)
        date_box = app.screen.query_one("#field-date", Input)
        assert date_box.has_focus
        typed_at_once(app, "ctrl+u", *"2026-13-01", "enter")
        await settle(pilot, app)
        assert date_box.value == "2026-13-01"
        assert "not a date" in str(app.screen.query_one("#form-error").render())
        typed_at_once(app, *["backspace"] * 5, *"12-01")
        await settle(pilot, app)
        assert date_box.value == "2026-12-01"
    assert {p.name: p.read_bytes() for p in (root / "partners").iterdir()} == before


async def test_keys_typed_at_once_into_the_filter_stay_in_order(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await partners(pilot, app)
        typed_at_once(app, *"desk", "backspace", *"ign")
        await settle(pilot, app)
        assert screen.query_one("#filter", Input).value == "design"
        assert row_keys(screen.query_one(StatusTable)) == ["nord-design"]


async def test_keys_typed_at_once_across_fields_land_in_the_fields_typed(make, root):
    """tab moved the focus only after the letters behind it had gone into the field before: a new partner was
    saved as "Zeppelinactiveanna", with no stage or owner."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "escape")  # the partners list, out of its filter
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        typed_at_once(app, *"Zeppelin", "tab", "tab", *"active", "tab", *"ben", "enter")
        await settle(pilot, app)
    text = (root / "partners" / "zeppelin.toml").read_text(encoding="utf-8")
    assert 'name = "Zeppelin"' in text and 'stage = "active"' in text and 'owner = "ben"' in text


async def test_keys_typed_right_behind_the_key_that_opens_a_form_land_in_its_first_field(make, root):
    """The letters behind `l` came while the form was not up yet: they reached a screen without a focused box
    and were lost ("lmeeting" opened an empty form)."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        typed_at_once(app, "l", *"meeting", "tab", "ctrl+u", *"yesterday")
        await settle(pilot, app)
        assert app.screen.query_one("#field-kind", Input).value == "meeting"
        assert app.screen.query_one("#field-date", Input).value == "yesterday"
        assert app.screen.query_one("#field-date", Input).has_focus


async def test_keys_typed_at_once_act_in_the_order_typed_across_screens(make, root):
    """`/` is the app's key, `l` the list's: typed at once, "/lunch" opened the log form with "unch" as its kind,
    as the list ran its `l` before the app had opened the search. And `down l` must log on the row moved to."""
    from koop_tui.app.screens.search import SearchScreen

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        typed_at_once(app, "slash", *"talked q")
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#words", Input).value == "talked q"
        await pilot.press("escape")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        second = table.get_row_at(1)
        typed_at_once(app, "down", "l", *"mail")
        await settle(pilot, app)
        assert app.screen.query_one("#field-kind", Input).value == "mail"
        assert app.screen.partner.name in str(second[2])


async def test_keys_typed_right_behind_a_screen_key_go_into_that_screens_box(make):
    """`2` is the app's key; the letters behind it reached the due list first (where `s` snoozes, `f` adds a
    follow-up) and must land in the partners filter instead, as when typed a moment later."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        typed_at_once(app, "2", *"design")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnersScreen)
        assert app.screen.query_one("#filter", Input).value == "design"
        assert row_keys(app.screen.query_one(StatusTable)) == ["nord-design"]
        typed_at_once(app, "escape", "w", *"seo")
        await settle(pilot, app)
        assert isinstance(app.screen, WhoScreen) and app.screen.query_one("#skills", Input).value == "seo"


async def test_the_help_says_slash_searches_in_lists_and_goes_back_to_the_box_in_who_can_and_the_search(make):
    """`/` on the due and partners lists opens the search; the help said it filtered the list as you type."""
    from koop_tui.app.screens.search import SearchScreen
    from tests.app.pictures import screen_lines

    app = make()
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Filter the list as you type" not in text
        assert "/           In Who can and the search: back to the box, to type more words" in text
        for screen in ("1", "2"):
            await pilot.press("escape", screen)
            await settle(pilot, app)
            if screen == "2":
                await pilot.press("down")  # out of the filter, where `/` types
            await pilot.press("slash")
            await settle(pilot, app)
            assert isinstance(app.screen, SearchScreen), screen


async def test_who_can_without_a_match_says_how_to_add_the_know_how_or_search_for_it(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("w", *"zither", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, WhoScreen)
        assert str(app.screen.query_one("#why").render()) == (
            "Nobody with zither yet: add it as know-how on a partner (p on its page) or a contact (c), or search "
            "every note for it (ctrl+f)")


async def test_the_partners_list_of_a_workspace_without_partners_says_how_to_add_one(root, make):
    for path in (root / "partners").iterdir():
        path.unlink()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await partners(pilot, app)
        assert str(app.screen.query_one("#summary").render()) == (
            "No partners yet: press n for a new one, or run koop import contacts.vcf")
