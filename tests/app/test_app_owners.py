"""The due list's owner filter (`O`): owners listed with the counts their list shows; picking one shows it."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from koop_tui.app.dialogs.owner_picker import OwnerPicker, shown
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle


async def test_owner_filter_lists_owners_with_counts_and_shows_the_picked_list(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        mine = app.screen.query_one("#counts", Static).render().plain
        await pilot.press("O")
        await settle(pilot, app)
        assert isinstance(app.screen, OwnerPicker)
        options = app.screen.query_one(OptionList)
        labels = [options.get_option_at_index(i).prompt.split()[0] for i in range(options.option_count)]
        assert labels == ["mine", "everyone", "anna", "ben"]
        assert options.highlighted == 0  # the list shown now
        choices = {label: counts for label, _, counts in app.screen.choices}
        assert mine.startswith(shown(choices["mine (anna)"]))
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen) and app.screen.mine == "ben"
        counts = app.screen.query_one("#counts", Static).render().plain
        assert counts.startswith(shown(choices["ben"])) and counts.endswith(" · ben's (and nobody's)")
        items = list(app.screen.items.values())
        assert items and all(i.owner in ("ben", "") for i in items)
        assert len(items) == app.screen.query_one(StatusTable).row_count
        await pilot.press("m")  # the toggle goes on from there: everyone's
        await settle(pilot, app)
        assert app.screen.mine is False


async def test_mine_of_someone_nobody_is_called_says_so_once_loaded(make):
    """`user = "anan"` in the user config (for anna): the app's list said "Nothing due", every day, where
    `koop due` warns (tests/cli/test_cli_empty_words.py). The same warning, with the app's key for everyone's."""
    import os
    from pathlib import Path

    config = Path(os.environ["KOOP_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('user = "anan"\n', encoding="utf-8")
    app = make(me="anan")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        said = [n for n in app._notifications if "nobody of that name" in n.message]
        assert [(n.severity, n.message) for n in said] == [("warning", (
            f"you are 'anan' (user in {config}), and nobody of that name owns a partner (owners: anna, ben): your "
            "list is empty; fix the name, or see everyone's with key m"))]
        await pilot.press("m", "m")
        await settle(pilot, app)
        assert len([n for n in app._notifications if "nobody of that name" in n.message]) == 1  # once
    config.write_text('user = "anna"\n', encoding="utf-8")
    app = make(me="anna")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert not [n for n in app._notifications if "nobody of that name" in n.message]
