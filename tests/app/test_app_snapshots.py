"""Snapshots of every screen on the demo workspace (seed 7, today 2026-11-23) at 80×24 and 120×40."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input

from koop_tui import i18n
from koop_tui.app.app import make_app
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.demo import generate
from tests.app.conftest import settle

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_in("en", tmp_path_factory.mktemp("demo") / "ws")


def demo_in(language: str, root):
    """The demo as `koop demo` makes it for a user of `language` (its notes and follow-ups in that language); made
    before any test's own setup, so the language is set here, not left to the environment."""
    i18n.use(language)
    try:
        generate(root, TODAY, 7)
    finally:
        i18n.use(None)
    return root


def app_on(demo):
    return make_app(demo, TODAY, me="anna", watch_interval=None, keymap={})


def steps(*keys: str, theme: str = ""):
    """Press keys, let workers finish, and stop cursors blinking so the picture is stable."""

    async def run_before(pilot):
        if theme:
            pilot.app.theme = theme
        await settle(pilot, pilot.app)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, pilot.app)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        for table in pilot.app.screen.query(StatusTable):
            table.refresh()
        await settle(pilot, pilot.app)

    return run_before


CASES = {
    "due": (),
    "partners": ("2",),
    "log-touch": ("l",),
    "campaigns": ("3",),
    "help": ("question_mark",),
    "captured": ("5",),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("case", CASES)
def test_screen_snapshot(snap_compare, demo, case, size):
    assert snap_compare(app_on(demo), terminal_size=size, run_before=steps(*CASES[case]))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_partner_with_projects_and_agreements_snapshot(snap_compare, demo, size):
    keys = ("2", *"pixelwerk", "enter")
    assert snap_compare(app_on(demo), terminal_size=size, run_before=steps(*keys))


def test_who_snapshot(snap_compare, demo):
    keys = ("w", *"seo", "enter")
    assert snap_compare(app_on(demo), terminal_size=(120, 40), run_before=steps(*keys))


def test_due_light_theme_snapshot(snap_compare, demo, monkeypatch):
    monkeypatch.delenv("NO_COLOR")  # the other snapshots are drawn without colour; this one shows the theme
    assert snap_compare(app_on(demo), terminal_size=(80, 24), run_before=steps(theme="textual-light"))


def test_due_small_terminal_snapshot(snap_compare, demo):
    assert snap_compare(app_on(demo), terminal_size=(40, 10), run_before=steps())
