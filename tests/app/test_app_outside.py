"""Files changed or broken outside the app while it runs: refused actions and notices, never a crash."""

from __future__ import annotations

from koop_tui.app.widgets.partner_header import PartnerHeader
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, open_partner


def break_file(root, slug: str) -> None:
    path = root / "partners" / f"{slug}.toml"
    path.write_text(path.read_text(encoding="utf-8") + "broken = [\n", encoding="utf-8")


async def test_a_partner_whose_file_broke_shows_nothing_of_it_and_offers_only_e(root, make):
    """What the page showed was computed from what the file no longer says: it goes, the banner names the problem,
    the footer offers no change, and every key but `e` leaves the file alone."""
    before = (root / "partners" / "muster-gmbh.toml").read_bytes()
    app = make()
    edited = []
    app.edit_file = edited.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "muster-gmbh")
        assert screen.query_one("#contacts", StatusTable).row_count
        break_file(root, "muster-gmbh")
        app._refresh_from_disk()
        await settle(pilot, app)
        assert str(screen.query_one(PartnerHeader).render()) == "partners/muster-gmbh.toml"
        banner = screen.query_one("#read-only")
        assert banner.display
        assert str(banner.render()).startswith("⚠ Read-only: 1 problem in this file: partners/muster-gmbh.toml:")
        for table in screen.query(StatusTable):
            assert table.row_count == 0 and not table.display, table.id
        assert not any(label.display for label in screen.query(".section"))
        assert str(screen.query_one("#contact-explain").render()) == ""
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert not offered & {"log_touch", "add_followup", "snooze", "change_stage", "resolve_conflict"}
        assert "edit_file" in offered
        for key in ("l", "f", "s", "x", "n", "p", "c", "t", "d", "L", "P", "E", "A", "r", "enter"):
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen is screen, key
        await pilot.press("e")
        await settle(pilot, app)
        broken = (root / "partners" / "muster-gmbh.toml").read_bytes()
    assert edited == ["muster-gmbh"]
    assert broken == before + b"broken = [\n"


async def test_a_partner_page_shows_again_once_its_file_is_fixed_or_says_it_is_gone(root, make):
    path = root / "partners" / "muster-gmbh.toml"
    before = path.read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "muster-gmbh")
        shown = screen.query_one("#contacts", StatusTable).row_count
        break_file(root, "muster-gmbh")
        app._refresh_from_disk()
        await settle(pilot, app)
        path.write_bytes(before)
        app._refresh_from_disk()
        await settle(pilot, app)
        assert not screen.query_one("#read-only").display
        assert screen.query_one("#contacts", StatusTable).row_count == shown
        assert {b.binding.action for b in screen.active_bindings.values()} >= {"log_touch", "change_stage"}
        path.unlink()
        app._refresh_from_disk()
        await settle(pilot, app)
        assert "this partner is gone" in str(screen.query_one(PartnerHeader).render())
        assert not screen.query_one("#read-only").display
        assert screen.query_one("#contacts", StatusTable).row_count == 0
        assert "log_touch" not in {b.binding.action for b in screen.active_bindings.values()}


async def test_a_file_broken_outside_is_told_once(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        break_file(root, "nord-design")
        app._refresh_from_disk()
        await settle(pilot, app)
        told = [n.message for n in app._notifications if "press ! to see why" in n.message]
        assert told == ["partners/nord-design.toml has problems: nothing is computed from it until it is fixed; press ! to see why"]
        path = root / "partners" / "lingua-team.toml"
        path.write_text(path.read_text().replace('name = "Lingua Team"', 'name = "Lingua Team Berlin"'))
        app._refresh_from_disk()
        await settle(pilot, app)
        assert [n.message for n in app._notifications if "press ! to see why" in n.message] == told


def break_settings(root) -> str:
    path = root / "koop.toml"
    text = path.read_text(encoding="utf-8")
    assert "[stages.active]\ncadence = 30" in text
    path.write_text(text.replace("[stages.active]\ncadence = 30", '[stages.active]\ncadence = "x"'), encoding="utf-8")
    return text


async def test_a_broken_koop_toml_is_said_once_and_marked_in_the_header_while_it_lasts(root, make):
    """The lists are then computed with the shipped defaults standing in for what is broken, as `koop due` warns;
    the app said nothing (the problem was only on the `!` screen)."""
    told = "koop.toml has problems: the shipped defaults stand in for what is broken; press ! to see why"
    good = break_settings(root)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert [n.message for n in app._notifications if "koop.toml" in n.message] == [told]
        assert app.sub_title.startswith("⚠ koop.toml · ")
        (root / "koop.toml").write_text(good, encoding="utf-8")
        app._refresh_from_disk()
        await settle(pilot, app)
        assert "koop.toml" not in app.sub_title
        app.clear_notifications()
        break_settings(root)
        app._refresh_from_disk()
        await settle(pilot, app)
        app._refresh_from_disk()  # polled again, nothing new: not said twice
        await settle(pilot, app)
        assert [n.message for n in app._notifications if "koop.toml" in n.message] == [told]
        assert app.sub_title.startswith("⚠ koop.toml · ")


async def test_a_conflict_record_in_koop_toml_is_not_told_as_shipped_defaults_standing_in(root, make):
    """The value in place is used (as `koop due` says): the notice that the defaults stand in was wrong for it."""
    path = root / "koop.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[[conflicts]]\nid = "c1a2b3"\nfield = "default_cadence"\n'
                    'ours = 45\ntheirs = 60\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert any(p.path == "koop.toml" for p in app.backend.workspace.problems)  # it is on the ! screen
        assert not app.backend.settings_broken()
        assert [n.message for n in app._notifications if "shipped defaults" in n.message] == []
        assert "koop.toml" not in app.sub_title


async def test_e_on_a_koop_toml_problem_opens_koop_toml_in_the_editor(root, make):
    """The problems screen says "e edits the file"; for koop.toml it said "Only partner files open from here"."""
    from koop_tui.app.screens.problems import ProblemsScreen

    break_settings(root)
    app = make()
    edited = []
    app.edit_path = edited.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("e")
        await settle(pilot, app)
    assert edited == ["koop.toml"]
