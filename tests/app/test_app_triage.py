"""Imported partners to sort: one row on the due list; Enter opens the triage list, where `space` marks several,
`t` gives them a stage and a cadence, `x` archives them as not a partner; `u` undoes a sort."""

from __future__ import annotations

import tomllib

import pytest

from koop_tui.app.dialogs.base import FormDialog
from koop_tui.app.dialogs.confirm import ConfirmDialog
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.screens.triage import TriageScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, fill

IMPORTED = ("ada", "bo", "cem")


def data(root, slug):
    return tomllib.loads((root / "partners" / f"{slug}.toml").read_text(encoding="utf-8"))


def keys(app) -> list[str]:
    return [k.value for k in app.screen.query_one(StatusTable).rows]


def write_imported(root) -> None:
    """Three partners as `koop import` creates them, three days before the app's today."""
    for slug in IMPORTED:
        (root / "partners" / f"{slug}.toml").write_text(
            f'name = "{slug.capitalize()}"\nslug = "{slug}"\nstage = "imported"\nimported = 2026-11-20\n\n'
            f'[[contacts]]\nid = "{slug}"\nname = "{slug.capitalize()} Muster"\nemail = "{slug}@example.test"\n',
            encoding="utf-8")


async def test_triage_flow_sorts_several_at_once_archives_and_undoes(root, make):
    write_imported(root)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "triage" in keys(app) and not [k for k in keys(app) if k.startswith("triage:")]
        table = app.screen.query_one(StatusTable)
        assert [str(c) for c in table.get_row("triage")][-1] == (
            "3 imported partners to sort: give them a stage or archive them")
        table.move_cursor(row=keys(app).index("triage"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TriageScreen)
        assert keys(app) == ["ada", "bo", "cem"]
        assert str(app.screen.query_one("#triage-head").render()) == (
            "3 to sort · space marks several · t stage and cadence · x not a partner")

        await pilot.press("space", "space")  # Ada and Bo
        await settle(pilot, app)
        assert str(app.screen.query_one("#triage-head").render()) == (
            "3 to sort · 2 marked: t stage and cadence · x not a partner")
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app, stage="act", cadence="14")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TriageScreen) and keys(app) == ["cem"]
        for slug in ("ada", "bo"):
            saved = data(root, slug)
            assert (saved["stage"], saved["cadence"], str(saved["imported"])) == ("active", 14, "2026-11-20")

        await pilot.press("x")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Archive Cem as not a partner?"
        assert app.screen.detail == "Stage ended: kept (a new import will not bring them back), never due."
        await pilot.press("y")
        await settle(pilot, app)
        assert data(root, "cem")["stage"] == "ended"
        assert keys(app) == []
        assert str(app.screen.query_one("#triage-head").render()) == (
            "Nothing to sort: every imported partner has a stage.")

        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen) and "triage" not in keys(app)
        await pilot.press("u")  # the archive of Cem, reversed
        await settle(pilot, app)
        assert data(root, "cem")["stage"] == "imported"
        assert [str(c) for c in app.screen.query_one(StatusTable).get_row("triage")][-1] == (
            "1 imported partner to sort: give them a stage or archive them")


async def test_x_on_the_triage_row_opens_the_list_and_a_form_refuses_an_unknown_stage(root, make):
    write_imported(root)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.screen.query_one(StatusTable).move_cursor(row=keys(app).index("triage"))
        await pilot.press("x")
        await settle(pilot, app)
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("t")
        await settle(pilot, app)
        await fill(pilot, app, stage="ended")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#form-error").render()) == (
            "Stage: one of prospect, vetting, active, dormant")
    assert data(root, "ada")["stage"] == "imported"


async def test_the_triage_list_fits_80_by_24_with_long_names(root, make):
    """The head line whole and every column in sight: a long name or address is cut in the last column, with …"""
    from tests.app.pictures import screen_lines

    write_imported(root)
    path = root / "partners" / "ada.toml"
    path.write_text(path.read_text().replace('name = "Ada"', 'name = "Ada Medienagentur für Kommunikation und Design"')
                    .replace("ada@example.test", "ada.muster-mustermann@medienagentur-kommunikation.example"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.screen.query_one(StatusTable).move_cursor(row=keys(app).index("triage"))
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("space")
        await settle(pilot, app)
        lines = screen_lines(app.export_screenshot())
    assert lines[1].strip() == "3 to sort · 1 marked: t stage and cadence · x not a partner"
    assert lines[2].split() == ["Partner", "Imported", "Contacts"]
    ada = next(line for line in lines if "Ada Medienagentur" in line)
    assert "2026-11-20" in ada and ada.rstrip().endswith("…") and len(ada.rstrip()) <= 80


@pytest.mark.parametrize("language", ["en", "de"])
async def test_the_triage_footer_shows_every_key_at_80_columns(root, make, language):
    from koop_tui import i18n
    from tests.app.pictures import screen_lines
    from tests.app.test_app_german import footer

    i18n.use(language)
    write_imported(root)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.screen.query_one(StatusTable).move_cursor(row=keys(app).index("triage"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TriageScreen)
        shown, last = footer(app), screen_lines(app.export_screenshot())[-1]
    assert len(shown) >= 4 and [key for key in shown if key not in last] == [], last
