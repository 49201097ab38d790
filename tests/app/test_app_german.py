"""The app in German: the footer and the help in the language chosen at start (Textual reads key labels when a
class is made), and pictures of the due screen, a partner page and the help screen at 80×24 and 120×40."""

from __future__ import annotations

import pytest

from koop_tui import i18n, userdirs
from koop_tui.app.screens.help import HelpScreen
from koop_tui.app.textual_private import FooterKey
from tests.app.conftest import settle
from tests.app.pictures import screen_lines
from tests.app.test_app_snapshots import app_on, demo, steps  # noqa: F401 - demo is a fixture

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def german():
    i18n.use("de")


def footer(app) -> list[str]:
    return [str(key.render()).strip() for key in app.screen.query(FooterKey)]


async def test_footer_and_help_speak_the_language_chosen_at_start(make):
    (userdirs.config_dir()).mkdir(parents=True, exist_ok=True)
    (userdirs.config_dir() / "config.toml").write_text('language = "de"\n')
    i18n.use(None)  # chosen again, from the config, at the first message
    app = make()
    async with app.run_test(size=(120, 70)) as pilot:
        await settle(pilot, app)
        keys = footer(app)
        assert {"l Eintragen", "f Wiedervorlage", "? Hilfe"} <= set(keys), keys
        assert not any("Log" in key or "Help" in key for key in keys)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Überall" in text and "Einen Kontaktpunkt mit dem gewählten Kontakt oder Partner eintragen" in text
        assert "Log a touchpoint" not in text

    i18n.use("en")  # the same classes, another language: labels are translated where shown
    app = make()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        assert {"l Log", "f Follow-up", "? Help"} <= set(footer(app))


@SIZES
@pytest.mark.parametrize("keys", [(), ("2", *"pixelwerk", "enter"), ("question_mark",)],
                         ids=["due", "partner", "help"])
def test_german_snapshot(snap_compare, demo, german, keys, size):
    assert snap_compare(app_on(demo), terminal_size=size, run_before=steps(*keys))
