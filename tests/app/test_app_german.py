"""The app in German: the footer and the help in the language chosen at start (Textual reads key labels when a
class is made), pictures of the due screen, a partner page, the help, the partners list and the campaigns at
80×24 and 120×40, and at 80 columns whole partner names and every footer key of each screen."""

from __future__ import annotations

import pytest

from koop_tui import i18n, userdirs
from koop_tui.app.screens.help import HelpScreen
from koop_tui.app.textual_private import FooterKey
from tests.app.conftest import settle
from tests.app.pictures import screen_lines
from tests.app.test_app_snapshots import app_on, demo_in, steps

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo a German user gets: its notes, follow-ups and roles in German."""
    return demo_in("de", tmp_path_factory.mktemp("demo") / "ws")


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
@pytest.mark.parametrize("keys", [(), ("2", *"pixelwerk", "enter"), ("question_mark",), ("2", "down"), ("3",)],
                         ids=["due", "partner", "help", "partners", "campaigns"])
def test_german_snapshot(snap_compare, demo, german, keys, size):
    assert snap_compare(app_on(demo), terminal_size=size, run_before=steps(*keys))


@pytest.mark.parametrize("keys", [("ctrl+f", *"jour"), ("2", *"pixelwerk", "enter", "d"), ("w", *"seo", "enter")],
                         ids=["search", "delete-contact", "who"])
def test_german_snapshot_at_80x24(snap_compare, demo, german, keys):
    assert snap_compare(app_on(demo), terminal_size=(80, 24), run_before=steps(*keys))


async def shown(demo, *keys: str, size=(80, 24)) -> list[str]:
    """The screen's lines after pressing `keys` on the demo."""
    app = app_on(demo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, app)
        return screen_lines(app.export_screenshot())


async def test_german_lists_show_long_partner_names_whole_at_80_columns(demo, german):
    """German words are longer: the columns beside the names take only the room they need (Zust. for Owner),
    and the partners list leaves out the tags before it cuts names."""
    everyone = await shown(demo, "m")  # the due list's widest form, with the owner column
    assert any("Brandstifter Kommunikation" in line for line in everyone)
    assert everyone[2].split() == ["Status", "Fällig", "Zust.", "Partner", "Was"]  # What is on screen, too
    assert any(line.startswith(" ⇄ du bist dran") for line in everyone)  # under four lines of explanation
    partners = await shown(demo, "2", "down")
    for name in ("Brandstifter Kommunikation", "Kanzlei Brandt Medienrecht", "Druckerei Schäfer & Söhne"):
        assert any(name in line for line in partners), name
    assert "Tags" not in partners[4]
    assert "Tags" in (await shown(demo, "2", "down", size=(120, 40)))[4]  # where they fit, the tags stay


SCREENS = {"due": (), "partners": ("2", "down"), "campaigns": ("3",), "report": ("4",), "captured": ("5",),
           "who": ("w", *"seo", "enter"), "search": ("ctrl+f",), "partner": ("2", *"pixelwerk", "enter")}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("screen", SCREENS)
async def test_the_footer_shows_every_key_of_the_screen_at_80_columns(demo, language, screen):
    i18n.use(language)
    app = app_on(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for key in SCREENS[screen]:
            await pilot.press(key)
            await settle(pilot, app)
        keys = footer(app)
        last = screen_lines(app.export_screenshot())[-1]
    assert len(keys) >= 2  # a key and the palette at least
    assert [key for key in keys if key not in last] == [], last


async def test_german_search_names_where_it_found_the_words_and_says_how_many(demo, german):
    lines = await shown(demo, "ctrl+f", *"jour")
    rows = [line for line in lines if "Pixelwerk Berlin" in line]
    assert rows and all(" Kontaktpunkt " in row and "touchpoint" not in row for row in rows)
    assert all(row.rstrip().endswith(("fixe: Zeitplan durchgesehen.", "…")) for row in rows)  # what it found
    assert any(line.startswith(" 8 gefunden") for line in lines)  # the line under the results is in sight


async def test_the_command_palette_speaks_german(demo, german):
    from textual.command import CommandInput

    app = app_on(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        assert app.screen.query_one(CommandInput).placeholder == "Befehle suchen…"
        await pilot.press(*"zzzyyy")
        for _ in range(100):  # the palette says so after a pause of its own
            await pilot.pause(0.05)
            text = "\n".join(screen_lines(app.export_screenshot()))
            if "Treffer" in text or "matches" in text:
                break
        assert "Keine Treffer" in text and "No matches" not in text


async def test_a_choice_of_more_than_two_answers_shows_each_whole_at_80_columns(demo, german):
    """Deleting a contact asks where its records go: one answer per other contact, side by side they were cut."""
    lines = await shown(demo, "2", *"pixelwerk", "enter", "d")
    for answer in ("Für alle behalten (k)", "An Lena Braun (1)", "An Miriam Koch (2)"):
        assert any(answer in line for line in lines), answer


async def test_the_vetting_checklist_names_its_open_parts_in_german(demo, german):
    lines = await shown(demo, "2", *"pixelwerk", "enter", "V")
    assert any("(fehlt: Beitrag, Referenzen, Verankerung)" in line for line in lines)
    assert not any("contribution" in line for line in lines)


async def test_german_forms_offer_german_date_words_and_read_them(root, make, german):
    """The log form's date is "heute" (not "today"), its hint the German words, and a typed "gestern" is read."""
    import tomllib

    from tests.app.test_app_flows import open_partner

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await pilot.press("l")
        await settle(pilot, app)
        date_box = app.screen.query_one("#field-date")
        assert date_box.value == "heute" and date_box.placeholder == "heute, gestern, fr, -3t, 20.11."
        await pilot.press(*"ca")
        date_box.value = "gestern"
        await pilot.press("enter")
        await settle(pilot, app)
    touches = tomllib.loads((root / "partners" / "muster-gmbh.toml").read_text(encoding="utf-8"))["touchpoints"]
    assert [str(t["date"]) for t in touches if t["kind"] == "call" and t.get("by") == "anna"][-1] == "2026-11-22"


async def test_a_language_koop_does_not_speak_in_config_toml_is_a_notification_and_english_goes_on(make):
    """`language = "fr"` in the user's config.toml gave English without a word (`koop due` says it on stderr)."""
    config = userdirs.config_dir() / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "fr"\n')
    i18n.use(None)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        said = [(n.severity, n.message) for n in app._notifications if "language" in n.message]
        assert said == [("warning", f'{config}: language "fr" is not available (koop speaks en, de); going on in '
                                    "English")]
        assert "m Mine/all" in footer(app)


@pytest.mark.parametrize("language", ["de", "en"])
async def test_the_partner_page_sections_are_named_apart(demo, language):
    """German named both the history strip and the timeline "Verlauf"."""
    i18n.use(language)
    app = app_on(demo)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot, app)
        for key in ("2", *"pixelwerk", "enter"):
            await pilot.press(key)
        await settle(pilot, app)
        titles = [str(label.render()) for label in app.screen.query(".section") if label.display]
    assert len(titles) >= 5
    firsts = [title.split()[0].rstrip(":") for title in titles]
    assert len(set(firsts)) == len(firsts), titles
