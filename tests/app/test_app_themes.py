"""Light and dark themes, NO_COLOR and a 40×10 terminal: the app stays readable and useful."""

from __future__ import annotations

import re

import pytest
from textual.color import Color

from koop_tui.app.dialogs.log_touch import LogTouchDialog
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.screens.help import HelpScreen
from koop_tui.app.screens.partners import PartnersScreen
from koop_tui.app.widgets.status import MARKS, status_text
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.pictures import screen_lines
from tests.app.test_app_flows import SIZE


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two opaque colours."""

    def lum(c: Color) -> float:
        def ch(v: int) -> float:
            v = v / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


DEFAULT_FOREGROUND = "#c5c8c6"  # the picture's colour for text without a style of its own


def screen_colours(svg: str) -> set[str]:
    """Text and background colours of the terminal picture (not the window frame around it)."""
    text = re.findall(r"\.terminal-[\w-]+-r\d+ \{ fill: (#[0-9a-fA-F]{6})", svg)
    back = re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"', svg)
    return {c.lower() for c in text + back} - {DEFAULT_FOREGROUND}


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "solarized-light"])
async def test_status_colours_are_readable_and_follow_a_theme_change(make, theme):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.theme = theme
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        background = table.styles.background
        colours = {}
        for status in MARKS:
            colours[status] = Color.from_rich_color(status_text(table, status).style.color)
            assert contrast(colours[status], background) >= 3.0, (theme, status, colours[status].hex)
        assert len({colours[s].hex for s in ("overdue", "due", "soon")}) == 3
        first = table.get_row_at(0)[0]
        status = next(s for s, mark in MARKS.items() if first.plain.startswith(mark))
        assert Color.from_rich_color(first.style.color) == colours[status]


async def test_no_color_draws_in_greys_and_keeps_the_status_words(make, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        svg = app.export_screenshot()
        words = {table_cell.plain for table_cell in (
            app.screen.query_one(StatusTable).get_row_at(i)[0] for i in range(3))}
    colours = screen_colours(svg)
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in colours), colours
    text = "\n".join(screen_lines(svg))
    assert words and all(word in text for word in words)
    assert all(word.split()[0] in MARKS.values() for word in words)


async def test_a_40x10_terminal_still_shows_the_lists_and_forms(make):
    app = make()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DueScreen) and screen.has_class("-short")
        table = screen.query_one(StatusTable)
        assert table.row_count >= 3 and table.region.height >= 4
        assert screen.query_one("#explanation").region.height <= 2
        await pilot.press("2")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnersScreen)
        assert app.screen.query_one("#filter").region.height == 1
        assert app.screen.query_one(StatusTable).region.height >= 4
        await pilot.press("down", "l")
        await settle(pilot, app)
        assert isinstance(app.screen, LogTouchDialog) and app.screen.query_one("#field-kind").has_focus
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "3")
        await settle(pilot, app)
        assert app.screen.query_one(StatusTable).region.height >= 3


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_next_start(make, tmp_path, monkeypatch):
    config = tmp_path / "home-config"
    monkeypatch.setenv("KOOP_CONFIG_DIR", str(config))
    config.mkdir()
    (config / "config.toml").write_text('# my keys\ntheme = "nord"\n\n[keys]\nlog-touch = "L"\n')
    app = make(keymap=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await settle(pilot, app)
    assert (config / "config.toml").read_text() == '# my keys\ntheme = "gruvbox"\n\n[keys]\nlog-touch = "L"\n'
    again = make(keymap=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, again)
        assert again.theme == "gruvbox" and again.user_keymap == {"log-touch": "L"}
